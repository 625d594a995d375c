//! The storage contract and the multi-writer guarantees, checked against a real PostgreSQL
//! server: the one `CERTPATH_TEST_POSTGRES_URL` names (`scripts/with-postgres` starts a throwaway
//! one and sets it). Each test works in a database of its own, created here and dropped after.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use storage::{
    AppendEvent, AttemptFilter, Finish, ItemCalibration, NewAttempt, Outcome, ReviewRecord,
    Storage, StorageError,
};
use storage_postgres::testing::{TestDatabase, with_database};
use storage_postgres::{PoolOptions, PostgresStorage};
use storage_sqlite::SqliteStorage;
use time::OffsetDateTime;
use time::macros::datetime;

const START: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

fn new_attempt(id: &str) -> NewAttempt {
    NewAttempt {
        id: id.into(),
        user: Some("ana".into()),
        exam: "SAA-C03".into(),
        mode: "exam".into(),
        seed: 7,
        outline: "{}".into(),
        started_at: START,
        deadline: None,
    }
}

fn applied_migrations(db: &TestDatabase) -> Vec<i32> {
    db.client()
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .expect("read schema_migrations")
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[test]
fn the_conformance_suite_passes_on_a_fresh_database() {
    let db = TestDatabase::new();
    storage::conformance::check_all(&db.store());
}

#[test]
fn data_survives_reconnecting_and_migrations_apply_once() {
    let db = TestDatabase::new();
    storage::conformance::check_all(&db.store());
    let store = db.store();
    let again = db.store();
    assert_eq!(
        store.attempt("e1").unwrap().expect("kept").events.len(),
        50,
        "a second connect keeps the data"
    );
    assert_eq!(
        again.attempts(&AttemptFilter::default()).unwrap().len(),
        store.attempts(&AttemptFilter::default()).unwrap().len()
    );
    assert_eq!(applied_migrations(&db), [1, 2, 3, 4], "each migration once");
}

#[test]
fn stores_starting_at_the_same_time_migrate_the_database_once() {
    let db = TestDatabase::new();
    let starters = 4;
    let barrier = Arc::new(Barrier::new(starters));
    let results: Vec<Result<PostgresStorage, StorageError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..starters)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                let url = db.url().to_owned();
                scope.spawn(move || {
                    barrier.wait();
                    PostgresStorage::connect(&url)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let stores: Vec<PostgresStorage> = results
        .into_iter()
        .map(|r| r.expect("every store starts"))
        .collect();
    assert_eq!(applied_migrations(&db), [1, 2, 3, 4], "each migration once");
    stores[0].create_attempt(&new_attempt("m1")).unwrap();
    assert!(
        stores[3].attempt("m1").unwrap().is_some(),
        "they share one database"
    );
}

#[test]
fn two_stores_racing_for_each_sequence_number_never_both_win() {
    race_for_each_sequence_number(&TestDatabase::new());
}

#[test]
fn the_race_has_one_winner_even_where_transactions_default_to_serializable() {
    let db = TestDatabase::new();
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET default_transaction_isolation TO 'serializable'",
            db.name()
        ))
        .unwrap();
    race_for_each_sequence_number(&db);
}

