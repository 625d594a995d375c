//! Import and export of question-bank formats: GIFT, Moodle XML, QTI 3.0 and 2.1, CSV,
//! exam-simulator JSON, and Anki (export only), to and from the items of the `bank` crate.
//!
//! The crate is pure: [`import`] takes a file's text and returns items with a note for every
//! question it could not carry over; [`export`] and [`export_files`] take items and return
//! text with a note for everything the format could not hold. Reading and writing files is
//! the caller's (the `certpath bank import` and `certpath bank export` commands).
//!
//! Imported items are drafts by the options' author, placed on the options' exam and domain
//! when both are given, with ids made of the file name and the question's name or number.
//! A question the format holds but certpath does not (true/false, short answer, numeric,
//! essay, matching, ...) is never dropped silently: it is an [`ImportNote`] with severity
//! [`NoteSeverity::Skipped`] and its position. An [`ImportError`] means the whole file could
//! not be read (bad XML, JSON or CSV header).
//!
//! # Example
//!
//! ```
//! use interchange::{Format, ImportOptions, NoteSeverity, import, export};
//!
//! let gift = "\
//! ::trail::Which AWS service records the API calls made in an account?{
//!   =AWS CloudTrail#CloudTrail records account activity.
//!   ~Amazon CloudWatch#CloudWatch collects metrics and logs.
//!   ~AWS Config
//!   ~Amazon Inspector
//! }
//!
//! Amazon S3 is a block storage service.{FALSE}
//! ";
//! let options = ImportOptions::new("questions.gift", "a.writer").placed("CLF-C02", 2);
//! let imported = import(Format::Gift, gift, &options)?;
//! assert_eq!(imported.items[0].id, "questions-trail");
//! assert_eq!(imported.items[0].key_count(), 1);
//! assert_eq!(imported.notes[0].severity, NoteSeverity::Skipped);
//! assert_eq!(imported.notes[0].position, "question 2 (line 8)");
//!
//! let xml = export(Format::MoodleXml, &imported.items)?;
//! assert!(xml.text.contains(r#"<question type="multichoice">"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Formats
//!
//! `docs/interchange.md` in the repository says, per format, what is imported, what is
//! dropped or approximated, the CSV columns and the Moodle weight mapping.

mod anki;
mod build;
mod error;
mod gift;
mod grades;
mod html;
mod model;
mod moodle;
mod out;
mod qti;
mod simulator;
mod table;
mod text;
mod xml;

pub use error::{ExportError, ImportError};
pub use model::{
    Exported, ExportedFile, ExportedFiles, ImportNote, ImportOptions, Imported, NoteSeverity,
};

use std::fmt;

/// A question-bank format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Moodle's GIFT text format.
    Gift,
    /// Moodle XML (`<quiz>`).
    MoodleXml,
    /// 1EdTech QTI 3.0 items.
    Qti3,
    /// IMS QTI 2.1 items.
    Qti21,
    /// CSV with certpath's columns.
    Csv,
    /// The exam file of exam-simulator/simulator.
    SimulatorJson,
    /// Anki's text import format (export only).
    Anki,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Gift,
        Format::MoodleXml,
        Format::Qti3,
        Format::Qti21,
        Format::Csv,
        Format::SimulatorJson,
        Format::Anki,
    ];

    /// The name used on the command line: `gift`, `moodle-xml`, `qti3`, `qti21`, `csv`,
    /// `simulator-json`, `anki`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::MoodleXml => "moodle-xml",
            Format::Qti3 => "qti3",
            Format::Qti21 => "qti21",
            Format::Csv => "csv",
            Format::SimulatorJson => "simulator-json",
            Format::Anki => "anki",
        }
    }

    /// The format for its command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The name people know it by: `GIFT`, `Moodle XML`, `QTI 3.0`, ...
    pub fn title(self) -> &'static str {
        match self {
            Format::Gift => "GIFT",
            Format::MoodleXml => "Moodle XML",
            Format::Qti3 => "QTI 3.0",
            Format::Qti21 => "QTI 2.1",
            Format::Csv => "CSV",
            Format::SimulatorJson => "exam-simulator JSON",
            Format::Anki => "Anki",
        }
    }

    /// Whether [`import`] reads the format (all but Anki).
    pub fn can_import(self) -> bool {
        self != Format::Anki
    }

    /// Whether [`export`] writes the format (all of them).
    pub fn can_export(self) -> bool {
        true
    }

    /// Whether an export of several items is a folder rather than one file: QTI holds one
    /// item per document, so a QTI export is `imsmanifest.xml` and one file per item, written
    /// with [`export_files`].
    pub fn exports_to_folder(self) -> bool {
        matches!(self, Format::Qti3 | Format::Qti21)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::MoodleXml | Format::Qti3 | Format::Qti21 => "xml",
            Format::Csv => "csv",
            Format::SimulatorJson => "json",
            Format::Anki => "txt",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Reads a file of the format into bank items.
///
/// `options.source_name` names the file in ids and item `file` fields. Questions certpath
/// cannot import and everything dropped on the way are in [`Imported::notes`]; the error is
/// only for a file that cannot be read at all (with a line and column where the parser gives
/// one). Both QTI formats read QTI 2.1 and 3.0 alike.
pub fn import(
    format: Format,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    match format {
        Format::Gift => Ok(gift::import(text, options)),
        Format::MoodleXml => moodle::import(text, options),
        Format::Qti3 | Format::Qti21 => qti::import(text, options),
        Format::Csv => table::import(text, options),
        Format::SimulatorJson => simulator::import(text, options),
        Format::Anki => Err(ImportError::ExportOnly { format }),
    }
}

/// Writes items as one document of the format.
///
/// Items the format cannot hold (ordering and matching items, items with no correct option)
/// are left out with a Skipped note; losses are Warning notes. QTI holds one item per
/// document, so for [`Format::Qti3`] and [`Format::Qti21`] this writes exactly one exportable
/// item and otherwise returns [`ExportError::OneItemPerDocument`]: use [`export_files`].
pub fn export(format: Format, items: &[bank::Item]) -> Result<Exported, ExportError> {
    Ok(match format {
        Format::Gift => gift::export(items),
        Format::MoodleXml => moodle::export(items),
        Format::Qti3 | Format::Qti21 => {
            let (mut files, notes) = qti::export_items(format == Format::Qti3, items);
            if files.len() != 1 {
                return Err(ExportError::OneItemPerDocument {
                    format,
                    count: files.len(),
                });
            }
            Exported {
                text: files.remove(0).text,
                notes,
            }
        }
        Format::Csv => table::export(items),
        Format::SimulatorJson => simulator::export(items),
        Format::Anki => anki::export(items),
    })
}

/// Writes items as files to put in a folder.
///
/// For QTI ([`Format::exports_to_folder`]) these are `imsmanifest.xml` (an IMS content
/// package manifest listing the items) and one `<id>.xml` per item; zipped, the folder is a
/// content package. For every other format it is one file, `questions.<extension>`, holding
/// what [`export`] returns.
pub fn export_files(format: Format, items: &[bank::Item]) -> Result<ExportedFiles, ExportError> {
    if format.exports_to_folder() {
        let (files, notes) = qti::export_package(format == Format::Qti3, items);
        return Ok(ExportedFiles { files, notes });
    }
    let exported = export(format, items)?;
    Ok(ExportedFiles {
        files: vec![ExportedFile {
            path: format!("questions.{}", format.extension()),
            text: exported.text,
        }],
        notes: exported.notes,
    })
}
