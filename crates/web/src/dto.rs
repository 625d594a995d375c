//! The JSON shapes of the API: the same objects `certpath catalog --json` and `certpath
//! advise --json` print, documented field by field in `docs/json.md`.
//!
//! Every type here derives [`Serialize`] and [`utoipa::ToSchema`], so the OpenAPI document
//! describes exactly what the handlers send. Build them with [`ExamDto::new`] and
//! [`AdviceDto::new`].

use advisor::{Advice, Situation};
use catalog::{Catalog, ExamVersion, Fact, LastDayBasis};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;
use utoipa::ToSchema;

/// A certification tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Foundational.
    Foundational,
    /// Associate.
    Associate,
    /// Professional.
    Professional,
    /// Specialty.
    Specialty,
    /// Business.
    Business,
}

impl From<catalog::Tier> for Tier {
    fn from(tier: catalog::Tier) -> Tier {
        match tier {
            catalog::Tier::Foundational => Tier::Foundational,
            catalog::Tier::Associate => Tier::Associate,
            catalog::Tier::Professional => Tier::Professional,
            catalog::Tier::Specialty => Tier::Specialty,
            catalog::Tier::Business => Tier::Business,
        }
    }
}

/// An exam version's status on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not yet bookable.
    Upcoming,
    /// In beta.
    Beta,
    /// Generally available.
    Active,
    /// No longer offered.
    Retired,
}

impl From<catalog::Status> for Status {
    fn from(status: catalog::Status) -> Status {
        match status {
            catalog::Status::Upcoming => Status::Upcoming,
            catalog::Status::Beta => Status::Beta,
            catalog::Status::Active => Status::Active,
            catalog::Status::Retired => Status::Retired,
        }
    }
}

/// How a fact was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// AWS's own text.
    Official,
    /// Reputable third parties that checked AWS.
    Secondary,
    /// One weak source, an inference, or nothing found.
    Unverified,
}

impl From<catalog::Confidence> for Confidence {
    fn from(confidence: catalog::Confidence) -> Confidence {
        match confidence {
            catalog::Confidence::Official => Confidence::Official,
            catalog::Confidence::Secondary => Confidence::Secondary,
            catalog::Confidence::Unverified => Confidence::Unverified,
        }
    }
}

/// A kind of exam question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionType {
    /// One correct answer.
    MultipleChoice,
    /// Two or more correct answers.
    MultipleResponse,
    /// Put steps in order.
    Ordering,
    /// Match items to categories.
    Matching,
    /// Several questions on one scenario.
    CaseStudy,
}

impl From<catalog::QuestionType> for QuestionType {
    fn from(kind: catalog::QuestionType) -> QuestionType {
        match kind {
            catalog::QuestionType::MultipleChoice => QuestionType::MultipleChoice,
            catalog::QuestionType::MultipleResponse => QuestionType::MultipleResponse,
            catalog::QuestionType::Ordering => QuestionType::Ordering,
            catalog::QuestionType::Matching => QuestionType::Matching,
            catalog::QuestionType::CaseStudy => QuestionType::CaseStudy,
        }
    }
}

