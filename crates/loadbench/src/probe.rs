//! Where an answer's time goes, seen from outside: one connection, one request at a time,
//! routes that do successively more of what an answer does. The differences between their
//! latencies are the costs of the steps (the server is otherwise idle).
//!
//! | probe | what the server does |
//! |---|---|
//! | `GET /health` | HTTP, routing, middleware; no session |
//! | `GET /api/v1/history` | + the session lookup (a database read) and a short listing |
//! | `PUT answers/{past the end}` | + loading the attempt and replaying its log; refused, nothing written |
//! | `PUT flags/1` | + applying an event and its durable append |
//! | `PUT answers/1` | the answer itself |
//! | `GET /api/v1/attempts/{id}` | load and replay, and the whole attempt as JSON |
//!
//! The refused answer is probed again at the end, after the appends made the log longer, to
//! show what replaying a longer log costs.

use crate::http::{Connection, Target};
use crate::stats::Summary;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// One probe's latencies.
#[derive(Debug)]
pub struct Probe {
    /// What was sent.
    pub name: String,
    /// The attempt's log length when the probe began (0 for routes without an attempt).
    pub events: u64,
    /// Latencies of the requests that got the expected status.
    pub summary: Summary,
    /// Requests with another status or a connection error.
    pub errors: u64,
}

/// Runs every probe `repeat` times; `Err` when no attempt could be started.
pub async fn run(
    target: Arc<Target>,
    exam: &str,
    kind: &str,
    repeat: usize,
) -> Result<Vec<Probe>, String> {
    let mut connection = Connection::new(target);
    let body = serde_json::json!({ "exam": exam, "kind": kind }).to_string();
    let started = connection
        .send("POST", "/api/v1/attempts", None, Some(body.as_bytes()))
        .await
        .map_err(|e| format!("probe: cannot start an attempt: {e}"))?;
    if started.status != 201 {
        return Err(format!(
            "probe: starting an attempt: HTTP {} {}",
            started.status,
            started.snippet()
        ));
    }
    let cookie = started.session.clone().ok_or("probe: no session cookie")?;
    let attempt: Value =
        serde_json::from_slice(&started.body).map_err(|e| format!("probe: bad JSON: {e}"))?;
    let id = attempt["id"]
        .as_str()
        .ok_or("probe: no attempt id")?
        .to_owned();
    let questions = attempt["questions"].as_array().map_or(0, Vec::len);
    let first = &attempt["questions"][0];
    let answer = match first["kind"].as_str() {
        Some("ordering") => {
            let n = first["options"].as_array().map_or(0, Vec::len);
            serde_json::json!({ "order": (0..n).collect::<Vec<_>>() })
        }
        Some("matching") => {
            let n = first["prompts"].as_array().map_or(0, Vec::len);
            serde_json::json!({ "matches": vec![0; n] })
        }
        Some("multiple") => {
            let n = first["select"].as_u64().unwrap_or(1);
            serde_json::json!({ "choices": (0..n).collect::<Vec<_>>() })
        }
        _ => serde_json::json!({ "choices": [0] }),
    };
    let answer_body = serde_json::json!({ "answer": answer }).to_string();
    let past_end = format!("/api/v1/attempts/{id}/answers/{}", questions + 1);
    let flag = format!("/api/v1/attempts/{id}/flags/1");
    let answer_path = format!("/api/v1/attempts/{id}/answers/1");
    let attempt_path = format!("/api/v1/attempts/{id}");

    let mut events = 1u64;
    let mut probes = Vec::new();
    type Step<'a> = (&'a str, &'a str, &'a str, Option<Vec<u8>>, u16, bool, u64);
    let steps: Vec<Step<'_>> = vec![
        ("GET /health", "GET", "/health", None, 200, false, 0),
        (
            "GET /api/v1/history",
            "GET",
            "/api/v1/history",
            None,
            200,
            false,
            0,
        ),
        (
            "PUT answers/{past the end} (404)",
            "PUT",
            &past_end,
            Some(answer_body.clone().into_bytes()),
            404,
            false,
            1,
        ),
        (
            "GET /api/v1/attempts/{id}",
            "GET",
            &attempt_path,
            None,
            200,
            false,
            1,
        ),
        ("PUT flags/1", "PUT", &flag, None, 200, true, 1),
        (
            "PUT answers/1",
            "PUT",
            &answer_path,
            Some(answer_body.clone().into_bytes()),
            200,
            true,
            1,
        ),
        (
            "PUT answers/{past the end} (404), longer log",
            "PUT",
            &past_end,
            Some(answer_body.into_bytes()),
            404,
            false,
            1,
        ),
    ];
    for (name, method, path, body, expected, appends, with_attempt) in steps {
        let mut latencies = Vec::with_capacity(repeat);
        let mut errors = 0;
        let at_start = events * with_attempt;
        for i in 0..repeat {
            let flag_body;
            let body = match (&body, path == flag) {
                (_, true) => {
                    flag_body = format!("{{\"flagged\":{}}}", i % 2 == 0).into_bytes();
                    Some(flag_body.as_slice())
                }
                (Some(b), false) => Some(b.as_slice()),
                (None, false) => None,
            };
            let sent = Instant::now();
            let result = connection.send(method, path, Some(&cookie), body).await;
            let elapsed = sent.elapsed();
            match result {
                Ok(r) if r.status == expected => {
                    latencies.push(u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX));
                    if appends {
                        events += 1;
                    }
                }
                _ => errors += 1,
            }
        }
        probes.push(Probe {
            name: name.to_owned(),
            events: at_start,
            summary: Summary::of(&mut latencies),
            errors,
        });
    }
    Ok(probes)
}
