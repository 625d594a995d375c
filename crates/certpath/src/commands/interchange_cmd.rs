//! `certpath bank import` and `bank export`: files in and out of the interchange formats.

use super::bank_cmd::read_bank_files;
use super::load_catalog;
use crate::Io;
use crate::error::AppError;
use crate::session::Session;
use interchange::{Format, ImportOptions, NoteSeverity};
use std::path::{Path, PathBuf};

/// Imports show a progress bar on a terminal once they have this many files...
const PROGRESS_FILES: usize = 20;
/// ...or one file holds this many items.
const PROGRESS_ITEMS: usize = 200;

fn bar(length: usize, unit: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(length as u64);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}");
    bar.set_style(
        indicatif::ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn input_files(format: Format, files: &[PathBuf]) -> Result<Vec<PathBuf>, AppError> {
    let mut out = Vec::new();
    for path in files {
        if path.is_dir() && format.exports_to_folder() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|err| AppError::Read {
                    path: path.clone(),
                    source: err.into(),
                })?;
                let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
                if entry.file_type().is_file()
                    && name.ends_with(".xml")
                    && name != "imsmanifest.xml"
                {
                    out.push(entry.into_path());
                }
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Runs `certpath bank import`.
pub fn import(
    format: Format,
    files: &[PathBuf],
    out: &Path,
    exam: Option<&str>,
    domain: Option<u8>,
    author: &str,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    if !format.can_import() {
        return Err(AppError::Usage(format!(
            "{format} is an export-only format; import from gift, moodle-xml, qti3, qti21, csv or simulator-json"
        )));
    }
    let files = input_files(format, files)?;
    std::fs::create_dir_all(out).map_err(|source| AppError::Read {
        path: out.to_path_buf(),
        source,
    })?;
    // indicatif draws on standard error, and only when it is a terminal.
    let show_progress = true;
    let progress =
        (show_progress && files.len() >= PROGRESS_FILES).then(|| bar(files.len(), "files"));
    let (mut written, mut skipped, mut warnings, mut existing) = (0usize, 0usize, 0usize, 0usize);
    let mut messages = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|source| AppError::Read {
            path: path.clone(),
            source,
        })?;
        let name = path.file_stem().map_or_else(
            || "imported".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let mut options = ImportOptions::new(name, author);
        if let Some(exam) = exam {
            options = options.placed(exam, domain.unwrap_or(1));
        }
        let imported = interchange::import(format, &text, &options)
            .map_err(|err| AppError::Usage(format!("{}: {err}", path.display())))?;
        for note in &imported.notes {
            match note.severity {
                NoteSeverity::Skipped => skipped += 1,
                NoteSeverity::Warning => warnings += 1,
            }
            messages.push(format!("{}: {note}", path.display()));
        }
        let item_bar =
            (show_progress && progress.is_none() && imported.items.len() >= PROGRESS_ITEMS)
                .then(|| bar(imported.items.len(), "items written"));
        for item in &imported.items {
            if let Some(bar) = &item_bar {
                bar.inc(1);
            }
            let target = out.join(format!("{}.md", item.id));
            if target.exists() {
                existing += 1;
                messages.push(format!(
                    "{}: not written, the file exists (ids are stable; remove it to import again)",
                    target.display()
                ));
                continue;
            }
            std::fs::write(&target, bank::write_item(item)).map_err(|source| AppError::Read {
                path: target.clone(),
                source,
            })?;
            written += 1;
        }
        if let Some(bar) = item_bar {
            bar.finish_and_clear();
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    for message in &messages {
        writeln!(io.stderr, "{message}")?;
    }
    writeln!(
        io.stdout,
        "Imported {written} item{} from {} file{} into {}: {skipped} question{} skipped, {warnings} warning{}{}.",
        plural(written),
        files.len(),
        plural(files.len()),
        out.display(),
        plural(skipped),
        plural(warnings),
        if existing > 0 {
            format!(", {existing} not written (files exist)")
        } else {
            String::new()
        }
    )?;
    if written > 0 {
        writeln!(
            io.stdout,
            "The items are drafts: run `certpath bank lint {}`, add explanations and references where it asks, and have a second reader review them.",
            out.display()
        )?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Runs `certpath bank export`.
#[allow(clippy::too_many_arguments)] // one argument per flag of the command
pub fn export(
    catalog_dir: Option<&Path>,
    database: Option<&Path>,
    format: Format,
    paths: &[PathBuf],
    out: &Path,
    missed: &[String],
    force: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let catalog = load_catalog(catalog_dir)?;
    let files = read_bank_files(paths)?;
    let bank = bank::load(&files, &bank::LintContext::new(&catalog, io.today));
    let mut items: Vec<bank::Item> = bank.items;
    if !missed.is_empty() {
        let session = Session::open(&super::attempt_cmd::database(database), &catalog, &[])?;
        let mut wanted: Vec<String> = Vec::new();
        for id in missed {
            let live = session.load(id, (io.now)())?;
            let report = live.attempt.report().map_err(|_| {
                AppError::Usage(format!(
                    "attempt {} is not finished; submit it first",
                    live.id
                ))
            })?;
            for item in report.review_ids() {
                if !wanted.contains(&item) {
                    wanted.push(item);
                }
            }
        }
        items.retain(|item| wanted.contains(&item.id));
    }
    if items.is_empty() {
        return Err(AppError::Usage("there are no items to export".into()));
    }
    if out.exists() && !force && !format.exports_to_folder() {
        return Err(AppError::Usage(format!(
            "{} exists; use --force to replace it",
            out.display()
        )));
    }
    let notes = if format.exports_to_folder() {
        let exported = interchange::export_files(format, &items)
            .map_err(|e| AppError::Usage(e.to_string()))?;
        std::fs::create_dir_all(out).map_err(|source| AppError::Read {
            path: out.to_path_buf(),
            source,
        })?;
        for file in &exported.files {
            let target = out.join(&file.path);
            if target.exists() && !force {
                return Err(AppError::Usage(format!(
                    "{} exists; use --force to replace it",
                    target.display()
                )));
            }
            std::fs::write(&target, &file.text).map_err(|source| AppError::Read {
                path: target.clone(),
                source,
            })?;
        }
        exported.notes
    } else {
        let exported =
            interchange::export(format, &items).map_err(|e| AppError::Usage(e.to_string()))?;
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| AppError::Read {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(out, &exported.text).map_err(|source| AppError::Read {
            path: out.to_path_buf(),
            source,
        })?;
        exported.notes
    };
    for note in &notes {
        writeln!(io.stderr, "{note}")?;
    }
    writeln!(
        io.stdout,
        "Exported {} item{} to {} as {format}: {} note{}.",
        items.len(),
        plural(items.len()),
        out.display(),
        notes.len(),
        plural(notes.len())
    )?;
    Ok(())
}
