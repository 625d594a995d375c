//! User administration for admins: every account and its role.

use crate::AppState;
use crate::auth::{Visitor, blocking};
use crate::chrome::Chrome;
use crate::error::Error;
use crate::pages::{PageResult, render, when};
use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use std::sync::Arc;
use storage::Role;

struct UserRow {
    id: String,
    name: String,
    role: &'static str,
    created: String,
    is_self: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html", whitespace = "minimize")]
struct UsersPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    users: Vec<UserRow>,
    roles: [&'static str; 3],
}

/// `GET /admin/users`.
pub(crate) async fn users(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
) -> PageResult {
    let me = visitor.require(&[Role::Admin])?.id.clone();
    let store = state.store.clone();
    let users = blocking(move || Ok(store.users()?)).await?;
    let page = UsersPage {
        title: "Users".into(),
        nav: "admin",
        chrome: Chrome::of(&visitor),
        users: users
            .into_iter()
            .map(|u| UserRow {
                is_self: u.id == me,
                role: u.role.as_str(),
                created: when(u.created_at),
                name: u.name,
                id: u.id,
            })
            .collect(),
        roles: ["learner", "author", "admin"],
    };
    Ok(render(StatusCode::OK, &page))
}

/// The fields of the role form.
#[derive(Debug, Deserialize)]
pub(crate) struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
}

/// `POST /admin/users/{id}/role`: changes a user's role (not one's own, so that the last
/// admin cannot lock everyone out by mistake).
pub(crate) async fn set_role(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> PageResult {
    visitor.check_csrf(&form.csrf)?;
    let me = visitor.require(&[Role::Admin])?.id.clone();
    if me == id {
        return Err(Error::Refused(
            "you cannot change your own role; ask another admin or use `certpath user role`".into(),
        )
        .into());
    }
    let role = Role::from_name(&form.role).ok_or_else(|| {
        Error::BadRequest(format!(
            "unknown role `{}`; choose learner, author or admin",
            form.role
        ))
    })?;
    let store = state.store.clone();
    let target = id.clone();
    blocking(move || match store.set_role(&target, role) {
        Ok(()) => Ok(()),
        Err(storage::StorageError::UnknownUser(_)) => Err(Error::NotFound {
            path: format!("/admin/users/{target}"),
        }),
        Err(err) => Err(err.into()),
    })
    .await?;
    tracing::info!(admin = %me, user = %id, role = role.as_str(), "role changed");
    Ok(Redirect::to("/admin/users").into_response())
}
