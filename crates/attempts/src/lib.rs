//! Attempts as the shell runs them: assemble a form, record every event durably, replay,
//! and what follows an attempt's close (its report, the review queue, readiness).
//!
//! The engine decides what an event means; storage keeps the log. This crate joins them for
//! both front ends, the command line and the web app: each accepted event is appended (and
//! committed) before the caller acknowledges it, an attempt is rebuilt from its log on every
//! load, so any server instance can serve the next request, and a deadline that passed while
//! nobody was looking is recorded as a time-out the moment the attempt is next touched.
//!
//! Everything is done on behalf of one owner: the local user of the command line (`None`)
//! or a web account or visitor (`Some(id)`). An owner sees only its own attempts: another
//! owner's attempt is reported as not found.
//!
//! # Example
//!
//! ```
//! use attempts::{Attempts, StartSpec};
//! use engine::{Event, FormShape, Mode};
//!
//! let catalog = catalog::Catalog::builtin()?;
//! let today = time::macros::date!(2026 - 12 - 01);
//! let bank = bank::load(&builtin_bank::files(), &bank::LintContext::new(&catalog, today));
//! let store = storage_sqlite::SqliteStorage::open_in_memory()?;
//! let now = time::macros::datetime!(2026-12-01 10:00 UTC);
//!
//! let attempts = Attempts::new(&store, &catalog, &bank.items, Some("ana"));
//! let spec = StartSpec { exam: "CLF-C02".into(), mode: Mode::Practice { timed: false }, shape: FormShape::Full, seed: Some(7) };
//! let mut live = attempts.start(spec, now)?;
//! attempts.apply(&mut live, Event::Submitted, now)?;
//! let report = attempts.report(&live.id)?.expect("finished");
//! assert_eq!(report.exam, "CLF-C02");
//!
//! // Another owner cannot see it.
//! let other = Attempts::new(&store, &catalog, &bank.items, Some("bea"));
//! assert!(other.load(&live.id, now).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod calibration;
mod readiness;

pub use calibration::first_responses;
pub use readiness::{MIN_REFERENCE, ReadinessOutcome};

use catalog::Catalog;
use engine::{Attempt, Event, FormShape, FormSpec, Mode, Record, Report, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use storage::{AttemptFilter, Finish, NewAttempt, Outcome, Storage, StorageError};
use time::OffsetDateTime;

/// How many recent attempts' questions a new form avoids.
const RECENT_ATTEMPTS: usize = 3;

/// How many recent finished attempts a study plan reads readiness from.
const RECENT_PLAN_ATTEMPTS: usize = 3;

/// Why an attempt could not be started, loaded or changed.
#[derive(Debug, thiserror::Error)]
pub enum AttemptsError {
    /// No exam has this code.
    #[error("there is no exam `{given}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownExam {
        /// What was given.
        given: String,
        /// The closest code, when one is close.
        suggestion: Option<String>,
    },
    /// A review form was asked for, but nothing needs reviewing.
    #[error(
        "there is nothing to review for {0}: no finished attempt has a wrong, blank or flagged question"
    )]
    NothingToReview(String),
    /// The bank cannot fill the form.
    #[error(transparent)]
    Assembly(#[from] engine::AssemblyError),
    /// The engine refused the event (a closed attempt, a bad answer, "Select N").
    #[error(transparent)]
    Refused(#[from] engine::AttemptError),
    /// The deadline has passed; the attempt was closed as timed out.
    #[error("time is up: the attempt timed out at its deadline; see its report")]
    TimedOut,
    /// No attempt of this owner has the id.
    #[error("no attempt has the id `{0}`")]
    NotFound(String),
    /// A prefix matches several attempts.
    #[error("`{given}` matches {} attempts ({}); give more of the id", matches.len(), matches.join(", "))]
    Ambiguous {
        /// The prefix.
        given: String,
        /// The ids it matches.
        matches: Vec<String>,
    },
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A stored attempt cannot be read back.
    #[error("attempt {id} cannot be read back: {why}")]
    Corrupt {
        /// The attempt.
        id: String,
        /// What is wrong.
        why: String,
    },
    /// The operating system gave no randomness for an id or a seed.
    #[error("no randomness for an attempt id or seed: {0}")]
    NoRandomness(String),
}

/// An attempt loaded from the store.
#[derive(Debug)]
pub struct Live {
    /// The attempt's id.
    pub id: String,
    /// Its state.
    pub attempt: Attempt,
}

/// What to start.
#[derive(Debug, Clone)]
pub struct StartSpec {
    /// The exam code (any case).
    pub exam: String,
    /// The mode.
    pub mode: Mode,
    /// The form's shape (full, drill, review, custom); an empty review list is filled with
    /// the owner's missed and flagged questions.
    pub shape: FormShape,
    /// The seed, or a random one.
    pub seed: Option<u64>,
}

/// What an attempt's row keeps of its form (`NewAttempt::outline`): the bank ids of its
/// questions, in shown order (the row has the exam already). The whole form, about 100 KB of
/// JSON for a full exam, is in the attempt's `started` event only.
#[derive(Debug, Serialize, Deserialize)]
struct Outline {
    items: Vec<ItemRef>,
}

/// A question of an [`Outline`]: its bank id, or (in rows written by earlier versions, which
/// kept the whole form) the whole question, of which only the id is read.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum ItemRef {
    Id(String),
    Item { id: String },
}

