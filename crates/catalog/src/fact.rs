//! A fact about an exam, with how sure we are of it and where it comes from.

use serde::Deserialize;
use std::fmt;

/// How a fact was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// AWS's own text, read on an AWS page or in a word-for-word copy of one.
    Official,
    /// One or more reputable third parties that checked AWS's pages agree.
    Secondary,
    /// One weak source, an inference, or nothing found.
    Unverified,
}

impl Confidence {
    /// The lower-case name used in data files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Official => "official",
            Confidence::Secondary => "secondary",
            Confidence::Unverified => "unverified",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One fact: a value that may be unknown, its confidence, its sources and a note.
///
/// `value` is `None` when AWS has not published the fact or when it does not exist
/// (no successor, no last day announced); `note` then says which.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact<T> {
    /// The fact, when it is known.
    pub value: Option<T>,
    /// How the fact (or its absence) was established.
    pub confidence: Confidence,
    /// Keys into the catalog's sources.
    pub sources: Vec<String>,
    /// What else is known: conflicts between sources, why the value is missing.
    pub note: Option<String>,
}

impl<T> Fact<T> {
    /// The value, if known.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// A fact with the same provenance and a transformed value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fact<U> {
        Fact {
            value: self.value.map(f),
            confidence: self.confidence,
            sources: self.sources,
            note: self.note,
        }
    }
}
