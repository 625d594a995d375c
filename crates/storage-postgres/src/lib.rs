//! The PostgreSQL implementation of the [`storage::Storage`] interface, for many server
//! instances sharing one database.
//!
//! [`PostgresStorage::connect`] opens a connection pool ([`DEFAULT_POOL_SIZE`] connections, or
//! `CERTPATH_POSTGRES_POOL_SIZE`; [`PostgresStorage::connect_with`] takes [`PoolOptions`]) and
//! migrates the database (the files in `migrations/`, applied in one transaction under an
//! advisory lock, so instances that start at the same time migrate it exactly once). The
//! schema mirrors storage-sqlite's: times are `BIGINT` Unix microseconds, UTC, so a value reads
//! back identically from either store.
//!
//! Every method is safe with several writers on one database, in this process or in others.
//! [`storage::Storage::append_event`] is one statement in autocommit mode: it takes a share
//! lock on the attempt's row and inserts the event only if the attempt is open and the event
//! before it is in the log; the `(attempt_id, seq)` primary key stops a second writer of the
//! same number. Finishing is one `UPDATE` of that row, so an append and a finish wait for each
//! other and no event lands after the finish. Only a refused append pays a second statement,
//! which tells [`StorageError::NotFound`], [`StorageError::Finished`] and
//! [`StorageError::Conflict`] (with the next number) apart.
//!
//! [`storage::Storage::append_events`] commits a batch (events of many attempts, in order) as
//! one transaction, so one WAL flush, and [`storage::Storage::batches_appends`] says so, so that
//! the web server's committer hands it every answer that arrived meanwhile. The batch locks its
//! attempts' rows `FOR UPDATE` in id order (two batches, or a batch and a transfer, cannot
//! deadlock; appends and finishes of those attempts wait until the commit), then reads their
//! state in a second statement, whose snapshot therefore sees everything committed before:
//! each event is decided in memory exactly as sequential `append_event` calls would decide it
//! (a repeated or gapped number, also against the batch's own earlier events, is a
//! [`StorageError::Conflict`] with the next number; [`StorageError::Finished`],
//! [`StorageError::NotFound`]), so a refusal raises no error that would abort the
//! transaction, and the accepted events go in with one `INSERT ... SELECT FROM unnest(...) ON
//! CONFLICT DO NOTHING`. Should that insert take fewer rows than accepted (only a writer that
//! skips the row lock could cause it), nothing is committed and the batch is appended one
//! event at a time; a batch of one event is one `append_event`. A write returns only once
//! PostgreSQL has committed it durably (sessions that the server would start with
//! `synchronous_commit = off` are switched back on). Pooled sessions default to read committed
//! whatever the server's or the database's default, which the single-statement writes need;
//! [`storage::Storage::attempt`] reads the attempt and its log in one statement, so one
//! snapshot.
//!
//! Each statement is prepared once per pooled connection and kept, so a call is one round trip
//! (Bind/Execute/Sync) without parsing or planning its SQL again; the pool does not check a
//! busy connection before handing it out, only one that sat idle for a few seconds.
//!
//! Connections are not encrypted (there is no TLS connector); reach a remote server through a
//! local socket or a tunnel. A URL that asks for TLS (`sslmode=require`) fails to connect
//! instead of falling back to plain text.
//!
//! PostgreSQL's `TEXT` cannot hold the character U+0000: such text is refused with
//! [`StorageError::Database`] (SQLite would keep it). JSON written by `serde_json` never contains
//! it raw.
//!
//! # Example
//!
//! ```no_run
//! use storage::Storage;
//! use storage_postgres::PostgresStorage;
//!
//! let store = PostgresStorage::connect("postgres://certpath@127.0.0.1:5432/certpath")?;
//! let history = store.attempts(&storage::AttemptFilter::default())?;
//! println!("{} attempts", history.len());
//! # Ok::<(), storage::StorageError>(())
//! ```

pub mod testing;

use postgres::error::SqlState;
use postgres::types::{FromSql, ToSql};
use postgres::{Client, Config, GenericClient, IsolationLevel, NoTls, Row, Statement};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use storage::{
    AppendEvent, AttemptFilter, AttemptSummary, Finish, ItemCalibration, NewAttempt, Outcome,
    ReviewRecord, Role, Storage, StorageError, StoredAttempt, StoredEvent, User, WebSession,
};
use time::OffsetDateTime;

/// One schema change, applied once per database.
struct Migration {
    version: i32,
    name: &'static str,
    sql: &'static str,
}

/// In order; never edit one that has been released (the checksum check refuses the database).
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_attempts",
        sql: include_str!("../migrations/0001_attempts.sql"),
    },
    Migration {
        version: 2,
        name: "0002_reviews",
        sql: include_str!("../migrations/0002_reviews.sql"),
    },
    Migration {
        version: 3,
        name: "0003_calibrations",
        sql: include_str!("../migrations/0003_calibrations.sql"),
    },
    Migration {
        version: 4,
        name: "0004_accounts",
        sql: include_str!("../migrations/0004_accounts.sql"),
    },
];

/// The key of the transaction-level advisory lock held while migrating: "certpath" in ASCII.
/// Advisory locks are per database, so stores on different databases never wait for each other.
const MIGRATION_LOCK: i64 = 0x6365_7274_7061_7468;

/// The most connections one store opens at once, unless [`PoolOptions`] or
/// `CERTPATH_POSTGRES_POOL_SIZE` say otherwise.
pub const DEFAULT_POOL_SIZE: u32 = 16;

/// The environment variable [`PostgresStorage::connect`] reads the pool size from.
pub const POOL_SIZE_VARIABLE: &str = "CERTPATH_POSTGRES_POOL_SIZE";

