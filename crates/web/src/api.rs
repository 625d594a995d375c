//! The JSON API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`.

use crate::AppState;
use crate::dto::{AdviceDto, ExamDto};
use crate::error::{Error, ErrorBody};
use crate::input::{AdviceQuery, CatalogQuery, OnQuery};
use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use catalog::ExamVersion;
use utoipa::OpenApi;

/// The OpenAPI document, generated from the handlers and DTOs below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "certpath",
        description = "The AWS Certification program as data, the path advisor, and practice exams. \
                       The shapes are those of `certpath catalog --json` and \
                       `certpath advise --json` (docs/json.md).",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        catalog,
        exam,
        advice,
        crate::attempts_api::start,
        crate::attempts_api::get,
        crate::attempts_api::answer,
        crate::attempts_api::clear,
        crate::attempts_api::flag,
        crate::attempts_api::submit,
        crate::attempts_api::report,
        crate::attempts_api::history
    ),
    tags((name = "catalog", description = "Exam versions and their facts"),
         (name = "advisor", description = "Certification paths"),
         (name = "attempts", description = "Practice exams: start, answer, flag, submit, report. \
             Calls carry the session cookie the server sets; in exam mode no question holds its \
             solution before the attempt is closed."))
)]
pub struct ApiDoc;

/// The query, or a 400 saying why it could not be decoded.
pub(crate) fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, Error> {
    query
        .map(|Query(q)| q)
        .map_err(|e| Error::BadRequest(e.body_text()))
}

/// The exam with this code, or a 404 with the closest code.
pub(crate) fn find_exam(
    state: &AppState,
    code: Result<Path<String>, PathRejection>,
) -> Result<&ExamVersion, Error> {
    let Path(code) = code.map_err(|e| Error::BadRequest(e.body_text()))?;
    state.catalog.exam(&code).ok_or_else(|| Error::UnknownExam {
        suggestion: catalog::suggest::closest(&code, state.catalog.codes()).map(str::to_owned),
        accepted: state.catalog.codes().map(str::to_owned).collect(),
        given: code,
    })
}

/// The program on a day: active and beta exams and recent retirements, or every version.
#[utoipa::path(
    get,
    path = "/api/v1/catalog",
    tag = "catalog",
    params(CatalogQuery),
    responses(
        (status = 200, description = "Exam versions in the order of the table (tier, certification, code)", body = [ExamDto]),
        (status = 400, description = "The query could not be decoded", body = ErrorBody),
        (status = 422, description = "A parameter's value is not accepted", body = ErrorBody),
    )
)]
pub(crate) async fn catalog(
    State(state): State<AppState>,
    q: Result<Query<CatalogQuery>, QueryRejection>,
) -> Result<Json<Vec<ExamDto>>, Error> {
    let (day, filter) = query(q)?.parse(state.today())?;
    let items = state
        .catalog
        .program_on(day, filter)
        .iter()
        .map(|listed| ExamDto::new(&state.catalog, listed.exam, day))
        .collect();
    Ok(Json(items))
}

/// One exam version, with its status on a day.
#[utoipa::path(
    get,
    path = "/api/v1/catalog/{code}",
    tag = "catalog",
    params(("code" = String, Path, description = "Exam code, in any letter case, such as SOA-C03"), OnQuery),
    responses(
        (status = 200, description = "The exam version", body = ExamDto),
        (status = 404, description = "No exam has this code; `suggestion` has the closest", body = ErrorBody),
        (status = 422, description = "A parameter's value is not accepted", body = ErrorBody),
    )
)]
pub(crate) async fn exam(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    q: Result<Query<OnQuery>, QueryRejection>,
) -> Result<Json<ExamDto>, Error> {
    let exam = find_exam(&state, code)?;
    let day = crate::input::day(&query(q)?.on, state.today())?;
    Ok(Json(ExamDto::new(&state.catalog, exam, day)))
}

/// An explained certification path for a situation.
#[utoipa::path(
    get,
    path = "/api/v1/advice",
    tag = "advisor",
    params(AdviceQuery),
    responses(
        (status = 200, description = "The path, warnings and alternatives", body = AdviceDto),
        (status = 400, description = "`role` is missing, or the query could not be decoded", body = ErrorBody),
        (status = 422, description = "A parameter's value is not accepted; `accepted` and `suggestion` say what is", body = ErrorBody),
    )
)]
pub(crate) async fn advice(
    State(state): State<AppState>,
    q: Result<Query<AdviceQuery>, QueryRejection>,
) -> Result<Json<AdviceDto>, Error> {
    let q = query(q)?;
    let situation = q
        .situation(&state.catalog, &state.rules, state.today())
        .map_err(|errors| {
            errors
                .into_iter()
                .next()
                .unwrap_or_else(|| Error::Internal("no situation and no error".into()))
        })?;
    let advice = advisor::advise(&state.catalog, &state.rules, &situation).map_err(advise_error)?;
    Ok(Json(AdviceDto::new(&situation, &advice)))
}

/// `advise` fails only for an unknown role or goal, which parsing has already ruled out;
/// should it happen anyway, the error names the parameter.
pub(crate) fn advise_error(error: advisor::InputError) -> Error {
    let field = match &error {
        advisor::InputError::Unknown { kind: "goal", .. } => "goal",
        _ => "role",
    };
    Error::input(field, error)
}

/// The OpenAPI 3.1 document.
pub(crate) async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
