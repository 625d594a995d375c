//! Problems found in catalog data files.

use std::fmt;
use std::ops::Range;

/// One problem in one data file, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file, relative to the data directory (`exams/clf-c02.toml`).
    pub file: String,
    /// The field, as a dotted path (`domains.list[2].weight`), when the problem is in one.
    pub field: Option<String>,
    /// 1-based line and column of the problem, when known.
    pub line_col: Option<(usize, usize)>,
    /// Byte range of the problem in the file, when known (for rendering a caret).
    pub span: Option<Range<usize>>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.line_col {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DataError {}

/// Every problem found while loading a catalog; the catalog is not built when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the catalog data has {} problem{}", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
pub struct CatalogError {
    /// The problems, in file order.
    pub problems: Vec<DataError>,
}

/// 1-based line and column of a byte offset in `text` (columns count characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
