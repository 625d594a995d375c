//! Reading a response matrix from CSV text (the caller does the I/O).

use std::borrow::Cow;
use std::fmt;

use crate::ResponseMatrix;

/// A problem in response CSV text, with its 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {kind}")]
pub struct CsvError {
    /// 1-based line number.
    pub line: usize,
    /// 1-based character column where the offending field starts.
    pub column: usize,
    /// What is wrong.
    pub kind: CsvErrorKind,
}

/// What is wrong in response CSV text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvErrorKind {
    /// The text has no header row.
    MissingHeader,
    /// A header field is empty.
    EmptyItemId,
    /// Two header fields name the same item.
    DuplicateItemId {
        /// The repeated id.
        id: String,
        /// 1-based field number of its first occurrence.
        first_field: usize,
    },
    /// A row has a different number of fields from the header.
    FieldCount {
        /// The number of items in the header.
        expected: usize,
        /// The number of fields in the row.
        found: usize,
    },
    /// A cell is not `0`, `1` or empty.
    InvalidCell {
        /// The cell's text.
        cell: String,
    },
    /// A quoted field has no closing quote on its line.
    UnterminatedQuote,
    /// Text follows the closing quote of a quoted field.
    TextAfterQuote,
}

impl fmt::Display for CsvErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvErrorKind::MissingHeader => f.write_str("missing header row of item ids"),
            CsvErrorKind::EmptyItemId => f.write_str("empty item id in the header"),
            CsvErrorKind::DuplicateItemId { id, first_field } => {
                write!(f, "duplicate item id {id:?} (first in field {first_field})")
            }
            CsvErrorKind::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields, one per item, found {found}")
            }
            CsvErrorKind::InvalidCell { cell } => {
                write!(
                    f,
                    "invalid response {cell:?}: expected 0, 1 or an empty cell for missing"
                )
            }
            CsvErrorKind::UnterminatedQuote => f.write_str("unterminated quoted field"),
            CsvErrorKind::TextAfterQuote => f.write_str("text after the closing quote"),
        }
    }
}

/// Parses responses in CSV form: a header row of item ids, then one row per person whose
/// cells are `0` (incorrect), `1` (correct) or empty (missing).
///
/// Fields are comma-separated; spaces and tabs around a field are ignored; a field may be
/// double-quoted (with `""` for a quote inside), but not span lines. Lines may end in `\n`
/// or `\r\n`, and a leading byte-order mark is skipped. A final line break is optional; any
/// other empty line is a row (for a one-item header, a person with a missing response), so
/// row *i* of the matrix is always line *i* + 2.
///
/// # Example
///
/// ```
/// let matrix = irt::parse_response_csv("q1,q2\n1,0\n,1\n")?;
/// assert_eq!(matrix.n_persons(), 2);
/// assert_eq!(matrix.response(1, 0), None);
///
/// let error = irt::parse_response_csv("q1,q2\n1,2\n").unwrap_err();
/// assert_eq!((error.line, error.column), (2, 3));
/// # Ok::<(), irt::CsvError>(())
/// ```
pub fn parse_response_csv(text: &str) -> Result<ResponseMatrix, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));

    let header = lines
        .next()
        .filter(|line| !line.trim().is_empty())
        .ok_or(CsvError {
            line: 1,
            column: 1,
            kind: CsvErrorKind::MissingHeader,
        })?;
    let mut ids: Vec<String> = Vec::new();
    for field in split_fields(header, 1)? {
        let at = |kind| CsvError {
            line: 1,
            column: field.column,
            kind,
        };
        if field.text.is_empty() {
            return Err(at(CsvErrorKind::EmptyItemId));
        }
        if let Some(first) = ids.iter().position(|id| *id == field.text) {
            let id = field.text.into_owned();
            return Err(at(CsvErrorKind::DuplicateItemId {
                id,
                first_field: first + 1,
            }));
        }
        ids.push(field.text.into_owned());
    }

    let n_items = ids.len();
    let mut matrix = ResponseMatrix::new(ids);
    let mut row = Vec::with_capacity(n_items);
    for (index, line) in lines.enumerate() {
        let line_no = index + 2;
        row.clear();
        let fields = split_fields(line, line_no)?;
        if fields.len() != n_items {
            let column = match fields.get(n_items) {
                Some(extra) => extra.column,
                None => line.chars().count() + 1,
            };
            return Err(CsvError {
                line: line_no,
                column,
                kind: CsvErrorKind::FieldCount {
                    expected: n_items,
                    found: fields.len(),
                },
            });
        }
        for field in fields {
            row.push(match &*field.text {
                "" => None,
                "0" => Some(false),
                "1" => Some(true),
                other => {
                    return Err(CsvError {
                        line: line_no,
                        column: field.column,
                        kind: CsvErrorKind::InvalidCell {
                            cell: other.to_owned(),
                        },
                    });
                }
            });
        }
        matrix
            .push_row(&row)
            .expect("the row length was checked against the header");
    }
    Ok(matrix)
}

struct Field<'a> {
    /// 1-based character column of the field's first non-blank character (or where it is).
    column: usize,
    text: Cow<'a, str>,
}

/// Splits one line into trimmed, unquoted fields.
fn split_fields(line: &str, line_no: usize) -> Result<Vec<Field<'_>>, CsvError> {
    let is_blank = |c: char| c == ' ' || c == '\t';
    let mut fields = Vec::new();
    let mut rest = line;
    let mut column = 1;
    loop {
        let trimmed = rest.trim_start_matches(is_blank);
        column += rest.len() - trimmed.len(); // blanks are one byte each
        let field_column = column;
        let (text, after) = if let Some(quoted) = trimmed.strip_prefix('"') {
            let (text, consumed) = unquote(quoted).ok_or(CsvError {
                line: line_no,
                column: field_column,
                kind: CsvErrorKind::UnterminatedQuote,
            })?;
            column += 1 + quoted[..consumed].chars().count();
            let after = quoted[consumed..].trim_start_matches(is_blank);
            column += quoted[consumed..].len() - after.len();
            if !(after.is_empty() || after.starts_with(',')) {
                return Err(CsvError {
                    line: line_no,
                    column,
                    kind: CsvErrorKind::TextAfterQuote,
                });
            }
            (text, after)
        } else {
            let end = trimmed.find(',').unwrap_or(trimmed.len());
            column += trimmed[..end].chars().count();
            (
                Cow::Borrowed(trimmed[..end].trim_end_matches(is_blank)),
                &trimmed[end..],
            )
        };
        fields.push(Field {
            column: field_column,
            text,
        });
        match after.strip_prefix(',') {
            Some(next) => {
                column += 1;
                rest = next;
            }
            None => return Ok(fields),
        }
    }
}

/// The text of a quoted field (after its opening quote) and the bytes consumed, including the
/// closing quote; `None` if it is not closed.
fn unquote(quoted: &str) -> Option<(Cow<'_, str>, usize)> {
    let mut owned: Option<String> = None;
    let mut start = 0;
    let bytes = quoted.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            if bytes.get(i + 1) == Some(&b'"') {
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&quoted[start..=i]);
                i += 2;
                start = i;
                continue;
            }
            let text = match owned {
                Some(mut s) => {
                    s.push_str(&quoted[start..i]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&quoted[..i]),
            };
            return Some((text, i + 1));
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_columns() {
        let fields = split_fields(r#" "a,""b""" , c ,"#, 1).unwrap();
        let got: Vec<(usize, &str)> = fields.iter().map(|f| (f.column, &*f.text)).collect();
        assert_eq!(got, vec![(2, r#"a,"b""#), (14, "c"), (17, "")]);
    }
}
