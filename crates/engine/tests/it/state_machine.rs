//! The attempt against a reference model, with proptest-state-machine: random sequences of
//! answers, clears, flags, navigation, checks, pauses, waits, submissions and time-outs.
//!
//! The model is a plain re-statement of the rules (which events are accepted when, what
//! they change, how the score is counted). After every step the test checks that the
//! attempt accepted exactly what the model accepted, holds the same answers, flags and
//! time left, never scores more than the scored questions, shows no solution it should
//! not, and replays from its log to itself.

use crate::bankgen::{Kind, Spec};
use crate::{START, saa};
use engine::{
    Answer, Attempt, AttemptError, Event, FeedbackTiming, Form, FormSpec, Mode, Outcome,
    QuestionKind, Status, assemble,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use std::sync::OnceLock;
use std::time::Duration;

/// A bank of 12 items over SAA-C03's domains, every kind, some drafts.
fn bank() -> &'static [bank::Item] {
    static BANK: OnceLock<Vec<bank::Item>> = OnceLock::new();
    BANK.get_or_init(|| {
        let kinds = [Kind::Single, Kind::Multiple, Kind::Ordering, Kind::Matching];
        (0..16)
            .map(|n| {
                let spec = Spec::new(format!("sm-{n:02}"), (n % 4 + 1) as u8)
                    .kind(kinds[(n / 4 + n) % 4])
                    .key_at(n);
                if n >= 12 { spec.draft() } else { spec }.build()
            })
            .collect()
    })
}

/// A 6-question custom form of 10 minutes.
fn form(seed: u64) -> Form {
    assemble(bank(), saa(), &FormSpec::custom(vec![], 6, Some(10)), seed).expect("assembles")
}

/// What the model knows of a question: its shown shape and key.
#[derive(Debug, Clone)]
struct Shape {
    kind: QuestionKind,
    options: usize,
    prompts: usize,
    select: Option<u8>,
    key: Answer,
    scored: bool,
}

/// The reference model's state.
#[derive(Debug, Clone)]
pub struct Model {
    seed: u64,
    mode: Mode,
    shapes: Vec<Shape>,
    /// Milliseconds since the start.
    now: u64,
    deadline: Option<u64>,
    paused_since: Option<u64>,
    closed: Option<Outcome>,
    answers: Vec<Option<Answer>>,
    flags: Vec<bool>,
    checked: Vec<bool>,
    /// Whether the last transition should have been accepted (`None` for a wait).
    accepted: Option<bool>,
}

/// A step of the test.
#[derive(Debug, Clone)]
pub enum Op {
    Wait(u64),
    Answer(usize, Answer),
    Clear(usize),
    Flag(usize),
    Unflag(usize),
    Navigate(usize),
    Check(usize),
    Review,
    Pause,
    Resume,
    Submit,
    TimeOut,
}

impl Op {
    fn event(&self) -> Option<Event> {
        Some(match self.clone() {
            Op::Wait(_) => return None,
            Op::Answer(item, answer) => Event::Answered { item, answer },
            Op::Clear(item) => Event::Cleared { item },
            Op::Flag(item) => Event::Flagged { item },
            Op::Unflag(item) => Event::Unflagged { item },
            Op::Navigate(item) => Event::Navigated { item },
            Op::Check(item) => Event::Checked { item },
            Op::Review => Event::ReviewOpened,
            Op::Pause => Event::Paused,
            Op::Resume => Event::Resumed,
            Op::Submit => Event::Submitted,
            Op::TimeOut => Event::TimedOut,
        })
    }
}

impl Model {
    fn new(seed: u64, mode: Mode) -> Model {
        let form = form(seed);
        let shapes: Vec<Shape> = form
            .items()
            .iter()
            .map(|i| Shape {
                kind: i.kind(),
                options: i.option_count(),
                prompts: i.prompt_count(),
                select: i.select(),
                key: i.correct_answer(),
                scored: i.scored(),
            })
            .collect();
        let n = shapes.len();
        Model {
            seed,
            mode,
            shapes,
            now: 0,
            deadline: mode.is_timed().then_some(10 * 60 * 1000),
            paused_since: None,
            closed: None,
            answers: vec![None; n],
            flags: vec![false; n],
            checked: vec![false; n],
            accepted: None,
        }
    }

    fn immediate(&self) -> bool {
        !matches!(
            self.mode,
            Mode::Exam
                | Mode::Custom {
                    feedback: FeedbackTiming::Deferred,
                    ..
                }
        )
    }

    /// The model's own check of an answer.
    fn valid(&self, item: usize, answer: &Answer) -> bool {
        let shape = &self.shapes[item];
        let in_range = |v: &[u8]| v.iter().all(|&p| usize::from(p) < shape.options);
        match (answer, shape.kind) {
            (Answer::Choices(v), QuestionKind::Single | QuestionKind::Multiple) => {
                let mut sorted = v.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let count_ok = if shape.kind == QuestionKind::Single {
                    v.len() == 1
                } else {
                    !v.is_empty() && v.len() <= usize::from(shape.select.unwrap_or(0))
                };
                in_range(v) && sorted.len() == v.len() && count_ok
            }
            (Answer::Order(v), QuestionKind::Ordering) => {
                let mut sorted = v.clone();
                sorted.sort_unstable();
                sorted == (0..shape.options as u8).collect::<Vec<u8>>()
            }
            (Answer::Matches(v), QuestionKind::Matching) => in_range(v) && v.len() == shape.prompts,
            _ => false,
        }
    }

