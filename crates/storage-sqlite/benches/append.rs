//! Answers recorded per second with durable commits: `cargo bench -p storage-sqlite --bench append`.
//!
//! Each iteration appends one answer-sized event to an attempt's log in its own committed
//! transaction (WAL, `synchronous = FULL`), exactly as an acknowledged answer is stored, on a
//! database file in the system's temporary folder.

use storage::{NewAttempt, Storage};
use storage_sqlite::SqliteStorage;

fn main() {
    divan::main();
}

const EVENT: &str =
    r#"{"at":1796112000000,"event":"answered","item":12,"answer":{"choices":[1,3]}}"#;

#[divan::bench(sample_count = 20, sample_size = 50)]
fn durable_answer(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SqliteStorage::open(&dir.path().join("bench.db")).expect("database");
    let at = time::macros::datetime!(2026-12-01 09:00 UTC);
    store
        .create_attempt(&NewAttempt {
            id: "bench".into(),
            user: None,
            exam: "SAA-C03".into(),
            mode: "exam".into(),
            seed: 1,
            form: "{}".into(),
            started_at: at,
            deadline: None,
        })
        .expect("attempt");
    let mut seq = 0u32;
    bencher.bench_local(|| {
        store.append_event("bench", seq, at, EVENT).expect("append");
        seq += 1;
    });
}
