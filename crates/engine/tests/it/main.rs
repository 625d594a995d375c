//! The engine's tests, through its public interface: one test binary, one module per area.

mod assembly;
mod attempt;
mod bankgen;
mod scoring;
mod state_machine;
mod views;

use catalog::{Catalog, ExamVersion};
use engine::Timestamp;
use std::sync::OnceLock;
use std::time::Duration;

/// The built-in catalog, loaded once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-in catalog loads"))
}

/// SAA-C03 from the built-in catalog.
pub fn saa() -> &'static ExamVersion {
    catalog()
        .exam("SAA-C03")
        .expect("SAA-C03 is in the catalog")
}

/// The start of every test attempt: 2026-12-01T08:00:00Z.
pub const START: Timestamp = Timestamp::from_unix_millis(1_796_112_000_000);

/// `secs` seconds after [`START`].
pub fn at(secs: u64) -> Timestamp {
    START.plus(Duration::from_secs(secs))
}

/// `millis` milliseconds after [`START`].
pub fn at_ms(millis: u64) -> Timestamp {
    START.plus(Duration::from_millis(millis))
}
