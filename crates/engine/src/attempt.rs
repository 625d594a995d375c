//! The attempt: an event-sourced state machine over one form.

use crate::answer::{Answer, AnswerError, validate};
use crate::clock::{Timestamp, human};
use crate::form::Form;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// When a candidate sees whether an answer is right, and the explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackTiming {
    /// After a question is checked ([`Event::Checked`]), and for every question once the
    /// attempt is closed.
    Immediate,
    /// Only once the attempt is closed (submitted or timed out).
    Deferred,
}

/// How an attempt is taken: a property of the attempt, not of its questions.
///
/// | mode | feedback | timed | pause |
/// |---|---|---|---|
/// | `Exam` | deferred | always | never |
/// | `Practice` | immediate | `timed` | yes |
/// | `DomainDrill` | immediate | `timed` | yes |
/// | `Review` | immediate | `timed` | yes |
/// | `Custom` | `feedback` | `timed` | yes |
///
/// Every mode but `Exam` is a practice mode. A timed attempt needs a form with a time limit.
/// The mode does not decide which questions are asked: that is the form's
/// [`FormKind`](crate::FormKind) (a drill mode is normally used with a drill form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Mode {
    /// The exam simulation.
    Exam,
    /// Practice with immediate feedback.
    Practice {
        /// Whether the form's time limit applies.
        timed: bool,
    },
    /// Practice of one domain.
    DomainDrill {
        /// Whether the form's time limit applies.
        timed: bool,
    },
    /// Review of items missed or flagged before.
    Review {
        /// Whether the form's time limit applies.
        timed: bool,
    },
    /// A custom session: exam, domains, count and minutes chosen by the person.
    Custom {
        /// When feedback is shown.
        feedback: FeedbackTiming,
        /// Whether the form's time limit applies.
        timed: bool,
    },
}

impl Mode {
    /// When feedback is shown.
    pub fn feedback(self) -> FeedbackTiming {
        match self {
            Mode::Exam => FeedbackTiming::Deferred,
            Mode::Practice { .. } | Mode::DomainDrill { .. } | Mode::Review { .. } => {
                FeedbackTiming::Immediate
            }
            Mode::Custom { feedback, .. } => feedback,
        }
    }

    /// Whether the attempt runs against a deadline.
    pub fn is_timed(self) -> bool {
        match self {
            Mode::Exam => true,
            Mode::Practice { timed }
            | Mode::DomainDrill { timed }
            | Mode::Review { timed }
            | Mode::Custom { timed, .. } => timed,
        }
    }

    /// Whether the attempt may be paused: practice modes only.
    pub fn can_pause(self) -> bool {
        !matches!(self, Mode::Exam)
    }

    /// The mode's name: `exam`, `practice`, `domain drill`, `review` or `custom`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Exam => "exam",
            Mode::Practice { .. } => "practice",
            Mode::DomainDrill { .. } => "domain drill",
            Mode::Review { .. } => "review",
            Mode::Custom { .. } => "custom",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Something that happens to an attempt. Items are named by their index in the form (0 is
/// the first question shown).
///
/// The caller proposes an event with [`Attempt::apply`]; once it is valid it is stamped with
/// its time as a [`Record`], which is what storage appends. An attempt is the fold of its
/// records ([`Attempt::replay`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The attempt began: always the first record, and only there.
    Started {
        /// The questions.
        form: Box<Form>,
        /// How the attempt is taken.
        mode: Mode,
    },
    /// The candidate went to a question.
    Navigated {
        /// The question's index.
        item: usize,
    },
    /// The candidate opened the review screen (time there counts for no question).
    ReviewOpened,
    /// The candidate gave or changed an answer.
    Answered {
        /// The question's index.
        item: usize,
        /// The answer, in shown positions.
        answer: Answer,
    },
    /// The candidate removed an answer (a no-op for an unanswered question).
    Cleared {
        /// The question's index.
        item: usize,
    },
    /// The candidate flagged a question for review (a no-op when flagged).
    Flagged {
        /// The question's index.
        item: usize,
    },
    /// The candidate removed a flag (a no-op when not flagged).
    Unflagged {
        /// The question's index.
        item: usize,
    },
    /// Immediate-feedback modes: the candidate checks a question. Its answer (or its blank)
    /// becomes final, and its correctness and explanations become visible.
    Checked {
        /// The question's index.
        item: usize,
    },
    /// Practice modes: the clock stops.
    Paused,
    /// The clock runs again; the deadline moves by the length of the pause.
    Resumed,
    /// The candidate ended the attempt.
    Submitted,
    /// The deadline passed: appended by the caller when it notices, at or after the deadline.
    TimedOut,
}

impl Event {
    /// The event's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Started { .. } => "started",
            Event::Navigated { .. } => "navigated",
            Event::ReviewOpened => "review opened",
            Event::Answered { .. } => "answered",
            Event::Cleared { .. } => "cleared",
            Event::Flagged { .. } => "flagged",
            Event::Unflagged { .. } => "unflagged",
            Event::Checked { .. } => "checked",
            Event::Paused => "paused",
            Event::Resumed => "resumed",
            Event::Submitted => "submitted",
            Event::TimedOut => "timed out",
        }
    }
}

