//! Sign up, sign in and sign out: the account pages.

use crate::AppState;
use crate::auth::{self, FAILURE_WINDOW, MAX_FAILURES, Visitor, blocking};
use crate::chrome::Chrome;
use crate::error::Error;
use crate::pages::{PageError, PageResult, capitalise, render};
use askama::Template;
use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;
use storage::{Role, StorageError, User};

#[derive(Template)]
#[template(path = "account.html", whitespace = "minimize")]
struct AccountPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    heading: &'static str,
    lead: &'static str,
    action: &'static str,
    button: &'static str,
    signup: bool,
    name: String,
    next: String,
    error: Option<String>,
    other_text: &'static str,
    other_href: String,
    other_link: &'static str,
}

impl AccountPage {
    fn new(signup: bool, visitor: &Visitor, next: &str) -> AccountPage {
        let next = safe_next(next);
        let with_next = if next == "/history" {
            String::new()
        } else {
            format!("?next={}", percent_encode(&next))
        };
        if signup {
            AccountPage {
                title: "Sign up".into(),
                nav: "signup",
                chrome: Chrome::of(visitor),
                heading: "Create an account",
                lead: "An account keeps your attempts, reviews and plans on any device. What you did before signing up stays yours.",
                action: "/signup",
                button: "Create account",
                signup: true,
                name: String::new(),
                next,
                error: None,
                other_text: "Have an account already?",
                other_href: format!("/signin{with_next}"),
                other_link: "Sign in",
            }
        } else {
            AccountPage {
                title: "Sign in".into(),
                nav: "signin",
                chrome: Chrome::of(visitor),
                heading: "Sign in",
                lead: "Welcome back. What you did in this browser before signing in is added to your account.",
                action: "/signin",
                button: "Sign in",
                signup: false,
                name: String::new(),
                next,
                error: None,
                other_text: "No account yet?",
                other_href: format!("/signup{with_next}"),
                other_link: "Create one",
            }
        }
    }
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a path on this site, never another origin.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/history".to_owned()
    }
}

/// The query of the account pages.
#[derive(Debug, Deserialize)]
pub(crate) struct NextQuery {
    #[serde(default)]
    next: String,
}

/// The fields of the sign-up and sign-in forms.
#[derive(Debug, Deserialize)]
pub(crate) struct AccountForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `GET /signup`.
pub(crate) async fn signup_page(
    Extension(visitor): Extension<Arc<Visitor>>,
    Query(q): Query<NextQuery>,
) -> Response {
    render(StatusCode::OK, &AccountPage::new(true, &visitor, &q.next))
}

/// `GET /signin`.
pub(crate) async fn signin_page(
    Extension(visitor): Extension<Arc<Visitor>>,
    Query(q): Query<NextQuery>,
) -> Response {
    render(StatusCode::OK, &AccountPage::new(false, &visitor, &q.next))
}

/// What is wrong with a new account's name, if anything.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    if name.len() < 3 || name.len() > 32 {
        Some("Choose a name of 3 to 32 characters.")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        Some("Use only letters, digits, dots, dashes and underscores in the name.")
    } else {
        None
    }
}

/// What is wrong with a new password, if anything.
pub(crate) fn password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < 10 {
        Some("Choose a password of at least 10 characters.")
    } else if password.len() > 256 {
        Some("Choose a password of at most 256 bytes.")
    } else {
        None
    }
}

fn form_error(
    signup: bool,
    visitor: &Visitor,
    form: &AccountForm,
    status: StatusCode,
    message: String,
) -> Response {
    let mut page = AccountPage::new(signup, visitor, &form.next);
    page.name = form.name.clone();
    page.error = Some(message);
    render(status, &page)
}

