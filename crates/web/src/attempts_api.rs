//! The attempts part of the JSON API: start, read (without keys while open in exam mode),
//! answer, clear, flag, submit, report, history.
//!
//! Calls are made with the session cookie the server sets (a visitor without an account gets
//! one on the first call). Every call that changes something takes a JSON body, which a page
//! of another site cannot send with the cookie (browsers do not send SameSite=Lax cookies
//! with cross-site POST, PUT or DELETE, and a JSON content type needs a CORS preflight that
//! this server never grants), so the API needs no CSRF token.

use crate::AppState;
use crate::auth::Visitor;
use crate::error::{Error, ErrorBody};
use crate::exam_pages::start_spec;
use crate::runner::{change, change_then, quick_change, with_attempts};
use attempts::Live;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use engine::{Answer, Event, Status};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// An answer, in shown positions (0 is the first option shown, labelled "A").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerDto {
    /// Single or multiple response: the chosen options.
    Choices(Vec<u8>),
    /// Ordering: the steps in the candidate's order.
    Order(Vec<u8>),
    /// Matching: for each prompt, the response chosen.
    Matches(Vec<u8>),
}

impl From<&Answer> for AnswerDto {
    fn from(answer: &Answer) -> AnswerDto {
        match answer {
            Answer::Choices(c) => AnswerDto::Choices(c.clone()),
            Answer::Order(o) => AnswerDto::Order(o.clone()),
            Answer::Matches(m) => AnswerDto::Matches(m.clone()),
        }
    }
}

impl From<AnswerDto> for Answer {
    fn from(answer: AnswerDto) -> Answer {
        match answer {
            AnswerDto::Choices(c) => Answer::Choices(c),
            AnswerDto::Order(o) => Answer::Order(o),
            AnswerDto::Matches(m) => Answer::Matches(m),
        }
    }
}

/// A shown option, step or response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OptionDto {
    /// "A", "B", ...
    pub label: String,
    /// The text (Markdown).
    pub text: String,
}

/// A question's key and explanations: present only once the question is revealed (the
/// attempt closed, or, in practice modes, the question checked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SolutionDto {
    /// Whether the recorded answer was right.
    pub correct: bool,
    /// The key, in shown positions.
    pub key: AnswerDto,
    /// Why (Markdown).
    pub explanation: String,
    /// Why each option is right or wrong, in shown order.
    pub option_explanations: Vec<String>,
    /// For matching: why each pair, in shown order.
    pub prompt_explanations: Vec<String>,
    /// AWS documentation.
    pub references: Vec<String>,
}

/// One question as the candidate sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionDto {
    /// 1-based, as in the URLs.
    pub number: usize,
    /// `single`, `multiple`, `ordering` or `matching`.
    pub kind: String,
    /// The stem (Markdown).
    pub stem: String,
    /// The case study, when the question belongs to one.
    #[schema(required = true)]
    pub case: Option<String>,
    /// Options (single, multiple), steps (ordering) or responses (matching).
    pub options: Vec<OptionDto>,
    /// The prompts of a matching question.
    pub prompts: Vec<String>,
    /// "Select N" for a multiple-response question.
    #[schema(required = true)]
    pub select: Option<u8>,
    /// Whether it is flagged.
    pub flagged: bool,
    /// The recorded answer.
    #[schema(required = true)]
    pub answer: Option<AnswerDto>,
    /// Whether the answer can no longer change.
    pub is_final: bool,
    /// The key and explanations, once revealed; `null` before.
    #[schema(required = true)]
    pub solution: Option<SolutionDto>,
}

/// An attempt and its questions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptDto {
    /// The attempt's id.
    pub id: String,
    /// The exam code.
    pub exam: String,
    /// The mode: `exam`, `practice`, `domain drill`, `review` or `custom`.
    pub mode: String,
    /// `in_progress`, `paused`, `submitted` or `timed_out`.
    pub status: String,
    /// Seconds left before the deadline, for a timed attempt that is open.
    #[schema(required = true)]
    pub remaining_seconds: Option<u64>,
    /// How many questions are answered.
    pub answered: usize,
    /// How many are flagged.
    pub flagged: usize,
    /// How many events the attempt's log holds (every acknowledged change adds at least one).
    pub events: usize,
    /// The questions, in form order.
    pub questions: Vec<QuestionDto>,
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::InProgress => "in_progress",
        Status::Paused => "paused",
        Status::Closed(engine::Outcome::Submitted) => "submitted",
        Status::Closed(engine::Outcome::TimedOut) => "timed_out",
    }
}