/// An event with the time it happened: one entry of an attempt's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// When it happened (the `now` passed to [`Attempt::apply`]).
    pub at: Timestamp,
    /// What happened, as validated (choices sorted).
    #[serde(flatten)]
    pub event: Event,
}

/// What [`Attempt::apply`] accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The record to append to the attempt's log.
    pub record: Record,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The candidate submitted it.
    Submitted,
    /// The deadline passed.
    TimedOut,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Submitted => "submitted",
            Outcome::TimedOut => "timed out",
        })
    }
}

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being taken; the clock runs (when timed).
    InProgress,
    /// Paused (practice modes); the clock is stopped.
    Paused,
    /// Closed; nothing more can be recorded.
    Closed(Outcome),
}

/// Why an event cannot be applied, or an attempt started or replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttemptError {
    /// `Started` applied to an attempt that has begun.
    #[error("the attempt has already started; start a new attempt for a new form")]
    AlreadyStarted,
    /// A log whose first record is not `Started`.
    #[error(
        "an attempt's log must begin with a started event (got {found}); replay the whole log from its first record"
    )]
    NotStarted {
        /// The first record's event name, or "nothing".
        found: &'static str,
    },
    /// A form that fails its checks (from storage, or built by hand).
    #[error("the form cannot be used: {reason}; assemble a new form")]
    InvalidForm {
        /// What is wrong.
        reason: String,
    },
    /// A timed mode with a form that has no time limit.
    #[error(
        "{mode} mode here is timed, but the form for {exam} has no time limit; assemble the form with minutes, or use an untimed practice mode"
    )]
    NoTimeLimit {
        /// The mode.
        mode: Mode,
        /// The exam code.
        exam: String,
    },
    /// An event stamped earlier than the one before it.
    #[error(
        "the event is stamped {at}, before the previous event at {last}; pass the times in the order the events happened"
    )]
    OutOfOrder {
        /// The event's time.
        at: Timestamp,
        /// The previous event's time.
        last: Timestamp,
    },
    /// Anything after the attempt closed.
    #[error("the attempt is {outcome}; nothing more can be recorded; start a new attempt")]
    Closed {
        /// How it ended.
        outcome: Outcome,
    },
    /// Anything but `TimedOut` at or after the deadline.
    #[error(
        "the time ran out at {deadline}; append a timed out event to close the attempt, then show the report"
    )]
    TimeIsUp {
        /// The deadline.
        deadline: Timestamp,
    },
    /// `TimedOut` before the deadline.
    #[error(
        "the attempt has {left} left (deadline {deadline}); it can time out only at or after its deadline"
    )]
    NotDue {
        /// The deadline.
        deadline: Timestamp,
        /// What is left, in words.
        left: String,
    },
    /// `TimedOut` for an untimed attempt, or while paused.
    #[error("the attempt's clock is not running ({why}), so it cannot time out")]
    NoClock {
        /// "untimed" or "paused".
        why: &'static str,
    },
    /// An item index outside the form.
    #[error("there is no question at index {item}: the form has {len} questions (indices 0 to {})", .len - 1)]
    NoSuchItem {
        /// The index given.
        item: usize,
        /// The number of questions.
        len: usize,
    },
    /// An answer that does not fit the question.
    #[error("question {} cannot take this answer: {source}", .item + 1)]
    InvalidAnswer {
        /// The question's index.
        item: usize,
        /// What is wrong with it.
        source: AnswerError,
    },
    /// A change to a checked question's answer.
    #[error(
        "question {} has been checked and its answer is final; answer the other questions",
        .item + 1
    )]
    Final {
        /// The question's index.
        item: usize,
    },
    /// `Checked` twice for one question.
    #[error("question {} has already been checked", .item + 1)]
    AlreadyChecked {
        /// The question's index.
        item: usize,
    },
    /// `Checked` in a deferred-feedback mode.
    #[error(
        "{mode} mode shows answers only after the attempt is submitted; submit it to see the report"
    )]
    NoImmediateFeedback {
        /// The mode.
        mode: Mode,
    },
    /// `Paused` in exam mode.
    #[error("an exam cannot be paused (only practice modes can); the clock keeps running")]
    PauseNotAllowed,
    /// `Paused` while paused.
    #[error("the attempt is already paused; resume it to go on")]
    AlreadyPaused,
    /// `Resumed` while not paused.
    #[error("the attempt is not paused; there is nothing to resume")]
    NotPaused,
    /// Anything but `Resumed` while paused.
    #[error("the attempt is paused; resume it before {event}")]
    IsPaused {
        /// The event refused.
        event: &'static str,
    },
    /// A report asked for before the attempt closed.
    #[error(
        "the attempt is still in progress; submit it (or time it out at the deadline) to get the report"
    )]
    NotClosed,
}

