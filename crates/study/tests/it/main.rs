//! Integration tests of the `study` crate, through its public API only. One binary, one
//! module per concern.

/// Calibration of P(pass) on simulated learners: Brier score and reliability diagram.
mod calibrate;
mod calibration;
/// A seeded generator, simulated banks and learners, small fixtures.
mod common;
/// θ_c from the test characteristic curve, and the model's input errors.
mod cut;
/// The label and the practice scale agree with the engine's report.
mod engine_parity;
/// iCalendar export: format validity and a snapshot.
mod ical;
/// Study plans: edge cases and invariants.
mod plan;
/// Property tests over random inputs.
mod properties;
/// Readiness: monotonicity, per-domain estimates, the band, too few answers.
mod readiness;