fn attempt_dto(live: &Live, now: time::OffsetDateTime) -> AttemptDto {
    let attempt = &live.attempt;
    let review = attempt.review();
    AttemptDto {
        id: live.id.clone(),
        exam: attempt.form().exam().to_owned(),
        mode: attempt.mode().name().to_owned(),
        status: status_name(attempt.status()).to_owned(),
        remaining_seconds: if attempt.is_closed() {
            None
        } else {
            attempt
                .remaining(attempts::to_timestamp(now))
                .map(|d| d.as_secs())
        },
        answered: review.answered,
        flagged: review.flagged,
        events: attempt.records().len(),
        questions: attempt
            .questions()
            .into_iter()
            .map(|q| QuestionDto {
                number: q.index + 1,
                kind: q.kind.as_str().to_owned(),
                stem: q.stem,
                case: q.case,
                options: q
                    .options
                    .into_iter()
                    .map(|o| OptionDto {
                        label: o.label,
                        text: o.text,
                    })
                    .collect(),
                prompts: q.prompts,
                select: q.select,
                flagged: q.flagged,
                answer: q.answer.as_ref().map(AnswerDto::from),
                is_final: q.is_final,
                solution: q.solution.map(|s| SolutionDto {
                    correct: s.correct(),
                    key: AnswerDto::from(s.key()),
                    explanation: s.explanation().to_owned(),
                    option_explanations: s.option_explanations().to_vec(),
                    prompt_explanations: s.prompt_explanations().to_vec(),
                    references: s.references().iter().map(|l| l.url.clone()).collect(),
                }),
            })
            .collect(),
    }
}

fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, Error> {
    json.map(|Json(t)| t)
        .map_err(|e| Error::BadRequest(e.body_text()))
}

/// What to start.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    /// The exam code.
    pub exam: String,
    /// `exam` (the simulation), `practice` (full form, feedback per question), `quiz` (10
    /// questions), `drill` (10 of one domain) or `review` (missed and flagged before).
    #[serde(default = "default_kind")]
    pub kind: String,
    /// The domain number, for a drill.
    #[serde(default)]
    pub domain: Option<u8>,
}

fn default_kind() -> String {
    "exam".into()
}

/// Starts an attempt.
#[utoipa::path(
    post,
    path = "/api/v1/attempts",
    tag = "attempts",
    request_body = StartRequest,
    responses(
        (status = 201, description = "Started; no question holds a solution in exam mode", body = AttemptDto),
        (status = 400, description = "The body could not be decoded", body = ErrorBody),
        (status = 404, description = "No such exam", body = ErrorBody),
        (status = 422, description = "The bank cannot fill the form", body = ErrorBody),
    )
)]
pub(crate) async fn start(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    request: Result<Json<StartRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<AttemptDto>), Error> {
    let request = body(request)?;
    if state.catalog.exam(&request.exam).is_none() {
        return Err(Error::UnknownExam {
            suggestion: catalog::suggest::closest(&request.exam, state.catalog.codes())
                .map(str::to_owned),
            accepted: state.catalog.codes().map(str::to_owned).collect(),
            given: request.exam,
        });
    }
    let domain = request.domain.map(|d| d.to_string()).unwrap_or_default();
    let spec = start_spec(&request.exam, &request.kind, &domain)?;
    let dto = with_attempts(&state, visitor.owner(), move |attempts, now| {
        let live = attempts.start(spec, now)?;
        let dto = attempt_dto(&live, now);
        attempts.keep(live);
        Ok(dto)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(dto)))
}

/// An attempt with its questions.
#[utoipa::path(
    get,
    path = "/api/v1/attempts/{id}",
    tag = "attempts",
    params(("id" = String, Path, description = "The attempt's id")),
    responses(
        (status = 200, description = "The attempt", body = AttemptDto),
        (status = 404, description = "No attempt of yours has this id", body = ErrorBody),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
) -> Result<Json<AttemptDto>, Error> {
    with_attempts(&state, visitor.owner(), move |attempts, now| {
        Ok(Json(attempt_dto(&attempts.load(&id, now)?, now)))
    })
    .await
}

