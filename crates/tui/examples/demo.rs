//! Tries the exam UI in a terminal on the built-in bank, with the attempt kept in memory:
//!
//! ```sh
//! cargo run -p tui --example demo -- [exam|practice] [CODE] [COUNT] [MINUTES]
//! ```
//!
//! The shell (`certpath exam`) runs the same UI with a recorder that stores every event.

use engine::{Attempt, Event, FormSpec, Mode, Timestamp, assemble};
use std::time::{SystemTime, UNIX_EPOCH};
use tui::Recorder;

/// A recorder over an attempt in memory, on the system clock.
struct Memory {
    attempt: Attempt,
}

fn now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Timestamp::from_unix_millis(i64::try_from(millis).unwrap_or(i64::MAX))
}

impl Recorder for Memory {
    fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    fn record(&mut self, event: Event) -> Result<(), String> {
        self.attempt
            .apply(event, now())
            .map(drop)
            .map_err(|e| e.to_string())
    }

    fn time_out_if_due(&mut self) -> Result<bool, String> {
        Ok(self.attempt.time_out_if_due(now()).is_some())
    }

    fn now(&self) -> Timestamp {
        now()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("practice") => Mode::Practice { timed: true },
        _ => Mode::Exam,
    };
    let code = args.get(1).map_or("SAA-C03", String::as_str);
    let count: u32 = args.get(2).map_or(Ok(12), |c| c.parse())?;
    let minutes: u32 = args.get(3).map_or(Ok(20), |m| m.parse())?;
    let items: Vec<bank::Item> = builtin_bank::files()
        .iter()
        .filter_map(|file| match bank::parse(file).parsed {
            Some(bank::Parsed::Item(item)) => Some(*item),
            _ => None,
        })
        .collect();
    let catalog = catalog::Catalog::builtin()?;
    let exam = catalog.exam(code).ok_or("no such exam")?;
    let spec = FormSpec::custom(vec![], count, Some(minutes));
    let form = assemble(&items, exam, &spec, now().unix_millis() as u64)?;
    let mut recorder = Memory {
        attempt: Attempt::new(form, mode, now())?,
    };
    tui::run(&mut recorder)?;
    let attempt = &recorder.attempt;
    println!(
        "{} events recorded; the attempt is {:?}",
        attempt.records().len(),
        attempt.status()
    );
    Ok(())
}
