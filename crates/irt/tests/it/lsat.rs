//! Oracles (psychometrics reference §2.2–2.3):
//! * exact MML: 101-point Gauss–Hermite, L-BFGS-B to ftol 1e-14, logistic D = 1;
//! * R ltm 2PL on LSAT6 (21 Gauss–Hermite points, BFGS, max|grad| 0.024);
//! * R mirt's own tests (`tests/tests/test-01-mirtOne.R`), slope–intercept d = −a b.

use irt::{Calibration, FitOptions, Model, Quadrature};

use crate::common::{LSAT6, LSAT7, assert_all_close, expand};

fn fit(counts: &[u32; 32], model: Model) -> Calibration {
    fit_with(counts, model, &FitOptions::default())
}

fn fit_with(counts: &[u32; 32], model: Model, options: &FitOptions) -> Calibration {
    let calibration = irt::fit(&expand(counts), model, options).expect("LSAT data fits");
    assert!(
        calibration.converged,
        "{model} did not converge: {calibration:?}"
    );
    assert!(
        calibration.warnings.is_empty(),
        "{:?}",
        calibration.warnings
    );
    calibration
}

fn a(c: &Calibration) -> Vec<f64> {
    c.items.iter().map(|i| i.a).collect()
}
fn b(c: &Calibration) -> Vec<f64> {
    c.items.iter().map(|i| i.b).collect()
}
fn d(c: &Calibration) -> Vec<f64> {
    c.items.iter().map(|i| -i.a * i.b).collect()
}
fn se_a(c: &Calibration) -> Vec<f64> {
    c.items.iter().map(|i| i.se_a.expect("se_a")).collect()
}
fn se_b(c: &Calibration) -> Vec<f64> {
    c.items.iter().map(|i| i.se_b.expect("se_b")).collect()
}

#[track_caller]
fn check_exact(c: &Calibration, a_exact: &[f64], b_exact: &[f64], log_likelihood: f64) {
    assert_all_close("a vs exact MML", &a(c), a_exact, 1e-3);
    assert_all_close("b vs exact MML", &b(c), b_exact, 1e-3);
    assert_all_close(
        "logLik vs exact MML",
        &[c.log_likelihood],
        &[log_likelihood],
        1e-3,
    );
}

#[test]
fn lsat6_2pl_matches_exact_mml() {
    let c = fit(&LSAT6, Model::TwoPl);
    check_exact(
        &c,
        &[0.8257, 0.7227, 0.8909, 0.6884, 0.6568],
        &[-3.3588, -1.3701, -0.2797, -1.8664, -3.1259],
        -2466.6534,
    );
    assert_eq!((c.n_persons, c.n_patterns), (1000, 30));
}

#[test]
fn lsat6_2pl_matches_ltm_within_its_convergence() {
    let c = fit(&LSAT6, Model::TwoPl);
    // ltm stops at max|grad| 0.024 with 21 points; its estimates differ from the exact MML
    // ones by up to 0.0023.
    assert_all_close(
        "a vs ltm",
        &a(&c),
        &[0.8254, 0.7229, 0.8905, 0.6886, 0.6575],
        5e-3,
    );
    assert_all_close(
        "b vs ltm",
        &b(&c),
        &[-3.3597, -1.3696, -0.2799, -1.8659, -3.1236],
        5e-3,
    );
    assert_all_close("logLik vs ltm", &[c.log_likelihood], &[-2466.653], 1e-3);
    // Standard errors within 2 % of ltm's (inverse observed information at its estimates).
    let relative = |ours: Vec<f64>, ltm: [f64; 5]| -> Vec<f64> {
        ours.iter().zip(ltm).map(|(o, l)| o / l - 1.0).collect()
    };
    let zeros = [0.0; 5];
    assert_all_close(
        "se_a / ltm - 1",
        &relative(se_a(&c), [0.2581, 0.1867, 0.2326, 0.1852, 0.2100]),
        &zeros,
        0.02,
    );
    assert_all_close(
        "se_b / ltm - 1",
        &relative(se_b(&c), [0.8669, 0.3073, 0.0997, 0.4341, 0.8700]),
        &zeros,
        0.02,
    );
}

#[test]
fn lsat7_2pl_matches_exact_mml_and_mirt() {
    let c = fit(&LSAT7, Model::TwoPl);
    check_exact(
        &c,
        &[0.9875, 1.0808, 1.7075, 0.7650, 0.7357],
        &[-1.8793, -0.7475, -1.0572, -0.6353, -2.5208],
        -2658.8051,
    );
    // mirt's tight (SEM) run, to 1e-3.
    assert_all_close(
        "a vs mirt SEM",
        &a(&c),
        &[0.9876, 1.0808, 1.7075, 0.765, 0.7357],
        1e-3,
    );
    assert_all_close(
        "d vs mirt SEM",
        &d(&c),
        &[1.8559, 0.808, 1.8052, 0.486, 1.8545],
        1e-3,
    );
    // mirt's default EM run, at mirt's own test tolerance of 1e-2.
    assert_all_close(
        "a vs mirt EM",
        &a(&c),
        &[0.988, 1.081, 1.706, 0.7651, 0.7358],
        1e-2,
    );
    assert_all_close(
        "d vs mirt EM",
        &d(&c),
        &[1.8561, 0.808, 1.8043, 0.486, 1.8545],
        1e-2,
    );
    // mirt's SEM 95 % intervals for a, as standard errors (half-width / 1.96).
    let mirt_se: Vec<f64> = [
        (0.6367, 1.3384),
        (0.7604, 1.4013),
        (1.0868, 2.3281),
        (0.5065, 1.0235),
        (0.4246, 1.0467),
    ]
    .iter()
    .map(|(lo, hi)| (hi - lo) / (2.0 * 1.959_964))
    .collect();
    assert_all_close("se_a vs mirt SEM", &se_a(&c), &mirt_se, 1e-2);
}

