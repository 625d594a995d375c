//! What keys, clicks and ticks record, over a real attempt behind a fake recorder.

mod common;

use common::*;
use crossterm::event::KeyCode;
use engine::{Answer, Event, Mode, QuestionKind, Status};
use ratatui::style::Color;
use tui::{App, ReviewFilter, Screen};

fn small(mode: Mode) -> (App, Fake) {
    let rec = Fake::new(small_attempt(mode));
    (App::new(&rec), rec)
}

const PRACTICE: Mode = Mode::Practice { timed: true };

/// Goes to a question and forgets the events recorded so far.
fn on(app: &mut App, rec: &mut Fake, item: usize) {
    go(app, rec, item + 1);
    assert_eq!(app.current(), item);
    rec.take_events();
}

#[test]
fn a_letter_or_digit_answers_a_single_answer_question() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Single);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "b");
    typed(&mut app, &mut rec, "b"); // the same answer again records nothing
    typed(&mut app, &mut rec, "3");
    assert_eq!(
        rec.take_events(),
        vec![
            Event::Answered {
                item: q,
                answer: Answer::Choices(vec![1])
            },
            Event::Answered {
                item: q,
                answer: Answer::Choices(vec![2])
            },
        ]
    );
    assert_eq!(rec.attempt.answer(q), Some(&Answer::Choices(vec![2])));
}

#[test]
fn enter_chooses_the_option_under_the_cursor() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Single);
    on(&mut app, &mut rec, q);
    press(&mut app, &mut rec, KeyCode::Down);
    press(&mut app, &mut rec, KeyCode::Down);
    press(&mut app, &mut rec, KeyCode::Up);
    press(&mut app, &mut rec, KeyCode::Enter);
    assert_eq!(app.cursor(), 1);
    assert_eq!(rec.attempt.answer(q), Some(&Answer::Choices(vec![1])));
}

#[test]
fn multiple_response_toggles_and_enforces_select_n() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.multiple(2);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "ac");
    typed(&mut app, &mut rec, "e");
    assert_eq!(app.message(), Some("Select TWO: unselect one first"));
    assert!(app.message_is_error());
    typed(&mut app, &mut rec, "a");
    typed(&mut app, &mut rec, "c");
    let choices = |c: Vec<u8>| Event::Answered {
        item: q,
        answer: Answer::Choices(c),
    };
    assert_eq!(
        rec.take_events(),
        vec![
            choices(vec![0]),
            choices(vec![0, 2]),
            choices(vec![2]),
            Event::Cleared { item: q },
        ]
    );
    assert_eq!(rec.attempt.answer(q), None);
}

#[test]
fn select_three_takes_three() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.multiple(3);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "fab");
    assert_eq!(rec.attempt.answer(q), Some(&Answer::Choices(vec![0, 1, 5])));
    typed(&mut app, &mut rec, "d");
    assert_eq!(app.message(), Some("Select THREE: unselect one first"));
}

#[test]
fn navigation_records_navigated_only_when_the_question_changes() {
    let (mut app, mut rec) = small(Mode::Exam);
    press(&mut app, &mut rec, KeyCode::Home); // already on 1
    press(&mut app, &mut rec, KeyCode::Left); // nothing before 1
    press(&mut app, &mut rec, KeyCode::Right);
    typed(&mut app, &mut rec, "n.");
    typed(&mut app, &mut rec, "p,");
    press(&mut app, &mut rec, KeyCode::End);
    press(&mut app, &mut rec, KeyCode::Right); // nothing after the last
    go(&mut app, &mut rec, 3);
    go(&mut app, &mut rec, 3); // there already
    let nav = |item| Event::Navigated { item };
    assert_eq!(
        rec.take_events(),
        vec![nav(1), nav(2), nav(3), nav(2), nav(1), nav(5), nav(2)]
    );
    assert_eq!(rec.attempt.current(), Some(2));
}

#[test]
fn go_to_a_question_that_does_not_exist_says_so() {
    let (mut app, mut rec) = small(Mode::Exam);
    go(&mut app, &mut rec, 9);
    assert_eq!(
        app.message(),
        Some("There is no question 9: the questions are 1 to 6")
    );
    assert!(rec.events.is_empty());
}

