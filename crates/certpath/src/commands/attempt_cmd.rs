//! `certpath attempt ...`, `certpath history` and `certpath report`: attempts from scripts.

use super::{load_catalog, read_bank_items};
use crate::Io;
use crate::cli::{AttemptCommand, FeedbackArg, ModeArg, StartArgs};
use crate::error::AppError;
use crate::render::{Paint, table, table_text};
use crate::session::{Live, Session, StartSpec, default_database};
use engine::{Answer, Event, FeedbackTiming, FormShape, Mode, QuestionKind, Report};
use std::path::Path;
use storage::AttemptFilter;

/// The database path from `--database` or the default.
pub fn database(path: Option<&Path>) -> std::path::PathBuf {
    path.map_or_else(default_database, Path::to_path_buf)
}

/// The mode and form shape the start options ask for.
pub fn mode_and_shape(args: &StartArgs) -> Result<(Mode, FormShape), AppError> {
    let timed = !args.untimed;
    if args.untimed && args.mode == ModeArg::Exam {
        return Err(AppError::Usage("exam mode is always timed, as the real exam is; use --mode practice for an untimed session".into()));
    }
    let one_domain = || match args.domain.as_slice() {
        [domain] => Ok(*domain),
        [] => Err(AppError::Usage(
            "a drill needs --domain N (certpath catalog show CODE lists the domains)".into(),
        )),
        _ => Err(AppError::Usage(
            "a drill takes one --domain; use --mode custom for several".into(),
        )),
    };
    Ok(match args.mode {
        ModeArg::Exam => (Mode::Exam, FormShape::Full),
        ModeArg::Practice => (Mode::Practice { timed }, FormShape::Full),
        ModeArg::Drill => (
            Mode::DomainDrill { timed },
            FormShape::Drill {
                domain: one_domain()?,
                count: args.count.unwrap_or(10),
                minutes: args.minutes,
            },
        ),
        ModeArg::Review => (
            Mode::Review { timed },
            FormShape::Review {
                ids: Vec::new(),
                minutes: args.minutes,
            },
        ),
        ModeArg::Custom => (
            Mode::Custom {
                feedback: match args.feedback {
                    FeedbackArg::Immediate => FeedbackTiming::Immediate,
                    FeedbackArg::Deferred => FeedbackTiming::Deferred,
                },
                timed,
            },
            FormShape::Custom {
                domains: args.domain.clone(),
                count: args.count.unwrap_or(20),
                minutes: args.minutes,
            },
        ),
    })
}

/// Runs `certpath attempt ...`.
pub fn run(
    catalog_dir: Option<&Path>,
    database_path: Option<&Path>,
    command: AttemptCommand,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(catalog_dir)?;
    let bank_paths = match &command {
        AttemptCommand::Start { start, .. } => start.bank.clone(),
        _ => Vec::new(),
    };
    let items = read_bank_items(&catalog, &bank_paths, io.today)?;
    let session = Session::open(&database(database_path), &catalog, &items)?;
    let now = || (io.now)();
    match command {
        AttemptCommand::Start { start, json } => {
            let (mode, shape) = mode_and_shape(&start)?;
            let live = session.start(
                StartSpec {
                    exam: start.code.clone(),
                    mode,
                    shape,
                    seed: start.seed,
                },
                now(),
            )?;
            show(&live, json, now(), io)
        }
        AttemptCommand::Show { id, json } => {
            let live = session.load(&id, now())?;
            show(&live, json, now(), io)
        }
        AttemptCommand::Answer {
            id,
            question,
            answer,
            json,
        } => {
            let mut live = session.load(&id, now())?;
            let index = question_index(&live, question)?;
            let answer = parse_answer(&live, index, &answer)?;
            session.apply(
                &mut live,
                Event::Answered {
                    item: index,
                    answer,
                },
                now(),
            )?;
            acknowledge(&live, index, json, io)
        }
        AttemptCommand::Clear { id, question } => {
            let mut live = session.load(&id, now())?;
            let index = question_index(&live, question)?;
            session.apply(&mut live, Event::Cleared { item: index }, now())?;
            acknowledge(&live, index, false, io)
        }
        AttemptCommand::Flag { id, question, off } => {
            let mut live = session.load(&id, now())?;
            let index = question_index(&live, question)?;
            let event = if off {
                Event::Unflagged { item: index }
            } else {
                Event::Flagged { item: index }
            };
            session.apply(&mut live, event, now())?;
            acknowledge(&live, index, false, io)
        }
        AttemptCommand::Check { id, question, json } => {
            let mut live = session.load(&id, now())?;
            let index = question_index(&live, question)?;
            session.apply(&mut live, Event::Checked { item: index }, now())?;
            acknowledge(&live, index, json, io)
        }
        AttemptCommand::Pause { id } => {
            let mut live = session.load(&id, now())?;
            session.apply(&mut live, Event::Paused, now())?;
            writeln!(
                io.stdout,
                "attempt {} paused; `certpath attempt resume {}` starts the clock again",
                live.id, live.id
            )?;
            Ok(())
        }
        AttemptCommand::Resume { id } => {
            let mut live = session.load(&id, now())?;
            session.apply(&mut live, Event::Resumed, now())?;
            writeln!(io.stdout, "attempt {} resumed", live.id)?;
            Ok(())
        }
        AttemptCommand::Submit { id, json } => {
            let mut live = session.load(&id, now())?;
            if !live.attempt.is_closed() {
                session.apply(&mut live, Event::Submitted, now())?;
            }
            let report = live
                .attempt
                .report()
                .map_err(|e| AppError::Engine(e.to_string()))?;
            print_report(&live.id, &report, json, io)
        }
        AttemptCommand::Play { id } => play(&session, &id, io),
    }
}

