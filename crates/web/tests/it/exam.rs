//! Taking an exam in the browser without JavaScript: answer, move, flag, "Select N", review,
//! submit with confirmation, the report and history; the deadline the server enforces.

use crate::{Browser, Clock, state_on, store};
use axum::http::StatusCode;

/// The shown positions of the options on a question page.
fn option_count(html: &str) -> usize {
    html.matches("name=\"choice\"").count()
}

fn select_n(html: &str) -> Option<usize> {
    let at = html.find("<legend>Select ")? + "<legend>Select ".len();
    html[at..].split('.').next()?.parse().ok()
}

#[tokio::test]
async fn a_full_exam_from_the_practice_page_to_the_report() {
    let mut browser = Browser::fresh();
    let practice = browser.get("/practice").await;
    assert!(
        practice.body.contains("CLF-C02 Cloud Practitioner"),
        "{}",
        practice.body
    );
    let id = browser.start("CLF-C02", "exam").await;

    let first = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("Question 1 of 65"), "the real length");
    assert!(
        first.body.contains("data-seconds=\"5400\""),
        "90 minutes on the clock"
    );
    assert!(first.body.contains("1:30:00"));
    let csrf = first.csrf();

    // Answer question 1 with its first option and move on.
    let next = browser
        .post_form(
            &format!("/attempts/{id}/q/1"),
            &[
                ("csrf", &csrf),
                ("answered", "1"),
                ("choice", "0"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    assert_eq!(next.location(), format!("/attempts/{id}/q/2"));
    // Flag question 2 without answering it.
    let flagged = browser
        .post_form(
            &format!("/attempts/{id}/q/2"),
            &[("csrf", &csrf), ("answered", "1"), ("action", "flag")],
        )
        .await;
    assert_eq!(flagged.location(), format!("/attempts/{id}/q/2"));
    let two = browser.get(&format!("/attempts/{id}/q/2")).await;
    assert!(two.body.contains("Remove flag"));
    assert!(
        two.body
            .contains("aria-label=\"Question 2: not answered, flagged\"")
    );
    assert!(two.body.contains("aria-label=\"Question 1: answered\""));
    // Jump with the navigator, which records the answer on the page first.
    let jump = browser
        .post_form(
            &format!("/attempts/{id}/q/2"),
            &[
                ("csrf", &csrf),
                ("answered", "1"),
                ("choice", "1"),
                ("goto", "10"),
            ],
        )
        .await;
    assert_eq!(jump.location(), format!("/attempts/{id}/q/10"));
    let back = browser.get(&format!("/attempts/{id}/q/2")).await;
    assert!(
        back.body.contains("value=\"1\" checked"),
        "question 2's answer was kept"
    );

    let review = browser.get(&format!("/attempts/{id}/review")).await;
    assert!(
        review
            .body
            .contains("2 answered, 63 unanswered, 1 flagged."),
        "{}",
        review.body
    );
    let confirm = browser
        .post_form(&format!("/attempts/{id}/submit"), &[("csrf", &csrf)])
        .await;
    assert_eq!(confirm.status, StatusCode::OK, "submitting asks first");
    assert!(confirm.body.contains("Submit the attempt?"));
    assert!(
        confirm
            .body
            .contains("63 are unanswered and count as wrong; 1 is flagged")
    );
    let done = browser
        .post_form(
            &format!("/attempts/{id}/submit"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.location(), format!("/attempts/{id}/report"));

    let report = browser.get(&format!("/attempts/{id}/report")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report
            .body
            .contains("practice-scale estimate, not an AWS score")
    );
    assert!(
        report
            .body
            .contains("Did not pass on the practice scale: the pass mark is 700")
    );
    assert!(
        report.body.contains("<svg class=\"chart domain-chart\""),
        "the domain chart"
    );
    assert_eq!(
        report.body.matches("class=\"bar-track\"").count(),
        4,
        "CLF-C02 has 4 domains"
    );
    assert!(
        report.body.contains("No readiness estimate yet"),
        "no calibration yet"
    );
    assert!(report.body.contains("Question 65"));

    // After the close, questions show their solutions.
    let solved = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(solved.body.contains("class=\"solution\""));
    assert!(solved.body.contains("Correct answer"));
    assert!(solved.body.contains("AWS documentation"));
    // And nothing can change any more.
    let late = browser
        .post_form(
            &format!("/attempts/{id}/q/3"),
            &[
                ("csrf", &csrf),
                ("answered", "1"),
                ("choice", "0"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(late.location(), format!("/attempts/{id}/report"));
    let report_json = browser
        .get(&format!("/api/v1/attempts/{id}/report"))
        .await
        .json();
    assert_eq!(
        report_json["answered"], 2,
        "the late answer was not recorded"
    );

    let history = browser.get("/history").await;
    assert!(history.body.contains("<svg class=\"chart history-chart\""));
    assert!(history.body.contains(&format!("/attempts/{id}/report")));
    assert!(history.body.contains("Not passed"));
}

#[tokio::test]
async fn select_n_is_enforced_by_the_server() {
    let mut browser = Browser::fresh();
    let id = browser.start("SAA-C03", "exam").await;
    let csrf = browser.csrf(&format!("/attempts/{id}/q/1")).await;
    let mut number = 0;
    let mut page = String::new();
    for n in 1..=65 {
        let reply = browser.get(&format!("/attempts/{id}/q/{n}")).await;
        if select_n(&reply.body).is_some() {
            number = n;
            page = reply.body;
            break;
        }
    }
    assert!(
        number > 0,
        "a full SAA-C03 form has a multiple-response question"
    );
    let select = select_n(&page).expect("Select N");
    let options = option_count(&page);
    assert!(options > select);
    let too_many: Vec<String> = (0..=select).map(|i| i.to_string()).collect();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("answered", "1"),
        ("action", "save"),
    ];
    fields.extend(too_many.iter().map(|v| ("choice", v.as_str())));
    let refused = browser
        .post_form(&format!("/attempts/{id}/q/{number}"), &fields)
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("The answer was not recorded"));
    assert!(
        refused.body.contains(&format!("{select}")),
        "{}",
        refused.body
    );
    let answers = browser.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert!(
        answers["questions"][number - 1]["answer"].is_null(),
        "nothing was recorded"
    );

    let exact: Vec<String> = (0..select).map(|i| i.to_string()).collect();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("answered", "1"),
        ("action", "save"),
    ];
    fields.extend(exact.iter().map(|v| ("choice", v.as_str())));
    let accepted = browser
        .post_form(&format!("/attempts/{id}/q/{number}"), &fields)
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let answers = browser.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert_eq!(
        answers["questions"][number - 1]["answer"]["choices"]
            .as_array()
            .map(Vec::len),
        Some(select)
    );
    // Unchecking every box clears a multiple-response answer.
    let cleared = browser
        .post_form(
            &format!("/attempts/{id}/q/{number}"),
            &[("csrf", &csrf), ("answered", "1"), ("action", "save")],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER);
    let answers = browser.get(&format!("/api/v1/attempts/{id}")).await.json();
    assert!(answers["questions"][number - 1]["answer"].is_null());
}

#[tokio::test]
async fn the_server_ends_the_exam_at_its_deadline() {
    let clock = Clock::new();
    let mut browser = Browser::new(web::app(state_on(store(), &clock)));
    let id = browser.start("CLF-C02", "exam").await;
    let csrf = browser.csrf(&format!("/attempts/{id}/q/1")).await;
    clock.advance(time::Duration::minutes(89));
    let page = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(page.body.contains("data-seconds=\"60\""), "one minute left");
    clock.advance(time::Duration::minutes(2));
    let late = browser
        .post_form(
            &format!("/attempts/{id}/q/1"),
            &[
                ("csrf", &csrf),
                ("answered", "1"),
                ("choice", "0"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(late.location(), format!("/attempts/{id}/report"));
    let report = browser.get(&format!("/attempts/{id}/report")).await;
    assert!(
        report.body.contains("Timed out at the deadline"),
        "{}",
        report.body
    );
    let json = browser
        .get(&format!("/api/v1/attempts/{id}/report"))
        .await
        .json();
    assert_eq!(
        json["answered"], 0,
        "the answer after the deadline was not recorded"
    );
    assert_eq!(json["outcome"], "timed_out");
}

#[tokio::test]
async fn practice_mode_checks_answers_and_explains_them() {
    let mut browser = Browser::fresh();
    let id = browser.start("AIF-C01", "quiz").await;
    let page = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(page.body.contains("Question 1 of 10"));
    assert!(!page.body.contains("data-seconds"), "a quiz is untimed");
    assert!(page.body.contains("Check answer"));
    let csrf = page.csrf();
    let checked = browser
        .post_form(
            &format!("/attempts/{id}/q/1"),
            &[
                ("csrf", &csrf),
                ("answered", "1"),
                ("choice", "0"),
                ("action", "check"),
            ],
        )
        .await;
    assert_eq!(checked.location(), format!("/attempts/{id}/q/1"));
    let solved = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(solved.body.contains("class=\"solution\""));
    assert!(solved.body.contains("The answer: <strong>"));
    assert!(
        solved
            .body
            .contains("<fieldset class=\"options\" disabled>"),
        "final once checked"
    );
    let other = browser.get(&format!("/attempts/{id}/q/2")).await;
    assert!(
        !other.body.contains("class=\"solution\""),
        "only the checked question is revealed"
    );
}

#[tokio::test]
async fn pausing_hides_the_question_until_resumed() {
    let mut browser = Browser::fresh();
    let id = browser.start("CLF-C02", "practice").await;
    let csrf = browser.csrf(&format!("/attempts/{id}/q/1")).await;
    browser
        .post_form(
            &format!("/attempts/{id}/q/1"),
            &[("csrf", &csrf), ("action", "pause")],
        )
        .await;
    let paused = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(paused.body.contains("<h1>Paused</h1>"));
    assert!(
        !paused.body.contains("class=\"stem\""),
        "the question is hidden"
    );
    browser
        .post_form(
            &format!("/attempts/{id}/q/1"),
            &[("csrf", &csrf), ("action", "resume")],
        )
        .await;
    let resumed = browser.get(&format!("/attempts/{id}/q/1")).await;
    assert!(resumed.body.contains("class=\"stem\""));
}

#[tokio::test]
async fn starting_explains_what_the_bank_cannot_do() {
    let mut browser = Browser::fresh();
    let csrf = browser.csrf("/practice").await;
    let reply = browser
        .post_form(
            "/attempts",
            &[("csrf", &csrf), ("exam", "DVA-C02"), ("kind", "exam")],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("The attempt could not start"));
    let review = browser
        .post_form(
            "/attempts",
            &[("csrf", &csrf), ("exam", "CLF-C02"), ("kind", "review")],
        )
        .await;
    assert_eq!(review.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        review.body.contains("nothing to review for CLF-C02"),
        "{}",
        review.body
    );
}

#[tokio::test]
async fn unknown_attempts_and_questions_are_404_pages() {
    let mut browser = Browser::fresh();
    assert_eq!(
        browser.get("/attempts/nope/q/1").await.status,
        StatusCode::NOT_FOUND
    );
    let id = browser.start("CLF-C02", "quiz").await;
    let beyond = browser.get(&format!("/attempts/{id}/q/11")).await;
    assert_eq!(beyond.status, StatusCode::NOT_FOUND);
    assert!(
        beyond.body.contains("has no question 11; it has 10"),
        "{}",
        beyond.body
    );
    assert_eq!(
        browser.get(&format!("/attempts/{id}/q/0")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_result_page_shows_readiness_once_the_bank_is_calibrated() {
    let store = crate::store();
    let catalog = catalog::Catalog::builtin().expect("catalog");
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, crate::today()),
    );
    let calibrations: Vec<storage::ItemCalibration> = bank
        .items
        .iter()
        .filter(|i| i.placements.iter().any(|p| p.exam == "CLF-C02"))
        .enumerate()
        .map(|(n, i)| storage::ItemCalibration {
            item: i.id.clone(),
            model: "2PL".into(),
            a: 1.2,
            b: -1.0 + (n % 5) as f64 * 0.5,
            c: 0.0,
            se_a: Some(0.1),
            se_b: Some(0.1),
            se_c: None,
            responses: 400,
            facility: Some(0.6),
            discrimination: Some(35.0),
            calibrated_at: crate::start_time(),
        })
        .collect();
    let saved = store.clone();
    std::thread::spawn(move || saved.save_calibrations(&calibrations))
        .join()
        .expect("the thread")
        .expect("calibrations saved");
    let mut browser = Browser::new(web::app(state_on(store, &Clock::new())));
    let id = browser.start("CLF-C02", "exam").await;
    let csrf = browser.csrf(&format!("/attempts/{id}/q/1")).await;
    for n in 1..=40 {
        browser
            .post_form(
                &format!("/attempts/{id}/q/{n}"),
                &[
                    ("csrf", &csrf),
                    ("answered", "1"),
                    ("choice", "0"),
                    ("action", "save"),
                ],
            )
            .await;
    }
    browser
        .post_form(
            &format!("/attempts/{id}/submit"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    let report = browser.get(&format!("/attempts/{id}/report")).await;
    assert!(
        !report.body.contains("No readiness estimate yet"),
        "{}",
        report.body
    );
    assert!(
        report
            .body
            .contains("Probability of passing on the practice scale: <strong>")
    );
    assert!(
        report
            .body
            .contains("practice-scale estimate, not an AWS score")
    );
    assert!(
        report.body.contains("From 65 first answers"),
        "every question shown counts"
    );
    assert!(report.body.contains("<summary>Assumptions</summary>"));
    assert!(report.body.contains("Practice-scale band:"));
}
