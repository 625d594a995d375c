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
                outline: "{}".into(),
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

/// Like [`simulate`], but stores each attempt's form and event log, as `certpath` does, so
/// the attempts can be replayed for distractor analysis. On one single-answer item (returned)
/// the stronger half of the learners all pick the same distractor, the rest the key.
fn simulate_logged(path: &std::path::Path, learners: usize) -> String {
    let catalog = catalog::Catalog::builtin().unwrap();
    let clf = catalog.exam("CLF-C02").unwrap();
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, NOW.date()),
    );
    let store = storage_sqlite::SqliteStorage::open(path).unwrap();
    let mut rng = Lcg(11);
    let start = Timestamp::from_unix_millis(NOW.unix_timestamp() * 1000);
    let mut target: Option<String> = None;
    for learner in 0..learners {
        let theta = 2.0 * rng.next() - 1.0;
        let form = engine::assemble(&bank.items, clf, &FormSpec::full(), learner as u64).unwrap();
        let target = target
            .get_or_insert_with(|| {
                form.items()
                    .iter()
                    .find(|i| i.kind() == engine::QuestionKind::Single)
                    .unwrap()
                    .id()
                    .to_owned()
            })
            .clone();
        let mut attempt = Attempt::new(form, Mode::Practice { timed: false }, start).unwrap();
        for index in 0..attempt.form().len() {
            let item = &attempt.form().items()[index];
            let Answer::Choices(key) = item.correct_answer() else {
                continue;
            };
            let wrong: Vec<u8> = (0..item.option_count() as u8)
                .filter(|o| !key.contains(o))
                .collect();
            let answer = if item.id() == target {
                if theta > 0.0 {
                    // The same distractor on every form: the one whose text sorts first.
                    let texts = attempt.question(index).unwrap().options;
                    let pick = wrong
                        .iter()
                        .min_by_key(|&&o| texts[usize::from(o)].text.clone())
                        .unwrap();
                    Answer::Choices(vec![*pick])
                } else {
                    item.correct_answer()
                }
            } else {
                let b = -(item.angoff() / (1.0 - item.angoff())).ln();
                let p = 1.0 / (1.0 + (-(theta * 1.5 - b)).exp());
                if rng.next() < p {
                    item.correct_answer()
                } else {
                    Answer::Choices(vec![wrong[0]])
                }
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
        let id = format!("log{learner:03}");
        store
            .create_attempt(&NewAttempt {
                id: id.clone(),
                user: Some(format!("learner{learner}")),
                exam: "CLF-C02".into(),
                mode: "practice".into(),
                seed: learner as u64,
                // The whole form, as rows of earlier versions hold it (now only an outline).
                outline: serde_json::to_string(attempt.form()).unwrap(),
                started_at: NOW,
                deadline: None,
            })
            .unwrap();
        for (seq, record) in attempt.records().iter().enumerate() {
            store
                .append_event(
                    &id,
                    seq as u32,
                    NOW,
                    &serde_json::to_string(record).unwrap(),
                )
                .unwrap();
        }
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
    target.unwrap()
}

#[test]
fn distractor_analysis_flags_a_distractor_strong_learners_choose() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("distractors.db");
    let target = simulate_logged(&path, 40);
    let db = path.to_str().unwrap();
    let out = run_at(&["--database", db, "calibrate", "--json"], "", &|| NOW);
    assert_eq!(out.status(), 0, "{}", out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    let items = result["items"].as_array().unwrap();
    let item = items.iter().find(|i| i["id"] == target.as_str()).unwrap();
    let analysis = &item["distractors"];
    let candidates = analysis["candidates"].as_u64().unwrap();
    assert!(candidates >= 20, "{analysis}");
    let group = analysis["group_size"].as_u64().unwrap();
    assert_eq!(group, (0.27 * candidates as f64).round() as u64);
    let flags = analysis["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{analysis}");
    assert_eq!(flags[0]["distractor_upper"], 1.0, "{analysis}");
    assert_eq!(flags[0]["key_upper"], 0.0, "{analysis}");
    // Per option: upper and lower shares; the key is the lower group's choice here.
    let options = analysis["options"].as_array().unwrap();
    assert!(options.len() >= 3, "{analysis}");
    let key = options.iter().find(|o| o["correct"] == true).unwrap();
    assert_eq!(
        (key["upper"].as_f64(), key["lower"].as_f64()),
        (Some(0.0), Some(1.0))
    );
    assert!(
        options
            .iter()
            .all(|o| o["upper"].is_f64() && o["lower"].is_f64() && o["overall"].is_f64())
    );
    assert!(analysis["upper_lower"].as_f64().unwrap() < 0.0);
    assert!(
        item["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("distractor"))
    );

    let text = run_at(&["--database", db, "calibrate"], "", &|| NOW);
    assert_eq!(text.status(), 0, "{}", text.stderr);
    let section = text
        .stdout
        .split("Distractor analysis:")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", text.stdout));
    assert!(
        section.contains("chose more often than the key"),
        "{section}"
    );
    let row = section
        .lines()
        .find(|l| l.starts_with(target.as_str()))
        .unwrap_or_else(|| panic!("{target} not listed: {section}"));
    // The distractor: 100% of the upper group; the key: 0% of it, 100% of the lower group.
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(cells.contains(&"100%") && cells.contains(&"0%"), "{row}");
}

#[test]
fn attempts_without_a_replayable_log_still_calibrate_without_distractors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nolog.db");
    simulate(&path, 25);
    let out = run_at(
        &["--database", path.to_str().unwrap(), "calibrate", "--json"],
        "",
        &|| NOW,
    );
    assert_eq!(out.status(), 0, "{}", out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        result["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["distractors"].is_null())
    );
}
