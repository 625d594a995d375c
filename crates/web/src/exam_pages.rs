//! Taking an exam in the browser: the practice page, one question at a time with the
//! navigator, flags, the timer and "Select N", the review screen, and submitting.
//!
//! Every page is a plain HTML form that works without JavaScript: every button of a
//! question page (next, previous, a navigator entry, flag, check, review) first records the
//! answer on the page, so nothing chosen is lost. `static/exam.js` only adds the ticking
//! timer and keyboard shortcuts. In exam mode nothing on these pages says which option is
//! right until the attempt is closed: the engine's views hold no solution before then.

use crate::AppState;
use crate::auth::Visitor;
use crate::chrome::Chrome;
use crate::error::Error;
use crate::markdown::{to_html, to_inline_html};
use crate::pages::{PageError, PageResult, render};
use crate::runner::{change, with_attempts};
use askama::Template;
use attempts::{Live, StartSpec};
use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use engine::{Answer, Event, FormShape, Mode, QuestionKind, QuestionView, Status};
use serde::Deserialize;
use std::sync::Arc;

/// Questions in a quiz or a drill.
pub(crate) const QUIZ_QUESTIONS: u32 = 10;

// ---------------------------------------------------------------------------------------
// The practice page.

struct ExamChoice {
    code: String,
    label: String,
    full: bool,
    selected: bool,
}

struct DomainChoice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "practice.html", whitespace = "minimize")]
struct PracticePage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    exams: Vec<ExamChoice>,
    domains: Vec<DomainChoice>,
    unfinished: Vec<Unfinished>,
    error: Option<String>,
}

struct Unfinished {
    id: String,
    text: String,
}

/// The query of the practice page: which exam to preselect.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct PracticeQuery {
    #[serde(default)]
    exam: String,
}

fn practice_page(
    state: &AppState,
    visitor: &Visitor,
    selected: &str,
    unfinished: Vec<Unfinished>,
    error: Option<String>,
) -> PracticePage {
    let selected = if selected.is_empty() {
        state
            .practice
            .iter()
            .find(|e| e.full)
            .map(|e| e.code.clone())
            .unwrap_or_default()
    } else {
        selected.to_ascii_uppercase()
    };
    PracticePage {
        title: "Practice".into(),
        nav: "practice",
        chrome: Chrome::of(visitor),
        exams: state
            .practice
            .iter()
            .map(|e| ExamChoice {
                code: e.code.clone(),
                label: format!(
                    "{} {} ({} questions in the bank)",
                    e.code,
                    e.name.strip_prefix("AWS Certified ").unwrap_or(&e.name),
                    e.items
                ),
                full: e.full,
                selected: e.code == selected,
            })
            .collect(),
        domains: state
            .practice
            .iter()
            .flat_map(|e| {
                e.domains.iter().map(move |(number, name)| DomainChoice {
                    value: format!("{}:{number}", e.code),
                    label: format!("{} domain {number}: {name}", e.code),
                })
            })
            .collect(),
        unfinished,
        error,
    }
}

/// `GET /practice`.
pub(crate) async fn practice(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    axum::extract::Query(q): axum::extract::Query<PracticeQuery>,
) -> PageResult {
    let unfinished = with_attempts(&state, visitor.owner(), |attempts, _| {
        Ok(attempts
            .history(None)?
            .into_iter()
            .filter(|a| a.finished_at.is_none())
            .map(|a| Unfinished {
                text: format!(
                    "{} {} started {}",
                    a.exam,
                    a.mode,
                    crate::pages::when(a.started_at)
                ),
                id: a.id,
            })
            .collect())
    })
    .await?;
    Ok(render(
        StatusCode::OK,
        &practice_page(&state, &visitor, &q.exam, unfinished, None),
    ))
}

/// The fields of the practice form.
#[derive(Debug, Deserialize)]
pub(crate) struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    exam: String,
    /// `exam`, `practice`, `quiz`, `drill` or `review`.
    #[serde(default)]
    kind: String,
    /// For a drill: `CODE:N`.
    #[serde(default)]
    domain: String,
}

