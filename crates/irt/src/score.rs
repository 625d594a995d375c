//! Ability estimates for one response vector given item parameters: EAP and MAP.

use crate::model::{ItemParams, sigmoid};
use crate::prior::Normal;
use crate::quadrature::Quadrature;

/// Settings for scoring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreOptions {
    /// The prior on ability (default N(0, 1), the scale the calibration fixes).
    pub prior: Normal,
    /// The EAP grid, in standard deviations of the prior (default 121 equally spaced points
    /// on ±6 SD, spacing 0.1 SD: fine enough for the sharp posteriors of long tests). MAP
    /// does not use it.
    pub quadrature: Quadrature,
}

impl Default for ScoreOptions {
    fn default() -> ScoreOptions {
        ScoreOptions {
            prior: Normal::STANDARD,
            quadrature: Quadrature::Rectangular {
                points: 121,
                limit: 6.0,
            },
        }
    }
}

/// An ability estimate with its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbilityEstimate {
    /// The estimate θ̂.
    pub theta: f64,
    /// For EAP, the posterior standard deviation; for MAP, 1 / √(−ℓ″(θ̂)), the curvature of
    /// the log posterior at its mode (observed information plus prior precision).
    pub se: f64,
}

/// Which estimator to use in [`score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScoreMethod {
    /// Expected a posteriori: the posterior mean ([`eap`]).
    Eap,
    /// Maximum a posteriori: the posterior mode ([`map`]).
    Map,
}

/// Why a response vector could not be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// The response vector and the item list differ in length.
    #[error("{responses} responses were given for {items} items")]
    LengthMismatch {
        /// Number of items.
        items: usize,
        /// Number of responses.
        responses: usize,
    },
    /// An item's parameters cannot be used.
    #[error("item {} has invalid parameters: {reason}", .index + 1)]
    InvalidItem {
        /// 0-based item index.
        index: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// An option is out of range.
    #[error("invalid option {option}: {reason}")]
    InvalidOption {
        /// The [`ScoreOptions`] field.
        option: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The log posterior has no curvature at its mode, so MAP has no standard error.
    #[error("the posterior is flat at its mode; use EAP")]
    FlatPosterior,
}

/// The posterior distribution of ability on a quadrature grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    nodes: Vec<f64>,
    weights: Vec<f64>,
}

impl Posterior {
    /// The ability values of the grid, ascending.
    pub fn nodes(&self) -> &[f64] {
        &self.nodes
    }

    /// The posterior probability of each node; they sum to 1.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The posterior mean (the EAP estimate).
    pub fn mean(&self) -> f64 {
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(x, w)| x * w)
            .sum()
    }

    /// The posterior standard deviation.
    pub fn sd(&self) -> f64 {
        let mean = self.mean();
        let variance: f64 = self
            .nodes
            .iter()
            .zip(&self.weights)
            .map(|(x, w)| w * (x - mean) * (x - mean))
            .sum();
        variance.max(0.0).sqrt()
    }
}

/// The posterior of ability given `responses` (`None` = not answered) to `items`.
pub fn posterior(
    items: &[ItemParams],
    responses: &[Option<bool>],
    options: &ScoreOptions,
) -> Result<Posterior, ScoreError> {
    validate(items, responses, &options.prior)?;
    if let Some(reason) = options.quadrature.problem() {
        return Err(ScoreError::InvalidOption {
            option: "quadrature",
            reason,
        });
    }
    let grid = options.quadrature.grid();
    let prior = options.prior;
    let nodes: Vec<f64> = grid
        .nodes
        .iter()
        .map(|x| prior.mean + prior.sd * x)
        .collect();
    let mut log_post = grid.log_weights.clone();
    for (item, response) in items.iter().zip(responses) {
        let Some(correct) = *response else { continue };
        for (lp, &theta) in log_post.iter_mut().zip(&nodes) {
            let (ln_p, ln_q) = item.log_pq(theta);
            *lp += if correct { ln_p } else { ln_q };
        }
    }
    let max = log_post.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut weights: Vec<f64> = log_post.iter().map(|lp| (lp - max).exp()).collect();
    let total: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w /= total);
    Ok(Posterior { nodes, weights })
}

/// The EAP estimate (posterior mean) and posterior SD.
///
/// # Example
///
/// ```
/// use irt::{ItemParams, ScoreOptions};
///
/// let items = [ItemParams::two_pl(1.2, -0.5), ItemParams::two_pl(0.8, 0.3)];
/// let estimate = irt::eap(&items, &[Some(true), None], &ScoreOptions::default())?;
/// assert!(estimate.theta > 0.0 && estimate.se < 1.0);
/// # Ok::<(), irt::ScoreError>(())
/// ```
pub fn eap(
    items: &[ItemParams],
    responses: &[Option<bool>],
    options: &ScoreOptions,
) -> Result<AbilityEstimate, ScoreError> {
    let posterior = posterior(items, responses, options)?;
    Ok(AbilityEstimate {
        theta: posterior.mean(),
        se: posterior.sd(),
    })
}

