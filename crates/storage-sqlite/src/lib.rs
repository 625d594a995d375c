//! The embedded SQLite implementation of the [`storage::Storage`] interface.
//!
//! One database file, opened in WAL mode with `synchronous = FULL`, so an event is on disk
//! before [`storage::Storage::append_event`] returns and survives a killed process or a
//! power cut. Migrations (in `migrations/`) run when the store is opened.
//!
//! # Group commit
//!
//! [`create_attempt`](storage::Storage::create_attempt),
//! [`append_event`](storage::Storage::append_event) and
//! [`finish_attempt`](storage::Storage::finish_attempt) are committed in groups: concurrent
//! callers queue their write and wait, and one of them at a time applies every queued write
//! in one transaction, then commits it with one fsync. It reads the state of each attempt
//! the group names once, decides every write against it in memory and runs one prepared
//! statement per accepted write (no savepoints: a statement that fails is undone alone). A
//! write that fails ([`Conflict`](storage::StorageError::Conflict),
//! [`Finished`](storage::StorageError::Finished), [`NotFound`](storage::StorageError::NotFound),
//! [`Duplicate`](storage::StorageError::Duplicate)) writes nothing and is reported to its
//! caller only. Writes are checked in arrival order against everything before them, the
//! earlier writes of the same group included: event 5 then event 6 of one attempt both
//! succeed, a second event 5 is a conflict. The durability contract is unchanged: a caller
//! returns only once the `COMMIT` containing its write has succeeded, and if that `COMMIT`
//! fails every caller in the group gets the error. One caller alone commits alone, as before;
//! under load, one fsync carries as many writes as arrived while the previous one ran.
//! [`append_events`](storage::Storage::append_events) queues all its events at once, so they
//! are applied in order in the same group, each with its own result; the store therefore
//! says it [`batches_appends`](storage::Storage::batches_appends), and a server may hand it
//! every answer that arrived meanwhile from one thread instead of blocking a thread per
//! answer. The other writes (reviews, calibrations, accounts, sessions) take the write connection for a
//! transaction of their own.
//!
//! # Read connections
//!
//! A database file also gets a few read-only connections, used by every method that only
//! reads (`attempt`, `attempts`, `reviews`, `calibrations`, `user`, `user_by_name`, `users`,
//! `session`, `sign_in_failures`). In WAL mode they read the last committed state while the
//! writer works, so a session lookup does not wait for an fsync. A write that has returned
//! has committed, so any read that starts after it sees it. `attempt` reads the attempt and
//! its events in one read transaction. An in-memory store
//! ([`SqliteStorage::open_in_memory`]) is private to its one connection, which serves reads
//! too.
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

mod readers;
mod writer;

use readers::{READERS, Readers};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use std::path::Path;
use std::sync::MutexGuard;
use storage::{
    AppendEvent, AttemptFilter, AttemptSummary, Finish, ItemCalibration, NewAttempt, Outcome,
    ReviewRecord, Role, Storage, StorageError, StoredAttempt, StoredEvent, User, WebSession,
};
use time::OffsetDateTime;
use writer::{Op, Writer};

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_attempts.sql"),
    include_str!("../migrations/0002_reviews.sql"),
    include_str!("../migrations/0003_calibrations.sql"),
    include_str!("../migrations/0004_accounts.sql"),
];

/// A store in one SQLite database file: one write connection with group commit, and a few
/// read connections (see the [crate] documentation).
pub struct SqliteStorage {
    writer: Writer,
    readers: Readers,
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
        SqliteStorage::setup(connection, Some(path))
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<SqliteStorage, StorageError> {
        SqliteStorage::setup(Connection::open_in_memory().map_err(db)?, None)
    }

    /// Configures and migrates the write connection and, for a database file in WAL mode,
    /// opens the read connections.
    fn setup(
        mut connection: Connection,
        path: Option<&Path>,
    ) -> Result<SqliteStorage, StorageError> {
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .map_err(db)?;
        connection.set_prepared_statement_cache_capacity(readers::STATEMENTS);
        let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
        migrations
            .to_latest(&mut connection)
            .map_err(|e| StorageError::Database(format!("migration failed: {e}")))?;
        let journal_mode: String = connection
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(db)?;
        // Separate connections see the same data only for a file, and read alongside the
        // writer only in WAL mode (`:memory:` reports `memory`).
        let readers = match path {
            Some(path) if journal_mode.eq_ignore_ascii_case("wal") => Readers::open(path, READERS)?,
            _ => Readers::none(),
        };
        Ok(SqliteStorage {
            writer: Writer::new(connection),
            readers,
        })
    }

