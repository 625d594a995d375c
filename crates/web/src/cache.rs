//! Attempts this server instance served recently, kept so that an answer does not reload and
//! replay the whole log. The database stays the only truth: a cached attempt is used only to
//! decide and append the next events, and `append_event` refuses an event whose sequence
//! number is not the next one in the database, so a stale copy (another instance appended
//! meanwhile) is found out at once and reloaded. A request that would append nothing reads
//! the database instead.

use attempts::Live;
use std::collections::HashMap;
use std::sync::Mutex;

/// How many attempts one instance keeps.
const CAPACITY: usize = 4096;

/// The cache: attempt id → (owner, attempt).
#[derive(Debug, Default)]
pub struct AttemptCache {
    entries: Mutex<HashMap<String, (String, Live)>>,
}

impl AttemptCache {
    /// Takes the cached copy of `owner`'s attempt `id` out of the cache (a request uses it
    /// alone, and puts it back when done).
    pub(crate) fn take(&self, id: &str, owner: &str) -> Option<Live> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.remove(id) {
            Some((cached_owner, live)) if cached_owner == owner => Some(live),
            Some(other) => {
                entries.insert(id.to_owned(), other);
                None
            }
            None => None,
        }
    }

    /// Keeps an attempt as the database has it after the caller's last append.
    pub(crate) fn put(&self, owner: &str, live: Live) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY
            && !entries.contains_key(&live.id)
            && let Some(evicted) = entries.keys().next().cloned()
        {
            entries.remove(&evicted);
        }
        entries.insert(live.id.clone(), (owner.to_owned(), live));
    }

    /// Forgets an attempt.
    pub(crate) fn forget(&self, id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.remove(id);
    }
}
