//! What the candidate may see: no key or explanation before it is revealed, and nothing
//! that marks a question as unscored.

use crate::attempt::mixed_form;
use crate::bankgen::saa_bank;
use crate::{START, at, saa};
use engine::{Attempt, Event, Form, FormSpec, Mode, QuestionKind, QuestionView, assemble};

fn full_form(seed: u64) -> Form {
    assemble(
        &saa_bank([20, 20, 20, 20], [5, 5, 5, 5]),
        saa(),
        &FormSpec::full(),
        seed,
    )
    .expect("assembles")
}

fn json(view: &QuestionView) -> String {
    serde_json::to_string(view).expect("serializes")
}

#[test]
fn an_open_exam_shows_no_key_explanation_or_scored_mark() {
    let form = full_form(1);
    let keys: Vec<_> = form.items().iter().map(|i| i.correct_answer()).collect();
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    for (i, key) in keys.into_iter().enumerate() {
        attempt
            .apply(
                Event::Answered {
                    item: i,
                    answer: key,
                },
                at(i as u64 + 1),
            )
            .expect("answers");
    }
    // Every generated explanation contains "EXPLAIN-"; none is in any view, and neither
    // is a reference, a "scored" or "correct" field or a key.
    for view in attempt.questions() {
        assert!(view.solution.is_none());
        let text = json(&view);
        for forbidden in ["EXPLAIN-", "scored", "correct", "key", "docs.aws"] {
            assert!(!text.contains(forbidden), "{forbidden} in {text}");
        }
        assert!(view.answer.is_some() && !view.is_final);
    }
    // Once submitted, every question is revealed.
    attempt.apply(Event::Submitted, at(100)).expect("submits");
    for view in attempt.questions() {
        let solution = view.solution.as_ref().expect("revealed");
        assert!(solution.correct());
        assert!(solution.explanation().starts_with("EXPLAIN-"));
        assert!(!solution.references().is_empty());
        assert!(view.is_final);
        assert!(!json(&view).contains("scored"));
    }
}

#[test]
fn practice_reveals_a_question_only_once_it_is_checked() {
    let form = mixed_form(2, None);
    let matching = form
        .items()
        .iter()
        .position(|i| i.kind() == QuestionKind::Matching)
        .expect("matching");
    let mut attempt = Attempt::new(form, Mode::Practice { timed: true }, START).expect("starts");
    assert!(attempt.questions().iter().all(|q| q.solution.is_none()));
    attempt
        .apply(Event::Checked { item: matching }, at(5))
        .expect("checks");
    for view in attempt.questions() {
        assert_eq!(
            view.solution.is_some(),
            view.index == matching,
            "{}",
            view.index
        );
    }
    let view = attempt.question(matching).expect("view");
    let solution = view.solution.expect("revealed");
    assert!(!solution.correct(), "a blank is wrong");
    assert_eq!(view.prompts.len(), 3);
    assert_eq!(view.options.len(), 4);
    assert_eq!(solution.prompt_explanations().len(), 3);
    // The distractor's explanation is shown under its response; the others are empty.
    assert_eq!(
        solution
            .option_explanations()
            .iter()
            .filter(|e| !e.is_empty())
            .count(),
        1
    );
}

#[test]
fn views_show_labels_select_n_and_the_current_answer() {
    let form = mixed_form(3, None);
    let attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    for view in attempt.questions() {
        assert_eq!(view.total, 8);
        let labels: Vec<&str> = view.options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels[..3], ["A", "B", "C"]);
        match view.kind {
            QuestionKind::Multiple => {
                assert_eq!(view.select, Some(2));
                assert_eq!(view.options.len(), 5);
            }
            QuestionKind::Single => assert_eq!(view.select, None),
            QuestionKind::Ordering => assert_eq!(view.options.len(), 4),
            QuestionKind::Matching => assert_eq!(view.prompts.len(), 3),
        }
        assert!(view.answer.is_none() && !view.flagged);
    }
    assert!(attempt.question(8).is_err());
}

#[test]
fn choice_results_exist_only_once_closed_and_skip_ordering_and_matching() {
    let form = mixed_form(3, None);
    let multiple = form
        .items()
        .iter()
        .position(|i| i.kind() == QuestionKind::Multiple)
        .expect("a multiple-response question");
    let engine::Answer::Choices(key) = form.items()[multiple].correct_answer() else {
        panic!("choices");
    };
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    let answer = engine::Answer::Choices(vec![key[0]]);
    attempt
        .apply(
            Event::Answered {
                item: multiple,
                answer,
            },
            at(1),
        )
        .expect("answers");
    assert_eq!(
        attempt.choice_results(),
        Err(engine::AttemptError::NotClosed)
    );
    attempt.apply(Event::Submitted, at(2)).expect("submits");
    let results = attempt.choice_results().expect("closed");
    assert_eq!(
        results.len(),
        4,
        "2 single + 2 multiple, no ordering or matching"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r.kind, QuestionKind::Single | QuestionKind::Multiple))
    );
    let answered = results.iter().find(|r| r.index == multiple).expect("there");
    assert!(answered.answered);
    // One correct option chosen, the other correct ones not, no distractor.
    let chosen: Vec<_> = answered.options.iter().filter(|o| o.chosen).collect();
    assert_eq!(chosen.len(), 1);
    assert!(chosen[0].correct);
    assert_eq!(
        answered.options.iter().filter(|o| o.correct).count(),
        key.len()
    );
    // Options come sorted by text, not in shown order.
    let texts: Vec<&str> = answered.options.iter().map(|o| o.text.as_str()).collect();
    let mut sorted = texts.clone();
    sorted.sort_unstable();
    assert_eq!(texts, sorted);
}