/// How long connecting may take when the URL does not say (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A pooled connection idle for longer than this is checked with an empty query before use,
/// so that one the server closed meanwhile (a restart) is replaced instead of failing a call.
/// Busy connections are not checked: that would be one more round trip per call.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(5);

/// How a store's connection pool is sized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolOptions {
    /// The most connections open at once (at least 1). Calls beyond it wait for a free one.
    pub max_size: u32,
}

impl Default for PoolOptions {
    fn default() -> PoolOptions {
        PoolOptions {
            max_size: DEFAULT_POOL_SIZE,
        }
    }
}

impl PoolOptions {
    /// The defaults, with the pool size from `CERTPATH_POSTGRES_POOL_SIZE` when it is set.
    pub fn from_env() -> Result<PoolOptions, StorageError> {
        match std::env::var(POOL_SIZE_VARIABLE) {
            Err(_) => Ok(PoolOptions::default()),
            Ok(text) => match text.trim().parse::<u32>() {
                Ok(max_size) if max_size >= 1 => Ok(PoolOptions { max_size }),
                _ => Err(StorageError::Database(format!(
                    "{POOL_SIZE_VARIABLE}=`{text}` is not a number of connections (1 or more)"
                ))),
            },
        }
    }
}

/// One pooled connection: the client and the statements prepared on it so far.
struct Conn {
    client: Client,
    /// Keyed by the SQL text, which is always one of this file's constants.
    statements: HashMap<&'static str, Statement>,
    /// When the connection was last handed back to the pool.
    idle_since: Instant,
}

/// `sql` prepared on `client` once per connection, then taken from `statements`.
fn cached(
    statements: &mut HashMap<&'static str, Statement>,
    client: &mut impl GenericClient,
    sql: &'static str,
) -> Result<Statement, postgres::Error> {
    if let Some(statement) = statements.get(sql) {
        return Ok(statement.clone());
    }
    let statement = client.prepare(sql)?;
    statements.insert(sql, statement.clone());
    Ok(statement)
}

