//! The exam engine: assembles practice forms from the question bank, runs attempts at them
//! as event-sourced state machines, and scores them into a report.
//!
//! The crate is pure: it does no I/O and reads no clock or entropy. The bank's items and
//! the catalog's exam come in as values, randomness as a seed, and every time as a
//! [`Timestamp`] passed in by the caller.
//!
//! * [`assemble`] builds a [`Form`] for an exam version from bank items and a [`FormSpec`]:
//!   a full exam form (the catalog's question count, scored/unscored split, minutes and
//!   domain weights), a domain drill, a review of given items, or a custom form. The same
//!   items and seed give the same form.
//! * An [`Attempt`] at a form is the fold of its [`Record`]s: [`Attempt::apply`] checks an
//!   [`Event`] (answer, clear, flag, navigate, check, pause, submit, time out ...) and returns
//!   the record to store; [`Attempt::replay`] rebuilds the attempt from the log after a
//!   crash. The [`Mode`] (exam, practice, domain drill, review, custom) decides feedback,
//!   timing and pausing.
//! * The candidate sees questions only as [`QuestionView`]s, which hold the key and
//!   explanations (a [`Solution`]) only once a question is revealed; nothing shown says
//!   which questions are unscored.
//! * [`Attempt::report`] scores a closed attempt the way AWS does (no partial credit,
//!   blanks wrong, unscored questions ignored) and adds certpath's [`PracticeScale`]: an
//!   estimate on 100–1000, labelled [`SCALE_LABEL`], with the reason it is not an AWS score.
//!
//! # Rules
//!
//! * **Answers** name options by their shown position (0 = "A"); the shuffle is fixed in
//!   the form, so positions are stable and say nothing about the key ([`Answer`]).
//!   Multiple response takes at most N choices, where N is the key's size, shown as
//!   "Select N"; single answer exactly one; ordering a permutation of the shown steps;
//!   matching one response per prompt.
//! * **Time** comes only from the caller. The deadline is set at start from the form's
//!   minutes. Time-out is an explicit [`Event::TimedOut`], valid at or after the deadline;
//!   any other event at or after the deadline is refused with [`AttemptError::TimeIsUp`],
//!   and a timed-out attempt closes at the deadline itself. Pausing is for practice modes
//!   only, and a pause moves the deadline later by its length. See [`Attempt`].
//! * **Feedback**: in exam mode nothing is revealed until the attempt closes; in practice
//!   modes a question is revealed once [`Event::Checked`], after which its answer is final.
//! * **Scoring** has no partial credit; blanks are wrong; unscored questions count for
//!   nothing and are not identified anywhere the candidate looks (views, review screen,
//!   report lines).
//! * **Practice scale**: the form's raw cut is the sum of its scored questions' Angoff
//!   ratings (each item's own, or its difficulty's default); raw 0 → 100, the cut → the
//!   exam's passing score, all correct → 1000, linear in between ([`PracticeScale`]).
//! * **Domains** are classified "Meets competencies" when their correct answers reach
//!   their share of the cut, else "Needs improvement" ([`CLASSIFICATION_RULE`]).
//!
//! # Example
//!
//! ```
//! use engine::{Attempt, Event, FormSpec, Mode, Timestamp, assemble};
//! use std::time::Duration;
//!
//! // A bank of 80 single-answer items for SAA-C03, 20 per domain, the last 16 drafts,
//! // written in the bank's text format (docs/bank-format.md).
//! fn item(n: u32) -> bank::Item {
//!     let status = if n >= 64 { "draft" } else { "reviewed" };
//!     let domain = n % 4 + 1;
//!     let text = format!(
//!         "+++\nid = \"saa-c03-example-{n:03}\"\ntype = \"single\"\nstatus = \"{status}\"\n\
//!          author = \"docs\"\nangoff = 0.7\nexams = [{{ code = \"SAA-C03\", domain = {domain} }}]\n\
//!          +++\n\nWhich option answers question {n}?\n\n\
//!          - [x] The right option.\n  > Why it is right.\n\
//!          - [ ] A wrong option.\n  > Why it is wrong.\n\
//!          - [ ] Another wrong option.\n  > Why it is wrong.\n\
//!          - [ ] A third wrong option.\n  > Why it is wrong.\n"
//!     );
//!     match bank::parse(&bank::SourceFile::new("example.md", text)).parsed {
//!         Some(bank::Parsed::Item(item)) => *item,
//!         other => panic!("not an item: {other:?}"),
//!     }
//! }
//! let bank: Vec<bank::Item> = (0..80).map(item).collect();
//! let catalog = catalog::Catalog::builtin()?;
//! let saa = catalog.exam("SAA-C03").expect("SAA-C03 is in the catalog");
//!
//! // 65 questions (50 scored, 15 unscored), 130 minutes.
//! let form = assemble(&bank, saa, &FormSpec::full(), 42)?;
//! assert_eq!((form.len(), form.scored_count(), form.minutes()), (65, 50, Some(130)));
//!
//! let start = Timestamp::from_unix_millis(1_796_112_000_000); // 2026-12-01T08:00:00Z
//! let mut attempt = Attempt::new(form, Mode::Exam, start)?;
//! assert_eq!(attempt.remaining(start), Some(Duration::from_secs(130 * 60)));
//!
//! // During an exam, no view carries the key.
//! assert!(attempt.questions().iter().all(|q| q.solution.is_none()));
//!
//! // Answer every question correctly, a minute each, then submit.
//! for i in 0..65 {
//!     let answer = attempt.form().items()[i].correct_answer();
//!     let now = start.plus(Duration::from_secs(60 * (i as u64 + 1)));
//!     let applied = attempt.apply(Event::Answered { item: i, answer }, now)?;
//!     // `applied.record` is what storage appends.
//!     # let _ = applied;
//! }
//! attempt.apply(Event::Submitted, start.plus(Duration::from_secs(66 * 60)))?;
//!
//! let report = attempt.report()?;
//! assert_eq!((report.raw, report.raw_max, report.scaled), (50, 50, 1000));
//! assert!(report.passed);
//! assert_eq!(report.scale_label, "practice-scale estimate, not an AWS score");
//! assert_eq!(report.questions.len(), 65); // every question, scored or not, for review
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod answer;
mod assemble;
mod attempt;
mod clock;
mod form;
mod report;
mod rng;
mod view;

pub use answer::{Answer, AnswerError, label};
pub use assemble::{AssemblyError, FormShape, FormSpec, Shortfall, Slots, assemble};
pub use attempt::{
    Applied, Attempt, AttemptError, Event, FeedbackTiming, Mode, Outcome, Record, ReplayError,
    Status,
};
pub use clock::Timestamp;
pub use form::{Form, FormDomain, FormItem, FormKind, Link, QuestionKind};
pub use report::{
    CLASSIFICATION_RULE, ChoiceResult, ChosenOption, Classification, DomainResult, PracticeScale,
    QuestionResult, Report, SCALE_LABEL,
};
pub use view::{OptionView, QuestionView, ReviewEntry, ReviewScreen, Solution};
