//! `certpath serve`: the web app on the built-in (or `--catalog`) data, with the local
//! SQLite database or a shared PostgreSQL one.

use super::load_catalog;
use crate::Io;
use crate::error::AppError;
use std::net::SocketAddr;
use std::path::PathBuf;

/// What `certpath serve` was asked to do.
pub struct ServeOptions {
    /// `--catalog`: catalog data to use instead of the built-in one.
    pub catalog: Option<PathBuf>,
    /// `--database`: the SQLite file.
    pub database: Option<PathBuf>,
    /// `--database-url`: a PostgreSQL database instead.
    pub database_url: Option<String>,
    /// `--secure-cookies`.
    pub secure_cookies: bool,
    /// `--addr`.
    pub addr: SocketAddr,
}

/// Runs `certpath serve` until Ctrl+C or SIGTERM.
pub fn run(options: &ServeOptions, io: &mut Io<'_>) -> Result<(), AppError> {
    let addr = options.addr;
    let catalog = load_catalog(options.catalog.as_deref())?;
    let rules = advisor::Rules::builtin(&catalog)?;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(io.err_color)
        .with_writer(std::io::stderr)
        .try_init();
    let today = time::OffsetDateTime::now_utc().date();
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, today),
    );
    let opened = super::open_store(options.database.as_deref(), options.database_url.as_deref())?;
    let where_ = opened.place;
    let store = opened.store;
    let state = web::AppState::new(
        catalog,
        rules,
        bank,
        store.clone(),
        time::OffsetDateTime::now_utc,
    )
    .with_config(web::Config {
        secure_cookies: options.secure_cookies,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::Usage(format!("cannot start the server runtime: {e}")))?;
    writeln!(
        io.stdout,
        "certpath is serving on http://{addr} with {} bank questions, {where_} (Ctrl+C stops it)",
        state.items.len()
    )?;
    io.stdout.flush()?;
    runtime
        .block_on(web::serve(state, addr, shutdown_signal()))
        .map_err(|e| AppError::Usage(format!("cannot serve on {addr}: {e}")))?;
    // The last reference to the store goes here, outside the runtime: the PostgreSQL client
    // runs a small runtime of its own, which cannot be dropped inside another.
    drop(runtime);
    drop(store);
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
