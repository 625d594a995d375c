//! Read-only connections, so that reads need not wait for a write's fsync.
//!
//! In WAL mode a reader sees the last committed state and runs alongside the writer. A read
//! takes the first free connection, starting from a different one each time, and waits for
//! one only when all are busy.

use crate::db;
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use storage::StorageError;

/// How many read connections a database file gets.
pub(crate) const READERS: usize = 4;

/// How many prepared statements each connection keeps (every query of the store, with
/// room to spare: the attempt listings alone come in up to twelve shapes).
pub(crate) const STATEMENTS: usize = 64;

/// A fixed pool of read-only connections to one database file.
pub(crate) struct Readers {
    connections: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl Readers {
    /// No read connections: reads share the write connection (an in-memory database).
    pub(crate) fn none() -> Readers {
        Readers {
            connections: Vec::new(),
            next: AtomicUsize::new(0),
        }
    }

    /// `count` connections to the (already migrated, WAL-mode) database at `path`.
    pub(crate) fn open(path: &Path, count: usize) -> Result<Readers, StorageError> {
        let connections = (0..count)
            .map(|_| {
                let connection = Connection::open(path).map_err(|e| {
                    StorageError::Database(format!("cannot open {}: {e}", path.display()))
                })?;
                connection
                    .execute_batch("PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;")
                    .map_err(db)?;
                connection.set_prepared_statement_cache_capacity(STATEMENTS);
                Ok(Mutex::new(connection))
            })
            .collect::<Result<_, StorageError>>()?;
        Ok(Readers {
            connections,
            next: AtomicUsize::new(0),
        })
    }

    /// A free read connection, or `None` when there are none at all.
    ///
    /// A connection whose lock was poisoned is used anyway: a read leaves nothing behind
    /// (a read transaction is rolled back when dropped).
    pub(crate) fn get(&self) -> Option<MutexGuard<'_, Connection>> {
        let count = self.connections.len();
        if count == 0 {
            return None;
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed) % count;
        for i in 0..count {
            match self.connections[(start + i) % count].try_lock() {
                Ok(guard) => return Some(guard),
                Err(TryLockError::WouldBlock) => continue,
                Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            }
        }
        Some(
            self.connections[start]
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}
