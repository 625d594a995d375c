//! Calibration from first responses: parameter recovery, classical statistics and flags.

use study::calibrate::{
    DistractorAnalysis, FirstChoice, FirstResponse, MIN_CANDIDATES, MIN_PERSONS, OptionChoice,
    calibrate, classical, distractors,
};

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

/// Person `p{i}` with `correct` of 10 other items right: their total score is `correct / 10`.
fn scored(person: usize, correct: usize) -> Vec<FirstResponse> {
    (0..10)
        .map(|j| FirstResponse {
            person: format!("p{person}"),
            item: format!("x{j}"),
            correct: j < correct,
        })
        .collect()
}

/// Person `p{i}`'s answer to item `q`, whose options are `keys` (correct) and `wrong`.
fn chose(person: usize, keys: &[&str], wrong: &[&str], chosen: &[&str]) -> FirstChoice {
    let option = |text: &&str, correct: bool| OptionChoice {
        option: (*text).to_owned(),
        correct,
        chosen: chosen.contains(text),
    };
    FirstChoice {
        person: format!("p{person}"),
        item: "q".to_owned(),
        options: keys
            .iter()
            .map(|k| option(k, true))
            .chain(wrong.iter().map(|w| option(w, false)))
            .collect(),
    }
}

/// Ten learners ranked p0 (10 of 10) to p9 (1 of 10), choosing `picks[i]` on a single-answer
/// item with key A and distractors B and C ("" is a blank).
fn ten(picks: [&str; 10]) -> DistractorAnalysis {
    let responses: Vec<FirstResponse> = (0..10).flat_map(|i| scored(i, 10 - i)).collect();
    let choices: Vec<FirstChoice> = picks
        .iter()
        .enumerate()
        .map(|(i, pick)| chose(i, &["A"], &["B", "C"], &[pick]))
        .collect();
    let mut result = distractors(&responses, &choices);
    assert_eq!(result.len(), 1);
    result.remove(0)
}

fn shares(analysis: &DistractorAnalysis, option: &str) -> (f64, Option<f64>, Option<f64>) {
    let o = analysis
        .options
        .iter()
        .find(|o| o.option == option)
        .expect("the option is listed");
    (o.overall, o.upper, o.lower)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn distractor_shares_of_the_upper_and_lower_27_percent() {
    // 27% of 10 is 3 per group: p0-p2 upper, p7-p9 lower.
    let analysis = ten(["A", "A", "B", "A", "A", "C", "B", "B", "C", ""]);
    assert_eq!((analysis.candidates, analysis.group_size), (10, 3));
    assert!(analysis.has_groups());
    let (overall, upper, lower) = shares(&analysis, "A");
    assert!((overall - 0.4).abs() < 1e-12);
    assert!(close(upper, 2.0 / 3.0) && close(lower, 0.0));
    let (overall, upper, lower) = shares(&analysis, "B");
    assert!((overall - 0.3).abs() < 1e-12);
    assert!(close(upper, 1.0 / 3.0) && close(lower, 1.0 / 3.0));
    let (overall, upper, lower) = shares(&analysis, "C");
    assert!((overall - 0.2).abs() < 1e-12);
    assert!(close(upper, 0.0) && close(lower, 1.0 / 3.0));
    assert!(close(analysis.upper_lower, 2.0 / 3.0));
    // The key leads in the upper group: nothing to flag.
    assert!(analysis.flags.is_empty(), "{:?}", analysis.flags);
}

#[test]
fn a_distractor_the_upper_group_prefers_is_flagged() {
    let analysis = ten(["B", "B", "A", "A", "A", "A", "A", "A", "C", "A"]);
    assert_eq!(analysis.flags.len(), 1, "{:?}", analysis.flags);
    let flag = &analysis.flags[0];
    assert_eq!((flag.distractor.as_str(), flag.key.as_str()), ("B", "A"));
    assert!((flag.distractor_upper - 2.0 / 3.0).abs() < 1e-12);
    assert!((flag.key_upper - 1.0 / 3.0).abs() < 1e-12);
    // The lower group (p7-p9) chose A twice: the key discriminates negatively too.
    assert!(close(analysis.upper_lower, 1.0 / 3.0 - 2.0 / 3.0));
}

#[test]
fn a_distractor_level_with_the_key_is_not_flagged() {
    let analysis = ten(["A", "B", "C", "A", "A", "A", "B", "B", "C", "C"]);
    let (_, a, _) = shares(&analysis, "A");
    let (_, b, _) = shares(&analysis, "B");
    assert!(close(a, 1.0 / 3.0) && close(b, 1.0 / 3.0));
    assert!(analysis.flags.is_empty(), "{:?}", analysis.flags);
}

#[test]
fn learners_tied_at_a_group_boundary_share_its_places() {
    // Four learners, one per group: p0 and p1 tie at the top, so each is half the upper group.
    let responses: Vec<FirstResponse> = [10, 10, 5, 0]
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| scored(i, c))
        .collect();
    let picks = |top: [&str; 2]| -> Vec<FirstChoice> {
        vec![
            chose(0, &["A"], &["B"], &[top[0]]),
            chose(1, &["A"], &["B"], &[top[1]]),
            chose(2, &["A"], &["B"], &["A"]),
            chose(3, &["A"], &["B"], &["B"]),
        ]
    };
    let split = &distractors(&responses, &picks(["B", "A"]))[0];
    assert_eq!(split.group_size, 1);
    let (_, upper_a, lower_a) = shares(split, "A");
    let (_, upper_b, lower_b) = shares(split, "B");
    assert!(close(upper_a, 0.5) && close(upper_b, 0.5));
    assert!(close(lower_a, 0.0) && close(lower_b, 1.0));
    assert!(split.flags.is_empty(), "half and half is a tie");
    // The order of the input does not matter.
    let mut reversed = picks(["B", "A"]);
    reversed.reverse();
    let again = &distractors(&responses, &reversed)[0];
    assert_eq!(shares(again, "B").1, upper_b);
    // Both tied leaders on the distractor: flagged.
    let both = &distractors(&responses, &picks(["B", "B"]))[0];
    assert_eq!(both.flags.len(), 1);
    assert!((both.flags[0].distractor_upper - 1.0).abs() < 1e-12);
}

