//! The data files as they are written, before validation.

use crate::fact::Confidence;
use crate::model::{QuestionType, Tier};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::value::Datetime;

pub(crate) type SFact<T> = Spanned<RawFact<T>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFact<T> {
    pub value: Option<T>,
    pub confidence: Confidence,
    #[serde(default)]
    pub sources: Vec<String>,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExam {
    pub code: Spanned<String>,
    pub certification: Spanned<String>,
    pub name: String,
    pub tier: Tier,
    pub guide: Option<Spanned<String>>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub dates: RawDates,
    pub format: RawFormat,
    pub beta_format: Option<RawBetaFormat>,
    pub candidate: RawCandidate,
    pub domains: Spanned<RawDomains>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDates {
    pub beta_from: Option<SFact<Datetime>>,
    pub available_from: SFact<Datetime>,
    pub last_day: SFact<Datetime>,
    pub successor: SFact<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFormat {
    pub questions_scored: SFact<u32>,
    pub questions_unscored: SFact<u32>,
    pub duration_minutes: SFact<u32>,
    pub passing_score: SFact<u32>,
    pub price_usd: SFact<u32>,
    pub question_types: SFact<Vec<QuestionType>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBetaFormat {
    pub questions_total: SFact<u32>,
    pub duration_minutes: SFact<u32>,
    pub price_usd: SFact<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCandidate {
    pub recommended_experience: SFact<String>,
    pub aws_experience_years: SFact<f64>,
    pub main_services: SFact<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDomains {
    pub confidence: Confidence,
    #[serde(default)]
    pub sources: Vec<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub list: Vec<Spanned<RawDomain>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDomain {
    pub number: u8,
    pub name: String,
    pub weight: u8,
    #[serde(default)]
    pub tasks: Vec<Spanned<RawTask>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTask {
    pub id: String,
    pub statement: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: String,
    pub url: Spanned<String>,
    pub read: Option<String>,
}

pub(crate) type RawSources = BTreeMap<String, Spanned<RawSource>>;