fn question_index(live: &Live, question: usize) -> Result<usize, AppError> {
    let total = live.attempt.form().len();
    if question == 0 || question > total {
        return Err(AppError::Usage(format!(
            "question {question} does not exist: the attempt has questions 1 to {total}"
        )));
    }
    Ok(question - 1)
}

/// Letters to shown positions: "B" → [1], "A,C" → [0, 2].
fn letters(text: &str) -> Result<Vec<u8>, AppError> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let p = p.trim().to_ascii_uppercase();
            match p.as_bytes() {
                [c @ b'A'..=b'Z'] => Ok(c - b'A'),
                _ => Err(AppError::Usage(format!(
                    "`{p}` is not an option letter; write letters such as B or A,C"
                ))),
            }
        })
        .collect()
}

fn parse_answer(live: &Live, index: usize, text: &str) -> Result<Answer, AppError> {
    let positions = letters(text)?;
    if positions.is_empty() {
        return Err(AppError::Usage("the answer is empty; give option letters such as B or A,C (use `attempt clear` to remove an answer)".into()));
    }
    Ok(match live.attempt.form().items()[index].kind() {
        QuestionKind::Single | QuestionKind::Multiple => Answer::Choices(positions),
        QuestionKind::Ordering => Answer::Order(positions),
        QuestionKind::Matching => Answer::Matches(positions),
    })
}

fn remaining_seconds(live: &Live, now: time::OffsetDateTime) -> Option<u64> {
    let at = engine::Timestamp::from_unix_millis((now.unix_timestamp_nanos() / 1_000_000) as i64);
    live.attempt.remaining(at).map(|d| d.as_secs())
}

fn status_name(live: &Live) -> String {
    match live.attempt.status() {
        engine::Status::InProgress => "in progress".to_owned(),
        engine::Status::Paused => "paused".to_owned(),
        engine::Status::Closed(outcome) => outcome.to_string(),
    }
}