#[test]
fn multiple_response_flags_a_distractor_over_any_correct_option() {
    let responses: Vec<FirstResponse> = [10, 7, 4, 1]
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| scored(i, c))
        .collect();
    let keys = ["A", "B"];
    let wrong = ["C", "D"];
    // The best learner picks A and C: C (1.0) beats the correct B (0.0) in the upper group.
    let flagged = &distractors(
        &responses,
        &[
            chose(0, &keys, &wrong, &["A", "C"]),
            chose(1, &keys, &wrong, &["A", "B"]),
            chose(2, &keys, &wrong, &["B", "D"]),
            chose(3, &keys, &wrong, &["C", "D"]),
        ],
    )[0];
    assert_eq!(flagged.flags.len(), 1, "{:?}", flagged.flags);
    assert_eq!(flagged.flags[0].distractor, "C");
    assert_eq!(flagged.flags[0].key, "B");
    assert!(
        close(flagged.upper_lower, 0.0),
        "the best learner missed it"
    );
    // Picking the whole key flags nothing.
    let clean = &distractors(
        &responses,
        &[
            chose(0, &keys, &wrong, &["A", "B"]),
            chose(1, &keys, &wrong, &["A", "C"]),
            chose(2, &keys, &wrong, &["B", "D"]),
            chose(3, &keys, &wrong, &["C", "D"]),
        ],
    )[0];
    assert!(clean.flags.is_empty(), "{:?}", clean.flags);
    assert!(close(clean.upper_lower, 1.0));
}

#[test]
fn too_few_learners_get_no_groups_and_no_flags() {
    let responses: Vec<FirstResponse> = (0..MIN_CANDIDATES - 1)
        .flat_map(|i| scored(i, 10 - i))
        .collect();
    let choices: Vec<FirstChoice> = (0..MIN_CANDIDATES - 1)
        .map(|i| chose(i, &["A"], &["B"], &["B"]))
        .collect();
    let analysis = &distractors(&responses, &choices)[0];
    assert_eq!(analysis.candidates, MIN_CANDIDATES - 1);
    assert!(!analysis.has_groups());
    assert_eq!(analysis.group_size, 0);
    assert_eq!(analysis.upper_lower, None);
    assert_eq!(shares(analysis, "B"), (1.0, None, None));
    assert!(analysis.flags.is_empty());
}

#[test]
fn only_first_choices_of_ranked_learners_count() {
    let responses = scored(0, 5);
    let choices = vec![
        chose(0, &["A"], &["B"], &["A"]),
        chose(0, &["A"], &["B"], &["B"]),
        chose(9, &["A"], &["B"], &["B"]), // no responses: not ranked
    ];
    let analysis = &distractors(&responses, &choices)[0];
    assert_eq!(analysis.candidates, 1);
    assert_eq!(shares(analysis, "A").0, 1.0);
}
