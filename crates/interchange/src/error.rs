//! Errors for files that cannot be read at all and exports that cannot be written.

use crate::Format;

/// Why a whole file could not be imported. A question that cannot be imported is not an error
/// but an [`ImportNote`](crate::ImportNote).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The format is written by certpath but never read (Anki).
    #[error("{format} files cannot be imported; certpath only exports them")]
    ExportOnly {
        /// The format.
        format: Format,
    },
    /// The file is not well-formed XML, JSON or CSV.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// The line (from 1) where the parser stopped.
        line: usize,
        /// The column (from 1, in characters).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The file is well-formed but is not this format (a JSON array where an exam object is
    /// expected, a CSV header without a `stem` column).
    #[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    NotThisFormat {
        /// The line the problem is on, when there is one.
        line: Option<usize>,
        /// What was expected, and what to do.
        message: String,
    },
}

/// Why an export could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// QTI holds one item per XML document; several items go to a folder.
    #[error(
        "{format} holds one item per XML document and {count} items can be exported: \
         export to a folder instead (interchange::export_files writes imsmanifest.xml and one file per item)"
    )]
    OneItemPerDocument {
        /// The format.
        format: Format,
        /// How many items could be exported.
        count: usize,
    },
}
