//! The AWS Certification program as data: every certification and exam version, date-aware.
//!
//! The catalog is read from human-editable TOML files (one per exam version, see
//! `docs/catalog-data.md`) that are compiled into the crate. Each fact carries its
//! confidence and sources, and a fact AWS has not published stays unknown. Statuses are
//! computed for a day the caller passes in: this crate knows no clock.
//!
//! # Example
//!
//! ```
//! use catalog::{Catalog, Status};
//! use time::macros::date;
//!
//! let catalog = Catalog::builtin()?;
//! let soa2 = catalog.exam("soa-c02").expect("SOA-C02 is in the catalog");
//! assert_eq!(soa2.status_on(date!(2025 - 06 - 01)), Status::Active);
//! assert_eq!(soa2.status_on(date!(2026 - 12 - 01)), Status::Retired);
//! assert_eq!(soa2.successor(), Some("SOA-C03"));
//!
//! let current = catalog.current_version("cloudops-engineer-associate", date!(2026 - 12 - 01));
//! assert_eq!(current.map(|exam| exam.code.as_str()), Some("SOA-C03"));
//! # Ok::<(), catalog::CatalogError>(())
//! ```

mod error;
mod fact;
mod load;
mod model;
mod raw;
mod status;
pub mod suggest;

pub use error::{CatalogError, DataError, line_col};
pub use fact::{Confidence, Fact};
pub use load::{DataFile, SOURCES_PATH};
pub use model::{
    BetaFormat, Candidate, Dates, Domain, Domains, ExamVersion, Format, LastDayBasis, QuestionType,
    Source, Task, Tier,
};
pub use status::{Listed, ProgramFilter, Status};

use std::collections::BTreeMap;
use time::Date;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The validated catalog: exam versions ordered by tier, certification and code, and their sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    exams: Vec<ExamVersion>,
    sources: BTreeMap<String, Source>,
}

impl Catalog {
    /// The catalog compiled into this crate from `crates/catalog/data`.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        let files: Vec<DataFile> = builtin::EXAM_FILES
            .iter()
            .map(|(path, text)| DataFile::new(*path, *text))
            .collect();
        Catalog::from_files(builtin::SOURCES_FILE, &files)
    }

    /// The built-in data files, for tools that show or copy them.
    pub fn builtin_files() -> (DataFile, Vec<DataFile>) {
        let sources = DataFile::new(SOURCES_PATH, builtin::SOURCES_FILE);
        let exams = builtin::EXAM_FILES
            .iter()
            .map(|(path, text)| DataFile::new(*path, *text))
            .collect();
        (sources, exams)
    }

    /// A catalog from the text of a sources file and exam files, with every problem found.
    pub fn from_files(sources: &str, exams: &[DataFile]) -> Result<Catalog, CatalogError> {
        load::load(sources, exams)
    }

    /// Every exam version, ordered by tier, certification id and code.
    pub fn exams(&self) -> &[ExamVersion] {
        &self.exams
    }

    /// The exam version with this code, in any letter case.
    pub fn exam(&self, code: &str) -> Option<&ExamVersion> {
        self.exams
            .iter()
            .find(|exam| exam.code.eq_ignore_ascii_case(code.trim()))
    }

    /// Every exam code, in catalog order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.exams.iter().map(|exam| exam.code.as_str())
    }

    /// The source with this key.
    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }

    /// Every source, by key.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.values()
    }

    /// The certification ids, in catalog order (by tier, then id).
    pub fn certifications(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for exam in &self.exams {
            if !ids.contains(&exam.certification.as_str()) {
                ids.push(&exam.certification);
            }
        }
        ids
    }

    /// The versions of one certification, oldest first.
    pub fn versions_of<'a>(
        &'a self,
        certification: &str,
    ) -> impl Iterator<Item = &'a ExamVersion> + use<'a> {
        let certification = certification.to_owned();
        self.exams
            .iter()
            .filter(move |exam| exam.certification == certification)
    }

    /// The version of a certification a person would sit on `day`: the generally available
    /// one, else the one in beta. `None` when nothing is bookable that day.
    pub fn current_version(&self, certification: &str, day: Date) -> Option<&ExamVersion> {
        let of_certification = |status: Status| {
            self.exams.iter().filter(move |exam| {
                exam.certification == certification && exam.status_on(day) == status
            })
        };
        of_certification(Status::Active)
            .max_by(|a, b| a.code.cmp(&b.code))
            .or_else(|| of_certification(Status::Beta).next())
    }

    /// The versions that succeed `exam`, in order, following successors (and stopping at cycles).
    pub fn successors_of<'a>(&'a self, exam: &'a ExamVersion) -> Vec<&'a ExamVersion> {
        let mut chain = Vec::new();
        let mut current = exam;
        while let Some(next) = current.successor().and_then(|code| self.exam(code)) {
            if next.code == exam.code || chain.iter().any(|e: &&ExamVersion| e.code == next.code) {
                break;
            }
            chain.push(next);
            current = next;
        }
        chain
    }
}
