//! Two server instances on one store: a browser may be sent to either at any request, and
//! each sees what the other recorded (this instance's attempt cache never serves a stale
//! state).

use crate::{Browser, Clock, state_on, store};
use axum::http::StatusCode;

#[tokio::test]
async fn an_attempt_moves_between_instances_without_losing_an_answer() {
    let store = store();
    let clock = Clock::new();
    let a = web::app(state_on(store.clone(), &clock));
    let b = web::app(state_on(store, &clock));
    let mut on_a = Browser::new(a);
    on_a.sign_up("ines", "a long enough password").await;
    let id = on_a.start("CLF-C02", "exam").await;
    let csrf = on_a.csrf(&format!("/attempts/{id}/q/1")).await;
    let mut on_b = Browser::new(b);
    on_b.cookie = on_a.cookie.clone();

    // Alternate instances question by question; each answer goes through the other's cache.
    for n in 1..=6 {
        let browser = if n % 2 == 1 { &mut on_a } else { &mut on_b };
        let choice = (n % 4).to_string();
        let reply = browser
            .post_form(
                &format!("/attempts/{id}/q/{n}"),
                &[
                    ("csrf", &csrf),
                    ("answered", "1"),
                    ("choice", &choice),
                    ("action", "next"),
                ],
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "question {n}: {}",
            reply.body
        );
    }
    // Change question 1's answer on B, then read it on A (which served question 1 before).
    let reply = on_b
        .post_form(
            &format!("/attempts/{id}/q/1"),
            &[
                ("csrf", &csrf),
                ("answered", "1"),
                ("choice", "3"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = on_a.get(&format!("/attempts/{id}/q/1")).await;
    assert!(
        page.body.contains("value=\"3\" checked"),
        "A shows B's answer"
    );
    // The same through the API.
    let flag = on_a
        .json(
            "PUT",
            &format!("/api/v1/attempts/{id}/flags/2"),
            serde_json::json!({"flagged": true}),
        )
        .await;
    assert_eq!(flag.status, StatusCode::OK, "{}", flag.body);
    let state = on_b.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert_eq!(state["answered"], 6);
    assert_eq!(state["flagged"], 1);
    assert_eq!(state["questions"][0]["answer"]["choices"][0], 3);

    // Submit on B; A knows at once.
    let done = on_b
        .post_form(
            &format!("/attempts/{id}/submit"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.location(), format!("/attempts/{id}/report"));
    let late = on_a
        .json(
            "PUT",
            &format!("/api/v1/attempts/{id}/answers/7"),
            serde_json::json!({"answer": {"choices": [0]}}),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    let report = on_a
        .get(&format!("/api/v1/attempts/{id}/report"))
        .await
        .json();
    assert_eq!(report["answered"], 6);
    let history = on_a.get("/history").await;
    assert!(history.body.contains(&format!("/attempts/{id}/report")));
}

#[tokio::test]
async fn signing_out_on_one_instance_ends_the_session_on_every_instance_within_two_seconds() {
    let store = store();
    let clock = Clock::new();
    let a = web::app(state_on(store.clone(), &clock));
    let b = web::app(state_on(store, &clock));
    let mut on_a = Browser::new(a);
    on_a.sign_up("joe", "a long enough password").await;
    let mut on_b = Browser::new(b);
    on_b.cookie = on_a.cookie.clone();
    assert!(
        on_b.get("/")
            .await
            .body
            .contains("Signed in as <strong>joe</strong>")
    );
    let csrf = on_a.csrf("/practice").await;
    on_a.post_form("/signout", &[("csrf", &csrf)]).await;
    assert!(
        !on_a.get("/").await.body.contains("Signed in as"),
        "ended at once on A"
    );
    clock.advance(time::Duration::seconds(3));
    let mut stale = Browser::new(on_b.app.clone());
    stale.cookie = on_b.cookie.clone();
    let page = stale.get("/").await;
    assert!(
        !page.body.contains("Signed in as"),
        "B reads the session again: {}",
        page.body
    );
}
