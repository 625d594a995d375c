//! The UI state and what keys, clicks and ticks do to it.

use crate::Recorder;
use crate::text::{label, number_word};
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use engine::{Answer, Attempt, Event, FeedbackTiming, Outcome, QuestionKind, QuestionView, Status};
use ratatui::layout::{Position, Rect};

/// Which screen the UI shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// One question: the stem, the options, and (once revealed) the explanations.
    Question,
    /// Every question with its state; Enter opens one.
    Review,
    /// "N unanswered, M flagged. Submit? Y/N".
    ConfirmSubmit,
    /// The report of a closed attempt.
    Result,
    /// The key map.
    Help,
}

/// Which questions the review screen lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewFilter {
    /// Every question.
    All,
    /// Questions without an answer.
    Unanswered,
    /// Flagged questions.
    Flagged,
    /// Questions answered wrongly or left blank (closed attempts only).
    Wrong,
}

impl ReviewFilter {
    /// The filter's name, as the review screen shows it.
    pub fn name(self) -> &'static str {
        match self {
            ReviewFilter::All => "all",
            ReviewFilter::Unanswered => "unanswered",
            ReviewFilter::Flagged => "flagged",
            ReviewFilter::Wrong => "wrong or blank",
        }
    }
}

/// What a click on a drawn area does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// An option, step or response: as if its letter was pressed.
    Choice(usize),
    /// A prompt of a matching question: selects it.
    Prompt(usize),
    /// A question in the navigator or the review screen: goes there.
    Question(usize),
}

/// A status line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub(crate) text: String,
    pub(crate) error: bool,
}

/// The answer being built for an ordering or matching question, before it is complete
/// enough to record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pending {
    /// The question it belongs to.
    pub(crate) item: Option<usize>,
    /// Ordering: the steps placed so far.
    pub(crate) order: Vec<u8>,
    /// Matching: the response chosen for each prompt.
    pub(crate) matches: Vec<Option<u8>>,
}

/// The state of the exam UI: which screen and question are shown, cursors, the answer being
/// built for ordering and matching questions, and the status line.
///
/// The attempt itself is not here: it lives behind the [`Recorder`], and every change goes
/// through [`Recorder::record`], so what is drawn is always what was stored. Feed the `App`
/// keys ([`App::handle_key`]), mouse events ([`App::handle_mouse`]) and ticks
/// ([`App::tick`], about every 250 ms), and draw it with [`App::draw`].
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) current: usize,
    pub(crate) screen: Screen,
    /// Where Esc (or any key on the help screen) goes back to.
    pub(crate) back: Screen,
    /// Where the help screen goes back to.
    pub(crate) help_back: Screen,
    pub(crate) cursor: usize,
    pub(crate) prompt: usize,
    pub(crate) pending: Pending,
    pub(crate) message: Option<Message>,
    pub(crate) quit: bool,
    pub(crate) colors: bool,
    /// The question number being typed after `g` (or on the review screen).
    pub(crate) goto: Option<String>,
    pub(crate) review_cursor: usize,
    pub(crate) filter: ReviewFilter,
    /// Whether the attempt was closed when last looked at.
    pub(crate) closed_seen: bool,
    /// Whether `C` was pressed once on an unanswered question (a second press checks it).
    pub(crate) check_blank: bool,
    pub(crate) scroll: u16,
    /// Scroll so the option cursor is visible at the next draw.
    pub(crate) follow_cursor: bool,
    /// The clickable areas of the last draw.
    pub(crate) targets: Vec<(Rect, Target)>,
}

