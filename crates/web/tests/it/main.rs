//! The web application through its router, without a server (and one test with a server),
//! on in-memory SQLite stores; `tests/postgres` runs the store-heavy flows on PostgreSQL.

mod accounts;
mod api;
mod attempts_api;
mod concurrency;
mod exam;
mod instances;
mod integrity;
mod pages;
mod security;
mod serve;
mod study;

#[path = "../common/mod.rs"]
mod common;

pub use common::*;

use std::sync::Arc;
use storage::Storage;

/// A fresh in-memory SQLite store.
pub fn store() -> Arc<dyn Storage> {
    Arc::new(storage_sqlite::SqliteStorage::open_in_memory().expect("an in-memory store"))
}
