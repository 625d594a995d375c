//! Is P(pass) calibrated? Simulated learners answer a simulated 2PL bank; among learners
//! told "70 %", about 70 % should truly be at or above the cut.
//!
//! The simulation is the model itself (true item parameters, θ ~ N(0, 1) = the prior), so a
//! correct implementation is calibrated up to sampling noise; the test checks the
//! computation (grid, cut, posterior mass), not robustness to estimated parameters.

use crate::common::{self, Lcg};
use study::{
    CalibratedItem, FormQuestion, ReadinessModel, ReadinessOptions, ReferenceForm, Response,
};

const BANK: usize = 200;
const FORM: usize = 50;
const LEARNERS: usize = 2000;
const ANSWERED: usize = 40;
const SEED: u64 = 20_260_301;

/// One learner's forecast and outcome.
struct Case {
    p: f64,
    truth: bool,
}

struct Bin {
    lo: f64,
    n: usize,
    mean_p: f64,
    observed: f64,
    /// The SE of the observed frequency if the forecasts are calibrated: √Σp(1−p) / n.
    se: f64,
}

fn bins(cases: &[Case]) -> Vec<Bin> {
    (0..10)
        .map(|b| {
            let lo = b as f64 / 10.0;
            let inside: Vec<&Case> = cases
                .iter()
                .filter(|c| ((c.p * 10.0) as usize).min(9) == b)
                .collect();
            let n = inside.len();
            let nf = n.max(1) as f64;
            Bin {
                lo,
                n,
                mean_p: inside.iter().map(|c| c.p).sum::<f64>() / nf,
                observed: inside.iter().filter(|c| c.truth).count() as f64 / nf,
                se: inside.iter().map(|c| c.p * (1.0 - c.p)).sum::<f64>().sqrt() / nf,
            }
        })
        .collect()
}

/// The minimum learners for a bin to be checked.
const MIN_BIN: usize = 30;

/// A bin passes when |mean predicted − observed| ≤ 3 SE + 1/n: three binomial standard
/// errors (a two-sided 0.3 % false alarm per bin under calibration, normal approximation)
/// plus one learner's worth, a continuity allowance for bins whose forecasts are all near 0
/// or 1 (there the SE is tiny and a single event moves the frequency by 1/n).
fn tolerance(bin: &Bin) -> f64 {
    3.0 * bin.se + 1.0 / bin.n as f64
}

fn diagram(title: &str, cases: &[Case]) -> String {
    let mut out = format!(
        "{title}: reliability diagram ({} learners)\n  bin        n   mean p  observed  |diff|  tolerance\n",
        cases.len()
    );
    for bin in bins(cases) {
        if bin.n == 0 {
            out.push_str(&format!("  {:.1}-{:.1}     0\n", bin.lo, bin.lo + 0.1));
            continue;
        }
        out.push_str(&format!(
            "  {:.1}-{:.1} {:5}   {:.3}   {:.3}     {:.3}   {:.3}{}\n",
            bin.lo,
            bin.lo + 0.1,
            bin.n,
            bin.mean_p,
            bin.observed,
            (bin.mean_p - bin.observed).abs(),
            tolerance(&bin),
            if bin.n < MIN_BIN {
                "  (too few, not checked)"
            } else {
                ""
            }
        ));
    }
    out
}

struct Scores {
    brier: f64,
    base_rate: f64,
    base_brier: f64,
    /// Mean p(1 − p): the Brier score a calibrated forecaster expects.
    expected_brier: f64,
    /// Spiegelhalter's z: (Brier − expected) / SD under calibration; N(0, 1) if calibrated.
    spiegelhalter_z: f64,
}

fn scores(cases: &[Case]) -> Scores {
    let n = cases.len() as f64;
    let y = |c: &Case| if c.truth { 1.0 } else { 0.0 };
    let brier = cases.iter().map(|c| (c.p - y(c)).powi(2)).sum::<f64>() / n;
    let base_rate = cases.iter().map(y).sum::<f64>() / n;
    let base_brier = base_rate * (1.0 - base_rate);
    let expected_brier = cases.iter().map(|c| c.p * (1.0 - c.p)).sum::<f64>() / n;
    let numerator: f64 = cases.iter().map(|c| (y(c) - c.p) * (1.0 - 2.0 * c.p)).sum();
    let variance: f64 = cases
        .iter()
        .map(|c| (1.0 - 2.0 * c.p).powi(2) * c.p * (1.0 - c.p))
        .sum();
    Scores {
        brier,
        base_rate,
        base_brier,
        expected_brier,
        spiegelhalter_z: numerator / variance.sqrt(),
    }
}

