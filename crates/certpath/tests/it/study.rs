//! Spaced repetition end to end: miss questions in an exam, find them due in `certpath study`
//! on the day FSRS gives, review them, and see them come back later.

use crate::{NOW, run_at};
use review::{Rating, Review, Scheduler};
use serde_json::Value;

#[test]
fn missed_questions_come_due_on_the_day_fsrs_gives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("study.db").display().to_string();
    let run = |args: &[&str], input: &str| {
        let mut full = vec!["--database", db.as_str()];
        full.extend_from_slice(args);
        run_at(&full, input, &|| NOW)
    };
    let started: Value = serde_json::from_str(
        &run(
            &[
                "attempt", "start", "CLF-C02", "--mode", "drill", "--domain", "1", "--count", "3",
                "--seed", "4", "--json",
            ],
            "",
        )
        .stdout,
    )
    .unwrap();
    let id = started["id"].as_str().unwrap();
    // Leave every question blank: all three are missed.
    assert_eq!(run(&["attempt", "submit", id], "").status(), 0);

    let day0 = NOW.date();
    let expected_due = Scheduler::with_defaults()
        .unwrap()
        .cards(&[Review::new("x", "CLF-C02", day0, Rating::Again)])
        .unwrap()[0]
        .due;
    let listing = |day: time::Date| -> Value {
        serde_json::from_str(
            &run(&["study", "--list", "--json", "--on", &day.to_string()], "").stdout,
        )
        .unwrap()
    };
    let first = listing(day0);
    assert_eq!(
        first["cards"].as_array().unwrap().len(),
        3,
        "the three missed questions are queued"
    );
    assert!(
        first["cards"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["due"] == expected_due.to_string())
    );
    assert_eq!(
        listing(expected_due.previous_day().unwrap())["due"],
        0,
        "not due the day before"
    );
    assert_eq!(listing(expected_due)["due"], 3, "due on the day FSRS gives");

    // Review them on that day: answer A each time and accept the suggested rating.
    let out = run(
        &["study", "--on", &expected_due.to_string()],
        "A\n\nA\n\nA\n\n",
    );
    assert_eq!(out.status(), 0, "{}", out.stderr);
    assert!(out.stdout.contains("Review 1 of 3"), "{}", out.stdout);
    assert!(out.stdout.contains("Reviewed 3."), "{}", out.stdout);
    let after = listing(expected_due);
    assert_eq!(
        after["due"], 0,
        "reviewed cards are not due again the same day"
    );
    for card in after["cards"].as_array().unwrap() {
        assert_eq!(card["reviews"], 2);
        assert!(card["due"].as_str().unwrap() > expected_due.to_string().as_str());
    }
}

#[test]
fn an_empty_queue_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db").display().to_string();
    let out = run_at(&["--database", &db, "study"], "", &|| NOW);
    assert_eq!(out.status(), 0);
    assert!(
        out.stdout.contains("Nothing is in the queue yet"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_study_plan_uses_recent_attempts_and_exports_icalendar() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.db").display().to_string();
    let run = |args: &[&str]| {
        let mut full = vec!["--database", db.as_str()];
        full.extend_from_slice(args);
        run_at(&full, "", &|| NOW)
    };
    let before = run(&[
        "plan",
        "CLF-C02",
        "--target-date",
        "2027-01-31",
        "--hours-per-week",
        "5",
    ]);
    assert_eq!(before.status(), 0, "{}", before.stderr);
    assert!(
        before.stdout.contains("No finished attempts yet"),
        "{}",
        before.stdout
    );
    let started: Value = serde_json::from_str(
        &run(&["attempt", "start", "CLF-C02", "--seed", "8", "--json"]).stdout,
    )
    .unwrap();
    run(&["attempt", "submit", started["id"].as_str().unwrap()]);
    let ics = dir.path().join("plan.ics");
    let after = run(&[
        "plan",
        "CLF-C02",
        "--target-date",
        "2027-01-31",
        "--hours-per-week",
        "5",
        "--ical",
        ics.to_str().unwrap(),
    ]);
    assert_eq!(after.status(), 0, "{}", after.stderr);
    assert!(
        after
            .stdout
            .contains("Readiness from your last 1 finished attempt"),
        "{}",
        after.stdout
    );
    assert!(
        after.stdout.contains("Week 1 of 9") && after.stdout.contains("mock exam"),
        "{}",
        after.stdout
    );
    let calendar = std::fs::read_to_string(&ics).unwrap();
    assert!(
        calendar.starts_with("BEGIN:VCALENDAR\r\n")
            && calendar.trim_end().ends_with("END:VCALENDAR")
    );
    assert_eq!(
        calendar.matches("BEGIN:VEVENT").count(),
        calendar.matches("END:VEVENT").count()
    );
    assert!(
        calendar.lines().all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    let late = run(&[
        "plan",
        "CLF-C02",
        "--target-date",
        "2026-11-01",
        "--hours-per-week",
        "5",
    ]);
    assert_eq!(late.status(), 2, "a target in the past is bad input");
    assert!(late.stderr.contains("past"), "{}", late.stderr);
}