fn show(
    live: &Live,
    json: bool,
    now: time::OffsetDateTime,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let form = live.attempt.form();
    if json {
        let value = serde_json::json!({
            "id": live.id,
            "exam": form.exam(),
            "exam_name": form.exam_name(),
            "mode": live.attempt.mode(),
            "status": status_name(live),
            "started_at": live.attempt.started_at(),
            "deadline": live.attempt.deadline(),
            "remaining_seconds": remaining_seconds(live, now),
            "questions": live.attempt.questions(),
            "review": live.attempt.review(),
        });
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let paint = Paint::new(io.color);
    let review = live.attempt.review();
    writeln!(
        io.stdout,
        "{} {} — {} ({})",
        paint.heading("Attempt"),
        paint.heading(&live.id),
        form.exam(),
        live.attempt.mode()
    )?;
    let time = match remaining_seconds(live, now) {
        Some(s) => format!("{}:{:02}:{:02} left", s / 3600, s / 60 % 60, s % 60),
        None => "untimed".to_owned(),
    };
    writeln!(
        io.stdout,
        "{} · {} questions: {} answered, {} unanswered, {} flagged · {time}",
        status_name(live),
        form.len(),
        review.answered,
        review.unanswered,
        review.flagged
    )?;
    for q in live.attempt.questions() {
        writeln!(io.stdout)?;
        let select = q
            .select
            .map(|n| format!(" (select {n})"))
            .unwrap_or_default();
        let flag = if q.flagged { " [flagged]" } else { "" };
        writeln!(
            io.stdout,
            "{}{select}{flag}",
            paint.heading(&format!("Question {} of {}", q.index + 1, q.total))
        )?;
        writeln!(io.stdout, "{}", q.stem)?;
        for option in &q.options {
            writeln!(io.stdout, "  {}. {}", option.label, option.text)?;
        }
        if let Some(answer) = &q.answer {
            writeln!(io.stdout, "  Your answer: {}", answer_letters(answer))?;
        }
        if let Some(solution) = &q.solution {
            writeln!(
                io.stdout,
                "  {} The key: {}",
                if solution.correct() {
                    "Correct."
                } else {
                    "Not correct."
                },
                answer_letters(solution.key())
            )?;
        }
    }
    Ok(())
}

/// Shown positions back to letters: [0, 2] → "A,C".
pub fn answer_letters(answer: &Answer) -> String {
    let positions = match answer {
        Answer::Choices(p) | Answer::Order(p) | Answer::Matches(p) => p,
    };
    positions
        .iter()
        .map(|p| char::from(b'A' + *p).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn acknowledge(live: &Live, index: usize, json: bool, io: &mut Io<'_>) -> Result<(), AppError> {
    let view = live
        .attempt
        .question(index)
        .map_err(|e| AppError::Engine(e.to_string()))?;
    let seq = live.attempt.records().len() - 1;
    if json {
        let value = serde_json::json!({ "id": live.id, "seq": seq, "question": view });
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let answer = view.answer.as_ref().map_or_else(
        || "no answer".to_owned(),
        |a| format!("answer {}", answer_letters(a)),
    );
    let flag = if view.flagged { ", flagged" } else { "" };
    writeln!(
        io.stdout,
        "question {}: {answer}{flag} (recorded as event {seq})",
        index + 1
    )?;
    if let Some(solution) = &view.solution {
        writeln!(
            io.stdout,
            "{}; the key is {}",
            if solution.correct() {
                "correct"
            } else {
                "not correct"
            },
            answer_letters(solution.key())
        )?;
        if !solution.explanation().is_empty() {
            writeln!(io.stdout, "{}", solution.explanation())?;
        }
        for (option, why) in view.options.iter().zip(solution.option_explanations()) {
            writeln!(io.stdout, "  {}. {}", option.label, why)?;
        }
    }
    Ok(())
}

/// One line of `attempt play` input.
#[derive(serde::Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum PlayCommand {
    Answer { question: usize, answer: String },
    Clear { question: usize },
    Flag { question: usize },
    Unflag { question: usize },
    Check { question: usize },
    Pause,
    Resume,
    Submit,
}

fn play(session: &Session<'_>, id: &str, io: &mut Io<'_>) -> Result<(), AppError> {
    let mut live = session.load(id, (io.now)())?;
    let mut line = String::new();
    loop {
        line.clear();
        if io.stdin.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<PlayCommand>(line.trim())
            .map_err(|e| AppError::Usage(format!("not a command: {e}")))
            .and_then(|command| {
                let event = match command {
                    PlayCommand::Answer { question, answer } => {
                        let index = question_index(&live, question)?;
                        Event::Answered {
                            item: index,
                            answer: parse_answer(&live, index, &answer)?,
                        }
                    }
                    PlayCommand::Clear { question } => Event::Cleared {
                        item: question_index(&live, question)?,
                    },
                    PlayCommand::Flag { question } => Event::Flagged {
                        item: question_index(&live, question)?,
                    },
                    PlayCommand::Unflag { question } => Event::Unflagged {
                        item: question_index(&live, question)?,
                    },
                    PlayCommand::Check { question } => Event::Checked {
                        item: question_index(&live, question)?,
                    },
                    PlayCommand::Pause => Event::Paused,
                    PlayCommand::Resume => Event::Resumed,
                    PlayCommand::Submit => Event::Submitted,
                };
                session.apply(&mut live, event, (io.now)())
            });
        let ack = match result {
            Ok(()) => serde_json::json!({ "ok": true, "seq": live.attempt.records().len() - 1 }),
            Err(err) => serde_json::json!({ "ok": false, "error": err.to_string() }),
        };
        writeln!(io.stdout, "{ack}")?;
        io.stdout.flush()?;
    }
}

/// Prints a report as text or JSON.
pub fn print_report(
    id: &str,
    report: &Report,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    if json {
        let mut value =
            serde_json::to_value(report).map_err(|e| AppError::Storage(e.to_string()))?;
        if let Some(object) = value.as_object_mut() {
            object.insert("id".into(), serde_json::json!(id));
        }
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let paint = Paint::new(io.color);
    writeln!(
        io.stdout,
        "{} {} — {} ({}, {})",
        paint.heading("Report"),
        paint.heading(id),
        report.exam,
        report.mode,
        report.outcome
    )?;
    writeln!(
        io.stdout,
        "{} / 1000 ({}), pass mark {}: {}",
        paint.heading(&report.scaled.to_string()),
        report.scale_label,
        report.passing_score,
        if report.passed {
            paint.status(catalog::Status::Active, "PASS")
        } else {
            paint.status(catalog::Status::Retired, "FAIL")
        }
    )?;
    writeln!(
        io.stdout,
        "Raw score {} of {} scored questions (cut {:.1}); {} answered, {} blank; time used {} min.",
        report.raw,
        report.raw_max,
        report.cut,
        report.answered,
        report.unanswered,
        report.time_used.as_secs().div_ceil(60)
    )?;
    writeln!(io.stdout)?;
    let mut t = table(&["#", "DOMAIN", "CORRECT", "CLASSIFICATION"]);
    for d in &report.domains {
        t.add_row(vec![
            d.number.to_string(),
            d.name.clone(),
            format!("{} of {}", d.correct, d.scored),
            d.classification
                .map_or_else(|| "-".to_owned(), |c| c.label().to_owned()),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    writeln!(io.stdout)?;
    writeln!(io.stdout, "{}", paint.dim(&report.scale_explanation))?;
    if let Some(caveat) = &report.scale_caveat {
        writeln!(io.stdout, "{}", paint.dim(caveat))?;
    }
    let missed: Vec<String> = report
        .questions
        .iter()
        .filter(|q| !q.correct)
        .map(|q| (q.index + 1).to_string())
        .collect();
    if !missed.is_empty() {
        writeln!(io.stdout)?;
        writeln!(
            io.stdout,
            "To review: questions {} (certpath exam {} --mode review asks them again).",
            missed.join(", "),
            report.exam
        )?;
    }
    Ok(())
}

/// Runs `certpath history`.
pub fn history(
    database_path: Option<&Path>,
    exam: Option<&str>,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let store = storage_sqlite::SqliteStorage::open(&database(database_path))
        .map_err(|e| AppError::Storage(e.to_string()))?;
    let filter = AttemptFilter {
        user: Some(None),
        exam: exam.map(str::to_ascii_uppercase),
        unfinished: None,
        limit: None,
    };
    let attempts = storage::Storage::attempts(&store, &filter)
        .map_err(|e| AppError::Storage(e.to_string()))?;
    if json {
        let value: Vec<serde_json::Value> = attempts
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id, "exam": a.exam, "mode": a.mode,
                    "started_at": a.started_at.unix_timestamp() * 1000,
                    "finished_at": a.finished_at.map(|f| f.unix_timestamp() * 1000),
                    "outcome": a.outcome.map(|o| o.as_str()),
                    "scaled_score": a.scaled_score, "passed": a.passed, "events": a.events,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    if attempts.is_empty() {
        writeln!(
            io.stdout,
            "No attempts yet. Start one with `certpath exam CODE` or `certpath attempt start CODE`."
        )?;
        return Ok(());
    }
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    let mut t = table(&["ID", "EXAM", "MODE", "STARTED (UTC)", "RESULT", "SCORE"]);
    for a in &attempts {
        let result = match (a.outcome, a.passed) {
            (Some(outcome), Some(passed)) => format!(
                "{} · {}",
                outcome.as_str(),
                if passed { "pass" } else { "fail" }
            ),
            _ => "unfinished".to_owned(),
        };
        t.add_row(vec![
            a.id.clone(),
            a.exam.clone(),
            a.mode.clone(),
            a.started_at.format(&format).unwrap_or_default(),
            result,
            a.scaled_score
                .map_or_else(|| "-".to_owned(), |s| s.to_string()),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    writeln!(
        io.stdout,
        "\nScores are practice-scale estimates, not AWS scores."
    )?;
    Ok(())
}

/// Runs `certpath report ID`.
pub fn report(
    catalog_dir: Option<&Path>,
    database_path: Option<&Path>,
    id: &str,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(catalog_dir)?;
    let session = Session::open(&database(database_path), &catalog, &[])?;
    let live = session.load(id, (io.now)())?;
    if !live.attempt.is_closed() {
        return Err(AppError::Usage(format!(
            "attempt {} is not finished; submit it first (certpath attempt submit {})",
            live.id, live.id
        )));
    }
    let report = live
        .attempt
        .report()
        .map_err(|e| AppError::Engine(e.to_string()))?;
    let readiness = session.readiness(&live)?;
    if json {
        let mut value =
            serde_json::to_value(&report).map_err(|e| AppError::Storage(e.to_string()))?;
        if let Some(object) = value.as_object_mut() {
            object.insert("id".into(), serde_json::json!(live.id));
            object.insert("readiness".into(), super::readiness::to_json(&readiness));
        }
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    print_report(&live.id, &report, false, io)?;
    super::readiness::print(&readiness, io)
}
