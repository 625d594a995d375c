//! One module per command; each loads what it needs and writes to the [`Io`] it is given.

mod advise;
mod attempt_cmd;
mod bank_cmd;
mod calibrate_cmd;
mod catalog_cmd;
mod exam_cmd;
mod interchange_cmd;
mod irt_cmd;
mod plan_cmd;
mod readiness;
mod serve_cmd;
mod study_cmd;
mod user_cmd;

use crate::Io;
use crate::cli::{Cli, Command};
use crate::error::AppError;
use catalog::{Catalog, DataFile, SOURCES_PATH};
use clap::CommandFactory;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs the parsed command.
pub fn dispatch(cli: Cli, io: &mut Io<'_>) -> Result<(), AppError> {
    match cli.command {
        Command::Catalog(args) => catalog_cmd::run(cli.catalog.as_deref(), args, io),
        Command::Advise(args) => advise::run(cli.catalog.as_deref(), args, io),
        Command::Bank(args) => {
            bank_cmd::run(cli.catalog.as_deref(), cli.database.as_deref(), args, io)
        }
        Command::Irt(args) => irt_cmd::run(args, io),
        Command::Serve {
            addr,
            database_url,
            secure_cookies,
        } => serve_cmd::run(
            &serve_cmd::ServeOptions {
                catalog: cli.catalog.clone(),
                database: cli.database.clone(),
                database_url,
                secure_cookies,
                addr,
            },
            io,
        ),
        Command::Exam(args) => {
            exam_cmd::run(cli.catalog.as_deref(), cli.database.as_deref(), args, io)
        }
        Command::Attempt(command) => {
            attempt_cmd::run(cli.catalog.as_deref(), cli.database.as_deref(), command, io)
        }
        Command::Study {
            exam,
            list,
            json,
            on,
            limit,
            bank,
        } => study_cmd::run(
            cli.catalog.as_deref(),
            cli.database.as_deref(),
            study_cmd::StudyOptions {
                exam,
                list,
                json,
                on,
                limit,
                bank,
            },
            io,
        ),
        Command::Plan {
            code,
            target_date,
            hours_per_week,
            ical,
            on,
        } => plan_cmd::run(
            cli.catalog.as_deref(),
            cli.database.as_deref(),
            plan_cmd::PlanOptions {
                code,
                target_date,
                hours_per_week,
                ical,
                on,
            },
            io,
        ),
        Command::Calibrate {
            database_url,
            model,
            prior_below,
            json,
        } => {
            let store = open_store(cli.database.as_deref(), database_url.as_deref())?;
            calibrate_cmd::run(&*store.store, model, prior_below, json, io)
        }
        Command::User(command) => user_cmd::run(cli.database.as_deref(), command, io),
        Command::History { exam, json } => {
            attempt_cmd::history(cli.database.as_deref(), exam.as_deref(), json, io)
        }
        Command::Report { id, json } => attempt_cmd::report(
            cli.catalog.as_deref(),
            cli.database.as_deref(),
            &id,
            json,
            io,
        ),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "certpath", io.stdout);
            Ok(())
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(io.stdout)?;
            Ok(())
        }
    }
}

/// The catalog from `dir`, or the built-in one.
pub fn load_catalog(dir: Option<&Path>) -> Result<Catalog, AppError> {
    let (sources, exams) = match dir {
        Some(dir) => read_data_dir(dir)?,
        None => Catalog::builtin_files(),
    };
    Catalog::from_files(&sources.text, &exams).map_err(|error| {
        let mut texts: BTreeMap<String, String> =
            exams.into_iter().map(|f| (f.path, f.text)).collect();
        texts.insert(sources.path, sources.text);
        AppError::Catalog {
            dir: dir.map(Path::to_path_buf),
            texts,
            error,
        }
    })
}

fn read_data_dir(dir: &Path) -> Result<(DataFile, Vec<DataFile>), AppError> {
    let read = |path: PathBuf| {
        std::fs::read_to_string(&path).map_err(|source| AppError::Read { path, source })
    };
    let sources = DataFile::new(SOURCES_PATH, read(dir.join(SOURCES_PATH))?);
    let exams_dir = dir.join("exams");
    let entries = std::fs::read_dir(&exams_dir).map_err(|source| AppError::Read {
        path: exams_dir.clone(),
        source,
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| AppError::Read {
            path: exams_dir.clone(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut exams = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        exams.push(DataFile::new(format!("exams/{name}"), read(path)?));
    }
    Ok((sources, exams))
}

/// A store the command line opened, and where it is, for messages.
pub struct OpenStore {
    /// The store.
    pub store: std::sync::Arc<dyn storage::Storage>,
    /// "SQLite at PATH" or "PostgreSQL at URL" (without a password).
    pub place: String,
}

/// The PostgreSQL database at `url` when given, else the SQLite file (`--database` or the
/// default).
pub fn open_store(
    database: Option<&std::path::Path>,
    url: Option<&str>,
) -> Result<OpenStore, AppError> {
    match url {
        Some(url) => Ok(OpenStore {
            store: std::sync::Arc::new(
                storage_postgres::PostgresStorage::connect(url).map_err(|e| {
                    AppError::Storage(format!("cannot use {}: {e}", redact_url(url)))
                })?,
            ),
            place: format!("PostgreSQL at {}", redact_url(url)),
        }),
        None => {
            let path = attempt_cmd::database(database);
            Ok(OpenStore {
                store: std::sync::Arc::new(
                    storage_sqlite::SqliteStorage::open(&path)
                        .map_err(|e| AppError::Storage(e.to_string()))?,
                ),
                place: format!("SQLite at {}", path.display()),
            })
        }
    }
}

/// A database URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The bank items to build forms from: the files under `paths`, or the built-in bank.
/// Items with lint errors are left out (they are reported by `certpath bank lint`).
pub fn read_bank_items(
    catalog: &Catalog,
    paths: &[PathBuf],
    today: time::Date,
) -> Result<Vec<bank::Item>, AppError> {
    let files = bank_cmd::read_bank_files(paths)?;
    let bank = bank::load(&files, &bank::LintContext::new(catalog, today));
    Ok(bank.usable_items())
}
