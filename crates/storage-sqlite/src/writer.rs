//! The write connection and group commit.
//!
//! Callers of [`Writer::submit`] put their write in a queue and wait. One of them at a time,
//! the leader, takes the write connection, drains the queue and applies everything in it in
//! one transaction. One `COMMIT` (one fsync) then makes the whole batch durable, and every
//! caller wakes up with its own result. Writes that arrive while a batch commits form the
//! next batch, so the more callers wait, the more one fsync carries.
//!
//! The leader is the one serial part, so it does as little per write as it can. It reads
//! each attempt the batch names once (exists? finished? its next event number), with one
//! prepared query, unless an earlier batch left it in [`Remembered`] and no other connection
//! has committed since; then it decides every write in memory, in arrival order, keeping the next
//! event number of each attempt up to date as it accepts events: a refused write
//! (`Conflict`, `Finished`, `NotFound`, `Duplicate`) runs no statement at all, and an
//! accepted one runs exactly one prepared `INSERT` or `UPDATE`. Every write being one
//! statement, a write whose statement fails anyway is undone alone by SQLite's statement
//! atomicity and its error goes to its caller only; no savepoints are needed. (A failure
//! that makes SQLite roll back the whole transaction, such as an I/O error, fails the batch.)

use crate::{db, to_micros};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use storage::{Finish, NewAttempt, StorageError};
use time::OffsetDateTime;

/// A write that takes part in group commit.
pub(crate) enum Op {
    /// [`storage::Storage::create_attempt`].
    Create(NewAttempt),
    /// [`storage::Storage::append_event`].
    Append {
        attempt: String,
        seq: u32,
        at: OffsetDateTime,
        event: String,
    },
    /// [`storage::Storage::finish_attempt`].
    Finish { attempt: String, finish: Finish },
}

type Outcome = Result<(), StorageError>;

/// The queue the callers and the leader share.
#[derive(Default)]
struct Queue {
    /// The ticket the next write gets.
    next_ticket: u64,
    /// Writes waiting for a leader, in arrival order, each with the condition variable its
    /// caller waits on.
    pending: Vec<(u64, Op, Arc<Condvar>)>,
    /// Results of committed (or failed) writes, until their callers pick them up.
    done: HashMap<u64, Outcome>,
    /// Whether a leader is applying a batch.
    leading: bool,
}

/// The one connection that writes, with its group-commit queue.
///
/// Each caller waits on a condition variable of its own, signalled when its result is posted
/// or when it should lead the next batch: a commit wakes the callers it concerns, not all.
pub(crate) struct Writer {
    connection: Mutex<Connection>,
    queue: Mutex<Queue>,
    /// What committed batches left known of their attempts; only the leader uses it.
    remembered: Mutex<Remembered>,
}

/// The state of the attempts recent batches wrote to, as they committed it, so that the next
/// batch need not read it again. Valid only while no other connection commits: it is dropped
/// whenever `PRAGMA data_version` (read inside each batch's transaction, under the write
/// lock) changes, and after any batch that did not commit.
#[derive(Default)]
struct Remembered {
    /// `PRAGMA data_version` when the entries were last known to be right.
    data_version: Option<i64>,
    attempts: HashMap<String, Known>,
}

/// The most attempts [`Remembered`] keeps before it starts over (a few hundred bytes each).
const REMEMBERED: usize = 16_384;

impl Remembered {
    /// Keeps what a committed batch knows of its attempts.
    fn keep(&mut self, batch: Attempts<'_>) {
        if self.attempts.len() + batch.len() > REMEMBERED {
            self.attempts.clear();
        }
        for (id, known) in batch {
            match self.attempts.get_mut(id) {
                Some(slot) => *slot = known,
                None => {
                    self.attempts.insert(id.to_owned(), known);
                }
            }
        }
    }

    /// Forgets everything (a batch failed, or another connection wrote).
    fn forget(&mut self) {
        self.attempts.clear();
        self.data_version = None;
    }
}

impl Writer {
    pub(crate) fn new(connection: Connection) -> Writer {
        Writer {
            connection: Mutex::new(connection),
            queue: Mutex::new(Queue::default()),
            remembered: Mutex::new(Remembered::default()),
        }
    }

