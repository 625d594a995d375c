//! Scoring, the practice scale, classification and the report.

use crate::attempt::mixed_form;
use crate::bankgen::{Spec, saa_bank};
use crate::{START, at, saa};
use engine::{
    Answer, Attempt, AttemptError, Classification, Event, Form, FormSpec, Mode, PracticeScale,
    QuestionKind, Report, SCALE_LABEL, assemble,
};
use proptest::prelude::*;

/// A SAA-C03 bank where every item is rated 0.7: a full form's cut is exactly 35.
fn flat_form(seed: u64) -> Form {
    let mut bank: Vec<bank::Item> = Vec::new();
    for domain in 1..=4u8 {
        for n in 0..20 {
            bank.push(
                Spec::new(format!("flat-d{domain}-{n:02}"), domain)
                    .key_at(n)
                    .build(),
            );
        }
        for n in 0..5 {
            bank.push(
                Spec::new(format!("flat-d{domain}-draft-{n}"), domain)
                    .draft()
                    .build(),
            );
        }
    }
    assemble(&bank, saa(), &FormSpec::full(), seed).expect("assembles")
}

/// Answers the questions `pick` selects correctly and the others wrongly (choice items get a
/// wrong option, the rest stay blank), then submits and reports.
fn take(form: Form, pick: impl Fn(usize, bool) -> bool) -> Report {
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    for i in 0..attempt.form().len() {
        let item = &attempt.form().items()[i];
        let answer = if pick(i, item.scored()) {
            Some(item.correct_answer())
        } else {
            wrong(item)
        };
        if let Some(answer) = answer {
            attempt
                .apply(Event::Answered { item: i, answer }, at(i as u64 + 1))
                .expect("answers");
        }
    }
    attempt.apply(Event::Submitted, at(3_600)).expect("submits");
    attempt.report().expect("closed")
}

/// A wrong answer for a single-answer question.
fn wrong(item: &engine::FormItem) -> Option<Answer> {
    let Answer::Choices(key) = item.correct_answer() else {
        return None;
    };
    (item.kind() == QuestionKind::Single).then(|| Answer::Choices(vec![(key[0] + 1) % 4]))
}

#[test]
fn all_blank_scores_100_and_fails() {
    let form = flat_form(1);
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    attempt.apply(Event::Submitted, at(60)).expect("submits");
    let report = attempt.report().expect("closed");
    assert_eq!((report.raw, report.raw_max), (0, 50));
    assert_eq!(report.scaled, 100);
    assert!(!report.passed);
    assert_eq!((report.answered, report.unanswered), (0, 65));
    assert!(report.questions.iter().all(|q| !q.correct && !q.answered));
    assert!(
        report
            .domains
            .iter()
            .all(|d| d.classification == Some(Classification::NeedsImprovement))
    );
}

#[test]
fn all_correct_scores_1000() {
    let report = take(flat_form(2), |_, _| true);
    assert_eq!((report.raw, report.scaled), (50, 1000));
    assert!(report.passed);
    assert_eq!(report.cut, 35.0);
    assert!(
        report
            .domains
            .iter()
            .all(|d| d.classification == Some(Classification::MeetsCompetencies))
    );
    let per_domain: Vec<(u32, u32)> = report
        .domains
        .iter()
        .map(|d| (d.correct, d.scored))
        .collect();
    assert_eq!(per_domain, vec![(15, 15), (13, 13), (12, 12), (10, 10)]);
}

#[test]
fn exactly_at_the_cut_is_the_passing_score() {
    let form = flat_form(3);
    let scored: Vec<usize> = (0..form.len())
        .filter(|&i| form.items()[i].scored())
        .collect();
    let at_cut = scored[..35].to_vec();
    let report = take(form.clone(), |i, _| at_cut.contains(&i));
    assert_eq!(report.raw, 35);
    assert_eq!(report.scaled, 720);
    assert!(report.passed);

    let below = scored[..34].to_vec();
    let report = take(form, |i, _| below.contains(&i));
    assert_eq!(report.raw, 34);
    assert_eq!(report.scaled, 702, "100 + 620 × 34 / 35");
    assert!(!report.passed);
}

#[test]
fn unscored_questions_never_count() {
    let report = take(flat_form(4), |_, scored| !scored);
    assert_eq!(report.raw, 0);
    assert_eq!(report.scaled, 100);
    // They are still listed, as correct, for the learner's review.
    assert_eq!(report.questions.iter().filter(|q| q.correct).count(), 15);
    assert_eq!(report.questions.len(), 65);
}