/// One exam version, as `certpath catalog --json` prints it (docs/json.md).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ExamDto {
    /// Exam code, such as `SOA-C03`.
    pub code: String,
    /// The credential this version awards.
    pub name: String,
    /// The credential's stable id, shared by its versions.
    pub certification: String,
    /// The tier.
    pub tier: Tier,
    /// The status on `status_on`.
    pub status: Status,
    /// The day the status is for, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub status_on: String,
    /// Scored questions.
    #[schema(required = true)]
    pub questions_scored: Option<u32>,
    /// Unscored (pretest) questions.
    #[schema(required = true)]
    pub questions_unscored: Option<u32>,
    /// Time allowed, in minutes.
    #[schema(required = true)]
    pub duration_minutes: Option<u32>,
    /// Minimum scaled score, 100–1000.
    #[schema(required = true)]
    pub passing_score: Option<u32>,
    /// Standard exam fee in US dollars.
    #[schema(required = true)]
    pub price_usd: Option<u32>,
    /// The kinds of question on the exam.
    #[schema(required = true)]
    pub question_types: Option<Vec<QuestionType>>,
    /// The blueprint's domains; empty when AWS has not published them.
    pub domains: Vec<DomainDto>,
    /// First day of the beta.
    #[schema(required = true, format = Date)]
    pub beta_from: Option<String>,
    /// First day of general availability.
    #[schema(required = true, format = Date)]
    pub available_from: Option<String>,
    /// Last day the exam can be taken.
    #[schema(required = true, format = Date)]
    pub last_day: Option<String>,
    /// True when `last_day` is the day before the successor's first day.
    pub last_day_derived: bool,
    /// The code that replaces this exam.
    #[schema(required = true)]
    pub successor: Option<String>,
    /// Codes this exam replaces.
    pub predecessors: Vec<String>,
    /// The guide's target-candidate wording.
    #[schema(required = true)]
    pub recommended_experience: Option<String>,
    /// Years of hands-on AWS experience recommended.
    #[schema(required = true)]
    pub aws_experience_years: Option<f64>,
    /// Main services covered.
    #[schema(required = true)]
    pub main_services: Option<Vec<String>>,
    /// Remarks: language versions retiring earlier, renewals, emerging topics.
    pub notes: Vec<String>,
    /// The provenance of every fact, by the fact's name.
    pub facts: BTreeMap<String, FactDto>,
}

/// One domain of an exam's blueprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DomainDto {
    /// 1-based domain number.
    pub number: u8,
    /// The domain's name.
    pub name: String,
    /// Weight in percent; an exam's weights sum to 100.
    pub weight: u8,
    /// Task statements; empty where the catalog has none.
    pub tasks: Vec<TaskDto>,
}

/// One task statement of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TaskDto {
    /// Task id, such as `1.2`.
    pub id: String,
    /// The statement.
    pub statement: String,
}

/// The provenance of one fact.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FactDto {
    /// The value, `null` when unknown or when it does not exist.
    pub value: serde_json::Value,
    /// How the value (or its absence) was established.
    pub confidence: Confidence,
    /// The sources cited.
    pub sources: Vec<SourceDto>,
    /// Why the value is missing, or a conflict between sources.
    #[schema(required = true)]
    pub note: Option<String>,
}

/// A source a fact cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SourceDto {
    /// The source's key in the catalog, such as `G-SOA3`.
    pub key: String,
    /// The source's title.
    #[schema(required = true)]
    pub title: Option<String>,
    /// Where to read it.
    #[schema(required = true)]
    pub url: Option<String>,
}

fn date(day: Option<Date>) -> Option<String> {
    day.map(|d| d.to_string())
}

fn provenance<T: Serialize>(catalog: &Catalog, fact: &Fact<T>) -> FactDto {
    FactDto {
        value: serde_json::to_value(&fact.value).unwrap_or(serde_json::Value::Null),
        confidence: fact.confidence.into(),
        sources: fact
            .sources
            .iter()
            .map(|key| {
                let source = catalog.source(key);
                SourceDto {
                    key: key.clone(),
                    title: source.map(|s| s.title.clone()),
                    url: source.map(|s| s.url.clone()),
                }
            })
            .collect(),
        note: fact.note.clone(),
    }
}

