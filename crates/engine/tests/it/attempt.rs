//! The attempt state machine: time, pauses, answers, checks and replay.

use crate::bankgen::{Kind, Spec, saa_bank};
use crate::{START, at, at_ms, saa};
use engine::{
    Answer, AnswerError, Attempt, AttemptError, Event, FeedbackTiming, Form, FormSpec, Mode,
    Outcome, QuestionKind, Record, Status, assemble,
};
use std::time::Duration;

fn full_form(seed: u64) -> Form {
    let bank = saa_bank([20, 20, 20, 20], [5, 5, 5, 5]);
    assemble(&bank, saa(), &FormSpec::full(), seed).expect("assembles")
}

/// A small form with every question kind: 2 single, 2 multiple, 2 ordering, 2 matching.
pub fn mixed_form(seed: u64, minutes: Option<u32>) -> Form {
    let kinds = [Kind::Single, Kind::Multiple, Kind::Ordering, Kind::Matching];
    let bank: Vec<bank::Item> = (0..8)
        .map(|n| {
            Spec::new(format!("mixed-{n}"), 1)
                .kind(kinds[n % 4])
                .key_at(n)
                .build()
        })
        .collect();
    assemble(&bank, saa(), &FormSpec::custom(vec![1], 8, minutes), seed).expect("assembles")
}

fn index_of(form: &Form, kind: QuestionKind) -> usize {
    form.items()
        .iter()
        .position(|i| i.kind() == kind)
        .expect("kind present")
}

#[test]
fn the_deadline_is_fixed_at_start() {
    let attempt = Attempt::new(full_form(1), Mode::Exam, START).expect("starts");
    assert_eq!(attempt.deadline(), Some(at(130 * 60)));
    assert_eq!(
        attempt.remaining(START),
        Some(Duration::from_secs(130 * 60))
    );
    assert_eq!(
        attempt.remaining(at(600)),
        Some(Duration::from_secs(120 * 60))
    );
    assert_eq!(attempt.remaining(at(200 * 60)), Some(Duration::ZERO));
    assert_eq!(attempt.status(), Status::InProgress);
    assert_eq!(attempt.current(), Some(0));
    // Untimed practice has no deadline.
    let practice =
        Attempt::new(full_form(1), Mode::Practice { timed: false }, START).expect("starts");
    assert_eq!(practice.deadline(), None);
    assert_eq!(practice.remaining(at(99_999)), None);
    assert!(!practice.is_due(at(99_999)));
}

#[test]
fn time_out_is_recorded_explicitly_and_closes_at_the_deadline() {
    let form = full_form(2);
    let answer = form.items()[0].correct_answer();
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    let deadline = attempt.deadline().expect("timed");
    let last_ms = 130 * 60 * 1000 - 1;
    // One millisecond before the deadline is still in time.
    attempt
        .apply(
            Event::Answered {
                item: 0,
                answer: answer.clone(),
            },
            at_ms(last_ms),
        )
        .expect("in time");
    // At the deadline, nothing but the time-out.
    let before = attempt.clone();
    let err = attempt
        .apply(Event::Cleared { item: 0 }, deadline)
        .expect_err("too late");
    assert_eq!(err, AttemptError::TimeIsUp { deadline });
    assert!(
        err.to_string().contains("append a timed out event"),
        "{err}"
    );
    assert_eq!(attempt, before, "a refused event changes nothing");
    assert!(attempt.is_due(deadline));

    // Noticed five minutes late; closed as of the deadline.
    let late = deadline.plus(Duration::from_secs(300));
    let applied = attempt.apply(Event::TimedOut, late).expect("times out");
    assert_eq!(
        applied.record,
        Record {
            at: late,
            event: Event::TimedOut
        }
    );
    assert_eq!(attempt.status(), Status::Closed(Outcome::TimedOut));
    assert_eq!(attempt.closed_at(), Some(deadline));
    assert_eq!(attempt.time_used(late), Duration::from_secs(130 * 60));
    let err = attempt
        .apply(Event::Answered { item: 1, answer }, late)
        .expect_err("closed");
    assert_eq!(
        err,
        AttemptError::Closed {
            outcome: Outcome::TimedOut
        }
    );
    let report = attempt.report().expect("report");
    assert_eq!(report.outcome, Outcome::TimedOut);
    assert_eq!(report.answered, 1);

    // Replay gives the same state.
    let replayed = Attempt::replay(attempt.records().to_vec()).expect("replays");
    assert_eq!(replayed, attempt);
}

