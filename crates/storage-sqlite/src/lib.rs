//! The embedded SQLite implementation of the [`storage::Storage`] interface.
//!
//! One database file, opened in WAL mode with `synchronous = FULL`, so an event is on disk
//! before [`storage::Storage::append_event`] returns and survives a killed process or a
//! power cut. Migrations (in `migrations/`) run when the store is opened.
//!
//! # Example
//!
//! ```
//! use storage::{ReviewRecord, Storage, conformance};
//! use storage_sqlite::SqliteStorage;
//!
//! let store = SqliteStorage::open_in_memory()?;
//! conformance::check_all(&store);
//! # Ok::<(), storage::StorageError>(())
//! ```

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use std::path::Path;
use std::sync::Mutex;
use storage::{
    AttemptFilter, AttemptSummary, Finish, ItemCalibration, NewAttempt, Outcome, ReviewRecord,
    Storage, StorageError, StoredAttempt, StoredEvent,
};
use time::OffsetDateTime;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_attempts.sql"),
    include_str!("../migrations/0002_reviews.sql"),
    include_str!("../migrations/0003_calibrations.sql"),
];

/// A store in one SQLite database file.
pub struct SqliteStorage {
    connection: Mutex<Connection>,
}

fn db(err: impl std::fmt::Display) -> StorageError {
    StorageError::Database(err.to_string())
}

fn to_micros(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000) as i64
}

fn from_micros(us: i64) -> Result<OffsetDateTime, StorageError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000)
        .map_err(|e| StorageError::Corrupt(format!("timestamp {us}: {e}")))
}

impl SqliteStorage {
    /// Opens (creating if needed) the database at `path`, creating its folder, and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStorage, StorageError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                StorageError::Database(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let connection = Connection::open(path)
            .map_err(|e| StorageError::Database(format!("cannot open {}: {e}", path.display())))?;
        SqliteStorage::setup(connection)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<SqliteStorage, StorageError> {
        SqliteStorage::setup(Connection::open_in_memory().map_err(db)?)
    }

    fn setup(mut connection: Connection) -> Result<SqliteStorage, StorageError> {
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .map_err(db)?;
        let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
        migrations
            .to_latest(&mut connection)
            .map_err(|e| StorageError::Database(format!("migration failed: {e}")))?;
        Ok(SqliteStorage {
            connection: Mutex::new(connection),
        })
    }

    /// Runs `write` in an immediate (write-locking) transaction on an attempt that exists and
    /// is not finished, and commits it.
    fn in_open_attempt(
        &self,
        attempt: &str,
        write: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        let mut connection = self.lock()?;
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        if state(&tx, attempt)?.is_some() {
            return Err(StorageError::Finished(attempt.to_owned()));
        }
        write(&tx)?;
        tx.commit().map_err(db)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StorageError> {
        self.connection
            .lock()
            .map_err(|_| StorageError::Database("the connection lock is poisoned".into()))
    }
}

/// The attempt's finish time (if any), or `NotFound`.
fn state(tx: &rusqlite::Transaction<'_>, attempt: &str) -> Result<Option<i64>, StorageError> {
    tx.query_row(
        "SELECT finished_at FROM attempts WHERE id = ?1",
        params![attempt],
        |row| row.get::<_, Option<i64>>(0),
    )
    .optional()
    .map_err(db)?
    .ok_or_else(|| StorageError::NotFound(attempt.to_owned()))
}

impl Storage for SqliteStorage {
    fn create_attempt(&self, a: &NewAttempt) -> Result<(), StorageError> {
        let connection = self.lock()?;
        let result = connection.execute(
            "INSERT INTO attempts (id, user_id, exam, mode, seed, form, started_at, deadline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![a.id, a.user, a.exam, a.mode, a.seed as i64, a.form, to_micros(a.started_at), a.deadline.map(to_micros)],
        );
        match result {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(StorageError::Duplicate(a.id.clone()))
            }
            Err(e) => Err(db(e)),
        }
    }

