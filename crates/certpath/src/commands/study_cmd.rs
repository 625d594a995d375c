//! `certpath study`: due reviews of missed questions, scheduled by FSRS.

use super::attempt_cmd::database;
use super::{load_catalog, read_bank_items};
use crate::Io;
use crate::error::AppError;
use crate::render::{Paint, table, table_text};
use crate::session::Session;
use bank::{Body, Item};
use review::{Rating, Scheduler, due_on};
use std::path::{Path, PathBuf};

/// What `certpath study` was asked.
pub struct StudyOptions {
    /// Only this exam.
    pub exam: Option<String>,
    /// List instead of reviewing.
    pub list: bool,
    /// JSON listing.
    pub json: bool,
    /// The day to study on.
    pub on: Option<time::Date>,
    /// Most reviews in a session.
    pub limit: usize,
    /// Bank paths instead of the built-in bank.
    pub bank: Vec<PathBuf>,
}

fn review_error(err: review::ReviewError) -> AppError {
    AppError::Engine(err.to_string())
}

/// Runs `certpath study`.
pub fn run(
    catalog_dir: Option<&Path>,
    database_path: Option<&Path>,
    options: StudyOptions,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(catalog_dir)?;
    let items = read_bank_items(&catalog, &options.bank, io.today)?;
    let session = Session::open(&database(database_path), &catalog, &items)?;
    let today = options.on.unwrap_or(io.today);
    let now = match options.on {
        Some(day) => day.with_time(time::macros::time!(12:00)).assume_utc(),
        None => (io.now)(),
    };
    let reviews = session.reviews()?;
    let scheduler = Scheduler::for_history(&reviews).map_err(review_error)?;
    let mut cards = scheduler.cards(&reviews).map_err(review_error)?;
    if let Some(exam) = &options.exam {
        cards.retain(|c| c.exam.eq_ignore_ascii_case(exam));
    }
    let due: Vec<&review::Card> = due_on(&cards, today);
    if options.list {
        return list(&cards, &due, &scheduler, today, options.json, io);
    }
    let paint = Paint::new(io.color);
    if due.is_empty() {
        let next = cards.first().map_or_else(
            || {
                "Nothing is in the queue yet: questions you miss in an exam or practice come here."
                    .to_owned()
            },
            |c| {
                format!(
                    "Nothing is due on {today}. The next review is on {} ({} in the queue).",
                    c.due,
                    cards.len()
                )
            },
        );
        writeln!(io.stdout, "{next}")?;
        return Ok(());
    }
    let total = due.len().min(options.limit);
    writeln!(
        io.stdout,
        "{} due on {today}; reviewing {total}. Press Enter without an answer to stop.",
        due.len()
    )?;
    let mut done = 0;
    for (index, card) in due.iter().take(total).enumerate() {
        let Some(item) = items.iter().find(|i| i.id == card.item) else {
            writeln!(
                io.stdout,
                "({} is no longer in the bank; skipped)",
                card.item
            )?;
            continue;
        };
        writeln!(io.stdout)?;
        writeln!(
            io.stdout,
            "{}",
            paint.heading(&format!(
                "Review {} of {total} · {} · {}",
                index + 1,
                card.exam,
                item.id
            ))
        )?;
        writeln!(io.stdout, "{}", item.stem)?;
        let Some(rating) = review_item(item, &paint, io)? else {
            break;
        };
        session.add_review(&item.id, &card.exam, rating, now)?;
        done += 1;
    }
    let reviews = session.reviews()?;
    let scheduler = Scheduler::for_history(&reviews).map_err(review_error)?;
    let cards = scheduler.cards(&reviews).map_err(review_error)?;
    let next = cards.iter().filter(|c| c.due > today).map(|c| c.due).min();
    writeln!(io.stdout)?;
    writeln!(
        io.stdout,
        "Reviewed {done}.{}",
        next.map(|d| format!(" The next review is on {d}."))
            .unwrap_or_default()
    )?;
    Ok(())
}

