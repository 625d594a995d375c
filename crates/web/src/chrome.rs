//! What every page's frame shows of the visitor: who is signed in, their role's links, and
//! the CSRF token of the sign-out form.

use crate::auth::Visitor;
use storage::Role;

/// The frame's view of the visitor.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chrome {
    /// The signed-in account's name.
    pub user: Option<String>,
    /// The session's CSRF token (empty on error pages, which show no forms).
    pub csrf: String,
    /// Whether the bank browser is open to the visitor.
    pub author: bool,
    /// Whether the user administration is open to the visitor.
    pub admin: bool,
}

impl Chrome {
    /// The frame for a visitor.
    pub fn of(visitor: &Visitor) -> Chrome {
        let role = visitor.role();
        Chrome {
            user: visitor.user.as_ref().map(|u| u.name.clone()),
            csrf: visitor.session.csrf.clone(),
            author: matches!(role, Some(Role::Author | Role::Admin)),
            admin: role == Some(Role::Admin),
        }
    }

    /// The frame of a page shown without a session (error pages).
    pub fn none() -> Chrome {
        Chrome::default()
    }
}
