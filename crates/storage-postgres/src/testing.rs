//! Throwaway databases for tests, on the server `CERTPATH_TEST_POSTGRES_URL` names
//! (`scripts/with-postgres` starts one and sets it): each [`TestDatabase`] is created empty and
//! dropped when it goes out of scope. Used by this crate's tests and the web app's.

use crate::PostgresStorage;
use postgres::NoTls;
use std::sync::atomic::{AtomicU32, Ordering};
use time::OffsetDateTime;

/// The server the tests run against. Without one they fail: passing without having checked
/// anything would hide a broken store.
pub fn server_url() -> String {
    match std::env::var("CERTPATH_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "CERTPATH_TEST_POSTGRES_URL is not set. The storage-postgres tests need a PostgreSQL \
             server: run them through `scripts/with-postgres cargo test -p storage-postgres` \
             (it starts a throwaway server) or `bash scripts/test`, or set \
             CERTPATH_TEST_POSTGRES_URL=postgres://USER@HOST:PORT/postgres to a server where \
             USER may create databases."
        ),
    }
}

/// `url` with its database replaced by `name`; both URL and `key=value` forms.
pub fn with_database(url: &str, name: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return format!("{url} dbname={name}");
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let query = rest[end..].find('?').map_or("", |q| &rest[end + q..]);
    format!("{scheme}://{}/{name}{query}", &rest[..end])
}

/// A client of the server itself (its `postgres` database), for creating databases.
pub fn admin() -> postgres::Client {
    let url = server_url();
    postgres::Client::connect(&url, NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to CERTPATH_TEST_POSTGRES_URL: {e:?}"))
}

/// A database of its own for one test, dropped when the test ends, passed or failed.
pub struct TestDatabase {
    name: String,
    url: String,
}

impl Default for TestDatabase {
    fn default() -> TestDatabase {
        TestDatabase::new()
    }
}

impl TestDatabase {
    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new, empty database; panics when the server cannot create one (a test helper).
    pub fn new() -> TestDatabase {
        TestDatabase::with_options("")
            .unwrap_or_else(|e| panic!("cannot create a test database: {e:?}"))
    }

    /// A database created with extra `CREATE DATABASE` options (a collation, say).
    pub fn with_options(options: &str) -> Result<TestDatabase, postgres::Error> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000;
        // Letters, digits and underscores only: safe to put in the statement, which cannot
        // take a database name as a parameter.
        let name = format!(
            "certpath_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        admin().batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' {options}"
        ))?;
        let url = with_database(&server_url(), &name);
        Ok(TestDatabase { name, url })
    }

    /// A store on the database.
    pub fn store(&self) -> PostgresStorage {
        PostgresStorage::connect(&self.url).expect("connect")
    }

    /// A plain client of the database.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, NoTls).expect("connect")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // No panic here: this also runs while a failed test unwinds.
        let dropped = postgres::Client::connect(&server_url(), NoTls).and_then(|mut admin| {
            admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
        });
        if let Err(e) = dropped {
            eprintln!("could not drop test database {}: {e:?}", self.name);
        }
    }
}
