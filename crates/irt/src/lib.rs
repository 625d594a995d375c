//! Item response theory for dichotomous (right/wrong) questions: calibrate item parameters
//! from a persons × items response matrix, then score learners on the calibrated scale.
//!
//! Calibration fits the Rasch, 1PL (common slope), 2PL or 3PL model by marginal maximum
//! likelihood with the Bock–Aitkin EM algorithm, or by MAP when item priors are given (which
//! keeps items with few responses finite and stable). Scoring gives EAP (posterior mean and
//! SD) or MAP (posterior mode and curvature SE) ability estimates for any response vector,
//! missing responses allowed.
//!
//! The crate does no I/O and keeps no state: [`parse_response_csv`] takes text the caller
//! has read, and everything else is a pure function of its arguments.
//!
//! # Example: calibrate, then score
//!
//! ```
//! use irt::{FitOptions, Model, ScoreOptions};
//!
//! // A header of item ids, then one row per person: 1 correct, 0 incorrect, empty missing.
//! let csv = "q1,q2,q3\n1,0,1\n1,1,\n0,0,1\n1,1,1\n0,1,0\n1,0,0\n";
//! let data = irt::parse_response_csv(csv)?;
//!
//! let calibration = irt::fit(&data, Model::Rasch, &FitOptions::default())?;
//! assert!(calibration.converged);
//! let q3 = calibration.item("q3").expect("q3 is calibrated");
//! assert!(q3.b < 0.0, "q3 is answered correctly more often than not");
//! assert!(q3.se_b.is_some());
//!
//! // Score a learner who got q1 right and q2 wrong and skipped q3.
//! let items = calibration.item_params();
//! let ability = irt::eap(&items, &[Some(true), Some(false), None], &ScoreOptions::default())?;
//! assert!(ability.se > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Model and scale
//!
//! P(correct | θ) = c + (1 − c) / (1 + exp(−a (θ − b))) with D = 1 (the logistic metric of
//! R `mirt` and `ltm`), and θ ~ N(0, 1) in the calibration sample. Estimates therefore agree
//! with those programs' IRT parameterisation; `mirt`'s slope–intercept `d` is −a b.
//!
//! # Numerical methods
//!
//! * **Quadrature**: 61 equally spaced points on ±6 SD by default ([`Quadrature`] says why
//!   this beats Gauss–Hermite for long tests); Gauss–Hermite is available.
//! * **E-step**: identical response patterns are collapsed first; each pattern's log
//!   posterior over the nodes is accumulated from a per-item log table (contiguous slices,
//!   no allocation per pattern) and normalised by log-sum-exp. Large data is split into
//!   fixed chunks run on rayon's pool; chunk sums are added in order, so results do not
//!   depend on the thread count.
//! * **M-step**: Fisher scoring with step halving per item on (ln a, b, logit c), which keeps
//!   a > 0 and 0 < c < 1; for the 1PL, jointly on the common slope and all difficulties
//!   (an arrow-shaped system, solved in linear time).
//! * **Acceleration**: SQUAREM with a monotonicity safeguard ([`Acceleration`]).
//! * **Standard errors**: inverse observed information by Louis's identity, from one pass
//!   over the patterns at the estimates ([`ItemEstimate::se_a`]).
//!
//! # Bad input
//!
//! Errors are concrete types ([`FitError`], [`ScoreError`], [`CsvError`]); nothing panics
//! and no NaN is returned. An all-correct or all-incorrect item is an error unless a prior
//! on `b` is set; a parameter the data cannot pin down ends on a documented bound with a
//! [`FitWarning`].

mod csv;
mod data;
mod estep;
mod fit;
mod model;
mod mstep;
mod prior;
mod quadrature;
mod score;
mod se;

pub use csv::{CsvError, CsvErrorKind, parse_response_csv};
pub use data::{ResponseMatrix, RowLengthError};
pub use fit::{
    Acceleration, Calibration, FitError, FitOptions, FitWarning, ItemEstimate, Iteration, fit,
    fit_with_progress, log_likelihood,
};
pub use model::{ItemParams, Model, Parameter};
pub use prior::{Beta, ItemPriors, LogNormal, Normal};
pub use quadrature::Quadrature;
pub use score::{
    AbilityEstimate, Posterior, ScoreError, ScoreMethod, ScoreOptions, eap, map, posterior, score,
};