/// Asks one question; `None` when the learner stops (an empty answer or the end of input).
fn review_item(item: &Item, paint: &Paint, io: &mut Io<'_>) -> Result<Option<Rating>, AppError> {
    let correct = match &item.body {
        Body::Choices(choices) => {
            for (i, choice) in choices.iter().enumerate() {
                writeln!(io.stdout, "  {}. {}", letter(i), choice.text)?;
            }
            let Some(answer) = ask(io, "Your answer (letters such as B or A,C)")? else {
                return Ok(None);
            };
            let chosen: Vec<usize> = answer
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter_map(|p| p.trim().chars().next())
                .filter(|c| c.is_ascii_alphabetic())
                .map(|c| (c.to_ascii_uppercase() as u8 - b'A') as usize)
                .collect();
            let key = bank::key_positions(choices);
            let mut sorted = chosen.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let right = sorted == key;
            let key_letters: Vec<String> = key.iter().map(|i| letter(*i).to_string()).collect();
            writeln!(
                io.stdout,
                "{}",
                if right {
                    paint.status(catalog::Status::Active, "Correct.")
                } else {
                    format!("Not correct: the key is {}.", key_letters.join(", "))
                }
            )?;
            for (i, choice) in choices.iter().enumerate() {
                writeln!(io.stdout, "  {}. {}", letter(i), choice.explanation)?;
            }
            Some(right)
        }
        Body::Steps(steps) => {
            writeln!(
                io.stdout,
                "(Ordering: recall the order, then press Enter to see it.)"
            )?;
            if !wait_for_enter(io)? {
                return Ok(None);
            }
            for (i, step) in steps.iter().enumerate() {
                writeln!(
                    io.stdout,
                    "  {}. {} — {}",
                    i + 1,
                    step.text,
                    step.explanation
                )?;
            }
            None
        }
        Body::Pairs(pairs) => {
            writeln!(
                io.stdout,
                "(Matching: recall the pairs, then press Enter to see them.)"
            )?;
            if !wait_for_enter(io)? {
                return Ok(None);
            }
            for pair in pairs {
                let prompt = pair.prompt.as_deref().unwrap_or("(no prompt)");
                writeln!(
                    io.stdout,
                    "  {prompt} => {} — {}",
                    pair.response, pair.explanation
                )?;
            }
            None
        }
    };
    if !item.explanation.is_empty() {
        writeln!(io.stdout, "{}", item.explanation)?;
    }
    for reference in &item.references {
        writeln!(io.stdout, "  {}", paint.dim(&reference.url))?;
    }
    let default = match correct {
        Some(false) => Rating::Again,
        _ => Rating::Good,
    };
    loop {
        let question = format!(
            "How well did you know it? 1 again, 2 hard, 3 good, 4 easy [{}]",
            default.number()
        );
        write!(io.stdout, "{question}: ")?;
        io.stdout.flush()?;
        let mut line = String::new();
        if io.stdin.read_line(&mut line)? == 0 {
            return Ok(Some(default));
        }
        let text = line.trim();
        if text.is_empty() {
            return Ok(Some(default));
        }
        match text.parse::<u8>().ok().and_then(Rating::from_number) {
            Some(rating) => return Ok(Some(rating)),
            None => writeln!(io.stdout, "  Answer 1, 2, 3 or 4.")?,
        }
    }
}

fn letter(index: usize) -> char {
    char::from(b'A' + index as u8)
}

/// Prompts and reads one line; `None` on an empty line or the end of input.
fn ask(io: &mut Io<'_>, prompt: &str) -> Result<Option<String>, AppError> {
    write!(io.stdout, "{prompt}: ")?;
    io.stdout.flush()?;
    let mut line = String::new();
    if io.stdin.read_line(&mut line)? == 0 {
        writeln!(io.stdout)?;
        return Ok(None);
    }
    let text = line.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// Waits for Enter; false at the end of input.
fn wait_for_enter(io: &mut Io<'_>) -> Result<bool, AppError> {
    write!(io.stdout, "Press Enter to see the answer: ")?;
    io.stdout.flush()?;
    let mut line = String::new();
    Ok(io.stdin.read_line(&mut line)? > 0)
}

fn list(
    cards: &[review::Card],
    due: &[&review::Card],
    scheduler: &Scheduler,
    today: time::Date,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    if json {
        let value = serde_json::json!({
            "today": today.to_string(),
            "due": due.len(),
            "personal_parameters": scheduler.is_personal(),
            "cards": cards.iter().map(|c| serde_json::json!({
                "item": c.item, "exam": c.exam, "due": c.due.to_string(), "due_now": c.due <= today,
                "reviews": c.reviews, "last": c.last.to_string(), "stability": c.stability, "difficulty": c.difficulty,
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    writeln!(
        io.stdout,
        "{} due on {today}, {} in the queue (FSRS {} parameters).",
        due.len(),
        cards.len(),
        if scheduler.is_personal() {
            "fitted to your reviews"
        } else {
            "default"
        }
    )?;
    if cards.is_empty() {
        return Ok(());
    }
    let mut t = table(&["ITEM", "EXAM", "DUE", "REVIEWS", "STABILITY (DAYS)"]);
    for c in cards {
        t.add_row(vec![
            c.item.clone(),
            c.exam.clone(),
            c.due.to_string(),
            c.reviews.to_string(),
            format!("{:.1}", c.stability),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    Ok(())
}