impl App {
    /// The UI for the recorder's attempt: on its current question (a resumed attempt
    /// continues where it was left), on the review screen when it was left there, or on the
    /// result screen when the attempt is closed. Colours are on; see [`App::with_colors`].
    pub fn new(recorder: &dyn Recorder) -> App {
        let attempt = recorder.attempt();
        let closed = attempt.is_closed();
        let current = attempt
            .current()
            .unwrap_or(0)
            .min(attempt.form().len().saturating_sub(1));
        let screen = if closed {
            Screen::Result
        } else if attempt.current().is_none() {
            Screen::Review
        } else {
            Screen::Question
        };
        let mut app = App {
            current,
            screen,
            back: Screen::Question,
            help_back: screen,
            cursor: 0,
            prompt: 0,
            pending: Pending::default(),
            message: None,
            quit: false,
            colors: true,
            goto: None,
            review_cursor: current,
            filter: ReviewFilter::All,
            closed_seen: closed,
            check_blank: false,
            scroll: 0,
            follow_cursor: false,
            targets: Vec::new(),
        };
        if !closed && attempt.records().len() > 1 {
            let review = attempt.review();
            let mut text = format!(
                "Resumed an unfinished attempt: {} of {} answered",
                review.answered,
                review.entries.len()
            );
            if attempt.status() == Status::Paused {
                text.push_str("; it is paused, press Space to go on");
            } else if attempt.deadline().is_some() {
                text.push_str("; the clock ran on while it was closed");
            }
            app.info(text);
        }
        app.sync_pending(attempt);
        app
    }

    /// The same UI with colours on or off (off for `NO_COLOR`: only bold, reversed and
    /// other modifiers then tell states apart, with the symbols).
    pub fn with_colors(mut self, colors: bool) -> App {
        self.colors = colors;
        self
    }

    /// Turns colours on or off.
    pub fn set_colors(&mut self, colors: bool) {
        self.colors = colors;
    }

    /// Whether colours are used.
    pub fn colors(&self) -> bool {
        self.colors
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The question shown (0-based), or last shown when on another screen.
    pub fn current(&self) -> usize {
        self.current
    }

    /// The option cursor on the current question (0 = "A").
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The steps placed so far on the current ordering question, in shown positions; the
    /// order is recorded when every step is placed.
    pub fn pending_order(&self) -> &[u8] {
        &self.pending.order
    }

    /// The prompt selected on the current matching question (0-based).
    pub fn selected_prompt(&self) -> usize {
        self.prompt
    }

    /// The review screen's filter.
    pub fn review_filter(&self) -> ReviewFilter {
        self.filter
    }

    /// The status line message, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|m| m.text.as_str())
    }

    /// Whether the status line message reports a refusal or an error.
    pub fn message_is_error(&self) -> bool {
        self.message.as_ref().is_some_and(|m| m.error)
    }

    /// Whether the user asked to leave. An open attempt is left as it is, to be resumed.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Sends an event; on refusal shows the message (and records a due time-out).
    fn send(&mut self, recorder: &mut dyn Recorder, event: Event) -> bool {
        match recorder.record(event) {
            Ok(()) => {
                self.note_closed(recorder.attempt());
                true
            }
            Err(message) => {
                self.error(capitalize(&message));
                if let Err(message) = recorder.time_out_if_due() {
                    self.error(capitalize(&message));
                }
                self.note_closed(recorder.attempt());
                false
            }
        }
    }

    /// Switches to the result screen the first time the attempt is seen closed.
    fn note_closed(&mut self, attempt: &Attempt) {
        if attempt.is_closed() && !self.closed_seen {
            self.closed_seen = true;
            self.screen = Screen::Result;
            self.back = Screen::Result;
            self.goto = None;
            self.scroll = 0;
            if attempt.status() == Status::Closed(Outcome::TimedOut) {
                self.error(
                    "Time is up: the attempt was scored with the answers given by the deadline",
                );
            }
        }
    }

    /// Called about every 250 ms: records a time-out when the deadline has passed and then
    /// shows the result screen.
    pub fn tick(&mut self, recorder: &mut dyn Recorder) {
        if !recorder.attempt().is_closed()
            && let Err(message) = recorder.time_out_if_due()
        {
            self.error(capitalize(&message));
        }
        self.note_closed(recorder.attempt());
    }

