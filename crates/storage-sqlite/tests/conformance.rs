//! The storage contract, checked against a real SQLite database file.

use storage::Storage;
use storage_sqlite::SqliteStorage;

#[test]
fn the_conformance_suite_passes_on_a_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStorage::open(&dir.path().join("nested/certpath.db")).expect("open");
    storage::conformance::check_all(&store);
}

#[test]
fn the_conformance_suite_passes_in_memory() {
    let store = SqliteStorage::open_in_memory().expect("open");
    storage::conformance::check_all(&store);
}

#[test]
fn the_conformance_suite_passes_on_a_memory_path() {
    // `:memory:` as a path is a private in-memory database too: reads use its one connection.
    let store = SqliteStorage::open(std::path::Path::new(":memory:")).expect("open");
    storage::conformance::check_all(&store);
}

#[test]
fn data_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certpath.db");
    {
        let store = SqliteStorage::open(&path).unwrap();
        storage::conformance::check_all(&store);
    }
    let store = SqliteStorage::open(&path).expect("reopen (migrations are idempotent)");
    let attempt = store.attempt("e1").unwrap().expect("kept");
    assert_eq!(attempt.events.len(), 50);
}

#[test]
fn the_database_is_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certpath.db");
    let _store = SqliteStorage::open(&path).unwrap();
    let check = rusqlite::Connection::open(&path).unwrap();
    let mode: String = check
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-a-db");
    let content =
        "this is not sqlite, just some text that is long enough to be read as a header ".repeat(20);
    std::fs::write(&path, &content).unwrap();
    let result = SqliteStorage::open(&path);
    assert!(
        matches!(result, Err(storage::StorageError::Database(_))),
        "opening a foreign file fails cleanly"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        content,
        "the file is left as it was"
    );
}