#[test]
fn time_out_before_the_deadline_or_untimed_is_refused() {
    let mut attempt = Attempt::new(full_form(3), Mode::Exam, START).expect("starts");
    let err = attempt.apply(Event::TimedOut, at(60)).expect_err("early");
    assert_eq!(
        err.to_string(),
        "the attempt has 2 h 09 min left (deadline 2026-12-01T10:10:00Z); it can time out only at or after its deadline"
    );
    let mut untimed =
        Attempt::new(full_form(3), Mode::Practice { timed: false }, START).expect("starts");
    assert_eq!(
        untimed.apply(Event::TimedOut, at(1_000_000)),
        Err(AttemptError::NoClock { why: "untimed" })
    );
    assert!(untimed.time_out_if_due(at(1_000_000)).is_none());
    assert!(attempt.time_out_if_due(at(10)).is_none());
    assert!(attempt.time_out_if_due(at(130 * 60)).is_some());
    assert!(attempt.is_closed());
}

#[test]
fn exams_cannot_be_paused() {
    let mut attempt = Attempt::new(full_form(4), Mode::Exam, START).expect("starts");
    let err = attempt.apply(Event::Paused, at(10)).expect_err("exam");
    assert_eq!(err, AttemptError::PauseNotAllowed);
    assert_eq!(attempt.deadline(), Some(at(130 * 60)));
}

#[test]
fn a_pause_extends_the_deadline_by_its_length() {
    let mut attempt =
        Attempt::new(full_form(5), Mode::Practice { timed: true }, START).expect("starts");
    attempt.apply(Event::Paused, at(600)).expect("pauses");
    assert_eq!(attempt.status(), Status::Paused);
    // The clock is stopped: what is left does not shrink, and nothing times out, even
    // long after the original deadline.
    assert_eq!(
        attempt.remaining(at(601)),
        Some(Duration::from_secs(120 * 60))
    );
    assert_eq!(
        attempt.remaining(at(99_999)),
        Some(Duration::from_secs(120 * 60))
    );
    assert!(!attempt.is_due(at(99_999)));
    assert_eq!(
        attempt.apply(Event::TimedOut, at(99_999)),
        Err(AttemptError::NoClock { why: "paused" })
    );
    assert_eq!(
        attempt.apply(Event::Flagged { item: 0 }, at(700)),
        Err(AttemptError::IsPaused { event: "flagged" })
    );
    assert_eq!(
        attempt.apply(Event::Paused, at(700)),
        Err(AttemptError::AlreadyPaused)
    );
    attempt.apply(Event::Resumed, at(1_500)).expect("resumes");
    assert_eq!(attempt.deadline(), Some(at(130 * 60 + 900)));
    assert_eq!(
        attempt.remaining(at(1_500)),
        Some(Duration::from_secs(120 * 60))
    );
    assert_eq!(
        attempt.apply(Event::Resumed, at(1_501)),
        Err(AttemptError::NotPaused)
    );
    assert_eq!(attempt.time_used(at(1_600)), Duration::from_secs(700));
}