#[test]
fn flag_and_unflag() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "F");
    assert!(rec.attempt.is_flagged(0));
    typed(&mut app, &mut rec, "F");
    typed(&mut app, &mut rec, "m");
    assert_eq!(
        rec.take_events(),
        vec![
            Event::Flagged { item: 0 },
            Event::Unflagged { item: 0 },
            Event::Flagged { item: 0 },
        ]
    );
}

#[test]
fn ordering_is_recorded_once_every_step_is_placed() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Ordering);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "cbc");
    assert_eq!(
        app.message(),
        Some("Step C is placed already; Backspace removes the last step placed")
    );
    press(&mut app, &mut rec, KeyCode::Backspace);
    assert_eq!(app.pending_order(), &[2]);
    typed(&mut app, &mut rec, "dab");
    assert_eq!(app.pending_order(), &[2, 3, 0, 1]);
    assert_eq!(
        rec.take_events(),
        vec![Event::Answered {
            item: q,
            answer: Answer::Order(vec![2, 3, 0, 1])
        }]
    );
    // Taking a step back keeps the recorded order until the order is complete again.
    press(&mut app, &mut rec, KeyCode::Backspace);
    assert_eq!(
        rec.attempt.answer(q),
        Some(&Answer::Order(vec![2, 3, 0, 1]))
    );
    typed(&mut app, &mut rec, "b"); // the same order: nothing to record
    assert!(rec.take_events().is_empty());
    typed(&mut app, &mut rec, "x");
    assert_eq!(rec.take_events(), vec![Event::Cleared { item: q }]);
    assert!(app.pending_order().is_empty());
}

#[test]
fn matching_is_recorded_once_every_prompt_has_a_response() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Matching);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "a");
    assert_eq!(app.selected_prompt(), 1);
    press(&mut app, &mut rec, KeyCode::Down);
    typed(&mut app, &mut rec, "b");
    assert_eq!(
        app.selected_prompt(),
        1,
        "on to the prompt still without a response"
    );
    press(&mut app, &mut rec, KeyCode::Tab);
    press(&mut app, &mut rec, KeyCode::Up);
    assert!(rec.take_events().is_empty());
    typed(&mut app, &mut rec, "d");
    assert_eq!(
        rec.take_events(),
        vec![Event::Answered {
            item: q,
            answer: Answer::Matches(vec![0, 3, 1])
        }]
    );
    // A change to a complete answer is recorded at once.
    press(&mut app, &mut rec, KeyCode::Up);
    typed(&mut app, &mut rec, "c");
    assert_eq!(rec.attempt.answer(q), Some(&Answer::Matches(vec![0, 2, 1])));
}

#[test]
fn leaving_an_incomplete_order_says_it_was_not_recorded() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Ordering);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "ab");
    press(&mut app, &mut rec, KeyCode::Home);
    assert_eq!(
        app.message(),
        Some(
            format!(
                "Question {}: the order was not complete, so it was not recorded",
                q + 1
            )
            .as_str()
        )
    );
    assert_eq!(rec.attempt.answer(q), None);
}

#[test]
fn pending_answers_start_from_the_recorded_one_on_return() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Ordering);
    on(&mut app, &mut rec, q);
    typed(&mut app, &mut rec, "abcd");
    press(&mut app, &mut rec, KeyCode::Home);
    go(&mut app, &mut rec, q + 1);
    assert_eq!(app.pending_order(), &[0, 1, 2, 3]);
}

#[test]
fn review_opens_with_an_event_and_enter_goes_to_the_entry() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "r");
    assert_eq!(app.screen(), Screen::Review);
    press(&mut app, &mut rec, KeyCode::Right);
    press(&mut app, &mut rec, KeyCode::Right);
    press(&mut app, &mut rec, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Question);
    assert_eq!(app.current(), 2);
    typed(&mut app, &mut rec, "r");
    press(&mut app, &mut rec, KeyCode::Esc); // back to the same question
    assert_eq!(
        rec.take_events(),
        vec![
            Event::ReviewOpened,
            Event::Navigated { item: 2 },
            Event::ReviewOpened,
            Event::Navigated { item: 2 },
        ]
    );
}