    /// The write connection itself, for writes outside group commit (and for reads of an
    /// in-memory store). Waits for a batch being applied.
    ///
    /// Such a write must not change what [`Remembered`] keeps (whether an attempt exists,
    /// is finished, or how many events it has): the same connection's own commits do not
    /// change `PRAGMA data_version`, so nothing would tell the next batch. Attempts, events
    /// and finishes go through [`Writer::submit`].
    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, Connection>, StorageError> {
        self.connection
            .lock()
            .map_err(|_| StorageError::Database("the connection lock is poisoned".into()))
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        // Nothing panics while holding the queue's lock; its data is consistent regardless.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies `op` in the next group commit; returns once the transaction containing it
    /// has committed (or `op` failed on its own, or the batch failed).
    pub(crate) fn submit(&self, op: Op) -> Outcome {
        self.submit_all(vec![op])
            .pop()
            .unwrap_or_else(|| Err(StorageError::Database("the write was lost".into())))
    }

    /// Applies `ops`, in order, in the next group commit (all of them in the same one), and
    /// returns each one's result, once the transaction containing them has committed.
    pub(crate) fn submit_all(&self, ops: Vec<Op>) -> Vec<Outcome> {
        if ops.is_empty() {
            return Vec::new();
        }
        let mut queue = self.queue();
        let first = queue.next_ticket;
        let count = ops.len() as u64;
        queue.next_ticket += count;
        let wake = Arc::new(Condvar::new());
        for (ticket, op) in (first..).zip(ops) {
            queue.pending.push((ticket, op, wake.clone()));
        }
        loop {
            // The ops were queued together, so one batch holds them all and their results
            // are posted together.
            if queue.done.contains_key(&first) {
                return (first..first + count)
                    .map(|ticket| {
                        queue.done.remove(&ticket).unwrap_or_else(|| {
                            Err(StorageError::Database("the write was lost".into()))
                        })
                    })
                    .collect();
            }
            if !queue.leading {
                // Results are posted before leadership is released, so these writes are
                // still pending: lead the next batch, which contains them.
                queue.leading = true;
                let batch = std::mem::take(&mut queue.pending);
                drop(queue);
                let mut leader = Leader {
                    writer: self,
                    waiters: Vec::with_capacity(batch.len()),
                    results: None,
                };
                let mut ops = Vec::with_capacity(batch.len());
                for (ticket, op, wake) in batch {
                    leader.waiters.push((ticket, wake));
                    ops.push(op);
                }
                leader.results = Some(match self.lock() {
                    Ok(mut connection) => {
                        let mut remembered = self
                            .remembered
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner);
                        apply_batch(&mut connection, &mut remembered, &ops)
                    }
                    Err(e) => ops.iter().map(|_| Err(copy(&e))).collect(),
                });
                drop(leader);
                queue = self.queue();
                continue;
            }
            queue = wake.wait(queue).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Posts a batch's results, wakes its callers and hands leadership on to the oldest waiting
/// write when dropped, even if applying the batch panicked (then every caller in the batch
/// gets an error instead of waiting forever).
struct Leader<'w> {
    writer: &'w Writer,
    /// The batch's tickets, with their callers' condition variables.
    waiters: Vec<(u64, Arc<Condvar>)>,
    results: Option<Vec<Outcome>>,
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        let results = self.results.take().unwrap_or_default();
        let mut results = results.into_iter();
        let mut queue = self.writer.queue();
        for (ticket, _) in &self.waiters {
            let outcome = results.next().unwrap_or_else(|| {
                Err(StorageError::Database(
                    "the write batch was abandoned".into(),
                ))
            });
            queue.done.insert(*ticket, outcome);
        }
        queue.leading = false;
        // The oldest waiting write's caller leads next (unless a new caller gets there first,
        // which then takes that write into its batch).
        if let Some((_, _, wake)) = queue.pending.first() {
            wake.notify_one();
        }
        drop(queue);
        for (i, (_, wake)) in self.waiters.iter().enumerate() {
            // A caller's writes are queued together, so they are adjacent: wake it once.
            if i == 0 || !Arc::ptr_eq(wake, &self.waiters[i - 1].1) {
                wake.notify_one();
            }
        }
    }
}

/// A copy of an error that concerns a whole batch, for each of its callers.
fn copy(err: &StorageError) -> StorageError {
    StorageError::Database(match err {
        StorageError::Database(message) => message.clone(),
        other => other.to_string(),
    })
}

/// Runs a statement without parameters or rows, prepared once per connection.
fn run(connection: &Connection, sql: &str) -> rusqlite::Result<()> {
    connection.prepare_cached(sql)?.execute([]).map(|_| ())
}

/// What the batch's transaction knows of an attempt: read from the database the first time
/// an op of the batch names it, then kept up to date by the batch's own writes.
#[derive(Clone, Copy)]
enum Known {
    /// No attempt has the id.
    Missing,
    /// The attempt is open; its next event is `next`.
    Open { next: u32 },
    /// The attempt is finished.
    Finished,
}

/// The attempts the batch's ops name, by id.
type Attempts<'o> = HashMap<&'o str, Known>;

/// Applies `ops` in one immediate transaction and commits it. Returns each op's result, in
/// order: its own error if it failed, the batch's error for every op if the transaction
/// could not be begun or committed (or SQLite rolled it back).
///
/// Each op is checked in memory against the state of its attempt (read once per attempt
/// and batch, then updated as the batch's ops are accepted), so a refused op
/// (`Conflict`, `Finished`, `NotFound`, `Duplicate`) writes nothing, and an accepted one
/// writes with one statement. A statement that fails anyway is undone alone by SQLite
/// (statement atomicity), so no op needs a savepoint.
fn apply_batch(
    connection: &mut Connection,
    remembered: &mut Remembered,
    ops: &[Op],
) -> Vec<Outcome> {
    let everyone = |err: StorageError| ops.iter().map(|_| Err(copy(&err))).collect();
    // Whatever happens below, nothing stays remembered unless the batch commits.
    let mut kept = std::mem::take(remembered);
    if !connection.is_autocommit() {
        // Left open by a panic in an earlier batch: nothing in it was acknowledged.
        let _ = run(connection, "ROLLBACK");
    }
    if let Err(e) = run(connection, "BEGIN IMMEDIATE") {
        return everyone(db(e));
    }
    // Under the write lock now: another connection's commit since the last batch would
    // show here, and none can happen until this batch ends.
    let version = match connection
        .prepare_cached("PRAGMA data_version")
        .and_then(|mut statement| statement.query_row([], |row| row.get::<_, i64>(0)))
    {
        Ok(version) => version,
        Err(e) => return abandon(connection, everyone, db(e)),
    };
    if kept.data_version != Some(version) {
        kept.forget();
        kept.data_version = Some(version);
    }
    let mut attempts = Attempts::with_capacity(ops.len());
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        let result = apply(connection, &kept, &mut attempts, op);
        if let Err(err) = &result
            && connection.is_autocommit()
        {
            // SQLite rolled the whole transaction back (an I/O error, a full disk).
            return everyone(StorageError::Database(format!(
                "the write batch was rolled back: {err}"
            )));
        }
        results.push(result);
    }
    match run(connection, "COMMIT") {
        Ok(()) => {
            kept.keep(attempts);
            *remembered = kept;
            results
        }
        Err(e) => abandon(connection, everyone, db(e)),
    }
}

