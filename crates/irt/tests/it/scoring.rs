//! Published ability scores (psychometrics reference §2.2–2.3).

use irt::{ItemParams, Normal, Quadrature, ScoreError, ScoreMethod, ScoreOptions};

use crate::common::{assert_all_close, pattern};

fn slope_intercept(a: [f64; 5], d: [f64; 5]) -> Vec<ItemParams> {
    a.iter()
        .zip(d)
        .map(|(&a, d)| ItemParams::from_slope_intercept(a, d))
        .collect()
}

fn mirt_sem_items() -> Vec<ItemParams> {
    slope_intercept(
        [0.9876, 1.0808, 1.7075, 0.765, 0.7357],
        [1.8559, 0.808, 1.8052, 0.486, 1.8545],
    )
}

/// The grid behind mirt's published scores: 40 equally spaced points on ±4. (Deduced: it
/// reproduces them to 7e-4, while any fine grid on ±6 gives −1.8698 for 00000, because
/// truncating at −4 cuts 0.1 % of that pattern's posterior.)
fn mirt_grid() -> ScoreOptions {
    ScoreOptions {
        quadrature: Quadrature::Rectangular {
            points: 40,
            limit: 4.0,
        },
        ..ScoreOptions::default()
    }
}

/// R mirt's LSAT7 2PL (SEM run): EAP of the first six patterns, 00000 … 00101.
#[test]
fn lsat7_eap_matches_mirt() {
    let items = mirt_sem_items();
    let eap = |options: &ScoreOptions| -> Vec<f64> {
        (0..6)
            .map(|p| irt::eap(&items, &pattern(p), options).unwrap().theta)
            .collect()
    };
    let mirt = [
        -1.8665957, -1.5266920, -1.5134024, -1.1852276, -1.0946830, -0.7666992,
    ];
    assert_all_close("EAP vs mirt, mirt's grid", &eap(&mirt_grid()), &mirt, 1e-3);
    // Our default grid, at mirt's own test tolerance.
    assert_all_close(
        "EAP vs mirt, default grid",
        &eap(&ScoreOptions::default()),
        &mirt,
        1e-2,
    );
}

/// R mirt's EAPsum table for the same model: pattern 00000 is also sum score 0, and its
/// posterior SD is the tabled SE.
#[test]
fn lsat7_eap_of_score_zero_matches_mirt_eapsum() {
    let e = irt::eap(&mirt_sem_items(), &pattern(0), &mirt_grid()).unwrap();
    assert_all_close(
        "EAPsum(0)",
        &[e.theta, e.se],
        &[-1.86658192945326, 0.687274771185597],
        1e-3,
    );
}

/// R mirt's LSAT7 MAP scores (BL run parameters).
#[test]
fn lsat7_map_matches_mirt() {
    let items = slope_intercept(
        [0.988, 1.081, 1.706, 0.7651, 0.7358],
        [1.8561, 0.808, 1.8043, 0.486, 1.8545],
    );
    let map: Vec<f64> = (0..6)
        .map(|p| {
            irt::map(&items, &pattern(p), &ScoreOptions::default())
                .unwrap()
                .theta
        })
        .collect();
    let mirt = [
        -1.8165552, -1.4946906, -1.4822982, -1.1789899, -1.0958928, -0.7951026,
    ];
    assert_all_close("MAP vs mirt", &map, &mirt, 1e-3);
}

/// R ltm's empirical-Bayes (posterior mode) scores for LSAT6 with ltm's own estimates.
#[test]
fn lsat6_map_matches_ltm() {
    let a = [0.8254, 0.7229, 0.8905, 0.6886, 0.6575];
    let b = [-3.3597, -1.3696, -0.2799, -1.8659, -3.1236];
    let items: Vec<ItemParams> = a
        .iter()
        .zip(b)
        .map(|(&a, b)| ItemParams::two_pl(a, b))
        .collect();
    let score = |p: usize| irt::map(&items, &pattern(p), &ScoreOptions::default()).unwrap();
    let patterns = [0b00000, 0b01011, 0b11111];
    let theta: Vec<f64> = patterns.iter().map(|&p| score(p).theta).collect();
    let se: Vec<f64> = patterns.iter().map(|&p| score(p).se).collect();
    assert_all_close("MAP vs ltm", &theta, &[-1.895, -0.573, 0.606], 1e-3);
    assert_all_close("MAP SE vs ltm", &se, &[0.795, 0.809, 0.855], 1e-3);
}

