//! Accounts and sessions: argon2id password hashes, sessions kept in the database behind an
//! HttpOnly, SameSite=Lax cookie, a CSRF token per session, and sign-in rate limiting.
//!
//! Every page request gets a [`Visitor`]: the session named by the cookie, or a new visitor
//! session (with its own guest owner name, so a visitor can take a practice exam without an
//! account). Signing up or in replaces the session (no fixation) and hands the guest's
//! attempts and reviews to the account. The cookie holds a random token; the database holds
//! only its SHA-256, so a copy of the database opens no session.

use crate::AppState;
use crate::error::Error;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use storage::{Role, User, WebSession};
use time::{Duration, OffsetDateTime};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "certpath_session";
/// How long a session lives.
const SESSION_LIFETIME: Duration = Duration::days(30);
/// The window in which failed sign-ins for one name are counted.
pub(crate) const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// How many failed sign-ins for one name the window allows before refusing.
pub(crate) const MAX_FAILURES: u32 = 5;

/// Who is asking: their session and, when signed in, their account.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    /// The session.
    pub session: WebSession,
    /// The account, when signed in.
    pub user: Option<User>,
}

impl Visitor {
    /// The owner name attempts and reviews are recorded under.
    pub fn owner(&self) -> &str {
        match &self.user {
            Some(user) => &user.id,
            None => &self.session.guest,
        }
    }

    /// The account's role, when signed in.
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, given: &str) -> Result<(), Error> {
        if constant_time_eq(given.as_bytes(), self.session.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(Error::Csrf)
        }
    }

    /// Refuses a visitor without one of `roles`: 401 when not signed in, 403 otherwise.
    pub fn require(&self, roles: &[Role]) -> Result<&User, Error> {
        match &self.user {
            None => Err(Error::SignInRequired),
            Some(user) if roles.contains(&user.role) => Ok(user),
            Some(_) => Err(Error::Forbidden),
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Runs a blocking call (the store, password hashing) on tokio's blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("a blocking task failed: {e}")))?
}

/// The argon2id hasher with the crate's default cost (19 MiB, 2 passes, 1 lane: OWASP's
/// recommended minimum).
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The PHC string of a password's argon2id hash with a fresh random salt.
pub(crate) fn hash_password(password: &str) -> Result<String, Error> {
    let mut salt = [0u8; 16];
    getrandom_fill(&mut salt)?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| Error::Internal(format!("cannot encode a salt: {e}")))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Internal(format!("cannot hash a password: {e}")))
}

/// Whether `password` matches the stored hash; a malformed hash never matches.
pub(crate) fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of no real password, checked when a name is unknown so that a missing account
/// takes as long to refuse as a wrong password.
pub(crate) fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("certpath: no such account").unwrap_or_default())
}

fn getrandom_fill(buffer: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buffer).map_err(|e| Error::Internal(format!("no randomness: {e}")))
}

/// `bytes` random bytes as lower-case hex.
pub(crate) fn random_hex(bytes: usize) -> Result<String, Error> {
    let mut buffer = vec![0u8; bytes];
    getrandom_fill(&mut buffer)?;
    Ok(hex::encode(buffer))
}