#[test]
fn select_n_is_enforced() {
    let form = mixed_form(1, None);
    let multiple = index_of(&form, QuestionKind::Multiple);
    let single = index_of(&form, QuestionKind::Single);
    let mut attempt = Attempt::new(form, Mode::Practice { timed: false }, START).expect("starts");
    assert_eq!(attempt.question(multiple).expect("view").select, Some(2));
    let err = attempt
        .apply(
            Event::Answered {
                item: multiple,
                answer: Answer::Choices(vec![0, 1, 2]),
            },
            at(1),
        )
        .expect_err("three of select two");
    assert_eq!(
        err,
        AttemptError::InvalidAnswer {
            item: multiple,
            source: AnswerError::TooMany {
                select: 2,
                given: 3
            }
        }
    );
    assert!(err.to_string().contains("\"Select 2\""), "{err}");
    // One of two is allowed (and scores nothing); the choices are recorded sorted.
    attempt
        .apply(
            Event::Answered {
                item: multiple,
                answer: Answer::Choices(vec![4]),
            },
            at(2),
        )
        .expect("one is fine");
    let applied = attempt
        .apply(
            Event::Answered {
                item: multiple,
                answer: Answer::Choices(vec![3, 1]),
            },
            at(3),
        )
        .expect("two is fine");
    assert_eq!(
        applied.record.event,
        Event::Answered {
            item: multiple,
            answer: Answer::Choices(vec![1, 3])
        }
    );
    let err = attempt
        .apply(
            Event::Answered {
                item: multiple,
                answer: Answer::Choices(vec![1, 1]),
            },
            at(4),
        )
        .expect_err("repeat");
    assert!(
        err.to_string().contains("option B is chosen twice"),
        "{err}"
    );
    let err = attempt
        .apply(
            Event::Answered {
                item: single,
                answer: Answer::Choices(vec![0, 1]),
            },
            at(4),
        )
        .expect_err("two for a single");
    assert!(
        matches!(
            err,
            AttemptError::InvalidAnswer {
                source: AnswerError::NotOne { given: 2 },
                ..
            }
        ),
        "{err}"
    );
    let err = attempt
        .apply(
            Event::Answered {
                item: single,
                answer: Answer::Choices(vec![7]),
            },
            at(4),
        )
        .expect_err("no option H");
    assert!(
        err.to_string()
            .ends_with("there is no option H: the question shows 4 (A to D)"),
        "{err}"
    );
}

#[test]
fn ordering_and_matching_answers_are_checked() {
    let form = mixed_form(2, None);
    let ordering = index_of(&form, QuestionKind::Ordering);
    let matching = index_of(&form, QuestionKind::Matching);
    let single = index_of(&form, QuestionKind::Single);
    let mut attempt = Attempt::new(form, Mode::Practice { timed: false }, START).expect("starts");
    let bad = |answer| Event::Answered {
        item: ordering,
        answer,
    };
    for answer in [
        Answer::Order(vec![0, 1, 2]),
        Answer::Order(vec![0, 1, 2, 2]),
        Answer::Order(vec![0, 1, 2, 3, 0]),
    ] {
        let err = attempt
            .apply(bad(answer), at(1))
            .expect_err("not a permutation");
        assert!(
            err.to_string().contains("put all 4 steps in order"),
            "{err}"
        );
    }
    attempt
        .apply(bad(Answer::Order(vec![3, 2, 1, 0])), at(2))
        .expect("a permutation");
    let err = attempt
        .apply(
            Event::Answered {
                item: matching,
                answer: Answer::Matches(vec![0, 1]),
            },
            at(3),
        )
        .expect_err("two of three prompts");
    assert!(
        err.to_string()
            .contains("give one response for each of the 3 prompts (got 2)"),
        "{err}"
    );
    attempt
        .apply(
            Event::Answered {
                item: matching,
                answer: Answer::Matches(vec![3, 3, 3]),
            },
            at(3),
        )
        .expect("a response may be chosen twice");
    let err = attempt
        .apply(
            Event::Answered {
                item: single,
                answer: Answer::Order(vec![0]),
            },
            at(4),
        )
        .expect_err("wrong shape");
    assert!(
        err.to_string()
            .contains("this is a single question; answer it with choices"),
        "{err}"
    );
}

