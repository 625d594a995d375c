//! What the HTTP-level tests share: the application on a store, a clock, and a browser that
//! keeps its session cookie. Each test binary says which store (`crate::store()`).

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::sync::{Arc, Mutex};
use storage::Storage;
use time::{Date, Month, OffsetDateTime};
use tower::ServiceExt;
use web::AppState;

/// The day every test runs on.
pub fn today() -> Date {
    Date::from_calendar_date(2026, Month::December, 1).expect("a valid date")
}

/// The moment every test starts at: 09:00 UTC on [`today`].
pub fn start_time() -> OffsetDateTime {
    today()
        .with_hms(9, 0, 0)
        .expect("a valid time")
        .assume_utc()
}

/// A clock the test moves.
#[derive(Clone)]
pub struct Clock(Arc<Mutex<OffsetDateTime>>);

impl Default for Clock {
    fn default() -> Clock {
        Clock::new()
    }
}

impl Clock {
    /// A clock at [`start_time`].
    pub fn new() -> Clock {
        Clock(Arc::new(Mutex::new(start_time())))
    }

    /// Moves the clock on.
    pub fn advance(&self, by: time::Duration) {
        *self.0.lock().expect("the clock") += by;
    }

    /// The time now.
    pub fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("the clock")
    }
}

/// The state with the built-in catalog, rules and bank on `store`, at `clock`'s time.
pub fn state_on(store: Arc<dyn Storage>, clock: &Clock) -> AppState {
    let catalog = catalog::Catalog::builtin().expect("the built-in catalog loads");
    let rules = advisor::Rules::builtin(&catalog).expect("the built-in rules load");
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, today()),
    );
    let clock = clock.clone();
    AppState::new(catalog, rules, bank, store, move || clock.now())
}

/// The application with the built-in data on a fresh store, at [`start_time`].
pub fn app() -> Router {
    web::app(state_on(crate::store(), &Clock::new()))
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

    /// Where a redirect points.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no Location header ({}): {}", self.status, self.body))
    }

    /// The `Set-Cookie` values.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self
            .body
            .find(marker)
            .unwrap_or_else(|| panic!("no CSRF field on the page: {}", self.body))
            + marker.len();
        let end = self.body[start..].find('"').expect("the value ends") + start;
        self.body[start..end].to_owned()
    }
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
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

/// `GET uri` on a fresh application, without a cookie.
pub async fn get(uri: &str) -> Reply {
    let request = Request::get(uri)
        .body(Body::empty())
        .expect("a valid request");
    send(&app(), request).await
}

/// A browser: one application, and the session cookie it was given.
pub struct Browser {
    /// The application.
    pub app: Router,
    /// The session cookie (`certpath_session=...`), once set.
    pub cookie: Option<String>,
}

impl Browser {
    /// A browser on `app`, without a cookie yet.
    pub fn new(app: Router) -> Browser {
        Browser { app, cookie: None }
    }

    /// A browser on a fresh in-memory application.
    pub fn fresh() -> Browser {
        Browser::new(app())
    }

    fn absorb(&mut self, reply: &Reply) {
        for cookie in reply.set_cookies() {
            let pair = cookie
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            if let Some(value) = pair.strip_prefix("certpath_session=") {
                self.cookie = (!value.is_empty()).then(|| pair.clone());
            }
        }
    }

    async fn run(&mut self, builder: axum::http::request::Builder, body: Body) -> Reply {
        let builder = match &self.cookie {
            Some(cookie) => builder.header(header::COOKIE, cookie),
            None => builder,
        };
        let reply = send(&self.app, builder.body(body).expect("a valid request")).await;
        self.absorb(&reply);
        reply
    }

    /// `GET uri`.
    pub async fn get(&mut self, uri: &str) -> Reply {
        self.run(Request::get(uri), Body::empty()).await
    }

    /// `POST uri` with form fields.
    pub async fn post_form(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.run(
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// A JSON request.
    pub async fn json(&mut self, method: &str, uri: &str, body: serde_json::Value) -> Reply {
        self.run(
            Request::builder()
                .method(method)
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/json"),
            Body::from(body.to_string()),
        )
        .await
    }

    /// Gets a page and returns its CSRF token.
    pub async fn csrf(&mut self, uri: &str) -> String {
        let page = self.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        page.csrf()
    }

    /// Starts an attempt from the practice page; returns its id.
    pub async fn start(&mut self, exam: &str, kind: &str) -> String {
        let csrf = self.csrf("/practice").await;
        let reply = self
            .post_form(
                "/attempts",
                &[("csrf", &csrf), ("exam", exam), ("kind", kind)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let location = reply.location().to_owned();
        let id = location
            .strip_prefix("/attempts/")
            .and_then(|rest| rest.strip_suffix("/q/1"))
            .unwrap_or_else(|| panic!("unexpected redirect {location}"));
        id.to_owned()
    }

    /// Signs up with a name and password; panics unless it succeeds.
    pub async fn sign_up(&mut self, name: &str, password: &str) {
        let csrf = self.csrf("/signup").await;
        let reply = self
            .post_form(
                "/signup",
                &[
                    ("csrf", &csrf),
                    ("name", name),
                    ("password", password),
                    ("confirm", password),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The table row of `html` whose header cell links to `code`.
pub fn row<'a>(html: &'a str, code: &str) -> &'a str {
    let needle = format!(">{code}</a></th>");
    html.split("<tr")
        .find(|row| row.contains(&needle))
        .unwrap_or_else(|| panic!("no row for {code}"))
}
