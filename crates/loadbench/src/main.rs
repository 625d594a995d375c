//! `certpath-loadbench`: a load benchmark of a running `certpath serve` (docs/load-benchmark.md).
//!
//! 1. **Health**: `--candidates` keep-alive connections send `GET /health` back to back for
//!    `--health-seconds`; the requests per second are the server's trivial-route ceiling on
//!    this machine, measured in the same run.
//! 2. **Exams**: `--candidates` simulated candidates, one connection and one visitor session
//!    (cookie) each, start an attempt together, then answer every question once (one `PUT`
//!    per question), then submit. Reported: answers per second over the answering window
//!    (and over the whole phase), the answer `PUT`s' p50/p99 latency, and errors (non-2xx,
//!    unexpected bodies, connection errors, time-outs).
//! 3. **Probe** (`--probe N`): one connection, one request at a time, routes that do
//!    successively more of an answer's work, to see where its time goes.
//! 4. **Verification** (`--verify-sqlite PATH` or `--verify-postgres URL`): the database the
//!    server wrote is opened with the storage crates, and every acknowledged answer must be an
//!    `answered` event of its attempt with the same answer, every acknowledged submission a
//!    finished attempt.
//!
//! The exit code is 1 when a request failed or an acknowledged write is missing, 2 for a
//! usage problem, 3 with `--fail-below-target` when answers/s is below `--target-ratio` ×
//! health requests/s; the report says whether the target was met either way.

mod cpu;
mod http;
mod load;
mod probe;
mod stats;
mod verify;

use clap::Parser;
use http::Target;
use stats::Summary;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// The same allocator as the server's: the load generator shares the machine's cores with
/// the server it measures, so its own allocations should cost as little.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A load benchmark of a running `certpath serve`: concurrent simulated candidates take full
/// exams over the JSON API; then every acknowledged answer is looked up in the database.
#[derive(Debug, Parser)]
#[command(name = "certpath-loadbench", version)]
struct Options {
    /// The server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Simulated candidates (and connections of the health phase).
    #[arg(long, default_value_t = 256)]
    candidates: usize,
    /// The exam they take (one with a full form: CLF-C02, SAA-C03, AIF-C01, SOA-C03).
    #[arg(long, default_value = "CLF-C02")]
    exam: String,
    /// The kind of attempt (`exam`, `practice`, `quiz`, ...).
    #[arg(long, default_value = "exam")]
    kind: String,
    /// How many times each candidate goes through its whole form answering (1: every
    /// question once, as in a real exam; more makes the answering window longer, for
    /// steadier figures and for profiling).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    passes: u64,
    /// How long the health phase hammers `GET /health` (0 skips it).
    #[arg(long, default_value_t = 10.0)]
    health_seconds: f64,
    /// How long one request may take before it counts as an error.
    #[arg(long, default_value_t = 120.0)]
    timeout_seconds: f64,
    /// Seed of the candidates' answers.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// After the load, time N sequential requests of each probe route.
    #[arg(long, default_value_t = 0, value_name = "N")]
    probe: usize,
    /// Verify against the server's SQLite database file.
    #[arg(long, value_name = "PATH", conflicts_with = "verify_postgres")]
    verify_sqlite: Option<PathBuf>,
    /// Verify against the server's PostgreSQL database.
    #[arg(long, value_name = "URL")]
    verify_postgres: Option<String>,
    /// The target: answers/s at least this fraction of health requests/s.
    #[arg(long, default_value_t = 0.5)]
    target_ratio: f64,
    /// Exit with 3 when the target ratio is not met.
    #[arg(long)]
    fail_below_target: bool,
    /// The server's process id, to report its CPU time per phase (Linux `/proc`).
    #[arg(long, value_name = "PID")]
    server_pid: Option<u32>,
    /// The command name of database server processes on this machine (`postgres`), to
    /// report their CPU time too.
    #[arg(long, value_name = "NAME")]
    database_process: Option<String>,
}

