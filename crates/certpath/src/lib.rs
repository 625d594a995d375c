//! certpath's command-line application: the imperative shell around the catalog and advisor.
//!
//! [`run`] parses the arguments and runs a command against the [`Io`] it is given (streams,
//! colour, and today's date), so tests drive it in-process with fixed dates and captured
//! output. `main.rs` only reads the clock and the terminal.
//!
//! # Example
//!
//! ```
//! let mut out = Vec::new();
//! let mut err = Vec::new();
//! let mut io = certpath::Io {
//!     stdin: &mut std::io::empty(),
//!     stdout: &mut out,
//!     stderr: &mut err,
//!     color: false,
//!     err_color: false,
//!     stdin_is_terminal: false,
//!     today: time::macros::date!(2026 - 12 - 01),
//!     now: &|| time::macros::datetime!(2026-12-01 09:00 UTC),
//! };
//! let code = certpath::run(["certpath", "catalog", "show", "SAA-C03"], &mut io);
//! assert_eq!(code, std::process::ExitCode::SUCCESS);
//! assert!(String::from_utf8(out)?.contains("Design Secure Architectures"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cli;
mod commands;
mod error;
mod interactive;
mod render;
mod session;

pub use cli::Cli;
pub use error::AppError;

use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use time::Date;

/// What a command may touch: its streams, whether to colour them, and today's date.
pub struct Io<'a> {
    /// Answers for interactive questions.
    pub stdin: &'a mut dyn BufRead,
    /// Results.
    pub stdout: &'a mut dyn Write,
    /// Errors, warnings and prompts.
    pub stderr: &'a mut dyn Write,
    /// Colour standard output (false when NO_COLOR is set or it is not a terminal).
    pub color: bool,
    /// Colour standard error.
    pub err_color: bool,
    /// Whether a person is typing on standard input.
    pub stdin_is_terminal: bool,
    /// Today, as the system clock says; `--on` overrides it per command.
    pub today: Date,
    /// The current time, for attempts (tests pass a fake clock).
    pub now: &'a dyn Fn() -> time::OffsetDateTime,
}

/// Runs certpath with `args` (the first is the program name) and returns the exit code:
/// 0 on success, 1 when a check fails, 2 on bad usage or bad input.
pub fn run<I, T>(args: I, io: &mut Io<'_>) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::Parser;
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let text = if io.err_color {
                err.render().ansi().to_string()
            } else {
                err.render().to_string()
            };
            let (stream, code) = if err.use_stderr() {
                (&mut *io.stderr, 2)
            } else {
                (&mut *io.stdout, 0)
            };
            let _ = write!(stream, "{text}");
            return ExitCode::from(code);
        }
    };
    match commands::dispatch(cli, io) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = err.exit_code();
            err.report(io);
            ExitCode::from(code)
        }
    }
}