impl Outline {
    fn of(form: &engine::Form) -> Outline {
        Outline {
            items: form
                .item_ids()
                .into_iter()
                .map(|id| ItemRef::Id(id.to_owned()))
                .collect(),
        }
    }
}

impl ItemRef {
    fn into_id(self) -> String {
        match self {
            ItemRef::Id(id) | ItemRef::Item { id } => id,
        }
    }
}

/// One owner's attempts in a store, with the catalog and the bank to build forms from.
pub struct Attempts<'a> {
    store: &'a dyn Storage,
    catalog: &'a Catalog,
    items: &'a [bank::Item],
    owner: Option<&'a str>,
}

/// The engine's time for a wall-clock time.
pub fn to_timestamp(at: OffsetDateTime) -> Timestamp {
    Timestamp::from_unix_millis((at.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// The wall-clock time for an engine time.
pub fn to_datetime(at: Timestamp) -> OffsetDateTime {
    at.to_offset_date_time()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A random id: `bytes` random bytes as lower-case hex.
pub fn random_hex(bytes: usize) -> Result<String, AttemptsError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| AttemptsError::NoRandomness(e.to_string()))?;
    Ok(hex::encode(buffer))
}

fn random_seed() -> Result<u64, AttemptsError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| AttemptsError::NoRandomness(e.to_string()))?;
    Ok(u64::from_le_bytes(bytes))
}

fn corrupt(id: &str, why: impl std::fmt::Display) -> AttemptsError {
    AttemptsError::Corrupt {
        id: id.to_owned(),
        why: why.to_string(),
    }
}