/// What the run measured, for the report.
struct Measured {
    health: load::HealthRun,
    exams: load::ExamRun,
    probes: Vec<probe::Probe>,
}

async fn measure(options: &Options, target: Arc<Target>) -> Result<Measured, String> {
    // Fail fast, with the reason, when nothing answers.
    let mut check = http::Connection::new(target.clone());
    match check.send("GET", "/health", None, None).await {
        Ok(r) if r.status == 200 => {}
        Ok(r) => return Err(format!("GET /health: HTTP {} {}", r.status, r.snippet())),
        Err(err) => return Err(format!("{}: {err}", options.url)),
    }
    drop(check);
    let watch = cpu::Watch {
        server: options.server_pid,
        database: options.database_process.clone(),
    };
    let health = if options.health_seconds > 0.0 {
        eprintln!(
            "health: {} connections for {} s ...",
            options.candidates, options.health_seconds
        );
        load::health(
            target.clone(),
            options.candidates,
            Duration::from_secs_f64(options.health_seconds),
            &watch,
        )
        .await
    } else {
        load::HealthRun::default()
    };
    eprintln!(
        "exams: {} candidates take {} ({}) ...",
        options.candidates, options.exam, options.kind
    );
    let exams = load::exams(
        target.clone(),
        options.candidates,
        &options.exam,
        &options.kind,
        options.passes as usize,
        options.seed,
        &watch,
    )
    .await;
    let probes = if options.probe > 0 {
        eprintln!("probe: {} requests per route ...", options.probe);
        probe::run(target, &options.exam, &options.kind, options.probe).await?
    } else {
        Vec::new()
    };
    Ok(Measured {
        health,
        exams,
        probes,
    })
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

fn main() -> ExitCode {
    let options = Options::parse();
    if options.candidates == 0 {
        eprintln!("certpath-loadbench: --candidates must be at least 1");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("certpath-loadbench: cannot start a runtime: {err}");
            return ExitCode::from(2);
        }
    };
    let measured = runtime.block_on(async {
        let target = Target::parse(
            &options.url,
            Duration::from_secs_f64(options.timeout_seconds.max(0.001)),
        )
        .await?;
        measure(&options, Arc::new(target)).await
    });
    // The PostgreSQL client runs its own runtime, which cannot start inside this one.
    drop(runtime);
    let mut measured = match measured {
        Ok(measured) => measured,
        Err(err) => {
            eprintln!("certpath-loadbench: {err}");
            return ExitCode::from(2);
        }
    };
    let mut failed = report(&options, &mut measured);
    match verification(&options, &measured.exams.candidates) {
        Ok(true) => {}
        Ok(false) => failed = true,
        Err(err) => {
            eprintln!("certpath-loadbench: verification failed: {err}");
            return ExitCode::from(1);
        }
    }
    let health_rate = per_second(measured.health.ok, measured.health.elapsed);
    let answers: usize = measured
        .exams
        .candidates
        .iter()
        .map(|c| c.acknowledged.len())
        .sum();
    let answer_rate = per_second(answers as u64, measured.exams.answering);
    if failed {
        ExitCode::from(1)
    } else if options.fail_below_target
        && health_rate > 0.0
        && answer_rate < options.target_ratio * health_rate
    {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the measurements; `true` when a request failed.
fn report(options: &Options, measured: &mut Measured) -> bool {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    println!(
        "certpath-loadbench {}: {} candidates, {} ({}), {cpus} CPUs (shared by the server and this load generator when both run here)",
        options.url, options.candidates, options.exam, options.kind
    );
    let health = &mut measured.health;
    let health_rate = per_second(health.ok, health.elapsed);
    if options.health_seconds > 0.0 {
        println!(
            "health   GET /health, {} connections, {:.1} s: {} requests, {:.0} req/s; latency {}; errors {}",
            options.candidates,
            health.elapsed.as_secs_f64(),
            health.ok,
            health_rate,
            Summary::of(&mut health.latencies),
            health.errors.count
        );
        println!(
            "         CPU: {}",
            health.cpu.describe(health.ok, health.elapsed)
        );
        for sample in &health.errors.samples {
            println!("         error: {sample}");
        }
    }
    let exams = &mut measured.exams;
    let started = exams
        .candidates
        .iter()
        .filter(|c| c.attempt.is_some())
        .count();
    let questions: usize =
        exams.candidates.iter().map(|c| c.questions).sum::<usize>() * options.passes as usize;
    let answers: usize = exams.candidates.iter().map(|c| c.acknowledged.len()).sum();
    let submitted = exams.candidates.iter().filter(|c| c.submitted).count();
    let mut latencies: Vec<u32> = exams
        .candidates
        .iter()
        .flat_map(|c| c.latencies.iter().copied())
        .collect();
    let mut errors = std::mem::take(&mut exams.errors);
    for candidate in &mut exams.candidates {
        let theirs = std::mem::take(&mut candidate.errors);
        errors.count += theirs.count;
        for sample in theirs.samples {
            if errors.samples.len() < 8 {
                errors.samples.push(sample);
            }
        }
    }
    let answer_rate = per_second(answers as u64, exams.answering);
    println!(
        "exams    {started}/{} attempts started in {:.2} s, {answers}/{questions} answers in {:.2} s, {submitted} submitted in {:.2} s; whole phase {:.2} s",
        options.candidates,
        exams.start.as_secs_f64(),
        exams.answering.as_secs_f64(),
        exams.submit.as_secs_f64(),
        exams.total.as_secs_f64(),
    );
    println!(
        "answers  {answer_rate:.0} answers/s over the answering window ({:.0}/s over the whole phase); PUT latency {}",
        per_second(answers as u64, exams.total),
        Summary::of(&mut latencies)
    );
    println!(
        "         CPU in the answering window: {}",
        exams
            .answering_cpu
            .describe(answers as u64, exams.answering)
    );
    println!("errors   {}", errors.count);
    for sample in &errors.samples {
        println!("         error: {sample}");
    }
    if health_rate > 0.0 {
        let ratio = answer_rate / health_rate;
        println!(
            "ratio    answers/s ÷ health req/s = {ratio:.2} (target ≥ {:.2}): {}",
            options.target_ratio,
            if ratio >= options.target_ratio {
                "target met"
            } else {
                "TARGET NOT MET"
            }
        );
    }
    for p in &measured.probes {
        println!(
            "probe    {:<46} log {:>3} events: {} requests, {}{}",
            p.name,
            p.events,
            p.summary.count,
            p.summary,
            if p.errors > 0 {
                format!(", {} unexpected", p.errors)
            } else {
                String::new()
            }
        );
    }
    errors.count > 0 || started < options.candidates
}

/// Verifies against the database named by the options, if any; `Ok(false)` when something
/// acknowledged is missing.
fn verification(options: &Options, candidates: &[load::Candidate]) -> Result<bool, String> {
    let (store, place): (Box<dyn storage::Storage>, String) = if let Some(path) =
        &options.verify_sqlite
    {
        let store = storage_sqlite::SqliteStorage::open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        (Box::new(store), format!("SQLite {}", path.display()))
    } else if let Some(url) = &options.verify_postgres {
        let store = storage_postgres::PostgresStorage::connect(url).map_err(|e| e.to_string())?;
        (Box::new(store), "PostgreSQL".to_owned())
    } else {
        println!("verify   skipped (no --verify-sqlite or --verify-postgres)");
        return Ok(true);
    };
    let checked = verify::verify(&*store, candidates).map_err(|e| e.to_string())?;
    println!(
        "verify   {place}: acknowledged {}, found {}, lost {}; submitted {}, finished {}, unfinished {}",
        checked.acknowledged,
        checked.found,
        checked.lost(),
        checked.submitted,
        checked.finished,
        checked.unfinished()
    );
    for problem in &checked.problems {
        println!("         problem: {problem}");
    }
    Ok(checked.lost() == 0 && checked.unfinished() == 0 && checked.problems.is_empty())
}