#[test]
fn there_is_no_partial_credit() {
    let form = mixed_form(9, None);
    let mut attempt = Attempt::new(form, Mode::Practice { timed: false }, START).expect("starts");
    let mut t = 0;
    let mut next = || {
        t += 1;
        at(t)
    };
    for i in 0..8 {
        let item = attempt.form().items()[i].clone();
        let answer = match (item.kind(), item.correct_answer()) {
            // One of the two correct options.
            (QuestionKind::Multiple, Answer::Choices(key)) => Answer::Choices(vec![key[0]]),
            // Two steps swapped.
            (QuestionKind::Ordering, Answer::Order(mut order)) => {
                order.swap(0, 1);
                Answer::Order(order)
            }
            // One pair wrong.
            (QuestionKind::Matching, Answer::Matches(mut matches)) => {
                matches[0] = (matches[0] + 1) % 4;
                Answer::Matches(matches)
            }
            (_, key) => key,
        };
        attempt
            .apply(Event::Answered { item: i, answer }, next())
            .expect("answers");
    }
    attempt.apply(Event::Submitted, next()).expect("submits");
    let report = attempt.report().expect("closed");
    assert_eq!(report.raw, 2, "only the two single-answer questions");
    for q in &report.questions {
        assert_eq!(q.correct, q.kind == QuestionKind::Single, "{q:?}");
    }
}

#[test]
fn flags_never_change_a_score() {
    let form = flat_form(5);
    let plain = take(form.clone(), |i, _| i % 3 == 0);
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    for i in 0..attempt.form().len() {
        let item = attempt.form().items()[i].clone();
        if let Some(answer) = if i % 3 == 0 {
            Some(item.correct_answer())
        } else {
            wrong(&item)
        } {
            attempt
                .apply(Event::Answered { item: i, answer }, at(i as u64 + 1))
                .expect("answers");
        }
        attempt
            .apply(Event::Flagged { item: i }, at(i as u64 + 1))
            .expect("flags");
    }
    attempt.apply(Event::Submitted, at(3_600)).expect("submits");
    let flagged = attempt.report().expect("closed");
    assert_eq!(flagged.raw, plain.raw);
    assert_eq!(flagged.scaled, plain.scaled);
    assert!(flagged.questions.iter().all(|q| q.flagged));
}

#[test]
fn items_without_a_rating_use_their_difficultys_default() {
    let bank: Vec<bank::Item> = (0..10)
        .map(|n| {
            let spec = Spec::new(format!("rated-{n}"), 2).angoff(None);
            match n % 3 {
                0 => spec.difficulty("hard"),
                1 => spec.difficulty("easy"),
                _ => spec,
            }
            .build()
        })
        .collect();
    // 4 hard (0.48), 3 easy (0.9), 3 without a difficulty (medium, 0.68).
    let form = assemble(&bank, saa(), &FormSpec::drill(2, 10), 1).expect("assembles");
    let expected = 4.0 * 0.48 + 3.0 * 0.9 + 3.0 * 0.68;
    assert!(
        (form.raw_cut() - expected).abs() < 1e-9,
        "{}",
        form.raw_cut()
    );
}

#[test]
fn domains_are_classified_against_their_share_of_the_cut() {
    let form = flat_form(6);
    // Domain 1 (15 scored, cut 10.5): 11 correct meets; domain 2 (13, cut 9.1): 9 does not.
    let mut wanted = std::collections::HashMap::from([(1u8, 11), (2, 9), (3, 12), (4, 0)]);
    let chosen: Vec<usize> = (0..form.len())
        .filter(|&i| {
            let item = &form.items()[i];
            let left = wanted.get_mut(&item.domain()).expect("domain");
            if item.scored() && *left > 0 {
                *left -= 1;
                true
            } else {
                false
            }
        })
        .collect();
    let report = take(form, |i, _| chosen.contains(&i));
    let classes: Vec<Option<Classification>> =
        report.domains.iter().map(|d| d.classification).collect();
    assert_eq!(
        classes,
        vec![
            Some(Classification::MeetsCompetencies),
            Some(Classification::NeedsImprovement),
            Some(Classification::MeetsCompetencies),
            Some(Classification::NeedsImprovement),
        ]
    );
    assert!((report.domains[0].cut - 10.5).abs() < 1e-9);
    // Compensatory: 32 of 50 against a cut of 35 fails overall.
    assert_eq!(report.raw, 32);
    assert!(!report.passed);
    assert!(report.classification_rule.contains("Meets competencies"));
}

