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

/// How many recent finished attempts readiness is read from.
const RECENT: usize = 3;

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
    let reports = session.recent_reports(&exam.code, RECENT)?;
    let domains: Vec<study::PlanDomain> = exam
        .domains
        .list
        .iter()
        .map(|domain| {
            let classified: Vec<bool> = reports
                .iter()
                .filter_map(|r| r.domains.iter().find(|d| d.number == domain.number))
                .filter_map(|d| d.classification)
                .map(|c| c == engine::Classification::MeetsCompetencies)
                .collect();
            let readiness = (!classified.is_empty()).then(|| {
                classified.iter().filter(|met| **met).count() as f64 / classified.len() as f64
            });
            study::PlanDomain {
                number: domain.number,
                name: domain.name.clone(),
                weight: f64::from(domain.weight),
                readiness,
            }
        })
        .collect();
    let reviews = session.reviews()?;
    let scheduler =
        review::Scheduler::for_history(&reviews).map_err(|e| AppError::Engine(e.to_string()))?;
    let cards = scheduler
        .cards(&reviews)
        .map_err(|e| AppError::Engine(e.to_string()))?;
    let week_ahead = today + time::Duration::days(7);
    let due_this_week = cards.iter().filter(|c| c.due <= week_ahead).count() as u32;
    let input = study::PlanInput {
        today,
        target: options.target_date,
        hours_per_week: options.hours_per_week,
        domains,
        reviews_due_per_day: due_this_week.div_ceil(7),
        mock_exam_minutes: minutes,
    };
    let plan = study::plan(&input).map_err(|e| AppError::Usage(e.to_string()))?;
    writeln!(io.stdout, "Study plan for {} ({})", exam.code, exam.name)?;
    if reports.is_empty() {
        writeln!(
            io.stdout,
            "No finished attempts yet: every domain counts as half ready. Take a practice exam and plan again."
        )?;
    } else {
        writeln!(
            io.stdout,
            "Readiness from your last {} finished attempt{}.",
            reports.len(),
            if reports.len() == 1 { "" } else { "s" }
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
