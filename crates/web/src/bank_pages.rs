//! The authors' bank browser: every item with its lint result and calibration, searchable
//! and filterable by exam, domain, service and status; one item with its key, explanations,
//! diagnostics, item statistics and distractor analysis. For authors and admins only.

use crate::AppState;
use crate::auth::{Visitor, blocking};
use crate::chrome::Chrome;
use crate::error::Error;
use crate::markdown::{to_html, to_inline_html};
use crate::pages::{Link, PageResult, render};
use askama::Template;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use bank::{Diagnostic, Item, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use storage::{ItemCalibration, Role};

/// Who may browse the bank.
const AUTHORS: &[Role] = &[Role::Author, Role::Admin];

/// The filters of the bank page.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct BankQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    exam: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    status: String,
    /// `errors`, `warnings` or `clean`.
    #[serde(default)]
    lint: String,
}

struct Filter {
    value: String,
    label: String,
    selected: bool,
}

fn filters(values: impl IntoIterator<Item = String>, selected: &str) -> Vec<Filter> {
    let mut values: Vec<String> = values.into_iter().collect();
    values.sort();
    values.dedup();
    values
        .into_iter()
        .map(|v| Filter {
            selected: v == selected,
            label: v.clone(),
            value: v,
        })
        .collect()
}

struct ItemRow {
    id: String,
    placements: String,
    kind: &'static str,
    status: &'static str,
    services: String,
    errors: usize,
    warnings: usize,
    first_problem: Option<String>,
    calibration: Option<String>,
    flagged: bool,
}

#[derive(Template)]
#[template(path = "bank.html", whitespace = "minimize")]
struct BankPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    q: String,
    exams: Vec<Filter>,
    domains: Vec<Filter>,
    services: Vec<Filter>,
    statuses: Vec<Filter>,
    lints: Vec<Filter>,
    rows: Vec<ItemRow>,
    total: usize,
    bank_wide: Vec<String>,
}

/// Diagnostics by file.
fn diagnostics_by_file(diagnostics: &[Diagnostic]) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        if let Some(file) = d.file.as_deref() {
            by_file.entry(file).or_default().push(d);
        }
    }
    by_file
}

fn diagnostic_text(d: &Diagnostic) -> String {
    let at = d
        .line_col
        .map(|(line, col)| format!("{line}:{col} "))
        .unwrap_or_default();
    format!(
        "{at}{} [{}] {}",
        match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        d.code.code(),
        d.message
    )
}

fn calibration_text(c: &ItemCalibration) -> String {
    let facility = c
        .facility
        .map(|f| format!(", facility {:.0}%", 100.0 * f))
        .unwrap_or_default();
    let discrimination = c
        .discrimination
        .map(|d| format!(", discrimination {d:.0}"))
        .unwrap_or_default();
    format!(
        "{} b {:.2}, a {:.2}, n {}{facility}{discrimination}",
        c.model, c.b, c.a, c.responses
    )
}

/// The texts of an item's options, steps or pairs.
fn option_texts(item: &Item) -> Box<dyn Iterator<Item = &str> + '_> {
    match &item.body {
        bank::Body::Choices(choices) => Box::new(choices.iter().map(|c| c.text.as_str())),
        bank::Body::Steps(steps) => Box::new(steps.iter().map(|s| s.text.as_str())),
        bank::Body::Pairs(pairs) => Box::new(pairs.iter().map(|p| p.response.as_str())),
    }
}

/// Whether an item passes the page's filters (the text search covers ids, stems, options,
/// explanations and services, ignoring case).
fn matches(item: &Item, q: &BankQuery, errors: usize, warnings: usize) -> bool {
    let text = q.q.trim().to_lowercase();
    (text.is_empty()
        || item.id.to_lowercase().contains(&text)
        || item.stem.to_lowercase().contains(&text)
        || item.explanation.to_lowercase().contains(&text)
        || item
            .services
            .iter()
            .any(|s| s.to_lowercase().contains(&text))
        || option_texts(item).any(|o| o.to_lowercase().contains(&text)))
        && (q.exam.is_empty() || item.placements.iter().any(|p| p.exam == q.exam))
        && (q.domain.is_empty()
            || item.placements.iter().any(|p| {
                (q.exam.is_empty() || p.exam == q.exam) && p.domain.to_string() == q.domain
            }))
        && (q.service.is_empty() || item.services.contains(&q.service))
        && (q.status.is_empty() || item.status.as_str() == q.status)
        && match q.lint.as_str() {
            "errors" => errors > 0,
            "warnings" => warnings > 0,
            "clean" => errors == 0 && warnings == 0,
            _ => true,
        }
}