    fn accepts(&self, op: &Op) -> bool {
        let n = self.shapes.len();
        if self.closed.is_some() {
            return false;
        }
        if let Op::TimeOut = op {
            return self.paused_since.is_none() && self.deadline.is_some_and(|d| self.now >= d);
        }
        if self.paused_since.is_some() {
            return matches!(op, Op::Resume);
        }
        if self.deadline.is_some_and(|d| self.now >= d) {
            return false;
        }
        match op {
            Op::Answer(i, a) => *i < n && !self.checked[*i] && self.valid(*i, a),
            Op::Clear(i) => *i < n && !self.checked[*i],
            Op::Flag(i) | Op::Unflag(i) | Op::Navigate(i) => *i < n,
            Op::Check(i) => self.immediate() && *i < n && !self.checked[*i],
            Op::Review | Op::Submit => true,
            Op::Pause => self.mode != Mode::Exam,
            Op::Resume | Op::Wait(_) | Op::TimeOut => false,
        }
    }

    fn score(&self) -> u32 {
        self.shapes
            .iter()
            .zip(&self.answers)
            .filter(|(s, a)| s.scored && a.as_ref() == Some(&s.key))
            .count() as u32
    }

    fn remaining(&self) -> Option<Duration> {
        let deadline = self.deadline?;
        let ms = if self.closed.is_some() {
            0
        } else if let Some(since) = self.paused_since {
            deadline.saturating_sub(since)
        } else {
            deadline.saturating_sub(self.now)
        };
        Some(Duration::from_millis(ms))
    }
}

/// The reference state machine.
pub struct AttemptMachine;

impl ReferenceStateMachine for AttemptMachine {
    type State = Model;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Model> {
        let modes = vec![
            Mode::Exam,
            Mode::Practice { timed: true },
            Mode::Practice { timed: false },
            Mode::Custom {
                feedback: FeedbackTiming::Deferred,
                timed: true,
            },
        ];
        (0u64..500, prop::sample::select(modes))
            .prop_map(|(seed, mode)| Model::new(seed, mode))
            .boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Op> {
        let n = state.shapes.len();
        let item = 0..n + 1;
        let shapes = state.shapes.clone();
        let answer = (0..n).prop_flat_map(move |i| {
            let shape = shapes[i].clone();
            let options = shape.options;
            let any_answer = match shape.kind {
                QuestionKind::Single | QuestionKind::Multiple => {
                    prop::collection::vec(0..=options as u8, 0..=options)
                        .prop_map(Answer::Choices)
                        .boxed()
                }
                QuestionKind::Ordering => prop_oneof![
                    Just((0..options as u8).collect::<Vec<u8>>())
                        .prop_shuffle()
                        .prop_map(Answer::Order),
                    prop::collection::vec(0..=options as u8, 0..=options + 1)
                        .prop_map(Answer::Order),
                ]
                .boxed(),
                QuestionKind::Matching => {
                    prop::collection::vec(0..=options as u8, shape.prompts - 1..=shape.prompts + 1)
                        .prop_map(Answer::Matches)
                        .boxed()
                }
            };
            let answer = prop_oneof![
                2 => Just(shape.key.clone()),
                3 => any_answer,
                1 => Just(Answer::Order(vec![0])),
            ];
            answer.prop_map(move |a| Op::Answer(i, a))
        });
        prop_oneof![
            4 => (0u64..240_000).prop_map(Op::Wait),
            6 => answer,
            1 => item.clone().prop_map(Op::Clear),
            2 => item.clone().prop_map(Op::Flag),
            1 => item.clone().prop_map(Op::Unflag),
            2 => item.clone().prop_map(Op::Navigate),
            2 => item.prop_map(Op::Check),
            1 => Just(Op::Review),
            1 => Just(Op::Pause),
            1 => Just(Op::Resume),
            1 => Just(Op::Submit),
            2 => Just(Op::TimeOut),
        ]
        .boxed()
    }

    fn apply(mut state: Model, op: &Op) -> Model {
        if let Op::Wait(ms) = op {
            state.now += ms;
            state.accepted = None;
            return state;
        }
        let accepted = state.accepts(op);
        state.accepted = Some(accepted);
        if !accepted {
            return state;
        }
        let now = state.now;
        match op {
            Op::Answer(i, a) => {
                let mut a = a.clone();
                if let Answer::Choices(v) = &mut a {
                    v.sort_unstable();
                }
                state.answers[*i] = Some(a);
            }
            Op::Clear(i) => state.answers[*i] = None,
            Op::Flag(i) => state.flags[*i] = true,
            Op::Unflag(i) => state.flags[*i] = false,
            Op::Check(i) => state.checked[*i] = true,
            Op::Pause => state.paused_since = Some(now),
            Op::Resume => {
                let since = state.paused_since.take().unwrap_or(now);
                state.deadline = state.deadline.map(|d| d + (now - since));
            }
            Op::Submit => state.closed = Some(Outcome::Submitted),
            Op::TimeOut => state.closed = Some(Outcome::TimedOut),
            Op::Navigate(_) | Op::Review | Op::Wait(_) => {}
        }
        state
    }
}

/// The system under test: the attempt and the test's clock.
pub struct Sut {
    attempt: Attempt,
    now: u64,
}

/// The pairing of model and attempt.
pub struct AttemptTest;

impl StateMachineTest for AttemptTest {
    type SystemUnderTest = Sut;
    type Reference = AttemptMachine;

