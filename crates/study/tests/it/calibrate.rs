//! Calibration from first responses: parameter recovery, classical statistics and flags.

use study::calibrate::{FirstResponse, MIN_PERSONS, calibrate, classical};

/// A small deterministic generator (64-bit LCG), uniform in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-12), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// 400 learners, 30 items, each learner sees about 20 of them; item 29 has its key reversed.
fn simulate() -> (Vec<FirstResponse>, Vec<f64>) {
    simulate_with(true)
}

/// The same without the reversed item.
fn simulate_with(reverse_last: bool) -> (Vec<FirstResponse>, Vec<f64>) {
    let mut rng = Lcg(2026);
    let b: Vec<f64> = (0..30).map(|_| rng.normal()).collect();
    let a: Vec<f64> = (0..30).map(|_| 0.8 + 0.8 * rng.next()).collect();
    let mut responses = Vec::new();
    for person in 0..400 {
        let theta = rng.normal();
        for item in 0..30 {
            if rng.next() < 1.0 / 3.0 {
                continue;
            }
            let p = 1.0 / (1.0 + (-a[item] * (theta - b[item])).exp());
            let mut correct = rng.next() < p;
            if reverse_last && item == 29 {
                correct = !correct;
            }
            responses.push(FirstResponse {
                person: format!("p{person}"),
                item: format!("i{item:02}"),
                correct,
            });
        }
    }
    (responses, b)
}

#[test]
fn a_2pl_calibration_recovers_the_difficulties() {
    let (responses, b) = simulate_with(false);
    let mut points = 0;
    let calibration = calibrate(&responses, irt::Model::TwoPl, 30, |_| points += 1).expect("fits");
    assert!(points > 0, "progress is reported");
    assert_eq!(calibration.persons, 400);
    assert!(
        !calibration.regularised,
        "every item has well over 30 responses"
    );
    let estimated: Vec<f64> = calibration.items.iter().map(|i| i.b).collect();
    // Difficulties far in the tails rest on few wrong answers, so judge the recovery by the
    // median error and the correlation rather than by an RMSE one extreme item dominates.
    let mut errors: Vec<f64> = estimated
        .iter()
        .zip(&b)
        .map(|(e, t)| (e - t).abs())
        .collect();
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    let (me, mt) = (
        estimated.iter().sum::<f64>() / 30.0,
        b.iter().sum::<f64>() / 30.0,
    );
    let cov: f64 = estimated
        .iter()
        .zip(&b)
        .map(|(e, t)| (e - me) * (t - mt))
        .sum();
    let ve: f64 = estimated.iter().map(|e| (e - me).powi(2)).sum();
    let vt: f64 = b.iter().map(|t| (t - mt).powi(2)).sum();
    let correlation = cov / (ve * vt).sqrt();
    assert!(median < 0.2, "median absolute error of b is {median}");
    assert!(
        correlation > 0.9,
        "correlation of b with the truth is {correlation}"
    );
    assert!(
        calibration
            .items
            .iter()
            .all(|i| i.se_b.is_some_and(|s| s > 0.0))
    );
}

#[test]
fn a_reversed_key_is_flagged_by_its_negative_discrimination() {
    let (responses, _) = simulate();
    let calibration = calibrate(&responses, irt::Model::Rasch, 30, |_| {}).expect("fits");
    let reversed = calibration
        .items
        .iter()
        .find(|i| i.item == "i29")
        .expect("item 29");
    assert!(
        reversed.classical.discrimination.is_some_and(|d| d < 0.0),
        "{:?}",
        reversed.classical
    );
    assert!(
        reversed
            .flags
            .iter()
            .any(|f| f.contains("negative discrimination")),
        "{:?}",
        reversed.flags
    );
    let normal = calibration
        .items
        .iter()
        .filter(|i| i.item != "i29")
        .filter(|i| i.classical.discrimination.is_some_and(|d| d > 0.0))
        .count();
    assert_eq!(normal, 29, "the other items discriminate positively");
}

#[test]
fn classical_statistics_follow_their_definitions() {
    // Four learners; item x is answered right exactly by those who do best elsewhere.
    let r = |p: &str, item: &str, correct: bool| FirstResponse {
        person: p.into(),
        item: item.into(),
        correct,
    };
    let responses = vec![
        r("a", "x", true),
        r("a", "y", true),
        r("a", "z", true),
        r("b", "x", true),
        r("b", "y", true),
        r("b", "z", false),
        r("c", "x", false),
        r("c", "y", false),
        r("c", "z", true),
        r("d", "x", false),
        r("d", "y", false),
        r("d", "z", false),
    ];
    let stats = classical(&responses);
    let x = &stats["x"];
    assert_eq!(x.n, 4);
    assert!((x.facility - 0.5).abs() < 1e-12);
    let d = x.discrimination.expect("both vary");
    assert!(d > 70.0, "{d}");
    assert!(x.efficiency.is_some_and(|e| e > 0.0 && e <= 100.0 + 1e-9));
}

#[test]
fn too_few_learners_is_an_error_that_says_how_many_are_needed() {
    let responses: Vec<FirstResponse> = (0..5)
        .map(|p| FirstResponse {
            person: format!("p{p}"),
            item: "i".into(),
            correct: p % 2 == 0,
        })
        .collect();
    let err = calibrate(&responses, irt::Model::Rasch, 30, |_| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("at least {MIN_PERSONS} learners; there are 5")),
        "{err}"
    );
}

#[test]
fn items_with_few_responses_are_regularised_and_flagged() {
    let (mut responses, _) = simulate();
    // A new item seen by only 12 learners, all of whom got it right.
    for person in 0..12 {
        responses.push(FirstResponse {
            person: format!("p{person}"),
            item: "new".into(),
            correct: true,
        });
    }
    let calibration =
        calibrate(&responses, irt::Model::Rasch, 30, |_| {}).expect("priors keep it finite");
    assert!(calibration.regularised);
    let new = calibration.items.iter().find(|i| i.item == "new").unwrap();
    assert!(
        new.b.is_finite() && new.b < 0.0,
        "an all-correct item is easy but finite: {}",
        new.b
    );
    assert!(
        new.flags.iter().any(|f| f.contains("only 12 responses")),
        "{:?}",
        new.flags
    );
}