impl ExamDto {
    /// The object for `exam`, with its status on `day`.
    pub fn new(catalog: &Catalog, exam: &ExamVersion, day: Date) -> ExamDto {
        let date_fact = |f: &Fact<Date>| f.clone().map(|d| d.to_string());
        let f = &exam.format;
        let c = &exam.candidate;
        let types: Fact<Vec<QuestionType>> = f
            .question_types
            .clone()
            .map(|t| t.into_iter().map(QuestionType::from).collect());
        let domain_names: Fact<Vec<String>> = Fact {
            value: (!exam.domains.list.is_empty()).then(|| {
                exam.domains
                    .list
                    .iter()
                    .map(|d| format!("{} ({}%)", d.name, d.weight))
                    .collect()
            }),
            confidence: exam.domains.confidence,
            sources: exam.domains.sources.clone(),
            note: exam.domains.note.clone(),
        };
        let mut facts = BTreeMap::new();
        let mut put = |name: &str, fact: FactDto| {
            facts.insert(name.to_owned(), fact);
        };
        if let Some(beta) = &exam.dates.beta_from {
            put("beta_from", provenance(catalog, &date_fact(beta)));
        }
        put(
            "available_from",
            provenance(catalog, &date_fact(&exam.dates.available_from)),
        );
        put(
            "last_day",
            provenance(catalog, &date_fact(&exam.dates.last_day)),
        );
        put("successor", provenance(catalog, &exam.dates.successor));
        put("questions_scored", provenance(catalog, &f.questions_scored));
        put(
            "questions_unscored",
            provenance(catalog, &f.questions_unscored),
        );
        put("duration_minutes", provenance(catalog, &f.duration_minutes));
        put("passing_score", provenance(catalog, &f.passing_score));
        put("price_usd", provenance(catalog, &f.price_usd));
        put("question_types", provenance(catalog, &types));
        if let Some(beta) = &exam.beta_format {
            put(
                "beta_questions_total",
                provenance(catalog, &beta.questions_total),
            );
            put(
                "beta_duration_minutes",
                provenance(catalog, &beta.duration_minutes),
            );
            put("beta_price_usd", provenance(catalog, &beta.price_usd));
        }
        put(
            "recommended_experience",
            provenance(catalog, &c.recommended_experience),
        );
        put(
            "aws_experience_years",
            provenance(catalog, &c.aws_experience_years),
        );
        put("main_services", provenance(catalog, &c.main_services));
        put("domains", provenance(catalog, &domain_names));

        let (last_day, last_day_derived) = match exam.last_day() {
            Some((d, basis)) => (
                Some(d.to_string()),
                basis == LastDayBasis::DerivedFromSuccessor,
            ),
            None => (None, false),
        };
        ExamDto {
            code: exam.code.clone(),
            name: exam.name.clone(),
            certification: exam.certification.clone(),
            tier: exam.tier.into(),
            status: exam.status_on(day).into(),
            status_on: day.to_string(),
            questions_scored: f.questions_scored.value,
            questions_unscored: f.questions_unscored.value,
            duration_minutes: f.duration_minutes.value,
            passing_score: f.passing_score.value,
            price_usd: f.price_usd.value,
            question_types: types.value,
            domains: exam
                .domains
                .list
                .iter()
                .map(|d| DomainDto {
                    number: d.number,
                    name: d.name.clone(),
                    weight: d.weight,
                    tasks: d
                        .tasks
                        .iter()
                        .map(|t| TaskDto {
                            id: t.id.clone(),
                            statement: t.statement.clone(),
                        })
                        .collect(),
                })
                .collect(),
            beta_from: date(exam.dates.beta_from.as_ref().and_then(|f| f.value)),
            available_from: date(exam.dates.available_from.value),
            last_day,
            last_day_derived,
            successor: exam.successor().map(str::to_owned),
            predecessors: predecessors(catalog, exam),
            recommended_experience: c.recommended_experience.value.clone(),
            aws_experience_years: c.aws_experience_years.value,
            main_services: c.main_services.value.clone(),
            notes: exam.notes.clone(),
            facts,
        }
    }
}

/// The codes of the versions `exam` replaces.
pub(crate) fn predecessors(catalog: &Catalog, exam: &ExamVersion) -> Vec<String> {
    catalog
        .exams()
        .iter()
        .filter(|e| e.successor() == Some(exam.code.as_str()))
        .map(|e| e.code.clone())
        .collect()
}

