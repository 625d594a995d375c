//! `certpath calibrate` on a database of simulated learners' attempts.

use crate::{NOW, run_at};
use engine::{Answer, Attempt, Event, FormSpec, Mode, Timestamp};
use serde_json::Value;
use storage::{Finish, NewAttempt, Outcome, Storage};

/// A 64-bit LCG, uniform in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Fills a database with `learners` learners' finished full CLF-C02 practice forms.
fn simulate(path: &std::path::Path, learners: usize) {
    let catalog = catalog::Catalog::builtin().unwrap();
    let clf = catalog.exam("CLF-C02").unwrap();
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, NOW.date()),
    );
    let store = storage_sqlite::SqliteStorage::open(path).unwrap();
    let mut rng = Lcg(7);
    let start = Timestamp::from_unix_millis(NOW.unix_timestamp() * 1000);
    for learner in 0..learners {
        let theta = 2.0 * rng.next() - 1.0;
        let form = engine::assemble(&bank.items, clf, &FormSpec::full(), learner as u64).unwrap();
        let mut attempt = Attempt::new(form, Mode::Practice { timed: false }, start).unwrap();
        for index in 0..attempt.form().len() {
            let item = &attempt.form().items()[index];
            // Difficulty from the item's own Angoff rating: harder items are missed more.
            let b = -(item.angoff() / (1.0 - item.angoff())).ln();
            let p = 1.0 / (1.0 + (-(theta * 1.5 - b)).exp());
            let answer = if rng.next() < p {
                item.correct_answer()
            } else {
                let Answer::Choices(key) = item.correct_answer() else {
                    continue;
                };
                let wrong = (0..item.option_count() as u8)
                    .find(|o| !key.contains(o))
                    .unwrap();
                Answer::Choices(vec![wrong])
            };
            attempt
                .apply(
                    Event::Answered {
                        item: index,
                        answer,
                    },
                    start,
                )
                .unwrap();
        }
        attempt.apply(Event::Submitted, start).unwrap();
        let report = attempt.report().unwrap();
        let id = format!("sim{learner:03}");
        store
            .create_attempt(&NewAttempt {
                id: id.clone(),
                user: Some(format!("learner{learner}")),
                exam: "CLF-C02".into(),
                mode: "practice".into(),
                seed: learner as u64,
                form: "{}".into(),
                started_at: NOW,
                deadline: None,
            })
            .unwrap();
        store
            .finish_attempt(
                &id,
                &Finish {
                    finished_at: NOW,
                    outcome: Outcome::Submitted,
                    scaled_score: Some(report.scaled),
                    passed: Some(report.passed),
                    report: serde_json::to_string(&report).unwrap(),
                },
            )
            .unwrap();
    }
}

#[test]
fn calibration_fits_stores_and_reports_the_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("learners.db");
    simulate(&path, 60);
    let db = path.to_str().unwrap();
    let out = run_at(&["--database", db, "calibrate", "--json"], "", &|| NOW);
    assert_eq!(out.status(), 0, "{}", out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["persons"], 60);
    assert_eq!(result["model"], "Rasch");
    let items = result["items"].as_array().unwrap();
    assert!(
        items.len() >= 65,
        "{} items: {}",
        items.len(),
        out.stdout.chars().take(3000).collect::<String>()
    );
    assert!(
        items
            .iter()
            .all(|i| i["b"].as_f64().unwrap().is_finite() && i["responses"].as_u64().unwrap() > 0)
    );
    let store = storage_sqlite::SqliteStorage::open(&path).unwrap();
    assert_eq!(
        store.calibrations().unwrap().len(),
        items.len(),
        "every calibrated item is stored"
    );
    let text = run_at(&["--database", db, "calibrate"], "", &|| NOW);
    assert!(
        text.stdout.contains("Rasch fit of") && text.stdout.contains("from 60 learners"),
        "{}",
        text.stdout
    );
}

#[test]
fn calibration_refuses_too_few_learners() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("few.db");
    simulate(&path, 3);
    let out = run_at(
        &["--database", path.to_str().unwrap(), "calibrate"],
        "",
        &|| NOW,
    );
    assert_eq!(out.status(), 2);
    assert!(
        out.stderr.contains("at least 20 learners; there are 3"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_report_shows_readiness_once_the_bank_is_calibrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ready.db");
    let db = path.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut full = vec!["--database", db];
        full.extend_from_slice(args);
        run_at(&full, "", &|| NOW)
    };
    // Before calibration the report says why readiness is missing.
    let started: Value = serde_json::from_str(
        &run(&["attempt", "start", "CLF-C02", "--seed", "99", "--json"]).stdout,
    )
    .unwrap();
    let id = started["id"].as_str().unwrap().to_owned();
    for question in 1..=65 {
        run(&["attempt", "answer", &id, &question.to_string(), "A"]);
    }
    run(&["attempt", "submit", &id]);
    let before = run(&["report", &id]);
    assert!(
        before
            .stdout
            .contains("readiness appears once the bank is calibrated"),
        "{}",
        before.stdout
    );

    simulate(&path, 60);
    assert_eq!(run(&["calibrate"]).status(), 0);
    let text = run(&["report", &id]);
    assert_eq!(text.status(), 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("Readiness (practice-scale estimate, not an AWS score)"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("probability of passing on the practice scale"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Assumptions:"), "{}", text.stdout);
    let json: Value = serde_json::from_str(&run(&["report", &id, "--json"]).stdout).unwrap();
    let readiness = &json["readiness"];
    let p = readiness["p_pass"].as_f64().expect("a probability");
    assert!((0.0..=1.0).contains(&p));
    assert_eq!(
        readiness["label"],
        "practice-scale estimate, not an AWS score"
    );
    let band = &readiness["band"];
    assert!(
        band["low"].as_u64() <= band["point"].as_u64()
            && band["point"].as_u64() <= band["high"].as_u64()
    );
}
