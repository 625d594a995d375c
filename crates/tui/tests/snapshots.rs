//! Snapshots of the screens, drawn into ratatui's `TestBackend` (100×32). The screen text is
//! snapshotted; styles are checked in `tests/behaviour.rs`.

mod common;

use common::*;
use crossterm::event::KeyCode;
use engine::{Answer, Event, Mode, QuestionKind};
use tui::{App, Screen};

fn small(mode: Mode) -> (App, Fake) {
    let rec = Fake::new(small_attempt(mode));
    (App::new(&rec), rec)
}

fn full(mode: Mode) -> (App, Fake) {
    let rec = Fake::new(full_attempt(mode));
    (App::new(&rec), rec)
}

const PRACTICE: Mode = Mode::Practice { timed: true };

#[test]
fn question_single_with_code_block() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.stem("instrument data");
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "b");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn question_multiple_select_two() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.multiple(2);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "a");
    press(&mut app, &mut rec, KeyCode::Down);
    press(&mut app, &mut rec, KeyCode::Down);
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn select_more_than_n_error() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.multiple(2);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "ace");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn question_ordering_in_progress() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Ordering);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "ca");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn question_matching_in_progress() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Matching);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "b");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

/// A full 65-question exam: questions 1–3 answered, 2 and 5 flagged, on question 6.
fn full_in_progress() -> (App, Fake) {
    let (mut app, mut rec) = full(Mode::Exam);
    typed(&mut app, &mut rec, "a");
    press(&mut app, &mut rec, KeyCode::Right);
    typed(&mut app, &mut rec, "bF");
    press(&mut app, &mut rec, KeyCode::Right);
    typed(&mut app, &mut rec, "c");
    go(&mut app, &mut rec, 5);
    typed(&mut app, &mut rec, "F");
    press(&mut app, &mut rec, KeyCode::Right);
    rec.advance(25 * 60);
    (app, rec)
}

#[test]
fn navigator_after_answers_and_flags() {
    let (mut app, rec) = full_in_progress();
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn review_screen() {
    let (mut app, mut rec) = full_in_progress();
    typed(&mut app, &mut rec, "r");
    assert_eq!(app.screen(), Screen::Review);
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn submit_confirmation() {
    let (mut app, mut rec) = full_in_progress();
    typed(&mut app, &mut rec, "s");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

/// A full exam with 40 of the 65 questions answered correctly, 10 wrongly, submitted.
fn full_submitted() -> (App, Fake) {
    let (mut app, mut rec) = full(Mode::Exam);
    for i in 0..50 {
        let key = rec.attempt.form().items()[i].correct_answer();
        let answer = if i < 40 {
            key
        } else {
            let Answer::Choices(k) = key else {
                unreachable!()
            };
            Answer::Choices(vec![(k[0] + 1) % 4])
        };
        rec.advance(60);
        rec.attempt
            .apply(Event::Answered { item: i, answer }, rec.now)
            .unwrap();
    }
    rec.advance(60);
    typed(&mut app, &mut rec, "sy");
    assert_eq!(app.screen(), Screen::Result);
    (app, rec)
}

#[test]
fn result_screen() {
    let (mut app, rec) = full_submitted();
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn result_review_wrong_answers() {
    let (mut app, mut rec) = full_submitted();
    typed(&mut app, &mut rec, "w");
    insta::assert_snapshot!("result_review_wrong_list", screen(&mut app, &rec));
    press(&mut app, &mut rec, KeyCode::Enter);
    insta::assert_snapshot!("result_review_wrong_question", screen(&mut app, &rec));
}

#[test]
fn practice_after_check_with_explanations() {
    let (mut app, mut rec) = small(PRACTICE);
    let q = rec.multiple(2);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "abC");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn practice_matching_after_check() {
    let (mut app, mut rec) = small(PRACTICE);
    let q = rec.first(QuestionKind::Matching);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "abcC");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn practice_ordering_after_check() {
    let (mut app, mut rec) = small(PRACTICE);
    let q = rec.first(QuestionKind::Ordering);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "abcdC");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn paused_screen() {
    let (mut app, mut rec) = small(PRACTICE);
    typed(&mut app, &mut rec, "a ");
    rec.advance(600);
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn help_screen() {
    let (mut app, mut rec) = small(PRACTICE);
    typed(&mut app, &mut rec, "?");
    insta::assert_snapshot!(screen(&mut app, &rec));
}

#[test]
fn untimed_practice_top_bar() {
    let (mut app, mut rec) = small(Mode::Practice { timed: false });
    typed(&mut app, &mut rec, "F");
    let text = screen(&mut app, &rec);
    insta::assert_snapshot!(text.lines().next().unwrap());
}

#[test]
fn timed_out_result() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "a");
    rec.advance(31 * 60);
    app.tick(&mut rec);
    insta::assert_snapshot!(screen(&mut app, &rec));
}
