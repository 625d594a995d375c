//! Terminal output helpers: colour that respects NO_COLOR, and aligned tables.

use anstyle::{AnsiColor, Style};
use comfy_table::{Cell, ContentArrangement, Table, presets};

/// Paints text when colour is enabled, and leaves it plain otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    enabled: bool,
}

impl Paint {
    /// A painter; `enabled` is false for NO_COLOR, pipes and files.
    pub fn new(enabled: bool) -> Paint {
        Paint { enabled }
    }

    /// Whether colour is on.
    pub fn enabled(self) -> bool {
        self.enabled
    }

    fn paint(self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    /// A heading.
    pub fn heading(self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    /// The word "error".
    pub fn error(self, text: &str) -> String {
        self.paint(
            Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            text,
        )
    }

    /// A warning marker.
    pub fn warning(self, text: &str) -> String {
        self.paint(
            Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
            text,
        )
    }

    /// A hint.
    pub fn hint(self, text: &str) -> String {
        self.paint(
            Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
            text,
        )
    }

    /// Secondary text.
    pub fn dim(self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    /// A status word, coloured by meaning.
    pub fn status(self, status: catalog::Status, text: &str) -> String {
        let color = match status {
            catalog::Status::Active => AnsiColor::Green,
            catalog::Status::Beta => AnsiColor::Cyan,
            catalog::Status::Upcoming => AnsiColor::Blue,
            catalog::Status::Retired => AnsiColor::Red,
        };
        self.paint(Style::new().bold().fg_color(Some(color.into())), text)
    }
}

/// An aligned table with no borders. Cells stay plain: colour codes would break the alignment.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header.iter().map(Cell::new));
    table
}

/// The table as text with the one space comfy-table puts at each line's start removed.
pub fn table_text(table: &Table) -> String {
    let mut out = String::new();
    for line in table.lines() {
        let line = line.strip_prefix(' ').unwrap_or(&line);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
