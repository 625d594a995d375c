//! Group commit under concurrent writers: every acknowledged write is durable, in order, and
//! sequence numbers still exclude each other.

use std::sync::{Arc, Barrier, Mutex};
use storage::{Finish, NewAttempt, Outcome, Storage, StorageError};
use storage_sqlite::SqliteStorage;
use time::OffsetDateTime;
use time::macros::datetime;

const AT: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

fn new_attempt(id: &str) -> NewAttempt {
    NewAttempt {
        id: id.into(),
        user: Some("u".into()),
        exam: "SAA-C03".into(),
        mode: "exam".into(),
        seed: 3,
        outline: "{}".into(),
        started_at: AT,
        deadline: None,
    }
}

fn finish() -> Finish {
    Finish {
        finished_at: AT + time::Duration::hours(1),
        outcome: Outcome::Submitted,
        scaled_score: Some(800),
        passed: Some(true),
        report: "{}".into(),
    }
}

fn payload(attempt: &str, seq: u32) -> String {
    format!(r#"{{"attempt":"{attempt}","seq":{seq}}}"#)
}

const THREADS: usize = 16;
const OWN_ATTEMPTS: usize = 3;
const EVENTS_PER_THREAD: u32 = 50;
const SHARED_PER_THREAD: usize = 10;

/// 16 threads create their own attempts, append 50 events across them (each one read back
/// at once), finish one, and take turns on one shared attempt, retrying on conflicts. Every
/// acknowledged event is there afterwards, in order, also after reopening the file.
#[test]
fn concurrent_appends_are_all_kept_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certpath.db");
    let store = Arc::new(SqliteStorage::open(&path).unwrap());
    store.create_attempt(&new_attempt("shared")).unwrap();
    // What was acknowledged on the shared attempt: (seq, event).
    let shared = Arc::new(Mutex::new(Vec::<(u32, String)>::new()));
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let (store, shared, start) = (store.clone(), shared.clone(), start.clone());
            std::thread::spawn(move || {
                let ids: Vec<String> = (0..OWN_ATTEMPTS).map(|a| format!("t{t}-a{a}")).collect();
                start.wait();
                for id in &ids {
                    store.create_attempt(&new_attempt(id)).unwrap();
                }
                let mut next = vec![0u32; OWN_ATTEMPTS];
                for i in 0..EVENTS_PER_THREAD {
                    let a = i as usize % OWN_ATTEMPTS;
                    let (id, seq) = (&ids[a], next[a]);
                    store.append_event(id, seq, AT, &payload(id, seq)).unwrap();
                    next[a] += 1;
                    // Read your writes: the read connections see an acknowledged event.
                    let read = store.attempt(id).unwrap().expect("created");
                    assert_eq!(read.events.len() as u32, seq + 1, "{id} after event {seq}");
                    assert_eq!(read.events[seq as usize].event, payload(id, seq));
                }
                store.finish_attempt(&ids[0], &finish()).unwrap();
                assert!(matches!(
                    store.append_event(&ids[0], next[0], AT, "{}"),
                    Err(StorageError::Finished(_))
                ));
                let mut won = 0;
                while won < SHARED_PER_THREAD {
                    let seq = store.attempt("shared").unwrap().unwrap().events.len() as u32;
                    let event = format!(r#"{{"thread":{t},"seq":{seq}}}"#);
                    match store.append_event("shared", seq, AT, &event) {
                        Ok(()) => {
                            shared.lock().unwrap().push((seq, event));
                            won += 1;
                        }
                        Err(StorageError::Conflict {
                            given, expected, ..
                        }) => {
                            assert_eq!(given, seq);
                            assert!(expected > seq, "a conflict means someone got there first");
                        }
                        Err(e) => panic!("unexpected error: {e}"),
                    }
                }
                next
            })
        })
        .collect();
    let counts: Vec<Vec<u32>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let mut shared = Arc::try_unwrap(shared).unwrap().into_inner().unwrap();
    shared.sort();
    drop(store);

    let check = |store: &SqliteStorage| {
        for (t, next) in counts.iter().enumerate() {
            for (a, &count) in next.iter().enumerate() {
                let id = format!("t{t}-a{a}");
                let stored = store.attempt(&id).unwrap().expect("created");
                let seqs: Vec<u32> = stored.events.iter().map(|e| e.seq).collect();
                assert_eq!(seqs, (0..count).collect::<Vec<_>>(), "{id}");
                for e in &stored.events {
                    assert_eq!(e.event, payload(&id, e.seq));
                }
                assert_eq!(stored.finish.is_some(), a == 0, "{id}");
            }
        }
        let stored = store.attempt("shared").unwrap().unwrap();
        let events: Vec<(u32, String)> = stored
            .events
            .iter()
            .map(|e| (e.seq, e.event.clone()))
            .collect();
        assert_eq!(events.len(), THREADS * SHARED_PER_THREAD);
        assert_eq!(events, shared, "exactly the acknowledged events, in order");
        let total: u32 = counts.iter().flatten().sum();
        assert_eq!(total, THREADS as u32 * EVENTS_PER_THREAD);
    };
    let reopened = SqliteStorage::open(&path).expect("reopen");
    check(&reopened);
    drop(reopened);
    // And as a plain SQLite reader sees the file: nothing is left only in memory.
    let plain = rusqlite::Connection::open(&path).unwrap();
    let rows: i64 = plain
        .query_row("SELECT COUNT(*) FROM attempt_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        rows as usize,
        THREADS * (EVENTS_PER_THREAD as usize + SHARED_PER_THREAD)
    );
}

