//! The application's errors: what went wrong, where, how to fix it, and the exit code.

use crate::Io;
use crate::render::Paint;
use advisor::{InputError, ProfileError, RulesError};
use catalog::{CatalogError, DataError};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A value the user gave is not acceptable.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A bad command line not caught by the parser.
    #[error("{0}")]
    Usage(String),
    /// A profile file has problems.
    #[error("the profile file {} has {} problem(s)", path.display(), errors.len())]
    Profile {
        /// The file.
        path: PathBuf,
        /// Its text, for showing the place.
        text: String,
        /// The problems.
        errors: Vec<ProfileError>,
    },
    /// A catalog data directory has problems.
    #[error("{error}")]
    Catalog {
        /// The data directory, when it is not the built-in one.
        dir: Option<PathBuf>,
        /// The files' texts by relative path, for showing the place.
        texts: BTreeMap<String, String>,
        /// The problems.
        error: CatalogError,
    },
    /// The advisor's rules are invalid (a bug in the data shipped with certpath).
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The exam engine refused (a bank too small for the form, an answer after the deadline).
    #[error("{0}")]
    Engine(String),
    /// The attempt store failed.
    #[error("{0}")]
    Storage(String),
    /// A check found problems it already reported (exit 1).
    #[error("{0}")]
    CheckFailed(String),
    /// Writing the output failed (a closed pipe ends quietly).
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
}

impl AppError {
    /// 1 when a check failed (bad catalog data), 2 for bad usage or input.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Catalog { .. }
            | AppError::Rules(_)
            | AppError::Write(_)
            | AppError::CheckFailed(_)
            | AppError::Engine(_)
            | AppError::Storage(_) => 1,
            AppError::Input(_)
            | AppError::Usage(_)
            | AppError::Profile { .. }
            | AppError::Read { .. } => 2,
        }
    }

    /// Writes the error to standard error, with the place in the file where there is one.
    pub fn report(&self, io: &mut Io<'_>) {
        if let AppError::Write(err) = self
            && err.kind() == std::io::ErrorKind::BrokenPipe
        {
            return;
        }
        if let AppError::CheckFailed(_) = self {
            // The command printed its own report; the exit code says the rest.
            return;
        }
        let paint = Paint::new(io.err_color);
        let text = self.render(&paint);
        let _ = io.stderr.write_all(text.as_bytes());
    }

    fn render(&self, paint: &Paint) -> String {
        let head = paint.error("error");
        match self {
            AppError::Profile { path, text, errors } => {
                let name = path.display().to_string();
                let mut out = String::new();
                for err in errors {
                    out.push_str(&format!(
                        "{head}: {name}:{}:{}: {}\n",
                        err.line, err.column, err.message
                    ));
                    out.push_str(&snippet(
                        paint,
                        &name,
                        text,
                        err.span.clone(),
                        &err.message,
                        err.help.as_deref(),
                    ));
                }
                out
            }
            AppError::Catalog { dir, texts, error } => {
                let mut out = format!("{head}: {error}\n");
                for problem in &error.problems {
                    out.push_str(&format!("{head}: {}\n", located(dir, problem)));
                    if let (Some(span), Some(text)) = (&problem.span, texts.get(&problem.file)) {
                        let name = match dir {
                            Some(dir) => dir.join(&problem.file).display().to_string(),
                            None => problem.file.clone(),
                        };
                        let label = problem.field.as_deref().unwrap_or("here");
                        out.push_str(&snippet(paint, &name, text, span.clone(), label, None));
                    }
                }
                out
            }
            AppError::Input(InputError::Unknown {
                kind,
                given,
                suggestion,
                accepted,
            }) => {
                let mut out = format!("{head}: unknown {kind} `{given}`\n");
                if let Some(s) = suggestion {
                    out.push_str(&format!("  {}: did you mean `{s}`?\n", paint.hint("hint")));
                }
                out.push_str(&format!("  accepted values: {}\n", accepted.join(", ")));
                out
            }
            other => format!("{head}: {other}\n"),
        }
    }
}

fn located(dir: &Option<PathBuf>, problem: &DataError) -> String {
    match dir {
        Some(dir) => {
            let mut shown = problem.clone();
            shown.file = dir.join(&problem.file).display().to_string();
            shown.to_string()
        }
        None => problem.to_string(),
    }
}

/// The lines around `span` in `text`, with a caret and a label, as miette draws them.
pub(crate) fn snippet(
    paint: &Paint,
    name: &str,
    text: &str,
    span: std::ops::Range<usize>,
    label: &str,
    help: Option<&str>,
) -> String {
    let len = span.end.saturating_sub(span.start).max(1);
    let mut diagnostic = MietteDiagnostic::new("").with_labels([LabeledSpan::at(
        span.start..span.start + len,
        label.to_owned(),
    )]);
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(help);
    }
    let report =
        miette::Report::new(diagnostic).with_source_code(NamedSource::new(name, text.to_owned()));
    let theme = if paint.enabled() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_wrap_lines(false);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return String::new();
    }
    // miette prints the (empty) message line first; keep only the snippet.
    let snippet: Vec<&str> = out.lines().skip_while(|line| !line.contains('[')).collect();
    let mut joined = snippet.join("\n");
    joined.push('\n');
    joined
}