#[test]
fn review_filters_and_number_jump() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "aF");
    typed(&mut app, &mut rec, "r");
    press(&mut app, &mut rec, KeyCode::Tab);
    assert_eq!(app.review_filter(), ReviewFilter::Unanswered);
    press(&mut app, &mut rec, KeyCode::Tab);
    assert_eq!(app.review_filter(), ReviewFilter::Flagged);
    press(&mut app, &mut rec, KeyCode::Tab);
    assert_eq!(
        app.review_filter(),
        ReviewFilter::All,
        "no wrong filter while open"
    );
    typed(&mut app, &mut rec, "5");
    press(&mut app, &mut rec, KeyCode::Enter);
    assert_eq!((app.screen(), app.current()), (Screen::Question, 4));
}

#[test]
fn submit_asks_first() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "s");
    assert_eq!(app.screen(), Screen::ConfirmSubmit);
    typed(&mut app, &mut rec, "n");
    assert_eq!(app.screen(), Screen::Question);
    assert!(!rec.attempt.is_closed());
    typed(&mut app, &mut rec, "sy");
    assert_eq!(app.screen(), Screen::Result);
    assert_eq!(rec.take_events(), vec![Event::Submitted]);
    assert!(rec.attempt.is_closed());
}

#[test]
fn a_time_out_during_tick_shows_the_result() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "a");
    rec.advance(10 * 60);
    app.tick(&mut rec);
    assert_eq!(app.screen(), Screen::Question);
    rec.advance(20 * 60);
    app.tick(&mut rec);
    assert_eq!(app.screen(), Screen::Result);
    assert_eq!(rec.events.last(), Some(&Event::TimedOut));
    assert!(app.message().unwrap().starts_with("Time is up"));
    assert!(screen(&mut app, &rec).contains("timed out"));
}

#[test]
fn a_key_after_the_deadline_times_the_attempt_out() {
    let (mut app, mut rec) = small(Mode::Exam);
    rec.advance(31 * 60);
    typed(&mut app, &mut rec, "a");
    assert_eq!(app.screen(), Screen::Result);
    assert_eq!(rec.take_events(), vec![Event::TimedOut]);
}

#[test]
fn quit_leaves_the_attempt_open() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "a");
    rec.take_events();
    typed(&mut app, &mut rec, "q");
    assert!(app.should_quit());
    assert!(rec.events.is_empty());
    assert_eq!(rec.attempt.status(), Status::InProgress);
    assert!(app.message().unwrap().contains("resume"));

    let (mut app, mut rec) = small(Mode::Exam);
    press(&mut app, &mut rec, KeyCode::Esc);
    assert!(app.should_quit());
    assert!(!rec.attempt.is_closed());
}

#[test]
fn a_resumed_attempt_opens_where_it_was_left() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "a");
    go(&mut app, &mut rec, 4);
    typed(&mut app, &mut rec, "q");
    // The shell replays the log and starts a new UI.
    let attempt = engine::Attempt::replay(rec.attempt.records().to_vec()).unwrap();
    let mut rec = Fake::new(attempt);
    rec.now = rec
        .attempt
        .started_at()
        .plus(std::time::Duration::from_secs(600));
    let mut app = App::new(&rec);
    assert_eq!((app.screen(), app.current()), (Screen::Question, 3));
    assert!(
        app.message()
            .unwrap()
            .starts_with("Resumed an unfinished attempt: 1 of 6 answered")
    );
    assert!(screen(&mut app, &rec).contains("Question 4 of 6"));
}

#[test]
fn exam_mode_neither_checks_nor_pauses_nor_shows_solutions() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "aC");
    assert_eq!(
        app.message(),
        Some("Exam mode shows answers only after you submit")
    );
    typed(&mut app, &mut rec, " ");
    assert!(app.message().unwrap().contains("cannot be paused"));
    assert_eq!(rec.take_events().len(), 1);
    // No screen of the open exam shows an explanation or a verdict.
    for item in 0..6 {
        go(&mut app, &mut rec, item + 1);
        typed(&mut app, &mut rec, "ab");
        let text = screen(&mut app, &rec);
        for secret in [
            "Why",
            "Correct",
            "Incorrect",
            "Explanation",
            "References",
            "✓",
            "✗",
        ] {
            assert!(
                !text.contains(secret),
                "question {item} shows {secret:?}:\n{text}"
            );
        }
        for secret in [
            "cheaper storage",
            "Instances in a second AZ",
            "The target must exist",
        ] {
            assert!(!text.to_lowercase().contains(&secret.to_lowercase()));
        }
    }
}