/// A replay that stopped at an invalid record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("record {index} of the attempt's log ({event}) is invalid: {source}")]
pub struct ReplayError {
    /// The record's position in the log (0 is the started event).
    pub index: usize,
    /// The record's event name.
    pub event: &'static str,
    /// Why it was rejected.
    pub source: AttemptError,
}

/// What the attempt holds for one question.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ItemState {
    pub(crate) answer: Option<Answer>,
    pub(crate) flagged: bool,
    pub(crate) checked: bool,
    /// Milliseconds the question was the current one while the clock ran.
    pub(crate) millis: u64,
}

/// One attempt at a form: the fold of its [`Record`]s.
///
/// # Time
///
/// Every time comes from the caller (`now`, or a record's `at`); the engine reads no clock.
///
/// * The **deadline** is set when the attempt starts: `started_at + form minutes` for timed
///   modes, none for untimed ones. Nothing the client sends changes it, except that a pause
///   (practice modes only) moves it later by the pause's length, measured from the
///   `Paused` record to the `Resumed` one.
/// * **Time-out** is an explicit [`Event::TimedOut`] that the caller appends when it notices
///   the deadline has passed (`now >= deadline`; [`Attempt::is_due`] tells). Until then,
///   [`Attempt::apply`] of any other event stamped at or after the deadline fails with
///   [`AttemptError::TimeIsUp`], which tells the caller to append the time-out; an event one
///   millisecond before the deadline is accepted. The attempt is closed as timed out at the
///   deadline itself, whenever the time-out is recorded, so replay gives the same state.
///   A paused attempt does not time out.
/// * **Time per question** is the running time (pauses excluded) between one record and
///   the next, counted for the question that was current: the one last navigated to,
///   answered, cleared, flagged, unflagged or checked (the first question from the start;
///   none on the review screen). It stops at the submission or at the deadline.
///
/// Records must come in time order; one stamped before its predecessor is rejected.
///
/// # Example
///
/// ```
/// use engine::{Attempt, Event, FormSpec, Mode, Timestamp, assemble};
/// # fn item(n: u32) -> bank::Item {
/// #     let text = format!(
/// #         "+++\nid = \"doc-{n:03}\"\ntype = \"single\"\nstatus = \"reviewed\"\nauthor = \"docs\"\n\
/// #          exams = [{{ code = \"SAA-C03\", domain = {} }}]\n+++\n\nQuestion {n}?\n\n\
/// #          - [x] Right.\n  > Yes.\n- [ ] Wrong.\n  > No.\n- [ ] Wrong too.\n  > No.\n",
/// #         n % 4 + 1
/// #     );
/// #     match bank::parse(&bank::SourceFile::new("doc.md", text)).parsed {
/// #         Some(bank::Parsed::Item(item)) => *item,
/// #         other => panic!("{other:?}"),
/// #     }
/// # }
/// # let bank: Vec<bank::Item> = (0..40).map(item).collect();
/// # let catalog = catalog::Catalog::builtin()?;
/// # let saa = catalog.exam("SAA-C03").expect("in the catalog");
/// let form = assemble(&bank, saa, &FormSpec::custom(vec![], 10, Some(20)), 7)?;
/// let start = Timestamp::from_unix_millis(1_796_112_000_000);
/// let mut attempt = Attempt::new(form, Mode::Exam, start)?;
/// let at = |s: u64| start.plus(std::time::Duration::from_secs(s));
///
/// let answer = attempt.form().items()[0].correct_answer();
/// attempt.apply(Event::Answered { item: 0, answer }, at(40))?;
/// attempt.apply(Event::Flagged { item: 1 }, at(70))?;
/// attempt.apply(Event::Submitted, at(100))?;
///
/// // The log replays to the same attempt.
/// let again = Attempt::replay(attempt.records().to_vec())?;
/// assert_eq!(again, attempt);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub(crate) form: Form,
    pub(crate) mode: Mode,
    pub(crate) started_at: Timestamp,
    pub(crate) deadline: Option<Timestamp>,
    pub(crate) status: Status,
    pub(crate) paused_since: Option<Timestamp>,
    pub(crate) paused_millis: u64,
    pub(crate) last_at: Timestamp,
    pub(crate) current: Option<usize>,
    pub(crate) items: Vec<ItemState>,
    pub(crate) closed_at: Option<Timestamp>,
    pub(crate) review_millis: u64,
    pub(crate) records: Vec<Record>,
}