/// The diagram and scores, and whether the forecasts pass every check.
fn evaluate(title: &str, cases: &[Case]) -> Result<String, String> {
    let s = scores(cases);
    let mut report = diagram(title, cases);
    report.push_str(&format!(
        "  Brier {:.4}; base rate {:.3} (Brier of always forecasting it {:.4}); skill {:.3}; \
         expected Brier if calibrated {:.4}; Spiegelhalter z {:+.2}\n",
        s.brier,
        s.base_rate,
        s.base_brier,
        1.0 - s.brier / s.base_brier,
        s.expected_brier,
        s.spiegelhalter_z,
    ));
    // Sharpness: forty answers should do far better than the base rate. With ~40 items of
    // slope ≈ 1 the posterior SD is ≈ 0.35 against a population SD of 1, so only learners
    // within about ±0.5 of the cut get forecasts far from 0 or 1; the expected Brier of a
    // calibrated forecaster is then ≈ 0.07–0.09 against ≈ 0.22–0.24 for the base rate. Half
    // the base rate's Brier leaves a wide margin while still failing a forecaster that
    // ignores the answers.
    if s.brier >= 0.5 * s.base_brier {
        return Err(format!("Brier too high\n{report}"));
    }
    // Calibration overall: the Brier score is what calibrated forecasts would give.
    if s.spiegelhalter_z.abs() >= 3.0 {
        return Err(format!("miscalibrated overall\n{report}"));
    }
    for bin in bins(cases).iter().filter(|b| b.n >= MIN_BIN) {
        if (bin.mean_p - bin.observed).abs() > tolerance(bin) {
            return Err(format!(
                "bin {:.1}-{:.1} is off\n{report}",
                bin.lo,
                bin.lo + 0.1
            ));
        }
    }
    Ok(report)
}

/// Panics with the diagram when the forecasts fail; prints it either way (`--nocapture`).
fn check(title: &str, cases: &[Case]) {
    match evaluate(title, cases) {
        Ok(report) => println!("{report}"),
        Err(report) => panic!("{report}"),
    }
}

#[test]
fn pass_probability_is_calibrated_on_simulated_learners() {
    let mut rng = Lcg::new(SEED);
    let bank = common::bank(BANK, 4, SEED + 1);
    // The reference form: 50 bank items. Angoff ratings: the items' probability of success
    // at θ = 0.3 (the panel's minimally qualified candidate) plus rater noise N(0, 0.05²).
    let form_items: Vec<usize> = rng.sample(BANK, FORM);
    let form = ReferenceForm {
        questions: form_items
            .iter()
            .map(|&i| {
                let rating = bank[i].params.probability(0.3) + 0.05 * rng.normal();
                FormQuestion::new(bank[i].id.clone(), rating.clamp(0.02, 0.98))
            })
            .collect(),
        passing_score: 720,
    };
    let model = ReadinessModel::new(&bank, &form, ReadinessOptions::default()).unwrap();
    let theta_c = model.theta_cut();
    assert!((theta_c - 0.3).abs() < 0.2, "θ_c = {theta_c}");
    let passing_raw = model.scale().passing_raw();

    let mut on_theta = Vec::with_capacity(LEARNERS);
    let mut on_sitting = Vec::with_capacity(LEARNERS);
    let mut thetas = Vec::with_capacity(LEARNERS);
    for _ in 0..LEARNERS {
        let theta = rng.normal();
        thetas.push(theta);
        let answers: Vec<Response> = rng
            .sample(BANK, ANSWERED)
            .into_iter()
            .map(|i| {
                let item: &CalibratedItem = &bank[i];
                Response::new(
                    item.id.clone(),
                    rng.bernoulli(item.params.probability(theta)),
                )
            })
            .collect();
        let r = model.assess(&answers).unwrap();
        on_theta.push(Case {
            p: r.p_pass,
            truth: theta >= theta_c,
        });
        // A sitting of the reference form at the true θ.
        let raw = form_items
            .iter()
            .filter(|&&i| rng.bernoulli(bank[i].params.probability(theta)))
            .count() as u32;
        on_sitting.push(Case {
            p: r.p_pass_sitting,
            truth: raw >= passing_raw,
        });
    }
    println!(
        "θ_c = {theta_c:.4}; raw cut {} of {FORM}",
        model.scale().cut()
    );
    check("P(θ ≥ θ_c)", &on_theta);
    check("P(pass one sitting of the reference form)", &on_sitting);

    // Negative controls: the checks have teeth. Forecasts shrunk halfway to 0.5 (timid) and
    // P(θ ≥ θ_c) scored against θ ≥ θ_c − 0.3 (a cut in the wrong
    // place) must both fail.
    let timid: Vec<Case> = on_theta
        .iter()
        .map(|c| Case {
            p: 0.5 + 0.5 * (c.p - 0.5),
            truth: c.truth,
        })
        .collect();
    assert!(evaluate("timid", &timid).is_err());
    let shifted: Vec<Case> = on_theta
        .iter()
        .zip(&thetas)
        .map(|(c, &theta)| Case {
            p: c.p,
            truth: theta >= theta_c - 0.3,
        })
        .collect();
    assert!(evaluate("cut misplaced by 0.3", &shifted).is_err());
}
