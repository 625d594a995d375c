//! The web application through its router, without a server (and one test with a server).

mod api;
mod pages;
mod security;
mod serve;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use time::{Date, Month};
use tower::ServiceExt;
use web::AppState;

/// The day every test runs on.
pub fn today() -> Date {
    Date::from_calendar_date(2026, Month::December, 1).expect("a valid date")
}

/// The application with the built-in catalog and rules, on [`today`].
pub fn app() -> Router {
    let catalog = catalog::Catalog::builtin().expect("the built-in catalog loads");
    let rules = advisor::Rules::builtin(&catalog).expect("the built-in rules load");
    web::app(AppState::new(catalog, rules, today))
}

/// A response's status, headers and body.
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: axum::http::HeaderMap,
    /// The body, as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// `GET uri`.
pub async fn get(uri: &str) -> Reply {
    let request = Request::get(uri)
        .body(Body::empty())
        .expect("a valid request");
    let response = app()
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("the body is readable")
        .to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("the body is UTF-8"),
    }
}

/// The table row of `html` whose header cell links to `code`.
pub fn row<'a>(html: &'a str, code: &str) -> &'a str {
    let needle = format!(">{code}</a></th>");
    html.split("<tr")
        .find(|row| row.contains(&needle))
        .unwrap_or_else(|| panic!("no row for {code}"))
}
