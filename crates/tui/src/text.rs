//! Text helpers: Markdown shown as plain text, word wrapping, times and "Select TWO".

use std::time::Duration;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A piece of a Markdown text, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A paragraph, list item, heading or table row: wrapped to the width.
    Text(String),
    /// A line of a fenced code block: indented, not reflowed.
    Code(String),
    /// A blank line between paragraphs.
    Blank,
}

/// Markdown as plain pieces, with simple cleanup: paragraphs reflowed, `**` stripped, heading
/// marks and quote marks dropped, backslash escapes removed, links shown as "text (url)",
/// code fences dropped and their lines kept as they are.
pub(crate) fn markdown(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut paragraph: Option<String> = None;
    let mut in_code = false;
    let flush = |paragraph: &mut Option<String>, out: &mut Vec<Piece>| {
        if let Some(p) = paragraph.take() {
            out.push(Piece::Text(p));
        }
    };
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut paragraph, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push(Piece::Code(line.replace('\t', "    ")));
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            if !matches!(out.last(), None | Some(Piece::Blank)) {
                out.push(Piece::Blank);
            }
            continue;
        }
        // Table rows and headings stand alone; list items start a new line.
        let alone = trimmed.starts_with('|') || trimmed.starts_with('#');
        let block = is_list_item(trimmed);
        let cleaned = clean_inline(trimmed);
        if alone {
            flush(&mut paragraph, &mut out);
            out.push(Piece::Text(cleaned));
        } else if block {
            flush(&mut paragraph, &mut out);
            paragraph = Some(cleaned);
        } else {
            match &mut paragraph {
                Some(p) => {
                    p.push(' ');
                    p.push_str(&cleaned);
                }
                None => paragraph = Some(cleaned),
            }
        }
    }
    flush(&mut paragraph, &mut out);
    while matches!(out.last(), Some(Piece::Blank)) {
        out.pop();
    }
    out
}

/// Whether a (trimmed) line starts a list item: `- `, `* `, `+ ` or `1. `.
fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ")
}

/// One line of Markdown as plain text.
fn clean_inline(line: &str) -> String {
    let mut line = line;
    if line.starts_with('#') {
        line = line.trim_start_matches('#').trim_start();
    }
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    let line = line.replace("**", "");
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                out.extend(chars.next());
            }
            _ => out.push(c),
        }
    }
    links(&out)
}

/// `[text](url)` as `text (url)`; a link whose text is its URL as the URL alone.
fn links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else {
            break;
        };
        let Some(end) = after[close + 2..].find(')') else {
            break;
        };
        let label = &after[..close];
        let url = &after[close + 2..close + 2 + end];
        out.push_str(&rest[..open]);
        if label == url || label.is_empty() {
            out.push_str(url);
        } else {
            out.push_str(label);
            out.push_str(" (");
            out.push_str(url);
            out.push(')');
        }
        rest = &after[close + 2 + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The display width of a text.
pub(crate) fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Greedy word wrap to `width` columns (at least 1); words longer than a line are broken.
/// An empty text gives one empty line.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = self::width(word);
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= width {
            line.push_str(word);
            used = w;
            continue;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cuts a text to `width` columns, ending it with "…" when cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A clock reading: "mm:ss" under an hour, "h:mm:ss" from an hour; seconds rounded up, so
/// "00:00" means no time at all is left.
pub(crate) fn clock(duration: Duration) -> String {
    let secs = duration.as_millis().div_ceil(1000);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// "ONE", "TWO" ... "TEN", then digits: the number as AWS writes it in "(Select TWO.)".
pub(crate) fn number_word(n: u8) -> String {
    const WORDS: [&str; 10] = [
        "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
    ];
    match n {
        1..=10 => WORDS[usize::from(n) - 1].to_owned(),
        _ => n.to_string(),
    }
}

/// The label of a shown position: "A", "B" ... (as the engine labels options).
pub(crate) fn label(position: usize) -> String {
    match u8::try_from(position) {
        Ok(p) if p < 26 => char::from(b'A' + p).to_string(),
        _ => (position + 1).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reflows_and_cleans() {
        let md = "A **bold** claim\nover two lines.\n\n- item one\n  continued\n- item \\- two\n\n\
                  ```json\n{\n  \"a\": 1\n}\n```\n\n## Heading\nSee [the guide](https://x.test/g).";
        assert_eq!(
            markdown(md),
            vec![
                Piece::Text("A bold claim over two lines.".into()),
                Piece::Blank,
                Piece::Text("- item one continued".into()),
                Piece::Text("- item - two".into()),
                Piece::Blank,
                Piece::Code("{".into()),
                Piece::Code("  \"a\": 1".into()),
                Piece::Code("}".into()),
                Piece::Blank,
                Piece::Text("Heading".into()),
                Piece::Text("See the guide (https://x.test/g).".into()),
            ]
        );
    }

    #[test]
    fn wrap_breaks_at_words_and_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn clocks_and_words() {
        assert_eq!(clock(Duration::from_secs(130 * 60)), "2:10:00");
        assert_eq!(clock(Duration::from_millis(299_001)), "05:00");
        assert_eq!(clock(Duration::ZERO), "00:00");
        assert_eq!(number_word(2), "TWO");
        assert_eq!(number_word(12), "12");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(label(2), "C");
    }
}