#[test]
fn practice_check_reveals_and_makes_the_answer_final() {
    let (mut app, mut rec) = small(PRACTICE);
    let q = rec.first(QuestionKind::Single);
    on(&mut app, &mut rec, q);
    let key = rec.attempt.form().items()[q].correct_answer();
    let Answer::Choices(key) = key else {
        unreachable!()
    };
    typed(&mut app, &mut rec, &((b'a' + key[0]) as char).to_string());
    typed(&mut app, &mut rec, "C");
    assert_eq!(app.message(), Some("Correct"));
    assert!(rec.attempt.question(q).unwrap().solution.is_some());
    typed(&mut app, &mut rec, "a");
    assert!(app.message().unwrap().contains("its answer is final"));
    assert_eq!(rec.take_events().len(), 2, "answered and checked only");
    assert!(screen(&mut app, &rec).contains("✓ Correct."));
}

#[test]
fn checking_a_blank_question_needs_a_second_press() {
    let (mut app, mut rec) = small(PRACTICE);
    typed(&mut app, &mut rec, "C");
    assert!(rec.events.is_empty());
    assert!(app.message().unwrap().contains("press C again"));
    typed(&mut app, &mut rec, "C");
    assert_eq!(rec.take_events(), vec![Event::Checked { item: 0 }]);
    assert!(screen(&mut app, &rec).contains("Not answered"));
}

#[test]
fn pause_hides_the_question_and_stops_the_clock() {
    let (mut app, mut rec) = small(PRACTICE);
    let before = rec.attempt.remaining(rec.now).unwrap();
    typed(&mut app, &mut rec, " ");
    rec.advance(600);
    typed(&mut app, &mut rec, "a");
    assert_eq!(app.message(), Some("Paused: press Space to resume"));
    let text = screen(&mut app, &rec);
    assert!(text.contains("PAUSED"));
    assert!(!text.contains("Availability Zone"));
    assert_eq!(rec.attempt.remaining(rec.now), Some(before));
    typed(&mut app, &mut rec, " ");
    assert_eq!(rec.take_events(), vec![Event::Paused, Event::Resumed]);
    assert_eq!(rec.attempt.remaining(rec.now), Some(before));
}

#[test]
fn a_click_on_an_option_chooses_it_and_on_a_number_goes_there() {
    let (mut app, mut rec) = small(Mode::Exam);
    let q = rec.first(QuestionKind::Single);
    on(&mut app, &mut rec, q);
    let (x, y) = find(&mut app, &rec, "[ ] C.").expect("option C is drawn");
    click(&mut app, &mut rec, x + 8, y);
    assert_eq!(rec.attempt.answer(q), Some(&Answer::Choices(vec![2])));
    // Question 1 in the navigator: the first cell of the grid.
    let (x, y) = find(&mut app, &rec, "│ 1").expect("the navigator is drawn");
    click(&mut app, &mut rec, x + 2, y);
    assert_eq!(app.current(), 0);
    assert_eq!(
        rec.take_events(),
        vec![
            Event::Answered {
                item: q,
                answer: Answer::Choices(vec![2])
            },
            Event::Navigated { item: 0 },
        ]
    );
}

#[test]
fn a_refused_event_shows_the_recorders_message_and_changes_nothing() {
    let (mut app, mut rec) = small(Mode::Exam);
    rec.refuse = Some("the database is locked; try again".into());
    typed(&mut app, &mut rec, "a");
    assert_eq!(app.message(), Some("The database is locked; try again"));
    assert!(app.message_is_error());
    assert_eq!(rec.attempt.answer(0), None);
    press(&mut app, &mut rec, KeyCode::Right);
    assert_eq!(app.current(), 0, "no navigation that was not recorded");
}

