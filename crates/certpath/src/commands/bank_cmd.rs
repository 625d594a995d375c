//! `certpath bank`: lint and stats over bank files.

use super::load_catalog;
use crate::Io;
use crate::cli::{BankCommand, OutputFormat};
use crate::error::{AppError, snippet};
use crate::render::{Paint, table, table_text};
use bank::{Diagnostic, LintContext, Severity, SourceFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Runs `certpath bank ...`.
pub fn run(
    dir: Option<&Path>,
    database: Option<&Path>,
    command: BankCommand,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    match command {
        BankCommand::Lint {
            paths,
            deny_warnings,
            format,
            on,
        } => lint(
            dir,
            &paths,
            deny_warnings,
            format,
            on.unwrap_or(io.today),
            io,
        ),
        BankCommand::Stats {
            paths,
            forms,
            exam,
            json,
        } => stats(dir, &paths, forms, exam.as_deref(), json, io),
        BankCommand::Import {
            from,
            files,
            out,
            exam,
            domain,
            author,
        } => {
            super::interchange_cmd::import(from, &files, &out, exam.as_deref(), domain, &author, io)
        }
        BankCommand::Export {
            to,
            paths,
            out,
            missed,
            force,
        } => super::interchange_cmd::export(dir, database, to, &paths, &out, &missed, force, io),
    }
}

/// Every bank file under `paths` (`.md` files, except README.md, in path order), or the
/// built-in bank when `paths` is empty.
pub fn read_bank_files(paths: &[PathBuf]) -> Result<Vec<SourceFile>, AppError> {
    if paths.is_empty() {
        return Ok(builtin_bank::files());
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            return Err(AppError::Read {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
        let mut found: Vec<PathBuf> = Vec::new();
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|err| AppError::Read {
                path: path.clone(),
                source: err.into(),
            })?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file()
                && name.ends_with(".md")
                && !name.eq_ignore_ascii_case("README.md")
            {
                found.push(entry.into_path());
            }
        }
        files.extend(found);
    }
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|source| AppError::Read {
                path: path.clone(),
                source,
            })?;
            Ok(SourceFile::new(path.display().to_string(), text))
        })
        .collect()
}

