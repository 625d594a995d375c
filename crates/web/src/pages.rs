//! The HTML pages: view models built from the catalog and the advice, rendered with askama.
//!
//! Templates live in `templates/`; askama escapes every value, and nothing here marks a
//! value safe. The view models hold ready-to-print text so that the templates only lay out.

use crate::AppState;
use crate::api::{advise_error, find_exam, query};
use crate::auth::Visitor;
use crate::chrome::Chrome;
use crate::dto::predecessors;
use crate::error::Error;
use crate::input::{AdviceQuery, CatalogQuery, OnQuery};
use advisor::{Advice, InputError, Rules, Situation};
use askama::Template;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use catalog::{Catalog, Confidence, ExamVersion, Fact, LastDayBasis, Status, Tier};
use std::fmt::Display;
use std::sync::Arc;
use time::Date;

/// The style sheet, compiled in.
const STYLESHEET: &str = include_str!("../static/app.css");

/// An HTML response, or an error page.
pub(crate) type PageResult = Result<Response, PageError>;

/// Renders a template with a status, or logs the failure and answers 500.
pub(crate) fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Error</title><p>Something went wrong on our side; it has been logged.</p>".to_owned()),
            )
                .into_response()
        }
    }
}

/// An [`Error`] shown as an HTML page with the error's status.
#[derive(Debug)]
pub(crate) struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(error: Error) -> PageError {
        PageError(error)
    }
}

#[derive(Template)]
#[template(path = "error.html", whitespace = "minimize")]
struct ErrorPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    heading: String,
    message: String,
    suggestion: Option<Link>,
    back: Link,
}

/// A link: where to and what it says.
pub(crate) struct Link {
    /// Where to.
    pub href: String,
    /// What it says.
    pub text: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = self.0;
        if let Error::Internal(detail) = &error {
            tracing::error!(%detail, "internal error");
        }
        let status = error.status();
        let (heading, suggestion, back) = match &error {
            Error::UnknownExam { suggestion, .. } => (
                "Exam not found".to_owned(),
                suggestion.as_ref().map(|code| Link {
                    href: format!("/catalog/{code}"),
                    text: code.clone(),
                }),
                Link {
                    href: "/catalog".into(),
                    text: "See every exam in the catalog".into(),
                },
            ),
            Error::NotFound { .. } => (
                "Page not found".to_owned(),
                None,
                Link {
                    href: "/".into(),
                    text: "Go to the home page".into(),
                },
            ),
            Error::Internal(_) => (
                "Something went wrong".to_owned(),
                None,
                Link {
                    href: "/".into(),
                    text: "Go to the home page".into(),
                },
            ),
            _ => (
                "That request cannot be shown".to_owned(),
                error.suggestion().map(|s| Link {
                    href: String::new(),
                    text: s.to_owned(),
                }),
                Link {
                    href: "/catalog".into(),
                    text: "Back to the catalog".into(),
                },
            ),
        };
        let page = ErrorPage {
            title: heading.clone(),
            nav: "",
            chrome: Chrome::none(),
            heading,
            message: sentence(&error),
            suggestion,
            back,
        };
        render(status, &page)
    }
}

// ---------------------------------------------------------------------------------------
// Shared text.

/// "Developer – Associate" for "AWS Certified Developer – Associate".
fn short_name(name: &str) -> &str {
    name.strip_prefix("AWS Certified ").unwrap_or(name)
}

