//! certpath's terminal exam UI: the full-screen screens of `certpath exam CODE` (ratatui on
//! crossterm) for taking an [`engine::Attempt`]: the question with its options, selection by
//! keys and mouse with "Select N" shown and enforced, flags, a navigator grid, the timer,
//! the review screen, submission with a confirmation, pausing and checking in practice
//! modes, and the result screen with the practice-scale score and the domain breakdown.
//!
//! The crate holds UI state only. The attempt lives behind a [`Recorder`] that the shell
//! implements: every answer, flag, navigation, check, pause and submission is sent to it as
//! an [`engine::Event`], and it applies and durably commits the event before the UI shows
//! the result, so the screen never shows an answer that was not stored. Leaving (`q`) keeps
//! an unfinished attempt as it is, and [`App::new`] on the replayed attempt resumes it where
//! it was left.
//!
//! Nothing here reveals more than the engine does: keys and explanations are drawn only from
//! [`engine::QuestionView::solution`], which is `None` for every question of an open exam.
//!
//! # Keys
//!
//! | keys | what they do |
//! |---|---|
//! | `1`–`6`, `a`–`f` | choose an option: single answer sets it; multiple response toggles it, refusing more than "Select N" ("Select TWO: unselect one first"); ordering places that step next; matching gives the selected prompt that response |
//! | `Up`/`Down`, `Enter` | move the option cursor, choose the option under it; matching: `Up`/`Down` or `Tab` select the prompt |
//! | `Backspace` | ordering: take back the last step placed |
//! | `x`, `Delete` | clear the answer |
//! | `Left`/`Right`, `p`/`n`, `,`/`.` | previous / next question |
//! | `Home`/`End` | first / last question |
//! | `g`, a number, `Enter` | go to that question (on the review screen just type the number) |
//! | `F` (Shift+f), `m` | flag or unflag |
//! | `r` | the review screen: every question with its state; `Enter` opens one, `Tab` filters |
//! | `C` (Shift+c) | practice modes: check the question (correctness and every explanation; the answer is then final) |
//! | `Space` | practice modes: pause or resume (the clock stops, the question is hidden) |
//! | `s` | submit: "N unanswered, M flagged. Submit? Y/N" |
//! | `PgUp`/`PgDn`, wheel | scroll |
//! | `?` | help |
//! | `q`, `Esc`, `Ctrl+C` | leave; an unfinished attempt is resumed next time |
//!
//! Letters `a`–`f` are options, so the two commands whose letters are also options' letters
//! take Shift: `F` flags and `C` checks (`m` flags too). On the result screen `r` lists every
//! question and `w` those answered wrongly or left blank; each opens with its solution.
//!
//! # Example
//!
//! A recorder over an attempt in memory (the shell's commits each event to storage), driven
//! by keys and drawn into ratatui's test backend:
//!
//! ```
//! use crossterm::event::{KeyCode, KeyEvent};
//! use engine::{Attempt, Event, FormSpec, Mode, Timestamp, assemble};
//! use ratatui::{Terminal, backend::TestBackend};
//! use tui::{App, Recorder, Screen};
//!
//! struct Memory {
//!     attempt: Attempt,
//!     now: Timestamp,
//! }
//!
//! impl Recorder for Memory {
//!     fn attempt(&self) -> &Attempt {
//!         &self.attempt
//!     }
//!     fn record(&mut self, event: Event) -> Result<(), String> {
//!         self.attempt.apply(event, self.now).map(drop).map_err(|e| e.to_string())
//!     }
//!     fn time_out_if_due(&mut self) -> Result<bool, String> {
//!         Ok(self.attempt.time_out_if_due(self.now).is_some())
//!     }
//!     fn now(&self) -> Timestamp {
//!         self.now
//!     }
//! }
//!
//! # fn item(n: u32) -> bank::Item {
//! #     let text = format!(
//! #         "+++\nid = \"doc-{n:03}\"\ntype = \"single\"\nstatus = \"reviewed\"\nauthor = \"docs\"\n\
//! #          exams = [{{ code = \"SAA-C03\", domain = {} }}]\n+++\n\nQuestion {n}?\n\n\
//! #          - [x] Right.\n  > Yes.\n- [ ] Wrong.\n  > No.\n- [ ] Wrong too.\n  > No.\n",
//! #         n % 4 + 1
//! #     );
//! #     match bank::parse(&bank::SourceFile::new("doc.md", text)).parsed {
//! #         Some(bank::Parsed::Item(item)) => *item,
//! #         other => panic!("not an item: {other:?}"),
//! #     }
//! # }
//! # let bank: Vec<bank::Item> = (0..8).map(item).collect();
//! # let catalog = catalog::Catalog::builtin()?;
//! # let saa = catalog.exam("SAA-C03").unwrap();
//! // `bank` holds a few SAA-C03 items, as in the engine's example.
//! let form = assemble(&bank, saa, &FormSpec::custom(vec![], 4, Some(10)), 7)?;
//! let now = Timestamp::from_unix_millis(1_796_112_000_000);
//! let mut recorder = Memory { attempt: Attempt::new(form, Mode::Exam, now)?, now };
//!
//! let mut app = App::new(&recorder);
//! app.handle_key(KeyEvent::from(KeyCode::Char('b')), &mut recorder); // answer B
//! app.handle_key(KeyEvent::from(KeyCode::Right), &mut recorder); // on to question 2
//! assert!(recorder.attempt.answer(0).is_some());
//! assert_eq!(recorder.attempt.current(), Some(1));
//!
//! let mut terminal = Terminal::new(TestBackend::new(100, 32))?;
//! terminal.draw(|frame| app.draw(frame, &recorder))?;
//! assert!(terminal.backend().to_string().contains("Question 2 of 4"));
//!
//! app.handle_key(KeyEvent::from(KeyCode::Char('s')), &mut recorder);
//! app.handle_key(KeyEvent::from(KeyCode::Char('y')), &mut recorder);
//! assert_eq!(app.screen(), Screen::Result);
//! assert!(recorder.attempt.is_closed());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`run`] does the same in a real terminal.

mod app;
mod draw;
mod terminal;
mod text;

pub use app::{App, ReviewFilter, Screen};
pub use terminal::run;

/// Where the UI sends events: the shell applies each to the attempt and commits it durably
/// before returning, so the UI never shows an answer that was not stored.
pub trait Recorder {
    /// The attempt as it stands after every recorded event.
    fn attempt(&self) -> &engine::Attempt;
    /// Applies and durably records an event now; Err(message) when refused (e.g. time is up, Select N exceeded).
    fn record(&mut self, event: engine::Event) -> Result<(), String>;
    /// Records a time-out if the deadline has passed; returns whether it did.
    fn time_out_if_due(&mut self) -> Result<bool, String>;
    /// The current time (the shell's clock; tests pass a fake one).
    fn now(&self) -> engine::Timestamp;
}
