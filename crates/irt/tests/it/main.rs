//! Integration tests of the `irt` crate, through its public API only. One binary, one module
//! per concern.

/// LSAT6/LSAT7 fixtures, a seeded generator and tolerance helpers.
mod common;
/// `parse_response_csv`: the format and every error's line and column.
mod csv;
/// Bad input to `fit` and the scoring functions: an error each, never a panic.
mod errors;
/// Calibration against the exact MML values and the published R ltm / mirt tables.
mod lsat;
/// Missing responses.
mod missing;
/// Property tests on simulated data: recovery and monotone EM.
mod properties;
/// EAP and MAP against published scores.
mod scoring;
