//! Drawing the screens.

use crate::Recorder;
use crate::app::{App, ReviewFilter, Screen, Target, describe};
use crate::text::{Piece, clock, label, markdown, number_word, truncate, width, wrap};
use engine::{Answer, Attempt, Outcome, QuestionKind, QuestionView, Status, Timestamp};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

/// Styles, with or without colours.
#[derive(Debug, Clone, Copy)]
struct Palette {
    colors: bool,
}

impl Palette {
    fn fg(self, color: Color) -> Style {
        if self.colors {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    fn good(self) -> Style {
        self.fg(Color::Green)
    }

    fn bad(self) -> Style {
        self.fg(Color::Red)
    }

    fn flag(self) -> Style {
        self.fg(Color::Yellow)
    }

    fn note(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::ITALIC)
    }
}

/// Lines of a scrollable pane, with the rows that can be clicked.
#[derive(Debug, Default)]
struct Content {
    lines: Vec<Line<'static>>,
    targets: Vec<(usize, usize, Target)>,
    /// The rows of the option (or prompt) under the cursor.
    cursor: Option<(usize, usize)>,
}

impl Content {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| l.width() > 0) {
            self.lines.push(Line::default());
        }
    }

    /// A plain text, wrapped, every line indented by `indent`.
    fn text(&mut self, text: &str, width: usize, style: Style, indent: usize) {
        for line in wrap(text, width.saturating_sub(indent)) {
            self.push(Line::styled(format!("{}{line}", " ".repeat(indent)), style));
        }
    }

    /// A Markdown text, as plain pieces, indented by `indent`.
    fn markdown(&mut self, text: &str, width: usize, style: Style, indent: usize) {
        for piece in markdown(text) {
            match piece {
                Piece::Text(t) => self.text(&t, width, style, indent),
                Piece::Code(code) => {
                    let line = format!("{}    {code}", " ".repeat(indent));
                    self.push(Line::styled(truncate(&line, width), style));
                }
                Piece::Blank => self.push(Line::default()),
            }
        }
    }

    /// A plain text after a prefix, with a hanging indent.
    fn plain_prefixed(&mut self, prefix: &str, text: &str, width: usize, style: Style) {
        let indent = self::width(prefix);
        for (k, line) in wrap(text, width.saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            let lead = if k == 0 {
                prefix.to_owned()
            } else {
                " ".repeat(indent)
            };
            self.push(Line::styled(format!("{lead}{line}"), style));
        }
    }

    /// A Markdown text after a prefix, with a hanging indent; returns the rows it took.
    fn prefixed(
        &mut self,
        prefix: Vec<Span<'static>>,
        text: &str,
        width: usize,
        style: Style,
    ) -> (usize, usize) {
        let start = self.lines.len();
        let indent: usize = prefix.iter().map(Span::width).sum();
        let mut first = Some(prefix);
        let pieces = markdown(text);
        let pieces = if pieces.is_empty() {
            vec![Piece::Text(String::new())]
        } else {
            pieces
        };
        for piece in pieces {
            let lines = match piece {
                Piece::Text(t) => wrap(&t, width.saturating_sub(indent)),
                Piece::Code(code) => vec![truncate(
                    &format!("    {code}"),
                    width.saturating_sub(indent),
                )],
                Piece::Blank => vec![String::new()],
            };
            for line in lines {
                let mut spans = first
                    .take()
                    .unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
                spans.push(Span::styled(line, style));
                self.push(Line::from(spans));
            }
        }
        (start, self.lines.len())
    }
}

/// Where the explanations under options start: two columns right of the options' text.
const EXPLANATION_INDENT: usize = 13;

/// The key map, for the help screen: (keys, what they do).
const HELP: &[(&str, &str)] = &[
    (
        "1-6, a-f",
        "choose an option (multiple response: toggle; ordering: place the step next; matching: the response for the selected prompt)",
    ),
    (
        "Up/Down, Enter",
        "move the option cursor, choose the option under it (matching: Up/Down or Tab select the prompt)",
    ),
    ("Backspace", "ordering: take back the last step placed"),
    ("x, Delete", "clear the answer"),
    ("Left/Right, p/n, ,/.", "previous / next question"),
    ("Home/End", "first / last question"),
    (
        "g then a number, Enter",
        "go to that question (on the review screen, type the number)",
    ),
    ("F (Shift+f), m", "flag or unflag the question"),
    (
        "r",
        "review screen: every question with its state; Enter opens one, Tab filters",
    ),
    (
        "C (Shift+c)",
        "practice modes: check the question: shows whether it is right and every explanation; the answer is then final",
    ),
    (
        "Space",
        "practice modes: pause or resume (the clock stops and the question is hidden)",
    ),
    ("s", "submit, after a confirmation"),
    ("PgUp/PgDn, wheel", "scroll the question or the result"),
    (
        "mouse click",
        "choose an option, select a prompt, or go to a question number",
    ),
    ("?", "this help"),
    (
        "q, Esc",
        "leave; an unfinished attempt is kept as it is and resumed next time",
    ),
];

