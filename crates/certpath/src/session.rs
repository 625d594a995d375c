//! The command line's attempts: the `attempts` crate on the local SQLite database, for the
//! local user, with its errors turned into the binary's.

use crate::error::AppError;
use attempts::{Attempts, AttemptsError};
use catalog::Catalog;
use engine::Event;
use std::path::{Path, PathBuf};
use storage::Storage;
use storage_sqlite::SqliteStorage;
use time::OffsetDateTime;

pub use attempts::{Live, ReadinessOutcome, StartSpec};

/// Where the database lives when neither `--database` nor `CERTPATH_DATABASE` says.
pub fn default_database() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("certpath")
        .join("certpath.db")
}

/// The store, the catalog and the bank, for one command.
pub struct Session<'a> {
    store: Box<dyn Storage>,
    catalog: &'a Catalog,
    items: &'a [bank::Item],
}

/// The binary's error for an attempts error; `catalog` lists the exam codes accepted.
fn app_error(err: AttemptsError, catalog: &Catalog) -> AppError {
    match err {
        AttemptsError::UnknownExam { given, suggestion } => {
            AppError::Input(advisor::InputError::Unknown {
                kind: "exam code",
                given,
                suggestion,
                accepted: catalog.codes().map(str::to_owned).collect(),
            })
        }
        AttemptsError::NothingToReview(_) => AppError::Usage(err.to_string()),
        AttemptsError::NotFound(id) => AppError::Usage(format!(
            "no attempt has the id `{id}`; `certpath history` lists them"
        )),
        AttemptsError::Ambiguous { .. } => AppError::Usage(err.to_string()),
        AttemptsError::Assembly(_) | AttemptsError::Refused(_) | AttemptsError::TimedOut => {
            AppError::Engine(err.to_string())
        }
        AttemptsError::Storage(_)
        | AttemptsError::Corrupt { .. }
        | AttemptsError::NoRandomness(_) => AppError::Storage(err.to_string()),
    }
}

impl<'a> Session<'a> {
    /// A session on the SQLite database at `path`.
    pub fn open(
        path: &Path,
        catalog: &'a Catalog,
        items: &'a [bank::Item],
    ) -> Result<Session<'a>, AppError> {
        let store = SqliteStorage::open(path).map_err(|e| AppError::Storage(e.to_string()))?;
        Ok(Session {
            store: Box::new(store),
            catalog,
            items,
        })
    }

    fn attempts(&self) -> Attempts<'_> {
        Attempts::new(&*self.store, self.catalog, self.items, None)
    }

    /// Assembles a form and records the start of an attempt at it.
    pub fn start(&self, spec: StartSpec, now: OffsetDateTime) -> Result<Live, AppError> {
        self.attempts()
            .start(spec, now)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// The attempt with this id, or the only one whose id starts with it; a deadline that
    /// passed is recorded as a time-out first.
    pub fn load(&self, id: &str, now: OffsetDateTime) -> Result<Live, AppError> {
        let attempts = self.attempts();
        let id = attempts
            .resolve(id)
            .map_err(|e| app_error(e, self.catalog))?;
        attempts
            .load(&id, now)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// Records a time-out when the deadline has passed.
    pub fn time_out_if_due(&self, live: &mut Live, now: OffsetDateTime) -> Result<bool, AppError> {
        self.attempts()
            .time_out_if_due(live, now)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// Applies an event and commits it before returning; closes the attempt's record when the
    /// event ends it.
    pub fn apply(
        &self,
        live: &mut Live,
        event: Event,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        self.attempts()
            .apply(live, event, now)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// The local user's reviews, as the scheduler takes them.
    pub fn reviews(&self) -> Result<Vec<review::Review>, AppError> {
        self.attempts()
            .reviews()
            .map_err(|e| app_error(e, self.catalog))
    }

    /// Records one review from a study session.
    pub fn add_review(
        &self,
        item: &str,
        exam: &str,
        rating: review::Rating,
        at: OffsetDateTime,
    ) -> Result<(), AppError> {
        self.attempts()
            .add_review(item, exam, rating, at)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// The local user's unfinished attempts at an exam, newest first.
    pub fn unfinished(&self, exam: &str, mode: &str) -> Result<Vec<String>, AppError> {
        self.attempts()
            .unfinished(exam, mode)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// What a study plan starts from, and how many finished attempts it read.
    pub fn plan_input(
        &self,
        exam: &catalog::ExamVersion,
        today: time::Date,
        target: time::Date,
        hours_per_week: f64,
        mock_exam_minutes: u32,
    ) -> Result<(study::PlanInput, usize), AppError> {
        self.attempts()
            .plan_input(exam, today, target, hours_per_week, mock_exam_minutes)
            .map_err(|e| app_error(e, self.catalog))
    }

    /// Readiness for the attempt's exam, or why there is none yet.
    pub fn readiness(&self, live: &Live) -> Result<ReadinessOutcome, AppError> {
        self.attempts()
            .readiness(live.attempt.form())
            .map_err(|e| app_error(e, self.catalog))
    }
}
