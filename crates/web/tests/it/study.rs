//! Studying on the web: missed questions come back in the FSRS queue; the study plan and its
//! iCalendar file.

use crate::{Browser, Clock, state_on, store};
use axum::http::StatusCode;

#[tokio::test]
async fn missed_questions_come_back_for_review_on_the_day_fsrs_gives() {
    let clock = Clock::new();
    let mut browser = Browser::new(web::app(state_on(store(), &clock)));
    let empty = browser.get("/study").await;
    assert!(
        empty.body.contains("Nothing is in the queue yet"),
        "{}",
        empty.body
    );

    let id = browser.start("CLF-C02", "quiz").await;
    let csrf = browser.csrf(&format!("/attempts/{id}/q/1")).await;
    browser
        .post_form(
            &format!("/attempts/{id}/submit"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    // Ten blank answers are ten misses, rated "again" when the attempt closed: FSRS brings
    // them back the next day.
    let later_today = browser.get("/study").await;
    assert!(
        later_today
            .body
            .contains("0 due on 2026-12-01, 10 in the queue"),
        "{}",
        later_today.body
    );
    assert!(
        later_today
            .body
            .contains("The next review is on 2026-12-02.")
    );
    clock.advance(time::Duration::days(1));
    let due = browser.get("/study").await;
    assert!(
        due.body.contains("10 due on 2026-12-02, 10 in the queue"),
        "{}",
        due.body
    );
    assert!(due.body.contains("Show the answer"));
    let action = {
        let at = due.body.find("action=\"/study/").expect("a review form") + "action=\"".len();
        due.body[at..]
            .split('"')
            .next()
            .expect("the action")
            .to_owned()
    };
    let item = action.trim_start_matches("/study/").to_owned();
    let exam_marker = "name=\"exam\" value=\"";
    let answered = browser
        .post_form(
            &action,
            &[("csrf", &csrf), ("exam", "CLF-C02"), ("choice", "0")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK);
    assert!(
        answered.body.contains("The answer: <strong>"),
        "{}",
        answered.body
    );
    assert!(answered.body.contains("How well did you know it?"));
    assert!(answered.body.contains(exam_marker));
    let rated = browser
        .post_form(
            &format!("/study/{item}/rate"),
            &[("csrf", &csrf), ("exam", "CLF-C02"), ("rating", "3")],
        )
        .await;
    assert_eq!(rated.location(), "/study");
    let after = browser.get("/study").await;
    assert!(
        after.body.contains("9 due on 2026-12-02, 10 in the queue"),
        "{}",
        after.body
    );
    let row = after
        .body
        .split("<tr>")
        .find(|r| r.contains(&format!(">{item}</th>")))
        .expect("the reviewed item is still queued");
    assert!(
        !row.contains("(due)"),
        "it is scheduled for a later day: {row}"
    );

    let bad = browser
        .post_form(
            &format!("/study/{item}/rate"),
            &[("csrf", &csrf), ("exam", "CLF-C02"), ("rating", "7")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let forged = browser
        .post_form(
            &format!("/study/{item}/rate"),
            &[("exam", "CLF-C02"), ("rating", "3")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_study_plan_week_by_week_and_as_icalendar() {
    let mut browser = Browser::fresh();
    let form = browser.get("/plan").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("<label for=\"plan-date\">Exam date</label>")
    );
    let plan = browser
        .get("/plan?exam=CLF-C02&date=2027-01-15&hours=6")
        .await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    assert!(
        plan.body
            .contains("CLF-C02: 7 weeks from 2026-12-01 to the exam on 2027-01-15"),
        "{}",
        plan.body
    );
    assert!(plan.body.contains("every domain counts as half ready"));
    assert!(plan.body.contains("<caption>Week by week</caption>"));
    assert!(
        plan.body.contains("href=\"/plan.ics?exam=CLF-C02"),
        "the calendar link"
    );
    let ical = browser
        .get("/plan.ics?exam=CLF-C02&date=2027-01-15&hours=6")
        .await;
    assert_eq!(ical.status, StatusCode::OK);
    assert!(ical.content_type().starts_with("text/calendar"));
    assert!(ical.body.starts_with("BEGIN:VCALENDAR"));
    assert!(ical.body.contains("BEGIN:VEVENT"));

    let bad = browser
        .get("/plan?exam=CLF-C02&date=15.01.2027&hours=6")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("Give the exam date as YYYY-MM-DD (got “15.01.2027”).")
    );
    let past = browser
        .get("/plan?exam=CLF-C02&date=2026-11-01&hours=6")
        .await;
    assert_eq!(
        past.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        past.body
    );
}
