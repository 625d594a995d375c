//! The `attempts` crate run for one visitor on tokio's blocking pool, with retries when two
//! requests change the same attempt at once.

use crate::AppState;
use crate::auth::blocking;
use crate::cache::AttemptCache;
use crate::error::Error;
use attempts::{Attempts, AttemptsError, Live};
use engine::Event;
use storage::StorageError;
use time::OffsetDateTime;

/// How often a change is retried when another request appended to the attempt first.
const RETRIES: usize = 3;

/// One visitor's attempts for one request: the store's, with this instance's cache.
pub(crate) struct Scope<'a> {
    attempts: Attempts<'a>,
    cache: &'a AttemptCache,
    owner: &'a str,
}

impl<'a> std::ops::Deref for Scope<'a> {
    type Target = Attempts<'a>;

    fn deref(&self) -> &Attempts<'a> {
        &self.attempts
    }
}

impl Scope<'_> {
    /// Keeps an attempt this request just started, so its first answer need not replay it.
    pub(crate) fn keep(&self, live: Live) {
        self.cache.put(self.owner, live);
    }
}

/// Runs `work` with `owner`'s attempts at the current time, off the async threads.
pub(crate) async fn with_attempts<T: Send + 'static>(
    state: &AppState,
    owner: &str,
    work: impl FnOnce(&Scope<'_>, OffsetDateTime) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let state = state.clone();
    let owner = owner.to_owned();
    blocking(move || {
        let scope = Scope {
            attempts: Attempts::new(&*state.store, &state.catalog, &state.items, Some(&owner)),
            cache: &state.cache,
            owner: &owner,
        };
        work(&scope, state.now())
    })
    .await
}

/// Whether an error means the copy of the attempt the events were applied to is not the
/// database's any more.
fn is_stale(err: &AttemptsError) -> bool {
    matches!(
        err,
        AttemptsError::Storage(StorageError::Conflict { .. } | StorageError::Finished(_))
    )
}

/// Loads attempt `id` (from this instance's cache when it has it), asks `decide` which events
/// to apply to it, and applies them, each committed before the next. When another request or
/// instance appended to the log meanwhile, the attempt is loaded again from the database and
/// `decide` asked again. When there is nothing to apply, the answer is the database's state.
pub(crate) fn change(
    scope: &Scope<'_>,
    id: &str,
    now: OffsetDateTime,
    decide: impl FnMut(&Live) -> Result<Vec<Event>, Error>,
) -> Result<Live, Error> {
    change_then(scope, id, now, decide, clone_live)
}

/// [`change`], answering with `output` of the attempt as changed, so that the attempt can
/// go back into the cache without being copied.
pub(crate) fn change_then<T>(
    scope: &Scope<'_>,
    id: &str,
    now: OffsetDateTime,
    mut decide: impl FnMut(&Live) -> Result<Vec<Event>, Error>,
    output: impl FnOnce(&Live) -> T,
) -> Result<T, Error> {
    let mut cached = scope.cache.take(id, scope.owner);
    for _ in 0..RETRIES {
        let from_cache = cached.is_some();
        let mut live = match cached.take() {
            Some(mut live) => match scope.attempts.time_out_if_due(&mut live, now) {
                Ok(_) => live,
                Err(err) if is_stale(&err) => continue,
                Err(err) => return Err(err.into()),
            },
            None => scope.attempts.load(id, now)?,
        };
        let events = decide(&live)?;
        if events.is_empty() && from_cache {
            // Nothing to append, so nothing would reveal a stale copy: read the database.
            continue;
        }
        let mut stale = false;
        for event in events {
            match scope.attempts.apply(&mut live, event, now) {
                Ok(()) => {}
                Err(err) if is_stale(&err) => {
                    stale = true;
                    break;
                }
                Err(err) => return Err(err.into()),
            }
        }
        if !stale {
            let answer = output(&live);
            if live.attempt.is_closed() {
                scope.cache.forget(id);
            } else {
                scope.cache.put(scope.owner, live);
            }
            return Ok(answer);
        }
    }
    Err(Error::Refused(
        "the attempt was changed in another window at the same moment; reload it and try again"
            .into(),
    ))
}

fn clone_live(live: &Live) -> Live {
    Live {
        id: live.id.clone(),
        attempt: live.attempt.clone(),
    }
}

/// The quick way to record one event: when this instance has the open attempt cached and the
/// store commits batches together, the event is decided and applied here on the async threads
/// and only its durable append goes to the committer thread. `None` when it does not apply
/// (no committer, not cached, the deadline has passed, the event would close the attempt, or
/// the cached copy turned out stale): the caller then takes [`change`]'s way.
pub(crate) async fn quick_change<T>(
    state: &AppState,
    owner: &str,
    id: &str,
    decide: impl FnOnce(&Live) -> Result<Event, Error>,
    output: impl FnOnce(&Live) -> T,
) -> Result<Option<T>, Error> {
    let Some(committer) = state.committer.as_ref() else {
        return Ok(None);
    };
    let Some(mut live) = state.cache.take(id, owner) else {
        return Ok(None);
    };
    let now = attempts::to_timestamp(state.now());
    if live.attempt.is_closed() || live.attempt.is_due(now) {
        state.cache.put(owner, live);
        return Ok(None);
    }
    let event = match decide(&live) {
        Ok(event) => event,
        Err(err) => {
            state.cache.put(owner, live);
            return Err(err);
        }
    };
    if matches!(event, Event::Submitted | Event::TimedOut) {
        state.cache.put(owner, live);
        return Ok(None);
    }
    let before = live.attempt.records().len();
    if let Err(err) = live.attempt.apply(event, now) {
        // Refused as the database's copy would be: nothing was recorded. The copy is
        // unchanged (the engine validates before it changes anything).
        state.cache.put(owner, live);
        return Err(AttemptsError::from(err).into());
    }
    let mut events = Vec::new();
    for (seq, record) in live.attempt.records().iter().enumerate().skip(before) {
        events.push(storage::AppendEvent {
            attempt: live.id.clone(),
            seq: seq as u32,
            at: attempts::to_datetime(record.at),
            event: serde_json::to_string(record)
                .map_err(|e| Error::Internal(format!("an event cannot be written: {e}")))?,
        });
    }
    let results = committer.append(events).await?;
    if results.iter().all(Result::is_ok) {
        let answer = output(&live);
        state.cache.put(owner, live);
        return Ok(Some(answer));
    }
    // Stale (another request or instance appended, or closed the attempt) or failed: the
    // copy is dropped; the database decides on the usual way.
    for result in results {
        match result {
            Ok(()) => {}
            Err(StorageError::Conflict { .. } | StorageError::Finished(_)) => return Ok(None),
            Err(err) => return Err(err.into()),
        }
    }
    Ok(None)
}
