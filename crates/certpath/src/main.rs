//! The `certpath` binary: reads the clock and the terminal, then hands over to the library.

use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let today = time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .date();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
    let err_color = anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never;
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut io = certpath::Io {
        stdin: &mut stdin.lock(),
        stdout: &mut stdout.lock(),
        stderr: &mut stderr.lock(),
        color,
        err_color,
        stdin_is_terminal: interactive,
        today,
        now: &time::OffsetDateTime::now_utc,
    };
    certpath::run(std::env::args_os(), &mut io)
}
