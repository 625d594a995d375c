//! Attempts as the shell runs them: assemble a form, record every event durably, replay.
//!
//! The engine decides what an event means; storage keeps the log. This module joins them:
//! each accepted event is appended (and committed) before the caller acknowledges it, an
//! attempt is rebuilt from its log on every load, and a deadline that passed while nobody
//! was looking is recorded as a time-out the moment the attempt is next touched.

use crate::error::AppError;
use catalog::Catalog;
use engine::{Attempt, Event, FormShape, FormSpec, Mode, Record, Timestamp};
use std::path::{Path, PathBuf};
use storage::{AttemptFilter, Finish, NewAttempt, Outcome, Storage};
use storage_sqlite::SqliteStorage;
use time::OffsetDateTime;

/// Where the database lives when neither `--database` nor `CERTPATH_DATABASE` says.
pub fn default_database() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("certpath")
        .join("certpath.db")
}

/// How many recent attempts' questions a new form avoids.
const RECENT_ATTEMPTS: usize = 3;

/// An attempt loaded from the store.
pub struct Live {
    /// The attempt's id.
    pub id: String,
    /// Its state.
    pub attempt: Attempt,
}

/// What to start.
pub struct StartSpec {
    /// The exam code.
    pub exam: String,
    /// The mode.
    pub mode: Mode,
    /// The form's shape (full, drill, review, custom); review ids are filled in by `start`.
    pub shape: FormShape,
    /// The seed, or a random one.
    pub seed: Option<u64>,
}

/// The store, the catalog and the bank, for one command.
pub struct Session<'a> {
    store: Box<dyn Storage>,
    catalog: &'a Catalog,
    items: &'a [bank::Item],
}

fn to_timestamp(at: OffsetDateTime) -> Timestamp {
    Timestamp::from_unix_millis((at.unix_timestamp_nanos() / 1_000_000) as i64)
}

