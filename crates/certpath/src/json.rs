//! The JSON output of `catalog` and `advise`; the schema is documented in docs/json.md.

use advisor::Advice;
use catalog::{Catalog, ExamVersion, Fact, LastDayBasis, Status};
use serde::Serialize;
use serde_json::Value;
use time::Date;

/// One exam version, as `catalog --json` prints it.
#[derive(Debug, Serialize)]
pub struct ExamJson {
    code: String,
    name: String,
    certification: String,
    tier: &'static str,
    status: &'static str,
    status_on: String,
    questions_scored: Option<u32>,
    questions_unscored: Option<u32>,
    duration_minutes: Option<u32>,
    passing_score: Option<u32>,
    price_usd: Option<u32>,
    question_types: Option<Vec<&'static str>>,
    domains: Vec<DomainJson>,
    beta_from: Option<String>,
    available_from: Option<String>,
    last_day: Option<String>,
    last_day_derived: bool,
    successor: Option<String>,
    predecessors: Vec<String>,
    recommended_experience: Option<String>,
    aws_experience_years: Option<f64>,
    main_services: Option<Vec<String>>,
    notes: Vec<String>,
    facts: serde_json::Map<String, Value>,
}

#[derive(Debug, Serialize)]
struct DomainJson {
    number: u8,
    name: String,
    weight: u8,
    tasks: Vec<TaskJson>,
}

#[derive(Debug, Serialize)]
struct TaskJson {
    id: String,
    statement: String,
}

fn date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn provenance<T: Serialize>(catalog: &Catalog, fact: &Fact<T>) -> Value {
    let sources: Vec<Value> = fact
        .sources
        .iter()
        .map(|key| {
            let source = catalog.source(key);
            serde_json::json!({
                "key": key,
                "title": source.map(|s| s.title.as_str()),
                "url": source.map(|s| s.url.as_str()),
            })
        })
        .collect();
    serde_json::json!({
        "value": fact.value,
        "confidence": fact.confidence.as_str(),
        "sources": sources,
        "note": fact.note,
    })
}

impl ExamJson {
    /// The JSON object for `exam` with its status on `day`.
    pub fn new(catalog: &Catalog, exam: &ExamVersion, day: Date) -> ExamJson {
        let status: Status = exam.status_on(day);
        let date_fact = |f: &Fact<Date>| f.clone().map(|d| d.to_string());
        let f = &exam.format;
        let c = &exam.candidate;
        let types = f
            .question_types
            .clone()
            .map(|t| t.iter().map(|q| q.as_str()).collect::<Vec<_>>());
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
        let mut entries: Vec<(&str, Value)> = Vec::new();
        if let Some(beta) = &exam.dates.beta_from {
            entries.push(("beta_from", provenance(catalog, &date_fact(beta))));
        }
        entries.extend([
            (
                "available_from",
                provenance(catalog, &date_fact(&exam.dates.available_from)),
            ),
            (
                "last_day",
                provenance(catalog, &date_fact(&exam.dates.last_day)),
            ),
            ("successor", provenance(catalog, &exam.dates.successor)),
            ("questions_scored", provenance(catalog, &f.questions_scored)),
            (
                "questions_unscored",
                provenance(catalog, &f.questions_unscored),
            ),
            ("duration_minutes", provenance(catalog, &f.duration_minutes)),
            ("passing_score", provenance(catalog, &f.passing_score)),
            ("price_usd", provenance(catalog, &f.price_usd)),
            ("question_types", provenance(catalog, &types)),
        ]);
        if let Some(beta) = &exam.beta_format {
            entries.extend([
                (
                    "beta_questions_total",
                    provenance(catalog, &beta.questions_total),
                ),
                (
                    "beta_duration_minutes",
                    provenance(catalog, &beta.duration_minutes),
                ),
                ("beta_price_usd", provenance(catalog, &beta.price_usd)),
            ]);
        }
        entries.extend([
            (
                "recommended_experience",
                provenance(catalog, &c.recommended_experience),
            ),
            (
                "aws_experience_years",
                provenance(catalog, &c.aws_experience_years),
            ),
            ("main_services", provenance(catalog, &c.main_services)),
            ("domains", provenance(catalog, &domain_names)),
        ]);
        let facts: serde_json::Map<String, Value> = entries
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();

        let (last_day, derived) = match exam.last_day() {
            Some((d, basis)) => (
                Some(d.to_string()),
                basis == LastDayBasis::DerivedFromSuccessor,
            ),
            None => (None, false),
        };
        ExamJson {
            code: exam.code.clone(),
            name: exam.name.clone(),
            certification: exam.certification.clone(),
            tier: exam.tier.as_str(),
            status: status.as_str(),
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
                .map(|d| DomainJson {
                    number: d.number,
                    name: d.name.clone(),
                    weight: d.weight,
                    tasks: d
                        .tasks
                        .iter()
                        .map(|t| TaskJson {
                            id: t.id.clone(),
                            statement: t.statement.clone(),
                        })
                        .collect(),
                })
                .collect(),
            beta_from: date(exam.dates.beta_from.as_ref().and_then(|f| f.value)),
            available_from: date(exam.dates.available_from.value),
            last_day,
            last_day_derived: derived,
            successor: exam.successor().map(str::to_owned),
            predecessors: catalog
                .exams()
                .iter()
                .filter(|e| e.successor() == Some(exam.code.as_str()))
                .map(|e| e.code.clone())
                .collect(),
            recommended_experience: c.recommended_experience.value.clone(),
            aws_experience_years: c.aws_experience_years.value,
            main_services: c.main_services.value.clone(),
            notes: exam.notes.clone(),
            facts,
        }
    }
}

/// The object `advise --json` prints.
#[derive(Debug, Serialize)]
pub struct AdviceJson {
    on: String,
    role: String,
    goal: String,
    experience_years: f64,
    stack: Vec<String>,
    hours_per_week: f64,
    target_date: Option<String>,
    held: Vec<String>,
    steps: Vec<StepJson>,
    total_hours: u32,
    finish_date: Option<String>,
    warnings: Vec<WarningJson>,
    alternatives: Vec<AlternativeJson>,
    skipped: Vec<String>,
}

#[derive(Debug, Serialize)]
struct StepJson {
    code: String,
    certification: String,
    name: String,
    tier: &'static str,
    status_on_target_date: &'static str,
    reasons: Vec<String>,
    study_hours: u32,
    hours_basis: String,
    start_date: String,
    target_date: String,
}

#[derive(Debug, Serialize)]
struct WarningJson {
    kind: &'static str,
    message: String,
}

#[derive(Debug, Serialize)]
struct AlternativeJson {
    title: String,
    codes: Vec<String>,
    reason: String,
}

impl AdviceJson {
    /// The JSON object for `advice` given for `situation`.
    pub fn new(situation: &advisor::Situation, advice: &Advice) -> AdviceJson {
        AdviceJson {
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
                .map(|s| StepJson {
                    code: s.code.clone(),
                    certification: s.certification.clone(),
                    name: s.name.clone(),
                    tier: s.tier.as_str(),
                    status_on_target_date: s.status_on_target.as_str(),
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
                .map(|w| WarningJson {
                    kind: w.kind.as_str(),
                    message: w.message.clone(),
                })
                .collect(),
            alternatives: advice
                .alternatives
                .iter()
                .map(|a| AlternativeJson {
                    title: a.title.clone(),
                    codes: a.codes.clone(),
                    reason: a.reason.clone(),
                })
                .collect(),
            skipped: advice.skipped.clone(),
        }
    }
}