#[test]
fn the_timer_turns_red_under_five_minutes_unless_no_color() {
    let timer_fg = |app: &mut App, rec: &Fake| {
        let terminal = terminal(app, rec);
        let buffer = terminal.backend().buffer().clone();
        let row: String = (0..WIDTH)
            .map(|x| buffer[(x, 0)].symbol().to_owned())
            .collect();
        let at = row.find(" left").expect("a timer");
        let x = row[..at].chars().count() as u16 - 1;
        buffer[(x, 0)].fg
    };
    let (mut app, mut rec) = small(Mode::Exam);
    assert_eq!(timer_fg(&mut app, &rec), Color::Reset);
    rec.advance(26 * 60);
    assert!(screen(&mut app, &rec).contains("03:55 left"));
    assert_eq!(timer_fg(&mut app, &rec), Color::Red);
    app.set_colors(false);
    assert_eq!(timer_fg(&mut app, &rec), Color::Reset);
}

#[test]
fn no_color_draws_no_colour_on_any_screen() {
    let (app, mut rec) = small(PRACTICE);
    let mut app = app.with_colors(false);
    assert!(!app.colors());
    let q = rec.multiple(2);
    go(&mut app, &mut rec, q + 1);
    typed(&mut app, &mut rec, "abCF");
    let mut screens = vec![];
    screens.push(terminal(&mut app, &rec));
    typed(&mut app, &mut rec, "r");
    screens.push(terminal(&mut app, &rec));
    typed(&mut app, &mut rec, "sy");
    screens.push(terminal(&mut app, &rec));
    for terminal in screens {
        let buffer = terminal.backend().buffer();
        for cell in &buffer.content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
    }
}

#[test]
fn the_result_screen_reviews_wrong_answers_with_solutions() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "sy");
    typed(&mut app, &mut rec, "w");
    assert_eq!(
        (app.screen(), app.review_filter()),
        (Screen::Review, ReviewFilter::Wrong)
    );
    press(&mut app, &mut rec, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Question);
    assert!(screen(&mut app, &rec).contains("Not answered: the answer is"));
    typed(&mut app, &mut rec, "a");
    assert_eq!(
        app.message(),
        Some("The attempt is closed: answers can no longer change")
    );
    press(&mut app, &mut rec, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Review);
    press(&mut app, &mut rec, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Result);
    typed(&mut app, &mut rec, "q");
    assert!(app.should_quit());
    assert_eq!(rec.take_events(), vec![Event::Submitted]);
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "?");
    assert_eq!(app.screen(), Screen::Help);
    typed(&mut app, &mut rec, "a");
    assert_eq!(app.screen(), Screen::Question);
    assert!(
        rec.events.is_empty(),
        "the key that closes help does nothing else"
    );
}

#[test]
fn a_closed_attempt_opens_on_the_result_screen() {
    let (mut app, mut rec) = small(Mode::Exam);
    typed(&mut app, &mut rec, "sy");
    let app = App::new(&rec);
    assert_eq!(app.screen(), Screen::Result);
    assert_eq!(app.message(), None);
}

#[test]
fn every_screen_draws_in_small_and_large_terminals() {
    use ratatui::{Terminal, backend::TestBackend};
    let draw_all = |width: u16, height: u16| {
        let (mut app, mut rec) = small(PRACTICE);
        let draw = |app: &mut App, rec: &Fake| {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|frame| app.draw(frame, rec)).unwrap();
        };
        for keys in ["", "abC", "?", "x", "r", "s", " ", " "] {
            typed(&mut app, &mut rec, keys);
            draw(&mut app, &rec);
        }
        for item in 0..6 {
            go(&mut app, &mut rec, item + 1);
            typed(&mut app, &mut rec, "abcd");
            press(&mut app, &mut rec, KeyCode::PageDown);
            draw(&mut app, &rec);
        }
        typed(&mut app, &mut rec, "sy");
        draw(&mut app, &rec);
        typed(&mut app, &mut rec, "w");
        draw(&mut app, &rec);
        press(&mut app, &mut rec, KeyCode::Enter);
        draw(&mut app, &rec);
    };
    for (w, h) in [(1, 1), (10, 4), (20, 6), (40, 12), (60, 20), (200, 60)] {
        draw_all(w, h);
    }
}