impl Conn {
    fn prepared(&mut self, sql: &'static str) -> Result<Statement, StorageError> {
        cached(&mut self.statements, &mut self.client, sql).map_err(db)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StorageError> {
        let statement = self.prepared(sql)?;
        self.client.query_opt(&statement, params).map_err(db)
    }

    fn query_one(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, StorageError> {
        let statement = self.prepared(sql)?;
        self.client.query_one(&statement, params).map_err(db)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StorageError> {
        let statement = self.prepared(sql)?;
        self.client.query(&statement, params).map_err(db)
    }

    /// Runs a statement in autocommit mode; `Err` keeps PostgreSQL's error for the caller to
    /// classify.
    fn execute_raw(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Result<u64, postgres::Error>, StorageError> {
        let statement = self.prepared(sql)?;
        Ok(self.client.execute(&statement, params))
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StorageError> {
        self.execute_raw(sql, params)?.map_err(db)
    }
}

/// Opens the pool's connections, each set up by [`session_setup`].
#[derive(Debug)]
struct Manager {
    config: Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        let mut client = self.config.connect(NoTls)?;
        session_setup(&mut client)?;
        Ok(Conn {
            client,
            statements: HashMap::new(),
            idle_since: Instant::now(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

/// A connection taken from the pool; back to it when dropped.
struct Pooled(r2d2::PooledConnection<Manager>);

impl std::ops::Deref for Pooled {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        self.0.idle_since = Instant::now();
    }
}

/// A store in one PostgreSQL database, shared safely with other stores and processes.
pub struct PostgresStorage {
    pool: r2d2::Pool<Manager>,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL: it may hold a password.
        f.debug_struct("PostgresStorage")
            .field("pool", &self.pool.state())
            .finish()
    }
}

/// An error with its whole chain of causes (`postgres::Error` alone says only "db error").
fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn db(err: postgres::Error) -> StorageError {
    StorageError::Database(describe(&err))
}

fn is_unique_violation(err: &postgres::Error) -> bool {
    err.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

/// The constraint a failed statement broke, if it names one.
fn broken_constraint(err: &postgres::Error) -> Option<&str> {
    err.as_db_error().and_then(|e| e.constraint())
}

/// The key names are unique by: the name in ASCII lower case, computed here so that it does not
/// depend on the server's locale (and matches storage-sqlite's).
fn name_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn to_micros(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000) as i64
}

fn from_micros(us: i64) -> Result<OffsetDateTime, StorageError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000)
        .map_err(|e| StorageError::Corrupt(format!("timestamp {us}: {e}")))
}

/// A column of a row, as `T`.
fn get<'a, T: FromSql<'a>>(row: &'a Row, index: usize) -> Result<T, StorageError> {
    row.try_get(index).map_err(db)
}

/// A stored `BIGINT` that must be a `u32` (sequence numbers, scores, counts).
fn to_u32(value: i64, what: &str) -> Result<u32, StorageError> {
    u32::try_from(value).map_err(|_| StorageError::Corrupt(format!("{what} {value}")))
}

/// FNV-1a, 64 bits: a stable checksum of a migration's text, to notice an edited migration.
fn checksum(text: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

/// Makes every commit of this session wait for the write-ahead log to reach disk, even where
/// the server's or the database's default is `synchronous_commit = off`. Stronger settings
/// (`remote_apply`, ...) and `local` are kept as they are.
fn durable_session(client: &mut Client) -> Result<(), postgres::Error> {
    client.batch_execute(
        "SELECT set_config('synchronous_commit', 'on', false) \
         WHERE current_setting('synchronous_commit') = 'off'",
    )
}

/// Sets up a pooled connection: [`durable_session`], and read committed as the isolation of
/// every transaction that does not choose one, whatever the server's or the database's default.
/// The single-statement writes ([`APPEND`], [`FINISH`]) rely on it: in read committed a
/// statement that waited for a row lock goes on with the row's newest version, where under
/// repeatable read or serializable it would fail to serialize.
fn session_setup(client: &mut Client) -> Result<(), postgres::Error> {
    durable_session(client)?;
    client
        .batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED")
}

/// Brings the database up to the latest schema, in one transaction under [`MIGRATION_LOCK`]:
/// a second store starting at the same time waits, then finds nothing left to do.
fn migrate(client: &mut Client) -> Result<(), StorageError> {
    let failed =
        |e: postgres::Error| StorageError::Database(format!("migration failed: {}", describe(&e)));
    let mut tx = client.transaction().map_err(failed)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(failed)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version     INTEGER PRIMARY KEY,
             name        TEXT NOT NULL,
             checksum    BIGINT NOT NULL,
             applied_at  BIGINT NOT NULL
         )",
    )
    .map_err(failed)?;
    let applied = tx
        .query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            &[],
        )
        .map_err(failed)?;
    for row in &applied {
        let version: i32 = get(row, 0)?;
        let name: String = get(row, 1)?;
        let sum: i64 = get(row, 2)?;
        match MIGRATIONS.iter().find(|m| m.version == version) {
            None => {
                return Err(StorageError::Database(format!(
                    "the database's schema is newer than this program: migration {version} \
                     (`{name}`) is unknown here; upgrade certpath"
                )));
            }
            Some(known) if known.name != name || checksum(known.sql) != sum => {
                return Err(StorageError::Database(format!(
                    "migration {version} (`{name}`) was applied from a different text than \
                     this program's `{}`; released migrations must not be edited",
                    known.name
                )));
            }
            Some(_) => {}
        }
    }
    let done: Vec<i32> = applied.iter().map(|row| row.get(0)).collect();
    let now = to_micros(OffsetDateTime::now_utc());
    for migration in MIGRATIONS.iter().filter(|m| !done.contains(&m.version)) {
        tx.batch_execute(migration.sql).map_err(|e| {
            StorageError::Database(format!(
                "migration {} (`{}`) failed: {}",
                migration.version,
                migration.name,
                describe(&e)
            ))
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
            &[&migration.version, &migration.name, &checksum(migration.sql), &now],
        )
        .map_err(failed)?;
    }
    tx.commit().map_err(failed)
}

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`, or
    /// `host=... dbname=...`) and migrates it. The database must exist; the tables are created
    /// in it on first use, so the user must be allowed to create them (on PostgreSQL 15 and
    /// later, in the `public` schema, only the database's owner may by default).
    ///
    /// The pool holds up to [`DEFAULT_POOL_SIZE`] connections, or as many as the environment
    /// variable `CERTPATH_POSTGRES_POOL_SIZE` says; [`PostgresStorage::connect_with`] takes the
    /// size as an argument instead.
    pub fn connect(url: &str) -> Result<PostgresStorage, StorageError> {
        PostgresStorage::connect_with(url, &PoolOptions::from_env()?)
    }

    /// [`PostgresStorage::connect`] with a pool sized by `options`.
    pub fn connect_with(url: &str, options: &PoolOptions) -> Result<PostgresStorage, StorageError> {
        // The messages never repeat the URL: it may hold a password.
        let mut config: Config = url.parse().map_err(|e: postgres::Error| {
            StorageError::Database(format!("invalid PostgreSQL URL: {}", describe(&e)))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // One connection first, outside the pool: a wrong URL or a server that is down is
        // reported at once with its cause, not after the pool's timeout.
        let mut client = config.connect(NoTls).map_err(|e| {
            StorageError::Database(format!("cannot connect to PostgreSQL: {}", describe(&e)))
        })?;
        durable_session(&mut client).map_err(db)?;
        migrate(&mut client)?;
        drop(client);
        let pool = r2d2::Pool::builder()
            .max_size(options.max_size.max(1))
            .min_idle(Some(1))
            // How long a call waits for a free connection (or for the server to come back).
            .connection_timeout(CONNECT_TIMEOUT)
            // Not a round trip before every call: `client` checks connections that sat idle.
            .test_on_check_out(false)
            .build(Manager { config })
            .map_err(|e| {
                StorageError::Database(format!("cannot connect to PostgreSQL: {}", describe(&e)))
            })?;
        Ok(PostgresStorage { pool })
    }

    /// A connection from the pool. One that sat idle is checked first; one the server closed
    /// is then dropped (the pool opens another).
    fn client(&self) -> Result<Pooled, StorageError> {
        // Bounded: each round drops one dead connection, and the pool holds at most this many.
        for _ in 0..=self.pool.max_size() {
            let mut conn = Pooled(self.pool.get().map_err(|e| {
                StorageError::Database(format!("no PostgreSQL connection: {}", describe(&e)))
            })?);
            if conn.idle_since.elapsed() < CHECK_AFTER_IDLE || conn.client.simple_query("").is_ok()
            {
                return Ok(conn);
            }
            // Closed, so the pool drops it when it comes back.
        }
        Err(StorageError::Database(
            "no PostgreSQL connection: every one failed its check".into(),
        ))
    }

    /// Why an append or a finish of `attempt` changed nothing: the attempt does not exist or
    /// is finished (then `Err`), else the attempt's next sequence number.
    fn open_next_seq(&self, conn: &mut Conn, attempt: &str) -> Result<u32, StorageError> {
        let row = conn
            .query_opt(
                "SELECT finished_at IS NOT NULL,
                        (SELECT COALESCE(MAX(seq) + 1, 0) FROM attempt_events WHERE attempt_id = $1)
                 FROM attempts WHERE id = $1",
                &[&attempt],
            )?
            .ok_or_else(|| StorageError::NotFound(attempt.to_owned()))?;
        if get::<bool>(&row, 0)? {
            return Err(StorageError::Finished(attempt.to_owned()));
        }
        to_u32(get(&row, 1)?, "event count")
    }

    /// [`Storage::append_events`] for a batch, in one transaction: the batch's attempts are
    /// locked (`FOR UPDATE`, in id order), their state read afresh, each event decided in
    /// memory as sequential appends would be, and the accepted ones inserted by one statement.
    /// `Ok(None)` when the insert did not take exactly the accepted events (a writer that does
    /// not lock the attempt's row got in): nothing was committed, and the caller appends the
    /// batch one event at a time instead. `Err` when the database failed: nothing was
    /// committed (or, if the connection broke during the commit, perhaps everything).
    fn append_batch(
        &self,
        events: &[AppendEvent],
    ) -> Result<Option<Vec<Result<(), StorageError>>>, BatchError> {
        // Text PostgreSQL cannot hold would fail the batch's statements: such an event is
        // refused on its own, as `append_event` refuses it, and never reaches the database.
        let unstorable = |e: &AppendEvent| e.attempt.contains('\0') || e.event.contains('\0');
        let mut ids: Vec<&str> = events
            .iter()
            .filter(|e| !unstorable(e))
            .map(|e| e.attempt.as_str())
            .collect();
        // The order the rows are locked in, as `ORDER BY id` (COLLATE "C") sorts them.
        ids.sort_unstable_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
        ids.dedup();

        let mut conn = self.client()?;
        let Conn {
            client, statements, ..
        } = &mut *conn;
        let mut tx = client
            .build_transaction()
            // Explicit, whatever the server's default: the locking read below then waits for
            // a finish or another batch and goes on with the row's newest version.
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()?;
        // Exclusive row locks, taken in id order so that two batches (or a batch and a
        // transfer_owner) cannot deadlock: they wait for every append holding a share lock
        // and for a finish in progress, and keep both out until the commit.
        let lock = cached(statements, &mut tx, BATCH_LOCK)?;
        tx.execute(&lock, &[&ids])?;
        // A second statement, so a snapshot taken once the locks are held: it sees every
        // event and finish committed before, and none can commit until this transaction ends.
        let state = cached(statements, &mut tx, BATCH_STATE)?;
        let mut open: HashMap<String, Option<u32>> = HashMap::with_capacity(ids.len());
        for row in tx.query(&state, &[&ids])? {
            let id: String = get(&row, 0)?;
            let finished: bool = get(&row, 1)?;
            let next = if finished {
                None
            } else {
                Some(to_u32(get(&row, 2)?, "event count")?)
            };
            open.insert(id, next);
        }

        let mut results = Vec::with_capacity(events.len());
        let (mut attempts, mut seqs, mut ats, mut texts) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for e in events {
            if unstorable(e) {
                results.push(Err(StorageError::Database(format!(
                    "event {} of attempt `{}` holds the character U+0000, which PostgreSQL's \
                     text cannot store",
                    e.seq,
                    e.attempt.replace('\0', "\\0")
                ))));
                continue;
            }
            results.push(match open.get_mut(&e.attempt) {
                None => Err(StorageError::NotFound(e.attempt.clone())),
                Some(None) => Err(StorageError::Finished(e.attempt.clone())),
                Some(Some(next)) if *next != e.seq => Err(StorageError::Conflict {
                    attempt: e.attempt.clone(),
                    given: e.seq,
                    expected: *next,
                }),
                Some(Some(next)) => {
                    *next += 1;
                    attempts.push(e.attempt.as_str());
                    seqs.push(i64::from(e.seq));
                    ats.push(to_micros(e.at));
                    texts.push(e.event.as_str());
                    Ok(())
                }
            });
        }
        if attempts.is_empty() {
            // Nothing to write: no commit, no flush (dropping `tx` rolls back).
            return Ok(Some(results));
        }
        let insert = cached(statements, &mut tx, BATCH_INSERT)?;
        let inserted = tx.execute(&insert, &[&attempts, &seqs, &ats, &texts])?;
        if inserted != attempts.len() as u64 {
            return Ok(None);
        }
        tx.commit()?;
        Ok(Some(results))
    }
}

/// Locks a batch's attempts ($1, sorted) for [`PostgresStorage::append_batch`], in id order.
const BATCH_LOCK: &str =
    "SELECT id FROM attempts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE";

/// The state of a batch's attempts: whether each is finished, and its next sequence number
/// (one index probe per attempt, for its last event).
const BATCH_STATE: &str = "SELECT a.id, a.finished_at IS NOT NULL,
            COALESCE((SELECT e.seq FROM attempt_events e WHERE e.attempt_id = a.id
                      ORDER BY e.seq DESC LIMIT 1) + 1, 0)
     FROM attempts a WHERE a.id = ANY($1::text[])";

/// Inserts a batch's accepted events in one statement. `ON CONFLICT DO NOTHING`, so that a
/// number taken meanwhile shows as a short count instead of aborting the transaction.
const BATCH_INSERT: &str = "INSERT INTO attempt_events (attempt_id, seq, at, event)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[])
     ON CONFLICT DO NOTHING";

/// Why [`PostgresStorage::append_batch`] failed: PostgreSQL's error, kept so that a deadlock or
/// a serialization failure can be told apart and the batch tried again, or the store's.
enum BatchError {
    Postgres(postgres::Error),
    Store(StorageError),
}

impl From<postgres::Error> for BatchError {
    fn from(err: postgres::Error) -> BatchError {
        BatchError::Postgres(err)
    }
}

impl From<StorageError> for BatchError {
    fn from(err: StorageError) -> BatchError {
        BatchError::Store(err)
    }
}

/// How many times a batch is tried again after a deadlock or a serialization failure (which
/// the fixed lock order should rule out), before it falls back to one event at a time.
const BATCH_RETRIES: usize = 3;

/// Appends an event, in one statement that commits on its own (autocommit): it takes a share
/// lock on the attempt's row, so it waits for a [`FINISH`] in progress and a finish waits for
/// it, and inserts only when the attempt is open and the event before `seq` is in the log.
/// Two writers of the same `seq` cannot both get past the `(attempt_id, seq)` primary key: the
/// second fails with a unique violation once the first commits. No row inserted, or a unique
/// violation, means the append was refused; [`PostgresStorage::open_next_seq`] says why.
const APPEND: &str = "WITH open AS (
         SELECT id FROM attempts WHERE id = $1::text AND finished_at IS NULL FOR SHARE
     )
     INSERT INTO attempt_events (attempt_id, seq, at, event)
     SELECT id, $2::bigint, $3::bigint, $4::text FROM open
     WHERE $2::bigint = 0
        OR EXISTS (SELECT 1 FROM attempt_events WHERE attempt_id = $1::text AND seq = $2::bigint - 1)";

/// Finishes an open attempt, in one statement that commits on its own: its row lock waits for
/// the appends that hold a share lock on the row, and appends that come later see the attempt
/// finished. No row updated means the attempt is unknown or already finished.
const FINISH: &str = "UPDATE attempts
     SET finished_at = $2, outcome = $3, scaled_score = $4, passed = $5, report = $6
     WHERE id = $1 AND finished_at IS NULL";

/// The columns [`user`] reads, in its order (a macro, so that statements can `concat!` it).
macro_rules! user_columns {
    () => {
        "SELECT id, name, password_hash, role, created_at FROM users"
    };
}

/// A row of [`user_columns`].
fn user(r: &Row) -> Result<User, StorageError> {
    let role: String = get(r, 3)?;
    Ok(User {
        id: get(r, 0)?,
        name: get(r, 1)?,
        password_hash: get(r, 2)?,
        role: Role::from_name(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("role `{role}`")))?,
        created_at: from_micros(get(r, 4)?)?,
    })
}

fn outcome(name: &str) -> Result<Outcome, StorageError> {
    Outcome::from_name(name).ok_or_else(|| StorageError::Corrupt(format!("outcome `{name}`")))
}

/// The columns [`review`] reads (a macro, so that statements can `concat!` it).
macro_rules! review_columns {
    () => {
        "SELECT user_id, item_id, exam, at, rating, source FROM reviews"
    };
}

/// A row of [`review_columns`].
fn review(r: &Row) -> Result<ReviewRecord, StorageError> {
    let rating: i16 = get(r, 4)?;
    Ok(ReviewRecord {
        user: get(r, 0)?,
        item: get(r, 1)?,
        exam: get(r, 2)?,
        at: from_micros(get(r, 3)?)?,
        rating: u8::try_from(rating)
            .map_err(|_| StorageError::Corrupt(format!("rating {rating}")))?,
        source: get(r, 5)?,
    })
}

impl Storage for PostgresStorage {
    fn create_attempt(&self, a: &NewAttempt) -> Result<(), StorageError> {
        let inserted = self.client()?.execute(
            "INSERT INTO attempts (id, user_id, exam, mode, seed, form, started_at, deadline)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO NOTHING",
            &[
                &a.id,
                &a.user,
                &a.exam,
                &a.mode,
                &(a.seed as i64),
                &a.outline,
                &to_micros(a.started_at),
                &a.deadline.map(to_micros),
            ],
        )?;
        if inserted == 0 {
            return Err(StorageError::Duplicate(a.id.clone()));
        }
        Ok(())
    }

    fn append_event(
        &self,
        attempt: &str,
        seq: u32,
        at: OffsetDateTime,
        event: &str,
    ) -> Result<(), StorageError> {
        let conflict = |expected| StorageError::Conflict {
            attempt: attempt.to_owned(),
            given: seq,
            expected,
        };
        let mut conn = self.client()?;
        let (seq_value, at_value) = (i64::from(seq), to_micros(at));
        let mut next = seq;
        // A second round only when the event before `seq` was committed by another writer
        // after the statement's snapshot was taken: the next statement sees it.
        for _ in 0..3 {
            match conn.execute_raw(APPEND, &[&attempt, &seq_value, &at_value, &event])? {
                Ok(1) => return Ok(()),
                Ok(_) => {}
                Err(e) if is_unique_violation(&e) => {}
                Err(e) => return Err(db(e)),
            }
            // Refused: unknown, finished, or the wrong number (read afresh, after the refusal).
            next = self.open_next_seq(&mut conn, attempt)?;
            if next != seq {
                return Err(conflict(next));
            }
        }
        Err(conflict(next))
    }

    fn append_events(&self, events: &[AppendEvent]) -> Vec<Result<(), StorageError>> {
        let one_by_one = || {
            events
                .iter()
                .map(|e| self.append_event(&e.attempt, e.seq, e.at, &e.event))
                .collect()
        };
        // One event: the single autocommit statement is one round trip, the batch five.
        if events.len() <= 1 {
            return one_by_one();
        }
        for _ in 0..=BATCH_RETRIES {
            match self.append_batch(events) {
                Ok(Some(results)) => return results,
                Ok(None) => break,
                Err(BatchError::Postgres(e))
                    if e.code() == Some(&SqlState::T_R_DEADLOCK_DETECTED)
                        || e.code() == Some(&SqlState::T_R_SERIALIZATION_FAILURE) => {}
                // Nothing was committed (or, if the connection broke during the commit,
                // perhaps all of it, as for `append_event`): every event gets the error.
                Err(err) => {
                    let text = match err {
                        BatchError::Postgres(e) => describe(&e),
                        BatchError::Store(StorageError::Database(text)) => text,
                        BatchError::Store(other) => other.to_string(),
                    };
                    return events
                        .iter()
                        .map(|_| Err(StorageError::Database(text.clone())))
                        .collect();
                }
            }
        }
        one_by_one()
    }

    fn batches_appends(&self) -> bool {
        true
    }

    fn finish_attempt(&self, attempt: &str, f: &Finish) -> Result<(), StorageError> {
        let mut conn = self.client()?;
        let changed = conn.execute(
            FINISH,
            &[
                &attempt,
                &to_micros(f.finished_at),
                &f.outcome.as_str(),
                &f.scaled_score.map(i64::from),
                &f.passed,
                &f.report,
            ],
        )?;
        if changed == 1 {
            return Ok(());
        }
        // Unknown or finished: `open_next_seq` says which.
        self.open_next_seq(&mut conn, attempt)?;
        Err(StorageError::Database(format!(
            "finishing attempt `{attempt}` changed nothing although it is open"
        )))
    }

    fn attempt_outline(&self, id: &str) -> Result<Option<String>, StorageError> {
        self.client()?
            .query_opt("SELECT form FROM attempts WHERE id = $1", &[&id])?
            .map(|row| get(&row, 0))
            .transpose()
    }

    fn attempt(&self, id: &str) -> Result<Option<StoredAttempt>, StorageError> {
        // One statement, so one snapshot: the attempt and its log agree with each other.
        let Some(row) = self.client()?.query_opt(
            "SELECT a.id, a.user_id, a.exam, a.mode, a.seed, a.form, a.started_at, a.deadline,
                    a.finished_at, a.outcome, a.scaled_score, a.passed, a.report,
                    e.seqs, e.ats, e.events
             FROM attempts a
             CROSS JOIN LATERAL (
                 SELECT array_agg(seq ORDER BY seq), array_agg(at ORDER BY seq),
                        array_agg(event ORDER BY seq)
                 FROM attempt_events WHERE attempt_id = a.id
             ) e (seqs, ats, events)
             WHERE a.id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let seqs: Vec<i64> = get::<Option<_>>(&row, 13)?.unwrap_or_default();
        let ats: Vec<i64> = get::<Option<_>>(&row, 14)?.unwrap_or_default();
        let texts: Vec<String> = get::<Option<_>>(&row, 15)?.unwrap_or_default();
        if seqs.len() != ats.len() || seqs.len() != texts.len() {
            return Err(StorageError::Corrupt(format!("the log of attempt `{id}`")));
        }
        let events = seqs
            .into_iter()
            .zip(ats)
            .zip(texts)
            .map(|((seq, at), event)| {
                Ok(StoredEvent {
                    seq: to_u32(seq, "sequence number")?,
                    at: from_micros(at)?,
                    event,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let finished_at: Option<i64> = get(&row, 8)?;
        let outcome_name: Option<String> = get(&row, 9)?;
        let report: Option<String> = get(&row, 12)?;
        let finish = match (finished_at, outcome_name, report) {
            (Some(at), Some(name), Some(report)) => Some(Finish {
                finished_at: from_micros(at)?,
                outcome: outcome(&name)?,
                scaled_score: get::<Option<i64>>(&row, 10)?
                    .map(|s| to_u32(s, "score"))
                    .transpose()?,
                passed: get(&row, 11)?,
                report,
            }),
            _ => None,
        };
        Ok(Some(StoredAttempt {
            attempt: NewAttempt {
                id: get(&row, 0)?,
                user: get(&row, 1)?,
                exam: get(&row, 2)?,
                mode: get(&row, 3)?,
                seed: get::<i64>(&row, 4)? as u64,
                outline: get(&row, 5)?,
                started_at: from_micros(get(&row, 6)?)?,
                deadline: get::<Option<i64>>(&row, 7)?.map(from_micros).transpose()?,
            },
            events,
            finish,
        }))
    }

    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptSummary>, StorageError> {
        // The WHERE clause is put together from fixed pieces; every value is a bound
        // parameter. Each condition is a plain comparison, so the indexes apply.
        let mut sql = String::from(
            "SELECT a.id, a.user_id, a.exam, a.mode, a.started_at, a.deadline, a.finished_at,
                    a.outcome, a.scaled_score, a.passed,
                    (SELECT COUNT(*) FROM attempt_events e WHERE e.attempt_id = a.id)
             FROM attempts a
             WHERE TRUE",
        );
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
        match &filter.user {
            None => {}
            Some(None) => sql.push_str(" AND a.user_id IS NULL"),
            Some(Some(user)) => {
                params.push(user);
                sql.push_str(&format!(" AND a.user_id = ${}", params.len()));
            }
        }
        if let Some(exam) = &filter.exam {
            params.push(exam);
            sql.push_str(&format!(" AND a.exam = ${}", params.len()));
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
            params.push(limit);
            sql.push_str(&format!(" LIMIT ${}", params.len()));
        }
        // Built at run time, so not cached: listings are rare.
        let rows = self.client()?.client.query(&sql, &params).map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AttemptSummary {
                    id: get(r, 0)?,
                    user: get(r, 1)?,
                    exam: get(r, 2)?,
                    mode: get(r, 3)?,
                    started_at: from_micros(get(r, 4)?)?,
                    deadline: get::<Option<i64>>(r, 5)?.map(from_micros).transpose()?,
                    finished_at: get::<Option<i64>>(r, 6)?.map(from_micros).transpose()?,
                    outcome: get::<Option<String>>(r, 7)?
                        .as_deref()
                        .map(outcome)
                        .transpose()?,
                    scaled_score: get::<Option<i64>>(r, 8)?
                        .map(|s| to_u32(s, "score"))
                        .transpose()?,
                    passed: get(r, 9)?,
                    events: to_u32(get(r, 10)?, "event count")?,
                })
            })
            .collect()
    }

    fn add_reviews(&self, reviews: &[ReviewRecord]) -> Result<(), StorageError> {
        if let Some(bad) = reviews.iter().find(|r| !(1..=4).contains(&r.rating)) {
            return Err(StorageError::Database(format!(
                "rating {} of `{}` is not 1 to 4",
                bad.rating, bad.item
            )));
        }
        let mut conn = self.client()?;
        let Conn {
            client, statements, ..
        } = &mut *conn;
        let mut tx = client.transaction().map_err(db)?;
        let insert = cached(
            statements,
            &mut tx,
            "INSERT INTO reviews (user_id, item_id, exam, at, rating, source)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .map_err(db)?;
        for r in reviews {
            tx.execute(
                &insert,
                &[
                    &r.user,
                    &r.item,
                    &r.exam,
                    &to_micros(r.at),
                    &i16::from(r.rating),
                    &r.source,
                ],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn reviews(&self, user: Option<&str>) -> Result<Vec<ReviewRecord>, StorageError> {
        let mut conn = self.client()?;
        let rows = match user {
            Some(user) => conn.query(
                concat!(review_columns!(), " WHERE user_id = $1 ORDER BY at, id"),
                &[&user],
            )?,
            None => conn.query(
                concat!(review_columns!(), " WHERE user_id IS NULL ORDER BY at, id"),
                &[],
            )?,
        };
        rows.iter().map(review).collect()
    }

    fn save_calibrations(&self, calibrations: &[ItemCalibration]) -> Result<(), StorageError> {
        // Rows are locked in item order, so two concurrent saves cannot deadlock; the sort is
        // stable, so of two entries for one item the later still wins, as in storage-sqlite.
        let mut ordered: Vec<&ItemCalibration> = calibrations.iter().collect();
        ordered.sort_by(|x, y| x.item.as_bytes().cmp(y.item.as_bytes()));
        let mut conn = self.client()?;
        let Conn {
            client, statements, ..
        } = &mut *conn;
        let mut tx = client.transaction().map_err(db)?;
        let upsert = cached(
                statements,
                &mut tx,
                "INSERT INTO item_calibrations (item_id, model, a, b, c, se_a, se_b, se_c, responses,
                                                facility, discrimination, calibrated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (item_id) DO UPDATE SET
                     model = EXCLUDED.model, a = EXCLUDED.a, b = EXCLUDED.b, c = EXCLUDED.c,
                     se_a = EXCLUDED.se_a, se_b = EXCLUDED.se_b, se_c = EXCLUDED.se_c,
                     responses = EXCLUDED.responses, facility = EXCLUDED.facility,
                     discrimination = EXCLUDED.discrimination, calibrated_at = EXCLUDED.calibrated_at",
            )
            .map_err(db)?;
        for c in ordered {
            tx.execute(
                &upsert,
                &[
                    &c.item,
                    &c.model,
                    &c.a,
                    &c.b,
                    &c.c,
                    &c.se_a,
                    &c.se_b,
                    &c.se_c,
                    &i64::from(c.responses),
                    &c.facility,
                    &c.discrimination,
                    &to_micros(c.calibrated_at),
                ],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn calibrations(&self) -> Result<Vec<ItemCalibration>, StorageError> {
        let rows = self.client()?.query(
            "SELECT item_id, model, a, b, c, se_a, se_b, se_c, responses, facility,
                        discrimination, calibrated_at
                 FROM item_calibrations ORDER BY item_id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ItemCalibration {
                    item: get(r, 0)?,
                    model: get(r, 1)?,
                    a: get(r, 2)?,
                    b: get(r, 3)?,
                    c: get(r, 4)?,
                    se_a: get(r, 5)?,
                    se_b: get(r, 6)?,
                    se_c: get(r, 7)?,
                    responses: to_u32(get(r, 8)?, "response count")?,
                    facility: get(r, 9)?,
                    discrimination: get(r, 10)?,
                    calibrated_at: from_micros(get(r, 11)?)?,
                })
            })
            .collect()
    }

    fn create_user(&self, u: &User) -> Result<(), StorageError> {
        let result = self.client()?.execute_raw(
            "INSERT INTO users (id, name, name_key, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &u.id,
                &u.name,
                &name_key(&u.name),
                &u.password_hash,
                &u.role.as_str(),
                &to_micros(u.created_at),
            ],
        )?;
        match result {
            Ok(_) => Ok(()),
            // The constraint's name tells which rule the insert broke, even in a race.
            Err(e) if is_unique_violation(&e) => match broken_constraint(&e) {
                Some("users_pkey") => Err(StorageError::Duplicate(u.id.clone())),
                Some("users_name_key_unique") => Err(StorageError::NameTaken(u.name.clone())),
                _ => Err(db(e)),
            },
            Err(e) => Err(db(e)),
        }
    }

    fn user(&self, id: &str) -> Result<Option<User>, StorageError> {
        self.client()?
            .query_opt(concat!(user_columns!(), " WHERE id = $1"), &[&id])?
            .as_ref()
            .map(user)
            .transpose()
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>, StorageError> {
        self.client()?
            .query_opt(
                concat!(user_columns!(), " WHERE name_key = $1"),
                &[&name_key(name)],
            )?
            .as_ref()
            .map(user)
            .transpose()
    }

    fn users(&self) -> Result<Vec<User>, StorageError> {
        self.client()?
            .query(concat!(user_columns!(), " ORDER BY name_key"), &[])?
            .iter()
            .map(user)
            .collect()
    }

    fn set_role(&self, id: &str, role: Role) -> Result<(), StorageError> {
        let changed = self.client()?.execute(
            "UPDATE users SET role = $2 WHERE id = $1",
            &[&id, &role.as_str()],
        )?;
        if changed == 0 {
            return Err(StorageError::UnknownUser(id.to_owned()));
        }
        Ok(())
    }

    fn create_session(&self, s: &WebSession) -> Result<(), StorageError> {
        let inserted = self
            .client()?
            .execute_raw(
                "INSERT INTO web_sessions (id, user_id, guest, csrf, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (id) DO NOTHING",
                &[
                    &s.id,
                    &s.user,
                    &s.guest,
                    &s.csrf,
                    &to_micros(s.created_at),
                    &to_micros(s.expires_at),
                ],
            )?
            .map_err(|e| {
                if e.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION) {
                    StorageError::UnknownUser(s.user.clone().unwrap_or_default())
                } else {
                    db(e)
                }
            })?;
        if inserted == 0 {
            return Err(StorageError::Duplicate(s.id.clone()));
        }
        Ok(())
    }

    fn session(&self, id: &str, now: OffsetDateTime) -> Result<Option<WebSession>, StorageError> {
        let Some(r) = self.client()?.query_opt(
            "SELECT id, user_id, guest, csrf, created_at, expires_at
                 FROM web_sessions WHERE id = $1 AND expires_at > $2",
            &[&id, &to_micros(now)],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(WebSession {
            id: get(&r, 0)?,
            user: get(&r, 1)?,
            guest: get(&r, 2)?,
            csrf: get(&r, 3)?,
            created_at: from_micros(get(&r, 4)?)?,
            expires_at: from_micros(get(&r, 5)?)?,
        }))
    }

    fn delete_session(&self, id: &str) -> Result<(), StorageError> {
        self.client()?
            .execute("DELETE FROM web_sessions WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64, StorageError> {
        // Expired as `session` sees it: a session is valid strictly before its expiry.
        self.client()?.execute(
            "DELETE FROM web_sessions WHERE expires_at <= $1",
            &[&to_micros(now)],
        )
    }

    fn transfer_owner(&self, from: &str, to: &str) -> Result<u64, StorageError> {
        let mut conn = self.client()?;
        let Conn {
            client, statements, ..
        } = &mut *conn;
        let mut tx = client
            .build_transaction()
            // Explicit, whatever the server's default: a transfer that waited for a row lock
            // then moves the rows as they are, instead of failing to serialize.
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()
            .map_err(db)?;
        let mut run = |sql: &'static str, params: &[&(dyn ToSql + Sync)]| {
            let statement = cached(statements, &mut tx, sql).map_err(db)?;
            tx.execute(&statement, params).map_err(db)
        };
        // The rows are locked in id order first, so two transfers cannot deadlock; an
        // append_event holding an attempt's lock finishes before that attempt moves.
        run(
            "SELECT id FROM attempts WHERE user_id = $1 ORDER BY id FOR UPDATE",
            &[&from],
        )?;
        let moved = run(
            "UPDATE attempts SET user_id = $2 WHERE user_id = $1",
            &[&from, &to],
        )?;
        run(
            "SELECT id FROM reviews WHERE user_id = $1 ORDER BY id FOR UPDATE",
            &[&from],
        )?;
        run(
            "UPDATE reviews SET user_id = $2 WHERE user_id = $1",
            &[&from, &to],
        )?;
        tx.commit().map_err(db)?;
        Ok(moved)
    }

    fn record_sign_in_failure(&self, name: &str, at: OffsetDateTime) -> Result<(), StorageError> {
        self.client()?.execute(
            "INSERT INTO sign_in_failures (name_key, at) VALUES ($1, $2)",
            &[&name_key(name), &to_micros(at)],
        )?;
        Ok(())
    }

    fn sign_in_failures(&self, name: &str, since: OffsetDateTime) -> Result<u32, StorageError> {
        let row = self.client()?.query_one(
            "SELECT COUNT(*) FROM sign_in_failures WHERE name_key = $1 AND at >= $2",
            &[&name_key(name), &to_micros(since)],
        )?;
        to_u32(get(&row, 0)?, "failure count")
    }

    fn clear_sign_in_failures(&self, name: &str) -> Result<(), StorageError> {
        self.client()?.execute(
            "DELETE FROM sign_in_failures WHERE name_key = $1",
            &[&name_key(name)],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test server (see tests/postgres.rs); these tests fail without one.
    fn server(options: &str) -> Client {
        let url = std::env::var("CERTPATH_TEST_POSTGRES_URL")
            .ok()
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| {
                panic!(
                    "CERTPATH_TEST_POSTGRES_URL is not set. The storage-postgres tests need a \
                     PostgreSQL server: run them through `scripts/with-postgres cargo test -p \
                     storage-postgres` (it starts a throwaway server) or `bash scripts/test`."
                )
            });
        let mut config: Config = url.parse().expect("a valid URL");
        config.options(options);
        config.connect(NoTls).expect("connect")
    }

    fn synchronous_commit(client: &mut Client) -> String {
        client
            .query_one("SELECT current_setting('synchronous_commit')", &[])
            .unwrap()
            .get(0)
    }

    #[test]
    fn sessions_that_would_not_wait_for_the_disk_are_made_to() {
        let mut client = server("-c synchronous_commit=off");
        assert_eq!(synchronous_commit(&mut client), "off");
        durable_session(&mut client).unwrap();
        assert_eq!(synchronous_commit(&mut client), "on");
    }

    #[test]
    fn stronger_commit_settings_are_kept() {
        for setting in ["local", "remote_write", "remote_apply"] {
            let mut client = server(&format!("-c synchronous_commit={setting}"));
            durable_session(&mut client).unwrap();
            assert_eq!(synchronous_commit(&mut client), setting);
        }
    }

    #[test]
    fn checksums_are_stable() {
        // Stored in databases: changing the function would refuse every one of them.
        assert_eq!(checksum(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(checksum("a"), 0xaf63_dc4c_8601_ec8c_u64 as i64);
    }
}