/// An error as a sentence for a page: "Unknown role “web-developr”."
fn sentence(error: &Error) -> String {
    match error {
        Error::Input {
            error: InputError::Unknown { kind, given, .. },
            ..
        } => format!("Unknown {kind} “{given}”."),
        Error::Input {
            error: InputError::Invalid { given, message, .. },
            ..
        } => format!("“{given}” is not accepted: {message}."),
        Error::UnknownExam { given, .. } => format!("No exam has the code “{given}”."),
        Error::NotFound { path } => format!("There is no page at {path}."),
        other => format!("{}.", capitalise(&other.message())),
    }
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plural(value: f64, unit: &str) -> String {
    if (value - 1.0).abs() < f64::EPSILON {
        format!("{value} {unit}")
    } else {
        format!("{value} {unit}s")
    }
}

/// `?on=DAY` when `day` is not today, so links keep the day being looked at.
fn day_query(day: Date, today: Date) -> String {
    if day == today {
        String::new()
    } else {
        format!("?on={day}")
    }
}

/// An exam's status on a day, in words, with the successor to link to.
struct StatusView {
    /// `active`, `beta`, `upcoming` or `retired`, for the style sheet.
    class: &'static str,
    /// "Retired after 2026-11-30", "Active, last day 2027-01-31", ...
    text: String,
    /// The code that replaces the exam, shown as "replaced by CODE".
    successor: Option<String>,
}

impl StatusView {
    fn new(exam: &ExamVersion, status: Status, day: Date) -> StatusView {
        let text = match status {
            Status::Active => match exam.last_day() {
                Some((last, _)) => format!("Active, last day {last}"),
                None => "Active".to_owned(),
            },
            Status::Beta => {
                let ga = &exam.dates.available_from;
                match ga.value {
                    Some(d) if ga.confidence == Confidence::Unverified => {
                        format!("Beta, generally available from {d} (unconfirmed)")
                    }
                    Some(d) => format!("Beta, generally available from {d}"),
                    None => "Beta".to_owned(),
                }
            }
            Status::Upcoming => match exam.first_day() {
                Some(first) if first > day => format!("Upcoming, from {first}"),
                _ => "Upcoming".to_owned(),
            },
            Status::Retired => match exam.last_day() {
                Some((last, LastDayBasis::Stated)) => format!("Retired after {last}"),
                Some((last, LastDayBasis::DerivedFromSuccessor)) => {
                    format!("Retired after {last} (the day before its successor began)")
                }
                None => "Retired (date unknown)".to_owned(),
            },
        };
        let show_successor = matches!(status, Status::Retired)
            || (status == Status::Active && exam.last_day().is_some());
        StatusView {
            class: status.as_str(),
            text,
            successor: exam
                .successor()
                .filter(|_| show_successor)
                .map(str::to_owned),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Home.

#[derive(Template)]
#[template(path = "home.html", whitespace = "minimize")]
struct HomePage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    today: String,
    exams: usize,
}

/// `GET /`.
pub(crate) async fn home(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
) -> Response {
    render(
        StatusCode::OK,
        &HomePage {
            title: "Choose, prepare for and pass AWS certifications".into(),
            nav: "home",
            chrome: Chrome::of(&visitor),
            today: state.today().to_string(),
            exams: state.catalog.exams().len(),
        },
    )
}

/// `GET /static/app.css`.
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// The exam pages' script: the ticking timer and keyboard shortcuts.
const EXAM_SCRIPT: &str = include_str!("../static/exam.js");

/// `GET /static/exam.js`.
pub(crate) async fn exam_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        EXAM_SCRIPT,
    )
        .into_response()
}

/// `GET /health`: the server answers (touches nothing else).
pub(crate) async fn health() -> &'static str {
    "ok"
}

/// Anything else: a 404 page, or a JSON 404 under `/api/`.
pub(crate) async fn not_found(uri: Uri) -> Response {
    let error = Error::NotFound {
        path: uri.path().to_owned(),
    };
    if uri.path().starts_with("/api/") {
        error.into_response()
    } else {
        PageError(error).into_response()
    }
}

// ---------------------------------------------------------------------------------------
// Catalog.

/// An option of a select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct CatalogRow {
    tier: &'static str,
    code: String,
    name: String,
    status: StatusView,
    questions: Option<String>,
    minutes: Option<String>,
    passing_score: Option<String>,
    price_usd: Option<String>,
}

#[derive(Template)]
#[template(path = "catalog.html", whitespace = "minimize")]
struct CatalogPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    day: String,
    is_today: bool,
    day_query: String,
    all: bool,
    tiers: Vec<Choice>,
    rows: Vec<CatalogRow>,
}

fn questions_text(exam: &ExamVersion) -> Option<String> {
    let f = &exam.format;
    match (f.questions_scored.value, f.questions_unscored.value) {
        (Some(scored), Some(unscored)) => Some(format!("{scored} + {unscored}")),
        _ => None,
    }
}

