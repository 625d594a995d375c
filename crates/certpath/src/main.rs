//! The `certpath` binary: reads the clock and the terminal, then hands over to the library.

use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a server answers each request with many small
/// allocations from several threads, where glibc's malloc spends a fifth of the time (and
/// contends on its arena locks); see BENCHMARKS.md, "Load: answers over HTTP".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // Standard output and error are not locked for the whole run: `certpath serve` logs from
    // its worker threads, which would wait forever on a lock the main thread holds.
    let mut io = certpath::Io {
        stdin: &mut stdin.lock(),
        stdout: &mut std::io::stdout(),
        stderr: &mut std::io::stderr(),
        color,
        err_color,
        stdin_is_terminal: interactive,
        today,
        now: &time::OffsetDateTime::now_utc,
    };
    certpath::run(std::env::args_os(), &mut io)
}