impl Attempt {
    /// Starts an attempt at `started_at`; its first record is the [`Event::Started`] to
    /// append.
    ///
    /// # Errors
    ///
    /// [`AttemptError::InvalidForm`] for a form that fails its checks, and
    /// [`AttemptError::NoTimeLimit`] for a timed mode on a form without minutes.
    pub fn new(form: Form, mode: Mode, started_at: Timestamp) -> Result<Attempt, AttemptError> {
        form.check()
            .map_err(|reason| AttemptError::InvalidForm { reason })?;
        let deadline = if mode.is_timed() {
            let minutes = form.minutes.ok_or_else(|| AttemptError::NoTimeLimit {
                mode,
                exam: form.exam.clone(),
            })?;
            Some(started_at.plus(Duration::from_secs(u64::from(minutes) * 60)))
        } else {
            None
        };
        let record = Record {
            at: started_at,
            event: Event::Started {
                form: Box::new(form.clone()),
                mode,
            },
        };
        Ok(Attempt {
            items: vec![ItemState::default(); form.items.len()],
            form,
            mode,
            started_at,
            deadline,
            status: Status::InProgress,
            paused_since: None,
            paused_millis: 0,
            last_at: started_at,
            current: Some(0),
            closed_at: None,
            review_millis: 0,
            records: vec![record],
        })
    }

    /// Rebuilds an attempt from its log (the records in order, `Started` first), checking
    /// every record as [`Attempt::apply`] does; the result equals the attempt that wrote it.
    ///
    /// # Errors
    ///
    /// A [`ReplayError`] naming the first record that is invalid.
    pub fn replay(records: impl IntoIterator<Item = Record>) -> Result<Attempt, ReplayError> {
        let mut records = records.into_iter();
        let first = records.next();
        let found = first.as_ref().map_or("nothing", |r| r.event.name());
        let (at, form, mode) = match first {
            Some(Record {
                at,
                event: Event::Started { form, mode },
            }) => (at, form, mode),
            _ => {
                return Err(ReplayError {
                    index: 0,
                    event: found,
                    source: AttemptError::NotStarted { found },
                });
            }
        };
        let mut attempt = Attempt::new(*form, mode, at).map_err(|source| ReplayError {
            index: 0,
            event: "started",
            source,
        })?;
        for (i, record) in records.enumerate() {
            let event = record.event.name();
            attempt
                .apply(record.event, record.at)
                .map_err(|source| ReplayError {
                    index: i + 1,
                    event,
                    source,
                })?;
        }
        Ok(attempt)
    }