/// An answer to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerRequest {
    /// The answer, in shown positions.
    pub answer: AnswerDto,
}

/// What a change returns: the attempt's state after it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ack {
    /// Whether the change was recorded (it is committed to the database before this reply).
    pub recorded: bool,
    /// How many events the attempt's log holds now.
    pub events: usize,
    /// `in_progress`, `paused`, `submitted` or `timed_out`.
    pub status: String,
}

fn ack(live: &Live) -> Ack {
    Ack {
        recorded: true,
        events: live.attempt.records().len(),
        status: status_name(live.attempt.status()).to_owned(),
    }
}

fn index(number: usize, live: &Live) -> Result<usize, Error> {
    let total = live.attempt.form().items().len();
    number
        .checked_sub(1)
        .filter(|i| *i < total)
        .ok_or(Error::NoSuchQuestion { number, total })
}

/// Records or changes the answer to question `number` (1-based).
#[utoipa::path(
    put,
    path = "/api/v1/attempts/{id}/answers/{number}",
    tag = "attempts",
    params(("id" = String, Path, description = "The attempt's id"),
           ("number" = usize, Path, description = "The question's number, from 1")),
    request_body = AnswerRequest,
    responses(
        (status = 200, description = "Recorded and committed", body = Ack),
        (status = 404, description = "No such attempt or question", body = ErrorBody),
        (status = 409, description = "Refused: the attempt is closed or timed out, the answer is final, or it breaks \"Select N\"", body = ErrorBody),
    )
)]
pub(crate) async fn answer(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path((id, number)): Path<(String, usize)>,
    request: Result<Json<AnswerRequest>, JsonRejection>,
) -> Result<Json<Ack>, Error> {
    let answer: Answer = body(request)?.answer.into();
    record(&state, &visitor, id, number, move |item| Event::Answered {
        item,
        answer: answer.clone(),
    })
    .await
}

/// Applies the event `event_for(question index)` to question `number` of attempt `id`.
async fn record(
    state: &AppState,
    visitor: &Visitor,
    id: String,
    number: usize,
    event_for: impl Fn(usize) -> Event + Send + 'static,
) -> Result<Json<Ack>, Error> {
    if let Some(done) = quick_change(
        state,
        visitor.owner(),
        &id,
        |live| Ok(event_for(index(number, live)?)),
        ack,
    )
    .await?
    {
        return Ok(Json(done));
    }
    with_attempts(state, visitor.owner(), move |attempts, now| {
        let ack = change_then(
            attempts,
            &id,
            now,
            |live| Ok(vec![event_for(index(number, live)?)]),
            ack,
        )?;
        Ok(Json(ack))
    })
    .await
}

/// Removes the answer to question `number`.
#[utoipa::path(
    delete,
    path = "/api/v1/attempts/{id}/answers/{number}",
    tag = "attempts",
    params(("id" = String, Path, description = "The attempt's id"),
           ("number" = usize, Path, description = "The question's number, from 1")),
    responses(
        (status = 200, description = "Cleared and committed", body = Ack),
        (status = 404, description = "No such attempt or question", body = ErrorBody),
        (status = 409, description = "Refused: the attempt is closed or the answer final", body = ErrorBody),
    )
)]
pub(crate) async fn clear(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path((id, number)): Path<(String, usize)>,
) -> Result<Json<Ack>, Error> {
    record(&state, &visitor, id, number, |item| Event::Cleared { item }).await
}

/// A flag to set or remove.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FlagRequest {
    /// Whether the question is flagged for review.
    pub flagged: bool,
}

/// Flags question `number` for review, or removes the flag.
#[utoipa::path(
    put,
    path = "/api/v1/attempts/{id}/flags/{number}",
    tag = "attempts",
    params(("id" = String, Path, description = "The attempt's id"),
           ("number" = usize, Path, description = "The question's number, from 1")),
    request_body = FlagRequest,
    responses(
        (status = 200, description = "Recorded and committed", body = Ack),
        (status = 404, description = "No such attempt or question", body = ErrorBody),
        (status = 409, description = "Refused: the attempt is closed", body = ErrorBody),
    )
)]
pub(crate) async fn flag(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path((id, number)): Path<(String, usize)>,
    request: Result<Json<FlagRequest>, JsonRejection>,
) -> Result<Json<Ack>, Error> {
    let flagged = body(request)?.flagged;
    record(&state, &visitor, id, number, move |item| {
        if flagged {
            Event::Flagged { item }
        } else {
            Event::Unflagged { item }
        }
    })
    .await
}

