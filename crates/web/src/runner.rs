//! The `attempts` crate run for one visitor on tokio's blocking pool, with retries when two
//! requests change the same attempt at once.

use crate::AppState;
use crate::auth::blocking;
use crate::error::Error;
use attempts::{Attempts, AttemptsError, Live};
use engine::Event;
use storage::StorageError;
use time::OffsetDateTime;

/// How often a change is retried when another request appended to the attempt first.
const RETRIES: usize = 3;

/// Runs `work` with `owner`'s attempts at the current time, off the async threads.
pub(crate) async fn with_attempts<T: Send + 'static>(
    state: &AppState,
    owner: &str,
    work: impl FnOnce(&Attempts<'_>, OffsetDateTime) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let state = state.clone();
    let owner = owner.to_owned();
    blocking(move || {
        let attempts = Attempts::new(&*state.store, &state.catalog, &state.items, Some(&owner));
        work(&attempts, state.now())
    })
    .await
}

/// Loads attempt `id`, asks `decide` which events to apply to it, and applies them, each
/// committed before the next. When another request appended to the log meanwhile, the
/// attempt is loaded again and `decide` asked again.
pub(crate) fn change(
    attempts: &Attempts<'_>,
    id: &str,
    now: OffsetDateTime,
    mut decide: impl FnMut(&Live) -> Result<Vec<Event>, Error>,
) -> Result<Live, Error> {
    for _ in 0..RETRIES {
        let mut live = attempts.load(id, now)?;
        let events = decide(&live)?;
        let mut conflict = false;
        for event in events {
            match attempts.apply(&mut live, event, now) {
                Ok(()) => {}
                Err(AttemptsError::Storage(StorageError::Conflict { .. })) => {
                    conflict = true;
                    break;
                }
                Err(err) => return Err(err.into()),
            }
        }
        if !conflict {
            return Ok(live);
        }
    }
    Err(Error::Refused(
        "the attempt was changed in another window at the same moment; reload it and try again"
            .into(),
    ))
}
