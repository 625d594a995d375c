//! The storage interface: attempts and their event logs, kept durably.
//!
//! The exam engine is event-sourced: an attempt is its form plus the events applied to it.
//! This crate says what a store must do with them, and knows nothing of their meaning:
//! forms, events and reports are opaque JSON text written by the shell. Two implementations
//! share one contract, checked by [`conformance`]: `storage-sqlite` (embedded, the default)
//! and, for many server instances, PostgreSQL.
//!
//! The contract that matters most: [`Storage::append_event`] returns only after the event is
//! durably committed, and rejects an event whose sequence number is not the next one, so two
//! writers can never interleave or overwrite an attempt's log.
//!
//! # Example
//!
//! ```
//! use storage::{NewAttempt, Storage};
//! # fn demo(store: &dyn Storage) -> Result<(), storage::StorageError> {
//! let at = time::macros::datetime!(2026-12-01 10:00 UTC);
//! store.create_attempt(&NewAttempt {
//!     id: "a1".into(),
//!     user: None,
//!     exam: "SAA-C03".into(),
//!     mode: "exam".into(),
//!     seed: 7,
//!     outline: "{}".into(),
//!     started_at: at,
//!     deadline: Some(at + time::Duration::minutes(130)),
//! })?;
//! store.append_event("a1", 0, at, r#"{"answer":1}"#)?;
//! assert_eq!(store.attempt("a1")?.expect("stored").events.len(), 1);
//! # Ok(()) }
//! ```

pub mod conformance;

use time::OffsetDateTime;

/// A problem with the store.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// No attempt has this id.
    #[error("no attempt has the id `{0}`")]
    NotFound(String),
    /// An attempt with this id exists already.
    #[error("an attempt with the id `{0}` exists already")]
    Duplicate(String),
    /// The event's sequence number is not the next one: another writer got there first.
    #[error(
        "event {given} of attempt `{attempt}` is out of order: the next event is {expected}; reload the attempt and retry"
    )]
    Conflict {
        /// The attempt.
        attempt: String,
        /// The sequence number given.
        given: u32,
        /// The next free sequence number.
        expected: u32,
    },
    /// The attempt is finished; its log is closed.
    #[error("attempt `{0}` is finished; no more events can be recorded")]
    Finished(String),
    /// The database could not be opened, migrated, read or written.
    #[error("database error: {0}")]
    Database(String),
    /// No user has this id.
    #[error("no user has the id `{0}`")]
    UnknownUser(String),
    /// A user with this name exists already.
    #[error("the name `{0}` is taken; choose another")]
    NameTaken(String),
    /// Stored data could not be decoded (a corrupted or foreign database).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

/// An attempt to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    /// A unique id chosen by the caller.
    pub id: String,
    /// The user the attempt belongs to; `None` for the local user of the command line.
    pub user: Option<String>,
    /// The exam code.
    pub exam: String,
    /// The mode's name.
    pub mode: String,
    /// The seed the form was assembled with.
    pub seed: u64,
    /// The form's outline, as JSON: its questions' bank ids, in shown order
    /// (what the next form needs to avoid recent questions). The whole form is in the
    /// attempt's first event. Attempts stored by earlier versions hold the whole form here,
    /// whose `items` are objects with an `id`. Stored in the `form` column.
    pub outline: String,
    /// When it started.
    pub started_at: OffsetDateTime,
    /// When it ends, for timed modes.
    pub deadline: Option<OffsetDateTime>,
}

/// One event to append, for [`Storage::append_events`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendEvent {
    /// The attempt.
    pub attempt: String,
    /// Its sequence number: the number of the attempt's events before it.
    pub seq: u32,
    /// When it happened.
    pub at: OffsetDateTime,
    /// The event, as JSON.
    pub event: String,
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// 0, 1, 2, ... in the order they were applied.
    pub seq: u32,
    /// When it happened.
    pub at: OffsetDateTime,
    /// The event, as JSON.
    pub event: String,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The candidate submitted.
    Submitted,
    /// The deadline passed.
    TimedOut,
}

impl Outcome {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Submitted => "submitted",
            Outcome::TimedOut => "timed-out",
        }
    }

    /// The outcome for a stored name.
    pub fn from_name(name: &str) -> Option<Outcome> {
        match name {
            "submitted" => Some(Outcome::Submitted),
            "timed-out" => Some(Outcome::TimedOut),
            _ => None,
        }
    }
}