fn text<T: Display>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// `GET /catalog`.
pub(crate) async fn catalog(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    q: Result<Query<CatalogQuery>, QueryRejection>,
) -> PageResult {
    let today = state.today();
    let (day, filter) = query(q)?.parse(today)?;
    let rows = state
        .catalog
        .program_on(day, filter)
        .into_iter()
        .map(|listed| {
            let exam = listed.exam;
            CatalogRow {
                tier: exam.tier.title(),
                code: exam.code.clone(),
                name: short_name(&exam.name).to_owned(),
                status: StatusView::new(exam, listed.status, day),
                questions: questions_text(exam),
                minutes: text(exam.format.duration_minutes.value),
                passing_score: text(exam.format.passing_score.value),
                price_usd: text(exam.format.price_usd.value),
            }
        })
        .collect();
    let tiers = Tier::ALL
        .iter()
        .map(|tier| Choice {
            value: tier.as_str().to_owned(),
            label: tier.title().to_owned(),
            selected: filter.tier == Some(*tier),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &CatalogPage {
            title: format!("AWS Certification program on {day}"),
            nav: "catalog",
            chrome: Chrome::of(&visitor),
            day: day.to_string(),
            is_today: day == today,
            day_query: day_query(day, today),
            all: filter.all,
            tiers,
            rows,
        },
    ))
}

// ---------------------------------------------------------------------------------------
// One exam.

/// A source cited on the page: `anchor` is the id of its entry in the page's source list.
struct SourceRef {
    key: String,
    anchor: String,
}

struct SourceView {
    key: String,
    anchor: String,
    title: String,
    url: String,
    read: Option<String>,
}

struct FactRow {
    name: &'static str,
    value: Option<String>,
    /// What to say when there is no value.
    missing: &'static str,
    confidence: &'static str,
    sources: Vec<SourceRef>,
    note: Option<String>,
}

struct TaskView {
    id: String,
    statement: String,
}

struct DomainView {
    number: u8,
    name: String,
    weight: u8,
    tasks: Vec<TaskView>,
}

#[derive(Template)]
#[template(path = "exam.html", whitespace = "minimize")]
struct ExamPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    /// What the bank offers for practice: "65 questions in the bank", when it has any.
    practice: Option<String>,
    code: String,
    name: String,
    tier: &'static str,
    certification: String,
    day: String,
    is_today: bool,
    status: StatusView,
    predecessors: Vec<String>,
    guide: Option<SourceView>,
    facts: Vec<FactRow>,
    experience: FactRow,
    domains_confidence: &'static str,
    domains_sources: Vec<SourceRef>,
    domains_note: Option<String>,
    domains: Vec<DomainView>,
    with_tasks: bool,
    notes: Vec<String>,
    sources: Vec<SourceView>,
}

fn anchor(key: &str) -> String {
    let safe: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("source-{safe}")
}

fn source_refs(keys: &[String]) -> Vec<SourceRef> {
    keys.iter()
        .map(|key| SourceRef {
            key: key.clone(),
            anchor: anchor(key),
        })
        .collect()
}

fn source_view(catalog: &Catalog, key: &str) -> Option<SourceView> {
    catalog.source(key).map(|s| SourceView {
        key: key.to_owned(),
        anchor: anchor(key),
        title: s.title.clone(),
        url: s.url.clone(),
        read: s.read.clone(),
    })
}

const NOT_PUBLISHED: &str = "not published";
const NONE_ANNOUNCED: &str = "none announced";

fn fact_row<T: Display>(name: &'static str, fact: &Fact<T>, missing: &'static str) -> FactRow {
    FactRow {
        name,
        value: fact.value.as_ref().map(ToString::to_string),
        missing,
        confidence: fact.confidence.as_str(),
        sources: source_refs(&fact.sources),
        note: fact.note.clone(),
    }
}

