//! Many answers at once through the JSON API: every acknowledged answer is recorded, also
//! when two requests answer the same attempt at the same moment (the attempt cache and the
//! committer's batches must never lose or reorder one).

use crate::{Browser, Clock, state_on, store};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_answers_to_many_attempts_and_to_one_are_all_recorded() {
    let app = web::app(state_on(store(), &Clock::new()));
    let mut owner = Browser::new(app.clone());
    let started = owner
        .json(
            "POST",
            "/api/v1/attempts",
            json!({"exam": "CLF-C02", "kind": "exam"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED);
    let shared = started.json()["id"].as_str().expect("id").to_owned();

    // Two requests at a time on the shared attempt, each answering its own half.
    let mut tasks = Vec::new();
    for half in 0..2u64 {
        let mut browser = Browser::new(app.clone());
        browser.cookie = owner.cookie.clone();
        let id = shared.clone();
        tasks.push(tokio::spawn(async move {
            let mut acknowledged = 0;
            for number in (1..=65u64).filter(|n| n % 2 == half) {
                let reply = browser
                    .json(
                        "PUT",
                        &format!("/api/v1/attempts/{id}/answers/{number}"),
                        json!({"answer": {"choices": [0]}}),
                    )
                    .await;
                if reply.status == StatusCode::OK {
                    acknowledged += 1;
                } else {
                    // A multiple-response question wants more choices: refused, not lost.
                    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
                }
            }
            acknowledged
        }));
    }
    // Meanwhile, eight other candidates answer their own attempts.
    for _ in 0..8 {
        let mut browser = Browser::new(app.clone());
        tasks.push(tokio::spawn(async move {
            let attempt = browser
                .json(
                    "POST",
                    "/api/v1/attempts",
                    json!({"exam": "SAA-C03", "kind": "exam"}),
                )
                .await
                .json();
            let id = attempt["id"].as_str().expect("id").to_owned();
            let mut acknowledged = 0;
            for q in attempt["questions"].as_array().expect("questions") {
                let number = q["number"].as_u64().expect("number");
                let choices: Vec<u64> = (0..q["select"].as_u64().unwrap_or(1)).collect();
                let reply = browser
                    .json(
                        "PUT",
                        &format!("/api/v1/attempts/{id}/answers/{number}"),
                        json!({"answer": {"choices": choices}}),
                    )
                    .await;
                if reply.status == StatusCode::OK {
                    acknowledged += 1;
                }
            }
            let state = browser.get(&format!("/api/v1/attempts/{id}")).await.json();
            assert_eq!(
                state["answered"], acknowledged,
                "every acknowledged answer is there"
            );
            acknowledged
        }));
    }
    let mut counts = Vec::new();
    for task in tasks {
        counts.push(task.await.expect("a task"));
    }
    let shared_acknowledged = counts[0] + counts[1];
    let state = owner
        .get(&format!("/api/v1/attempts/{shared}"))
        .await
        .json();
    assert_eq!(
        state["answered"], shared_acknowledged,
        "both halves' acknowledged answers are in the shared attempt"
    );
    assert!(
        shared_acknowledged > 40,
        "most CLF-C02 questions take one choice"
    );
    for count in &counts[2..] {
        assert_eq!(
            *count, 65,
            "every SAA-C03 answer had the right number of choices"
        );
    }
}