/// The MAP estimate (posterior mode, Bayes modal) and its SE from the curvature.
///
/// The global mode is located on a fine grid (0.05 prior SD) and then refined by Newton's
/// method safeguarded with bisection on ℓ′, so multimodal 3PL posteriors are handled.
/// With no responses the result is the prior mean and SD.
pub fn map(
    items: &[ItemParams],
    responses: &[Option<bool>],
    options: &ScoreOptions,
) -> Result<AbilityEstimate, ScoreError> {
    let prior = options.prior;
    validate(items, responses, &prior)?;
    let eval = |theta: f64| log_posterior(items, responses, &prior, theta);

    // A range whose ends slope towards the inside; a normal prior guarantees one exists.
    let (mut lo, mut hi) = (prior.mean - 10.0 * prior.sd, prior.mean + 10.0 * prior.sd);
    for _ in 0..60 {
        if eval(lo).1 > 0.0 {
            break;
        }
        lo -= hi - lo;
    }
    for _ in 0..60 {
        if eval(hi).1 < 0.0 {
            break;
        }
        hi += hi - lo;
    }
    const POINTS: usize = 401;
    let step = (hi - lo) / (POINTS - 1) as f64;
    let best = (0..POINTS).map(|k| (k, eval(lo + step * k as f64).0)).fold(
        (0, f64::NEG_INFINITY),
        |best, (k, v)| {
            if v > best.1 { (k, v) } else { best }
        },
    );
    let at = |k: usize| lo + step * k as f64;
    let (mut left, mut right) = (
        at(best.0.saturating_sub(1)),
        at((best.0 + 1).min(POINTS - 1)),
    );
    let mut theta = at(best.0);
    for _ in 0..200 {
        let (_, gradient, curvature) = eval(theta);
        if gradient == 0.0 {
            break;
        }
        if gradient > 0.0 {
            left = theta;
        } else {
            right = theta;
        }
        let newton = theta - gradient / curvature;
        let next = if curvature < 0.0 && newton > left && newton < right {
            newton
        } else {
            0.5 * (left + right)
        };
        let done = (next - theta).abs() <= 1e-13 * (1.0 + theta.abs());
        theta = next;
        if done || right - left <= 1e-13 * (1.0 + theta.abs()) {
            break;
        }
    }
    let (_, _, curvature) = eval(theta);
    if !(curvature < 0.0 && curvature.is_finite()) {
        return Err(ScoreError::FlatPosterior);
    }
    Ok(AbilityEstimate {
        theta,
        se: (-curvature).sqrt().recip(),
    })
}

/// [`eap`] or [`map`].
pub fn score(
    items: &[ItemParams],
    responses: &[Option<bool>],
    method: ScoreMethod,
    options: &ScoreOptions,
) -> Result<AbilityEstimate, ScoreError> {
    match method {
        ScoreMethod::Eap => eap(items, responses, options),
        ScoreMethod::Map => map(items, responses, options),
    }
}

fn validate(
    items: &[ItemParams],
    responses: &[Option<bool>],
    prior: &Normal,
) -> Result<(), ScoreError> {
    if items.len() != responses.len() {
        return Err(ScoreError::LengthMismatch {
            items: items.len(),
            responses: responses.len(),
        });
    }
    if let Some((index, reason)) = items
        .iter()
        .enumerate()
        .find_map(|(i, item)| item.problem().map(|r| (i, r)))
    {
        return Err(ScoreError::InvalidItem { index, reason });
    }
    if !prior.is_valid() {
        return Err(ScoreError::InvalidOption {
            option: "prior",
            reason: "needs a finite mean and a positive sd",
        });
    }
    Ok(())
}

/// The log posterior ℓ(θ) and its first two derivatives.
///
/// For P = c + (d − c) s with s = σ(a(θ − b)): P′ = (d − c) a s (1 − s) and
/// P″ = P′ a (1 − 2s). The ratios P′/P and P′/(1 − P) are formed without dividing by a
/// probability that may underflow when c = 0 or d = 1.
fn log_posterior(
    items: &[ItemParams],
    responses: &[Option<bool>],
    prior: &Normal,
    theta: f64,
) -> (f64, f64, f64) {
    let (mut value, mut gradient, information) = prior.log_density(theta);
    let mut curvature = -information;
    for (item, response) in items.iter().zip(responses) {
        let Some(correct) = *response else { continue };
        let (a, c, d) = (item.a, item.c, item.d);
        let z = a * (theta - item.b);
        let (s, sb) = (sigmoid(z), sigmoid(-z));
        let (ln_p, ln_q) = item.log_pq(theta);
        // r1 = P′/P (or P′/Q), r2 = P″/P (or P″/Q), by the response given.
        let (ln, r1, r2) = if correct {
            let r1 = if c == 0.0 {
                a * sb
            } else {
                (d - c) * a * s * sb / (c + (d - c) * s)
            };
            (ln_p, r1, r1 * a * (sb - s))
        } else {
            let r1 = if d == 1.0 {
                a * s
            } else {
                (d - c) * a * s * sb / ((1.0 - d) + (d - c) * sb)
            };
            (ln_q, r1, r1 * a * (sb - s))
        };
        value += ln;
        if correct {
            gradient += r1;
            curvature += r2 - r1 * r1;
        } else {
            gradient -= r1;
            curvature += -r2 - r1 * r1;
        }
    }
    (value, gradient, curvature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_posterior_derivatives_match_finite_differences() {
        let items = [
            ItemParams::four_pl(1.3, -0.6, 0.17, 0.87),
            ItemParams::three_pl(1.1, 0.2, 0.1),
            ItemParams::two_pl(0.8, -0.8),
            ItemParams::four_pl(2.0, 1.0, 0.0, 0.9),
        ];
        let responses = [Some(false), Some(true), Some(false), Some(true)];
        let prior = Normal::STANDARD;
        for theta in [-3.0, -0.5, 0.0, 1.7] {
            let f = |t| log_posterior(&items, &responses, &prior, t);
            let h = 1e-5;
            let (_, g, c) = f(theta);
            let dg = (f(theta + h).0 - f(theta - h).0) / (2.0 * h);
            let dc = (f(theta + h).1 - f(theta - h).1) / (2.0 * h);
            assert!((g - dg).abs() < 1e-6, "{theta}: {g} vs {dg}");
            assert!((c - dc).abs() < 1e-6, "{theta}: {c} vs {dc}");
        }
    }
}
