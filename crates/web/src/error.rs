//! The web layer's one error type, and its JSON form.
//!
//! [`Error`] implements [`IntoResponse`] as the API's JSON error body; the HTML pages render
//! the same values as an error page (`pages::PageError`). Internal errors are logged and
//! shown only as a generic message.

use advisor::InputError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A parameter's value is not accepted (422).
    #[error("{error}")]
    Input {
        /// The query parameter, such as `role` or `experience_years`.
        field: &'static str,
        /// What the parser said.
        #[source]
        error: InputError,
    },
    /// A required parameter is missing (400).
    #[error("the parameter `{field}` is required")]
    MissingParameter {
        /// The query parameter.
        field: &'static str,
    },
    /// The query string or path could not be decoded (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No exam version has this code (404).
    #[error("unknown exam code `{given}`")]
    UnknownExam {
        /// The code asked for.
        given: String,
        /// The closest code, when one is close.
        suggestion: Option<String>,
        /// Every code in the catalog.
        accepted: Vec<String>,
    },
    /// No page or endpoint at this path (404).
    #[error("nothing at `{path}`")]
    NotFound {
        /// The path asked for.
        path: String,
    },
    /// A form's CSRF token is missing or not this session's (403).
    #[error("this form has expired or did not come from this site; reload the page and try again")]
    Csrf,
    /// The page or call needs an account (401).
    #[error("sign in to do this")]
    SignInRequired,
    /// The account's role does not allow this (403).
    #[error("your account's role does not allow this")]
    Forbidden,
    /// No attempt of this visitor has the id (404); another visitor's attempt is reported so too.
    #[error("no attempt of yours has the id `{0}`")]
    AttemptNotFound(String),
    /// The attempt refused the action: closed, "Select N" exceeded, a bad answer (409).
    #[error("{0}")]
    Refused(String),
    /// The question number is not on the form (404).
    #[error("this attempt has no question {number}; it has {total}")]
    NoSuchQuestion {
        /// The number asked for (1-based).
        number: usize,
        /// How many questions the form has.
        total: usize,
    },
    /// The exam has too few bank items for the form asked for (422).
    #[error("{0}")]
    CannotAssemble(String),
    /// Too many failed sign-ins for this name recently (429).
    #[error("too many failed sign-ins for this name; wait {minutes} minutes and try again")]
    TooManySignIns {
        /// How long to wait.
        minutes: i64,
    },
    /// A bug or a failure of ours (500); the details are logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// An input error on the parameter `field`.
    pub fn input(field: &'static str, error: InputError) -> Error {
        Error::Input { field, error }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Input { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::MissingParameter { .. } | Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::UnknownExam { .. } | Error::NotFound { .. } => StatusCode::NOT_FOUND,
            Error::Csrf | Error::Forbidden => StatusCode::FORBIDDEN,
            Error::SignInRequired => StatusCode::UNAUTHORIZED,
            Error::AttemptNotFound(_) | Error::NoSuchQuestion { .. } => StatusCode::NOT_FOUND,
            Error::Refused(_) => StatusCode::CONFLICT,
            Error::CannotAssemble(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::TooManySignIns { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable, machine-readable code such as `unknown-role` or `invalid-hours-per-week`.
    pub fn code(&self) -> String {
        match self {
            Error::Input {
                error: InputError::Unknown { kind, .. },
                ..
            } => format!("unknown-{}", kind.replace(' ', "-")),
            Error::Input {
                error: InputError::Invalid { field, .. },
                ..
            } => format!("invalid-{}", field.replace([' ', '_'], "-")),
            Error::MissingParameter { .. } => "missing-parameter".into(),
            Error::BadRequest(_) => "bad-request".into(),
            Error::UnknownExam { .. } => "unknown-exam".into(),
            Error::NotFound { .. } => "not-found".into(),
            Error::Csrf => "csrf".into(),
            Error::SignInRequired => "sign-in-required".into(),
            Error::Forbidden => "forbidden".into(),
            Error::AttemptNotFound(_) => "unknown-attempt".into(),
            Error::Refused(_) => "refused".into(),
            Error::NoSuchQuestion { .. } => "unknown-question".into(),
            Error::CannotAssemble(_) => "cannot-assemble".into(),
            Error::TooManySignIns { .. } => "too-many-sign-ins".into(),
            Error::Internal(_) => "internal".into(),
        }
    }

    /// What went wrong, for people; safe to show (internal details are left out).
    pub fn message(&self) -> String {
        match self {
            Error::Input {
                error: error @ InputError::Unknown { .. },
                ..
            } => error.split().0,
            Error::Internal(_) => "something went wrong on our side; it has been logged".into(),
            other => other.to_string(),
        }
    }

    /// The query parameter at fault, if one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Input { field, .. } | Error::MissingParameter { field } => Some(field),
            _ => None,
        }
    }

    /// The accepted values, when the value was a name.
    pub fn accepted(&self) -> &[String] {
        match self {
            Error::Input {
                error: InputError::Unknown { accepted, .. },
                ..
            }
            | Error::UnknownExam { accepted, .. } => accepted,
            _ => &[],
        }
    }

    /// The closest accepted value, when one is close.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Error::Input {
                error: InputError::Unknown { suggestion, .. },
                ..
            }
            | Error::UnknownExam { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }

    /// The JSON body for this error.
    pub fn body(&self) -> ErrorBody {
        if let Error::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.message(),
                field: self.field().map(str::to_owned),
                accepted: self.accepted().to_vec(),
                suggestion: self.suggestion().map(str::to_owned),
            },
        }
    }
}

/// The JSON body of every API error: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code: `unknown-role`, `unknown-goal`, `unknown-service`,
    /// `unknown-certification`, `unknown-tier`, `unknown-exam`, `invalid-experience-years`,
    /// `invalid-hours-per-week`, `invalid-target-date`, `invalid-on`, `invalid-all`,
    /// `missing-parameter`, `bad-request`, `not-found`, `csrf`, `sign-in-required`,
    /// `forbidden`, `unknown-attempt`, `unknown-question`, `refused`, `cannot-assemble`,
    /// `too-many-sign-ins` or `internal`.
    #[schema(example = "unknown-role")]
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// The query parameter at fault, if one is.
    #[schema(required = true)]
    pub field: Option<String>,
    /// The accepted values, when the value was a name; empty otherwise.
    pub accepted: Vec<String>,
    /// The closest accepted value, when one is close.
    #[schema(required = true)]
    pub suggestion: Option<String>,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}

impl From<storage::StorageError> for Error {
    fn from(err: storage::StorageError) -> Error {
        Error::Internal(err.to_string())
    }
}

impl From<attempts::AttemptsError> for Error {
    fn from(err: attempts::AttemptsError) -> Error {
        use attempts::AttemptsError as E;
        match err {
            E::UnknownExam { given, suggestion } => Error::UnknownExam {
                given,
                suggestion,
                accepted: Vec::new(),
            },
            E::NotFound(id) => Error::AttemptNotFound(id),
            E::Ambiguous { given, .. } => Error::AttemptNotFound(given),
            E::NothingToReview(_) | E::Assembly(_) => Error::CannotAssemble(err.to_string()),
            E::Refused(_) | E::TimedOut => Error::Refused(err.to_string()),
            E::Storage(_) | E::Corrupt { .. } | E::NoRandomness(_) => {
                Error::Internal(err.to_string())
            }
        }
    }
}
