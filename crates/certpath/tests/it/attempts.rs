//! Attempts from scripts: start, answer, flag, check, submit, report, history; with a fake clock.

use crate::{NOW, run_at};
use serde_json::Value;
use std::cell::Cell;
use time::{Duration, OffsetDateTime};

/// A temporary database and a clock the test moves.
struct Fixture {
    _dir: tempfile::TempDir,
    database: String,
    now: Cell<OffsetDateTime>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("attempts.db").display().to_string();
        Fixture {
            _dir: dir,
            database,
            now: Cell::new(NOW),
        }
    }

    fn advance(&self, minutes: i64) {
        self.now.set(self.now.get() + Duration::minutes(minutes));
    }

    fn run(&self, args: &[&str]) -> crate::Output {
        let mut full = vec!["--database", self.database.as_str()];
        full.extend_from_slice(args);
        let clock = || self.now.get();
        run_at(&full, "", &clock)
    }

    #[track_caller]
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert_eq!(out.status(), 0, "certpath {args:?}: {}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
    }
}

#[test]
fn a_full_saa_c03_exam_has_the_real_shape_and_no_keys() {
    let f = Fixture::new();
    let started = f.json(&["attempt", "start", "SAA-C03", "--seed", "11", "--json"]);
    let questions = started["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 65);
    assert_eq!(started["remaining_seconds"], 130 * 60);
    assert!(
        questions.iter().all(|q| q["solution"].is_null()),
        "no key during an exam"
    );
    let text = serde_json::to_string(&started).unwrap();
    for leak in ["\"correct\"", "explanation", "\"scored\"", "\"key\""] {
        assert!(!text.contains(leak), "the start response contains {leak}");
    }
    let multiple = questions
        .iter()
        .find(|q| q["kind"] == "multiple")
        .expect("a multiple-response question");
    assert!(multiple["select"].as_u64().unwrap() >= 2);
}

#[test]
fn answers_flags_and_submit_make_a_report() {
    let f = Fixture::new();
    let id = f.json(&["attempt", "start", "CLF-C02", "--seed", "3", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answered = f.json(&["attempt", "answer", &id, "1", "A", "--json"]);
    assert_eq!(
        answered["question"]["answer"],
        serde_json::json!({"choices": [0]})
    );
    assert!(answered["question"]["solution"].is_null());
    assert_eq!(f.run(&["attempt", "flag", &id, "2"]).status(), 0);
    f.advance(5);
    let shown = f.json(&["attempt", "show", &id, "--json"]);
    assert_eq!(shown["review"]["answered"], 1);
    assert_eq!(shown["review"]["flagged"], 1);
    assert_eq!(shown["remaining_seconds"], 85 * 60);
    let report = f.json(&["attempt", "submit", &id, "--json"]);
    assert_eq!(
        report["scale_label"],
        "practice-scale estimate, not an AWS score"
    );
    assert_eq!(report["raw_max"], 50);
    assert_eq!(report["questions"].as_array().unwrap().len(), 65);
    let again = f.json(&["report", &id[..6], "--json"]);
    assert_eq!(
        again["scaled"], report["scaled"],
        "the stored report is the same"
    );
    let history = f.json(&["history", "--json"]);
    assert_eq!(history[0]["id"], id.as_str());
    assert_eq!(history[0]["outcome"], "submitted");
}

#[test]
fn answers_after_submit_are_rejected() {
    let f = Fixture::new();
    let id = f.json(&["attempt", "start", "CLF-C02", "--seed", "3", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.json(&["attempt", "submit", &id, "--json"]);
    let out = f.run(&["attempt", "answer", &id, "1", "A"]);
    assert_eq!(out.status(), 1);
    assert!(
        out.stderr.contains("closed") || out.stderr.contains("submitted"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_deadline_holds_whatever_the_client_does() {
    let f = Fixture::new();
    let id = f.json(&["attempt", "start", "CLF-C02", "--seed", "5", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.advance(89);
    assert_eq!(
        f.run(&["attempt", "answer", &id, "1", "B"]).status(),
        0,
        "one minute left"
    );
    f.advance(2);
    let out = f.run(&["attempt", "answer", &id, "2", "B"]);
    assert_eq!(out.status(), 1, "after the deadline");
    assert!(out.stderr.contains("timed out"), "{}", out.stderr);
    let report = f.json(&["report", &id, "--json"]);
    assert_eq!(report["outcome"], "timed_out");
    assert_eq!(report["answered"], 1, "the late answer was not recorded");
    assert_eq!(
        report["closed_at"],
        report["started_at"].as_i64().unwrap() + 90 * 60 * 1000,
        "closed at the deadline"
    );
}

#[test]
fn practice_mode_shows_the_explanation_once_checked_and_can_pause() {
    let f = Fixture::new();
    let id = f.json(&[
        "attempt", "start", "AIF-C01", "--mode", "practice", "--seed", "9", "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.json(&["attempt", "answer", &id, "1", "A", "--json"]);
    let checked = f.json(&["attempt", "check", &id, "1", "--json"]);
    let solution = &checked["question"]["solution"];
    assert!(!solution.is_null(), "a checked question shows its solution");
    assert!(
        !solution["option_explanations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let out = f.run(&["attempt", "answer", &id, "1", "B"]);
    assert_eq!(out.status(), 1, "a checked answer is final");
    assert_eq!(f.run(&["attempt", "pause", &id]).status(), 0);
    f.advance(600);
    assert_eq!(f.run(&["attempt", "resume", &id]).status(), 0);
    let shown = f.json(&["attempt", "show", &id, "--json"]);
    assert_eq!(
        shown["remaining_seconds"],
        90 * 60,
        "the pause did not use the clock"
    );
    let exam = f.json(&["attempt", "start", "AIF-C01", "--seed", "9", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        f.run(&["attempt", "pause", &exam]).status(),
        1,
        "no pausing in exam mode"
    );
}

#[test]
fn drills_reviews_and_custom_forms() {
    let f = Fixture::new();
    let drill = f.json(&[
        "attempt", "start", "SOA-C03", "--mode", "drill", "--domain", "2", "--count", "5", "--json",
    ]);
    assert_eq!(drill["questions"].as_array().unwrap().len(), 5);
    let custom = f.json(&[
        "attempt",
        "start",
        "SAA-C03",
        "--mode",
        "custom",
        "--domain",
        "1",
        "--domain",
        "3",
        "--count",
        "8",
        "--minutes",
        "12",
        "--json",
    ]);
    assert_eq!(custom["questions"].as_array().unwrap().len(), 8);
    assert_eq!(custom["remaining_seconds"], 12 * 60);
    let out = f.run(&["attempt", "start", "SAA-C03", "--mode", "review"]);
    assert_eq!(out.status(), 2, "nothing to review yet");
    let id = f.json(&[
        "attempt",
        "start",
        "SAA-C03",
        "--mode",
        "practice",
        "--untimed",
        "--seed",
        "2",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.json(&["attempt", "submit", &id, "--json"]);
    let review = f.json(&["attempt", "start", "SAA-C03", "--mode", "review", "--json"]);
    assert_eq!(
        review["questions"].as_array().unwrap().len(),
        65,
        "every question of the blank attempt"
    );
    assert!(review["remaining_seconds"].as_u64().is_some());
}

#[test]
fn the_same_seed_gives_the_same_form() {
    let f = Fixture::new();
    let a = f.json(&["attempt", "start", "SOA-C03", "--seed", "77", "--json"]);
    let g = Fixture::new();
    let b = g.json(&["attempt", "start", "SOA-C03", "--seed", "77", "--json"]);
    assert_eq!(a["questions"], b["questions"]);
}

#[test]
fn an_exam_the_bank_cannot_fill_says_what_is_missing() {
    let f = Fixture::new();
    let out = f.run(&["attempt", "start", "DOP-C02"]);
    assert_eq!(out.status(), 1);
    assert!(
        out.stderr.contains("the bank has 0 of the"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("domain 1 of DOP-C02"), "{}", out.stderr);
}