#[test]
fn one_pl_matches_exact_mml_and_mirt() {
    let c = fit(&LSAT6, Model::OnePl);
    check_exact(
        &c,
        &[0.7551; 5],
        &[-3.6153, -1.3224, -0.3176, -1.7301, -2.7802],
        -2466.9376,
    );
    // mirt's `itemtype = "Rasch"` estimates the latent variance instead: d = −a b, σ² = a².
    assert_all_close(
        "d vs mirt Rasch",
        &d(&c),
        &[2.73, 0.999, 0.24, 1.306, 2.099],
        1e-2,
    );
    assert_all_close(
        "variance vs mirt Rasch",
        &[c.items[0].a.powi(2)],
        &[0.57],
        1e-2,
    );
    let se = c.items[0].se_a.expect("common slope SE");
    assert!(c.items.iter().all(|i| i.se_a == Some(se)));

    let c = fit(&LSAT7, Model::OnePl);
    check_exact(
        &c,
        &[1.0113; 5],
        &[-1.8474, -0.7822, -1.4447, -0.5157, -1.9708],
        -2664.9009,
    );
    // mirt's equal-slope model (CONSTRAIN a1 across items).
    assert_all_close("a vs mirt", &[c.items[0].a], &[1.011], 1e-2);
    assert_all_close(
        "d vs mirt",
        &d(&c),
        &[1.868, 0.791, 1.461, 0.521, 1.993],
        1e-2,
    );
}

#[test]
fn rasch_matches_exact_mml() {
    let c = fit(&LSAT6, Model::Rasch);
    check_exact(
        &c,
        &[1.0; 5],
        &[-2.8720, -1.0630, -0.2576, -1.3881, -2.2188],
        -2473.0538,
    );
    assert!(
        c.items
            .iter()
            .all(|i| i.se_a.is_none() && i.se_b.is_some() && i.se_c.is_none())
    );
    let c = fit(&LSAT7, Model::Rasch);
    check_exact(
        &c,
        &[1.0; 5],
        &[-1.8631, -0.7886, -1.4568, -0.5199, -1.9875],
        -2664.9160,
    );
}

/// The oracle's own rule (101 Gauss–Hermite points) and the default rectangular grid agree.
#[test]
fn gauss_hermite_agrees_with_the_rectangular_grid() {
    let options = FitOptions {
        quadrature: Quadrature::GaussHermite { points: 101 },
        ..FitOptions::default()
    };
    let gh = fit_with(&LSAT7, Model::TwoPl, &options);
    let rect = fit(&LSAT7, Model::TwoPl);
    assert_all_close("a", &a(&gh), &a(&rect), 1e-5);
    assert_all_close("b", &b(&gh), &b(&rect), 1e-5);
    assert_all_close("logLik", &[gh.log_likelihood], &[rect.log_likelihood], 1e-6);
}

/// Plain EM reaches the same optimum as SQUAREM, with more E-steps.
#[test]
fn plain_em_reaches_the_same_optimum() {
    let options = FitOptions {
        acceleration: irt::Acceleration::None,
        max_iterations: 20_000,
        tolerance: 1e-7,
        standard_errors: false,
        ..FitOptions::default()
    };
    let plain = fit_with(&LSAT6, Model::TwoPl, &options);
    let fast = fit(&LSAT6, Model::TwoPl);
    assert_all_close("a", &a(&plain), &a(&fast), 1e-4);
    assert_all_close("b", &b(&plain), &b(&fast), 1e-3);
    assert!(
        fast.iterations < plain.iterations,
        "{} vs {}",
        fast.iterations,
        plain.iterations
    );
}

/// The 3PL fits LSAT7 with its default Beta(5, 17) prior on c and reports every SE.
#[test]
fn three_pl_fits_with_the_guessing_prior() {
    let c = irt::fit(&expand(&LSAT7), Model::ThreePl, &FitOptions::default()).expect("fits");
    assert!(c.converged);
    assert!(c.log_prior < 0.0);
    for item in &c.items {
        assert!(item.c > 0.0 && item.c < 0.5, "{item:?}");
        assert!(
            item.se_a.is_some() && item.se_b.is_some() && item.se_c.is_some(),
            "{item:?}"
        );
    }
    // The prior keeps c near 0.2 where the 2PL has c = 0, so the fits differ, but not by much.
    let two_pl = fit(&LSAT7, Model::TwoPl);
    assert!((c.log_likelihood - two_pl.log_likelihood).abs() < 10.0);
}

/// A prior on b shrinks estimates (MAP) but stays close on well-measured items.
#[test]
fn priors_give_map_estimates() {
    let options = FitOptions {
        priors: irt::ItemPriors::weakly_informative(),
        ..FitOptions::default()
    };
    let map = fit_with(&LSAT7, Model::TwoPl, &options);
    let mml = fit(&LSAT7, Model::TwoPl);
    assert!(map.log_prior < 0.0);
    assert!(map.log_likelihood <= mml.log_likelihood);
    assert_all_close("a", &a(&map), &a(&mml), 0.15);
    assert_all_close("b", &b(&map), &b(&mml), 0.3);
}