fn to_datetime(at: Timestamp) -> OffsetDateTime {
    at.to_offset_date_time()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn storage_error(err: storage::StorageError) -> AppError {
    AppError::Storage(err.to_string())
}

/// A random id: 12 lower-case hex digits, easy to type and to abbreviate.
fn new_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Storage(format!("no randomness for an attempt id: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn random_seed() -> Result<u64, AppError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Storage(format!("no randomness for a seed: {e}")))?;
    Ok(u64::from_le_bytes(bytes))
}

impl<'a> Session<'a> {
    /// A session on the SQLite database at `path`.
    pub fn open(
        path: &Path,
        catalog: &'a Catalog,
        items: &'a [bank::Item],
    ) -> Result<Session<'a>, AppError> {
        let store = SqliteStorage::open(path).map_err(storage_error)?;
        Ok(Session {
            store: Box::new(store),
            catalog,
            items,
        })
    }

    /// Assembles a form and records the start of an attempt at it.
    pub fn start(&self, spec: StartSpec, now: OffsetDateTime) -> Result<Live, AppError> {
        let exam = self.catalog.exam(&spec.exam).ok_or_else(|| {
            AppError::Input(advisor::InputError::Unknown {
                kind: "exam code",
                given: spec.exam.clone(),
                suggestion: catalog::suggest::closest(&spec.exam, self.catalog.codes())
                    .map(str::to_owned),
                accepted: self.catalog.codes().map(str::to_owned).collect(),
            })
        })?;
        let history = self
            .store
            .attempts(&AttemptFilter {
                user: Some(None),
                exam: Some(exam.code.clone()),
                unfinished: None,
            })
            .map_err(storage_error)?;
        let mut recent: Vec<String> = Vec::new();
        for summary in history.iter().take(RECENT_ATTEMPTS) {
            if let Some(stored) = self.store.attempt(&summary.id).map_err(storage_error)?
                && let Ok(form) = serde_json::from_str::<engine::Form>(&stored.attempt.form)
            {
                recent.extend(form.item_ids().into_iter().map(str::to_owned));
            }
        }
        let shape = match spec.shape {
            FormShape::Review { ids, minutes } if ids.is_empty() => {
                let ids = self.missed_or_flagged(&exam.code)?;
                if ids.is_empty() {
                    return Err(AppError::Usage(format!(
                        "there is nothing to review for {}: no finished attempt has a wrong, blank or flagged question",
                        exam.code
                    )));
                }
                FormShape::Review { ids, minutes }
            }
            other => other,
        };
        let seed = match spec.seed {
            Some(seed) => seed,
            None => random_seed()?,
        };
        let form_spec = FormSpec {
            shape,
            recent: Vec::new(),
        }
        .avoiding(recent);
        let form = engine::assemble(self.items, exam, &form_spec, seed)
            .map_err(|e| AppError::Engine(e.to_string()))?;
        let started = to_timestamp(now);
        let attempt =
            Attempt::new(form, spec.mode, started).map_err(|e| AppError::Engine(e.to_string()))?;
        let id = new_id()?;
        let new = NewAttempt {
            id: id.clone(),
            user: None,
            exam: exam.code.clone(),
            mode: spec.mode.name().to_owned(),
            seed,
            form: serde_json::to_string(attempt.form())
                .map_err(|e| AppError::Storage(e.to_string()))?,
            started_at: to_datetime(started),
            deadline: attempt.deadline().map(to_datetime),
        };
        self.store.create_attempt(&new).map_err(storage_error)?;
        let live = Live { id, attempt };
        self.persist_from(&live, 0)?;
        Ok(live)
    }

    /// The ids a review form asks again: wrong, blank or flagged in finished attempts, newest first.
    fn missed_or_flagged(&self, exam: &str) -> Result<Vec<String>, AppError> {
        let finished = self
            .store
            .attempts(&AttemptFilter {
                user: Some(None),
                exam: Some(exam.to_owned()),
                unfinished: Some(false),
            })
            .map_err(storage_error)?;
        let mut ids: Vec<String> = Vec::new();
        for summary in finished {
            let Some(stored) = self.store.attempt(&summary.id).map_err(storage_error)? else {
                continue;
            };
            let Some(finish) = stored.finish else {
                continue;
            };
            let Ok(report) = serde_json::from_str::<engine::Report>(&finish.report) else {
                continue;
            };
            for id in report.review_ids() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }

    /// The attempt with this id, or the only one whose id starts with it; a deadline that
    /// passed is recorded as a time-out first.
    pub fn load(&self, id: &str, now: OffsetDateTime) -> Result<Live, AppError> {
        let id = self.resolve(id)?;
        let stored = self
            .store
            .attempt(&id)
            .map_err(storage_error)?
            .ok_or_else(|| AppError::Usage(format!("no attempt has the id `{id}`")))?;
        let mut records = Vec::with_capacity(stored.events.len());
        for event in &stored.events {
            let record: Record = serde_json::from_str(&event.event).map_err(|e| {
                AppError::Storage(format!(
                    "event {} of attempt {id} is unreadable: {e}",
                    event.seq
                ))
            })?;
            records.push(record);
        }
        let attempt = Attempt::replay(records)
            .map_err(|e| AppError::Storage(format!("attempt {id} cannot be replayed: {e}")))?;
        let mut live = Live { id, attempt };
        self.time_out_if_due(&mut live, now)?;
        if live.attempt.is_closed() && stored.finish.is_none() {
            self.finish(&live)?;
        }
        Ok(live)
    }

    fn resolve(&self, given: &str) -> Result<String, AppError> {
        let given = given.trim();
        if self.store.attempt(given).map_err(storage_error)?.is_some() {
            return Ok(given.to_owned());
        }
        let all = self
            .store
            .attempts(&AttemptFilter::default())
            .map_err(storage_error)?;
        let matching: Vec<&str> = all
            .iter()
            .map(|a| a.id.as_str())
            .filter(|id| id.starts_with(given))
            .collect();
        match matching.as_slice() {
            [one] => Ok((*one).to_owned()),
            [] => Err(AppError::Usage(format!(
                "no attempt has the id `{given}`; `certpath history` lists them"
            ))),
            many => Err(AppError::Usage(format!(
                "`{given}` matches {} attempts ({}); give more of the id",
                many.len(),
                many.join(", ")
            ))),
        }
    }

    /// Records a time-out when the deadline has passed.
    pub fn time_out_if_due(&self, live: &mut Live, now: OffsetDateTime) -> Result<bool, AppError> {
        let before = live.attempt.records().len();
        if live.attempt.time_out_if_due(to_timestamp(now)).is_some() {
            self.persist_from(live, before)?;
            self.finish(live)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Applies an event and commits it before returning; closes the attempt's record when the
    /// event ends it.
    pub fn apply(
        &self,
        live: &mut Live,
        event: Event,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        if self.time_out_if_due(live, now)? && !matches!(event, Event::TimedOut) {
            return Err(AppError::Engine(
                "time is up: the attempt timed out at its deadline; see its report".into(),
            ));
        }
        let before = live.attempt.records().len();
        live.attempt
            .apply(event, to_timestamp(now))
            .map_err(|e| AppError::Engine(e.to_string()))?;
        self.persist_from(live, before)?;
        if live.attempt.is_closed() {
            self.finish(live)?;
        }
        Ok(())
    }

    /// Appends the records from `from` on, each durably.
    fn persist_from(&self, live: &Live, from: usize) -> Result<(), AppError> {
        for (seq, record) in live.attempt.records().iter().enumerate().skip(from) {
            let json =
                serde_json::to_string(record).map_err(|e| AppError::Storage(e.to_string()))?;
            self.store
                .append_event(&live.id, seq as u32, to_datetime(record.at), &json)
                .map_err(storage_error)?;
        }
        Ok(())
    }

    fn finish(&self, live: &Live) -> Result<(), AppError> {
        let report = live
            .attempt
            .report()
            .map_err(|e| AppError::Engine(e.to_string()))?;
        let outcome = match report.outcome {
            engine::Outcome::Submitted => Outcome::Submitted,
            engine::Outcome::TimedOut => Outcome::TimedOut,
        };
        let finish = Finish {
            finished_at: to_datetime(report.closed_at),
            outcome,
            scaled_score: Some(report.scaled),
            passed: Some(report.passed),
            report: serde_json::to_string(&report).map_err(|e| AppError::Storage(e.to_string()))?,
        };
        match self.store.finish_attempt(&live.id, &finish) {
            Ok(()) => self.queue_reviews(live, &report),
            Err(storage::StorageError::Finished(_)) => Ok(()),
            Err(e) => Err(storage_error(e)),
        }
    }

    /// Puts the attempt's missed and unsure questions into the review queue (FSRS reviews at
    /// the attempt's close), and rates the queued ones it got right.
    fn queue_reviews(&self, live: &Live, report: &engine::Report) -> Result<(), AppError> {
        let queued: std::collections::BTreeSet<String> = self
            .store
            .reviews(None)
            .map_err(storage_error)?
            .into_iter()
            .map(|r| r.item)
            .collect();
        let outcomes: Vec<review::Outcome<'_>> = report
            .questions
            .iter()
            .map(|q| review::Outcome {
                item: &q.id,
                correct: q.correct,
                flagged: q.flagged,
            })
            .collect();
        let at = to_datetime(report.closed_at);
        let records: Vec<storage::ReviewRecord> =
            review::ratings_from_attempt(&outcomes, |item| queued.contains(item))
                .into_iter()
                .map(|(item, rating)| storage::ReviewRecord {
                    user: None,
                    item: item.to_owned(),
                    exam: report.exam.clone(),
                    at,
                    rating: rating.number(),
                    source: format!("attempt:{}", live.id),
                })
                .collect();
        self.store.add_reviews(&records).map_err(storage_error)
    }

    /// The local user's reviews, as the scheduler takes them.
    pub fn reviews(&self) -> Result<Vec<review::Review>, AppError> {
        Ok(self
            .store
            .reviews(None)
            .map_err(storage_error)?
            .into_iter()
            .filter_map(|r| {
                review::Rating::from_number(r.rating)
                    .map(|rating| review::Review::new(r.item, r.exam, r.at.date(), rating))
            })
            .collect())
    }

    /// Records one review from a study session.
    pub fn add_review(
        &self,
        item: &str,
        exam: &str,
        rating: review::Rating,
        at: OffsetDateTime,
    ) -> Result<(), AppError> {
        let record = storage::ReviewRecord {
            user: None,
            item: item.to_owned(),
            exam: exam.to_owned(),
            at,
            rating: rating.number(),
            source: "study".to_owned(),
        };
        self.store.add_reviews(&[record]).map_err(storage_error)
    }

    /// The reports of the local user's latest finished attempts at an exam, newest first.
    pub fn recent_reports(
        &self,
        exam: &str,
        count: usize,
    ) -> Result<Vec<engine::Report>, AppError> {
        let finished = self
            .store
            .attempts(&AttemptFilter {
                user: Some(None),
                exam: Some(exam.to_ascii_uppercase()),
                unfinished: Some(false),
            })
            .map_err(storage_error)?;
        let mut reports = Vec::new();
        for summary in finished.into_iter().take(count) {
            if let Some(finish) = self
                .store
                .attempt(&summary.id)
                .map_err(storage_error)?
                .and_then(|a| a.finish)
                && let Ok(report) = serde_json::from_str::<engine::Report>(&finish.report)
            {
                reports.push(report);
            }
        }
        Ok(reports)
    }

    /// The store's item calibrations.
    pub fn calibrations(&self) -> Result<Vec<storage::ItemCalibration>, AppError> {
        self.store.calibrations().map_err(storage_error)
    }

    /// The local user's first answer to each question of an exam, from finished attempts
    /// (oldest first), with the question's domain.
    pub fn first_answers(&self, exam: &str) -> Result<Vec<(String, u8, bool)>, AppError> {
        let mut finished = self
            .store
            .attempts(&AttemptFilter {
                user: Some(None),
                exam: Some(exam.to_ascii_uppercase()),
                unfinished: Some(false),
            })
            .map_err(storage_error)?;
        finished.sort_by_key(|a| a.started_at);
        let mut seen = std::collections::BTreeSet::new();
        let mut answers = Vec::new();
        for summary in finished {
            let Some(finish) = self
                .store
                .attempt(&summary.id)
                .map_err(storage_error)?
                .and_then(|a| a.finish)
            else {
                continue;
            };
            let Ok(report) = serde_json::from_str::<engine::Report>(&finish.report) else {
                continue;
            };
            for q in report.questions {
                if seen.insert(q.id.clone()) {
                    answers.push((q.id, q.domain, q.correct));
                }
            }
        }
        Ok(answers)
    }

    /// The local user's unfinished attempts at an exam, newest first.
    pub fn unfinished(&self, exam: &str, mode: &str) -> Result<Vec<String>, AppError> {
        Ok(self
            .store
            .attempts(&AttemptFilter {
                user: Some(None),
                exam: Some(exam.to_ascii_uppercase()),
                unfinished: Some(true),
            })
            .map_err(storage_error)?
            .into_iter()
            .filter(|a| a.mode == mode)
            .map(|a| a.id)
            .collect())
    }
}