/// The stored id of a session token.
fn session_id(token: &str) -> String {
    // Computed on every request: `hex::encode`, not a `format!` per byte.
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new session, and the token its cookie carries.
pub(crate) fn new_session(
    user: Option<&str>,
    guest: Option<&str>,
    now: OffsetDateTime,
) -> Result<(String, WebSession), Error> {
    let token = random_hex(32)?;
    let session = WebSession {
        id: session_id(&token),
        user: user.map(str::to_owned),
        guest: match guest {
            Some(guest) => guest.to_owned(),
            None => format!("guest-{}", random_hex(8)?),
        },
        csrf: random_hex(32)?,
        created_at: now,
        expires_at: now + SESSION_LIFETIME,
    };
    Ok((token, session))
}

/// The `Set-Cookie` value that gives the browser `token`.
pub(crate) fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let cookie = Cookie::build((COOKIE, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .max_age(cookie::time::Duration::seconds(
            SESSION_LIFETIME.whole_seconds(),
        ))
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the session cookie.
pub(crate) fn removal_cookie(state: &AppState) -> HeaderValue {
    let cookie = Cookie::build((COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .max_age(cookie::time::Duration::ZERO)
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// The session token from the request's cookies.
fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}

/// Routes that need no session: static files, the health check, and the read-only,
/// account-free API.
fn needs_session(path: &str) -> bool {
    !(path.starts_with("/static/")
        || path == "/health"
        || path == "/api/openapi.json"
        || path.starts_with("/api/v1/catalog")
        || path == "/api/v1/advice")
}

/// How long an instance trusts a session it read from the database before reading it again.
/// A session ended on another instance (signing out) stays usable here for at most this long;
/// on the instance that ended it, it ends at once.
pub(crate) const SESSION_CACHE_TTL: Duration = Duration::seconds(2);

/// The most sessions one instance keeps.
const SESSION_CACHE_CAPACITY: usize = 65_536;

/// Sessions (with their accounts) this instance read recently, so that a request does not
/// query the database for its session every time. The database stays the truth: an entry is
/// used for [`SESSION_CACHE_TTL`] only, and never after the session's expiry.
#[derive(Debug, Default)]
pub struct SessionCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (Arc<Visitor>, OffsetDateTime)>>,
    /// Visitor sessions this instance started, to sweep expired ones now and then.
    started: std::sync::atomic::AtomicU64,
}

/// Every this many new visitor sessions, an instance deletes the expired ones.
const SWEEP_EVERY: u64 = 1024;

impl SessionCache {
    /// Counts a new visitor session; true when it is time to sweep expired ones.
    fn time_to_sweep(&self) -> bool {
        let n = self
            .started
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        n % SWEEP_EVERY == SWEEP_EVERY - 1
    }

    fn get(&self, id: &str, now: OffsetDateTime) -> Option<Arc<Visitor>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(id)
            .filter(|(visitor, read_at)| {
                now < *read_at + SESSION_CACHE_TTL && now < visitor.session.expires_at
            })
            .map(|(visitor, _)| visitor.clone())
    }

    fn put(&self, visitor: &Arc<Visitor>, now: OffsetDateTime) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= SESSION_CACHE_CAPACITY {
            entries.retain(|_, (_, read_at)| now < *read_at + SESSION_CACHE_TTL);
        }
        if entries.len() < SESSION_CACHE_CAPACITY {
            entries.insert(visitor.session.id.clone(), (Arc::clone(visitor), now));
        }
    }

    /// Forgets a session this instance ended.
    pub(crate) fn forget(&self, id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.remove(id);
    }
}

/// The session (and account) for a request's cookie, if it is valid.
pub(crate) async fn find_visitor(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Arc<Visitor>>, Error> {
    let Some(token) = token(headers) else {
        return Ok(None);
    };
    let id = session_id(&token);
    let now = state.now();
    if let Some(visitor) = state.sessions.get(&id, now) {
        return Ok(Some(visitor));
    }
    let store = state.store.clone();
    let found = blocking(move || {
        let Some(session) = store.session(&id, now)? else {
            return Ok(None);
        };
        let user = match &session.user {
            Some(id) => match store.user(id)? {
                Some(user) => Some(user),
                None => return Ok(None),
            },
            None => None,
        };
        Ok(Some(Arc::new(Visitor { session, user })))
    })
    .await?;
    if let Some(visitor) = &found {
        state.sessions.put(visitor, now);
    }
    Ok(found)
}

/// Middleware: puts the request's [`Visitor`] into its extensions, starting a visitor
/// session (and setting its cookie) when there is no valid one.
pub(crate) async fn session_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if !needs_session(request.uri().path()) {
        return next.run(request).await;
    }
    let found = match find_visitor(&state, request.headers()).await {
        Ok(found) => found,
        Err(err) => return crate::pages::PageError(err).into_response(),
    };
    let (visitor, cookie) = match found {
        Some(visitor) => (visitor, None),
        None => {
            let created = match new_session(None, None, state.now()) {
                Ok(created) => created,
                Err(err) => return crate::pages::PageError(err).into_response(),
            };
            let (token, session) = created;
            let store = state.store.clone();
            let stored = session.clone();
            let sweep = state.sessions.time_to_sweep();
            let now = state.now();
            let created = blocking(move || {
                store.create_session(&stored)?;
                if sweep {
                    let swept = store.delete_expired_sessions(now)?;
                    tracing::debug!(swept, "expired sessions deleted");
                }
                Ok(())
            })
            .await;
            if let Err(err) = created {
                return crate::pages::PageError(err).into_response();
            }
            let visitor = Arc::new(Visitor {
                session,
                user: None,
            });
            state.sessions.put(&visitor, state.now());
            (visitor, Some(session_cookie(&state, &token)))
        }
    };
    request.extensions_mut().insert(visitor);
    let mut response = next.run(request).await;
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery staple").expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password(&hash, "correct horse battery staple"));
        assert!(!verify_password(&hash, "correct horse battery stapl"));
        assert!(!verify_password("not a hash", "anything"));
        assert_ne!(
            hash,
            hash_password("correct horse battery staple").expect("hash"),
            "salts differ"
        );
    }

    #[test]
    fn a_session_id_is_the_lower_hex_sha256_of_its_token() {
        // Stored ids must not change from one version to the next: the SHA-256 of "abc"
        // (FIPS 180-2, appendix B.1).
        assert_eq!(
            session_id("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn session_ids_are_hashes_of_the_token() {
        let now = time::macros::datetime!(2026-12-01 10:00 UTC);
        let (token, session) = new_session(None, None, now).expect("session");
        assert_eq!(token.len(), 64);
        assert_eq!(session.id, session_id(&token));
        assert_ne!(session.id, token);
        assert!(session.guest.starts_with("guest-"));
        assert_eq!(session.expires_at - session.created_at, SESSION_LIFETIME);
    }

    #[test]
    fn expired_sessions_are_swept_once_every_1024_new_ones() {
        let cache = SessionCache::default();
        let sweeps: Vec<usize> = (1..=3 * SWEEP_EVERY as usize)
            .filter(|_| cache.time_to_sweep())
            .collect();
        assert_eq!(sweeps, [1024, 2048, 3072]);
    }

    #[test]
    fn cached_sessions_are_trusted_for_two_seconds_and_never_after_expiry() {
        let now = time::macros::datetime!(2026-12-01 10:00 UTC);
        let (_, session) = new_session(None, None, now).expect("session");
        let id = session.id.clone();
        let cache = SessionCache::default();
        let visitor = Arc::new(Visitor {
            session,
            user: None,
        });
        cache.put(&visitor, now);
        assert!(cache.get(&id, now + Duration::seconds(1)).is_some());
        assert!(cache.get(&id, now + SESSION_CACHE_TTL).is_none());
        cache.put(&visitor, visitor.session.expires_at - Duration::seconds(1));
        assert!(
            cache.get(&id, visitor.session.expires_at).is_none(),
            "never after expiry"
        );
        cache.put(&visitor, now);
        cache.forget(&id);
        assert!(cache.get(&id, now).is_none());
    }

    #[test]
    fn csrf_tokens_compare_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