    /// Handles a key press (releases are ignored). See the crate docs for the key map.
    pub fn handle_key(&mut self, key: KeyEvent, recorder: &mut dyn Recorder) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.message = None;
        let armed = std::mem::take(&mut self.check_blank);
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            if matches!(key.code, KeyCode::Char('c' | 'q')) {
                self.leave(recorder.attempt());
            }
            return;
        }
        if self.goto.is_some() {
            self.goto_key(key.code, recorder);
            return;
        }
        let paused = recorder.attempt().status() == Status::Paused;
        if paused
            && matches!(
                self.screen,
                Screen::Question | Screen::Review | Screen::ConfirmSubmit
            )
        {
            match key.code {
                KeyCode::Char(' ') => {
                    self.send(recorder, Event::Resumed);
                }
                KeyCode::Char('q' | 'Q') | KeyCode::Esc => self.leave(recorder.attempt()),
                KeyCode::Char('?') => self.open_help(),
                _ => self.error("Paused: press Space to resume"),
            }
            return;
        }
        match self.screen {
            Screen::Help => self.screen = self.help_back,
            Screen::ConfirmSubmit => self.confirm_key(key.code, recorder),
            Screen::Result => self.result_key(key.code, recorder.attempt()),
            Screen::Review => self.review_key(key.code, recorder),
            Screen::Question => self.question_key(key.code, recorder, armed),
        }
    }

    /// Handles a mouse event: a click on an option chooses it, on a prompt selects it, on a
    /// question number (navigator or review screen) goes there; the wheel scrolls.
    pub fn handle_mouse(&mut self, mouse: MouseEvent, recorder: &mut dyn Recorder) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll = self.scroll.saturating_add(2),
            MouseEventKind::ScrollUp => self.scroll = self.scroll.saturating_sub(2),
            MouseEventKind::Down(MouseButton::Left) => {
                let at = Position::new(mouse.column, mouse.row);
                let Some(&(_, target)) = self.targets.iter().find(|(r, _)| r.contains(at)) else {
                    return;
                };
                self.message = None;
                if recorder.attempt().status() == Status::Paused {
                    self.error("Paused: press Space to resume");
                    return;
                }
                match target {
                    Target::Choice(i) if self.screen == Screen::Question => {
                        self.choose(i, recorder)
                    }
                    Target::Prompt(p) if self.screen == Screen::Question => self.prompt = p,
                    Target::Question(i)
                        if matches!(self.screen, Screen::Question | Screen::Review) =>
                    {
                        self.go_to(i, recorder)
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn leave(&mut self, attempt: &Attempt) {
        self.quit = true;
        if !attempt.is_closed() {
            self.info("Left the attempt as it is: run the same command again to resume it");
        }
    }

    fn open_help(&mut self) {
        if self.screen != Screen::Help {
            self.help_back = self.screen;
            self.screen = Screen::Help;
        }
    }

    fn goto_key(&mut self, code: KeyCode, recorder: &mut dyn Recorder) {
        let Some(buffer) = &mut self.goto else {
            return;
        };
        match code {
            KeyCode::Char(c @ '0'..='9') if buffer.len() < 4 => buffer.push(c),
            KeyCode::Backspace => {
                buffer.pop();
            }
            KeyCode::Enter => {
                let typed = self.goto.take().unwrap_or_default();
                let total = recorder.attempt().form().len();
                match typed.parse::<usize>() {
                    Ok(n) if (1..=total).contains(&n) => self.go_to(n - 1, recorder),
                    _ if typed.is_empty() => {}
                    _ => self.error(format!(
                        "There is no question {typed}: the questions are 1 to {total}"
                    )),
                }
            }
            KeyCode::Esc => self.goto = None,
            _ => {}
        }
    }

    fn confirm_key(&mut self, code: KeyCode, recorder: &mut dyn Recorder) {
        match code {
            KeyCode::Char('y' | 'Y') => {
                if self.send(recorder, Event::Submitted) {
                    self.screen = Screen::Result;
                    self.scroll = 0;
                }
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => self.screen = self.back,
            _ => self.error("Press Y to submit, or N to go back"),
        }
    }

    fn result_key(&mut self, code: KeyCode, attempt: &Attempt) {
        match code {
            KeyCode::Char('r' | 'R') => self.open_review(ReviewFilter::All, Screen::Result),
            KeyCode::Char('w' | 'W') => self.open_review(ReviewFilter::Wrong, Screen::Result),
            KeyCode::Char('q' | 'Q') | KeyCode::Esc => self.leave(attempt),
            KeyCode::Char('?') => self.open_help(),
            KeyCode::PageDown | KeyCode::Down | KeyCode::Char(' ') => {
                self.scroll = self
                    .scroll
                    .saturating_add(if code == KeyCode::Down { 1 } else { 10 })
            }
            KeyCode::PageUp | KeyCode::Up => {
                self.scroll = self
                    .scroll
                    .saturating_sub(if code == KeyCode::Up { 1 } else { 10 })
            }
            _ => {}
        }
    }

    fn open_review(&mut self, filter: ReviewFilter, back: Screen) {
        self.filter = filter;
        self.back = back;
        self.screen = Screen::Review;
        self.review_cursor = 0;
        self.scroll = 0;
    }

    /// The questions the review screen lists, with the filter applied.
    pub(crate) fn review_items(&self, attempt: &Attempt) -> Vec<usize> {
        let review = attempt.review();
        let wrong = |i: usize| {
            attempt
                .question(i)
                .ok()
                .and_then(|q| q.solution)
                .is_some_and(|s| !s.correct())
        };
        review
            .entries
            .iter()
            .filter(|e| match self.filter {
                ReviewFilter::All => true,
                ReviewFilter::Unanswered => !e.answered,
                ReviewFilter::Flagged => e.flagged,
                ReviewFilter::Wrong => wrong(e.index),
            })
            .map(|e| e.index)
            .collect()
    }

    /// The number of review columns drawn last (for Up/Down); at least 1.
    pub(crate) fn review_columns(&self) -> usize {
        let rows: Vec<u16> = self
            .targets
            .iter()
            .filter(|(_, t)| matches!(t, Target::Question(_)))
            .map(|(r, _)| r.y)
            .collect();
        if self.screen != Screen::Review || rows.is_empty() {
            return 1;
        }
        rows.iter().filter(|&&y| y == rows[0]).count().max(1)
    }

    fn review_key(&mut self, code: KeyCode, recorder: &mut dyn Recorder) {
        let items = self.review_items(recorder.attempt());
        let closed = recorder.attempt().is_closed();
        let count = items.len();
        let columns = self.review_columns();
        match code {
            KeyCode::Left => self.review_cursor = self.review_cursor.saturating_sub(1),
            KeyCode::Right => {
                self.review_cursor = (self.review_cursor + 1).min(count.saturating_sub(1))
            }
            KeyCode::Up => self.review_cursor = self.review_cursor.saturating_sub(columns),
            KeyCode::Down if self.review_cursor + columns < count => {
                self.review_cursor += columns;
            }
            KeyCode::Home => self.review_cursor = 0,
            KeyCode::End => self.review_cursor = count.saturating_sub(1),
            KeyCode::Enter => match items.get(self.review_cursor) {
                Some(&i) => self.go_to(i, recorder),
                None => self.error("No question matches this filter; press Tab for another"),
            },
            KeyCode::Tab => {
                self.filter = match self.filter {
                    ReviewFilter::All => ReviewFilter::Unanswered,
                    ReviewFilter::Unanswered => ReviewFilter::Flagged,
                    ReviewFilter::Flagged if closed => ReviewFilter::Wrong,
                    ReviewFilter::Flagged | ReviewFilter::Wrong => ReviewFilter::All,
                };
                self.review_cursor = 0;
            }
            KeyCode::Char('w' | 'W') if closed => {
                self.filter = ReviewFilter::Wrong;
                self.review_cursor = 0;
            }
            KeyCode::Char(c @ '0'..='9') => self.goto = Some(c.to_string()),
            KeyCode::Char('g' | 'G') => self.goto = Some(String::new()),
            KeyCode::Char('s' | 'S') => self.ask_submit(recorder.attempt()),
            KeyCode::Char(' ') => self.pause(recorder),
            KeyCode::Char('?') => self.open_help(),
            KeyCode::Char('q' | 'Q') => self.leave(recorder.attempt()),
            KeyCode::Esc | KeyCode::Char('r' | 'R') => {
                if closed && self.back == Screen::Result {
                    self.screen = Screen::Result;
                    self.scroll = 0;
                } else {
                    self.go_to(self.current, recorder);
                }
            }
            _ => {}
        }
        self.review_cursor = self.review_cursor.min(count.saturating_sub(1));
    }

    fn ask_submit(&mut self, attempt: &Attempt) {
        if attempt.is_closed() {
            self.error("The attempt is closed already");
            return;
        }
        self.back = self.screen;
        self.screen = Screen::ConfirmSubmit;
    }

    fn pause(&mut self, recorder: &mut dyn Recorder) {
        let attempt = recorder.attempt();
        if attempt.is_closed() {
            return;
        }
        if !attempt.mode().can_pause() {
            self.error("An exam cannot be paused: the clock keeps running");
            return;
        }
        if self.send(recorder, Event::Paused) {
            self.info("Paused: the clock is stopped");
        }
    }

    fn question_key(&mut self, code: KeyCode, recorder: &mut dyn Recorder, armed: bool) {
        let attempt = recorder.attempt();
        let total = attempt.form().len();
        let Ok(view) = attempt.question(self.current) else {
            return;
        };
        let options = view.options.len();
        match code {
            KeyCode::Char(c @ '1'..='9') => {
                let i = usize::from(c as u8 - b'1');
                if i < options {
                    self.choose(i, recorder);
                } else {
                    self.error(format!(
                        "There is no option {}: this question shows A to {}",
                        i + 1,
                        label(options.saturating_sub(1))
                    ));
                }
            }
            KeyCode::Char(c @ ('a'..='f' | 'A' | 'B' | 'D' | 'E')) => {
                let i = usize::from(c.to_ascii_lowercase() as u8 - b'a');
                if i < options {
                    self.choose(i, recorder);
                } else if c == 'f' {
                    self.error("There is no option F here; Shift+F (or m) flags the question");
                } else {
                    self.error(format!(
                        "There is no option {}: this question shows A to {}",
                        label(i),
                        label(options.saturating_sub(1))
                    ));
                }
            }
            KeyCode::Up | KeyCode::BackTab if view.kind == QuestionKind::Matching => {
                self.prompt = (self.prompt + view.prompts.len() - 1) % view.prompts.len().max(1);
                self.follow_cursor = true;
            }
            KeyCode::Down | KeyCode::Tab if view.kind == QuestionKind::Matching => {
                self.prompt = (self.prompt + 1) % view.prompts.len().max(1);
                self.follow_cursor = true;
            }
            KeyCode::Up | KeyCode::BackTab => {
                self.cursor = self.cursor.saturating_sub(1);
                self.follow_cursor = true;
            }
            KeyCode::Down | KeyCode::Tab => {
                self.cursor = (self.cursor + 1).min(options.saturating_sub(1));
                self.follow_cursor = true;
            }
            KeyCode::Enter if view.kind != QuestionKind::Matching => {
                self.choose(self.cursor, recorder)
            }
            KeyCode::Backspace => self.undo_step(&view),
            KeyCode::Char('x' | 'X') | KeyCode::Delete => self.clear(&view, recorder),
            KeyCode::Left | KeyCode::Char('p' | 'P' | ',') if self.current > 0 => {
                self.go_to(self.current - 1, recorder);
            }
            KeyCode::Right | KeyCode::Char('n' | 'N' | '.') if self.current + 1 < total => {
                self.go_to(self.current + 1, recorder);
            }
            KeyCode::Home => self.go_to(0, recorder),
            KeyCode::End => self.go_to(total.saturating_sub(1), recorder),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Char('g' | 'G') => self.goto = Some(String::new()),
            KeyCode::Char('F' | 'm' | 'M') => self.toggle_flag(&view, recorder),
            KeyCode::Char('C') => self.check(&view, recorder, armed),
            KeyCode::Char('r' | 'R') => {
                let closed = attempt.is_closed();
                let open = attempt.current().is_some();
                let back = if closed {
                    Screen::Result
                } else {
                    Screen::Question
                };
                let filter = if closed {
                    self.filter
                } else {
                    ReviewFilter::All
                };
                self.open_review(filter, back);
                self.review_cursor = self
                    .review_items(recorder.attempt())
                    .iter()
                    .position(|&i| i == self.current)
                    .unwrap_or(0);
                if !closed && open {
                    self.send(recorder, Event::ReviewOpened);
                }
            }
            KeyCode::Char('s' | 'S') => self.ask_submit(attempt),
            KeyCode::Char(' ') => self.pause(recorder),
            KeyCode::Char('?') => self.open_help(),
            KeyCode::Char('q' | 'Q') => self.leave(attempt),
            KeyCode::Esc => {
                if attempt.is_closed() {
                    self.screen = if self.back == Screen::Review {
                        Screen::Review
                    } else {
                        Screen::Result
                    };
                    self.back = Screen::Result;
                    self.scroll = 0;
                } else {
                    self.leave(attempt);
                }
            }
            _ => {}
        }
    }

    /// Goes to a question, recording `Navigated` when the attempt's current question changes.
    pub(crate) fn go_to(&mut self, item: usize, recorder: &mut dyn Recorder) {
        let attempt = recorder.attempt();
        if item >= attempt.form().len() {
            return;
        }
        let changed = self.current != item || self.screen != Screen::Question;
        let unrecorded = self.unrecorded(attempt).filter(|_| self.current != item);
        if !attempt.is_closed()
            && attempt.current() != Some(item)
            && !self.send(recorder, Event::Navigated { item })
        {
            return;
        }
        if self.screen != Screen::Question {
            self.back = if recorder.attempt().is_closed() {
                Screen::Review
            } else {
                Screen::Question
            };
        }
        self.screen = Screen::Question;
        if let Some(warning) = unrecorded {
            self.info(warning);
        }
        if changed {
            self.current = item;
            self.cursor = 0;
            self.prompt = 0;
            self.scroll = 0;
        }
        self.sync_pending(recorder.attempt());
    }

    /// A warning when the current question has a started order or matching that is not
    /// recorded (it is dropped on leaving the question).
    fn unrecorded(&self, attempt: &Attempt) -> Option<String> {
        if self.pending.item != Some(self.current) || attempt.is_closed() {
            return None;
        }
        let view = attempt.question(self.current).ok()?;
        let n = self.current + 1;
        match view.kind {
            QuestionKind::Ordering
                if !self.pending.order.is_empty()
                    && view.answer.as_ref() != Some(&Answer::Order(self.pending.order.clone())) =>
            {
                Some(format!(
                    "Question {n}: the order was not complete, so it was not recorded"
                ))
            }
            QuestionKind::Matching
                if self.pending.matches.iter().any(Option::is_some)
                    && self.pending.matches.iter().any(Option::is_none) =>
            {
                Some(format!(
                    "Question {n}: not every prompt had a response, so the matching was not recorded"
                ))
            }
            _ => None,
        }
    }

    /// Starts the pending order or matches of the current question from its recorded answer.
    fn sync_pending(&mut self, attempt: &Attempt) {
        if self.pending.item == Some(self.current) {
            return;
        }
        let Ok(view) = attempt.question(self.current) else {
            return;
        };
        self.pending = Pending {
            item: Some(self.current),
            order: match &view.answer {
                Some(Answer::Order(order)) => order.clone(),
                _ => Vec::new(),
            },
            matches: match &view.answer {
                Some(Answer::Matches(m)) => m.iter().map(|&r| Some(r)).collect(),
                _ => vec![None; view.prompts.len()],
            },
        };
    }

    /// Why the answer of this question cannot change, if it cannot.
    fn locked(&self, view: &QuestionView, attempt: &Attempt) -> Option<String> {
        if attempt.is_closed() {
            Some("The attempt is closed: answers can no longer change".to_owned())
        } else if view.is_final {
            Some(format!(
                "Question {} was checked: its answer is final",
                view.index + 1
            ))
        } else {
            None
        }
    }

    /// Chooses option `i` as its key or a click does, by question kind.
    pub(crate) fn choose(&mut self, i: usize, recorder: &mut dyn Recorder) {
        let attempt = recorder.attempt();
        let Ok(view) = attempt.question(self.current) else {
            return;
        };
        if i >= view.options.len() {
            return;
        }
        self.cursor = i;
        if let Some(why) = self.locked(&view, attempt) {
            self.error(why);
            return;
        }
        let item = view.index;
        let position = i as u8;
        match view.kind {
            QuestionKind::Single => {
                let answer = Answer::Choices(vec![position]);
                if view.answer.as_ref() != Some(&answer) {
                    self.send(recorder, Event::Answered { item, answer });
                }
            }
            QuestionKind::Multiple => {
                let mut chosen = match &view.answer {
                    Some(Answer::Choices(c)) => c.clone(),
                    _ => Vec::new(),
                };
                if let Some(at) = chosen.iter().position(|&c| c == position) {
                    chosen.remove(at);
                    let event = if chosen.is_empty() {
                        Event::Cleared { item }
                    } else {
                        Event::Answered {
                            item,
                            answer: Answer::Choices(chosen),
                        }
                    };
                    self.send(recorder, event);
                } else {
                    let select = view.select.unwrap_or(u8::MAX);
                    if chosen.len() >= usize::from(select) {
                        self.error(format!(
                            "Select {}: unselect one first",
                            number_word(select)
                        ));
                        return;
                    }
                    chosen.push(position);
                    chosen.sort_unstable();
                    self.send(
                        recorder,
                        Event::Answered {
                            item,
                            answer: Answer::Choices(chosen),
                        },
                    );
                }
            }
            QuestionKind::Ordering => {
                let steps = view.options.len();
                if self.pending.order.contains(&position) {
                    self.error(format!(
                        "Step {} is placed already; Backspace removes the last step placed",
                        label(i)
                    ));
                    return;
                }
                if self.pending.order.len() >= steps {
                    self.error("Every step is placed; Backspace removes the last step placed");
                    return;
                }
                self.pending.order.push(position);
                if self.pending.order.len() == steps {
                    let answer = Answer::Order(self.pending.order.clone());
                    if view.answer.as_ref() != Some(&answer) {
                        self.send(recorder, Event::Answered { item, answer });
                    }
                } else {
                    self.info(format!(
                        "Placed {} of {} steps; the order is recorded when every step is placed",
                        self.pending.order.len(),
                        steps
                    ));
                }
            }
            QuestionKind::Matching => {
                let prompts = view.prompts.len();
                if prompts == 0 {
                    return;
                }
                self.pending.matches.resize(prompts, None);
                let p = self.prompt.min(prompts - 1);
                self.pending.matches[p] = Some(position);
                let complete: Option<Vec<u8>> = self.pending.matches.iter().copied().collect();
                match complete {
                    Some(matches) => {
                        let answer = Answer::Matches(matches);
                        if view.answer.as_ref() != Some(&answer) {
                            self.send(recorder, Event::Answered { item, answer });
                        }
                    }
                    None => {
                        let done = self.pending.matches.iter().filter(|m| m.is_some()).count();
                        self.info(format!("Matched {done} of {prompts} prompts; the answer is recorded when every prompt has a response"));
                    }
                }
                // On to the next prompt without a response (or simply the next one).
                self.prompt = (1..=prompts)
                    .map(|k| (p + k) % prompts)
                    .find(|&q| self.pending.matches[q].is_none())
                    .unwrap_or((p + 1) % prompts);
            }
        }
    }

    fn undo_step(&mut self, view: &QuestionView) {
        if view.kind != QuestionKind::Ordering {
            return;
        }
        if view.is_final {
            self.error(format!(
                "Question {} is final: its order can no longer change",
                view.index + 1
            ));
            return;
        }
        if self.pending.order.pop().is_some() {
            let placed = self.pending.order.len();
            let mut text = format!("Placed {placed} of {} steps", view.options.len());
            if view.answer.is_some() {
                text.push_str("; the recorded order stays until every step is placed again");
            }
            self.info(text);
        }
    }

    fn clear(&mut self, view: &QuestionView, recorder: &mut dyn Recorder) {
        if let Some(why) = self.locked(view, recorder.attempt()) {
            self.error(why);
            return;
        }
        self.pending.order.clear();
        self.pending.matches = vec![None; view.prompts.len()];
        self.prompt = 0;
        if view.answer.is_some() && self.send(recorder, Event::Cleared { item: view.index }) {
            self.info(format!("Cleared the answer to question {}", view.index + 1));
        }
    }

    fn toggle_flag(&mut self, view: &QuestionView, recorder: &mut dyn Recorder) {
        if recorder.attempt().is_closed() {
            self.error("The attempt is closed: flags can no longer change");
            return;
        }
        let item = view.index;
        let event = if view.flagged {
            Event::Unflagged { item }
        } else {
            Event::Flagged { item }
        };
        self.send(recorder, event);
    }

    fn check(&mut self, view: &QuestionView, recorder: &mut dyn Recorder, armed: bool) {
        let attempt = recorder.attempt();
        if attempt.is_closed() {
            return;
        }
        if attempt.mode().feedback() == FeedbackTiming::Deferred {
            self.error(format!(
                "{} mode shows answers only after you submit",
                capitalize(attempt.mode().name())
            ));
            return;
        }
        if view.is_final {
            self.error(format!(
                "Question {} has been checked already",
                view.index + 1
            ));
            return;
        }
        if view.answer.is_none() && !armed {
            self.check_blank = true;
            self.error("This question has no answer: press C again to check it blank (its answer then stays blank)");
            return;
        }
        let item = view.index;
        if self.send(recorder, Event::Checked { item }) {
            let solution = recorder
                .attempt()
                .question(item)
                .ok()
                .and_then(|q| q.solution);
            match solution {
                Some(s) if s.correct() => self.info("Correct"),
                Some(s) => self.error(format!("Incorrect: the answer is {}", describe(s.key()))),
                None => {}
            }
        }
    }
}

/// An answer as labels: "B, D" (choices, order), "1→C, 2→A" (matches).
pub(crate) fn describe(answer: &Answer) -> String {
    match answer {
        Answer::Choices(p) | Answer::Order(p) => p
            .iter()
            .map(|&p| label(usize::from(p)))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::Matches(m) => m
            .iter()
            .enumerate()
            .map(|(i, &r)| format!("{}→{}", i + 1, label(usize::from(r))))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The message with its first letter in upper case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
