//! Studying on the web: the spaced-repetition reviews FSRS says are due (the same queue as
//! `certpath study`), and the week-by-week study plan with its iCalendar export.

use crate::AppState;
use crate::auth::Visitor;
use crate::chrome::Chrome;
use crate::error::Error;
use crate::markdown::{to_html, to_inline_html};
use crate::pages::{Link, PageResult, render};
use crate::runner::with_attempts;
use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use bank::{Body, Item};
use review::{Card, Rating, Scheduler, due_on};
use serde::Deserialize;
use std::sync::Arc;

fn scheduler_error(err: review::ReviewError) -> Error {
    Error::Internal(format!("the review scheduler failed: {err}"))
}

/// The visitor's cards, as FSRS schedules them, and whether the parameters are personal.
async fn cards(state: &AppState, visitor: &Visitor) -> Result<(Vec<Card>, bool), Error> {
    with_attempts(state, visitor.owner(), |attempts, _| {
        let reviews = attempts.reviews()?;
        let scheduler = Scheduler::for_history(&reviews).map_err(scheduler_error)?;
        let cards = scheduler.cards(&reviews).map_err(scheduler_error)?;
        Ok((cards, scheduler.is_personal()))
    })
    .await
}

struct CardRow {
    item: String,
    exam: String,
    due: String,
    reviews: usize,
    stability: String,
    due_now: bool,
}

struct ChoiceRow {
    value: usize,
    label: String,
    html: String,
    chosen: bool,
    correct: bool,
    explanation: String,
}

/// A review question, asked or answered.
struct ReviewQuestion {
    item: String,
    exam: String,
    stem_html: String,
    input_type: &'static str,
    choices: Vec<ChoiceRow>,
    /// For ordering and matching: the answer is recalled, then shown.
    recall: Option<Vec<String>>,
}

#[derive(Template)]
#[template(path = "study.html", whitespace = "minimize")]
struct StudyPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    today: String,
    due: usize,
    queued: usize,
    personal: bool,
    next_due: Option<String>,
    question: Option<ReviewQuestion>,
    cards: Vec<CardRow>,
}