fn lint(
    dir: Option<&Path>,
    paths: &[PathBuf],
    deny_warnings: bool,
    format: OutputFormat,
    today: time::Date,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(dir)?;
    let files = read_bank_files(paths)?;
    let context = LintContext::new(&catalog, today);
    let bank = bank::load(&files, &context);
    let errors = bank
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = bank.diagnostics.len() - errors;
    match format {
        OutputFormat::Json => {
            let diagnostics: Vec<serde_json::Value> =
                bank.diagnostics.iter().map(diagnostic_json).collect();
            let report = serde_json::json!({
                "files": files.len(),
                "items": bank.items.len(),
                "cases": bank.cases.len(),
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
            });
            serde_json::to_writer_pretty(&mut *io.stdout, &report).map_err(std::io::Error::from)?;
            writeln!(io.stdout)?;
        }
        OutputFormat::Human => {
            let paint = Paint::new(io.color);
            let texts: HashMap<&str, &str> = files
                .iter()
                .map(|f| (f.path.as_str(), f.text.as_str()))
                .collect();
            for d in &bank.diagnostics {
                write!(io.stdout, "{}", render_diagnostic(paint, d, &texts))?;
            }
            let summary = format!(
                "{} file{}, {} item{}: {errors} error{}, {warnings} warning{}",
                files.len(),
                plural(files.len()),
                bank.items.len(),
                plural(bank.items.len()),
                plural(errors),
                plural(warnings)
            );
            let summary = if errors > 0 {
                paint.error(&summary)
            } else if warnings > 0 {
                paint.warning(&summary)
            } else {
                summary
            };
            writeln!(io.stdout, "{summary}")?;
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        return Err(AppError::CheckFailed(if errors > 0 {
            format!("the bank has {errors} error{}", plural(errors))
        } else {
            format!(
                "the bank has {warnings} warning{} and --deny-warnings is set",
                plural(warnings)
            )
        }));
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "code": d.code.code(),
        "name": d.code.name(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": d.file,
        "line": d.line_col.map(|(l, _)| l),
        "column": d.line_col.map(|(_, c)| c),
        "help": d.help,
    })
}

fn render_diagnostic(paint: Paint, d: &Diagnostic, texts: &HashMap<&str, &str>) -> String {
    let head = match d.severity {
        Severity::Error => paint.error("error"),
        Severity::Warning => paint.warning("warning"),
    };
    let mut out = format!(
        "{head}: {}[{}]: {}\n",
        d.code.code(),
        d.code.name(),
        d.message
    );
    match (&d.file, &d.span) {
        (Some(file), Some(span)) => {
            let text = texts.get(file.as_str()).copied().unwrap_or_default();
            out.push_str(&snippet(
                &paint,
                file,
                text,
                span.clone(),
                d.code.name(),
                d.help.as_deref(),
            ));
        }
        _ => {
            if let Some(help) = &d.help {
                out.push_str(&format!("  help: {help}\n"));
            }
        }
    }
    out.push('\n');
    out
}

fn stats(
    dir: Option<&Path>,
    paths: &[PathBuf],
    forms: u32,
    exam: Option<&str>,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(dir)?;
    if let Some(code) = exam
        && catalog.exam(code).is_none()
    {
        return Err(AppError::Input(advisor::InputError::Unknown {
            kind: "exam code",
            given: code.to_owned(),
            suggestion: catalog::suggest::closest(code, catalog.codes()).map(str::to_owned),
            accepted: catalog.codes().map(str::to_owned).collect(),
        }));
    }
    let files = read_bank_files(paths)?;
    let bank = bank::load(&files, &LintContext::new(&catalog, io.today));
    let mut coverage = bank::coverage(&bank.items, &catalog, forms);
    if let Some(code) = exam {
        coverage.retain(|c| c.exam.eq_ignore_ascii_case(code));
    }
    if json {
        let value: Vec<serde_json::Value> = coverage
            .iter()
            .map(|c| {
                serde_json::json!({
                    "exam": c.exam,
                    "name": c.name,
                    "items": c.items,
                    "by_status": c.by_status.iter().map(|(s, n)| (s.as_str().to_owned(), serde_json::json!(n))).collect::<serde_json::Map<_, _>>(),
                    "by_type": c.by_type.iter().map(|(t, n)| (t.as_str().to_owned(), serde_json::json!(n))).collect::<serde_json::Map<_, _>>(),
                    "form_size": c.form_size,
                    "forms_requested": forms,
                    "full_forms": c.full_forms,
                    "domains": c.domains.iter().map(|d| serde_json::json!({
                        "number": d.number, "name": d.name, "weight": d.weight, "items": d.items,
                        "reviewed": d.reviewed, "per_form": d.per_form, "needed": d.needed,
                    })).collect::<Vec<_>>(),
                    "tasks": c.tasks.iter().map(|t| serde_json::json!({"id": t.id, "statement": t.statement, "items": t.items})).collect::<Vec<_>>(),
                    "without_task": c.without_task,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let paint = Paint::new(io.color);
    if coverage.is_empty() {
        writeln!(
            io.stdout,
            "No items are placed on {} in {} file{}.",
            exam.unwrap_or("any exam"),
            files.len(),
            plural(files.len())
        )?;
    }
    for c in &coverage {
        writeln!(
            io.stdout,
            "{}  {} — {} item{}",
            paint.heading(&c.exam),
            c.name.strip_prefix("AWS Certified ").unwrap_or(&c.name),
            c.items,
            plural(c.items)
        )?;
        let statuses: Vec<String> = c
            .by_status
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let types: Vec<String> = c.by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        writeln!(
            io.stdout,
            "  {} · {}",
            statuses.join(", "),
            types.join(", ")
        )?;
        match (c.form_size, c.full_forms) {
            (Some(size), Some(full)) => writeln!(
                io.stdout,
                "  A full form has {size} questions; the bank fills {full} full form{} by domain.",
                plural(full as usize)
            )?,
            _ => writeln!(
                io.stdout,
                "  The exam's form size or domains are not published, so no form can be planned."
            )?,
        }
        let mut t = table(&[
            "#",
            "DOMAIN",
            "WEIGHT",
            "ITEMS",
            "REVIEWED",
            "PER FORM",
            &format!("NEEDED FOR {forms}"),
        ]);
        for d in &c.domains {
            t.add_row(vec![
                d.number.to_string(),
                d.name.clone(),
                format!("{}%", d.weight),
                d.items.to_string(),
                d.reviewed.to_string(),
                d.per_form.to_string(),
                d.needed.to_string(),
            ]);
        }
        for line in table_text(&t).lines() {
            writeln!(io.stdout, "  {line}")?;
        }
        if !c.tasks.is_empty() {
            let mut t = table(&["TASK", "ITEMS", "STATEMENT"]);
            for task in &c.tasks {
                t.add_row(vec![
                    task.id.clone(),
                    task.items.to_string(),
                    task.statement.clone(),
                ]);
            }
            writeln!(io.stdout)?;
            for line in table_text(&t).lines() {
                writeln!(io.stdout, "  {line}")?;
            }
            if c.without_task > 0 {
                writeln!(
                    io.stdout,
                    "  {} item{} name no task.",
                    c.without_task,
                    plural(c.without_task)
                )?;
            }
        }
        writeln!(io.stdout)?;
    }
    Ok(())
}