    /// Applies `event` at `now` if it is valid, and returns the record to append.
    ///
    /// # Errors
    ///
    /// The event is refused, and the attempt left unchanged, when the attempt is closed,
    /// the deadline has passed (except [`Event::TimedOut`]), `now` is before the last record,
    /// the item index is outside the form, the answer does not fit the question (more than
    /// "Select N" choices, not exactly one for a single answer, not a permutation of the
    /// steps, not one response per prompt, a position not shown), the question was checked,
    /// or the mode does not allow it (pause in exam mode, check with deferred feedback).
    pub fn apply(&mut self, event: Event, now: Timestamp) -> Result<Applied, AttemptError> {
        let event = self.validate(event, now)?;
        self.commit(&event, now);
        let record = Record { at: now, event };
        self.records.push(record.clone());
        Ok(Applied { record })
    }

    /// Checks an event without changing anything; returns it as it would be recorded.
    fn validate(&self, event: Event, now: Timestamp) -> Result<Event, AttemptError> {
        if let Event::Started { .. } = event {
            return Err(AttemptError::AlreadyStarted);
        }
        if let Status::Closed(outcome) = self.status {
            return Err(AttemptError::Closed { outcome });
        }
        if now < self.last_at {
            return Err(AttemptError::OutOfOrder {
                at: now,
                last: self.last_at,
            });
        }
        if let Event::TimedOut = event {
            let deadline = self
                .deadline
                .ok_or(AttemptError::NoClock { why: "untimed" })?;
            if self.status == Status::Paused {
                return Err(AttemptError::NoClock { why: "paused" });
            }
            if now < deadline {
                return Err(AttemptError::NotDue {
                    deadline,
                    left: human(deadline.since(now)),
                });
            }
            return Ok(event);
        }
        if self.status == Status::Paused {
            return match event {
                Event::Resumed => Ok(event),
                Event::Paused => Err(AttemptError::AlreadyPaused),
                other => Err(AttemptError::IsPaused {
                    event: other.name(),
                }),
            };
        }
        if let Some(deadline) = self.deadline
            && now >= deadline
        {
            return Err(AttemptError::TimeIsUp { deadline });
        }
        let check_item = |item: usize| {
            if item < self.items.len() {
                Ok(item)
            } else {
                Err(AttemptError::NoSuchItem {
                    item,
                    len: self.items.len(),
                })
            }
        };
        match event {
            Event::Navigated { item } | Event::Flagged { item } | Event::Unflagged { item } => {
                check_item(item)?;
                Ok(event)
            }
            Event::Answered { item, answer } => {
                check_item(item)?;
                if self.items[item].checked {
                    return Err(AttemptError::Final { item });
                }
                let answer = validate(&self.form.items[item], answer)
                    .map_err(|source| AttemptError::InvalidAnswer { item, source })?;
                Ok(Event::Answered { item, answer })
            }
            Event::Cleared { item } => {
                check_item(item)?;
                if self.items[item].checked {
                    return Err(AttemptError::Final { item });
                }
                Ok(event)
            }
            Event::Checked { item } => {
                if self.mode.feedback() == FeedbackTiming::Deferred {
                    return Err(AttemptError::NoImmediateFeedback { mode: self.mode });
                }
                check_item(item)?;
                if self.items[item].checked {
                    return Err(AttemptError::AlreadyChecked { item });
                }
                Ok(event)
            }
            Event::Paused => {
                if self.mode.can_pause() {
                    Ok(event)
                } else {
                    Err(AttemptError::PauseNotAllowed)
                }
            }
            Event::Resumed => Err(AttemptError::NotPaused),
            Event::ReviewOpened | Event::Submitted => Ok(event),
            Event::Started { .. } | Event::TimedOut => unreachable!("handled above"),
        }
    }

    /// Adds the running time up to `until` to the current question (or the review screen).
    fn account(&mut self, until: Timestamp) {
        let millis = until.millis_since(self.last_at);
        match self.current {
            Some(item) => self.items[item].millis += millis,
            None => self.review_millis += millis,
        }
        self.last_at = until;
    }