/// `GET /catalog/{code}`.
pub(crate) async fn exam(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    code: Result<Path<String>, PathRejection>,
    q: Result<Query<OnQuery>, QueryRejection>,
) -> PageResult {
    let exam = find_exam(&state, code)?;
    let today = state.today();
    let day = crate::input::day(&query(q)?.on, today)?;
    let catalog = &*state.catalog;
    let f = &exam.format;
    let c = &exam.candidate;
    let mut facts = Vec::new();
    if let Some(beta) = &exam.dates.beta_from {
        facts.push(fact_row("Beta from", beta, NONE_ANNOUNCED));
    }
    facts.extend([
        fact_row("Available from", &exam.dates.available_from, NOT_PUBLISHED),
        fact_row("Last day", &exam.dates.last_day, NONE_ANNOUNCED),
        fact_row("Successor", &exam.dates.successor, NONE_ANNOUNCED),
        fact_row("Questions scored", &f.questions_scored, NOT_PUBLISHED),
        fact_row("Questions unscored", &f.questions_unscored, NOT_PUBLISHED),
        fact_row("Minutes", &f.duration_minutes, NOT_PUBLISHED),
        fact_row("Passing score", &f.passing_score, NOT_PUBLISHED),
        fact_row("Price (USD)", &f.price_usd, NOT_PUBLISHED),
    ]);
    let types = f
        .question_types
        .clone()
        .map(|t| t.iter().map(|q| q.as_str()).collect::<Vec<_>>().join(", "));
    facts.push(fact_row("Question types", &types, NOT_PUBLISHED));
    if let Some(beta) = &exam.beta_format {
        facts.extend([
            fact_row("Beta questions", &beta.questions_total, NOT_PUBLISHED),
            fact_row("Beta minutes", &beta.duration_minutes, NOT_PUBLISHED),
            fact_row("Beta price (USD)", &beta.price_usd, NOT_PUBLISHED),
        ]);
    }
    facts.push(fact_row(
        "AWS experience (years)",
        &c.aws_experience_years,
        NOT_PUBLISHED,
    ));
    let services = c.main_services.clone().map(|s| s.join(", "));
    facts.push(fact_row("Main services", &services, NOT_PUBLISHED));
    let experience = fact_row(
        "Recommended experience",
        &c.recommended_experience,
        NOT_PUBLISHED,
    );

    // Every source cited, in the order first cited, then the guide.
    let mut keys: Vec<&str> = Vec::new();
    let cited = facts
        .iter()
        .chain([&experience])
        .flat_map(|row| row.sources.iter().map(|s| s.key.as_str()))
        .chain(exam.domains.sources.iter().map(String::as_str))
        .chain(exam.guide.as_deref());
    for key in cited {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let sources = keys
        .iter()
        .filter_map(|key| source_view(catalog, key))
        .collect();

    let d = &exam.domains;
    let domains: Vec<DomainView> = d
        .list
        .iter()
        .map(|domain| DomainView {
            number: domain.number,
            name: domain.name.clone(),
            weight: domain.weight,
            tasks: domain
                .tasks
                .iter()
                .map(|t| TaskView {
                    id: t.id.clone(),
                    statement: t.statement.clone(),
                })
                .collect(),
        })
        .collect();
    let status = exam.status_on(day);
    Ok(render(
        StatusCode::OK,
        &ExamPage {
            title: format!("{} · {}", exam.code, short_name(&exam.name)),
            nav: "catalog",
            chrome: Chrome::of(&visitor),
            practice: state
                .practice
                .iter()
                .find(|p| p.code == exam.code)
                .map(|p| {
                    if p.full {
                        format!(
                            "{} questions in the bank: enough for a full exam simulation",
                            p.items
                        )
                    } else {
                        format!(
                            "{} questions in the bank: enough for quizzes and drills",
                            p.items
                        )
                    }
                }),
            code: exam.code.clone(),
            name: exam.name.clone(),
            tier: exam.tier.title(),
            certification: exam.certification.clone(),
            day: day.to_string(),
            is_today: day == today,
            status: StatusView::new(exam, status, day),
            predecessors: predecessors(catalog, exam),
            guide: exam
                .guide
                .as_deref()
                .and_then(|key| source_view(catalog, key)),
            facts,
            experience,
            domains_confidence: d.confidence.as_str(),
            domains_sources: source_refs(&d.sources),
            domains_note: d.note.clone(),
            with_tasks: domains.iter().any(|domain| !domain.tasks.is_empty()),
            domains,
            notes: exam.notes.clone(),
            sources,
        },
    ))
}

// ---------------------------------------------------------------------------------------
// The advisor.

/// A problem with one field of the form.
struct FieldError {
    message: String,
    suggestion: Option<String>,
}

/// One field of the form: its name (also its id), the value to show back, its problem.
struct Field {
    name: &'static str,
    value: String,
    error: Option<FieldError>,
}

impl Field {
    /// The ids the field's `aria-describedby` names: its hint, then its error.
    fn described_by(&self, hint: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

struct ServiceView {
    id: String,
    label: String,
}

struct StepView {
    code: String,
    name: String,
    tier: &'static str,
    status: &'static str,
    reasons: Vec<String>,
    hours: u32,
    basis: String,
    start: String,
    target: String,
}

struct AlternativeView {
    title: String,
    codes: Vec<String>,
    reason: String,
}

struct WarningView {
    kind: &'static str,
    message: String,
}

struct AdviceView {
    start: String,
    start_is_today: bool,
    hours_per_week: String,
    role: String,
    goal: String,
    goal_is_default: bool,
    experience: String,
    experience_given: bool,
    stack: String,
    target: Option<String>,
    held: Vec<String>,
    steps: Vec<StepView>,
    total_hours: u32,
    finish_date: Option<String>,
    warnings: Vec<WarningView>,
    alternatives: Vec<AlternativeView>,
    /// The one reason all alternatives share, said once.
    shared_reason: Option<String>,
}

#[derive(Template)]
#[template(path = "advise.html", whitespace = "minimize")]
struct AdvisePage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    today: String,
    errors: Vec<(&'static str, String)>,
    roles: Vec<Choice>,
    goals: Vec<Choice>,
    role: Field,
    goal: Field,
    experience_years: Field,
    hours_per_week: Field,
    stack: Field,
    target_date: Field,
    held: Field,
    on: Field,
    services: Vec<ServiceView>,
    advice: Option<AdviceView>,
}

fn advice_view(
    catalog: &Catalog,
    rules: &Rules,
    situation: &Situation,
    advice: &Advice,
    experience_given: bool,
    today: Date,
) -> AdviceView {
    let label = |id: &str| {
        catalog
            .versions_of(id)
            .last()
            .map_or(id.to_owned(), |e| short_name(&e.name).to_owned())
    };
    let shared_reason = advice
        .alternatives
        .windows(2)
        .all(|pair| pair[0].reason == pair[1].reason)
        .then(|| advice.alternatives.first().map(|a| a.reason.clone()))
        .flatten()
        .filter(|_| advice.alternatives.len() > 1);
    AdviceView {
        start: situation.today.to_string(),
        start_is_today: situation.today == today,
        hours_per_week: plural(situation.hours_per_week, "hour"),
        role: rules
            .role_by_id(&advice.role)
            .map_or(advice.role.clone(), |r| r.label.clone()),
        goal: rules
            .goal_by_id(&advice.goal)
            .map_or(advice.goal.clone(), |g| g.label.clone()),
        goal_is_default: situation.goal.is_none(),
        experience: plural(situation.experience_years, "year"),
        experience_given,
        stack: if situation.stack.is_empty() {
            "none given".to_owned()
        } else {
            situation.stack.join(", ")
        },
        target: situation.target_date.map(|d| d.to_string()),
        held: situation.held.iter().map(|id| label(id)).collect(),
        steps: advice
            .steps
            .iter()
            .map(|step| StepView {
                code: step.code.clone(),
                name: short_name(&step.name).to_owned(),
                tier: step.tier.title(),
                status: step.status_on_target.as_str(),
                reasons: step.reasons.iter().map(|r| capitalise(r)).collect(),
                hours: step.study_hours,
                basis: step.hours_basis.clone(),
                start: step.start_date.to_string(),
                target: step.target_date.to_string(),
            })
            .collect(),
        total_hours: advice.total_hours,
        finish_date: advice.steps.last().map(|s| s.target_date.to_string()),
        warnings: advice
            .warnings
            .iter()
            .map(|w| WarningView {
                kind: w.kind.as_str(),
                message: w.message.clone(),
            })
            .collect(),
        alternatives: advice
            .alternatives
            .iter()
            .map(|a| AlternativeView {
                title: a.title.clone(),
                codes: a.codes.clone(),
                reason: a.reason.clone(),
            })
            .collect(),
        shared_reason,
    }
}

/// How a field's error reads next to the field.
fn field_error(error: &Error) -> FieldError {
    let message = match error {
        Error::MissingParameter { .. } => "Choose your current role.".to_owned(),
        other => sentence(other),
    };
    FieldError {
        message,
        suggestion: error.suggestion().map(str::to_owned),
    }
}

/// `GET /advise`: the form, and with parameters the path or the form with its problems.
pub(crate) async fn advise(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    q: Result<Query<AdviceQuery>, QueryRejection>,
) -> PageResult {
    let q = query(q)?;
    let today = state.today();
    let (catalog, rules) = (&*state.catalog, &*state.rules);
    let (status, advice, errors) = if q.is_empty() {
        (StatusCode::OK, None, Vec::new())
    } else {
        match q.situation(catalog, rules, today).and_then(|s| {
            match advisor::advise(catalog, rules, &s) {
                Ok(advice) => Ok((s, advice)),
                Err(e) => Err(vec![advise_error(e)]),
            }
        }) {
            Ok((situation, advice)) => {
                let experience_given = q
                    .experience_years
                    .as_deref()
                    .is_some_and(|v| !v.trim().is_empty());
                let view =
                    advice_view(catalog, rules, &situation, &advice, experience_given, today);
                (StatusCode::OK, Some(view), Vec::new())
            }
            Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors),
        }
    };

    let field = |name: &'static str, value: &Option<String>| Field {
        name,
        value: value.clone().unwrap_or_default(),
        error: errors
            .iter()
            .find(|e| e.field() == Some(name))
            .map(field_error),
    };
    let selected_role = q
        .role
        .as_deref()
        .and_then(|r| rules.parse_role(r).ok())
        .map(|r| r.id.as_str());
    let selected_goal = q
        .goal
        .as_deref()
        .and_then(|g| rules.parse_goal(g).ok())
        .map(|g| g.id.as_str());
    let page = AdvisePage {
        title: if advice.is_some() {
            "Your certification path".into()
        } else {
            "Find your certification path".into()
        },
        nav: "advise",
        chrome: Chrome::of(&visitor),
        today: today.to_string(),
        errors: errors
            .iter()
            .map(|e| (e.field().unwrap_or("role"), field_error(e).message))
            .collect(),
        roles: rules
            .roles
            .iter()
            .map(|r| Choice {
                value: r.id.clone(),
                label: r.label.clone(),
                selected: selected_role == Some(r.id.as_str()),
            })
            .collect(),
        goals: rules
            .goals
            .iter()
            .map(|g| Choice {
                value: g.id.clone(),
                label: g.label.clone(),
                selected: selected_goal == Some(g.id.as_str()),
            })
            .collect(),
        role: field("role", &q.role),
        goal: field("goal", &q.goal),
        experience_years: field("experience_years", &q.experience_years),
        hours_per_week: field("hours_per_week", &q.hours_per_week),
        stack: field("stack", &q.stack),
        target_date: field("target_date", &q.target_date),
        held: field("held", &q.held),
        on: field("on", &q.on),
        services: rules
            .services
            .iter()
            .map(|s| ServiceView {
                id: s.id.clone(),
                label: s.label.clone(),
            })
            .collect(),
        advice,
    };
    Ok(render(status, &page))
}

/// A bank item's references as links (the title when given, else the URL).
pub(crate) fn reference_links(references: &[bank::Reference]) -> Vec<Link> {
    references
        .iter()
        .map(|r| Link {
            href: r.url.clone(),
            text: r.title.clone().unwrap_or_else(|| r.url.clone()),
        })
        .collect()
}

/// A stored time for a page: "2026-12-01 09:30 UTC".
pub(crate) fn when(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}