/// The body of a submission: `{}` (a JSON body keeps other sites from submitting).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitRequest {}

/// Submits the attempt and returns its report.
#[utoipa::path(
    post,
    path = "/api/v1/attempts/{id}/submit",
    tag = "attempts",
    params(("id" = String, Path, description = "The attempt's id")),
    request_body = SubmitRequest,
    responses(
        (status = 200, description = "The report (as `certpath report --json`)", body = Object),
        (status = 404, description = "No attempt of yours has this id", body = ErrorBody),
        (status = 409, description = "The attempt timed out before the submission", body = ErrorBody),
    )
)]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
    request: Result<Json<SubmitRequest>, JsonRejection>,
) -> Result<Json<engine::Report>, Error> {
    body(request)?;
    with_attempts(&state, visitor.owner(), move |attempts, now| {
        let live = change(attempts, &id, now, |live| {
            Ok(match live.attempt.status() {
                Status::Closed(_) => Vec::new(),
                Status::Paused => vec![Event::Resumed, Event::Submitted],
                Status::InProgress => vec![Event::Submitted],
            })
        })?;
        live.attempt
            .report()
            .map(Json)
            .map_err(|e| Error::Internal(e.to_string()))
    })
    .await
}

/// The report of a closed attempt.
#[utoipa::path(
    get,
    path = "/api/v1/attempts/{id}/report",
    tag = "attempts",
    params(("id" = String, Path, description = "The attempt's id")),
    responses(
        (status = 200, description = "The report", body = Object),
        (status = 404, description = "No attempt of yours has this id", body = ErrorBody),
        (status = 409, description = "The attempt is still open", body = ErrorBody),
    )
)]
pub(crate) async fn report(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
) -> Result<Json<engine::Report>, Error> {
    with_attempts(&state, visitor.owner(), move |attempts, now| {
        let live = attempts.load(&id, now)?;
        if !live.attempt.is_closed() {
            return Err(Error::Refused(
                "the attempt is still open; submit it first".into(),
            ));
        }
        live.attempt
            .report()
            .map(Json)
            .map_err(|e| Error::Internal(e.to_string()))
    })
    .await
}

/// One attempt in the history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// The attempt's id.
    pub id: String,
    /// The exam code.
    pub exam: String,
    /// The mode.
    pub mode: String,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it ended (RFC 3339), once it has.
    #[schema(required = true)]
    pub finished_at: Option<String>,
    /// `submitted` or `timed-out`, once ended.
    #[schema(required = true)]
    pub outcome: Option<String>,
    /// The practice-scale score.
    #[schema(required = true)]
    pub scaled_score: Option<u32>,
    /// Whether it passed on the practice scale.
    #[schema(required = true)]
    pub passed: Option<bool>,
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Your attempts, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/history",
    tag = "attempts",
    responses((status = 200, description = "Attempts, newest first", body = [HistoryEntry]))
)]
pub(crate) async fn history(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
) -> Result<Json<Vec<HistoryEntry>>, Error> {
    with_attempts(&state, visitor.owner(), |attempts, _| {
        Ok(Json(
            attempts
                .history(None)?
                .into_iter()
                .map(|a| HistoryEntry {
                    id: a.id,
                    exam: a.exam,
                    mode: a.mode,
                    started_at: rfc3339(a.started_at),
                    finished_at: a.finished_at.map(rfc3339),
                    outcome: a.outcome.map(|o| o.as_str().to_owned()),
                    scaled_score: a.scaled_score,
                    passed: a.passed,
                })
                .collect(),
        ))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_through_the_dto() {
        for answer in [
            Answer::Choices(vec![0, 2]),
            Answer::Order(vec![2, 0, 1]),
            Answer::Matches(vec![1, 1]),
        ] {
            let dto = AnswerDto::from(&answer);
            assert_eq!(
                serde_json::to_value(&dto).expect("json"),
                serde_json::to_value(&answer).expect("json"),
                "the API's answer has the engine's shape"
            );
            assert_eq!(Answer::from(dto), answer);
        }
    }
}
