//! certpath's command-line behaviour, driven in-process with a fixed "today" and captured output.

mod advise;
mod attempts;
mod bank;
mod calibrate;
mod catalog;
mod crash;
mod errors;
mod interactive;
mod interchange;
mod irt;
mod process;
mod study;

use std::process::ExitCode;

/// The day every test treats as today, so no test depends on the day it runs.
pub const TODAY: time::Date = time::macros::date!(2026 - 12 - 01);

/// What one run printed.
pub struct Output {
    /// The exit code `run` returned.
    pub code: ExitCode,
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error.
    pub stderr: String,
}

impl Output {
    /// The exit code as a number.
    pub fn status(&self) -> u8 {
        [0u8, 1, 2]
            .into_iter()
            .find(|n| ExitCode::from(*n) == self.code)
            .unwrap_or(255)
    }
}

/// The time every in-process test treats as now, unless it passes its own clock.
pub const NOW: time::OffsetDateTime = time::macros::datetime!(2026-12-01 09:00 UTC);

/// Runs `certpath ARGS` with `stdin` as its input, no colour, today = [`TODAY`], now = [`NOW`].
pub fn run_with_input(args: &[&str], stdin: &str) -> Output {
    run_at(args, stdin, &|| NOW)
}

/// Runs `certpath ARGS` with a given clock.
pub fn run_at(args: &[&str], stdin: &str, now: &dyn Fn() -> time::OffsetDateTime) -> Output {
    let mut input = std::io::Cursor::new(stdin.as_bytes().to_vec());
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut io = certpath::Io {
        stdin: &mut input,
        stdout: &mut stdout,
        stderr: &mut stderr,
        color: false,
        err_color: false,
        stdin_is_terminal: false,
        today: TODAY,
        now,
    };
    let code = certpath::run(
        std::iter::once("certpath").chain(args.iter().copied()),
        &mut io,
    );
    Output {
        code,
        stdout: String::from_utf8(stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(stderr).expect("UTF-8 errors"),
    }
}

/// Runs `certpath ARGS` with no input.
pub fn run(args: &[&str]) -> Output {
    run_with_input(args, "")
}

/// Runs and asserts success, returning standard output.
#[track_caller]
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.status(), 0, "certpath {args:?} failed:\n{}", out.stderr);
    out.stdout
}