/// What a kind of session on the practice page starts.
pub(crate) fn start_spec(exam: &str, kind: &str, domain: &str) -> Result<StartSpec, Error> {
    let (mode, shape) = match kind {
        "exam" => (Mode::Exam, FormShape::Full),
        "practice" => (Mode::Practice { timed: false }, FormShape::Full),
        "quiz" => (
            Mode::Practice { timed: false },
            FormShape::Custom {
                domains: Vec::new(),
                count: QUIZ_QUESTIONS,
                minutes: None,
            },
        ),
        "drill" => {
            let number = domain
                .rsplit_once(':')
                .map_or(domain, |(_, n)| n)
                .parse::<u8>()
                .map_err(|_| Error::BadRequest("choose the domain to drill".into()))?;
            (
                Mode::DomainDrill { timed: false },
                FormShape::Drill {
                    domain: number,
                    count: QUIZ_QUESTIONS,
                    minutes: None,
                },
            )
        }
        "review" => (
            Mode::Review { timed: false },
            FormShape::Review {
                ids: Vec::new(),
                minutes: None,
            },
        ),
        other => {
            return Err(Error::BadRequest(format!(
                "unknown kind of session `{other}`; choose exam, practice, quiz, drill or review"
            )));
        }
    };
    Ok(StartSpec {
        exam: exam.to_owned(),
        mode,
        shape,
        seed: None,
    })
}

