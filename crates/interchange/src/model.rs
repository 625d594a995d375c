//! What importers take and return, and what exporters return.

use std::fmt;

/// How an import names, places and attributes the items it makes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// The imported file's name: the prefix of every id (`questions.gift` gives
    /// `questions-...`) and the `file` of every item.
    pub source_name: String,
    /// The exam code to place every item on (`CLF-C02`); items are placed only when both
    /// `exam` and `domain` are given (CSV rows that name their own exam keep it).
    pub exam: Option<String>,
    /// The domain number in that exam's guide.
    pub domain: Option<u8>,
    /// Who the items are attributed to (CSV rows that name an author keep theirs).
    pub author: String,
}

impl ImportOptions {
    /// Options for a file and an author, with no placement.
    pub fn new(source_name: impl Into<String>, author: impl Into<String>) -> ImportOptions {
        ImportOptions {
            source_name: source_name.into(),
            author: author.into(),
            ..ImportOptions::default()
        }
    }

    /// The same options with every item placed on an exam's domain.
    pub fn placed(mut self, exam: impl Into<String>, domain: u8) -> ImportOptions {
        self.exam = Some(exam.into());
        self.domain = Some(domain);
        self
    }
}

/// How much a note matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteSeverity {
    /// The question was converted, but something was dropped or approximated.
    Warning,
    /// The question was not converted at all.
    Skipped,
}

impl NoteSeverity {
    /// The severity's name in messages: `warning` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteSeverity::Warning => "warning",
            NoteSeverity::Skipped => "skipped",
        }
    }
}

impl fmt::Display for NoteSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something an import or export could not carry over, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    /// Where: `question 3 (line 41)` on import, `item clf-c02-s3-01` on export.
    pub position: String,
    /// Whether the question was converted with a loss or not converted.
    pub severity: NoteSeverity,
    /// What happened, in a sentence.
    pub message: String,
}

impl fmt::Display for ImportNote {
    /// `question 3 (line 41): skipped: true/false questions are not imported`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.position, self.severity, self.message)
    }
}

/// The items an import made and every note about what it could not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The items, in file order, all `draft` (CSV keeps the status a row gives).
    pub items: Vec<bank::Item>,
    /// Every question skipped and every loss, in file order.
    pub notes: Vec<ImportNote>,
}

/// An exported document and what the format could not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The document.
    pub text: String,
    /// What the format could not carry, per item.
    pub notes: Vec<ImportNote>,
}

/// One file of an export to a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// The file's path relative to the export folder (`clf-c02-s3-01.xml`).
    pub path: String,
    /// Its contents.
    pub text: String,
}

/// An export as files, for formats that hold one item per document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFiles {
    /// The files, manifest first where the format has one.
    pub files: Vec<ExportedFile>,
    /// What the format could not carry, per item.
    pub notes: Vec<ImportNote>,
}