/// The end of an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    /// When it ended.
    pub finished_at: OffsetDateTime,
    /// How.
    pub outcome: Outcome,
    /// The practice-scale score, for listings.
    pub scaled_score: Option<u32>,
    /// Whether it passed on the practice scale.
    pub passed: Option<bool>,
    /// The full report, as JSON.
    pub report: String,
}

/// An attempt with its whole log.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAttempt {
    /// What was recorded at the start.
    pub attempt: NewAttempt,
    /// The events, in order.
    pub events: Vec<StoredEvent>,
    /// The end, once there is one.
    pub finish: Option<Finish>,
}

/// One line of a history listing.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptSummary {
    /// The attempt's id.
    pub id: String,
    /// Its user.
    pub user: Option<String>,
    /// The exam code.
    pub exam: String,
    /// The mode's name.
    pub mode: String,
    /// When it started.
    pub started_at: OffsetDateTime,
    /// When it ends, for timed modes.
    pub deadline: Option<OffsetDateTime>,
    /// How many events it has.
    pub events: u32,
    /// The end, without the report.
    pub finished_at: Option<OffsetDateTime>,
    /// How it ended.
    pub outcome: Option<Outcome>,
    /// The practice-scale score.
    pub scaled_score: Option<u32>,
    /// Whether it passed on the practice scale.
    pub passed: Option<bool>,
}

/// Which attempts a listing includes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptFilter {
    /// Only this user's (`Some(None)`: only the local user's); every user's when `None`.
    pub user: Option<Option<String>>,
    /// Only this exam's.
    pub exam: Option<String>,
    /// Only unfinished (`Some(true)`) or finished (`Some(false)`) attempts.
    pub unfinished: Option<bool>,
    /// At most this many (the newest); all when `None`.
    pub limit: Option<usize>,
}

/// One spaced-repetition review of one bank item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    /// The learner; `None` for the local user of the command line.
    pub user: Option<String>,
    /// The bank item's id.
    pub item: String,
    /// The exam it was seen for.
    pub exam: String,
    /// When it happened.
    pub at: OffsetDateTime,
    /// The FSRS rating, 1 (again) to 4 (easy).
    pub rating: u8,
    /// Where it came from: `attempt:<id>` or `study`.
    pub source: String,
}

/// An item's parameters from a calibration, with the data behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemCalibration {
    /// The bank item's id.
    pub item: String,
    /// The IRT model (`Rasch`, `1PL`, `2PL`, `3PL`).
    pub model: String,
    /// Slope.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Lower asymptote.
    pub c: f64,
    /// Standard errors, where the model estimates the parameter.
    pub se_a: Option<f64>,
    /// Standard error of `b`.
    pub se_b: Option<f64>,
    /// Standard error of `c`.
    pub se_c: Option<f64>,
    /// First-attempt responses the item was calibrated on.
    pub responses: u32,
    /// Classical facility: the share answered correctly.
    pub facility: Option<f64>,
    /// Classical discrimination index (Moodle's, in percent).
    pub discrimination: Option<f64>,
    /// When the calibration ran.
    pub calibrated_at: OffsetDateTime,
}

/// What a user may do on the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Takes exams, studies, sees their own attempts.
    Learner,
    /// Also browses the bank with its lint results and calibrations.
    Author,
    /// Also manages users' roles.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Author => "author",
            Role::Admin => "admin",
        }
    }

    /// The role for a stored name.
    pub fn from_name(name: &str) -> Option<Role> {
        match name {
            "learner" => Some(Role::Learner),
            "author" => Some(Role::Author),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// An account of the web app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// A unique id chosen by the caller; attempts and reviews name their user by it.
    pub id: String,
    /// The sign-in name, unique ignoring ASCII case.
    pub name: String,
    /// The password's PHC string (argon2id); never the password.
    pub password_hash: String,
    /// What the user may do.
    pub role: Role,
    /// When the account was created.
    pub created_at: OffsetDateTime,
}

/// A browser's session with the web app, kept in the database so that any server instance
/// can serve the next request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    /// The SHA-256 of the cookie's secret token, hex; the token itself is never stored.
    pub id: String,
    /// The signed-in user, if any.
    pub user: Option<String>,
    /// The owner name of what a visitor does before signing in (attempts, reviews);
    /// transferred to the account at sign-up or sign-in.
    pub guest: String,
    /// The token every form of this session must carry.
    pub csrf: String,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it stops being valid.
    pub expires_at: OffsetDateTime,
}

/// What a store does. Every method is atomic; `append_event` and `finish_attempt` are
/// durable when they return.
pub trait Storage: Send + Sync {
    /// Records a new attempt.
    fn create_attempt(&self, attempt: &NewAttempt) -> Result<(), StorageError>;

