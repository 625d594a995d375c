//! `certpath catalog`: the program on a day, one exam in detail, and the data check.

use super::load_catalog;
use crate::Io;
use crate::cli::{CatalogCommand, CatalogSub, ListArgs};
use crate::error::AppError;
use crate::render::{Paint, table, table_text};
use catalog::{Catalog, ExamVersion, Fact, LastDayBasis, ProgramFilter, Status, Tier};
use std::fmt::Display;
use std::path::Path;
use time::Date;
use web::dto::ExamDto;

/// Runs `certpath catalog ...`.
pub fn run(dir: Option<&Path>, args: CatalogCommand, io: &mut Io<'_>) -> Result<(), AppError> {
    match args.sub {
        None => list(dir, args.list, io),
        Some(CatalogSub::Show { code, on, json }) => show(dir, &code, on, json, io),
        Some(CatalogSub::Check { dir: check_dir }) => check(check_dir.as_deref().or(dir), io),
    }
}

fn day_label(day: Date, io: &Io<'_>) -> String {
    if day == io.today {
        format!("{day} (today)")
    } else {
        day.to_string()
    }
}

fn list(dir: Option<&Path>, args: ListArgs, io: &mut Io<'_>) -> Result<(), AppError> {
    let catalog = load_catalog(dir)?;
    let day = args.on.unwrap_or(io.today);
    let filter = ProgramFilter {
        all: args.all,
        tier: args.tier.map(Tier::from),
    };
    let listed = catalog.program_on(day, filter);
    if args.json {
        let items: Vec<ExamDto> = listed
            .iter()
            .map(|l| ExamDto::new(&catalog, l.exam, day))
            .collect();
        serde_json::to_writer_pretty(&mut *io.stdout, &items).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let paint = Paint::new(io.color);
    let scope = if args.all {
        "every exam version"
    } else {
        "active and beta exams, and recent retirements"
    };
    writeln!(
        io.stdout,
        "{} on {}: {scope}",
        paint.heading("AWS Certification program"),
        day_label(day, io)
    )?;
    writeln!(io.stdout)?;
    let mut t = table(&[
        "TIER",
        "CODE",
        "CERTIFICATION",
        "STATUS",
        "QUESTIONS",
        "MIN",
        "PASS",
        "USD",
    ]);
    let mut previous_tier = None;
    for item in &listed {
        let exam = item.exam;
        let tier = if previous_tier == Some(exam.tier) {
            String::new()
        } else {
            exam.tier.title().to_owned()
        };
        previous_tier = Some(exam.tier);
        let questions = match (
            exam.format.questions_scored.value,
            exam.format.questions_unscored.value,
        ) {
            (Some(s), Some(u)) => format!("{s}+{u}"),
            _ => "?".to_owned(),
        };
        t.add_row(vec![
            tier,
            exam.code.clone(),
            short_name(&exam.name).to_owned(),
            status_text(exam, item.status, day),
            questions,
            or_unknown(exam.format.duration_minutes.value),
            or_unknown(exam.format.passing_score.value),
            or_unknown(exam.format.price_usd.value),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    writeln!(io.stdout)?;
    writeln!(
        io.stdout,
        "{}",
        paint.dim("? = not published by AWS or not in certpath's sources. Details and sources: certpath catalog show CODE")
    )?;
    Ok(())
}

fn short_name(name: &str) -> &str {
    name.strip_prefix("AWS Certified ").unwrap_or(name)
}

fn or_unknown(value: Option<u32>) -> String {
    value.map_or_else(|| "?".to_owned(), |v| v.to_string())
}

/// "active", "active, last day 2026-12-31", "retired 2026-11-30, replaced by DVA-C03", ...
fn status_text(exam: &ExamVersion, status: Status, day: Date) -> String {
    let successor = exam
        .successor()
        .map(|s| format!(", replaced by {s}"))
        .unwrap_or_default();
    match status {
        Status::Active => match exam.last_day() {
            Some((last, _)) => format!("active, last day {last}"),
            None => "active".to_owned(),
        },
        Status::Beta => {
            let ga = exam
                .dates
                .available_from
                .value
                .map(|d| format!(", GA {d}"))
                .unwrap_or_default();
            let unconfirmed = if exam.dates.available_from.value.is_some()
                && exam.dates.available_from.confidence == catalog::Confidence::Unverified
            {
                " (unconfirmed)"
            } else {
                ""
            };
            format!("beta{ga}{unconfirmed}")
        }
        Status::Upcoming => match exam.first_day() {
            Some(first) if first > day => format!("upcoming, from {first}"),
            _ => "upcoming".to_owned(),
        },
        Status::Retired => match exam.last_day() {
            Some((last, LastDayBasis::Stated)) => format!("retired after {last}{successor}"),
            Some((last, LastDayBasis::DerivedFromSuccessor)) => {
                format!("retired after {last} (derived){successor}")
            }
            None => format!("retired (date unknown){successor}"),
        },
    }
}

fn show(
    dir: Option<&Path>,
    code: &str,
    on: Option<Date>,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(dir)?;
    let Some(exam) = catalog.exam(code) else {
        return Err(catalog::suggest::closest(code, catalog.codes())
            .map(str::to_owned)
            .map_or_else(
                || unknown_code(&catalog, code, None),
                |s| unknown_code(&catalog, code, Some(s)),
            ));
    };
    let day = on.unwrap_or(io.today);
    if json {
        serde_json::to_writer_pretty(&mut *io.stdout, &ExamDto::new(&catalog, exam, day))
            .map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let paint = Paint::new(io.color);
    let out = &mut *io.stdout;
    writeln!(
        out,
        "{}  {}",
        paint.heading(&exam.code),
        paint.heading(&exam.name)
    )?;
    writeln!(
        out,
        "Tier: {} · Certification id: {}",
        exam.tier.title(),
        exam.certification
    )?;
    let status = exam.status_on(day);
    let label = if day == io.today {
        format!("{day} (today)")
    } else {
        day.to_string()
    };
    writeln!(
        out,
        "Status on {label}: {}",
        paint.status(status, &status_text(exam, status, day))
    )?;
    let predecessors: Vec<&str> = catalog
        .exams()
        .iter()
        .filter(|e| e.successor() == Some(exam.code.as_str()))
        .map(|e| e.code.as_str())
        .collect();
    if !predecessors.is_empty() {
        writeln!(out, "Replaces: {}", predecessors.join(", "))?;
    }
    if let Some(guide) = exam.guide.as_deref().and_then(|key| catalog.source(key)) {
        writeln!(out, "Exam guide: {}", guide.url)?;
    }
    writeln!(out)?;

    writeln!(out, "{}", paint.heading("Facts"))?;
    let mut facts = table(&["FACT", "VALUE", "CONFIDENCE", "SOURCES"]);
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut row = |name: &str,
                   fact_value: Option<String>,
                   confidence: catalog::Confidence,
                   sources: &[String],
                   note: &Option<String>| {
        facts.add_row(vec![
            name.to_owned(),
            fact_value.unwrap_or_else(|| "unknown".to_owned()),
            confidence.to_string(),
            sources.join(", "),
        ]);
        if let Some(note) = note {
            notes.push((name.to_owned(), note.clone()));
        }
    };
    fn add<T: Display>(
        row: &mut impl FnMut(&str, Option<String>, catalog::Confidence, &[String], &Option<String>),
        name: &str,
        fact: &Fact<T>,
    ) {
        row(
            name,
            fact.value.as_ref().map(ToString::to_string),
            fact.confidence,
            &fact.sources,
            &fact.note,
        );
    }
    if let Some(beta) = &exam.dates.beta_from {
        add(&mut row, "Beta from", beta);
    }
    add(&mut row, "Available from", &exam.dates.available_from);
    add(&mut row, "Last day", &exam.dates.last_day);
    add(&mut row, "Successor", &exam.dates.successor);
    let f = &exam.format;
    add(&mut row, "Questions scored", &f.questions_scored);
    add(&mut row, "Questions unscored", &f.questions_unscored);
    add(&mut row, "Minutes", &f.duration_minutes);
    add(&mut row, "Passing score", &f.passing_score);
    add(&mut row, "Price (USD)", &f.price_usd);
    let types = f
        .question_types
        .clone()
        .map(|t| t.iter().map(|q| q.as_str()).collect::<Vec<_>>().join(", "));
    add(&mut row, "Question types", &types);
    if let Some(beta) = &exam.beta_format {
        add(&mut row, "Beta questions", &beta.questions_total);
        add(&mut row, "Beta minutes", &beta.duration_minutes);
        add(&mut row, "Beta price (USD)", &beta.price_usd);
    }
    let c = &exam.candidate;
    add(&mut row, "AWS experience (years)", &c.aws_experience_years);
    let services = c.main_services.clone().map(|s| s.join(", "));
    add(&mut row, "Main services", &services);
    write!(out, "{}", table_text(&facts))?;
    if let Some(experience) = &c.recommended_experience.value {
        writeln!(out)?;
        writeln!(
            out,
            "Recommended experience ({}; {}): {experience}",
            c.recommended_experience.confidence,
            c.recommended_experience.sources.join(", ")
        )?;
    } else if let Some(note) = &c.recommended_experience.note {
        notes.push(("Recommended experience".to_owned(), note.clone()));
    }
    writeln!(out)?;

    let d = &exam.domains;
    writeln!(
        out,
        "{} ({}; {})",
        paint.heading("Domains"),
        d.confidence,
        if d.sources.is_empty() {
            "no source".to_owned()
        } else {
            d.sources.join(", ")
        }
    )?;
    if d.list.is_empty() {
        writeln!(
            out,
            "  Not published: {}",
            d.note
                .as_deref()
                .unwrap_or("no domain list in certpath's sources")
        )?;
    } else {
        let with_tasks = d.list.iter().any(|domain| !domain.tasks.is_empty());
        let header: &[&str] = if with_tasks {
            &["#", "DOMAIN", "WEIGHT", "TASKS"]
        } else {
            &["#", "DOMAIN", "WEIGHT"]
        };
        let mut domains = table(header);
        for domain in &d.list {
            let mut row = vec![
                domain.number.to_string(),
                domain.name.clone(),
                format!("{}%", domain.weight),
            ];
            if with_tasks {
                row.push(domain.tasks.len().to_string());
            }
            domains.add_row(row);
        }
        write!(out, "{}", table_text(&domains))?;
        if with_tasks {
            writeln!(out)?;
            writeln!(out, "{}", paint.heading("Task statements"))?;
            for domain in &d.list {
                for task in &domain.tasks {
                    writeln!(out, "  {:<5} {}", task.id, task.statement)?;
                }
            }
        }
        if let Some(note) = &d.note {
            notes.push(("Domains".to_owned(), note.clone()));
        }
    }

    if !exam.notes.is_empty() || !notes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("Notes"))?;
        for note in &exam.notes {
            writeln!(out, "  - {note}")?;
        }
        for (field, note) in &notes {
            writeln!(out, "  - {field}: {note}")?;
        }
    }

    let mut keys: Vec<String> = Vec::new();
    let mut cite = |sources: &[String]| {
        for key in sources {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    };
    if let Some(beta) = &exam.dates.beta_from {
        cite(&beta.sources);
    }
    for sources in [
        &exam.dates.available_from.sources,
        &exam.dates.last_day.sources,
        &exam.dates.successor.sources,
        &f.questions_scored.sources,
        &f.questions_unscored.sources,
        &f.duration_minutes.sources,
        &f.passing_score.sources,
        &f.price_usd.sources,
        &f.question_types.sources,
        &c.recommended_experience.sources,
        &c.aws_experience_years.sources,
        &c.main_services.sources,
        &d.sources,
    ] {
        cite(sources);
    }
    if let Some(beta) = &exam.beta_format {
        cite(&beta.questions_total.sources);
        cite(&beta.duration_minutes.sources);
        cite(&beta.price_usd.sources);
    }
    if !keys.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("Sources"))?;
        for key in keys {
            if let Some(source) = catalog.source(&key) {
                writeln!(out, "  [{key}] {}", source.title)?;
                writeln!(out, "      {}", source.url)?;
                if let Some(read) = &source.read {
                    writeln!(out, "      {}", paint.dim(read))?;
                }
            }
        }
    }
    Ok(())
}

fn unknown_code(catalog: &Catalog, given: &str, suggestion: Option<String>) -> AppError {
    AppError::Input(advisor::InputError::Unknown {
        kind: "exam code",
        given: given.to_owned(),
        suggestion,
        accepted: catalog.codes().map(str::to_owned).collect(),
    })
}

fn check(dir: Option<&Path>, io: &mut Io<'_>) -> Result<(), AppError> {
    let catalog = load_catalog(dir)?;
    let which = dir.map_or_else(
        || "the built-in catalog".to_owned(),
        |d| d.display().to_string(),
    );
    writeln!(
        io.stdout,
        "{which}: {} exam versions of {} certifications, {} sources: no problems found",
        catalog.exams().len(),
        catalog.certifications().len(),
        catalog.sources().count()
    )?;
    Ok(())
}
