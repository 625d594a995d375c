//! The certpath web application: the catalog, the advisor, exams in the browser, results,
//! history, reviews, plans, accounts and the authors' bank browser as server-rendered HTML
//! pages, and a JSON API with an OpenAPI 3.1 document.
//!
//! This crate is part of the shell: it turns HTTP requests into calls to the pure crates and
//! to `attempts` on a [`storage::Storage`], and renders what they return. It reads no clock
//! (the time comes in through [`AppState::clock`]) and no files (templates, CSS and the exam
//! script are compiled in). The `certpath` binary calls [`serve`]; tests call [`app`] and
//! send it requests without a server. docs/web.md lists the routes and the security model.
//!
//! Every response carries security headers (a `default-src 'self'` content security
//! policy that also forbids framing, `nosniff`, `no-referrer`), and every request gets a
//! `tracing` span.
//!
//! # Example
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use tower::ServiceExt;
//! use web::AppState;
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let catalog = catalog::Catalog::builtin()?;
//! let rules = advisor::Rules::builtin(&catalog)?;
//! let today = time::macros::date!(2026 - 12 - 01);
//! let bank = bank::load(&[], &bank::LintContext::new(&catalog, today));
//! let store = std::sync::Arc::new(storage_sqlite::SqliteStorage::open_in_memory()?);
//! let now = time::macros::datetime!(2026-12-01 09:00 UTC);
//! let state = AppState::new(catalog, rules, bank, store, move || now);
//!
//! let request = Request::get("/api/v1/catalog/CLF-C02").body(Body::empty())?;
//! let response = web::app(state).oneshot(request).await?;
//! assert_eq!(response.status(), StatusCode::OK);
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().build()?.block_on(example()).unwrap();
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! A binary serves it until a shutdown signal, finishing the requests in flight:
//!
//! ```no_run
//! # async fn example(state: web::AppState) -> std::io::Result<()> {
//! let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 8080));
//! let shutdown = async { /* e.g. tokio::signal::ctrl_c().await */ };
//! web::serve(state, addr, shutdown).await
//! # }
//! ```

mod account;
mod admin;
mod api;
mod attempts_api;
mod auth;
mod bank_pages;
mod cache;
mod chrome;
mod committer;
pub mod dto;
mod error;
mod exam_pages;
pub mod input;
mod markdown;
mod pages;
mod result_pages;
mod runner;
mod study_pages;

pub use error::{Error, ErrorBody, ErrorDetail};

use advisor::Rules;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use catalog::Catalog;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use storage::Storage;
use time::{Date, OffsetDateTime};
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use api::ApiDoc;

/// How the server is deployed.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Mark cookies `Secure` (the site is served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
}

/// What every request handler shares: the catalog, the advisor's rules, the bank, the store
/// and the clock. Cloning it (axum does, per request) copies one pointer; the fields are
/// those of [`Shared`], reached through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of an [`AppState`].
#[derive(Clone)]
pub struct Shared {
    /// The AWS Certification program.
    pub catalog: Arc<Catalog>,
    /// The advisor's model, checked against `catalog`.
    pub rules: Arc<Rules>,
    /// The question bank with its lint results (the authors' browser shows them).
    pub bank: Arc<bank::Bank>,
    /// The bank items forms are built from: those without lint errors.
    pub items: Arc<[bank::Item]>,
    /// Accounts, sessions, attempts, reviews and calibrations.
    pub store: Arc<dyn Storage>,
    /// The time now; injected so that tests are deterministic.
    pub clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
    /// Deployment settings.
    pub config: Config,
    /// The exams the bank can build practice forms for.
    pub practice: Arc<[PracticeExam]>,
    /// Attempts this instance served recently (the database stays the truth).
    pub cache: Arc<cache::AttemptCache>,
    /// Sessions this instance read recently (for at most two seconds each).
    pub sessions: Arc<auth::SessionCache>,
    /// The thread that hands the store answers in batches, for stores that commit batches
    /// together.
    pub committer: Option<Arc<committer::Committer>>,
}

/// An exam the bank has questions for, as the practice page offers it.
#[derive(Debug, Clone)]
pub struct PracticeExam {
    /// The exam code.
    pub code: String,
    /// The credential's name.
    pub name: String,
    /// Usable bank items placed on the exam.
    pub items: usize,
    /// Whether the bank can fill a full-length form.
    pub full: bool,
    /// The full form's question count and minutes, where the catalog has them.
    pub questions: Option<u32>,
    /// The full form's time limit.
    pub minutes: Option<u32>,
    /// The domains, by number and name.
    pub domains: Vec<(u8, String)>,
}

fn practice_exams(catalog: &Catalog, items: &[bank::Item]) -> Vec<PracticeExam> {
    catalog
        .exams()
        .iter()
        .filter_map(|exam| {
            let count = items
                .iter()
                .filter(|i| i.placements.iter().any(|p| p.exam == exam.code))
                .count();
            if count == 0 {
                return None;
            }
            let full = engine::assemble(items, exam, &engine::FormSpec::full(), 0).is_ok();
            Some(PracticeExam {
                code: exam.code.clone(),
                name: exam.name.clone(),
                items: count,
                full,
                questions: exam.format.questions_total(),
                minutes: exam.format.duration_minutes.value,
                domains: exam
                    .domains
                    .list
                    .iter()
                    .map(|d| (d.number, d.name.clone()))
                    .collect(),
            })
        })
        .collect()
}