    /// The write connection, for writes outside group commit.
    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StorageError> {
        self.writer.lock()
    }

    /// A connection to read from: a read connection, or the write connection of an
    /// in-memory store.
    fn read(&self) -> Result<MutexGuard<'_, Connection>, StorageError> {
        match self.readers.get() {
            Some(connection) => Ok(connection),
            None => self.writer.lock(),
        }
    }
}

/// The key names are unique by: the name in ASCII lower case.
fn name_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The extended result code of a failed constraint (`SQLITE_CONSTRAINT_*`), if that is what
/// the error is.
fn constraint_code(err: &rusqlite::Error) -> Option<i32> {
    match err {
        rusqlite::Error::SqliteFailure(e, _)
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Some(e.extended_code)
        }
        _ => None,
    }
}

/// The columns [`read_user`] reads, in its order.
const USER_COLUMNS: &str = "SELECT id, name, password_hash, role, created_at FROM users";

/// A row of [`USER_COLUMNS`], with its role name and creation time still raw.
fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(User, String, i64)> {
    Ok((
        User {
            id: r.get(0)?,
            name: r.get(1)?,
            password_hash: r.get(2)?,
            role: Role::Learner,
            created_at: OffsetDateTime::UNIX_EPOCH,
        },
        r.get(3)?,
        r.get(4)?,
    ))
}

/// Decodes a [`user_row`].
fn read_user((mut user, role, created_at): (User, String, i64)) -> Result<User, StorageError> {
    user.role =
        Role::from_name(&role).ok_or_else(|| StorageError::Corrupt(format!("role `{role}`")))?;
    user.created_at = from_micros(created_at)?;
    Ok(user)
}

impl Storage for SqliteStorage {
    fn create_attempt(&self, a: &NewAttempt) -> Result<(), StorageError> {
        self.writer.submit(Op::Create(a.clone()))
    }

    fn append_event(
        &self,
        attempt: &str,
        seq: u32,
        at: OffsetDateTime,
        event: &str,
    ) -> Result<(), StorageError> {
        self.writer.submit(Op::Append {
            attempt: attempt.to_owned(),
            seq,
            at,
            event: event.to_owned(),
        })
    }

    /// Queues every event at once: they are applied in order in one group commit (with
    /// whatever other writes are waiting), each with its own result.
    fn append_events(&self, events: &[AppendEvent]) -> Vec<Result<(), StorageError>> {
        self.writer.submit_all(
            events
                .iter()
                .map(|e| Op::Append {
                    attempt: e.attempt.clone(),
                    seq: e.seq,
                    at: e.at,
                    event: e.event.clone(),
                })
                .collect(),
        )
    }

    fn batches_appends(&self) -> bool {
        true
    }

    fn finish_attempt(&self, attempt: &str, f: &Finish) -> Result<(), StorageError> {
        self.writer.submit(Op::Finish {
            attempt: attempt.to_owned(),
            finish: f.clone(),
        })
    }