/// The advice for a situation, as `certpath advise --json` prints it (docs/json.md).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AdviceDto {
    /// The day the plan starts.
    #[schema(format = Date)]
    pub on: String,
    /// The role's id.
    pub role: String,
    /// The goal's id (the role's usual direction when none was given).
    pub goal: String,
    /// Years of hands-on AWS experience (0 when not given).
    pub experience_years: f64,
    /// Service ids of the stack.
    pub stack: Vec<String>,
    /// Study hours a week (8 when not given).
    pub hours_per_week: f64,
    /// The day the person wants to be done by.
    #[schema(required = true, format = Date)]
    pub target_date: Option<String>,
    /// Certification ids already held.
    pub held: Vec<String>,
    /// The path, in order.
    pub steps: Vec<StepDto>,
    /// Study hours of all steps.
    pub total_hours: u32,
    /// The last step's `target_date`.
    #[schema(required = true, format = Date)]
    pub finish_date: Option<String>,
    /// Things to know about the plan.
    pub warnings: Vec<WarningDto>,
    /// Other paths worth considering.
    pub alternatives: Vec<AlternativeDto>,
    /// Certification ids left out because they are held.
    pub skipped: Vec<String>,
}

/// One step of the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StepDto {
    /// The exam version to sit on `target_date`.
    pub code: String,
    /// The credential's id.
    pub certification: String,
    /// The credential's name.
    pub name: String,
    /// The tier.
    pub tier: Tier,
    /// The version's status on `target_date`.
    pub status_on_target_date: Status,
    /// Why the step is there, naming the inputs that led to it.
    pub reasons: Vec<String>,
    /// Estimated study hours.
    pub study_hours: u32,
    /// How the estimate was made.
    pub hours_basis: String,
    /// When study for the step starts.
    #[schema(format = Date)]
    pub start_date: String,
    /// When the exam can be booked at the weekly hours given.
    #[schema(format = Date)]
    pub target_date: String,
}

/// A warning about the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct WarningDto {
    /// The warning's code (docs/advisor.md, "Warnings").
    pub kind: String,
    /// What to know.
    pub message: String,
}

/// Another path worth considering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AlternativeDto {
    /// The alternative's title.
    pub title: String,
    /// The exam codes it adds.
    pub codes: Vec<String>,
    /// Why it is worth considering.
    pub reason: String,
}

impl AdviceDto {
    /// The object for `advice` given for `situation`.
    pub fn new(situation: &Situation, advice: &Advice) -> AdviceDto {
        AdviceDto {
            on: situation.today.to_string(),
            role: advice.role.clone(),
            goal: advice.goal.clone(),
            experience_years: situation.experience_years,
            stack: situation.stack.clone(),
            hours_per_week: situation.hours_per_week,
            target_date: date(situation.target_date),
            held: situation.held.clone(),
            steps: advice
                .steps
                .iter()
                .map(|s| StepDto {
                    code: s.code.clone(),
                    certification: s.certification.clone(),
                    name: s.name.clone(),
                    tier: s.tier.into(),
                    status_on_target_date: s.status_on_target.into(),
                    reasons: s.reasons.clone(),
                    study_hours: s.study_hours,
                    hours_basis: s.hours_basis.clone(),
                    start_date: s.start_date.to_string(),
                    target_date: s.target_date.to_string(),
                })
                .collect(),
            total_hours: advice.total_hours,
            finish_date: date(advice.steps.last().map(|s| s.target_date)),
            warnings: advice
                .warnings
                .iter()
                .map(|w| WarningDto {
                    kind: w.kind.as_str().to_owned(),
                    message: w.message.clone(),
                })
                .collect(),
            alternatives: advice
                .alternatives
                .iter()
                .map(|a| AlternativeDto {
                    title: a.title.clone(),
                    codes: a.codes.clone(),
                    reason: a.reason.clone(),
                })
                .collect(),
            skipped: advice.skipped.clone(),
        }
    }
}