/// `GET /bank`: the items, filtered.
pub(crate) async fn browse(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Query(q): Query<BankQuery>,
) -> PageResult {
    visitor.require(AUTHORS)?;
    let store = state.store.clone();
    let calibrations: BTreeMap<String, ItemCalibration> =
        blocking(move || Ok(store.calibrations()?))
            .await?
            .into_iter()
            .map(|c| (c.item.clone(), c))
            .collect();
    let bank = &state.bank;
    let by_file = diagnostics_by_file(&bank.diagnostics);
    let rows: Vec<ItemRow> = bank
        .items
        .iter()
        .filter_map(|item| {
            let found = by_file.get(item.file.as_str()).cloned().unwrap_or_default();
            let errors = found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = found.len() - errors;
            if !matches(item, &q, errors, warnings) {
                return None;
            }
            let calibration = calibrations.get(&item.id);
            Some(ItemRow {
                id: item.id.clone(),
                placements: item
                    .placements
                    .iter()
                    .map(|p| match &p.task {
                        Some(task) => format!("{} task {task}", p.exam),
                        None => format!("{} domain {}", p.exam, p.domain),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                kind: item.item_type.as_str(),
                status: item.status.as_str(),
                services: item.services.join(", "),
                errors,
                warnings,
                first_problem: found.first().map(|d| diagnostic_text(d)),
                calibration: calibration.map(calibration_text),
                flagged: calibration
                    .and_then(|c| c.discrimination)
                    .is_some_and(|d| d < 0.0),
            })
        })
        .collect();
    let selected_exam = q.exam.clone();
    let page = BankPage {
        title: "Question bank".into(),
        nav: "bank",
        chrome: Chrome::of(&visitor),
        exams: filters(
            bank.items
                .iter()
                .flat_map(|i| i.placements.iter().map(|p| p.exam.clone())),
            &q.exam,
        ),
        domains: filters(
            bank.items
                .iter()
                .flat_map(|i| i.placements.iter())
                .filter(|p| selected_exam.is_empty() || p.exam == selected_exam)
                .map(|p| p.domain.to_string()),
            &q.domain,
        ),
        services: filters(
            bank.items.iter().flat_map(|i| i.services.iter().cloned()),
            &q.service,
        ),
        statuses: filters(
            bank::Status::ALL.iter().map(|s| s.as_str().to_owned()),
            &q.status,
        ),
        lints: ["errors", "warnings", "clean"]
            .into_iter()
            .map(|v| Filter {
                value: v.to_owned(),
                label: match v {
                    "errors" => "with errors".to_owned(),
                    "warnings" => "with warnings".to_owned(),
                    _ => "clean".to_owned(),
                },
                selected: q.lint == v,
            })
            .collect(),
        total: bank.items.len(),
        q: q.q.clone(),
        bank_wide: bank
            .diagnostics
            .iter()
            .filter(|d| d.file.is_none())
            .map(diagnostic_text)
            .collect(),
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}

struct ChoiceRow {
    label: String,
    html: String,
    correct: bool,
    explanation: String,
}

struct ShareRow {
    option: String,
    correct: bool,
    overall: String,
    upper: String,
    lower: String,
}

#[derive(Template)]
#[template(path = "bank_item.html", whitespace = "minimize")]
struct ItemPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    id: String,
    file: String,
    placements: Vec<String>,
    meta: Vec<(String, String)>,
    stem_html: String,
    choices: Vec<ChoiceRow>,
    explanation_html: String,
    references: Vec<Link>,
    diagnostics: Vec<String>,
    calibration: Option<String>,
    shares: Vec<ShareRow>,
    distractor_note: Option<String>,
    distractor_flags: Vec<String>,
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{:.0}%", 100.0 * v))
}

/// `GET /bank/{id}`: one item, with what the linter and the learners' answers say of it.
pub(crate) async fn item(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
) -> PageResult {
    visitor.require(AUTHORS)?;
    let item = state
        .bank
        .item(&id)
        .cloned()
        .ok_or_else(|| Error::NotFound {
            path: format!("/bank/{id}"),
        })?;
    let store = state.store.clone();
    let wanted = id.clone();
    let (calibration, analysis) = blocking(move || {
        let calibration = store.calibrations()?.into_iter().find(|c| c.item == wanted);
        let (responses, choices) = attempts::first_responses(&*store)?;
        let analysis = study::calibrate::distractors(&responses, &choices)
            .into_iter()
            .find(|a| a.item == wanted);
        Ok((calibration, analysis))
    })
    .await?;
    let diagnostics = state
        .bank
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some(item.file.as_str()))
        .map(diagnostic_text)
        .collect();
    let choices = match &item.body {
        bank::Body::Choices(choices) => choices
            .iter()
            .enumerate()
            .map(|(i, c)| ChoiceRow {
                label: engine::label(u8::try_from(i).unwrap_or(u8::MAX)),
                html: to_inline_html(&c.text),
                correct: c.correct,
                explanation: to_inline_html(&c.explanation),
            })
            .collect(),
        bank::Body::Steps(steps) => steps
            .iter()
            .enumerate()
            .map(|(i, s)| ChoiceRow {
                label: format!("Step {}", i + 1),
                html: to_inline_html(&s.text),
                correct: true,
                explanation: to_inline_html(&s.explanation),
            })
            .collect(),
        bank::Body::Pairs(pairs) => pairs
            .iter()
            .map(|p| ChoiceRow {
                label: p
                    .prompt
                    .as_deref()
                    .map_or_else(|| "(distractor)".to_owned(), to_inline_html),
                html: to_inline_html(&p.response),
                correct: p.prompt.is_some(),
                explanation: to_inline_html(&p.explanation),
            })
            .collect(),
    };
    let (shares, distractor_note, distractor_flags) = match &analysis {
        Some(a) => (
            a.options
                .iter()
                .map(|o| ShareRow {
                    option: o.option.clone(),
                    correct: o.correct,
                    overall: share(Some(o.overall)),
                    upper: share(o.upper),
                    lower: share(o.lower),
                })
                .collect(),
            Some(if a.group_size == 0 {
                format!(
                    "{} learners answered it first; groups need at least {}.",
                    a.candidates,
                    study::calibrate::MIN_CANDIDATES
                )
            } else {
                format!(
                    "{} learners answered it first; upper and lower groups of {} (27%).",
                    a.candidates, a.group_size
                )
            }),
            a.flags
                .iter()
                .map(|f| {
                    format!(
                        "“{}” draws {:.0}% of the upper group, more than the correct “{}” ({:.0}%).",
                        f.distractor,
                        100.0 * f.distractor_upper,
                        f.key,
                        100.0 * f.key_upper
                    )
                })
                .collect(),
        ),
        None => (Vec::new(), None, Vec::new()),
    };
    let mut meta = vec![
        ("Type".to_owned(), item.item_type.as_str().to_owned()),
        ("Status".to_owned(), item.status.as_str().to_owned()),
        ("Author".to_owned(), item.author.clone()),
        ("Services".to_owned(), item.services.join(", ")),
    ];
    if let Some(reviewer) = &item.reviewer {
        meta.push(("Reviewer".into(), reviewer.clone()));
    }
    if let Some(reviewed) = item.reviewed {
        meta.push(("Reviewed".into(), reviewed.to_string()));
    }
    if let Some(angoff) = item.angoff {
        meta.push(("Angoff rating".into(), format!("{angoff:.2}")));
    }
    let page = ItemPage {
        title: format!("{} · bank", item.id),
        nav: "bank",
        chrome: Chrome::of(&visitor),
        placements: item
            .placements
            .iter()
            .map(|p| match &p.task {
                Some(task) => format!("{} domain {} task {task}", p.exam, p.domain),
                None => format!("{} domain {}", p.exam, p.domain),
            })
            .collect(),
        meta,
        stem_html: to_html(&item.stem),
        choices,
        explanation_html: to_html(&item.explanation),
        references: crate::pages::reference_links(&item.references),
        diagnostics,
        calibration: calibration.as_ref().map(calibration_text),
        shares,
        distractor_note,
        distractor_flags,
        id: item.id,
        file: item.file,
    };
    Ok(render(StatusCode::OK, &page))
}
