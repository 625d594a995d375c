//! The certpath web application: the catalog, one exam's facts and the path advisor as
//! server-rendered HTML pages and as a JSON API, with an OpenAPI 3.1 document.
//!
//! This crate is part of the shell: it turns HTTP requests into calls to the pure `catalog`
//! and `advisor` crates and renders what they return. It reads no clock (today's date comes
//! in through [`AppState::today`]) and no files (templates and CSS are compiled in). The
//! `certpath` binary calls [`serve`]; tests call [`app`] and send it requests without a
//! server.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | what certpath is |
//! | `GET /catalog?on=&tier=&all=1` | the program table on a day |
//! | `GET /catalog/{code}?on=` | one exam: status, facts with sources, domains, notes |
//! | `GET /advise?role=&goal=&...` | the advisor's form, and the explained path |
//! | `GET /api/v1/catalog`, `/api/v1/catalog/{code}`, `/api/v1/advice` | the same as JSON (docs/json.md) |
//! | `GET /api/openapi.json` | the OpenAPI 3.1 document of the JSON API |
//! | `GET /static/app.css` | the style sheet |
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
//! let today = time::Date::from_calendar_date(2026, time::Month::December, 1)?;
//! let state = AppState::new(catalog, rules, move || today);
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

mod api;
pub mod dto;
mod error;
pub mod input;
mod pages;

pub use error::{Error, ErrorBody, ErrorDetail};

use advisor::Rules;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use catalog::Catalog;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use time::Date;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use api::ApiDoc;

/// What every request handler shares: the catalog, the advisor's rules and the clock.
#[derive(Clone)]
pub struct AppState {
    /// The AWS Certification program.
    pub catalog: Arc<Catalog>,
    /// The advisor's model, checked against `catalog`.
    pub rules: Arc<Rules>,
    /// Today's date; injected so that tests are deterministic.
    pub today: Arc<dyn Fn() -> Date + Send + Sync>,
}

impl AppState {
    /// A state from a catalog, its rules and a function that says what day it is.
    pub fn new(
        catalog: Catalog,
        rules: Rules,
        today: impl Fn() -> Date + Send + Sync + 'static,
    ) -> AppState {
        AppState {
            catalog: Arc::new(catalog),
            rules: Arc::new(rules),
            today: Arc::new(today),
        }
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("exams", &self.catalog.exams().len())
            .field("roles", &self.rules.roles.len())
            .field("today", &(self.today)())
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
    let mut router = Router::new()
        .route("/", get(pages::home))
        .route("/catalog", get(pages::catalog))
        .route("/catalog/{code}", get(pages::exam))
        .route("/advise", get(pages::advise))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/api/v1/catalog", get(api::catalog))
        .route("/api/v1/catalog/{code}", get(api::exam))
        .route("/api/v1/advice", get(api::advice))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(pages::not_found)
        .with_state(state);
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
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
