//! Calibrating the bank from learners' first attempts: IRT parameters plus classical item
//! statistics (Moodle's facility, discrimination index and discriminative efficiency), with
//! flags for items that behave badly.

use std::collections::BTreeMap;

/// A learner's first answer to an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstResponse {
    /// Who answered (any stable id).
    pub person: String,
    /// The bank item's id.
    pub item: String,
    /// Whether it was answered correctly (a blank counts as wrong, as AWS scores it).
    pub correct: bool,
}

/// Fewest learners a calibration accepts.
pub const MIN_PERSONS: usize = 20;

/// Classical statistics of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassicalStats {
    /// First responses.
    pub n: u32,
    /// Share answered correctly.
    pub facility: f64,
    /// 100 × the correlation of the item's score with the rest of the learner's answers;
    /// `None` when either varies not at all.
    pub discrimination: Option<f64>,
    /// 100 × that covariance over the largest covariance the two sets of scores allow.
    pub efficiency: Option<f64>,
}

/// One calibrated item.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibratedItem {
    /// The bank item's id.
    pub item: String,
    /// Slope.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Lower asymptote.
    pub c: f64,
    /// Standard error of `a` (when estimated).
    pub se_a: Option<f64>,
    /// Standard error of `b`.
    pub se_b: Option<f64>,
    /// Standard error of `c` (when estimated).
    pub se_c: Option<f64>,
    /// Classical statistics.
    pub classical: ClassicalStats,
    /// What is wrong with the item, in words; empty when nothing is.
    pub flags: Vec<String>,
}

/// A calibration of the items that have responses.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The model's name (`Rasch`, `1PL`, `2PL`, `3PL`).
    pub model: String,
    /// Learners whose answers were used.
    pub persons: usize,
    /// Whether priors regularised the fit (some item had few responses).
    pub regularised: bool,
    /// Whether EM converged.
    pub converged: bool,
    /// The marginal log-likelihood.
    pub log_likelihood: f64,
    /// Per item, by id.
    pub items: Vec<CalibratedItem>,
}

/// Why a calibration could not run.
#[derive(Debug, thiserror::Error)]
pub enum CalibrationError {
    /// Too few learners.
    #[error("calibration needs first attempts from at least {MIN_PERSONS} learners; there are {0}")]
    TooFewPersons(usize),
    /// The fit failed.
    #[error("the fit failed: {0}")]
    Fit(#[from] irt::FitError),
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn covariance(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    x.iter()
        .zip(y)
        .map(|(a, b)| (a - mx) * (b - my))
        .sum::<f64>()
        / (x.len() as f64 - 1.0)
}

/// Facility, discrimination index and discriminative efficiency of every item, as Moodle
/// defines them, with a learner's "rest of the test" taken as their share correct on the
/// other items they answered (learners saw different forms).
pub fn classical(responses: &[FirstResponse]) -> BTreeMap<String, ClassicalStats> {
    let mut by_person: BTreeMap<&str, Vec<&FirstResponse>> = BTreeMap::new();
    for r in responses {
        by_person.entry(r.person.as_str()).or_default().push(r);
    }
    let mut pairs: BTreeMap<&str, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut counts: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for answers in by_person.values() {
        let total: usize = answers.iter().filter(|r| r.correct).count();
        for r in answers {
            let entry = counts.entry(r.item.as_str()).or_default();
            entry.0 += 1;
            entry.1 += u32::from(r.correct);
            if answers.len() > 1 {
                let rest = (total - usize::from(r.correct)) as f64 / (answers.len() - 1) as f64;
                let (x, y) = pairs.entry(r.item.as_str()).or_default();
                x.push(f64::from(u8::from(r.correct)));
                y.push(rest);
            }
        }
    }
    counts
        .into_iter()
        .map(|(item, (n, correct))| {
            let (discrimination, efficiency) = match pairs.get(item) {
                Some((x, y)) if x.len() > 2 => {
                    let cov = covariance(x, y);
                    let (vx, vy) = (covariance(x, x), covariance(y, y));
                    let discrimination =
                        (vx > 0.0 && vy > 0.0).then(|| 100.0 * cov / (vx * vy).sqrt());
                    let mut sx = x.clone();
                    let mut sy = y.clone();
                    sx.sort_by(f64::total_cmp);
                    sy.sort_by(f64::total_cmp);
                    let max = covariance(&sx, &sy);
                    let efficiency = (max > 0.0).then(|| 100.0 * cov / max);
                    (discrimination, efficiency)
                }
                _ => (None, None),
            };
            (
                item.to_owned(),
                ClassicalStats {
                    n,
                    facility: f64::from(correct) / f64::from(n),
                    discrimination,
                    efficiency,
                },
            )
        })
        .collect()
}

/// Fits `model` to the first responses. When any item has fewer than `prior_below` responses,
/// weakly informative priors keep its parameters finite and near typical values (MAP), and the
/// result says so. `progress` sees every EM point.
pub fn calibrate(
    responses: &[FirstResponse],
    model: irt::Model,
    prior_below: u32,
    progress: impl FnMut(&irt::Iteration),
) -> Result<Calibration, CalibrationError> {
    let persons: Vec<&str> = {
        let mut p: Vec<&str> = responses.iter().map(|r| r.person.as_str()).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    if persons.len() < MIN_PERSONS {
        return Err(CalibrationError::TooFewPersons(persons.len()));
    }
    let classical = classical(responses);
    let items: Vec<String> = classical.keys().cloned().collect();
    let column: BTreeMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let row: BTreeMap<&str, usize> = persons.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut cells = vec![vec![None; items.len()]; persons.len()];
    for r in responses {
        cells[row[r.person.as_str()]][column[r.item.as_str()]] = Some(r.correct);
    }
    let matrix = irt::ResponseMatrix::from_rows(items.clone(), &cells)
        .map_err(|_| CalibrationError::TooFewPersons(persons.len()))?;
    // Priors also keep an item that everyone (or no one) answered correctly finite.
    let regularised = classical
        .values()
        .any(|s| s.n < prior_below || s.facility == 0.0 || s.facility == 1.0);
    let mut options = irt::FitOptions::default();
    if regularised {
        options.priors = irt::ItemPriors::weakly_informative();
    }
    let fit = irt::fit_with_progress(&matrix, model, &options, progress)?;
    let calibrated = fit
        .items
        .iter()
        .map(|estimate| {
            let stats = classical[&estimate.id].clone();
            let mut flags = Vec::new();
            if stats.discrimination.is_some_and(|d| d < 0.0) {
                flags.push("negative discrimination: learners who do well elsewhere get it wrong more often; check the key".to_owned());
            }
            if stats.n < prior_below {
                flags.push(format!("only {} responses: the priors weigh on its parameters", stats.n));
            }
            if stats.facility >= 0.95 {
                flags.push("almost everyone answers it correctly".to_owned());
            }
            CalibratedItem {
                item: estimate.id.clone(),
                a: estimate.a,
                b: estimate.b,
                c: estimate.c,
                se_a: estimate.se_a,
                se_b: estimate.se_b,
                se_c: estimate.se_c,
                classical: stats,
                flags,
            }
        })
        .collect();
    Ok(Calibration {
        model: model.name().to_owned(),
        persons: persons.len(),
        regularised,
        converged: fit.converged,
        log_likelihood: fit.log_likelihood,
        items: calibrated,
    })
}
