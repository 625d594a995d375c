//! `certpath serve`: the web app on the built-in (or `--catalog`) data.

use super::load_catalog;
use crate::Io;
use crate::error::AppError;
use std::net::SocketAddr;
use std::path::Path;

/// Runs `certpath serve` until Ctrl+C or SIGTERM.
pub fn run(catalog_dir: Option<&Path>, addr: SocketAddr, io: &mut Io<'_>) -> Result<(), AppError> {
    let catalog = load_catalog(catalog_dir)?;
    let rules = advisor::Rules::builtin(&catalog)?;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(io.err_color)
        .with_writer(std::io::stderr)
        .try_init();
    let today = || {
        time::OffsetDateTime::now_local()
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
            .date()
    };
    let state = web::AppState::new(catalog, rules, today);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::Usage(format!("cannot start the server runtime: {e}")))?;
    writeln!(
        io.stdout,
        "certpath is serving on http://{addr} (Ctrl+C stops it)"
    )?;
    io.stdout.flush()?;
    runtime
        .block_on(web::serve(state, addr, shutdown_signal()))
        .map_err(|e| AppError::Usage(format!("cannot serve on {addr}: {e}")))?;
    writeln!(io.stdout, "certpath stopped")?;
    Ok(())
}

/// Resolves on Ctrl+C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