/// Rolls the batch's transaction back and gives every op of it `err`.
fn abandon(
    connection: &Connection,
    everyone: impl FnOnce(StorageError) -> Vec<Outcome>,
    err: StorageError,
) -> Vec<Outcome> {
    if !connection.is_autocommit() {
        let _ = run(connection, "ROLLBACK");
    }
    everyone(err)
}

/// What is known of `attempt` in this batch: what an earlier batch committed, else read
/// from the database the first time.
fn known<'a, 'o>(
    connection: &Connection,
    remembered: &Remembered,
    attempts: &'a mut Attempts<'o>,
    attempt: &'o str,
) -> Result<&'a mut Known, StorageError> {
    let entry = match attempts.entry(attempt) {
        Entry::Occupied(entry) => return Ok(entry.into_mut()),
        Entry::Vacant(entry) => entry,
    };
    if let Some(known) = remembered.attempts.get(attempt) {
        return Ok(entry.insert(*known));
    }
    // The log's numbers are 0, 1, 2, ... without gaps (each append is checked to be the
    // next one), so the next is one past the largest: one seek on the primary key, where
    // `COUNT(*)` would walk the whole log.
    let row: Option<(bool, i64)> = connection
        .prepare_cached(
            "SELECT finished_at IS NOT NULL, (SELECT COALESCE(MAX(seq) + 1, 0) FROM attempt_events WHERE attempt_id = ?1) FROM attempts WHERE id = ?1",
        )
        .and_then(|mut statement| {
            statement
                .query_row(params![attempt], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()
        })
        .map_err(db)?;
    Ok(entry.insert(match row {
        None => Known::Missing,
        Some((true, _)) => Known::Finished,
        Some((false, next)) => Known::Open {
            next: u32::try_from(next)
                .map_err(|_| StorageError::Corrupt(format!("event number {next}")))?,
        },
    }))
}