/// `POST /attempts`: starts an attempt and shows its first question.
pub(crate) async fn start(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Form(form): Form<StartForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let exam = if form.kind == "drill" && form.domain.contains(':') {
        form.domain
            .split_once(':')
            .map(|(code, _)| code.to_owned())
            .unwrap_or_default()
    } else {
        form.exam.clone()
    };
    let spec = match start_spec(&exam, &form.kind, &form.domain) {
        Ok(spec) => spec,
        Err(err) => {
            let page = practice_page(&state, &visitor, &exam, Vec::new(), Some(err.message()));
            return Ok(render(err.status(), &page));
        }
    };
    let started = with_attempts(&state, visitor.owner(), move |attempts, now| {
        Ok(attempts.start(spec, now).map(|live| {
            let id = live.id.clone();
            attempts.keep(live);
            id
        }))
    })
    .await?;
    match started {
        Ok(id) => Ok(Redirect::to(&format!("/attempts/{id}/q/1")).into_response()),
        Err(err) => {
            let err = Error::from(err);
            if matches!(err, Error::Internal(_)) {
                return Err(PageError(err));
            }
            let page = practice_page(&state, &visitor, &exam, Vec::new(), Some(err.message()));
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

// ---------------------------------------------------------------------------------------
// One question.

/// One option, step or response as the page shows it.
struct OptionRow {
    /// Its shown position (the form value).
    value: usize,
    /// "A", "B", ...
    label: String,
    /// Its text as HTML.
    html: String,
    /// Whether the recorded answer chose it.
    checked: bool,
    /// Once revealed: whether it is part of the key.
    correct: Option<bool>,
    /// Once revealed: why it is right or wrong (HTML).
    explanation: Option<String>,
}

/// A step of an ordering question with its chosen position.
struct StepRow {
    value: usize,
    label: String,
    html: String,
    /// The position chosen, 1-based; 0 for none.
    position: usize,
}

/// A prompt of a matching question with its chosen response.
struct PromptRow {
    value: usize,
    html: String,
    /// The response chosen, by shown position; `None` for none.
    chosen: Option<usize>,
    explanation: Option<String>,
}

/// One entry of the navigator.
struct NavEntry {
    number: usize,
    answered: bool,
    flagged: bool,
    current: bool,
    /// Once revealed: whether it was right.
    correct: Option<bool>,
}

impl NavEntry {
    /// The entry's state in words, for its accessible name.
    fn state(&self) -> String {
        let mut parts = vec![if self.answered {
            "answered"
        } else {
            "not answered"
        }];
        if self.flagged {
            parts.push("flagged");
        }
        match self.correct {
            Some(true) => parts.push("correct"),
            Some(false) => parts.push("wrong"),
            None => {}
        }
        parts.join(", ")
    }
}

/// The key and explanations of a revealed question.
struct SolutionView {
    correct: bool,
    key: String,
    explanation: String,
    references: Vec<crate::pages::Link>,
}

#[derive(Template)]
#[template(path = "question.html", whitespace = "minimize")]
struct QuestionPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    id: String,
    exam: String,
    exam_name: String,
    mode: &'static str,
    exam_mode: bool,
    number: usize,
    total: usize,
    kind: &'static str,
    case_html: Option<String>,
    stem_html: String,
    instruction: String,
    input_type: &'static str,
    options: Vec<OptionRow>,
    steps: Vec<StepRow>,
    positions: Vec<usize>,
    prompts: Vec<PromptRow>,
    flagged: bool,
    has_answer: bool,
    locked: bool,
    closed: bool,
    can_check: bool,
    paused: bool,
    can_pause: bool,
    remaining: Option<String>,
    remaining_seconds: Option<i64>,
    navigator: Vec<NavEntry>,
    error: Option<String>,
    solution: Option<SolutionView>,
    has_prev: bool,
    has_next: bool,
    answered: usize,
}

/// "1:05:09" or "4:09" for a duration.
pub(crate) fn clock_text(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn key_text(key: &Answer, view: &QuestionView) -> String {
    match key {
        Answer::Choices(c) => c
            .iter()
            .map(|i| engine::label(*i))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::Order(order) => order
            .iter()
            .map(|i| engine::label(*i))
            .collect::<Vec<_>>()
            .join(" → "),
        Answer::Matches(m) => m
            .iter()
            .enumerate()
            .map(|(p, r)| {
                let prompt = view.prompts.get(p).map(String::as_str).unwrap_or_default();
                format!("{prompt}: {}", engine::label(*r))
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn question_page(
    visitor: &Visitor,
    live: &Live,
    index: usize,
    now: time::OffsetDateTime,
    error: Option<String>,
) -> Result<QuestionPage, Error> {
    let attempt = &live.attempt;
    let total = attempt.form().items().len();
    let view = attempt.question(index).map_err(|_| Error::NoSuchQuestion {
        number: index + 1,
        total,
    })?;
    let closed = attempt.is_closed();
    let exam_mode = attempt.mode() == Mode::Exam;
    let solution = view.solution.as_ref();
    let chosen: Vec<u8> = match &view.answer {
        Some(Answer::Choices(c)) => c.clone(),
        _ => Vec::new(),
    };
    let option_explanations = solution.map(|s| s.option_explanations().to_vec());
    let key_choices: Option<Vec<u8>> = solution.and_then(|s| match s.key() {
        Answer::Choices(c) => Some(c.clone()),
        _ => None,
    });
    let (options, steps, prompts) = match view.kind {
        QuestionKind::Single | QuestionKind::Multiple => (
            view.options
                .iter()
                .enumerate()
                .map(|(i, o)| OptionRow {
                    value: i,
                    label: o.label.clone(),
                    html: to_inline_html(&o.text),
                    checked: chosen.contains(&(i as u8)),
                    correct: key_choices.as_ref().map(|k| k.contains(&(i as u8))),
                    explanation: option_explanations
                        .as_ref()
                        .and_then(|e| e.get(i))
                        .filter(|e| !e.is_empty())
                        .map(|e| to_inline_html(e)),
                })
                .collect(),
            Vec::new(),
            Vec::new(),
        ),
        QuestionKind::Ordering => {
            let order: Vec<u8> = match &view.answer {
                Some(Answer::Order(o)) => o.clone(),
                _ => Vec::new(),
            };
            (
                Vec::new(),
                view.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| StepRow {
                        value: i,
                        label: o.label.clone(),
                        html: to_inline_html(&o.text),
                        position: order
                            .iter()
                            .position(|s| usize::from(*s) == i)
                            .map_or(0, |p| p + 1),
                    })
                    .collect(),
                Vec::new(),
            )
        }
        QuestionKind::Matching => {
            let matches: Vec<u8> = match &view.answer {
                Some(Answer::Matches(m)) => m.clone(),
                _ => Vec::new(),
            };
            let prompt_explanations = solution.map(|s| s.prompt_explanations().to_vec());
            (
                view.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| OptionRow {
                        value: i,
                        label: o.label.clone(),
                        html: to_inline_html(&o.text),
                        checked: false,
                        correct: None,
                        explanation: None,
                    })
                    .collect(),
                Vec::new(),
                view.prompts
                    .iter()
                    .enumerate()
                    .map(|(p, text)| PromptRow {
                        value: p,
                        html: to_inline_html(text),
                        chosen: matches.get(p).map(|r| usize::from(*r)),
                        explanation: prompt_explanations
                            .as_ref()
                            .and_then(|e| e.get(p))
                            .filter(|e| !e.is_empty())
                            .map(|e| to_inline_html(e)),
                    })
                    .collect(),
            )
        }
    };
    let instruction = match (view.kind, view.select) {
        (QuestionKind::Single, _) => "Choose one answer.".to_owned(),
        (QuestionKind::Multiple, Some(n)) => format!("Select {n}."),
        (QuestionKind::Multiple, None) => "Choose every answer that applies.".to_owned(),
        (QuestionKind::Ordering, _) => "Put the steps in order: give each a position.".to_owned(),
        (QuestionKind::Matching, _) => "Match each item with a response.".to_owned(),
    };
    let review = attempt.review();
    let navigator = review
        .entries
        .iter()
        .map(|e| NavEntry {
            number: e.index + 1,
            answered: e.answered,
            flagged: e.flagged,
            current: e.index == index,
            correct: if closed || (e.is_final && !exam_mode) {
                attempt
                    .question(e.index)
                    .ok()
                    .and_then(|q| q.solution.map(|s| s.correct()))
            } else {
                None
            },
        })
        .collect();
    let remaining = if closed {
        None
    } else {
        attempt
            .remaining(attempts::to_timestamp(now))
            .map(|d| d.as_secs() as i64)
    };
    let form = attempt.form();
    let exam_name = form.exam_name().to_owned();
    let kind = view.kind.as_str();
    Ok(QuestionPage {
        title: format!("Question {} of {total} · {}", index + 1, form.exam()),
        nav: "practice",
        chrome: Chrome::of(visitor),
        id: live.id.clone(),
        exam: form.exam().to_owned(),
        exam_name,
        mode: attempt.mode().name(),
        exam_mode,
        number: index + 1,
        total,
        kind,
        case_html: view.case.as_deref().map(to_html),
        stem_html: to_html(&view.stem),
        instruction,
        input_type: if view.kind == QuestionKind::Multiple {
            "checkbox"
        } else {
            "radio"
        },
        positions: (1..=view.options.len()).collect(),
        options,
        steps,
        prompts,
        flagged: view.flagged,
        has_answer: view.answer.is_some(),
        locked: view.is_final,
        closed,
        can_check: !exam_mode && !view.is_final,
        paused: attempt.status() == Status::Paused,
        can_pause: attempt.mode().can_pause() && !closed,
        remaining: remaining.map(clock_text),
        remaining_seconds: remaining,
        navigator,
        error,
        solution: view.solution.as_ref().map(|s| SolutionView {
            correct: s.correct(),
            key: key_text(s.key(), &view),
            explanation: to_html(s.explanation()),
            references: s
                .references()
                .iter()
                .map(|l| crate::pages::Link {
                    href: l.url.clone(),
                    text: l.title.clone().unwrap_or_else(|| l.url.clone()),
                })
                .collect(),
        }),
        has_prev: index > 0,
        has_next: index + 1 < total,
        answered: review.answered,
    })
}

/// Where a closed attempt's pages lead: its report.
fn report_redirect(id: &str) -> Response {
    Redirect::to(&format!("/attempts/{id}/report")).into_response()
}

/// `GET /attempts/{id}`: the current question, or the report once closed.
pub(crate) async fn resume(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
) -> PageResult {
    let live = with_attempts(&state, visitor.owner(), move |attempts, now| {
        Ok(attempts.load(&id, now)?)
    })
    .await?;
    if live.attempt.is_closed() {
        return Ok(report_redirect(&live.id));
    }
    let current = live.attempt.current().unwrap_or(0);
    Ok(Redirect::to(&format!("/attempts/{}/q/{}", live.id, current + 1)).into_response())
}

/// `GET /attempts/{id}/q/{number}`: one question (after the close, with its solution).
pub(crate) async fn question(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path((id, number)): Path<(String, usize)>,
) -> PageResult {
    let index = number
        .checked_sub(1)
        .ok_or(Error::NoSuchQuestion { number, total: 0 })?;
    let live = with_attempts(&state, visitor.owner(), move |attempts, now| {
        change(attempts, &id, now, |live| {
            let attempt = &live.attempt;
            let total = attempt.form().items().len();
            if index >= total {
                return Err(Error::NoSuchQuestion { number, total });
            }
            Ok(
                if !attempt.is_closed()
                    && attempt.status() != Status::Paused
                    && attempt.current() != Some(index)
                {
                    vec![Event::Navigated { item: index }]
                } else {
                    Vec::new()
                },
            )
        })
    })
    .await?;
    let page = question_page(&visitor, &live, index, state.now(), None)?;
    Ok(render(StatusCode::OK, &page))
}

/// The answer the fields of a question form give, `None` when they give none.
fn answer_from_fields(
    kind: QuestionKind,
    fields: &[(String, String)],
    options: usize,
    prompts: usize,
) -> Result<Option<Answer>, String> {
    let value = |name: &str| -> Option<&str> {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let position = |text: &str, count: usize| -> Result<u8, String> {
        text.parse::<usize>()
            .ok()
            .filter(|p| *p < count)
            .and_then(|p| u8::try_from(p).ok())
            .ok_or_else(|| format!("“{text}” is not one of the options"))
    };
    match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let mut chosen = Vec::new();
            for (_, v) in fields.iter().filter(|(k, _)| k == "choice") {
                chosen.push(position(v, options)?);
            }
            chosen.sort_unstable();
            chosen.dedup();
            Ok((!chosen.is_empty()).then_some(Answer::Choices(chosen)))
        }
        QuestionKind::Ordering => {
            let mut placed: Vec<(usize, u8)> = Vec::new();
            for step in 0..options {
                if let Some(text) = value(&format!("pos{step}")) {
                    let at = text
                        .parse::<usize>()
                        .ok()
                        .filter(|p| (1..=options).contains(p))
                        .ok_or_else(|| format!("“{text}” is not a position from 1 to {options}"))?;
                    placed.push((at, step as u8));
                }
            }
            if placed.is_empty() {
                return Ok(None);
            }
            if placed.len() < options {
                return Err("give every step a position".into());
            }
            placed.sort_unstable();
            if placed.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err("give each step a different position".into());
            }
            Ok(Some(Answer::Order(
                placed.into_iter().map(|(_, s)| s).collect(),
            )))
        }
        QuestionKind::Matching => {
            let mut chosen = Vec::new();
            for prompt in 0..prompts {
                match value(&format!("match{prompt}")) {
                    Some(text) => chosen.push(position(text, options)?),
                    None if chosen.is_empty() => {}
                    None => return Err("match every item with a response".into()),
                }
            }
            if chosen.is_empty() {
                return Ok(None);
            }
            if chosen.len() < prompts {
                return Err("match every item with a response".into());
            }
            Ok(Some(Answer::Matches(chosen)))
        }
    }
}

/// What a question form's button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Stay,
    Next,
    Previous,
    Go(usize),
    ToggleFlag,
    Check,
    Clear,
    Review,
    Pause,
    Resume,
}

fn action(fields: &[(String, String)]) -> Action {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(number) = get("goto").and_then(|n| n.parse::<usize>().ok()) {
        return Action::Go(number.saturating_sub(1));
    }
    match get("action").unwrap_or("save") {
        "next" => Action::Next,
        "previous" => Action::Previous,
        "flag" => Action::ToggleFlag,
        "check" => Action::Check,
        "clear" => Action::Clear,
        "review" => Action::Review,
        "pause" => Action::Pause,
        "resume" => Action::Resume,
        _ => Action::Stay,
    }
}

/// `POST /attempts/{id}/q/{number}`: records the answer on the page, then does what the
/// button said.
pub(crate) async fn answer(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path((id, number)): Path<(String, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    visitor.check_csrf(csrf)?;
    let index = number
        .checked_sub(1)
        .ok_or(Error::NoSuchQuestion { number, total: 0 })?;
    let action = action(&fields);
    let answered_field = fields.iter().any(|(k, _)| k == "answered");
    let result = with_attempts(&state, visitor.owner(), move |attempts, now| {
        let mut problem: Option<String> = None;
        let live = change(attempts, &id, now, |live| {
            problem = None;
            let attempt = &live.attempt;
            let total = attempt.form().items().len();
            if index >= total {
                return Err(Error::NoSuchQuestion { number, total });
            }
            if attempt.is_closed() {
                return Ok(Vec::new());
            }
            let mut events = Vec::new();
            if attempt.status() == Status::Paused {
                if action == Action::Resume {
                    events.push(Event::Resumed);
                }
                return Ok(events);
            }
            let view = attempt
                .question(index)
                .map_err(|e| Error::Refused(e.to_string()))?;
            if !view.is_final && answered_field && action != Action::Clear {
                match answer_from_fields(view.kind, &fields, view.options.len(), view.prompts.len())
                {
                    Ok(Some(answer)) if view.answer.as_ref() != Some(&answer) => {
                        events.push(Event::Answered {
                            item: index,
                            answer,
                        });
                    }
                    Ok(Some(_)) => {}
                    Ok(None) => {
                        if view.answer.is_some() && matches!(view.kind, QuestionKind::Multiple) {
                            events.push(Event::Cleared { item: index });
                        }
                    }
                    Err(message) => problem = Some(message),
                }
            }
            if problem.is_some() {
                return Ok(events);
            }
            match action {
                Action::ToggleFlag => events.push(if view.flagged {
                    Event::Unflagged { item: index }
                } else {
                    Event::Flagged { item: index }
                }),
                Action::Check if !view.is_final && attempt.mode() != Mode::Exam => {
                    events.push(Event::Checked { item: index });
                }
                Action::Clear if !view.is_final && view.answer.is_some() => {
                    events.push(Event::Cleared { item: index });
                }
                Action::Pause if attempt.mode().can_pause() => events.push(Event::Paused),
                Action::Review => events.push(Event::ReviewOpened),
                _ => {}
            }
            Ok(events)
        });
        match live {
            Ok(live) => Ok((live, problem)),
            // The engine refused the answer ("Select 2" with three chosen, say): nothing was
            // recorded; show the question again with the reason.
            Err(Error::Refused(message)) => Ok((attempts.load(&id, now)?, Some(message))),
            Err(err) => Err(err),
        }
    })
    .await?;
    let now = state.now();
    let (live, problem) = result;
    if live.attempt.is_closed() {
        return Ok(report_redirect(&live.id));
    }
    if let Some(message) = problem {
        let page = question_page(&visitor, &live, index, now, Some(capitalised(&message)))?;
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let total = live.attempt.form().items().len();
    let target = match action {
        Action::Next => (index + 1).min(total - 1),
        Action::Previous => index.saturating_sub(1),
        Action::Go(to) => to.min(total - 1),
        Action::Review => {
            return Ok(Redirect::to(&format!("/attempts/{}/review", live.id)).into_response());
        }
        _ => index,
    };
    Ok(Redirect::to(&format!("/attempts/{}/q/{}", live.id, target + 1)).into_response())
}

fn capitalised(text: &str) -> String {
    let mut text = crate::pages::capitalise(text);
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

// ---------------------------------------------------------------------------------------
// The review screen and submitting.

struct ReviewRow {
    number: usize,
    answered: bool,
    flagged: bool,
}

#[derive(Template)]
#[template(path = "review.html", whitespace = "minimize")]
struct ReviewPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    id: String,
    exam: String,
    rows: Vec<ReviewRow>,
    answered: usize,
    unanswered: usize,
    flagged: usize,
    remaining: Option<String>,
    remaining_seconds: Option<i64>,
    confirm: bool,
}

fn review_page(
    visitor: &Visitor,
    live: &Live,
    now: time::OffsetDateTime,
    confirm: bool,
) -> ReviewPage {
    let review = live.attempt.review();
    let remaining = live
        .attempt
        .remaining(attempts::to_timestamp(now))
        .map(|d| d.as_secs() as i64);
    ReviewPage {
        title: if confirm {
            "Submit the attempt?".into()
        } else {
            format!("Review · {}", live.attempt.form().exam())
        },
        nav: "practice",
        chrome: Chrome::of(visitor),
        id: live.id.clone(),
        exam: live.attempt.form().exam().to_owned(),
        rows: review
            .entries
            .iter()
            .map(|e| ReviewRow {
                number: e.index + 1,
                answered: e.answered,
                flagged: e.flagged,
            })
            .collect(),
        answered: review.answered,
        unanswered: review.unanswered,
        flagged: review.flagged,
        remaining: remaining.map(clock_text),
        remaining_seconds: remaining,
        confirm,
    }
}

/// `GET /attempts/{id}/review`: every question with its state, and the submit button.
pub(crate) async fn review(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
) -> PageResult {
    let live = with_attempts(&state, visitor.owner(), move |attempts, now| {
        change(attempts, &id, now, |live| {
            Ok(
                if live.attempt.is_closed() || live.attempt.status() == Status::Paused {
                    Vec::new()
                } else {
                    vec![Event::ReviewOpened]
                },
            )
        })
    })
    .await?;
    if live.attempt.is_closed() {
        return Ok(report_redirect(&live.id));
    }
    Ok(render(
        StatusCode::OK,
        &review_page(&visitor, &live, state.now(), false),
    ))
}

/// The fields of the submit form.
#[derive(Debug, Deserialize)]
pub(crate) struct SubmitForm {
    #[serde(default)]
    csrf: String,
    /// `yes` once the candidate confirmed.
    #[serde(default)]
    confirm: String,
}

/// `POST /attempts/{id}/submit`: without `confirm=yes`, the confirmation page; with it, the
/// attempt is submitted and the report shown.
pub(crate) async fn submit(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
    Form(form): Form<SubmitForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let confirmed = form.confirm == "yes";
    let live = with_attempts(&state, visitor.owner(), move |attempts, now| {
        change(attempts, &id, now, |live| {
            Ok(if confirmed && !live.attempt.is_closed() {
                if live.attempt.status() == Status::Paused {
                    vec![Event::Resumed, Event::Submitted]
                } else {
                    vec![Event::Submitted]
                }
            } else {
                Vec::new()
            })
        })
    })
    .await?;
    if live.attempt.is_closed() {
        return Ok(report_redirect(&live.id));
    }
    Ok(render(
        StatusCode::OK,
        &review_page(&visitor, &live, state.now(), true),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn choice_fields_become_sorted_choices() {
        let f = fields(&[("choice", "3"), ("choice", "1"), ("choice", "3")]);
        assert_eq!(
            answer_from_fields(QuestionKind::Multiple, &f, 5, 0),
            Ok(Some(Answer::Choices(vec![1, 3])))
        );
        assert_eq!(
            answer_from_fields(QuestionKind::Single, &[], 4, 0),
            Ok(None)
        );
        assert!(
            answer_from_fields(QuestionKind::Single, &fields(&[("choice", "4")]), 4, 0).is_err()
        );
        assert!(
            answer_from_fields(QuestionKind::Single, &fields(&[("choice", "x")]), 4, 0).is_err()
        );
    }

    #[test]
    fn ordering_fields_need_distinct_positions() {
        let f = fields(&[("pos0", "2"), ("pos1", "3"), ("pos2", "1")]);
        assert_eq!(
            answer_from_fields(QuestionKind::Ordering, &f, 3, 0),
            Ok(Some(Answer::Order(vec![2, 0, 1])))
        );
        let same = fields(&[("pos0", "1"), ("pos1", "1"), ("pos2", "2")]);
        assert!(answer_from_fields(QuestionKind::Ordering, &same, 3, 0).is_err());
        let partial = fields(&[("pos0", "1")]);
        assert!(answer_from_fields(QuestionKind::Ordering, &partial, 3, 0).is_err());
    }

    #[test]
    fn matching_fields_need_every_prompt() {
        let f = fields(&[("match0", "1"), ("match1", "1")]);
        assert_eq!(
            answer_from_fields(QuestionKind::Matching, &f, 3, 2),
            Ok(Some(Answer::Matches(vec![1, 1])))
        );
        assert!(
            answer_from_fields(QuestionKind::Matching, &fields(&[("match1", "0")]), 3, 2).is_err()
        );
    }

    #[test]
    fn clock_text_reads_like_a_clock() {
        assert_eq!(clock_text(3600 + 5 * 60 + 9), "1:05:09");
        assert_eq!(clock_text(249), "4:09");
        assert_eq!(clock_text(-3), "0:00");
    }

    #[test]
    fn buttons_map_to_actions() {
        assert_eq!(action(&fields(&[("action", "next")])), Action::Next);
        assert_eq!(
            action(&fields(&[("goto", "7"), ("action", "save")])),
            Action::Go(6)
        );
        assert_eq!(action(&fields(&[])), Action::Stay);
    }
}