    fn attempt_outline(&self, id: &str) -> Result<Option<String>, StorageError> {
        self.read()?
            .prepare_cached("SELECT form FROM attempts WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row(params![id], |row| row.get(0))
                    .optional()
            })
            .map_err(db)
    }

    fn attempt(&self, id: &str) -> Result<Option<StoredAttempt>, StorageError> {
        let mut connection = self.read()?;
        // The attempt and its events from one snapshot.
        let connection = connection.transaction().map_err(db)?;
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
            .prepare_cached(
                "SELECT id, user_id, exam, mode, seed, form, started_at, deadline, finished_at, outcome, scaled_score, passed, report FROM attempts WHERE id = ?1",
            )
            .map_err(db)?
            .query_row(
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
                outline: form,
                started_at: from_micros(started_at)?,
                deadline: deadline.map(from_micros).transpose()?,
            },
            events,
            finish,
        }))
    }

    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptSummary>, StorageError> {
        // The WHERE clause is put together from fixed pieces; every value is a bound
        // parameter. Each condition is a plain comparison, so that the index on the user
        // applies: a learner's listing reads that learner's attempts, not everyone's.
        let mut sql = String::from(
            "SELECT a.id, a.user_id, a.exam, a.mode, a.started_at, a.deadline, a.finished_at, a.outcome, a.scaled_score, a.passed,
                    (SELECT COUNT(*) FROM attempt_events e WHERE e.attempt_id = a.id)
             FROM attempts a
             WHERE 1",
        );
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::new();
        match &filter.user {
            None => {}
            Some(None) => sql.push_str(" AND a.user_id IS NULL"),
            Some(Some(user)) => {
                values.push(user);
                sql.push_str(" AND a.user_id = ?");
            }
        }
        if let Some(exam) = &filter.exam {
            values.push(exam);
            sql.push_str(" AND a.exam = ?");
        }
        match filter.unfinished {
            None => {}
            Some(true) => sql.push_str(" AND a.finished_at IS NULL"),
            Some(false) => sql.push_str(" AND a.finished_at IS NOT NULL"),
        }
        sql.push_str(" ORDER BY a.started_at DESC, a.id DESC");
        // A limit beyond i64 is no limit.
        let limit = filter.limit.and_then(|n| i64::try_from(n).ok());
        if let Some(limit) = &limit {
            values.push(limit);
            sql.push_str(" LIMIT ?");
        }
        let connection = self.read()?;
        // At most twenty-four different statements, each prepared once per connection.
        let mut statement = connection.prepare_cached(&sql).map_err(db)?;
        let rows = statement
            .query_map(values.as_slice(), |r| {
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
            })
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
        let connection = self.read()?;
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
        let connection = self.read()?;
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

    fn create_user(&self, user: &User) -> Result<(), StorageError> {
        let key = name_key(&user.name);
        let mut connection = self.lock()?;
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        // Which rule a new user breaks, looked up under the write lock: the id, then the name.
        let id_taken: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)",
                params![user.id],
                |r| r.get(0),
            )
            .map_err(db)?;
        if id_taken {
            return Err(StorageError::Duplicate(user.id.clone()));
        }
        let name_taken: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE name_key = ?1)",
                params![key],
                |r| r.get(0),
            )
            .map_err(db)?;
        if name_taken {
            return Err(StorageError::NameTaken(user.name.clone()));
        }
        tx.execute(
            "INSERT INTO users (id, name, name_key, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![user.id, user.name, key, user.password_hash, user.role.as_str(), to_micros(user.created_at)],
        )
        .map_err(db)?;
        tx.commit().map_err(db)
    }

    fn user(&self, id: &str) -> Result<Option<User>, StorageError> {
        let connection = self.read()?;
        connection
            .prepare_cached(&format!("{USER_COLUMNS} WHERE id = ?1"))
            .map_err(db)?
            .query_row(params![id], user_row)
            .optional()
            .map_err(db)?
            .map(read_user)
            .transpose()
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>, StorageError> {
        let connection = self.read()?;
        connection
            .prepare_cached(&format!("{USER_COLUMNS} WHERE name_key = ?1"))
            .map_err(db)?
            .query_row(params![name_key(name)], user_row)
            .optional()
            .map_err(db)?
            .map(read_user)
            .transpose()
    }

    fn users(&self) -> Result<Vec<User>, StorageError> {
        let connection = self.read()?;
        let mut statement = connection
            .prepare(&format!("{USER_COLUMNS} ORDER BY name_key"))
            .map_err(db)?;
        let rows = statement.query_map([], user_row).map_err(db)?;
        rows.map(|row| read_user(row.map_err(db)?)).collect()
    }

    fn set_role(&self, id: &str, role: Role) -> Result<(), StorageError> {
        let connection = self.lock()?;
        let changed = connection
            .execute(
                "UPDATE users SET role = ?2 WHERE id = ?1",
                params![id, role.as_str()],
            )
            .map_err(db)?;
        if changed == 0 {
            return Err(StorageError::UnknownUser(id.to_owned()));
        }
        Ok(())
    }

    fn create_session(&self, session: &WebSession) -> Result<(), StorageError> {
        let connection = self.lock()?;
        let result = connection.execute(
            "INSERT INTO web_sessions (id, user_id, guest, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                session.id,
                session.user,
                session.guest,
                session.csrf,
                to_micros(session.created_at),
                to_micros(session.expires_at)
            ],
        );
        match result {
            Ok(_) => Ok(()),
            Err(e) => Err(match constraint_code(&e) {
                Some(rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY) => {
                    StorageError::Duplicate(session.id.clone())
                }
                Some(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => {
                    StorageError::UnknownUser(session.user.clone().unwrap_or_default())
                }
                _ => db(e),
            }),
        }
    }

    fn session(&self, id: &str, now: OffsetDateTime) -> Result<Option<WebSession>, StorageError> {
        let connection = self.read()?;
        let row = connection
            .prepare_cached(
                "SELECT id, user_id, guest, csrf, created_at, expires_at FROM web_sessions WHERE id = ?1 AND expires_at > ?2",
            )
            .map_err(db)?
            .query_row(
                params![id, to_micros(now)],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                },
            )
            .optional()
            .map_err(db)?;
        let Some((id, user, guest, csrf, created_at, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(WebSession {
            id,
            user,
            guest,
            csrf,
            created_at: from_micros(created_at)?,
            expires_at: from_micros(expires_at)?,
        }))
    }

    fn delete_session(&self, id: &str) -> Result<(), StorageError> {
        let connection = self.lock()?;
        connection
            .execute("DELETE FROM web_sessions WHERE id = ?1", params![id])
            .map_err(db)?;
        Ok(())
    }

    fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64, StorageError> {
        let connection = self.lock()?;
        // Expired as `session` sees it: a session is valid strictly before its expiry.
        let deleted = connection
            .execute(
                "DELETE FROM web_sessions WHERE expires_at <= ?1",
                params![to_micros(now)],
            )
            .map_err(db)?;
        Ok(deleted as u64)
    }

    fn transfer_owner(&self, from: &str, to: &str) -> Result<u64, StorageError> {
        let mut connection = self.lock()?;
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let moved = tx
            .execute(
                "UPDATE attempts SET user_id = ?2 WHERE user_id = ?1",
                params![from, to],
            )
            .map_err(db)?;
        tx.execute(
            "UPDATE reviews SET user_id = ?2 WHERE user_id = ?1",
            params![from, to],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(moved as u64)
    }

    fn record_sign_in_failure(&self, name: &str, at: OffsetDateTime) -> Result<(), StorageError> {
        let connection = self.lock()?;
        connection
            .execute(
                "INSERT INTO sign_in_failures (name_key, at) VALUES (?1, ?2)",
                params![name_key(name), to_micros(at)],
            )
            .map_err(db)?;
        Ok(())
    }

    fn sign_in_failures(&self, name: &str, since: OffsetDateTime) -> Result<u32, StorageError> {
        let connection = self.read()?;
        let count: i64 = connection
            .query_row(
                "SELECT COUNT(*) FROM sign_in_failures WHERE name_key = ?1 AND at >= ?2",
                params![name_key(name), to_micros(since)],
                |r| r.get(0),
            )
            .map_err(db)?;
        u32::try_from(count).map_err(|_| StorageError::Corrupt(format!("failure count {count}")))
    }

    fn clear_sign_in_failures(&self, name: &str) -> Result<(), StorageError> {
        let connection = self.lock()?;
        connection
            .execute(
                "DELETE FROM sign_in_failures WHERE name_key = ?1",
                params![name_key(name)],
            )
            .map_err(db)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads of a database file go to the read connections: they neither wait for the write
    /// connection nor see its uncommitted work.
    #[test]
    fn reads_do_not_wait_for_the_write_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStorage::open(&dir.path().join("r.db")).unwrap();
        let at = time::macros::datetime!(2026-12-01 09:00 UTC);
        store
            .create_attempt(&NewAttempt {
                id: "a".into(),
                user: None,
                exam: "SAA-C03".into(),
                mode: "exam".into(),
                seed: 1,
                outline: "{}".into(),
                started_at: at,
                deadline: None,
            })
            .unwrap();
        store.append_event("a", 0, at, "committed").unwrap();
        let writing = store.lock().unwrap();
        writing
            .execute_batch(
                "BEGIN IMMEDIATE; INSERT INTO attempt_events (attempt_id, seq, at, event) VALUES ('a', 1, 0, 'not yet');",
            )
            .unwrap();
        // Held by this thread: a read that needed it would deadlock.
        let read = store.attempt("a").unwrap().unwrap();
        assert_eq!(read.events.len(), 1);
        assert_eq!(
            store.attempts(&AttemptFilter::default()).unwrap()[0].events,
            1
        );
        writing.execute_batch("COMMIT").unwrap();
        drop(writing);
        assert_eq!(store.attempt("a").unwrap().unwrap().events.len(), 2);
    }

    #[test]
    fn an_in_memory_store_has_no_read_connections() {
        let store = SqliteStorage::open_in_memory().unwrap();
        assert!(store.readers.get().is_none());
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStorage::open(&dir.path().join("r.db")).unwrap();
        assert!(store.readers.get().is_some());
    }
}
