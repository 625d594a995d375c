//! The store's own throughput, without HTTP: `THREADS` threads (default 64) each append events
//! to an attempt of their own, one session lookup before each append (as the web app's answer
//! does), for `SECONDS` seconds (default 5), on a fresh database of the test server.
//!
//! ```text
//! scripts/with-postgres cargo run --release -p storage-postgres --example append_load
//! THREADS=256 SECONDS=10 scripts/with-postgres cargo run --release -p storage-postgres --example append_load
//! ```

use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use storage::{NewAttempt, Storage, WebSession};
use storage_postgres::testing::TestDatabase;
use time::OffsetDateTime;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let threads = setting("THREADS", 64) as usize;
    let seconds = setting("SECONDS", 5);
    let db = TestDatabase::new();
    let store = db.store();
    let now = OffsetDateTime::now_utc();
    for t in 0..threads {
        store
            .create_attempt(&NewAttempt {
                id: format!("load-{t}"),
                user: None,
                exam: "CLF-C02".into(),
                mode: "exam".into(),
                seed: t as u64,
                outline: "{}".into(),
                started_at: now,
                deadline: None,
            })
            .expect("create attempt");
        store
            .create_session(&WebSession {
                id: format!("session-{t}"),
                user: None,
                guest: format!("guest-{t}"),
                csrf: "csrf".into(),
                created_at: now,
                expires_at: now + time::Duration::days(1),
            })
            .expect("create session");
    }
    let appends = AtomicU64::new(0);
    let latency_us = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let barrier = Barrier::new(threads + 1);
    let elapsed = std::thread::scope(|scope| {
        for t in 0..threads {
            let (store, appends, latency_us, stop, barrier) =
                (&store, &appends, &latency_us, &stop, &barrier);
            scope.spawn(move || {
                let attempt = format!("load-{t}");
                let session = format!("session-{t}");
                barrier.wait();
                let mut seq = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    store
                        .session(&session, OffsetDateTime::now_utc())
                        .expect("session")
                        .expect("a live session");
                    store
                        .append_event(
                            &attempt,
                            seq,
                            OffsetDateTime::now_utc(),
                            r#"{"answer":[1]}"#,
                        )
                        .expect("append");
                    latency_us.fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
                    appends.fetch_add(1, Ordering::Relaxed);
                    seq += 1;
                }
            });
        }
        barrier.wait();
        let started = Instant::now();
        std::thread::sleep(Duration::from_secs(seconds));
        stop.store(true, Ordering::Relaxed);
        started.elapsed()
    });
    let n = appends.load(Ordering::Relaxed);
    println!(
        "{threads} threads, {:.1} s: {n} session lookups + appends, {:.0}/s, mean {:.2} ms each",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        latency_us.load(Ordering::Relaxed) as f64 / n.max(1) as f64 / 1000.0
    );
}