impl AppState {
    /// A state from a catalog, its rules, a linted bank, a store and a clock.
    pub fn new(
        catalog: Catalog,
        rules: Rules,
        bank: bank::Bank,
        store: Arc<dyn Storage>,
        clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static,
    ) -> AppState {
        let items: Arc<[bank::Item]> = bank.usable_items().into();
        let practice = practice_exams(&catalog, &items).into();
        AppState(Arc::new(Shared {
            practice,
            cache: Arc::default(),
            sessions: Arc::default(),
            committer: committer::Committer::start(&store).map(Arc::new),
            catalog: Arc::new(catalog),
            rules: Arc::new(rules),
            bank: Arc::new(bank),
            items,
            store,
            clock: Arc::new(clock),
            config: Config::default(),
        }))
    }

    /// The same state with other deployment settings.
    pub fn with_config(mut self, config: Config) -> AppState {
        Arc::make_mut(&mut self.0).config = config;
        self
    }

    /// The time now.
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Today's date (UTC).
    pub fn today(&self) -> Date {
        self.now().date()
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("exams", &self.catalog.exams().len())
            .field("roles", &self.rules.roles.len())
            .field("items", &self.items.len())
            .field("now", &self.now())
            .finish()
    }
}

/// The content security policy: nothing from other origins, no framing, no plugins.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// The whole application: pages, API, style sheet, security headers and request tracing.
pub fn app(state: AppState) -> Router {
    let security_headers: [(HeaderName, &'static str); 4] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let routes = Router::new()
        .route("/", get(pages::home))
        .route("/catalog", get(pages::catalog))
        .route("/catalog/{code}", get(pages::exam))
        .route("/advise", get(pages::advise))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/static/exam.js", get(pages::exam_script))
        .route("/health", get(pages::health))
        .route("/signup", get(account::signup_page).post(account::signup))
        .route("/signin", get(account::signin_page).post(account::signin))
        .route("/signout", post(account::signout))
        .route("/practice", get(exam_pages::practice))
        .route("/attempts", post(exam_pages::start))
        .route("/attempts/{id}", get(exam_pages::resume))
        .route(
            "/attempts/{id}/q/{number}",
            get(exam_pages::question).post(exam_pages::answer),
        )
        .route("/attempts/{id}/review", get(exam_pages::review))
        .route("/attempts/{id}/submit", post(exam_pages::submit))
        .route("/attempts/{id}/report", get(result_pages::report))
        .route("/history", get(result_pages::history))
        .route("/study", get(study_pages::study))
        .route("/study/{item}", post(study_pages::answer))
        .route("/study/{item}/rate", post(study_pages::rate))
        .route("/plan", get(study_pages::plan))
        .route("/plan.ics", get(study_pages::plan_ical))
        .route("/bank", get(bank_pages::browse))
        .route("/bank/{id}", get(bank_pages::item))
        .route("/admin/users", get(admin::users))
        .route("/admin/users/{id}/role", post(admin::set_role))
        .route("/api/v1/catalog", get(api::catalog))
        .route("/api/v1/catalog/{code}", get(api::exam))
        .route("/api/v1/advice", get(api::advice))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/v1/attempts", post(attempts_api::start))
        .route("/api/v1/attempts/{id}", get(attempts_api::get))
        .route(
            "/api/v1/attempts/{id}/answers/{number}",
            axum::routing::put(attempts_api::answer).delete(attempts_api::clear),
        )
        .route(
            "/api/v1/attempts/{id}/flags/{number}",
            axum::routing::put(attempts_api::flag),
        )
        .route("/api/v1/attempts/{id}/submit", post(attempts_api::submit))
        .route("/api/v1/attempts/{id}/report", get(attempts_api::report))
        .route("/api/v1/history", get(attempts_api::history))
        .fallback(pages::not_found)
        .with_state(state.clone());
    // The layers wrap the router once, outside it, rather than each route (as
    // `Router::layer` does): a request then goes through one statically typed stack instead
    // of a boxed service per layer and route, cloned for every request.
    let [csp, nosniff, referrer, frame] = security_headers.map(|(name, value)| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    });
    let service = ServiceBuilder::new()
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::DEBUG))
                .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
        )
        .layer(csp)
        .layer(nosniff)
        .layer(referrer)
        .layer(frame)
        .layer(axum::middleware::from_fn_with_state(
            state,
            auth::session_layer,
        ))
        .service(routes);
    Router::new().fallback_service(service)
}

/// Serves [`app`] on `addr` until `shutdown` completes, then finishes the requests in
/// flight and returns. Fails only when `addr` cannot be bound or the listener fails.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(address = %listener.local_addr()?, "certpath web listening");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}
