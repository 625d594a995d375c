//! The store-heavy HTTP flows (accounts, exams, two instances, integrity) against a real
//! PostgreSQL server: the one `CERTPATH_TEST_POSTGRES_URL` names (`scripts/with-postgres`
//! starts a throwaway one). Every test gets a database of its own, dropped after it.

#[path = "../common/mod.rs"]
mod common;

#[path = "../it/accounts.rs"]
mod accounts;
#[path = "../it/attempts_api.rs"]
mod attempts_api;
#[path = "../it/concurrency.rs"]
mod concurrency;
#[path = "../it/exam.rs"]
mod exam;
#[path = "../it/instances.rs"]
mod instances;
#[path = "../it/integrity.rs"]
mod integrity;
#[path = "../it/study.rs"]
mod study;

pub use common::*;

use std::sync::Arc;
use storage::{
    AttemptFilter, AttemptSummary, Finish, ItemCalibration, NewAttempt, ReviewRecord, Role,
    Storage, StorageError, StoredAttempt, User, WebSession,
};
use storage_postgres::PostgresStorage;
use storage_postgres::testing::TestDatabase;
use time::OffsetDateTime;

/// A store on a database of its own, dropped with the store.
struct Isolated {
    parts: Option<(PostgresStorage, TestDatabase)>,
}

impl Isolated {
    fn store(&self) -> &PostgresStorage {
        &self.parts.as_ref().expect("open until dropped").0
    }
}

/// A fresh PostgreSQL database.
///
/// The `postgres` client runs its own small runtime, which may be neither started nor
/// dropped on a thread that drives the tests' async runtime: both happen on a thread of
/// their own.
pub fn store() -> Arc<dyn Storage> {
    let parts = std::thread::spawn(|| {
        let database = TestDatabase::new();
        (database.store(), database)
    })
    .join()
    .expect("a test database");
    Arc::new(Isolated { parts: Some(parts) })
}

impl Drop for Isolated {
    fn drop(&mut self) {
        if let Some((store, database)) = self.parts.take() {
            // The store's connections close before the database is dropped.
            let _ = std::thread::spawn(move || {
                drop(store);
                drop(database);
            })
            .join();
        }
    }
}

impl Storage for Isolated {
    fn create_attempt(&self, attempt: &NewAttempt) -> Result<(), StorageError> {
        self.store().create_attempt(attempt)
    }
    fn append_event(
        &self,
        attempt: &str,
        seq: u32,
        at: OffsetDateTime,
        event: &str,
    ) -> Result<(), StorageError> {
        self.store().append_event(attempt, seq, at, event)
    }
    fn finish_attempt(&self, attempt: &str, finish: &Finish) -> Result<(), StorageError> {
        self.store().finish_attempt(attempt, finish)
    }
    fn attempt(&self, id: &str) -> Result<Option<StoredAttempt>, StorageError> {
        self.store().attempt(id)
    }
    fn attempt_outline(&self, id: &str) -> Result<Option<String>, StorageError> {
        self.store().attempt_outline(id)
    }
    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptSummary>, StorageError> {
        self.store().attempts(filter)
    }
    fn add_reviews(&self, reviews: &[ReviewRecord]) -> Result<(), StorageError> {
        self.store().add_reviews(reviews)
    }
    fn reviews(&self, user: Option<&str>) -> Result<Vec<ReviewRecord>, StorageError> {
        self.store().reviews(user)
    }
    fn save_calibrations(&self, calibrations: &[ItemCalibration]) -> Result<(), StorageError> {
        self.store().save_calibrations(calibrations)
    }
    fn calibrations(&self) -> Result<Vec<ItemCalibration>, StorageError> {
        self.store().calibrations()
    }
    fn create_user(&self, user: &User) -> Result<(), StorageError> {
        self.store().create_user(user)
    }
    fn user(&self, id: &str) -> Result<Option<User>, StorageError> {
        self.store().user(id)
    }
    fn user_by_name(&self, name: &str) -> Result<Option<User>, StorageError> {
        self.store().user_by_name(name)
    }
    fn users(&self) -> Result<Vec<User>, StorageError> {
        self.store().users()
    }
    fn set_role(&self, id: &str, role: Role) -> Result<(), StorageError> {
        self.store().set_role(id, role)
    }
    fn create_session(&self, session: &WebSession) -> Result<(), StorageError> {
        self.store().create_session(session)
    }
    fn session(&self, id: &str, now: OffsetDateTime) -> Result<Option<WebSession>, StorageError> {
        self.store().session(id, now)
    }
    fn delete_session(&self, id: &str) -> Result<(), StorageError> {
        self.store().delete_session(id)
    }
    fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64, StorageError> {
        self.store().delete_expired_sessions(now)
    }
    fn transfer_owner(&self, from: &str, to: &str) -> Result<u64, StorageError> {
        self.store().transfer_owner(from, to)
    }
    fn record_sign_in_failure(&self, name: &str, at: OffsetDateTime) -> Result<(), StorageError> {
        self.store().record_sign_in_failure(name, at)
    }
    fn sign_in_failures(&self, name: &str, since: OffsetDateTime) -> Result<u32, StorageError> {
        self.store().sign_in_failures(name, since)
    }
    fn clear_sign_in_failures(&self, name: &str) -> Result<(), StorageError> {
        self.store().clear_sign_in_failures(name)
    }
}
