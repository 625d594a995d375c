use irt::{Acceleration, FitOptions, ItemParams, Model, Quadrature};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::common::simulate;

fn config() -> Config {
    Config {
        cases: 10,
        rng_seed: RngSeed::Fixed(0x1e57_0001),
        failure_persistence: None,
        ..Config::default()
    }
}

#[track_caller]
fn assert_monotone(history: &[irt::Iteration]) {
    for pair in history.windows(2) {
        let (before, after) = (pair[0].objective, pair[1].objective);
        // Rounding in a sum of ~1000 terms allows a few ulps of |objective|.
        assert!(
            after >= before - 1e-10 * before.abs(),
            "objective fell from {before} to {after}"
        );
    }
}

fn rmse(x: &[f64], y: &[f64]) -> f64 {
    (x.iter().zip(y).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
}

proptest! {
    #![proptest_config(config())]

    /// 2PL parameters are recovered from 800 simulated persons, and the EM objective never
    /// decreases, with or without acceleration.
    #[test]
    fn two_pl_is_recovered_and_em_is_monotone(
        truth in prop::collection::vec((0.7..2.0f64, -1.5..1.5f64), 8),
        seed in any::<u64>(),
    ) {
        let items: Vec<ItemParams> = truth.iter().map(|&(a, b)| ItemParams::two_pl(a, b)).collect();
        let data = simulate(&items, 800, seed);
        let fitted = irt::fit(&data, Model::TwoPl, &FitOptions::default()).unwrap();
        prop_assert!(fitted.converged);
        prop_assert!(fitted.warnings.is_empty());
        assert_monotone(&fitted.history);

        // The MML estimate fits at least as well as the truth ...
        let at_truth = irt::log_likelihood(&data, &items, &Quadrature::default()).unwrap();
        prop_assert!(fitted.log_likelihood >= at_truth - 1e-6);
        // ... and lies within a loose 4.5 standard errors of it. (With eight items a slope
        // can have an SE near 0.8, so a fixed tolerance would be either loose or flaky.)
        for (estimate, (a, b)) in fitted.items.iter().zip(&truth) {
            let z_a = (estimate.a - a) / estimate.se_a.unwrap();
            let z_b = (estimate.b - b) / estimate.se_b.unwrap();
            prop_assert!(z_a.abs() < 4.5 && z_b.abs() < 4.5, "{estimate:?} vs a {a}, b {b}");
        }
        let b: Vec<f64> = fitted.items.iter().map(|i| i.b).collect();
        let true_b: Vec<f64> = truth.iter().map(|t| t.1).collect();
        prop_assert!(rmse(&b, &true_b) < 0.3, "b {b:?} vs {true_b:?}");

        let plain = FitOptions {
            acceleration: Acceleration::None,
            max_iterations: 150,
            standard_errors: false,
            ..FitOptions::default()
        };
        let slow = irt::fit(&data, Model::TwoPl, &plain).unwrap();
        assert_monotone(&slow.history);
        prop_assert!(slow.history.iter().all(|i| !i.extrapolated));
    }
}

/// Serial and parallel E-steps give bit-identical fits (data large enough to go parallel).
#[test]
fn parallel_and_serial_fits_are_identical() {
    let items: Vec<ItemParams> = (0..12)
        .map(|j| ItemParams::two_pl(0.8 + 0.1 * j as f64, -1.5 + 0.25 * j as f64))
        .collect();
    let data = simulate(&items, 1500, 99);
    let serial = FitOptions {
        parallel: false,
        standard_errors: false,
        ..FitOptions::default()
    };
    let parallel = FitOptions {
        parallel: true,
        ..serial
    };
    let a = irt::fit(&data, Model::TwoPl, &serial).unwrap();
    let b = irt::fit(&data, Model::TwoPl, &parallel).unwrap();
    assert_eq!(a, b);
}

/// 3PL on simulated data with c = 0.2: the guessing parameters land near the truth and the
/// objective is monotone.
#[test]
fn three_pl_recovers_guessing_roughly() {
    let items: Vec<ItemParams> = (0..15)
        .map(|j| ItemParams::three_pl(1.0 + 0.08 * j as f64, -1.0 + 0.18 * j as f64, 0.2))
        .collect();
    let data = simulate(&items, 3000, 5);
    let options = FitOptions {
        standard_errors: false,
        ..FitOptions::default()
    };
    let fitted = irt::fit(&data, Model::ThreePl, &options).unwrap();
    assert!(fitted.converged);
    assert_monotone(&fitted.history);
    let mean_c = fitted.items.iter().map(|i| i.c).sum::<f64>() / 15.0;
    assert!((mean_c - 0.2).abs() < 0.05, "mean c {mean_c}");
    let b: Vec<f64> = fitted.items.iter().map(|i| i.b).collect();
    let true_b: Vec<f64> = items.iter().map(|i| i.b).collect();
    assert!(rmse(&b, &true_b) < 0.3, "{b:?}");
}