/// Two threads append the same sequence number to the same attempt at the same moment,
/// many times over (in the same commit group or not): exactly one wins each time, and the
/// other gets a conflict naming the next free number.
#[test]
fn racing_writers_of_one_seq_get_one_win_and_one_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStorage::open(&dir.path().join("race.db")).unwrap());
    store.create_attempt(&new_attempt("race")).unwrap();
    const ROUNDS: u32 = 40;
    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = (0..2)
        .map(|r| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                (0..ROUNDS)
                    .map(|seq| {
                        barrier.wait();
                        let result = store.append_event("race", seq, AT, &format!("{r}"));
                        barrier.wait();
                        result
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<Vec<Result<(), StorageError>>> =
        racers.into_iter().map(|t| t.join().unwrap()).collect();
    let stored = store.attempt("race").unwrap().unwrap();
    assert_eq!(stored.events.len() as u32, ROUNDS);
    for seq in 0..ROUNDS {
        let (a, b) = (&results[0][seq as usize], &results[1][seq as usize]);
        let winner = match (a, b) {
            (
                Ok(()),
                Err(StorageError::Conflict {
                    given, expected, ..
                }),
            )
            | (
                Err(StorageError::Conflict {
                    given, expected, ..
                }),
                Ok(()),
            ) => {
                assert_eq!((*given, *expected), (seq, seq + 1));
                if a.is_ok() { "0" } else { "1" }
            }
            other => panic!("round {seq}: {other:?}"),
        };
        assert_eq!(stored.events[seq as usize].event, winner, "round {seq}");
    }
}

/// Many callers at once on an in-memory store (one connection for reads and writes).
#[test]
fn concurrent_appends_on_an_in_memory_store() {
    let store = Arc::new(SqliteStorage::open_in_memory().unwrap());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                let id = format!("m{t}");
                store.create_attempt(&new_attempt(&id)).unwrap();
                for seq in 0..25 {
                    store
                        .append_event(&id, seq, AT, &payload(&id, seq))
                        .unwrap();
                    assert_eq!(
                        store.attempt(&id).unwrap().unwrap().events.len() as u32,
                        seq + 1
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for t in 0..8 {
        let stored = store.attempt(&format!("m{t}")).unwrap().unwrap();
        assert_eq!(stored.events.len(), 25);
    }
}

/// Batches from many threads at once (as the web server's committer and other callers
/// send them): each batch's events land in order in one group, each with its own result,
/// and a refused event in a batch leaves the rest of it alone.
#[test]
fn concurrent_batches_keep_their_order_and_results() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStorage::open(&dir.path().join("batches.db")).unwrap());
    const BATCHES: u32 = 20;
    const PER_BATCH: u32 = 5;
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                let id = format!("b{t}");
                store.create_attempt(&new_attempt(&id)).unwrap();
                for b in 0..BATCHES {
                    let mut events: Vec<storage::AppendEvent> = (0..PER_BATCH)
                        .map(|i| {
                            let seq = b * PER_BATCH + i;
                            storage::AppendEvent {
                                attempt: id.clone(),
                                seq,
                                at: AT,
                                event: payload(&id, seq),
                            }
                        })
                        .collect();
                    // A repeated number in the middle: refused, the others kept.
                    let repeat = events[1].clone();
                    events.insert(2, repeat);
                    let results = store.append_events(&events);
                    assert_eq!(results.len(), events.len());
                    for (i, result) in results.iter().enumerate() {
                        if i == 2 {
                            assert!(
                                matches!(result, Err(StorageError::Conflict { given, expected, .. })
                                    if *given == b * PER_BATCH + 1 && *expected == b * PER_BATCH + 2),
                                "{result:?}"
                            );
                        } else {
                            assert!(result.is_ok(), "{result:?}");
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for t in 0..8 {
        let id = format!("b{t}");
        let stored = store.attempt(&id).unwrap().unwrap();
        assert_eq!(stored.events.len() as u32, BATCHES * PER_BATCH);
        for (seq, event) in stored.events.iter().enumerate() {
            assert_eq!(event.seq, seq as u32);
            assert_eq!(event.event, payload(&id, seq as u32));
        }
    }
}

/// Two stores on one file (as `certpath serve` and a `certpath` command run at once): what
/// one store's writer remembers of an attempt from its last batch is not trusted once the
/// other has written, so sequence numbers and finished attempts are still enforced across
/// them.
#[test]
fn a_writer_notices_what_another_connection_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certpath.db");
    let one = SqliteStorage::open(&path).unwrap();
    let other = SqliteStorage::open(&path).unwrap();
    one.create_attempt(&new_attempt("a")).unwrap();
    one.append_event("a", 0, AT, &payload("a", 0)).unwrap();
    one.append_event("a", 1, AT, &payload("a", 1)).unwrap();

    other.append_event("a", 2, AT, &payload("a", 2)).unwrap();
    match one.append_event("a", 2, AT, &payload("a", 2)) {
        Err(StorageError::Conflict {
            given: 2,
            expected: 3,
            ..
        }) => {}
        other => panic!("expected a conflict at 2 (next is 3), got {other:?}"),
    }
    one.append_event("a", 3, AT, &payload("a", 3)).unwrap();

    other.finish_attempt("a", &finish()).unwrap();
    match one.append_event("a", 4, AT, &payload("a", 4)) {
        Err(StorageError::Finished(id)) => assert_eq!(id, "a"),
        other => panic!("expected the attempt to be finished, got {other:?}"),
    }
    let stored = one.attempt("a").unwrap().expect("stored");
    let seqs: Vec<u32> = stored.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [0, 1, 2, 3]);
    assert!(stored.finish.is_some());
}