impl<'a> Attempts<'a> {
    /// `owner`'s attempts in `store`; `items` are the bank items forms are built from.
    pub fn new(
        store: &'a dyn Storage,
        catalog: &'a Catalog,
        items: &'a [bank::Item],
        owner: Option<&'a str>,
    ) -> Attempts<'a> {
        Attempts {
            store,
            catalog,
            items,
            owner,
        }
    }

    /// The store.
    pub fn store(&self) -> &'a dyn Storage {
        self.store
    }

    fn filter(&self, exam: Option<&str>, unfinished: Option<bool>) -> AttemptFilter {
        AttemptFilter {
            user: Some(self.owner.map(str::to_owned)),
            exam: exam.map(str::to_ascii_uppercase),
            unfinished,
            limit: None,
        }
    }

    /// Assembles a form and records the start of an attempt at it.
    pub fn start(&self, spec: StartSpec, now: OffsetDateTime) -> Result<Live, AttemptsError> {
        let exam = self
            .catalog
            .exam(&spec.exam)
            .ok_or_else(|| AttemptsError::UnknownExam {
                given: spec.exam.clone(),
                suggestion: catalog::suggest::closest(&spec.exam, self.catalog.codes())
                    .map(str::to_owned),
            })?;
        let mut recent: Vec<String> = Vec::new();
        let newest = AttemptFilter {
            limit: Some(RECENT_ATTEMPTS),
            ..self.filter(Some(&exam.code), None)
        };
        for summary in self.store.attempts(&newest)? {
            if let Some(outline) = self.store.attempt_outline(&summary.id)?
                && let Ok(outline) = serde_json::from_str::<Outline>(&outline)
            {
                recent.extend(outline.items.into_iter().map(ItemRef::into_id));
            }
        }
        let shape = match spec.shape {
            FormShape::Review { ids, minutes } if ids.is_empty() => {
                let ids = self.missed_or_flagged(&exam.code)?;
                if ids.is_empty() {
                    return Err(AttemptsError::NothingToReview(exam.code.clone()));
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
        let form = engine::assemble(self.items, exam, &form_spec, seed)?;
        let started = to_timestamp(now);
        let attempt = Attempt::new(form, spec.mode, started)?;
        let id = random_hex(6)?;
        let new = NewAttempt {
            id: id.clone(),
            user: self.owner.map(str::to_owned),
            exam: exam.code.clone(),
            mode: spec.mode.name().to_owned(),
            seed,
            outline: serde_json::to_string(&Outline::of(attempt.form()))
                .map_err(|e| corrupt(&id, e))?,
            started_at: to_datetime(started),
            deadline: attempt.deadline().map(to_datetime),
        };
        self.store.create_attempt(&new)?;
        let live = Live { id, attempt };
        self.persist_from(&live, 0)?;
        Ok(live)
    }

    /// The reports of the owner's finished attempts at an exam, newest first.
    fn finished_reports(
        &self,
        exam: &str,
    ) -> Result<Vec<(storage::AttemptSummary, Report)>, AttemptsError> {
        let mut reports = Vec::new();
        for summary in self.store.attempts(&self.filter(Some(exam), Some(false)))? {
            if let Some(finish) = self.store.attempt(&summary.id)?.and_then(|a| a.finish)
                && let Ok(report) = serde_json::from_str::<Report>(&finish.report)
            {
                reports.push((summary, report));
            }
        }
        Ok(reports)
    }

    /// The ids a review form asks again: wrong, blank or flagged in finished attempts, newest
    /// first.
    fn missed_or_flagged(&self, exam: &str) -> Result<Vec<String>, AttemptsError> {
        let mut ids: Vec<String> = Vec::new();
        for (_, report) in self.finished_reports(exam)? {
            for id in report.review_ids() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }

    /// The owner's attempt with exactly this id; a deadline that passed is recorded as a
    /// time-out first.
    pub fn load(&self, id: &str, now: OffsetDateTime) -> Result<Live, AttemptsError> {
        let stored = self
            .store
            .attempt(id)?
            .filter(|stored| stored.attempt.user.as_deref() == self.owner)
            .ok_or_else(|| AttemptsError::NotFound(id.to_owned()))?;
        let mut records = Vec::with_capacity(stored.events.len());
        for event in &stored.events {
            let record: Record = serde_json::from_str(&event.event)
                .map_err(|e| corrupt(id, format!("event {} is unreadable: {e}", event.seq)))?;
            records.push(record);
        }
        let attempt = Attempt::replay(records).map_err(|e| corrupt(id, e))?;
        let mut live = Live {
            id: id.to_owned(),
            attempt,
        };
        self.time_out_if_due(&mut live, now)?;
        if live.attempt.is_closed() && stored.finish.is_none() {
            self.finish(&live)?;
        }
        Ok(live)
    }

    /// The owner's attempt id that is `given`, or the only one that starts with it.
    pub fn resolve(&self, given: &str) -> Result<String, AttemptsError> {
        let given = given.trim();
        let all = self.store.attempts(&self.filter(None, None))?;
        if all.iter().any(|a| a.id == given) {
            return Ok(given.to_owned());
        }
        let matching: Vec<String> = all
            .into_iter()
            .map(|a| a.id)
            .filter(|id| !given.is_empty() && id.starts_with(given))
            .collect();
        match matching.len() {
            1 => Ok(matching.into_iter().next().unwrap_or_default()),
            0 => Err(AttemptsError::NotFound(given.to_owned())),
            _ => Err(AttemptsError::Ambiguous {
                given: given.to_owned(),
                matches: matching,
            }),
        }
    }

    /// Records a time-out when the deadline has passed; says whether it did.
    pub fn time_out_if_due(
        &self,
        live: &mut Live,
        now: OffsetDateTime,
    ) -> Result<bool, AttemptsError> {
        let before = live.attempt.records().len();
        if live.attempt.time_out_if_due(to_timestamp(now)).is_some() {
            self.persist_from(live, before)?;
            self.finish(live)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Applies an event and commits it before returning; closes the attempt's record when
    /// the event ends it.
    pub fn apply(
        &self,
        live: &mut Live,
        event: Event,
        now: OffsetDateTime,
    ) -> Result<(), AttemptsError> {
        if self.time_out_if_due(live, now)? && !matches!(event, Event::TimedOut) {
            return Err(AttemptsError::TimedOut);
        }
        let before = live.attempt.records().len();
        live.attempt.apply(event, to_timestamp(now))?;
        self.persist_from(live, before)?;
        if live.attempt.is_closed() {
            self.finish(live)?;
        }
        Ok(())
    }

    /// Appends the records from `from` on, each durably.
    fn persist_from(&self, live: &Live, from: usize) -> Result<(), AttemptsError> {
        for (seq, record) in live.attempt.records().iter().enumerate().skip(from) {
            let json = serde_json::to_string(record).map_err(|e| corrupt(&live.id, e))?;
            self.store
                .append_event(&live.id, seq as u32, to_datetime(record.at), &json)?;
        }
        Ok(())
    }

    fn finish(&self, live: &Live) -> Result<(), AttemptsError> {
        let report = live.attempt.report()?;
        let outcome = match report.outcome {
            engine::Outcome::Submitted => Outcome::Submitted,
            engine::Outcome::TimedOut => Outcome::TimedOut,
        };
        let finish = Finish {
            finished_at: to_datetime(report.closed_at),
            outcome,
            scaled_score: Some(report.scaled),
            passed: Some(report.passed),
            report: serde_json::to_string(&report).map_err(|e| corrupt(&live.id, e))?,
        };
        match self.store.finish_attempt(&live.id, &finish) {
            Ok(()) => self.queue_reviews(live, &report),
            Err(StorageError::Finished(_)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Puts the attempt's missed and unsure questions into the review queue (FSRS reviews
    /// at the attempt's close), and rates the queued ones it got right.
    fn queue_reviews(&self, live: &Live, report: &Report) -> Result<(), AttemptsError> {
        let queued: BTreeSet<String> = self
            .store
            .reviews(self.owner)?
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
                    user: self.owner.map(str::to_owned),
                    item: item.to_owned(),
                    exam: report.exam.clone(),
                    at,
                    rating: rating.number(),
                    source: format!("attempt:{}", live.id),
                })
                .collect();
        Ok(self.store.add_reviews(&records)?)
    }

    /// The stored report of the owner's finished attempt, `None` while it is open.
    pub fn report(&self, id: &str) -> Result<Option<Report>, AttemptsError> {
        let stored = self
            .store
            .attempt(id)?
            .filter(|stored| stored.attempt.user.as_deref() == self.owner)
            .ok_or_else(|| AttemptsError::NotFound(id.to_owned()))?;
        match stored.finish {
            None => Ok(None),
            Some(finish) => serde_json::from_str(&finish.report)
                .map(Some)
                .map_err(|e| corrupt(id, format!("its report is unreadable: {e}"))),
        }
    }

    /// The owner's attempts, newest first, optionally at one exam.
    pub fn history(
        &self,
        exam: Option<&str>,
    ) -> Result<Vec<storage::AttemptSummary>, AttemptsError> {
        Ok(self.store.attempts(&self.filter(exam, None))?)
    }

    /// The owner's reviews, as the scheduler takes them.
    pub fn reviews(&self) -> Result<Vec<review::Review>, AttemptsError> {
        Ok(self
            .store
            .reviews(self.owner)?
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
    ) -> Result<(), AttemptsError> {
        let record = storage::ReviewRecord {
            user: self.owner.map(str::to_owned),
            item: item.to_owned(),
            exam: exam.to_owned(),
            at,
            rating: rating.number(),
            source: "study".to_owned(),
        };
        Ok(self.store.add_reviews(&[record])?)
    }

    /// The reports of the owner's latest `count` finished attempts at an exam, newest first.
    pub fn recent_reports(&self, exam: &str, count: usize) -> Result<Vec<Report>, AttemptsError> {
        Ok(self
            .finished_reports(exam)?
            .into_iter()
            .take(count)
            .map(|(_, report)| report)
            .collect())
    }

    /// The store's item calibrations.
    pub fn calibrations(&self) -> Result<Vec<storage::ItemCalibration>, AttemptsError> {
        Ok(self.store.calibrations()?)
    }

    /// The owner's first answer to each question of an exam, from finished attempts (oldest
    /// first), with the question's domain.
    pub fn first_answers(&self, exam: &str) -> Result<Vec<(String, u8, bool)>, AttemptsError> {
        let mut finished = self.finished_reports(exam)?;
        finished.sort_by_key(|(summary, _)| summary.started_at);
        let mut seen = BTreeSet::new();
        let mut answers = Vec::new();
        for (_, report) in finished {
            for q in report.questions {
                if seen.insert(q.id.clone()) {
                    answers.push((q.id, q.domain, q.correct));
                }
            }
        }
        Ok(answers)
    }

    /// The owner's unfinished attempts at an exam in a mode, newest first.
    pub fn unfinished(&self, exam: &str, mode: &str) -> Result<Vec<String>, AttemptsError> {
        Ok(self
            .store
            .attempts(&self.filter(Some(exam), Some(true)))?
            .into_iter()
            .filter(|a| a.mode == mode)
            .map(|a| a.id)
            .collect())
    }

    /// What a study plan for `exam` starts from: each domain's readiness from the owner's
    /// last three finished attempts (the share of them where it met its cut; unknown without
    /// attempts) and the reviews due in the coming week; with how many attempts it read.
    pub fn plan_input(
        &self,
        exam: &catalog::ExamVersion,
        today: time::Date,
        target: time::Date,
        hours_per_week: f64,
        mock_exam_minutes: u32,
    ) -> Result<(study::PlanInput, usize), AttemptsError> {
        let reports = self.recent_reports(&exam.code, RECENT_PLAN_ATTEMPTS)?;
        let domains: Vec<study::PlanDomain> = exam
            .domains
            .list
            .iter()
            .map(|domain| {
                let classified: Vec<bool> = reports
                    .iter()
                    .filter_map(|r| r.domains.iter().find(|d| d.number == domain.number))
                    .filter_map(|d| d.classification)
                    .map(|c| c == engine::Classification::MeetsCompetencies)
                    .collect();
                let readiness = (!classified.is_empty()).then(|| {
                    classified.iter().filter(|met| **met).count() as f64 / classified.len() as f64
                });
                study::PlanDomain {
                    number: domain.number,
                    name: domain.name.clone(),
                    weight: f64::from(domain.weight),
                    readiness,
                }
            })
            .collect();
        let reviews = self.reviews()?;
        let cards = review::Scheduler::for_history(&reviews)
            .and_then(|scheduler| scheduler.cards(&reviews))
            .map_err(|e| AttemptsError::Corrupt {
                id: "reviews".into(),
                why: e.to_string(),
            })?;
        let week_ahead = today + time::Duration::days(7);
        let due_this_week = cards.iter().filter(|c| c.due <= week_ahead).count() as u32;
        Ok((
            study::PlanInput {
                today,
                target,
                hours_per_week,
                domains,
                reviews_due_per_day: due_this_week.div_ceil(7),
                mock_exam_minutes,
            },
            reports.len(),
        ))
    }

    /// Readiness for an exam from the owner's first answers, with `form`'s scored questions
    /// as the reference form; the reason there is none yet while the bank is not calibrated
    /// enough.
    pub fn readiness(&self, form: &engine::Form) -> Result<ReadinessOutcome, AttemptsError> {
        let calibrations = self.calibrations()?;
        let answers = self.first_answers(form.exam())?;
        Ok(readiness::assess(form, &calibrations, &answers))
    }
}
