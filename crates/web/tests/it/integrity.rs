//! Exam integrity, route by route: before an exam-mode attempt is submitted, no response
//! (HTML or JSON) holds any option's correctness or any explanation; a learner reaches only
//! their own attempts.

use crate::{Browser, app};
use axum::http::StatusCode;

/// Pieces of every explanation of `exam`'s bank items: the longest runs of plain words,
/// which read the same in HTML and in JSON (no character there needs escaping).
fn explanation_pieces(exam: &str) -> Vec<String> {
    let catalog = catalog::Catalog::builtin().expect("catalog");
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, crate::today()),
    );
    let mut texts = Vec::new();
    for item in bank
        .items
        .iter()
        .filter(|i| i.placements.iter().any(|p| p.exam == exam))
    {
        texts.push(item.explanation.clone());
        match &item.body {
            bank::Body::Choices(choices) => {
                texts.extend(choices.iter().map(|c| c.explanation.clone()));
            }
            bank::Body::Steps(_) | bank::Body::Pairs(_) => {}
        }
    }
    let mut pieces: Vec<String> = texts
        .iter()
        .filter_map(|text| {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == ' ' || c == ','))
                .map(str::trim)
                .max_by_key(|run| run.len())
                .filter(|run| run.len() >= 30)
                .map(str::to_owned)
        })
        .collect();
    pieces.sort();
    pieces.dedup();
    assert!(
        pieces.len() > 100,
        "enough explanation text to look for: {}",
        pieces.len()
    );
    pieces
}

/// Panics when `body` (from `route`) shows a key or an explanation.
fn assert_no_key(route: &str, body: &str, pieces: &[String]) {
    for marker in [
        "class=\"solution\"",
        "Correct answer",
        "option key",
        "option-explanation",
        "\"solution\":{",
        "\"correct\":",
        "\"key\":",
        "\"explanation\":",
    ] {
        assert!(
            !body.contains(marker),
            "{route} shows `{marker}` before submission"
        );
    }
    for piece in pieces {
        assert!(
            !body.contains(piece.as_str()),
            "{route} contains explanation text before submission: {piece:?}"
        );
    }
}