#[derive(Template)]
#[template(path = "study_answer.html", whitespace = "minimize")]
struct AnswerPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    question: ReviewQuestion,
    correct: Option<bool>,
    key: String,
    explanation_html: String,
    references: Vec<Link>,
    suggested: u8,
    ratings: [(u8, &'static str); 4],
}

const RATINGS: [(u8, &str); 4] = [(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")];

fn letter(index: usize) -> String {
    engine::label(u8::try_from(index).unwrap_or(u8::MAX))
}

fn review_question(item: &Item, exam: &str, chosen: &[usize]) -> ReviewQuestion {
    let (input_type, choices, recall) = match &item.body {
        Body::Choices(choices) => (
            if choices.iter().filter(|c| c.correct).count() > 1 {
                "checkbox"
            } else {
                "radio"
            },
            choices
                .iter()
                .enumerate()
                .map(|(i, c)| ChoiceRow {
                    value: i,
                    label: letter(i),
                    html: to_inline_html(&c.text),
                    chosen: chosen.contains(&i),
                    correct: c.correct,
                    explanation: to_inline_html(&c.explanation),
                })
                .collect(),
            None,
        ),
        Body::Steps(steps) => (
            "radio",
            Vec::new(),
            Some(
                steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {} ({})", i + 1, s.text, s.explanation))
                    .collect(),
            ),
        ),
        Body::Pairs(pairs) => (
            "radio",
            Vec::new(),
            Some(
                pairs
                    .iter()
                    .map(|p| {
                        format!(
                            "{} → {} ({})",
                            p.prompt.as_deref().unwrap_or("(no prompt)"),
                            p.response,
                            p.explanation
                        )
                    })
                    .collect(),
            ),
        ),
    };
    ReviewQuestion {
        item: item.id.clone(),
        exam: exam.to_owned(),
        stem_html: to_html(&item.stem),
        input_type,
        choices,
        recall,
    }
}

/// `GET /study`: the next due review, and the queue.
pub(crate) async fn study(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
) -> PageResult {
    let today = state.today();
    let (cards, personal) = cards(&state, &visitor).await?;
    let due: Vec<&Card> = due_on(&cards, today);
    let question = due.iter().find_map(|card| {
        state
            .items
            .iter()
            .find(|i| i.id == card.item)
            .map(|item| review_question(item, &card.exam, &[]))
    });
    let page = StudyPage {
        title: "Study".into(),
        nav: "study",
        chrome: Chrome::of(&visitor),
        today: today.to_string(),
        due: due.len(),
        queued: cards.len(),
        personal,
        next_due: cards
            .iter()
            .filter(|c| c.due > today)
            .map(|c| c.due)
            .min()
            .map(|d| d.to_string()),
        question,
        cards: cards
            .iter()
            .map(|c| CardRow {
                item: c.item.clone(),
                exam: c.exam.clone(),
                due: c.due.to_string(),
                reviews: c.reviews,
                stability: format!("{:.1}", c.stability),
                due_now: c.due <= today,
            })
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /study/{item}`: checks the recalled answer and shows the explanation and the ratings.
pub(crate) async fn answer(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(item_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    visitor.check_csrf(&field("csrf"))?;
    let exam = field("exam");
    let item = state
        .items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| Error::NotFound {
            path: format!("/study/{item_id}"),
        })?;
    let mut chosen: Vec<usize> = fields
        .iter()
        .filter(|(k, _)| k == "choice")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    let question = review_question(item, &exam, &chosen);
    let (correct, key) = match &item.body {
        Body::Choices(choices) => {
            let key = bank::key_positions(choices);
            (
                Some(chosen == key),
                key.iter()
                    .map(|i| letter(*i))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
        Body::Steps(_) | Body::Pairs(_) => (None, String::new()),
    };
    let page = AnswerPage {
        title: "Study".into(),
        nav: "study",
        chrome: Chrome::of(&visitor),
        question,
        correct,
        key,
        explanation_html: to_html(&item.explanation),
        references: crate::pages::reference_links(&item.references),
        suggested: if correct == Some(false) { 1 } else { 3 },
        ratings: RATINGS,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The fields of the rating form.
#[derive(Debug, Deserialize)]
pub(crate) struct RateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    exam: String,
    #[serde(default)]
    rating: u8,
}

/// `POST /study/{item}/rate`: records the review; FSRS schedules the next one.
pub(crate) async fn rate(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(item_id): Path<String>,
    Form(form): Form<RateForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let rating = Rating::from_number(form.rating)
        .ok_or_else(|| Error::BadRequest("rate the review 1 (again) to 4 (easy)".into()))?;
    if !state.items.iter().any(|i| i.id == item_id) {
        return Err(Error::NotFound {
            path: format!("/study/{item_id}"),
        }
        .into());
    }
    let exam = form.exam.clone();
    with_attempts(&state, visitor.owner(), move |attempts, now| {
        Ok(attempts.add_review(&item_id, &exam, rating, now)?)
    })
    .await?;
    Ok(Redirect::to("/study").into_response())
}

// ---------------------------------------------------------------------------------------
// The study plan.

/// The plan form's fields.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct PlanQuery {
    #[serde(default)]
    exam: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    hours: String,
}

struct WeekRow {
    number: usize,
    dates: String,
    hours: String,
    focus: String,
    reviews: String,
    mocks: String,
    explanation: String,
}

#[derive(Template)]
#[template(path = "plan.html", whitespace = "minimize")]
struct PlanPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    exams: Vec<(String, String, bool)>,
    date: String,
    hours: String,
    error: Option<String>,
    summary: Option<String>,
    weeks: Vec<WeekRow>,
    notes: Vec<String>,
    rules: &'static str,
    ical_href: Option<String>,
}

/// The plan for the query, or the problem to show on the form.
async fn make_plan(
    state: &AppState,
    visitor: &Visitor,
    q: &PlanQuery,
) -> Result<Option<(study::Plan, usize, String)>, String> {
    if q.exam.is_empty() && q.date.is_empty() {
        return Ok(None);
    }
    let exam = state
        .catalog
        .exam(&q.exam)
        .ok_or_else(|| format!("Choose an exam: “{}” is not one.", q.exam))?
        .clone();
    let target = time::Date::parse(
        q.date.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| format!("Give the exam date as YYYY-MM-DD (got “{}”).", q.date))?;
    let hours: f64 = q.hours.trim().parse().map_err(|_| {
        format!(
            "Give the study hours a week as a number (got “{}”).",
            q.hours
        )
    })?;
    let minutes = exam.format.duration_minutes.value.ok_or_else(|| {
        format!(
            "The catalog has no duration for {}, so mock exams cannot be planned.",
            exam.code
        )
    })?;
    let today = state.today();
    let code = exam.code.clone();
    let input = with_attempts(state, visitor.owner(), move |attempts, _| {
        Ok(attempts.plan_input(&exam, today, target, hours, minutes)?)
    })
    .await
    .map_err(|e| e.message())?;
    let (input, read) = input;
    let plan = study::plan(&input)
        .map_err(|e| format!("{}.", crate::pages::capitalise(&e.to_string())))?;
    Ok(Some((plan, read, code)))
}

fn plan_page(state: &AppState, visitor: &Visitor, q: &PlanQuery) -> PlanPage {
    PlanPage {
        title: "Study plan".into(),
        nav: "study",
        chrome: Chrome::of(visitor),
        exams: state
            .catalog
            .program_on(state.today(), catalog::ProgramFilter::default())
            .iter()
            .map(|listed| {
                let e = listed.exam;
                (
                    e.code.clone(),
                    format!("{} {}", e.code, e.name),
                    e.code.eq_ignore_ascii_case(&q.exam),
                )
            })
            .collect(),
        date: q.date.clone(),
        hours: if q.hours.is_empty() {
            "8".into()
        } else {
            q.hours.clone()
        },
        error: None,
        summary: None,
        weeks: Vec::new(),
        notes: Vec::new(),
        rules: study::PLAN_RULES,
        ical_href: None,
    }
}

/// `GET /plan?exam=&date=&hours=`: the form, and the plan once it is filled in.
pub(crate) async fn plan(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Query(q): Query<PlanQuery>,
) -> PageResult {
    let mut page = plan_page(&state, &visitor, &q);
    let status = match make_plan(&state, &visitor, &q).await {
        Ok(None) => StatusCode::OK,
        Ok(Some((plan, read, code))) => {
            page.summary = Some(format!(
                "{code}: {} weeks from {} to the exam on {}, {} hours a week. {}",
                plan.weeks.len(),
                plan.today,
                plan.target,
                plan.hours_per_week,
                if read == 0 {
                    "No finished attempts yet: every domain counts as half ready; take a practice exam and plan again.".to_owned()
                } else {
                    format!(
                        "Readiness from your last {read} finished attempt{}.",
                        if read == 1 { "" } else { "s" }
                    )
                }
            ));
            page.weeks = plan
                .weeks
                .iter()
                .map(|w| WeekRow {
                    number: w.number,
                    dates: format!("{} to {}", w.start, w.end),
                    hours: format!("{:.1}", w.hours),
                    focus: w
                        .focus
                        .iter()
                        .map(|f| format!("{} ({:.1} h)", f.name, f.hours))
                        .collect::<Vec<_>>()
                        .join("; "),
                    reviews: format!(
                        "{}{}",
                        w.reviews_per_day,
                        if w.reviews_capped { " (capped)" } else { "" }
                    ),
                    mocks: w
                        .mock_exams
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    explanation: w.explanation.clone(),
                })
                .collect();
            page.notes = plan.notes.clone();
            page.ical_href = Some(format!(
                "/plan.ics?exam={}&date={}&hours={}",
                code, plan.target, plan.hours_per_week
            ));
            StatusCode::OK
        }
        Err(message) => {
            page.error = Some(message);
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    Ok(render(status, &page))
}

/// `GET /plan.ics?exam=&date=&hours=`: the plan as an iCalendar file.
pub(crate) async fn plan_ical(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, Error> {
    match make_plan(&state, &visitor, &q).await {
        Ok(Some((plan, _, code))) => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"certpath-{code}-plan.ics\""),
                ),
            ],
            study::to_icalendar(&plan, &code, state.now()),
        )
            .into_response()),
        Ok(None) => Err(Error::MissingParameter { field: "exam" }),
        Err(message) => Err(Error::BadRequest(message)),
    }
}