    fn init_test(model: &Model) -> Sut {
        Sut {
            attempt: Attempt::new(form(model.seed), model.mode, START).expect("starts"),
            now: 0,
        }
    }

    fn apply(mut sut: Sut, model: &Model, op: Op) -> Sut {
        let Some(event) = op.event() else {
            if let Op::Wait(ms) = op {
                sut.now += ms;
            }
            return sut;
        };
        let now = START.plus(Duration::from_millis(sut.now));
        let before = sut.attempt.clone();
        let result = sut.attempt.apply(event, now);
        assert_eq!(
            result.is_ok(),
            model.accepted == Some(true),
            "{op:?} at +{} ms: {result:?}",
            sut.now
        );
        match &result {
            Err(err) => {
                assert_eq!(sut.attempt, before, "a refused {op:?} changed the attempt");
                if before.is_closed() {
                    assert!(matches!(err, AttemptError::Closed { .. }), "{err}");
                }
            }
            Ok(applied) => {
                assert_eq!(applied.record.at, now);
                assert_eq!(sut.attempt.records().last(), Some(&applied.record));
                if let Op::Flag(_) | Op::Unflag(_) = op {
                    assert_eq!(sut.attempt.raw_score(), before.raw_score(), "a flag scored");
                }
                if let Op::TimeOut = op {
                    assert_eq!(sut.attempt.status(), Status::Closed(Outcome::TimedOut));
                    assert_eq!(sut.attempt.closed_at(), before.deadline());
                }
            }
        }
        sut
    }

    fn check_invariants(sut: &Sut, model: &Model) {
        let attempt = &sut.attempt;
        let now = START.plus(Duration::from_millis(sut.now));
        let n = model.shapes.len();
        for i in 0..n {
            assert_eq!(attempt.answer(i), model.answers[i].as_ref(), "answer {i}");
            assert_eq!(attempt.is_flagged(i), model.flags[i], "flag {i}");
            assert_eq!(
                attempt.is_final(i),
                model.closed.is_some() || model.checked[i],
                "final {i}"
            );
        }
        let status = match (model.closed, model.paused_since) {
            (Some(outcome), _) => Status::Closed(outcome),
            (None, Some(_)) => Status::Paused,
            (None, None) => Status::InProgress,
        };
        assert_eq!(attempt.status(), status);
        assert_eq!(attempt.remaining(now), model.remaining());

        let scored = model.shapes.iter().filter(|s| s.scored).count() as u32;
        assert!(attempt.raw_score() <= scored);
        assert_eq!(attempt.raw_score(), model.score());

        for view in attempt.questions() {
            let revealed =
                model.closed.is_some() || (model.immediate() && model.checked[view.index]);
            assert_eq!(view.solution.is_some(), revealed, "view {}", view.index);
            if model.mode == Mode::Exam && model.closed.is_none() {
                assert!(view.solution.is_none());
            }
        }

        match attempt.report() {
            Ok(report) => {
                assert!(model.closed.is_some());
                assert_eq!(report.raw, model.score());
                assert!(report.raw <= report.raw_max);
                assert!((100..=1000).contains(&report.scaled));
                assert_eq!(report.passed, report.scaled >= report.passing_score);
                assert_eq!(report.answered, model.answers.iter().flatten().count());
            }
            Err(err) => {
                assert!(model.closed.is_none());
                assert_eq!(err, AttemptError::NotClosed);
            }
        }

        let replayed = Attempt::replay(attempt.records().to_vec()).expect("the log replays");
        assert_eq!(&replayed, attempt, "replay differs");
    }
}

prop_state_machine! {
    #![proptest_config(Config {
        cases: 200,
        .. Config::default()
    })]

    #[test]
    fn the_attempt_follows_the_reference_model(sequential 1..60 => AttemptTest);
}

proptest! {
    #![proptest_config(Config { cases: 64, .. Config::default() })]

    /// The same seed gives the same form, whatever order the bank's items come in.
    #[test]
    fn the_same_seed_gives_the_same_form(seed in any::<u64>(), rotate in 0usize..16) {
        let mut items = bank().to_vec();
        items.rotate_left(rotate);
        let spec = FormSpec::custom(vec![], 6, Some(10));
        let a = assemble(bank(), saa(), &spec, seed).expect("assembles");
        let b = assemble(&items, saa(), &spec, seed).expect("assembles");
        prop_assert_eq!(a, b);
    }
}