    fn append_event(
        &self,
        attempt: &str,
        seq: u32,
        at: OffsetDateTime,
        event: &str,
    ) -> Result<(), StorageError> {
        self.in_open_attempt(attempt, |tx| {
            let next: i64 = tx
                .query_row(
                    "SELECT COUNT(*) FROM attempt_events WHERE attempt_id = ?1",
                    params![attempt],
                    |row| row.get(0),
                )
                .map_err(db)?;
            if i64::from(seq) != next {
                return Err(StorageError::Conflict {
                    attempt: attempt.to_owned(),
                    given: seq,
                    expected: next as u32,
                });
            }
            tx.execute(
                "INSERT INTO attempt_events (attempt_id, seq, at, event) VALUES (?1, ?2, ?3, ?4)",
                params![attempt, i64::from(seq), to_micros(at), event],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn finish_attempt(&self, attempt: &str, f: &Finish) -> Result<(), StorageError> {
        self.in_open_attempt(attempt, |tx| {
            tx.execute(
                "UPDATE attempts SET finished_at = ?2, outcome = ?3, scaled_score = ?4, passed = ?5, report = ?6 WHERE id = ?1",
                params![attempt, to_micros(f.finished_at), f.outcome.as_str(), f.scaled_score.map(i64::from), f.passed, f.report],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn attempt(&self, id: &str) -> Result<Option<StoredAttempt>, StorageError> {
        let connection = self.lock()?;
        type Row = (
            String,
            Option<String>,
            String,
            String,
            i64,
            String,
            i64,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
            Option<bool>,
            Option<String>,
        );
        let row: Option<Row> = connection
            .query_row(
                "SELECT id, user_id, exam, mode, seed, form, started_at, deadline, finished_at, outcome, scaled_score, passed, report FROM attempts WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?)),
            )
            .optional()
            .map_err(db)?;
        let Some((
            id,
            user,
            exam,
            mode,
            seed,
            form,
            started_at,
            deadline,
            finished_at,
            outcome,
            scaled_score,
            passed,
            report,
        )) = row
        else {
            return Ok(None);
        };
        let mut statement = connection
            .prepare("SELECT seq, at, event FROM attempt_events WHERE attempt_id = ?1 ORDER BY seq")
            .map_err(db)?;
        let events = statement
            .query_map(params![id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(db)?
            .map(|row| {
                let (seq, at, event) = row.map_err(db)?;
                Ok(StoredEvent {
                    seq: seq as u32,
                    at: from_micros(at)?,
                    event,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let finish = match (finished_at, outcome, report) {
            (Some(at), Some(outcome), Some(report)) => Some(Finish {
                finished_at: from_micros(at)?,
                outcome: Outcome::from_name(&outcome)
                    .ok_or_else(|| StorageError::Corrupt(format!("outcome `{outcome}`")))?,
                scaled_score: scaled_score.map(|s| s as u32),
                passed,
                report,
            }),
            _ => None,
        };
        Ok(Some(StoredAttempt {
            attempt: NewAttempt {
                id,
                user,
                exam,
                mode,
                seed: seed as u64,
                form,
                started_at: from_micros(started_at)?,
                deadline: deadline.map(from_micros).transpose()?,
            },
            events,
            finish,
        }))
    }

    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptSummary>, StorageError> {
        let connection = self.lock()?;
        let (user_any, user_value) = match &filter.user {
            None => (true, None),
            Some(user) => (false, user.clone()),
        };
        let unfinished = filter.unfinished.map(i64::from);
        let mut statement = connection
            .prepare(
                "SELECT a.id, a.user_id, a.exam, a.mode, a.started_at, a.deadline, a.finished_at, a.outcome, a.scaled_score, a.passed,
                        (SELECT COUNT(*) FROM attempt_events e WHERE e.attempt_id = a.id)
                 FROM attempts a
                 WHERE (?1 OR a.user_id IS ?2)
                   AND (?3 IS NULL OR a.exam = ?3)
                   AND (?4 IS NULL OR (a.finished_at IS NULL) = ?4)
                 ORDER BY a.started_at DESC, a.id DESC",
            )
            .map_err(db)?;
        let rows = statement
            .query_map(
                params![user_any, user_value, filter.exam, unfinished],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, Option<i64>>(5)?,
                        r.get::<_, Option<i64>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<i64>>(8)?,
                        r.get::<_, Option<bool>>(9)?,
                        r.get::<_, i64>(10)?,
                    ))
                },
            )
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                user,
                exam,
                mode,
                started_at,
                deadline,
                finished_at,
                outcome,
                scaled_score,
                passed,
                events,
            ) = row.map_err(db)?;
            out.push(AttemptSummary {
                id,
                user,
                exam,
                mode,
                started_at: from_micros(started_at)?,
                deadline: deadline.map(from_micros).transpose()?,
                events: events as u32,
                finished_at: finished_at.map(from_micros).transpose()?,
                outcome: outcome.as_deref().and_then(Outcome::from_name),
                scaled_score: scaled_score.map(|s| s as u32),
                passed,
            });
        }
        Ok(out)
    }

    fn add_reviews(&self, reviews: &[ReviewRecord]) -> Result<(), StorageError> {
        if let Some(bad) = reviews.iter().find(|r| !(1..=4).contains(&r.rating)) {
            return Err(StorageError::Database(format!(
                "rating {} of `{}` is not 1 to 4",
                bad.rating, bad.item
            )));
        }
        let mut connection = self.lock()?;
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        for r in reviews {
            tx.execute(
                "INSERT INTO reviews (user_id, item_id, exam, at, rating, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![r.user, r.item, r.exam, to_micros(r.at), i64::from(r.rating), r.source],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn reviews(&self, user: Option<&str>) -> Result<Vec<ReviewRecord>, StorageError> {
        let connection = self.lock()?;
        let mut statement = connection
            .prepare("SELECT user_id, item_id, exam, at, rating, source FROM reviews WHERE user_id IS ?1 ORDER BY at, id")
            .map_err(db)?;
        let rows = statement
            .query_map(params![user], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(db)?;
        rows.map(|row| {
            let (user, item, exam, at, rating, source) = row.map_err(db)?;
            Ok(ReviewRecord {
                user,
                item,
                exam,
                at: from_micros(at)?,
                rating: rating as u8,
                source,
            })
        })
        .collect()
    }

    fn save_calibrations(&self, calibrations: &[ItemCalibration]) -> Result<(), StorageError> {
        let mut connection = self.lock()?;
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        for c in calibrations {
            tx.execute(
                "INSERT INTO item_calibrations (item_id, model, a, b, c, se_a, se_b, se_c, responses, facility, discrimination, calibrated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (item_id) DO UPDATE SET model = ?2, a = ?3, b = ?4, c = ?5, se_a = ?6, se_b = ?7, se_c = ?8,
                     responses = ?9, facility = ?10, discrimination = ?11, calibrated_at = ?12",
                params![
                    c.item,
                    c.model,
                    c.a,
                    c.b,
                    c.c,
                    c.se_a,
                    c.se_b,
                    c.se_c,
                    i64::from(c.responses),
                    c.facility,
                    c.discrimination,
                    to_micros(c.calibrated_at)
                ],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn calibrations(&self) -> Result<Vec<ItemCalibration>, StorageError> {
        let connection = self.lock()?;
        let mut statement = connection
            .prepare(
                "SELECT item_id, model, a, b, c, se_a, se_b, se_c, responses, facility, discrimination, calibrated_at
                 FROM item_calibrations ORDER BY item_id",
            )
            .map_err(db)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    ItemCalibration {
                        item: r.get(0)?,
                        model: r.get(1)?,
                        a: r.get(2)?,
                        b: r.get(3)?,
                        c: r.get(4)?,
                        se_a: r.get(5)?,
                        se_b: r.get(6)?,
                        se_c: r.get(7)?,
                        responses: r.get::<_, i64>(8)? as u32,
                        facility: r.get(9)?,
                        discrimination: r.get(10)?,
                        calibrated_at: OffsetDateTime::UNIX_EPOCH,
                    },
                    r.get::<_, i64>(11)?,
                ))
            })
            .map_err(db)?;
        rows.map(|row| {
            let (mut calibration, at) = row.map_err(db)?;
            calibration.calibrated_at = from_micros(at)?;
            Ok(calibration)
        })
        .collect()
    }
}