/// Applies one op inside the batch's transaction, checked against everything before it,
/// including the earlier ops of the same batch, and records its effect in `attempts`.
fn apply<'o>(
    connection: &Connection,
    remembered: &Remembered,
    attempts: &mut Attempts<'o>,
    op: &'o Op,
) -> Outcome {
    match op {
        Op::Create(a) => {
            if let Some(Known::Open { .. } | Known::Finished) = attempts
                .get(a.id.as_str())
                .or_else(|| remembered.attempts.get(a.id.as_str()))
            {
                return Err(StorageError::Duplicate(a.id.clone()));
            }
            let result = connection
                .prepare_cached(
                    "INSERT INTO attempts (id, user_id, exam, mode, seed, form, started_at, deadline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .and_then(|mut statement| {
                    statement.execute(params![
                        a.id,
                        a.user,
                        a.exam,
                        a.mode,
                        a.seed as i64,
                        a.outline,
                        to_micros(a.started_at),
                        a.deadline.map(to_micros)
                    ])
                });
            match result {
                Ok(_) => {
                    attempts.insert(&a.id, Known::Open { next: 0 });
                    Ok(())
                }
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Err(StorageError::Duplicate(a.id.clone()))
                }
                Err(e) => Err(db(e)),
            }
        }
        Op::Append {
            attempt,
            seq,
            at,
            event,
        } => {
            let known = known(connection, remembered, attempts, attempt)?;
            let next = match *known {
                Known::Missing => return Err(StorageError::NotFound(attempt.clone())),
                Known::Finished => return Err(StorageError::Finished(attempt.clone())),
                Known::Open { next } => next,
            };
            if *seq != next {
                return Err(StorageError::Conflict {
                    attempt: attempt.clone(),
                    given: *seq,
                    expected: next,
                });
            }
            connection
                .prepare_cached(
                    "INSERT INTO attempt_events (attempt_id, seq, at, event) VALUES (?1, ?2, ?3, ?4)",
                )
                .and_then(|mut statement| {
                    statement.execute(params![attempt, i64::from(*seq), to_micros(*at), event])
                })
                .map_err(db)?;
            // (On an error nothing of the statement is kept: the next is still `next`.)
            *known = Known::Open { next: next + 1 };
            Ok(())
        }
        Op::Finish { attempt, finish: f } => {
            let known = known(connection, remembered, attempts, attempt)?;
            match *known {
                Known::Missing => return Err(StorageError::NotFound(attempt.clone())),
                Known::Finished => return Err(StorageError::Finished(attempt.clone())),
                Known::Open { .. } => {}
            }
            connection
                .prepare_cached(
                    "UPDATE attempts SET finished_at = ?2, outcome = ?3, scaled_score = ?4, passed = ?5, report = ?6 WHERE id = ?1",
                )
                .and_then(|mut statement| {
                    statement.execute(params![
                        attempt,
                        to_micros(f.finished_at),
                        f.outcome.as_str(),
                        f.scaled_score.map(i64::from),
                        f.passed,
                        f.report
                    ])
                })
                .map_err(db)?;
            *known = Known::Finished;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqliteStorage;
    use storage::{Outcome as End, Storage};
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    fn new_attempt(id: &str) -> NewAttempt {
        NewAttempt {
            id: id.into(),
            user: None,
            exam: "SAA-C03".into(),
            mode: "exam".into(),
            seed: 1,
            outline: "{}".into(),
            started_at: AT,
            deadline: None,
        }
    }

    fn append(attempt: &str, seq: u32, event: &str) -> Op {
        Op::Append {
            attempt: attempt.into(),
            seq,
            at: AT,
            event: event.into(),
        }
    }

    fn finish(attempt: &str) -> Op {
        Op::Finish {
            attempt: attempt.into(),
            finish: Finish {
                finished_at: AT,
                outcome: End::Submitted,
                scaled_score: None,
                passed: None,
                report: "{}".into(),
            },
        }
    }

    /// `ops` as one batch on `store`'s write connection, remembering nothing from before.
    fn batch(store: &SqliteStorage, ops: &[Op]) -> Vec<Outcome> {
        apply_batch(
            &mut store.writer.lock().unwrap(),
            &mut Remembered::default(),
            ops,
        )
    }

    fn events(store: &SqliteStorage, id: &str) -> Vec<(u32, String)> {
        let stored = store.attempt(id).unwrap().expect("exists");
        stored
            .events
            .into_iter()
            .map(|e| (e.seq, e.event))
            .collect()
    }

    /// One batch: each op is checked against the ones before it, and a refused op writes
    /// nothing.
    #[test]
    fn a_batch_checks_each_op_against_the_earlier_ones() {
        let store = SqliteStorage::open_in_memory().unwrap();
        store.create_attempt(&new_attempt("a")).unwrap();
        let ops = vec![
            append("a", 0, "a0"),
            append("a", 1, "a1"),
            append("a", 1, "a1 again"),
            Op::Create(new_attempt("b")),
            append("b", 0, "b0"),
            Op::Create(new_attempt("b")),
            append("a", 3, "a3 too early"),
            append("a", 2, "a2"),
            finish("b"),
            append("b", 1, "b1 after the end"),
            append("nobody", 0, "x"),
        ];
        let results = batch(&store, &ops);
        let kinds: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(()) => "ok".into(),
                Err(StorageError::Conflict {
                    given, expected, ..
                }) => format!("conflict {given}/{expected}"),
                Err(StorageError::Duplicate(_)) => "duplicate".into(),
                Err(StorageError::Finished(_)) => "finished".into(),
                Err(StorageError::NotFound(_)) => "not found".into(),
                Err(e) => format!("{e}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "ok",
                "ok",
                "conflict 1/2",
                "ok",
                "ok",
                "duplicate",
                "conflict 3/2",
                "ok",
                "ok",
                "finished",
                "not found"
            ]
        );
        assert_eq!(
            events(&store, "a"),
            [(0, "a0".into()), (1, "a1".into()), (2, "a2".into())]
        );
        assert_eq!(events(&store, "b"), [(0, "b0".into())]);
        assert!(store.attempt("b").unwrap().unwrap().finish.is_some());
        assert!(store.writer.lock().unwrap().is_autocommit());
    }

    /// An accepted op whose statement fails for a reason not checked up front (here a
    /// trigger that writes, then aborts) is undone alone, statement and trigger together;
    /// the ops around it are kept, and the event number it did not take is still free.
    #[test]
    fn a_failing_statement_is_undone_alone() {
        let store = SqliteStorage::open_in_memory().unwrap();
        store.create_attempt(&new_attempt("a")).unwrap();
        store
            .writer
            .lock()
            .unwrap()
            .execute_batch(
                "CREATE TABLE side (n INTEGER);
                 CREATE TRIGGER refuse AFTER INSERT ON attempt_events WHEN NEW.event = 'refused'
                 BEGIN INSERT INTO side VALUES (1); SELECT RAISE(ABORT, 'refused by a trigger'); END;",
            )
            .unwrap();
        let ops = vec![
            append("a", 0, "a0"),
            append("a", 1, "refused"),
            append("a", 1, "a1"),
            append("a", 3, "too early"),
            append("a", 2, "a2"),
        ];
        let results = batch(&store, &ops);
        assert!(results[0].is_ok(), "{results:?}");
        assert!(
            matches!(&results[1], Err(StorageError::Database(m)) if m.contains("refused by a trigger")),
            "{results:?}"
        );
        assert!(results[2].is_ok(), "{results:?}");
        assert!(
            matches!(
                results[3],
                Err(StorageError::Conflict {
                    given: 3,
                    expected: 2,
                    ..
                })
            ),
            "{results:?}"
        );
        assert!(results[4].is_ok(), "{results:?}");
        assert_eq!(
            events(&store, "a"),
            [(0, "a0".into()), (1, "a1".into()), (2, "a2".into())]
        );
        let side: i64 = store
            .writer
            .lock()
            .unwrap()
            .query_row("SELECT COUNT(*) FROM side", [], |r| r.get(0))
            .unwrap();
        assert_eq!(side, 0, "the trigger's write is undone with its statement");
        assert!(store.writer.lock().unwrap().is_autocommit());
    }

    /// A failing `COMMIT` fails every op of the batch, keeps none of it, and leaves the
    /// connection ready for the next batch.
    #[test]
    fn a_failed_commit_fails_the_whole_batch() {
        let store = SqliteStorage::open_in_memory().unwrap();
        store.create_attempt(&new_attempt("a")).unwrap();
        store
            .writer
            .lock()
            .unwrap()
            .execute_batch(
                "CREATE TABLE parent (id INTEGER PRIMARY KEY);
                 CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
                 CREATE TRIGGER poison AFTER INSERT ON attempt_events WHEN NEW.event = 'poison'
                 BEGIN INSERT INTO child VALUES (42); END;",
            )
            .unwrap();
        let ops = vec![
            append("a", 0, "fine"),
            append("a", 0, "a conflict"),
            append("a", 1, "poison"),
        ];
        let results = batch(&store, &ops);
        assert_eq!(results.len(), 3);
        for result in &results {
            match result {
                Err(StorageError::Database(message)) => {
                    assert!(message.contains("FOREIGN KEY"), "{message}")
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(
            events(&store, "a").is_empty(),
            "nothing of the batch is kept"
        );
        store.append_event("a", 0, AT, "next").unwrap();
        assert_eq!(events(&store, "a"), [(0, "next".into())]);
    }
}