/// Starts a session for `user` in place of the visitor's, gives it the visitor's guest
/// data, and redirects to `next` with the new cookie.
async fn start_session(state: &AppState, visitor: &Visitor, user: &User, next: &str) -> PageResult {
    let (token, session) = auth::new_session(Some(&user.id), None, state.now())?;
    let store = state.store.clone();
    let old = visitor.session.clone();
    state.sessions.forget(&old.id);
    let user_id = user.id.clone();
    let now = state.now();
    blocking(move || {
        store.create_session(&session)?;
        store.delete_session(&old.id)?;
        store.transfer_owner(&old.guest, &user_id)?;
        store.delete_expired_sessions(now)?;
        Ok(())
    })
    .await?;
    let mut response = Redirect::to(&safe_next(next)).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, auth::session_cookie(state, &token));
    Ok(response)
}

/// `POST /signup`.
pub(crate) async fn signup(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Form(form): Form<AccountForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let name = form.name.trim().to_owned();
    if let Some(problem) = name_problem(&name).or_else(|| password_problem(&form.password)) {
        return Ok(form_error(
            true,
            &visitor,
            &form,
            StatusCode::UNPROCESSABLE_ENTITY,
            problem.into(),
        ));
    }
    if form.password != form.confirm {
        return Ok(form_error(
            true,
            &visitor,
            &form,
            StatusCode::UNPROCESSABLE_ENTITY,
            "The two passwords differ; type the same password twice.".into(),
        ));
    }
    let password = form.password.clone();
    let hash = blocking(move || auth::hash_password(&password)).await?;
    let user = User {
        id: format!("u-{}", auth::random_hex(8)?),
        name: name.clone(),
        password_hash: hash,
        role: Role::Learner,
        created_at: state.now(),
    };
    let store = state.store.clone();
    let new = user.clone();
    match blocking(move || Ok(store.create_user(&new))).await? {
        Ok(()) => {}
        Err(StorageError::NameTaken(_)) => {
            return Ok(form_error(
                true,
                &visitor,
                &form,
                StatusCode::CONFLICT,
                format!("The name “{name}” is taken; choose another."),
            ));
        }
        Err(err) => return Err(PageError(err.into())),
    }
    tracing::info!(user = %user.id, "account created");
    start_session(&state, &visitor, &user, &form.next).await
}

/// `POST /signin`: at most [`MAX_FAILURES`] failed attempts per name in [`FAILURE_WINDOW`],
/// counted in the database so that every server instance enforces the same limit.
pub(crate) async fn signin(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Form(form): Form<AccountForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let name = form.name.trim().to_owned();
    let now = state.now();
    let store = state.store.clone();
    let lookup = name.clone();
    let (failures, user) = blocking(move || {
        let failures = store.sign_in_failures(&lookup, now - FAILURE_WINDOW)?;
        let user = store.user_by_name(&lookup)?;
        Ok((failures, user))
    })
    .await?;
    if failures >= MAX_FAILURES {
        let error = Error::TooManySignIns {
            minutes: FAILURE_WINDOW.whole_minutes(),
        };
        return Ok(form_error(
            false,
            &visitor,
            &form,
            error.status(),
            format!("{}.", capitalise(&error.to_string())),
        ));
    }
    let password = form.password.clone();
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_owned());
    let matches = blocking(move || Ok(auth::verify_password(&hash, &password))).await?;
    match user {
        Some(user) if matches => {
            let store = state.store.clone();
            let clear = name.clone();
            blocking(move || Ok(store.clear_sign_in_failures(&clear)?)).await?;
            tracing::info!(user = %user.id, "signed in");
            start_session(&state, &visitor, &user, &form.next).await
        }
        _ => {
            let store = state.store.clone();
            let failed = name.clone();
            blocking(move || Ok(store.record_sign_in_failure(&failed, now)?)).await?;
            Ok(form_error(
                false,
                &visitor,
                &form,
                StatusCode::UNAUTHORIZED,
                "The name or the password is wrong.".into(),
            ))
        }
    }
}

/// The CSRF field of a form that carries nothing else.
#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /signout`: ends the session and removes the cookie.
pub(crate) async fn signout(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let store = state.store.clone();
    let id = visitor.session.id.clone();
    state.sessions.forget(&id);
    blocking(move || Ok(store.delete_session(&id)?)).await?;
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, auth::removal_cookie(&state));
    Ok(response)
}