/// Two stores try every sequence number at the same moment: one wins, the other is told the
/// next number, and the log keeps the winner's events.
fn race_for_each_sequence_number(db: &TestDatabase) {
    let stores = [db.store(), db.store()];
    stores[0].create_attempt(&new_attempt("race")).unwrap();
    let rounds = 100u32;
    let barrier = Barrier::new(2);
    // Per writer: for each round, whether its append was taken.
    let outcomes: Vec<Vec<Result<(), StorageError>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .iter()
            .enumerate()
            .map(|(writer, store)| {
                let barrier = &barrier;
                scope.spawn(move || {
                    (0..rounds)
                        .map(|seq| {
                            barrier.wait();
                            let event = format!(r#"{{"writer":{writer},"seq":{seq}}}"#);
                            store.append_event("race", seq, START, &event)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let log = stores[1].attempt("race").unwrap().expect("exists").events;
    assert_eq!(log.len(), rounds as usize, "one event per round");
    for seq in 0..rounds {
        let round: Vec<&Result<(), StorageError>> =
            outcomes.iter().map(|w| &w[seq as usize]).collect();
        let winners: Vec<usize> = (0..2).filter(|&w| round[w].is_ok()).collect();
        assert_eq!(
            winners.len(),
            1,
            "round {seq}: exactly one wins, got {round:?}"
        );
        let loser = 1 - winners[0];
        assert!(
            matches!(round[loser], Err(StorageError::Conflict { given, expected, .. }) if *given == seq && *expected == seq + 1),
            "round {seq}: the other is told the next number, got {:?}",
            round[loser]
        );
        let event = &log[seq as usize];
        assert_eq!(event.seq, seq, "no gaps, no duplicates");
        assert_eq!(
            event.event,
            format!(r#"{{"writer":{},"seq":{seq}}}"#, winners[0]),
            "the winner's event is the one kept"
        );
    }
}

#[test]
fn two_stores_appending_freely_keep_one_log_without_gaps_or_duplicates() {
    let db = TestDatabase::new();
    let stores = [db.store(), db.store()];
    stores[0].create_attempt(&new_attempt("free")).unwrap();
    let total = 200u32;
    let deadline = Instant::now() + Duration::from_secs(120);
    // Each writer keeps appending at the number it believes is next, learning the real one
    // from each conflict, until the log is full.
    let taken: Vec<Vec<u32>> = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .iter()
            .enumerate()
            .map(|(writer, store)| {
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    let mut next = 0u32;
                    while next < total {
                        assert!(Instant::now() < deadline, "the writers made no progress");
                        let event = format!(r#"{{"writer":{writer},"seq":{next}}}"#);
                        match store.append_event("free", next, START, &event) {
                            Ok(()) => {
                                mine.push(next);
                                next += 1;
                            }
                            Err(StorageError::Conflict {
                                given, expected, ..
                            }) => {
                                assert_eq!(given, next);
                                assert!(expected > next, "a conflict only moves forward");
                                next = expected;
                            }
                            Err(other) => panic!("writer {writer}: {other:?}"),
                        }
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let log = stores[0].attempt("free").unwrap().expect("exists").events;
    assert_eq!(
        log.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (0..total).collect::<Vec<_>>(),
        "the log is 0, 1, 2, ... with no gaps or duplicates"
    );
    let mut all: Vec<u32> = taken.concat();
    all.sort_unstable();
    assert_eq!(
        all,
        (0..total).collect::<Vec<_>>(),
        "each number was won exactly once"
    );
    for (writer, seqs) in taken.iter().enumerate() {
        for &seq in seqs {
            assert_eq!(
                log[seq as usize].event,
                format!(r#"{{"writer":{writer},"seq":{seq}}}"#)
            );
        }
    }
}

#[test]
fn finishing_while_another_store_appends_closes_the_log_for_both() {
    let db = TestDatabase::new();
    let stores = [db.store(), db.store()];
    stores[0].create_attempt(&new_attempt("close")).unwrap();
    let barrier = Barrier::new(2);
    let finish = Finish {
        finished_at: START,
        outcome: Outcome::Submitted,
        scaled_score: Some(700),
        passed: Some(true),
        report: "{}".into(),
    };
    let (appended, finished) = std::thread::scope(|scope| {
        let appender = scope.spawn(|| {
            barrier.wait();
            let mut appended = 0u32;
            loop {
                match stores[0].append_event("close", appended, START, "{}") {
                    Ok(()) => appended += 1,
                    Err(StorageError::Finished(_)) => return appended,
                    Err(other) => panic!("append: {other:?}"),
                }
            }
        });
        let finisher = scope.spawn(|| {
            barrier.wait();
            std::thread::sleep(Duration::from_millis(50));
            stores[1].finish_attempt("close", &finish)
        });
        (appender.join().unwrap(), finisher.join().unwrap())
    });
    finished.expect("finish");
    let stored = stores[1].attempt("close").unwrap().expect("exists");
    assert_eq!(
        stored.events.len() as u32,
        appended,
        "every taken event is kept"
    );
    assert_eq!(stored.finish, Some(finish));
}

#[test]
fn a_database_with_a_newer_schema_is_refused() {
    let db = TestDatabase::new();
    drop(db.store());
    db.client()
        .execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, '0099_future', 0, 0)",
            &[],
        )
        .unwrap();
    match PostgresStorage::connect(db.url()) {
        Err(StorageError::Database(message)) => {
            assert!(message.contains("newer"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_edited_migration_is_refused() {
    let db = TestDatabase::new();
    drop(db.store());
    db.client()
        .execute(
            "UPDATE schema_migrations SET checksum = checksum + 1 WHERE version = 2",
            &[],
        )
        .unwrap();
    match PostgresStorage::connect(db.url()) {
        Err(StorageError::Database(message)) => {
            assert!(message.contains("must not be edited"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn values_read_back_exactly_as_from_sqlite() {
    let db = TestDatabase::new();
    let postgres = db.store();
    let sqlite = SqliteStorage::open_in_memory().unwrap();
    let stores: [&dyn Storage; 2] = [&postgres, &sqlite];
    let odd_time = datetime!(2026-12-01 10:00:00.123_456_789 +05:30);
    let before_1970 = datetime!(1969-07-20 20:17:40.000_000_5 UTC);
    let attempt = NewAttempt {
        id: "v1".into(),
        user: None,
        exam: "SAA-C03".into(),
        mode: "practice".into(),
        seed: u64::MAX,
        outline: r#"{"items":["ä","😀"]}"#.into(),
        started_at: odd_time,
        deadline: Some(before_1970),
    };
    let finish = Finish {
        finished_at: odd_time,
        outcome: Outcome::TimedOut,
        scaled_score: Some(u32::MAX),
        passed: Some(false),
        report: "{}".into(),
    };
    let review = ReviewRecord {
        user: None,
        item: "q1".into(),
        exam: "SAA-C03".into(),
        at: before_1970,
        rating: 4,
        source: "study".into(),
    };
    let calibration = ItemCalibration {
        item: "q1".into(),
        model: "3PL".into(),
        a: 1.0 / 3.0,
        b: -1e-300,
        c: 0.2,
        se_a: None,
        se_b: Some(f64::MAX),
        se_c: Some(f64::MIN_POSITIVE),
        responses: u32::MAX,
        facility: None,
        discrimination: Some(-0.0),
        calibrated_at: odd_time,
    };
    for store in stores {
        store.create_attempt(&attempt).unwrap();
        store.append_event("v1", 0, before_1970, "{}").unwrap();
        store.finish_attempt("v1", &finish).unwrap();
        store.add_reviews(std::slice::from_ref(&review)).unwrap();
        store
            .save_calibrations(std::slice::from_ref(&calibration))
            .unwrap();
    }
    let read = |store: &dyn Storage| {
        (
            store.attempt("v1").unwrap().expect("exists"),
            store.attempts(&AttemptFilter::default()).unwrap(),
            store.reviews(None).unwrap(),
            store.calibrations().unwrap(),
        )
    };
    let (pg, lite) = (read(&postgres), read(&sqlite));
    assert_eq!(pg, lite, "both stores give back the same values");
    assert_eq!(pg.0.attempt.seed, u64::MAX);
    assert_eq!(
        pg.0.attempt.started_at,
        datetime!(2026-12-01 04:30:00.123_456 UTC),
        "times keep microseconds, in UTC"
    );
    let raw: i64 = db
        .client()
        .query_one("SELECT started_at FROM attempts WHERE id = 'v1'", &[])
        .unwrap()
        .get(0);
    assert_eq!(raw, 1_796_099_400_123_456, "stored as Unix microseconds");
}

#[test]
fn ids_sort_byte_by_byte_like_sqlite_whatever_the_database_collation() {
    // A database whose default collation puts "a" before "B"; the ids must still sort by
    // bytes ("B" < "a" < "é"), as SQLite sorts them.
    let db = TestDatabase::with_options("LOCALE_PROVIDER icu ICU_LOCALE 'und' LOCALE 'C'")
        .unwrap_or_else(|e| {
            eprintln!("no ICU collation on this server ({e}); using its default collation");
            TestDatabase::new()
        });
    let postgres = db.store();
    let sqlite = SqliteStorage::open_in_memory().unwrap();
    let ids = ["a", "B", "é", "Z", "b", "aa", "A"];
    for store in [&postgres as &dyn Storage, &sqlite] {
        for id in ids {
            store.create_attempt(&new_attempt(id)).unwrap();
        }
        let calibrations: Vec<ItemCalibration> = ids
            .iter()
            .map(|id| ItemCalibration {
                item: (*id).into(),
                model: "Rasch".into(),
                a: 1.0,
                b: 0.0,
                c: 0.0,
                se_a: None,
                se_b: None,
                se_c: None,
                responses: 1,
                facility: None,
                discrimination: None,
                calibrated_at: START,
            })
            .collect();
        store.save_calibrations(&calibrations).unwrap();
    }
    let listed = |store: &dyn Storage| -> (Vec<String>, Vec<String>) {
        (
            store
                .attempts(&AttemptFilter::default())
                .unwrap()
                .into_iter()
                .map(|a| a.id)
                .collect(),
            store
                .calibrations()
                .unwrap()
                .into_iter()
                .map(|c| c.item)
                .collect(),
        )
    };
    let (pg, lite) = (listed(&postgres), listed(&sqlite));
    assert_eq!(pg, lite);
    assert_eq!(pg.1, ["A", "B", "Z", "a", "aa", "b", "é"]);
}

#[test]
fn text_postgres_cannot_hold_is_an_error_not_a_panic() {
    let db = TestDatabase::new();
    let store = db.store();
    let mut attempt = new_attempt("nul");
    attempt.outline = "before\0after".into();
    assert!(matches!(
        store.create_attempt(&attempt),
        Err(StorageError::Database(_))
    ));
    assert!(
        store.attempt("nul").unwrap().is_none(),
        "nothing was stored"
    );
}

#[test]
fn a_server_that_is_not_there_is_an_error_not_a_hang() {
    let started = Instant::now();
    // Port 1 on this machine: nothing listens there, so the connection is refused.
    match PostgresStorage::connect("postgres://certpath:secret@127.0.0.1:1/certpath") {
        Err(StorageError::Database(message)) => {
            assert!(message.contains("cannot connect"), "{message}");
            assert!(
                !message.contains("secret"),
                "no password in messages: {message}"
            );
        }
        other => panic!("expected an error, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(matches!(
        PostgresStorage::connect("postgres://127.0.0.1:notaport/x"),
        Err(StorageError::Database(_))
    ));
}

#[test]
fn urls_name_the_test_database() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database("postgresql://u:p@h/db?sslmode=disable", "t1"),
        "postgresql://u:p@h/t1?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:1?connect_timeout=3", "t1"),
        "postgres://h:1/t1?connect_timeout=3"
    );
    assert_eq!(
        with_database("host=/tmp user=postgres", "t1"),
        "host=/tmp user=postgres dbname=t1"
    );
}

#[test]
fn writers_sharing_one_connection_still_have_one_winner_per_number() {
    // A pool of one: the two racers take turns on one connection and its prepared statements.
    let db = TestDatabase::new();
    let store = PostgresStorage::connect_with(db.url(), &PoolOptions { max_size: 1 }).unwrap();
    store.create_attempt(&new_attempt("one")).unwrap();
    let barrier = Barrier::new(2);
    let wins: Vec<u32> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    (0..50u32)
                        .map(|seq| {
                            barrier.wait();
                            match store.append_event("one", seq, START, "{}") {
                                Ok(()) => 1,
                                Err(StorageError::Conflict { expected, .. }) => {
                                    assert_eq!(expected, seq + 1);
                                    0
                                }
                                Err(other) => panic!("{other:?}"),
                            }
                        })
                        .sum()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(wins.iter().sum::<u32>(), 50, "one winner per number");
    assert_eq!(store.attempt("one").unwrap().unwrap().events.len(), 50);
}

#[test]
fn connections_the_server_closed_while_idle_are_replaced() {
    let db = TestDatabase::new();
    let store = PostgresStorage::connect_with(db.url(), &PoolOptions { max_size: 2 }).unwrap();
    store.create_attempt(&new_attempt("idle")).unwrap();
    store.append_event("idle", 0, START, "{}").unwrap();
    // As a server restart would: every connection of the store is ended.
    let ended: i64 = db
        .client()
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()) t",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(ended >= 1, "the store had a connection");
    // Longer than a connection may sit idle unchecked.
    std::thread::sleep(Duration::from_secs(6));
    store
        .append_event("idle", 1, START, "{}")
        .expect("a new connection");
    assert_eq!(store.attempt("idle").unwrap().unwrap().events.len(), 2);
}

/// A small deterministic generator (xorshift64*), so the race test needs no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[test]
fn batches_single_appends_and_finishes_racing_keep_every_log_whole() {
    // Three stores, as three server instances: two append batches spanning many attempts (in
    // shuffled order, so their locks would deadlock if not taken in a fixed order), one
    // appends one event at a time, and a fourth thread finishes attempts meanwhile.
    let db = TestDatabase::new();
    let stores = [db.store(), db.store(), db.store()];
    let attempts: Vec<String> = (0..24).map(|i| format!("mix-{i:02}")).collect();
    for id in &attempts {
        stores[0].create_attempt(&new_attempt(id)).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let rounds = 150;
    let finish = Finish {
        finished_at: START,
        outcome: Outcome::Submitted,
        scaled_score: Some(700),
        passed: Some(true),
        report: "{}".into(),
    };
    // Per writer: every (attempt, seq) it was told is taken; and the finished attempts, each
    // with the length of its log right after the finish.
    type Taken = Vec<(String, u32)>;
    let (taken, finished): (Vec<Taken>, Vec<(String, usize)>) = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..3usize)
            .map(|writer| {
                let (store, attempts) = (&stores[writer], &attempts);
                scope.spawn(move || {
                    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (writer as u64 + 1));
                    let mut next = vec![0u32; attempts.len()];
                    let mut closed = vec![false; attempts.len()];
                    let mut mine = Vec::new();
                    for round in 0..rounds {
                        assert!(Instant::now() < deadline, "the writers made no progress");
                        // Writer 2 appends one event a time; the others, batches of up to
                        // 40 events over up to 12 attempts, 1 to 4 events each, sometimes
                        // with a repeated or a gapped number among them.
                        let mut batch = Vec::new();
                        let mut index = Vec::new();
                        let spread = if writer == 2 { 1 } else { 1 + rng.below(12) };
                        for _ in 0..spread {
                            let a = rng.below(attempts.len() as u64) as usize;
                            let run = if writer == 2 {
                                1
                            } else {
                                1 + rng.below(4) as u32
                            };
                            for k in 0..run {
                                let mut seq = next[a] + k;
                                if writer != 2 && rng.below(20) == 0 {
                                    seq += 2; // a gap
                                }
                                batch.push(AppendEvent {
                                    attempt: attempts[a].clone(),
                                    seq,
                                    at: START,
                                    event: format!(r#"{{"w":{writer},"r":{round},"s":{seq}}}"#),
                                });
                                index.push(a);
                            }
                        }
                        let results = store.append_events(&batch);
                        assert_eq!(results.len(), batch.len());
                        for ((e, &a), result) in batch.iter().zip(&index).zip(results) {
                            match result {
                                Ok(()) => {
                                    assert!(!closed[a], "{e:?} taken after a Finished");
                                    mine.push((e.attempt.clone(), e.seq));
                                    next[a] = next[a].max(e.seq + 1);
                                }
                                Err(StorageError::Conflict {
                                    given, expected, ..
                                }) => {
                                    assert_eq!(given, e.seq);
                                    assert!(
                                        expected >= next[a],
                                        "{e:?}: told {expected}, but {} was taken",
                                        next[a]
                                    );
                                    next[a] = expected;
                                }
                                Err(StorageError::Finished(id)) => {
                                    assert_eq!(id, e.attempt);
                                    closed[a] = true;
                                }
                                Err(other) => panic!("writer {writer}: {e:?}: {other:?}"),
                            }
                        }
                    }
                    mine
                })
            })
            .collect();
        let finisher = scope.spawn(|| {
            let mut done = Vec::new();
            for id in attempts.iter().step_by(3) {
                std::thread::sleep(Duration::from_millis(40));
                stores[0].finish_attempt(id, &finish).expect("finish");
                // The log as the finish left it: nothing may land after.
                let events = stores[0].attempt(id).unwrap().expect("exists").events.len();
                done.push((id.clone(), events));
            }
            done
        });
        (
            writers.into_iter().map(|h| h.join().unwrap()).collect(),
            finisher.join().unwrap(),
        )
    });
    let mut all: Vec<(String, u32)> = taken.concat();
    all.sort();
    for id in &attempts {
        let stored = stores[1].attempt(id).unwrap().expect("exists");
        let seqs: Vec<u32> = stored.events.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs,
            (0..seqs.len() as u32).collect::<Vec<_>>(),
            "{id}: no gaps, no duplicates"
        );
        let acknowledged: Vec<u32> = all
            .iter()
            .filter(|(a, _)| a == id)
            .map(|&(_, s)| s)
            .collect();
        assert_eq!(
            acknowledged, seqs,
            "{id}: each kept event was taken exactly once"
        );
        for e in &stored.events {
            assert!(e.event.ends_with(&format!(r#""s":{}}}"#, e.seq)), "{e:?}");
        }
        let at_finish = finished.iter().find(|(a, _)| a == id).map(|&(_, n)| n);
        assert_eq!(stored.finish.is_some(), at_finish.is_some(), "{id}");
        if let Some(n) = at_finish {
            assert_eq!(n, stored.events.len(), "{id}: no event after the finish");
        }
    }
    assert!(all.len() > 500, "the writers wrote: {}", all.len());
}
