//! The catalog's types: tiers, exam versions, their facts and domains.

use crate::fact::{Confidence, Fact};
use serde::Deserialize;
use std::fmt;
use time::Date;

/// A level of the AWS Certification program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// No hands-on experience required.
    Foundational,
    /// Role-based, assumes practical experience (about 1–2 years).
    Associate,
    /// Role-based, for experienced practitioners (2+ years).
    Professional,
    /// Deep expertise in one technical domain.
    Specialty,
    /// AWS's "Business" category (AI Business Strategist), for business roles.
    Business,
}

impl Tier {
    /// Every tier, in the program's order.
    pub const ALL: [Tier; 5] = [
        Tier::Foundational,
        Tier::Associate,
        Tier::Professional,
        Tier::Specialty,
        Tier::Business,
    ];

    /// The lower-case name used in data files, flags and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Foundational => "foundational",
            Tier::Associate => "associate",
            Tier::Professional => "professional",
            Tier::Specialty => "specialty",
            Tier::Business => "business",
        }
    }

    /// The tier for its lower-case name.
    pub fn from_name(name: &str) -> Option<Tier> {
        Tier::ALL
            .into_iter()
            .find(|tier| tier.as_str().eq_ignore_ascii_case(name))
    }

    /// The name as AWS capitalises it.
    pub fn title(self) -> &'static str {
        match self {
            Tier::Foundational => "Foundational",
            Tier::Associate => "Associate",
            Tier::Professional => "Professional",
            Tier::Specialty => "Specialty",
            Tier::Business => "Business",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind of exam question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionType {
    /// One correct response out of four options.
    MultipleChoice,
    /// Two or more correct responses out of five or more options.
    MultipleResponse,
    /// Put 3–5 responses in the correct order.
    Ordering,
    /// Match responses to 3–7 prompts.
    Matching,
    /// One scenario with two or more questions, each scored separately.
    CaseStudy,
}

impl QuestionType {
    /// The kebab-case name used in data files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionType::MultipleChoice => "multiple-choice",
            QuestionType::MultipleResponse => "multiple-response",
            QuestionType::Ordering => "ordering",
            QuestionType::Matching => "matching",
            QuestionType::CaseStudy => "case-study",
        }
    }
}

impl fmt::Display for QuestionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The key facts use to cite it.
    pub key: String,
    /// What the document is.
    pub title: String,
    /// Where it is (always https).
    pub url: String,
    /// How it was read, when that matters (a quote, a copy, a mirror).
    pub read: Option<String>,
}

/// The dates that decide an exam version's status.
#[derive(Debug, Clone, PartialEq)]
pub struct Dates {
    /// First day of the beta, where there was one.
    pub beta_from: Option<Fact<Date>>,
    /// First day of general availability.
    pub available_from: Fact<Date>,
    /// Last day the exam can be taken.
    pub last_day: Fact<Date>,
    /// The exam code that replaces this one.
    pub successor: Fact<String>,
}

/// The format of the standard (generally available) exam.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    /// Questions that count towards the score.
    pub questions_scored: Fact<u32>,
    /// Unscored (pretest) questions, not identified on the exam.
    pub questions_unscored: Fact<u32>,
    /// Time allowed, in minutes.
    pub duration_minutes: Fact<u32>,
    /// Minimum passing scaled score on the 100–1000 scale.
    pub passing_score: Fact<u32>,
    /// Standard exam fee in US dollars.
    pub price_usd: Fact<u32>,
    /// The kinds of question the exam uses.
    pub question_types: Fact<Vec<QuestionType>>,
}

impl Format {
    /// Scored plus unscored questions, when both are known.
    pub fn questions_total(&self) -> Option<u32> {
        Some(self.questions_scored.get()? + self.questions_unscored.get()?)
    }
}

/// The format of a beta exam, where it differs from the standard one.
#[derive(Debug, Clone, PartialEq)]
pub struct BetaFormat {
    /// All questions on the beta.
    pub questions_total: Fact<u32>,
    /// Time allowed, in minutes.
    pub duration_minutes: Fact<u32>,
    /// Beta fee in US dollars.
    pub price_usd: Fact<u32>,
}