    /// Appends event `seq` to an attempt's log; `seq` must be the number of events already
    /// recorded. Returns only once the event is durably committed.
    fn append_event(
        &self,
        attempt: &str,
        seq: u32,
        at: OffsetDateTime,
        event: &str,
    ) -> Result<(), StorageError>;

    /// Appends many events, of one attempt or several, as if by [`Storage::append_event`]
    /// one after the other in the given order, and returns each one's result in that order;
    /// returns only once every accepted event is durably committed. A store may commit them
    /// together (one transaction, one flush), so that a server can hand it every answer that
    /// arrived meanwhile at once. An event refused (out of order, a finished or unknown
    /// attempt) does not affect the others.
    ///
    /// The default appends them one by one.
    fn append_events(&self, events: &[AppendEvent]) -> Vec<Result<(), StorageError>> {
        events
            .iter()
            .map(|e| self.append_event(&e.attempt, e.seq, e.at, &e.event))
            .collect()
    }

    /// Whether [`Storage::append_events`] commits a batch together (cheaper per event than
    /// one call each), so that a server should collect appends and hand them over at once.
    fn batches_appends(&self) -> bool {
        false
    }

    /// Closes an attempt with its report; no event can follow.
    fn finish_attempt(&self, attempt: &str, finish: &Finish) -> Result<(), StorageError>;

    /// An attempt with its log, if it exists.
    fn attempt(&self, id: &str) -> Result<Option<StoredAttempt>, StorageError>;

    /// The outline of an attempt's form ([`NewAttempt::outline`]), if the attempt exists:
    /// what starting the next form needs of a recent attempt, without reading its log.
    fn attempt_outline(&self, id: &str) -> Result<Option<String>, StorageError>;

    /// Attempts, newest first.
    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptSummary>, StorageError>;

    /// Records reviews, all or none, durably.
    fn add_reviews(&self, reviews: &[ReviewRecord]) -> Result<(), StorageError>;

    /// One user's reviews (`None`: the local user), oldest first, in the order recorded.
    fn reviews(&self, user: Option<&str>) -> Result<Vec<ReviewRecord>, StorageError>;

    /// Replaces the calibration of the given items, all or none.
    fn save_calibrations(&self, calibrations: &[ItemCalibration]) -> Result<(), StorageError>;

    /// Every item's latest calibration, by item id.
    fn calibrations(&self) -> Result<Vec<ItemCalibration>, StorageError>;

    /// Creates an account; [`StorageError::NameTaken`] when the name is taken ignoring ASCII
    /// case, [`StorageError::Duplicate`] when the id is.
    fn create_user(&self, user: &User) -> Result<(), StorageError>;

    /// The user with this id.
    fn user(&self, id: &str) -> Result<Option<User>, StorageError>;

    /// The user with this sign-in name, ignoring ASCII case.
    fn user_by_name(&self, name: &str) -> Result<Option<User>, StorageError>;

    /// Every user, by name.
    fn users(&self) -> Result<Vec<User>, StorageError>;

    /// Changes a user's role; [`StorageError::UnknownUser`] when there is no such user.
    fn set_role(&self, id: &str, role: Role) -> Result<(), StorageError>;

    /// Records a new session.
    fn create_session(&self, session: &WebSession) -> Result<(), StorageError>;

    /// The session with this id, if it exists and has not expired at `now`.
    fn session(&self, id: &str, now: OffsetDateTime) -> Result<Option<WebSession>, StorageError>;

    /// Ends a session (signing out); ending an unknown one is not an error.
    fn delete_session(&self, id: &str) -> Result<(), StorageError>;

    /// Deletes the sessions that expired before `now`; returns how many.
    fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64, StorageError>;

    /// Gives every attempt and review of owner `from` to owner `to`, all or none; returns
    /// how many attempts moved.
    fn transfer_owner(&self, from: &str, to: &str) -> Result<u64, StorageError>;

    /// Records a failed sign-in for a name (any case).
    fn record_sign_in_failure(&self, name: &str, at: OffsetDateTime) -> Result<(), StorageError>;

    /// How many sign-ins failed for a name (any case) since `since`.
    fn sign_in_failures(&self, name: &str, since: OffsetDateTime) -> Result<u32, StorageError>;

    /// Forgets a name's failed sign-ins (after a successful one).
    fn clear_sign_in_failures(&self, name: &str) -> Result<(), StorageError>;
}