#[test]
fn unknown_items_and_out_of_order_times_are_refused() {
    let mut attempt = Attempt::new(full_form(6), Mode::Exam, START).expect("starts");
    let err = attempt
        .apply(Event::Navigated { item: 65 }, at(1))
        .expect_err("no question 66");
    assert_eq!(
        err.to_string(),
        "there is no question at index 65: the form has 65 questions (indices 0 to 64)"
    );
    attempt
        .apply(Event::Navigated { item: 3 }, at(10))
        .expect("navigates");
    let err = attempt
        .apply(Event::Navigated { item: 4 }, at(9))
        .expect_err("earlier");
    assert!(matches!(err, AttemptError::OutOfOrder { .. }), "{err}");
    let err = attempt
        .apply(
            Event::Started {
                form: Box::new(full_form(6)),
                mode: Mode::Exam,
            },
            at(11),
        )
        .expect_err("started twice");
    assert_eq!(err, AttemptError::AlreadyStarted);
}

#[test]
fn checking_makes_an_answer_final_in_practice_only() {
    let form = mixed_form(3, None);
    let single = index_of(&form, QuestionKind::Single);
    let answer = form.items()[single].correct_answer();
    let mut exam = Attempt::new(mixed_form(3, Some(20)), Mode::Exam, START).expect("starts");
    assert_eq!(
        exam.apply(Event::Checked { item: single }, at(1)),
        Err(AttemptError::NoImmediateFeedback { mode: Mode::Exam })
    );
    let deferred = Mode::Custom {
        feedback: FeedbackTiming::Deferred,
        timed: false,
    };
    let mut custom = Attempt::new(mixed_form(3, None), deferred, START).expect("starts");
    assert!(custom.apply(Event::Checked { item: 0 }, at(1)).is_err());

    let mut practice = Attempt::new(form, Mode::Practice { timed: false }, START).expect("starts");
    practice
        .apply(
            Event::Answered {
                item: single,
                answer: answer.clone(),
            },
            at(1),
        )
        .expect("answers");
    practice
        .apply(Event::Checked { item: single }, at(2))
        .expect("checks");
    assert!(practice.is_final(single));
    assert_eq!(
        practice.apply(Event::Cleared { item: single }, at(3)),
        Err(AttemptError::Final { item: single })
    );
    assert_eq!(
        practice.apply(
            Event::Answered {
                item: single,
                answer
            },
            at(3)
        ),
        Err(AttemptError::Final { item: single })
    );
    assert_eq!(
        practice.apply(Event::Checked { item: single }, at(3)),
        Err(AttemptError::AlreadyChecked { item: single })
    );
    // Flags still work on a checked question; an unanswered one can be checked too.
    practice
        .apply(Event::Flagged { item: single }, at(4))
        .expect("flags");
    let other = (single + 1) % 8;
    practice
        .apply(Event::Checked { item: other }, at(5))
        .expect("reveals a blank");
    assert!(practice.answer(other).is_none());
}

#[test]
fn time_is_counted_per_question_from_the_events() {
    let form = mixed_form(4, Some(30));
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    attempt
        .apply(Event::Flagged { item: 0 }, at(30))
        .expect("0: 30 s");
    attempt
        .apply(Event::Navigated { item: 5 }, at(40))
        .expect("0: 10 s more");
    attempt
        .apply(Event::ReviewOpened, at(100))
        .expect("5: 60 s");
    assert_eq!(attempt.current(), None);
    attempt
        .apply(Event::Navigated { item: 0 }, at(130))
        .expect("review: 30 s");
    attempt.apply(Event::Submitted, at(135)).expect("0: 5 s");
    assert_eq!(attempt.time_on(0), Duration::from_secs(45));
    assert_eq!(attempt.time_on(5), Duration::from_secs(60));
    assert_eq!(attempt.time_on(1), Duration::ZERO);
    let report = attempt.report().expect("closed");
    assert_eq!(report.time_used, Duration::from_secs(135));
    assert_eq!(report.questions[0].time, Duration::from_secs(45));
    assert_eq!(report.questions[5].time, Duration::from_secs(60));
    assert!(report.questions[0].flagged);
}