/// Who the exam is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The exam guide's description of the target candidate's experience.
    pub recommended_experience: Fact<String>,
    /// The same, as years of hands-on AWS experience.
    pub aws_experience_years: Fact<f64>,
    /// Main AWS services the exam covers.
    pub main_services: Fact<Vec<String>>,
}

/// A task statement of a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The guide's number, such as `1.2`.
    pub id: String,
    /// The statement, exactly as in the guide.
    pub statement: String,
}

/// A content domain of an exam guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// 1-based position in the guide.
    pub number: u8,
    /// The exact name in the guide.
    pub name: String,
    /// Percent of scored content.
    pub weight: u8,
    /// The domain's task statements, where the catalog has them.
    pub tasks: Vec<Task>,
}

/// The content outline of an exam version.
#[derive(Debug, Clone, PartialEq)]
pub struct Domains {
    /// How the list was established.
    pub confidence: Confidence,
    /// Keys into the catalog's sources.
    pub sources: Vec<String>,
    /// What is known when the list is missing or disputed.
    pub note: Option<String>,
    /// The domains; empty when AWS has not published them.
    pub list: Vec<Domain>,
}

/// Where an exam version's effective last day comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastDayBasis {
    /// The `last_day` fact.
    Stated,
    /// The day before the successor's first day.
    DerivedFromSuccessor,
}

/// One version of an exam (such as SOA-C03), the unit of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamVersion {
    /// The exam code, such as `CLF-C02`.
    pub code: String,
    /// The credential's stable id, shared by all its versions.
    pub certification: String,
    /// The credential name this version awards.
    pub name: String,
    /// The program tier.
    pub tier: Tier,
    /// Source key of the exam guide.
    pub guide: Option<String>,
    /// Remarks: language versions that retire earlier, renewals, emerging topics.
    pub notes: Vec<String>,
    /// Status dates and successor.
    pub dates: Dates,
    /// The standard exam's format.
    pub format: Format,
    /// The beta's format, where it differs.
    pub beta_format: Option<BetaFormat>,
    /// The target candidate.
    pub candidate: Candidate,
    /// The content domains.
    pub domains: Domains,
    /// The data file the entry came from, relative to the data directory.
    pub file: String,
    pub(crate) effective_last_day: Option<(Date, LastDayBasis)>,
    /// No last day is known, the successor's first day is unknown too: retired on every day.
    pub(crate) superseded_undated: bool,
}

impl Domains {
    /// Splits `total` questions over the domains by weight with largest-remainder rounding:
    /// each domain gets the floor of its share, and the questions left go to the largest
    /// remainders (ties to the earlier domain). The counts sum to `total`; empty when the
    /// domains are unknown.
    ///
    /// ```
    /// let catalog = catalog::Catalog::builtin()?;
    /// let clf = catalog.exam("CLF-C02").expect("in the catalog");
    /// // 24/30/34/12 % of 50 scored questions.
    /// assert_eq!(clf.domains.allocate(50), vec![12, 15, 17, 6]);
    /// # Ok::<(), catalog::CatalogError>(())
    /// ```
    pub fn allocate(&self, total: u32) -> Vec<u32> {
        let weight_sum: u32 = self.list.iter().map(|d| u32::from(d.weight)).sum();
        if weight_sum == 0 {
            return Vec::new();
        }
        let mut counts: Vec<u32> = Vec::with_capacity(self.list.len());
        let mut remainders: Vec<(u32, usize)> = Vec::with_capacity(self.list.len());
        for (index, domain) in self.list.iter().enumerate() {
            let exact = u64::from(total) * u64::from(domain.weight);
            counts.push((exact / u64::from(weight_sum)) as u32);
            remainders.push(((exact % u64::from(weight_sum)) as u32, index));
        }
        let assigned: u32 = counts.iter().sum();
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, index) in remainders.into_iter().take((total - assigned) as usize) {
            counts[index] += 1;
        }
        counts
    }
}