#[tokio::test]
async fn no_exam_mode_response_before_submission_holds_a_key_or_an_explanation() {
    let pieces = explanation_pieces("CLF-C02");
    let mut browser = Browser::new(app());
    let practice = browser.get("/practice").await;
    assert_no_key("GET /practice", &practice.body, &pieces);
    let id = browser.start("CLF-C02", "exam").await;
    let csrf = browser.csrf(&format!("/attempts/{id}/q/1")).await;
    let mut routes = 0;
    for n in 1..=65 {
        let uri = format!("/attempts/{id}/q/{n}");
        let page = browser.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert_no_key(&format!("GET {uri}"), &page.body, &pieces);
        // Answer, flag and check (which exam mode ignores) through the form.
        for action in ["save", "flag", "check"] {
            let reply = browser
                .post_form(
                    &uri,
                    &[
                        ("csrf", &csrf),
                        ("answered", "1"),
                        ("choice", "0"),
                        ("action", action),
                    ],
                )
                .await;
            assert_no_key(&format!("POST {uri} {action}"), &reply.body, &pieces);
            routes += 1;
        }
        let after = browser.get(&uri).await;
        assert_no_key(&format!("GET {uri} after answering"), &after.body, &pieces);
        routes += 2;
    }
    for uri in [
        format!("/attempts/{id}"),
        format!("/attempts/{id}/review"),
        format!("/attempts/{id}/report"),
        "/history".to_owned(),
        format!("/api/v1/attempts/{id}"),
        format!("/api/v1/attempts/{id}/report"),
        "/api/v1/history".to_owned(),
    ] {
        let reply = browser.get(&uri).await;
        assert_no_key(&format!("GET {uri}"), &reply.body, &pieces);
        routes += 1;
    }
    let confirm = browser
        .post_form(&format!("/attempts/{id}/submit"), &[("csrf", &csrf)])
        .await;
    assert_no_key("POST submit without confirmation", &confirm.body, &pieces);
    for (method, uri, body) in [
        (
            "PUT",
            format!("/api/v1/attempts/{id}/answers/2"),
            serde_json::json!({"answer": {"choices": [1]}}),
        ),
        (
            "PUT",
            format!("/api/v1/attempts/{id}/flags/2"),
            serde_json::json!({"flagged": true}),
        ),
        (
            "DELETE",
            format!("/api/v1/attempts/{id}/answers/3"),
            serde_json::json!({}),
        ),
        (
            "PUT",
            format!("/api/v1/attempts/{id}/answers/4"),
            serde_json::json!({"answer": {"choices": [0, 1, 2]}}),
        ),
    ] {
        let reply = browser.json(method, &uri, body).await;
        assert_no_key(&format!("{method} {uri}"), &reply.body, &pieces);
        routes += 1;
    }
    assert!(routes > 300, "{routes} responses checked");

    // Once submitted, the same pages show the solutions: the check above is not vacuous.
    let done = browser
        .json(
            "POST",
            &format!("/api/v1/attempts/{id}/submit"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let solved = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(solved.body.contains("class=\"solution\""));
    assert!(
        pieces.iter().any(|p| solved.body.contains(p.as_str())),
        "a revealed question shows its explanation"
    );
    let json = browser.get(&format!("/api/v1/attempts/{id}")).await;
    assert!(json.body.contains("\"solution\":{"));
}

#[tokio::test]
async fn a_learner_reaches_only_their_own_attempts_on_every_route() {
    let app = app();
    let mut owner = Browser::new(app.clone());
    let id = owner.start("CLF-C02", "exam").await;
    let mut other = Browser::new(app.clone());
    other.sign_up("mallory", "a long enough password").await;
    let csrf = other.csrf("/practice").await;
    for uri in [
        format!("/attempts/{id}"),
        format!("/attempts/{id}/q/1"),
        format!("/attempts/{id}/review"),
        format!("/attempts/{id}/report"),
        format!("/api/v1/attempts/{id}"),
        format!("/api/v1/attempts/{id}/report"),
    ] {
        let reply = other.get(&uri).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "GET {uri}: {}",
            reply.body
        );
    }
    for uri in [
        format!("/attempts/{id}/q/1"),
        format!("/attempts/{id}/submit"),
    ] {
        let reply = other
            .post_form(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("answered", "1"),
                    ("choice", "0"),
                    ("confirm", "yes"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "POST {uri}");
    }
    for (method, uri, body) in [
        (
            "PUT",
            format!("/api/v1/attempts/{id}/answers/1"),
            serde_json::json!({"answer": {"choices": [0]}}),
        ),
        (
            "PUT",
            format!("/api/v1/attempts/{id}/flags/1"),
            serde_json::json!({"flagged": true}),
        ),
        (
            "DELETE",
            format!("/api/v1/attempts/{id}/answers/1"),
            serde_json::json!({}),
        ),
        (
            "POST",
            format!("/api/v1/attempts/{id}/submit"),
            serde_json::json!({}),
        ),
    ] {
        let reply = other.json(method, &uri, body).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {uri}");
        assert_eq!(reply.json()["error"]["code"], "unknown-attempt");
    }
    let history = other.get("/api/v1/history").await.json();
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(0),
        "nothing of the owner's is listed"
    );
    // The owner's attempt is untouched.
    let mine = owner.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert_eq!(mine["status"], "in_progress");
    assert_eq!(mine["answered"], 0);
    assert_eq!(mine["flagged"], 0);
}

#[tokio::test]
async fn the_bank_browser_is_for_authors_only() {
    let mut visitor = Browser::fresh();
    let reply = visitor.get("/bank").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    let mut learner = Browser::new(visitor.app.clone());
    learner.sign_up("lee", "a long enough password").await;
    assert_eq!(learner.get("/bank").await.status, StatusCode::FORBIDDEN);
}

/// Signs up `name` on `app` and gives the account `role` directly in the store.
async fn member_with_role(
    app: &axum::Router,
    store: &std::sync::Arc<dyn storage::Storage>,
    name: &str,
    role: storage::Role,
) -> Browser {
    let mut browser = Browser::new(app.clone());
    browser.sign_up(name, "a long enough password").await;
    let store = store.clone();
    let name = name.to_owned();
    std::thread::spawn(move || {
        let user = store.user_by_name(&name).expect("read").expect("signed up");
        store.set_role(&user.id, role).expect("role set");
    })
    .join()
    .expect("the thread");
    browser
}

#[tokio::test]
async fn authors_browse_the_bank_with_lint_results_and_item_statistics() {
    let store = crate::store();
    let clock = crate::Clock::new();
    let app = web::app(crate::state_on(store.clone(), &clock));
    let mut author = member_with_role(&app, &store, "ada", storage::Role::Author).await;
    // The instance trusts the session (and its role) it read for two seconds.
    clock.advance(time::Duration::seconds(3));
    let all = author.get("/bank").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(
        all.body.contains("of 441 items"),
        "{}",
        &all.body[..2000.min(all.body.len())]
    );
    assert!(
        all.body
            .contains("<a href=\"/bank\" aria-current=\"page\">Bank</a>")
    );
    let filtered = author
        .get("/bank?exam=SAA-C03&domain=1&status=reviewed&lint=clean")
        .await;
    assert_eq!(filtered.status, StatusCode::OK);
    let rows = filtered
        .body
        .matches("<tr><th scope=\"row\"><a href=\"/bank/")
        .count();
    assert!(rows > 10 && rows < 40, "{rows} SAA-C03 domain 1 items");
    assert!(
        !filtered.body.contains("href=\"/bank/clf-c02"),
        "only SAA-C03 items"
    );
    let searched = author.get("/bank?q=ransomware").await;
    assert!(
        searched.body.contains("saa-c03-d1-backup-vault-lock-01"),
        "search finds stems"
    );
    let by_option = author.get("/bank?q=compliance+mode").await;
    assert!(
        by_option.body.contains("saa-c03-d1-backup-vault-lock-01"),
        "search finds options"
    );
    let item = author.get("/bank/saa-c03-d1-backup-vault-lock-01").await;
    assert_eq!(item.status, StatusCode::OK);
    assert!(item.body.contains("Clean: no errors or warnings."));
    assert!(item.body.contains("(key)"));
    assert!(item.body.contains("Not calibrated yet"));
    assert!(item.body.contains("No first answers to this item yet."));
    assert_eq!(
        author.get("/bank/no-such-item").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        author.get("/admin/users").await.status,
        StatusCode::FORBIDDEN,
        "authors are not admins"
    );
}

#[tokio::test]
async fn admins_change_roles_but_not_their_own() {
    let store = crate::store();
    let clock = crate::Clock::new();
    let app = web::app(crate::state_on(store.clone(), &clock));
    let mut learner = Browser::new(app.clone());
    learner.sign_up("lou", "a long enough password").await;
    let admin = member_with_role(&app, &store, "ann", storage::Role::Admin).await;
    clock.advance(time::Duration::seconds(3));
    let mut admin = admin;
    let users = admin.get("/admin/users").await;
    assert_eq!(users.status, StatusCode::OK, "{}", users.body);
    assert!(users.body.contains("admin (you)"));
    let csrf = users.csrf();
    let lou = {
        let at = users
            .body
            .find("action=\"/admin/users/")
            .expect("a role form")
            + "action=\"".len();
        users.body[at..]
            .split('"')
            .next()
            .expect("the action")
            .to_owned()
    };
    let changed = admin
        .post_form(&lou, &[("csrf", &csrf), ("role", "author")])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    clock.advance(time::Duration::seconds(3));
    assert_eq!(
        learner.get("/bank").await.status,
        StatusCode::OK,
        "lou is an author now"
    );
    let bad = admin
        .post_form(&lou, &[("csrf", &csrf), ("role", "owner")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let forged = admin.post_form(&lou, &[("role", "admin")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let me = {
        let store = store.clone();
        std::thread::spawn(move || store.user_by_name("ann").expect("read").expect("exists").id)
            .join()
            .expect("the thread")
    };
    let own = admin
        .post_form(
            &format!("/admin/users/{me}/role"),
            &[("csrf", &csrf), ("role", "learner")],
        )
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT, "{}", own.body);
}