#[test]
fn the_review_screen_counts_answered_unanswered_and_flagged() {
    let form = mixed_form(5, Some(30));
    let single = index_of(&form, QuestionKind::Single);
    let answer = form.items()[single].correct_answer();
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    attempt
        .apply(
            Event::Answered {
                item: single,
                answer,
            },
            at(1),
        )
        .expect("answers");
    attempt
        .apply(Event::Flagged { item: 2 }, at(2))
        .expect("flags");
    attempt
        .apply(Event::Flagged { item: 3 }, at(3))
        .expect("flags");
    attempt
        .apply(Event::Unflagged { item: 3 }, at(4))
        .expect("unflags");
    attempt.apply(Event::ReviewOpened, at(5)).expect("opens");
    let review = attempt.review();
    assert_eq!(
        (review.answered, review.unanswered, review.flagged),
        (1, 7, 1)
    );
    assert!(review.entries[single].answered);
    assert!(review.entries[2].flagged && !review.entries[3].flagged);
    attempt
        .apply(Event::Cleared { item: single }, at(6))
        .expect("clears");
    assert_eq!(attempt.review().answered, 0);
}

#[test]
fn the_log_replays_through_json_to_the_same_attempt_and_report() {
    let form = full_form(7);
    let keys: Vec<Answer> = form.items().iter().map(|i| i.correct_answer()).collect();
    let mut attempt = Attempt::new(form, Mode::Exam, START).expect("starts");
    for (i, key) in keys.iter().enumerate().take(40) {
        let t = 10 + 60 * i as u64;
        attempt
            .apply(Event::Navigated { item: i }, at(t))
            .expect("navigates");
        attempt
            .apply(
                Event::Answered {
                    item: i,
                    answer: key.clone(),
                },
                at(t + 30),
            )
            .expect("answers");
        if i % 7 == 0 {
            attempt
                .apply(Event::Flagged { item: i }, at(t + 31))
                .expect("flags");
        }
    }
    attempt.apply(Event::Submitted, at(3_000)).expect("submits");
    let json: Vec<String> = attempt
        .records()
        .iter()
        .map(|r| serde_json::to_string(r).expect("serializes"))
        .collect();
    assert!(
        json[1].starts_with(r#"{"at":1796112010000,"event":"navigated","item":0"#),
        "{}",
        json[1]
    );
    let records: Vec<Record> = json
        .iter()
        .map(|j| serde_json::from_str(j).expect("deserializes"))
        .collect();
    let replayed = Attempt::replay(records.clone()).expect("replays");
    assert_eq!(replayed, attempt);
    assert_eq!(replayed.report(), attempt.report());

    // A log cut anywhere replays to a prefix state; a corrupted one names the bad record.
    let partial = Attempt::replay(records[..10].to_vec()).expect("replays");
    assert_eq!(partial.records().len(), 10);
    let mut broken = records.clone();
    broken.insert(
        5,
        Record {
            at: at(0),
            event: Event::Paused,
        },
    );
    let err = Attempt::replay(broken).expect_err("bad record");
    assert_eq!(err.index, 5);
    assert_eq!(
        err.source,
        AttemptError::OutOfOrder {
            at: at(0),
            last: at(70)
        }
    );
    let err = Attempt::replay(records[1..].to_vec()).expect_err("no start");
    assert_eq!(
        err.to_string(),
        "record 0 of the attempt's log (navigated) is invalid: an attempt's log must begin with a started event (got navigated); replay the whole log from its first record"
    );
}
