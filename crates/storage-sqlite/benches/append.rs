//! Answers recorded per second with durable commits: `cargo bench -p storage-sqlite --bench append`.
//!
//! `durable_answer` appends one answer-sized event at a time to an attempt's log, exactly as
//! an acknowledged answer is stored (WAL, `synchronous = FULL`), on a database file in the
//! system's temporary folder. `concurrent_appenders` runs 1, 16, 64 and 256 threads at once,
//! each appending [`EVENTS_PER_THREAD`] events to its own attempt, as candidates answering at
//! the same time on the web server do; its throughput (items/s) is events per second.
//! `batch_of_256` hands the store one batch of 256 events to 256 attempts
//! (`Storage::append_events`, as the web server's committer does), which is one pass of the
//! group commit's leader and one commit; its time per item is the leader's cost per event,
//! commit and fsync included. All first commit enough events for the write-ahead log to be
//! checkpointed and reused.

use std::sync::atomic::{AtomicU32, Ordering};
use storage::{AppendEvent, NewAttempt, Storage};
use storage_sqlite::SqliteStorage;

fn main() {
    divan::main();
}

const EVENT: &str =
    r#"{"at":1796112000000,"event":"answered","item":12,"answer":{"choices":[1,3]}}"#;

/// How many events each thread appends in one iteration of `concurrent_appenders`.
const EVENTS_PER_THREAD: u32 = 8;

fn new_attempt(id: &str) -> NewAttempt {
    let at = time::macros::datetime!(2026-12-01 09:00 UTC);
    NewAttempt {
        id: id.into(),
        user: None,
        exam: "SAA-C03".into(),
        mode: "exam".into(),
        seed: 1,
        outline: "{}".into(),
        started_at: at,
        deadline: None,
    }
}

#[divan::bench(sample_count = 20, sample_size = 50)]
fn durable_answer(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SqliteStorage::open(&dir.path().join("bench.db")).expect("database");
    let at = time::macros::datetime!(2026-12-01 09:00 UTC);
    store
        .create_attempt(&new_attempt("bench"))
        .expect("attempt");
    let mut seq = 0u32;
    bencher.bench_local(|| {
        store.append_event("bench", seq, at, EVENT).expect("append");
        seq += 1;
    });
}

/// Attempts (and events) in one batch of `batch_of_256`.
const BATCH: u32 = 256;

#[divan::bench(sample_count = 30, sample_size = 1)]
fn batch_of_256(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SqliteStorage::open(&dir.path().join("bench.db")).expect("database");
    let at = time::macros::datetime!(2026-12-01 09:00 UTC);
    let ids: Vec<String> = (0..BATCH).map(|t| format!("batch-{t:04}")).collect();
    for id in &ids {
        store.create_attempt(&new_attempt(id)).expect("attempt");
    }
    warm_up(&store);
    let mut seq = 0u32;
    bencher
        .counter(divan::counter::ItemsCount::new(BATCH))
        .bench_local(|| {
            let events: Vec<AppendEvent> = ids
                .iter()
                .map(|id| AppendEvent {
                    attempt: id.clone(),
                    seq,
                    at,
                    event: EVENT.into(),
                })
                .collect();
            let results = store.append_events(&events);
            assert!(results.iter().all(Result::is_ok), "every event is accepted");
            seq += 1;
        });
}

#[divan::bench(args = [1, 16, 64, 256], sample_count = 10, sample_size = 1)]
fn concurrent_appenders(bencher: divan::Bencher, threads: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SqliteStorage::open(&dir.path().join("bench.db")).expect("database");
    let ids: Vec<String> = (0..threads).map(|t| format!("bench-{t}")).collect();
    for id in &ids {
        store.create_attempt(&new_attempt(id)).expect("attempt");
    }
    let next: Vec<AtomicU32> = (0..threads).map(|_| AtomicU32::new(0)).collect();
    warm_up(&store);
    round(&store, &ids, &next);
    bencher
        .counter(divan::counter::ItemsCount::new(
            threads * EVENTS_PER_THREAD as usize,
        ))
        .bench_local(|| round(&store, &ids, &next));
}

/// Commits enough single events for SQLite to checkpoint and restart the write-ahead log,
/// so that samples measure a long-running store (WAL pages rewritten in place) rather than
/// a new file growing by one page per commit, which costs a metadata flush each time.
fn warm_up(store: &SqliteStorage) {
    let at = time::macros::datetime!(2026-12-01 09:00 UTC);
    store
        .create_attempt(&new_attempt("warm-up"))
        .expect("attempt");
    for seq in 0..WARM_UP_COMMITS {
        store
            .append_event("warm-up", seq, at, EVENT)
            .expect("append");
    }
}

/// More than SQLite's automatic checkpoint threshold (1000 WAL pages).
const WARM_UP_COMMITS: u32 = 1100;

/// One thread per attempt, each appending [`EVENTS_PER_THREAD`] events to its own attempt.
fn round(store: &SqliteStorage, ids: &[String], next: &[AtomicU32]) {
    let at = time::macros::datetime!(2026-12-01 09:00 UTC);
    std::thread::scope(|scope| {
        for (id, next) in ids.iter().zip(next) {
            scope.spawn(move || {
                for _ in 0..EVENTS_PER_THREAD {
                    let seq = next.fetch_add(1, Ordering::Relaxed);
                    store.append_event(id, seq, at, EVENT).expect("append");
                }
            });
        }
    });
}
