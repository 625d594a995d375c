//! Accounts and sessions: sign up, in and out; cookies; CSRF; rate limiting; guest hand-over.

use crate::{Browser, Clock, app, state_on, store};
use axum::http::StatusCode;

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn every_page_visit_gets_a_session_cookie_that_scripts_cannot_read() {
    let mut browser = Browser::fresh();
    let home = browser.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let cookies = home.set_cookies();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let cookie = &cookies[0];
    assert!(cookie.starts_with("certpath_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "not Secure unless configured: {cookie}"
    );
    let again = browser.get("/catalog").await;
    assert!(again.set_cookies().is_empty(), "a valid session is kept");
}

#[tokio::test]
async fn cookies_are_secure_when_configured() {
    let state = state_on(store(), &Clock::new()).with_config(web::Config {
        secure_cookies: true,
    });
    let mut browser = Browser::new(web::app(state));
    let cookie = browser.get("/").await.set_cookies().remove(0);
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn the_api_for_the_catalog_sets_no_cookie() {
    let mut browser = Browser::fresh();
    for uri in ["/api/v1/catalog", "/health", "/static/app.css"] {
        assert!(browser.get(uri).await.set_cookies().is_empty(), "{uri}");
    }
}

#[tokio::test]
async fn sign_up_sign_out_and_sign_in() {
    let mut browser = Browser::fresh();
    let visitor_cookie = {
        browser.get("/").await;
        browser.cookie.clone().expect("a visitor session")
    };
    browser.sign_up("ana", PASSWORD).await;
    let member_cookie = browser.cookie.clone().expect("a new session");
    assert_ne!(
        visitor_cookie, member_cookie,
        "signing up starts a new session"
    );
    let home = browser.get("/").await;
    assert!(
        home.body.contains("Signed in as <strong>ana</strong>"),
        "{}",
        home.body
    );

    let csrf = home.csrf();
    let out = browser.post_form("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.set_cookies().iter().any(|c| c.contains("Max-Age=0")));
    let home = browser.get("/").await;
    assert!(!home.body.contains("Signed in as"), "signed out");

    // The old session is gone from the database: replaying its cookie gets a new visitor.
    let mut replay = Browser::new(browser.app.clone());
    replay.cookie = Some(member_cookie);
    let page = replay.get("/").await;
    assert!(!page.body.contains("Signed in as"));
    assert_eq!(page.set_cookies().len(), 1, "a new visitor session");

    let csrf = browser.csrf("/signin").await;
    let wrong = browser
        .post_form(
            "/signin",
            &[
                ("csrf", &csrf),
                ("name", "ana"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("The name or the password is wrong."));
    let right = browser
        .post_form(
            "/signin",
            &[
                ("csrf", &csrf),
                ("name", "ANA"),
                ("password", PASSWORD),
                ("next", "/practice"),
            ],
        )
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    assert_eq!(
        right.location(),
        "/practice",
        "names are matched ignoring case"
    );
    assert!(
        browser
            .get("/")
            .await
            .body
            .contains("Signed in as <strong>ana</strong>")
    );
}

#[tokio::test]
async fn sign_up_explains_what_to_fix() {
    let mut browser = Browser::fresh();
    browser.sign_up("bea", PASSWORD).await;
    let mut other = Browser::new(browser.app.clone());
    let csrf = other.csrf("/signup").await;
    let cases: [(&str, &str, &str, StatusCode, &str); 5] = [
        (
            "bea",
            PASSWORD,
            PASSWORD,
            StatusCode::CONFLICT,
            "The name “bea” is taken; choose another.",
        ),
        ("BEA", PASSWORD, PASSWORD, StatusCode::CONFLICT, "is taken"),
        (
            "b",
            PASSWORD,
            PASSWORD,
            StatusCode::UNPROCESSABLE_ENTITY,
            "3 to 32 characters",
        ),
        (
            "cy z",
            PASSWORD,
            PASSWORD,
            StatusCode::UNPROCESSABLE_ENTITY,
            "only letters, digits",
        ),
        (
            "cyz",
            "short",
            "short",
            StatusCode::UNPROCESSABLE_ENTITY,
            "at least 10 characters",
        ),
    ];
    for (name, password, confirm, status, message) in cases {
        let reply = other
            .post_form(
                "/signup",
                &[
                    ("csrf", &csrf),
                    ("name", name),
                    ("password", password),
                    ("confirm", confirm),
                ],
            )
            .await;
        assert_eq!(reply.status, status, "{name}: {}", reply.body);
        assert!(reply.body.contains(message), "{name}: expected {message:?}");
        assert!(
            reply.body.contains("role=\"alert\""),
            "the error is announced"
        );
    }
    let differ = other
        .post_form(
            "/signup",
            &[
                ("csrf", &csrf),
                ("name", "cyz"),
                ("password", PASSWORD),
                ("confirm", "something else"),
            ],
        )
        .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(differ.body.contains("The two passwords differ"));
}

#[tokio::test]
async fn forms_without_the_sessions_csrf_token_are_refused() {
    let mut browser = Browser::fresh();
    browser.get("/").await;
    for (uri, fields) in [
        (
            "/signup",
            vec![
                ("name", "dee"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        ),
        ("/signin", vec![("name", "dee"), ("password", PASSWORD)]),
        ("/signout", vec![]),
        ("/attempts", vec![("exam", "CLF-C02"), ("kind", "exam")]),
    ] {
        let mut with_wrong = fields.clone();
        with_wrong.push(("csrf", "0000"));
        for body in [fields, with_wrong] {
            let reply = browser.post_form(uri, &body).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}: {}", reply.body);
            assert!(reply.body.contains("reload the page"), "{uri}");
        }
    }
    let mut other = Browser::new(browser.app.clone());
    let someone_elses = other.csrf("/practice").await;
    let reply = browser
        .post_form(
            "/attempts",
            &[
                ("csrf", &someone_elses),
                ("exam", "CLF-C02"),
                ("kind", "exam"),
            ],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "another session's token is refused"
    );
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_name_across_sessions() {
    let clock = Clock::new();
    let app = web::app(state_on(store(), &clock));
    let mut owner = Browser::new(app.clone());
    owner.sign_up("eve", PASSWORD).await;
    for attempt in 0..5 {
        let mut attacker = Browser::new(app.clone());
        let csrf = attacker.csrf("/signin").await;
        let reply = attacker
            .post_form(
                "/signin",
                &[
                    ("csrf", &csrf),
                    ("name", "eve"),
                    ("password", "guess guess"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "failure {attempt}");
    }
    let mut late = Browser::new(app.clone());
    let csrf = late.csrf("/signin").await;
    let blocked = late
        .post_form(
            "/signin",
            &[("csrf", &csrf), ("name", "Eve"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(blocked.body.contains("wait 15 minutes"), "{}", blocked.body);
    clock.advance(time::Duration::minutes(16));
    let allowed = late
        .post_form(
            "/signin",
            &[("csrf", &csrf), ("name", "eve"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(allowed.status, StatusCode::SEE_OTHER, "{}", allowed.body);
}

#[tokio::test]
async fn a_visitors_attempts_come_along_when_they_sign_up() {
    let mut browser = Browser::new(app());
    let id = browser.start("CLF-C02", "quiz").await;
    let history = browser.get("/history").await;
    assert!(history.body.contains(&id), "the visitor's history lists it");
    browser.sign_up("fay", PASSWORD).await;
    let history = browser.get("/history").await;
    assert!(
        history.body.contains(&id),
        "the account's history lists it: {}",
        history.body
    );
    assert_eq!(
        browser.get(&format!("/attempts/{id}/q/1")).await.status,
        StatusCode::OK
    );

    let mut stranger = Browser::new(browser.app.clone());
    assert_eq!(
        stranger.get(&format!("/attempts/{id}/q/1")).await.status,
        StatusCode::NOT_FOUND,
        "nobody else can open it"
    );
}

#[tokio::test]
async fn next_never_leads_to_another_site() {
    let mut browser = Browser::fresh();
    let csrf = browser.csrf("/signup").await;
    let reply = browser
        .post_form(
            "/signup",
            &[
                ("csrf", &csrf),
                ("name", "gus"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/history");
}