    /// Changes the state for a validated event.
    fn commit(&mut self, event: &Event, now: Timestamp) {
        match event {
            Event::TimedOut => {
                let deadline = self.deadline.unwrap_or(now);
                self.account(deadline.max(self.last_at));
                self.last_at = now;
                self.closed_at = Some(deadline);
                self.status = Status::Closed(Outcome::TimedOut);
                self.current = None;
                return;
            }
            Event::Resumed => {
                let since = self.paused_since.take().unwrap_or(now);
                let paused = now.millis_since(since);
                self.paused_millis += paused;
                self.deadline = self.deadline.map(|d| d.plus(Duration::from_millis(paused)));
                self.last_at = now;
                self.status = Status::InProgress;
                return;
            }
            _ => {}
        }
        self.account(now);
        match event {
            Event::Navigated { item } | Event::Flagged { item } | Event::Unflagged { item } => {
                self.current = Some(*item);
                if let Event::Flagged { .. } | Event::Unflagged { .. } = event {
                    self.items[*item].flagged = matches!(event, Event::Flagged { .. });
                }
            }
            Event::Answered { item, answer } => {
                self.current = Some(*item);
                self.items[*item].answer = Some(answer.clone());
            }
            Event::Cleared { item } => {
                self.current = Some(*item);
                self.items[*item].answer = None;
            }
            Event::Checked { item } => {
                self.current = Some(*item);
                self.items[*item].checked = true;
            }
            Event::ReviewOpened => self.current = None,
            Event::Paused => {
                self.paused_since = Some(now);
                self.status = Status::Paused;
            }
            Event::Submitted => {
                self.closed_at = Some(now);
                self.status = Status::Closed(Outcome::Submitted);
                self.current = None;
            }
            Event::Started { .. } | Event::TimedOut | Event::Resumed => {}
        }
    }

    /// The form.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Where the attempt stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Whether the attempt is closed (submitted or timed out).
    pub fn is_closed(&self) -> bool {
        matches!(self.status, Status::Closed(_))
    }

    /// When it started.
    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    /// The current deadline: set at start, later by the length of each finished pause;
    /// `None` when untimed.
    pub fn deadline(&self) -> Option<Timestamp> {
        self.deadline
    }

    /// When it closed: the submission's time, or the deadline for a time-out.
    pub fn closed_at(&self) -> Option<Timestamp> {
        self.closed_at
    }

    /// The time left at `now`, from the deadline only: `None` when untimed, zero when
    /// closed or past the deadline; while paused, what was left when the pause began.
    pub fn remaining(&self, now: Timestamp) -> Option<Duration> {
        let deadline = self.deadline?;
        Some(match self.status {
            Status::Closed(_) => Duration::ZERO,
            Status::Paused => deadline.since(self.paused_since.unwrap_or(now)),
            Status::InProgress => deadline.since(now),
        })
    }

    /// Whether a [`Event::TimedOut`] is due at `now`: in progress, timed, deadline reached.
    pub fn is_due(&self, now: Timestamp) -> bool {
        self.status == Status::InProgress && self.deadline.is_some_and(|d| now >= d)
    }

    /// Appends the time-out if it is due at `now`, returning its record.
    pub fn time_out_if_due(&mut self, now: Timestamp) -> Option<Applied> {
        if self.is_due(now) {
            self.apply(Event::TimedOut, now).ok()
        } else {
            None
        }
    }

    /// The log so far, `Started` first: replaying it gives this attempt.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The question the candidate is on; `None` on the review screen or once closed.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// The recorded answer to a question.
    pub fn answer(&self, item: usize) -> Option<&Answer> {
        self.items.get(item)?.answer.as_ref()
    }

    /// Whether a question is flagged.
    pub fn is_flagged(&self, item: usize) -> bool {
        self.items.get(item).is_some_and(|i| i.flagged)
    }

    /// Whether a question's answer is final: checked (immediate feedback), or the attempt
    /// closed.
    pub fn is_final(&self, item: usize) -> bool {
        self.is_closed() || self.items.get(item).is_some_and(|i| i.checked)
    }

    /// The running time spent on a question so far.
    pub fn time_on(&self, item: usize) -> Duration {
        Duration::from_millis(self.items.get(item).map_or(0, |i| i.millis))
    }

    /// The running time so far at `now`: from the start, pauses excluded, until closed.
    pub fn time_used(&self, now: Timestamp) -> Duration {
        let end = match (self.closed_at, self.status) {
            (Some(closed), _) => closed,
            (None, Status::Paused) => self.paused_since.unwrap_or(now),
            (None, _) => now,
        };
        Duration::from_millis(
            end.millis_since(self.started_at)
                .saturating_sub(self.paused_millis),
        )
    }

    /// Whether the solution of a question may be shown: closed, or checked with immediate
    /// feedback.
    pub(crate) fn revealed(&self, item: usize) -> bool {
        self.is_closed()
            || (self.mode.feedback() == FeedbackTiming::Immediate && self.items[item].checked)
    }
}
