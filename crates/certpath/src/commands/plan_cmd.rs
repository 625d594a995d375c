//! `certpath plan`: a week-by-week study plan, in the terminal and as iCalendar.

use super::attempt_cmd::database;
use super::load_catalog;
use crate::Io;
use crate::error::AppError;
use crate::session::Session;
use std::path::{Path, PathBuf};

/// What `certpath plan` was asked.
pub struct PlanOptions {
    /// The exam code.
    pub code: String,
    /// The exam day.
    pub target_date: time::Date,
    /// Study hours a week.
    pub hours_per_week: f64,
    /// Where to write the iCalendar file.
    pub ical: Option<PathBuf>,
    /// The first study day, instead of today.
    pub on: Option<time::Date>,
}

/// Runs `certpath plan`.
pub fn run(
    catalog_dir: Option<&Path>,
    database_path: Option<&Path>,
    options: PlanOptions,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(catalog_dir)?;
    let exam = catalog.exam(&options.code).ok_or_else(|| {
        AppError::Input(advisor::InputError::Unknown {
            kind: "exam code",
            given: options.code.clone(),
            suggestion: catalog::suggest::closest(&options.code, catalog.codes())
                .map(str::to_owned),
            accepted: catalog.codes().map(str::to_owned).collect(),
        })
    })?;
    let minutes = exam.format.duration_minutes.value.ok_or_else(|| {
        AppError::Usage(format!(
            "the catalog has no duration for {}, so mock exams cannot be planned",
            exam.code
        ))
    })?;
    let today = options.on.unwrap_or(io.today);
    let session = Session::open(&database(database_path), &catalog, &[])?;
    let (input, attempts_read) = session.plan_input(
        exam,
        today,
        options.target_date,
        options.hours_per_week,
        minutes,
    )?;
    let plan = study::plan(&input).map_err(|e| AppError::Usage(e.to_string()))?;
    writeln!(io.stdout, "Study plan for {} ({})", exam.code, exam.name)?;
    if attempts_read == 0 {
        writeln!(
            io.stdout,
            "No finished attempts yet: every domain counts as half ready. Take a practice exam and plan again."
        )?;
    } else {
        writeln!(
            io.stdout,
            "Readiness from your last {} finished attempt{}.",
            attempts_read,
            if attempts_read == 1 { "" } else { "s" }
        )?;
    }
    writeln!(io.stdout)?;
    write!(io.stdout, "{plan}")?;
    if let Some(path) = &options.ical {
        let text = study::to_icalendar(&plan, &exam.code, (io.now)());
        std::fs::write(path, text).map_err(|source| AppError::Read {
            path: path.clone(),
            source,
        })?;
        writeln!(
            io.stdout,
            "\nWrote the plan to {} (iCalendar).",
            path.display()
        )?;
    }
    Ok(())
}