/// adaptivetesting's 4PL vector (`tests/test_eap.py`, `tests/test_standard_error.py`):
/// EAP over θ ∈ [−4, 4] with an N(0, 1) prior.
#[test]
fn four_pl_eap_matches_adaptivetesting() {
    let items = [
        ItemParams::four_pl(1.32, -0.63, 0.17, 0.87),
        ItemParams::four_pl(1.07, 0.18, 0.10, 0.93),
        ItemParams::four_pl(0.84, -0.84, 0.19, 1.0),
    ];
    let options = ScoreOptions {
        prior: Normal::STANDARD,
        quadrature: Quadrature::Rectangular {
            points: 1001,
            limit: 4.0,
        },
    };
    let e = irt::eap(&items, &[Some(false), Some(true), Some(false)], &options).unwrap();
    // Their test asserts 4 decimal places (their 1000-point trapezoid gives −0.456520).
    assert_all_close("EAP vs adaptivetesting", &[e.theta], &[-0.4565068], 1e-4);
    // Their "standard error" test passes θ = 0, not the EAP, so it is the posterior root
    // mean square about 0: √(SD² + EAP²). Checked at their 3 decimal places.
    let rms = (e.se * e.se + e.theta * e.theta).sqrt();
    assert_all_close(
        "posterior RMS about 0 vs adaptivetesting",
        &[rms],
        &[0.9866929],
        1e-3,
    );
}

#[test]
fn no_responses_give_the_prior() {
    let items = [ItemParams::two_pl(1.0, 0.0); 3];
    let prior = Normal::new(0.5, 2.0);
    let options = ScoreOptions {
        prior,
        ..ScoreOptions::default()
    };
    for method in [ScoreMethod::Eap, ScoreMethod::Map] {
        let e = irt::score(&items, &[None; 3], method, &options).unwrap();
        assert_all_close("prior", &[e.theta, e.se], &[0.5, 2.0], 1e-6);
    }
}

/// All-correct and all-incorrect vectors have finite scores under the prior.
#[test]
fn extreme_patterns_are_finite() {
    let items = vec![ItemParams::two_pl(1.5, 0.0); 20];
    for correct in [true, false] {
        for method in [ScoreMethod::Eap, ScoreMethod::Map] {
            let e = irt::score(
                &items,
                &[Some(correct); 20],
                method,
                &ScoreOptions::default(),
            )
            .unwrap();
            assert!(
                e.theta.is_finite() && e.se.is_finite() && e.se > 0.0,
                "{e:?}"
            );
            assert_eq!(e.theta > 0.0, correct);
        }
    }
}

#[test]
fn posterior_sums_to_one_and_gives_the_eap() {
    let items = [ItemParams::three_pl(1.2, 0.0, 0.2), ItemParams::rasch(1.0)];
    let responses = [Some(true), Some(false)];
    let options = ScoreOptions::default();
    let posterior = irt::posterior(&items, &responses, &options).unwrap();
    let total: f64 = posterior.weights().iter().sum();
    assert!((total - 1.0).abs() < 1e-12);
    assert_eq!(posterior.nodes().len(), 121);
    let e = irt::eap(&items, &responses, &options).unwrap();
    assert_eq!((e.theta, e.se), (posterior.mean(), posterior.sd()));
}

#[test]
fn scoring_errors() {
    let items = [ItemParams::two_pl(1.0, 0.0)];
    let options = ScoreOptions::default();
    assert_eq!(
        irt::eap(&items, &[], &options),
        Err(ScoreError::LengthMismatch {
            items: 1,
            responses: 0
        })
    );
    let bad = [
        ItemParams::two_pl(1.0, 0.0),
        ItemParams::three_pl(1.0, 0.0, 1.5),
    ];
    assert!(matches!(
        irt::map(&bad, &[Some(true), Some(true)], &options),
        Err(ScoreError::InvalidItem { index: 1, .. })
    ));
    let nan = [ItemParams::two_pl(f64::NAN, 0.0)];
    assert!(matches!(
        irt::eap(&nan, &[Some(true)], &options),
        Err(ScoreError::InvalidItem { .. })
    ));
    let options = ScoreOptions {
        prior: Normal::new(0.0, 0.0),
        ..ScoreOptions::default()
    };
    assert!(matches!(
        irt::map(&items, &[Some(true)], &options),
        Err(ScoreError::InvalidOption {
            option: "prior",
            ..
        })
    ));
    let options = ScoreOptions {
        quadrature: Quadrature::GaussHermite { points: 1 },
        ..ScoreOptions::default()
    };
    assert!(matches!(
        irt::eap(&items, &[Some(true)], &options),
        Err(ScoreError::InvalidOption {
            option: "quadrature",
            ..
        })
    ));
}