impl App {
    /// Draws the UI for the recorder's attempt into the frame, and keeps the clickable
    /// areas (options, prompts, question numbers) for [`App::handle_mouse`].
    pub fn draw(&mut self, frame: &mut Frame, recorder: &dyn Recorder) {
        self.targets.clear();
        let attempt = recorder.attempt();
        let now = recorder.now();
        let p = Palette {
            colors: self.colors,
        };
        let [top, body, status, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        self.draw_top(frame, top, attempt, now, p);
        self.draw_status(frame, status, attempt, p);
        let help = self.key_help(attempt);
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(&help, usize::from(keys.width)),
                p.dim(),
            )),
            keys,
        );

        if self.screen == Screen::Result {
            self.draw_result(frame, body, attempt, p);
            return;
        }
        let nav_width = 28.min(body.width / 3);
        let [nav, main] =
            Layout::horizontal([Constraint::Length(nav_width), Constraint::Min(10)]).areas(body);
        self.draw_navigator(frame, nav, attempt, p);
        let paused = attempt.status() == Status::Paused;
        let under = if self.screen == Screen::ConfirmSubmit {
            self.back
        } else {
            self.screen
        };
        match under {
            _ if paused && self.screen != Screen::Help => draw_paused(frame, main, p),
            Screen::Help => draw_help(frame, main, attempt, p),
            Screen::Review => self.draw_review(frame, main, attempt, p),
            _ => self.draw_question(frame, main, attempt, p),
        }
        if self.screen == Screen::ConfirmSubmit && !paused {
            draw_confirm(frame, body, attempt, p);
        }
    }

    fn draw_top(
        &self,
        frame: &mut Frame,
        area: Rect,
        attempt: &Attempt,
        now: Timestamp,
        p: Palette,
    ) {
        let form = attempt.form();
        let mut right = vec![];
        let place = match self.screen {
            Screen::Result => "Result".to_owned(),
            Screen::Review => "Review".to_owned(),
            Screen::Help => "Help".to_owned(),
            Screen::Question | Screen::ConfirmSubmit => {
                format!("Question {} of {}", self.current + 1, form.len())
            }
        };
        right.push(Span::styled(place, p.bold()));
        if matches!(self.screen, Screen::Question | Screen::ConfirmSubmit)
            && attempt.is_flagged(self.current)
        {
            right.push(Span::styled(
                " ⚑ flagged",
                p.flag().add_modifier(Modifier::BOLD),
            ));
        }
        right.push(Span::raw("   "));
        let timer = match (attempt.status(), attempt.remaining(now)) {
            (Status::Closed(outcome), _) => Span::styled(outcome.to_string(), p.bold()),
            (Status::Paused, Some(left)) => Span::styled(
                format!("PAUSED {} left", clock(left)),
                p.flag().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            (Status::Paused, None) => Span::styled(
                "PAUSED untimed",
                p.flag().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            (Status::InProgress, None) => Span::raw("untimed"),
            (Status::InProgress, Some(left)) if left.as_secs() < 5 * 60 => Span::styled(
                format!("{} left", clock(left)),
                p.bad().add_modifier(Modifier::BOLD),
            ),
            (Status::InProgress, Some(left)) => Span::raw(format!("{} left", clock(left))),
        };
        right.push(timer);
        right.push(Span::raw(" "));
        let right = Line::from(right);
        let right_width = (right.width() as u16).min(area.width);
        let [left_area, right_area] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
        let left = format!(
            " {} · {} · {}",
            form.exam(),
            attempt.mode(),
            form.exam_name()
        );
        let left = truncate(&left, usize::from(left_area.width.saturating_sub(1)));
        frame.render_widget(Paragraph::new(Line::styled(left, p.bold())), left_area);
        frame.render_widget(Paragraph::new(right), right_area);
    }

    fn draw_status(&self, frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
        let line = if let Some(typed) = &self.goto {
            Line::from(vec![
                Span::styled(format!(" Go to question: {typed}_"), p.bold()),
                Span::styled("  (Enter goes, Esc cancels)", p.dim()),
            ])
        } else if let Some(message) = &self.message {
            let style = if message.error {
                p.bad().add_modifier(Modifier::BOLD)
            } else {
                p.fg(Color::Cyan)
            };
            Line::styled(format!(" {}", message.text), style)
        } else {
            let review = attempt.review();
            Line::styled(
                format!(
                    " {} of {} answered · {} flagged",
                    review.answered,
                    review.entries.len(),
                    review.flagged
                ),
                p.dim(),
            )
        };
        let text = line.to_string();
        let line = if width(&text) > usize::from(area.width) {
            Line::styled(truncate(&text, usize::from(area.width)), line.style)
        } else {
            line
        };
        frame.render_widget(Paragraph::new(line), area);
    }

    fn key_help(&self, attempt: &Attempt) -> String {
        let closed = attempt.is_closed();
        let practice = attempt.mode().can_pause();
        let checks = attempt.mode().feedback() == engine::FeedbackTiming::Immediate;
        if attempt.status() == Status::Paused && self.screen != Screen::Help {
            return " Space resume · ? help · q leave (resume later)".to_owned();
        }
        let kind = attempt.question(self.current).map(|q| q.kind).ok();
        let mut keys: Vec<&str> = Vec::new();
        match self.screen {
            Screen::Help => keys.push("any key: back"),
            Screen::ConfirmSubmit => keys.extend(["y submit", "n back"]),
            Screen::Result => keys.extend([
                "r review all",
                "w review wrong answers",
                "PgUp/PgDn scroll",
                "q quit",
            ]),
            Screen::Review => {
                keys.extend(["arrows move", "Enter open", "Tab filter"]);
                if closed {
                    keys.extend(["w wrong only", "Esc result", "q quit"]);
                } else {
                    keys.extend(["s submit", "Esc back", "? help", "q quit"]);
                }
            }
            Screen::Question if closed => {
                keys.extend([
                    "←→ move",
                    "g go to",
                    "r review",
                    "PgDn scroll",
                    "Esc back",
                    "q quit",
                ]);
            }
            Screen::Question => {
                keys.push(match kind {
                    Some(QuestionKind::Ordering) => "a-f place · Bksp undo",
                    Some(QuestionKind::Matching) => "↑↓ prompt · a-f response",
                    _ => "a-f choose",
                });
                keys.extend(["←→ move", "F flag", "r review", "s submit"]);
                if checks {
                    keys.push("C check");
                }
                if practice {
                    keys.push("Space pause");
                }
                keys.extend(["? help", "q quit"]);
            }
        }
        format!(" {}", keys.join(" · "))
    }

    fn draw_navigator(&mut self, frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
        let block = Block::bordered().title(" Questions ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.width < 4 || inner.height < 2 {
            return;
        }
        let closed = attempt.is_closed();
        let legend: Vec<Line<'static>> = if closed {
            vec![
                Line::styled("> current  ✓ right", p.dim()),
                Line::styled("✗ wrong/blank  ⚑ flagged", p.dim()),
            ]
        } else {
            vec![
                Line::styled("> current  • answered", p.dim()),
                Line::styled("⚑ flagged", p.dim()),
            ]
        };
        let total = attempt.form().len();
        let digits = total.to_string().len();
        let cell = digits + 4;
        let cols = ((usize::from(inner.width) + 1) / cell).max(1);
        let rows_needed = total.div_ceil(cols);
        let grid_rows = usize::from(inner.height)
            .saturating_sub(legend.len() + 1)
            .max(1);
        let current_row = self.current / cols;
        let first_row = if rows_needed > grid_rows {
            current_row.saturating_sub(grid_rows - 1)
        } else {
            0
        };
        let mut lines = Vec::new();
        for row in first_row..(first_row + grid_rows).min(rows_needed) {
            let mut spans = Vec::new();
            for col in 0..cols {
                let i = row * cols + col;
                if i >= total {
                    break;
                }
                let current = i == self.current && self.screen != Screen::Review;
                let flagged = attempt.is_flagged(i);
                let answered = attempt.answer(i).is_some();
                let revealed = attempt
                    .question(i)
                    .ok()
                    .and_then(|q| q.solution)
                    .map(|s| s.correct());
                let (mark, mut style) = match revealed {
                    Some(true) => ('✓', p.good()),
                    Some(false) => ('✗', p.bad()),
                    None if answered => ('•', p.good()),
                    None => (' ', Style::new()),
                };
                if flagged && revealed.is_none() {
                    style = p.flag();
                }
                if current {
                    style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
                }
                let text = format!(
                    "{}{:>digits$}{mark}{}",
                    if current { '>' } else { ' ' },
                    i + 1,
                    if flagged { '⚑' } else { ' ' }
                );
                spans.push(Span::styled(text, style));
                spans.push(Span::raw(" "));
                let y = inner.y + (row - first_row) as u16;
                let x = inner.x + (col * cell) as u16;
                self.targets.push((
                    Rect::new(x, y, (cell as u16 - 1).min(inner.right() - x), 1),
                    Target::Question(i),
                ));
            }
            lines.push(Line::from(spans));
        }
        while lines.len() + legend.len() < usize::from(inner.height) {
            lines.push(Line::default());
        }
        lines.extend(legend);
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_question(&mut self, frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
        let Ok(view) = attempt.question(self.current) else {
            return;
        };
        let kind = match view.kind {
            QuestionKind::Single => "single answer",
            QuestionKind::Multiple => "multiple response",
            QuestionKind::Ordering => "ordering",
            QuestionKind::Matching => "matching",
        };
        let mut title = format!(" Question {} · {kind} ", view.index + 1);
        if view.flagged {
            title.push_str("· ⚑ flagged ");
        }
        if view.solution.is_some() && !attempt.is_closed() {
            title.push_str("· checked ");
        }
        let block = Block::bordered()
            .title(title)
            .padding(Padding::horizontal(1));
        let inner = block.inner(area);
        let content = self.question_content(&view, attempt, usize::from(inner.width), p);
        self.draw_scrolled(frame, area, block, content);
    }

    /// Draws a pane of content with the scroll position, clamped, and keeps its targets.
    fn draw_scrolled(&mut self, frame: &mut Frame, area: Rect, block: Block<'_>, content: Content) {
        let inner = block.inner(area);
        let height = usize::from(inner.height);
        let max_scroll = content.lines.len().saturating_sub(height);
        if self.follow_cursor {
            if let Some((start, end)) = content.cursor {
                let top = usize::from(self.scroll);
                if start < top {
                    self.scroll = start as u16;
                } else if end > top + height {
                    self.scroll = end.saturating_sub(height).min(start) as u16;
                }
            }
            self.follow_cursor = false;
        }
        self.scroll = self.scroll.min(max_scroll as u16);
        let scroll = usize::from(self.scroll);
        let block = if max_scroll > 0 {
            let more = match (scroll > 0, scroll < max_scroll) {
                (true, true) => " ↑↓ PgUp/PgDn: more ",
                (false, _) => " ↓ PgDn: more ",
                (true, false) => " ↑ PgUp: more ",
            };
            block.title_bottom(Line::from(more).right_aligned())
        } else {
            block
        };
        for (start, end, target) in content.targets {
            let (s, e) = (start.max(scroll), end.min(scroll + height));
            if s < e {
                let rect = Rect::new(
                    inner.x,
                    inner.y + (s - scroll) as u16,
                    inner.width,
                    (e - s) as u16,
                );
                self.targets.push((rect, target));
            }
        }
        frame.render_widget(
            Paragraph::new(content.lines)
                .block(block)
                .scroll((self.scroll, 0)),
            area,
        );
    }

    fn question_content(
        &self,
        view: &QuestionView,
        attempt: &Attempt,
        width: usize,
        p: Palette,
    ) -> Content {
        let mut c = Content::default();
        if let Some(case) = &view.case {
            c.text(&format!("Case study: {case}"), width, p.dim(), 0);
            c.blank();
        }
        c.markdown(&view.stem, width, Style::new(), 0);
        c.blank();
        if let Some(n) = view.select {
            let chosen = match &view.answer {
                Some(Answer::Choices(chosen)) => chosen.len(),
                _ => 0,
            };
            c.text(
                &format!("Select {}: {chosen} of {n} chosen", number_word(n)),
                width,
                p.bold(),
                0,
            );
            c.blank();
        }
        match view.kind {
            QuestionKind::Single | QuestionKind::Multiple => self.choices(&mut c, view, width, p),
            QuestionKind::Ordering => self.ordering(&mut c, view, width, p),
            QuestionKind::Matching => self.matching(&mut c, view, width, p),
        }
        if let Some(solution) = &view.solution {
            c.blank();
            let (text, style) = match (solution.correct(), view.answer.is_some()) {
                (true, _) => ("✓ Correct.".to_owned(), p.good()),
                (false, true) => (
                    format!("✗ Incorrect: the answer is {}.", describe(solution.key())),
                    p.bad(),
                ),
                (false, false) => (
                    format!(
                        "✗ Not answered: the answer is {}.",
                        describe(solution.key())
                    ),
                    p.bad(),
                ),
            };
            c.text(&text, width, style.add_modifier(Modifier::BOLD), 0);
            if !solution.explanation().trim().is_empty() {
                c.blank();
                c.push(Line::styled("Explanation", p.bold()));
                c.markdown(solution.explanation(), width, Style::new(), 0);
            }
            if !solution.references().is_empty() {
                c.blank();
                c.push(Line::styled("References", p.bold()));
                for link in solution.references() {
                    let text = match &link.title {
                        Some(title) => format!("{title}: {}", link.url),
                        None => link.url.clone(),
                    };
                    c.plain_prefixed("• ", &text, width, p.fg(Color::Blue));
                }
            }
        } else if attempt.mode().feedback() == engine::FeedbackTiming::Immediate
            && !attempt.is_closed()
        {
            c.blank();
            c.text(
                "Press C (Shift+c) to check this question and see the explanations.",
                width,
                p.dim(),
                0,
            );
        }
        c
    }

    fn choices(&self, c: &mut Content, view: &QuestionView, width: usize, p: Palette) {
        let chosen: &[u8] = match &view.answer {
            Some(Answer::Choices(chosen)) => chosen,
            _ => &[],
        };
        let key: &[u8] = match view.solution.as_ref().map(|s| s.key()) {
            Some(Answer::Choices(key)) => key,
            _ => &[],
        };
        for (i, option) in view.options.iter().enumerate() {
            let position = i as u8;
            let is_chosen = chosen.contains(&position);
            let in_key = key.contains(&position);
            let (mark, style) = match &view.solution {
                Some(_) if in_key => ('✓', p.good()),
                Some(_) if is_chosen => ('✗', p.bad()),
                _ => (' ', Style::new()),
            };
            let style = if is_chosen {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            let at_cursor = i == self.cursor;
            let prefix = vec![
                Span::raw(format!("{} {mark} ", if at_cursor { '>' } else { ' ' })),
                Span::styled(
                    format!(
                        "{} {}.",
                        if is_chosen { "[x]" } else { "[ ]" },
                        option.label
                    ),
                    if at_cursor {
                        style.add_modifier(Modifier::REVERSED)
                    } else {
                        style
                    },
                ),
                Span::raw(" "),
            ];
            let rows = c.prefixed(prefix, &option.text, width, style);
            c.targets.push((rows.0, rows.1, Target::Choice(i)));
            if at_cursor {
                c.cursor = Some(rows);
            }
            if let Some(solution) = &view.solution
                && let Some(why) = solution.option_explanations().get(i)
                && !why.trim().is_empty()
            {
                c.markdown(why, width, p.note(), EXPLANATION_INDENT);
            }
        }
    }

    fn ordering(&self, c: &mut Content, view: &QuestionView, width: usize, p: Palette) {
        let revealed = view.solution.is_some();
        let order: Vec<u8> = if revealed || view.is_final {
            match &view.answer {
                Some(Answer::Order(order)) => order.clone(),
                _ => Vec::new(),
            }
        } else {
            self.pending.order.clone()
        };
        let key: &[u8] = match view.solution.as_ref().map(|s| s.key()) {
            Some(Answer::Order(key)) => key,
            _ => &[],
        };
        if !revealed {
            c.text(
                "Put the steps in order: press each step's letter in turn, first step first (Backspace takes back the last one).",
                width,
                p.dim(),
                0,
            );
            c.blank();
        }
        for (i, step) in view.options.iter().enumerate() {
            let position = i as u8;
            let placed = order.iter().position(|&s| s == position);
            let (mark, style) = match (revealed, placed, key.iter().position(|&s| s == position)) {
                (true, Some(a), Some(k)) if a == k => ('✓', p.good()),
                (true, _, _) => ('✗', p.bad()),
                _ => (' ', Style::new()),
            };
            let at_cursor = i == self.cursor;
            let place = placed.map_or("[ ]".to_owned(), |n| format!("[{}]", n + 1));
            let prefix = vec![
                Span::raw(format!("{} {mark} ", if at_cursor { '>' } else { ' ' })),
                Span::styled(
                    format!("{place} {}.", step.label),
                    if at_cursor {
                        style.add_modifier(Modifier::REVERSED)
                    } else {
                        style
                    },
                ),
                Span::raw(" "),
            ];
            let rows = c.prefixed(prefix, &step.text, width, style);
            c.targets.push((rows.0, rows.1, Target::Choice(i)));
            if at_cursor {
                c.cursor = Some(rows);
            }
            if let Some(solution) = &view.solution {
                let rank = key.iter().position(|&s| s == position).map_or(0, |r| r + 1);
                let why = solution
                    .option_explanations()
                    .get(i)
                    .map_or("", String::as_str);
                c.markdown(
                    &format!("Step {rank} of the correct order. {why}"),
                    width,
                    p.note(),
                    EXPLANATION_INDENT,
                );
            }
        }
        c.blank();
        let labels: Vec<String> = order.iter().map(|&s| label(usize::from(s))).collect();
        let steps = view.options.len();
        let mut shown = labels.clone();
        shown.extend(std::iter::repeat_n(
            "_".to_owned(),
            steps.saturating_sub(order.len()),
        ));
        let recorded = match &view.answer {
            Some(Answer::Order(o)) => Some(o),
            _ => None,
        };
        let state = if recorded == Some(&order) {
            "(recorded)".to_owned()
        } else {
            format!(
                "({} of {steps} placed; recorded when every step is placed)",
                order.len()
            )
        };
        c.text(
            &format!("Your order: {} {state}", shown.join(", ")),
            width,
            p.bold(),
            0,
        );
        if let Some(recorded) = recorded
            && recorded != &order
        {
            let labels: Vec<String> = recorded.iter().map(|&s| label(usize::from(s))).collect();
            c.text(
                &format!(
                    "Recorded order: {} (kept until every step is placed again)",
                    labels.join(", ")
                ),
                width,
                p.dim(),
                0,
            );
        }
    }

    fn matching(&self, c: &mut Content, view: &QuestionView, width: usize, p: Palette) {
        let revealed = view.solution.is_some();
        let matches: Vec<Option<u8>> = if revealed || view.is_final {
            match &view.answer {
                Some(Answer::Matches(m)) => m.iter().map(|&r| Some(r)).collect(),
                _ => vec![None; view.prompts.len()],
            }
        } else {
            let mut m = self.pending.matches.clone();
            m.resize(view.prompts.len(), None);
            m
        };
        let key: &[u8] = match view.solution.as_ref().map(|s| s.key()) {
            Some(Answer::Matches(key)) => key,
            _ => &[],
        };
        if !revealed {
            c.text(
                "Match each prompt with a response: select a prompt with Up/Down or Tab, then press the response's letter (a response may be used more than once).",
                width,
                p.dim(),
                0,
            );
            c.blank();
        }
        c.push(Line::styled("Prompts", p.bold()));
        for (j, prompt) in view.prompts.iter().enumerate() {
            let chosen = matches.get(j).copied().flatten();
            let (mark, style) = match (revealed, chosen, key.get(j)) {
                (true, Some(a), Some(&k)) if a == k => ('✓', p.good()),
                (true, _, _) => ('✗', p.bad()),
                _ => (' ', Style::new()),
            };
            let selected = j == self.prompt && !revealed;
            let letter = chosen.map_or(" ".to_owned(), |r| label(usize::from(r)));
            let prefix = vec![
                Span::raw(format!("{} {mark} ", if selected { '>' } else { ' ' })),
                Span::styled(
                    format!("[{letter}] {}.", j + 1),
                    if selected {
                        style.add_modifier(Modifier::REVERSED)
                    } else {
                        style
                    },
                ),
                Span::raw(" "),
            ];
            let rows = c.prefixed(prefix, prompt, width, style);
            c.targets.push((rows.0, rows.1, Target::Prompt(j)));
            if selected {
                c.cursor = Some(rows);
            }
            if let Some(solution) = &view.solution {
                let answer = key.get(j).map_or(String::new(), |&k| label(usize::from(k)));
                let why = solution
                    .prompt_explanations()
                    .get(j)
                    .map_or("", String::as_str);
                c.markdown(
                    &format!("Answer: {answer}. {why}"),
                    width,
                    p.note(),
                    EXPLANATION_INDENT,
                );
            }
        }
        c.blank();
        c.push(Line::styled("Responses", p.bold()));
        for (i, response) in view.options.iter().enumerate() {
            let prefix = vec![Span::raw(format!("        {}. ", response.label))];
            let rows = c.prefixed(prefix, &response.text, width, Style::new());
            c.targets.push((rows.0, rows.1, Target::Choice(i)));
            if let Some(solution) = &view.solution
                && let Some(why) = solution.option_explanations().get(i)
                && !why.trim().is_empty()
            {
                c.markdown(why, width, p.note(), EXPLANATION_INDENT);
            }
        }
        c.blank();
        let done = matches.iter().filter(|m| m.is_some()).count();
        let recorded = matches!(&view.answer, Some(Answer::Matches(m))
            if m.iter().map(|&r| Some(r)).collect::<Vec<_>>() == matches);
        let state = if recorded {
            format!(
                "Matched {done} of {} prompts (recorded)",
                view.prompts.len()
            )
        } else {
            format!(
                "Matched {done} of {} prompts (recorded when every prompt has a response)",
                view.prompts.len()
            )
        };
        c.text(&state, width, p.bold(), 0);
    }

    fn draw_review(&mut self, frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
        let review = attempt.review();
        let title = format!(
            " Review · {} answered, {} unanswered, {} flagged · showing {} ",
            review.answered,
            review.unanswered,
            review.flagged,
            self.filter.name()
        );
        let block = Block::bordered().title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let items = self.review_items(attempt);
        let mut lines = Vec::new();
        if items.is_empty() {
            lines.push(Line::styled(
                match self.filter {
                    ReviewFilter::All => "No questions.",
                    _ => "No question matches this filter; Tab shows another.",
                },
                p.dim(),
            ));
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let digits = attempt.form().len().to_string().len();
        let cell = digits + 17;
        let cols = ((usize::from(inner.width) + 2) / cell).max(1);
        let rows_needed = items.len().div_ceil(cols);
        let visible = usize::from(inner.height).saturating_sub(2).max(1);
        let cursor_row = self.review_cursor / cols;
        let first = if rows_needed > visible {
            cursor_row.saturating_sub(visible - 1)
        } else {
            0
        };
        for row in first..(first + visible).min(rows_needed) {
            let mut spans = Vec::new();
            for col in 0..cols {
                let k = row * cols + col;
                let Some(&i) = items.get(k) else {
                    break;
                };
                let entry = review.entries[i];
                let solution = attempt.question(i).ok().and_then(|q| q.solution);
                let (state, mut style) =
                    match (solution.as_ref().map(|s| s.correct()), entry.answered) {
                        (Some(true), _) => ("✓ correct", p.good()),
                        (Some(false), true) => ("✗ wrong", p.bad()),
                        (Some(false), false) => ("✗ blank", p.bad()),
                        (None, true) => ("answered", p.good()),
                        (None, false) => ("unanswered", Style::new()),
                    };
                if entry.flagged && solution.is_none() {
                    style = p.flag();
                }
                let at_cursor = k == self.review_cursor;
                if at_cursor {
                    style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
                }
                let text = format!(
                    "{}{:>digits$} {state:<10} {}",
                    if at_cursor { '>' } else { ' ' },
                    i + 1,
                    if entry.flagged { '⚑' } else { ' ' }
                );
                let x = inner.x + (col * cell) as u16;
                let y = inner.y + (row - first) as u16;
                let w = (width(&text) as u16).min(inner.right().saturating_sub(x));
                self.targets
                    .push((Rect::new(x, y, w, 1), Target::Question(i)));
                spans.push(Span::styled(text, style));
                spans.push(Span::raw("   "));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            "Enter opens the question under the cursor · a number and Enter goes to it",
            p.dim(),
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_result(&mut self, frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
        let outcome = match attempt.status() {
            Status::Closed(Outcome::TimedOut) => "timed out",
            _ => "submitted",
        };
        let block = Block::bordered()
            .title(format!(" Result · {outcome} "))
            .padding(Padding::horizontal(1));
        let inner = block.inner(area);
        let width = usize::from(inner.width);
        let mut c = Content::default();
        let report = match attempt.report() {
            Ok(report) => report,
            Err(err) => {
                c.text(&format!("No report: {err}"), width, p.bad(), 0);
                self.draw_scrolled(frame, area, block, c);
                return;
            }
        };
        c.push(Line::styled(
            format!(
                "{} / 1000 on the practice scale, pass mark {}",
                report.scaled, report.passing_score
            ),
            p.bold(),
        ));
        c.push(Line::styled(
            format!(" {} ", report.scale_label),
            p.flag().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
        c.blank();
        let verdict = if report.passed {
            Span::styled(
                " PASS ",
                p.good().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            Span::styled(
                " FAIL ",
                p.bad().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        };
        let cut = format!("{:.3}", report.cut);
        let cut = cut.trim_end_matches('0').trim_end_matches('.');
        c.push(Line::from(vec![
            verdict,
            Span::raw(format!(
                " raw score {} of {} scored questions correct; the practice cut is {cut}",
                report.raw, report.raw_max
            )),
        ]));
        let limit = attempt
            .form()
            .minutes()
            .filter(|_| attempt.mode().is_timed())
            .map(|m| {
                format!(
                    " of {}",
                    clock(std::time::Duration::from_secs(u64::from(m) * 60))
                )
            })
            .unwrap_or_default();
        c.text(
            &format!(
                "Answered {} of {} · {} flagged · time used {}{limit} · {}",
                report.answered,
                report.questions.len(),
                report.questions.iter().filter(|q| q.flagged).count(),
                clock(report.time_used),
                report.outcome
            ),
            width,
            Style::new(),
            0,
        );
        c.blank();
        let bar = 20.min(width / 5);
        let score_w = 7;
        let class_w = 18;
        let name_w = width.saturating_sub(bar + score_w + class_w + 3).max(8);
        c.push(Line::styled(
            format!(
                "{:<name_w$} {:>score_w$} {:<bar$} {}",
                "Domain", "Correct", "", "Classification"
            ),
            p.bold().add_modifier(Modifier::UNDERLINED),
        ));
        for d in &report.domains {
            let name = truncate(&format!("{}. {}", d.number, d.name), name_w);
            let filled = if d.scored == 0 {
                0
            } else {
                ((d.correct as usize * bar) as f64 / d.scored as f64).round() as usize
            };
            let (class, style) = match d.classification {
                Some(engine::Classification::MeetsCompetencies) => ("Meets competencies", p.good()),
                Some(engine::Classification::NeedsImprovement) => ("Needs improvement", p.bad()),
                None => ("not classified", p.dim()),
            };
            c.push(Line::from(vec![
                Span::raw(format!("{name:<name_w$} ")),
                Span::raw(format!(
                    "{:>score_w$} ",
                    format!("{}/{}", d.correct, d.scored)
                )),
                Span::styled(
                    format!("{}{}", "█".repeat(filled), "░".repeat(bar - filled)),
                    style,
                ),
                Span::raw(" "),
                Span::styled(class, style.add_modifier(Modifier::BOLD)),
            ]));
        }
        c.blank();
        c.push(Line::styled("About the practice scale", p.bold()));
        c.markdown(&report.scale_explanation, width, p.dim(), 0);
        if let Some(caveat) = &report.scale_caveat {
            c.blank();
            c.markdown(caveat, width, p.dim(), 0);
        }
        c.blank();
        c.text(
            "Press r to review every question, w for the ones answered wrongly or left blank: each now shows its answer and explanations.",
            width,
            Style::new(),
            0,
        );
        self.draw_scrolled(frame, area, block, c);
    }
}

fn draw_paused(frame: &mut Frame, area: Rect, p: Palette) {
    let block = Block::bordered().title(" PAUSED ");
    let lines = vec![
        Line::default(),
        Line::styled(
            "PAUSED",
            p.flag().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
        .centered(),
        Line::default(),
        Line::from("The clock is stopped and the question is hidden.").centered(),
        Line::from("Press Space to resume.").centered(),
        Line::from("q leaves; the attempt can be resumed later.").centered(),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_help(frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
    let block = Block::bordered().title(" Keys ");
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let mut c = Content::default();
    let keys_w = 24;
    for (keys, what) in HELP {
        let prefix = vec![Span::styled(format!(" {keys:<keys_w$}"), p.bold())];
        c.prefixed(prefix, what, width, Style::new());
    }
    c.blank();
    let mode = attempt.mode();
    let note = if mode.can_pause() {
        format!("This is a {mode} attempt: check questions with C for feedback, pause with Space.")
    } else {
        "This is an exam attempt: answers and explanations show only after you submit; it cannot be paused.".to_owned()
    };
    c.text(&note, width, p.dim(), 1);
    frame.render_widget(Paragraph::new(c.lines).block(block), area);
}

fn draw_confirm(frame: &mut Frame, area: Rect, attempt: &Attempt, p: Palette) {
    let review = attempt.review();
    let popup_width = 66.min(area.width.saturating_sub(2));
    let popup = area.centered(Constraint::Length(popup_width), Constraint::Length(7));
    let lines = vec![
        Line::styled(
            format!(
                "{} unanswered, {} flagged. Submit? Y/N",
                review.unanswered, review.flagged
            ),
            p.bold(),
        ),
        Line::default(),
        Line::from("Y: submit; the attempt is scored and answers are final."),
        Line::from("N or Esc: back to the questions."),
    ];
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Submit ")
                .padding(Padding::horizontal(1))
                .border_style(p.flag().add_modifier(Modifier::BOLD)),
        ),
        popup,
    );
}