#[test]
fn the_report_labels_the_scale_and_explains_it() {
    let report = take(flat_form(7), |i, _| i % 2 == 0);
    assert_eq!(report.scale_label, SCALE_LABEL);
    assert_eq!(SCALE_LABEL, "practice-scale estimate, not an AWS score");
    assert!(report.scale_explanation.contains("does not publish"));
    assert!(report.scale_explanation.contains("sum of the Angoff"));
    assert!(report.scale_explanation.contains("here 35 of 50"));
    assert!(report.scale_explanation.contains("720"));
    assert_eq!(report.scale_caveat, None, "a full form");

    let drill = assemble(
        &saa_bank([10, 10, 10, 10], [0, 0, 0, 0]),
        saa(),
        &FormSpec::drill(1, 5),
        1,
    )
    .expect("assembles");
    let mut attempt =
        Attempt::new(drill, Mode::DomainDrill { timed: false }, START).expect("starts");
    attempt.apply(Event::Submitted, at(1)).expect("submits");
    let report = attempt.report().expect("closed");
    let caveat = report.scale_caveat.expect("a drill");
    assert!(
        caveat.contains("This was a drill of domain 1 (5 questions)"),
        "{caveat}"
    );
    assert!(caveat.contains("full forms only"), "{caveat}");
}

#[test]
fn the_report_never_says_which_questions_were_unscored() {
    let report = take(flat_form(8), |i, _| i % 2 == 0);
    let json = serde_json::to_value(&report).expect("serializes");
    for question in json["questions"].as_array().expect("questions") {
        let mut keys: Vec<&str> = question
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            vec![
                "answered", "correct", "domain", "flagged", "id", "index", "kind", "task",
                "time_ms"
            ]
        );
    }
    let back: Report = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, report);
}

#[test]
fn a_report_needs_a_closed_attempt() {
    let attempt = Attempt::new(flat_form(9), Mode::Exam, START).expect("starts");
    assert_eq!(attempt.report(), Err(AttemptError::NotClosed));
}

proptest! {
    /// The practice scale runs from 100 to 1000, never goes down, and is at or above the
    /// passing score exactly when the raw score reaches the cut.
    #[test]
    fn the_practice_scale_is_monotone_and_consistent(
        raw_max in 1u32..120,
        cut_fraction in 0.05f64..0.95,
        passing in prop::sample::select(vec![700u32, 720, 750]),
    ) {
        let scale = PracticeScale::new(raw_max, cut_fraction * f64::from(raw_max), passing);
        prop_assert_eq!(scale.scaled(0), 100);
        prop_assert_eq!(scale.scaled(raw_max), 1000);
        let mut last = 0;
        for raw in 0..=raw_max {
            let s = scale.scaled(raw);
            prop_assert!((100..=1000).contains(&s));
            prop_assert!(s >= last);
            prop_assert_eq!(scale.passes(raw), s >= passing, "raw {} scaled {}", raw, s);
            last = s;
        }
    }
}

#[test]
fn missed_and_flagged_questions_make_a_review_form() {
    let form = flat_form(10);
    let mut attempt = Attempt::new(form, Mode::Practice { timed: false }, START).expect("starts");
    // Right answers to the first 60, and a flag on question 3.
    for i in 0..60 {
        let answer = attempt.form().items()[i].correct_answer();
        attempt
            .apply(Event::Answered { item: i, answer }, at(i as u64))
            .expect("answers");
    }
    attempt
        .apply(Event::Flagged { item: 3 }, at(61))
        .expect("flags");
    attempt.apply(Event::Submitted, at(62)).expect("submits");
    let report = attempt.report().expect("closed");
    let ids = report.review_ids();
    assert_eq!(ids.len(), 6, "5 blank + 1 flagged");
    assert_eq!(ids[0], attempt.form().items()[3].id());
    let bank: Vec<bank::Item> = (1..=4u8)
        .flat_map(|d| {
            (0..20)
                .map(move |n| Spec::new(format!("flat-d{d}-{n:02}"), d).key_at(n).build())
                .chain(
                    (0..5)
                        .map(move |n| Spec::new(format!("flat-d{d}-draft-{n}"), d).draft().build()),
                )
        })
        .collect();
    let review = assemble(&bank, saa(), &FormSpec::review(ids.clone()), 1).expect("assembles");
    let mut got: Vec<&str> = review.item_ids();
    got.sort_unstable();
    let mut want: Vec<&str> = ids.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(got, want);
}
