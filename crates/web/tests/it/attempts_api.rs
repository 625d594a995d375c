//! The attempts JSON API: a whole exam, and its errors with their stable codes.

use crate::Browser;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_whole_exam_through_the_json_api() {
    let mut client = Browser::fresh();
    let started = client
        .json(
            "POST",
            "/api/v1/attempts",
            json!({"exam": "SAA-C03", "kind": "exam"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    assert!(
        client.cookie.is_some(),
        "the first call gives the client a session"
    );
    let attempt = started.json();
    let id = attempt["id"].as_str().expect("an id").to_owned();
    assert_eq!(attempt["status"], "in_progress");
    assert_eq!(attempt["remaining_seconds"], 130 * 60);
    let questions = attempt["questions"].as_array().expect("questions");
    assert_eq!(questions.len(), 65);
    assert!(questions.iter().all(|q| q["solution"].is_null()));

    let report_early = client.get(&format!("/api/v1/attempts/{id}/report")).await;
    assert_eq!(report_early.status, StatusCode::CONFLICT);
    assert_eq!(report_early.json()["error"]["code"], "refused");

    let mut events = attempt["events"].as_u64().expect("events");
    for q in questions {
        let number = q["number"].as_u64().expect("number");
        let options = q["options"].as_array().expect("options").len() as u8;
        let answer = match q["kind"].as_str().expect("kind") {
            "single" => json!({"choices": [0]}),
            "multiple" => {
                let n = q["select"].as_u64().unwrap_or(2) as u8;
                json!({"choices": (0..n).collect::<Vec<u8>>()})
            }
            "ordering" => json!({"order": (0..options).collect::<Vec<u8>>()}),
            _ => {
                let prompts = q["prompts"].as_array().expect("prompts").len();
                json!({"matches": vec![0u8; prompts]})
            }
        };
        let ack = client
            .json(
                "PUT",
                &format!("/api/v1/attempts/{id}/answers/{number}"),
                json!({"answer": answer}),
            )
            .await;
        assert_eq!(
            ack.status,
            StatusCode::OK,
            "question {number}: {}",
            ack.body
        );
        let ack = ack.json();
        assert_eq!(ack["recorded"], true);
        let now = ack["events"].as_u64().expect("events");
        assert!(now > events, "every acknowledged answer adds to the log");
        events = now;
    }
    let state = client.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert_eq!(state["answered"], 65);

    let report = client
        .json("POST", &format!("/api/v1/attempts/{id}/submit"), json!({}))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let report = report.json();
    assert_eq!(report["answered"], 65);
    assert_eq!(
        report["scale_label"],
        "practice-scale estimate, not an AWS score"
    );
    assert!(
        report["scaled"]
            .as_u64()
            .is_some_and(|s| (100..=1000).contains(&s))
    );
    let history = client.get("/api/v1/history").await.json();
    assert_eq!(history[0]["id"], id);
    assert_eq!(history[0]["outcome"], "submitted");
    assert_eq!(history[0]["scaled_score"], report["scaled"]);
    let solved = client.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert!(solved["questions"][0]["solution"]["explanation"].is_string());
}

#[tokio::test]
async fn api_errors_have_stable_codes() {
    let mut client = Browser::fresh();
    let id = client
        .json(
            "POST",
            "/api/v1/attempts",
            json!({"exam": "CLF-C02", "kind": "quiz"}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let cases = [
        (
            "POST",
            "/api/v1/attempts".to_owned(),
            json!({"exam": "SAA-C99"}),
            StatusCode::NOT_FOUND,
            "unknown-exam",
        ),
        (
            "POST",
            "/api/v1/attempts".to_owned(),
            json!({"exam": "CLF-C02", "kind": "nap"}),
            StatusCode::BAD_REQUEST,
            "bad-request",
        ),
        (
            "POST",
            "/api/v1/attempts".to_owned(),
            json!({"kind": "exam"}),
            StatusCode::BAD_REQUEST,
            "bad-request",
        ),
        (
            "POST",
            "/api/v1/attempts".to_owned(),
            json!({"exam": "DVA-C02", "kind": "exam"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "cannot-assemble",
        ),
        (
            "PUT",
            format!("/api/v1/attempts/{id}/answers/11"),
            json!({"answer": {"choices": [0]}}),
            StatusCode::NOT_FOUND,
            "unknown-question",
        ),
        (
            "PUT",
            format!("/api/v1/attempts/{id}/answers/1"),
            json!({"answer": {"choices": [9]}}),
            StatusCode::CONFLICT,
            "refused",
        ),
        (
            "PUT",
            format!("/api/v1/attempts/{id}/answers/1"),
            json!({"answer": "B"}),
            StatusCode::BAD_REQUEST,
            "bad-request",
        ),
        (
            "PUT",
            "/api/v1/attempts/nope/answers/1".to_owned(),
            json!({"answer": {"choices": [0]}}),
            StatusCode::NOT_FOUND,
            "unknown-attempt",
        ),
    ];
    let unknown = client
        .json("POST", "/api/v1/attempts", json!({"exam": "SAA-C99"}))
        .await
        .json();
    assert_eq!(unknown["error"]["suggestion"], "SAA-C03");
    assert!(
        unknown["error"]["accepted"]
            .as_array()
            .is_some_and(|codes| codes.iter().any(|c| c == "CLF-C02")),
        "the accepted codes are listed"
    );
    for (method, uri, body, status, code) in cases {
        let reply = client.json(method, &uri, body.clone()).await;
        assert_eq!(
            reply.status, status,
            "{method} {uri} {body}: {}",
            reply.body
        );
        assert_eq!(reply.json()["error"]["code"], code, "{method} {uri} {body}");
        assert!(
            reply.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
}
