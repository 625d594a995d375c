//! `certpath exam`: the full-screen terminal exam, on the same durable attempts as the scripts.

use super::attempt_cmd::{database, mode_and_shape, print_report};
use super::{load_catalog, read_bank_items};
use crate::Io;
use crate::cli::ExamArgs;
use crate::error::AppError;
use crate::session::{Live, Session, StartSpec};
use engine::{Attempt, Event, Timestamp};
use std::io::IsTerminal;
use std::path::Path;

/// The UI's link to the store: every event is committed before the UI shows it.
struct ShellRecorder<'s, 'a> {
    session: &'s Session<'a>,
    live: Live,
    now: &'s dyn Fn() -> time::OffsetDateTime,
}

impl tui::Recorder for ShellRecorder<'_, '_> {
    fn attempt(&self) -> &Attempt {
        &self.live.attempt
    }

    fn record(&mut self, event: Event) -> Result<(), String> {
        self.session
            .apply(&mut self.live, event, (self.now)())
            .map_err(|e| e.to_string())
    }

    fn time_out_if_due(&mut self) -> Result<bool, String> {
        self.session
            .time_out_if_due(&mut self.live, (self.now)())
            .map_err(|e| e.to_string())
    }

    fn now(&self) -> Timestamp {
        Timestamp::from_unix_millis(((self.now)().unix_timestamp_nanos() / 1_000_000) as i64)
    }
}

/// Runs `certpath exam ...`.
pub fn run(
    catalog_dir: Option<&Path>,
    database_path: Option<&Path>,
    args: ExamArgs,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    if !io.stdin_is_terminal || !std::io::stdout().is_terminal() {
        return Err(AppError::Usage(
            "certpath exam needs a terminal; from scripts, use `certpath attempt start|answer|submit` (docs/attempts.md)".into(),
        ));
    }
    let catalog = load_catalog(catalog_dir)?;
    let items = read_bank_items(&catalog, &args.start.bank, io.today)?;
    let session = Session::open(&database(database_path), &catalog, &items)?;
    let (mode, shape) = mode_and_shape(&args.start)?;
    let now = io.now;
    let resumable = if args.new {
        Vec::new()
    } else {
        session.unfinished(&args.start.code, mode.name())?
    };
    let live = match resumable.first() {
        Some(id) => session.load(id, now())?,
        None => session.start(
            StartSpec {
                exam: args.start.code.clone(),
                mode,
                shape,
                seed: args.start.seed,
            },
            now(),
        )?,
    };
    let mut recorder = ShellRecorder {
        session: &session,
        live,
        now,
    };
    tui::run(&mut recorder)?;
    let live = recorder.live;
    if live.attempt.is_closed() {
        let report = live
            .attempt
            .report()
            .map_err(|e| AppError::Engine(e.to_string()))?;
        print_report(&live.id, &report, false, io)
    } else {
        writeln!(
            io.stdout,
            "Attempt {} is unfinished and saved; `certpath exam {}` resumes it (or `--new` starts another).",
            live.id, args.start.code
        )?;
        Ok(())
    }
}
