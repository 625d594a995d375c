//! The test characteristic curve and the cut on the ability scale.

use crate::error::ReadinessError;
use irt::ItemParams;

/// The test characteristic curve: the expected raw score Σ Pᵢ(θ) on `items` at ability
/// `theta`.
///
/// ```
/// use irt::ItemParams;
///
/// let items = [ItemParams::rasch(-1.0), ItemParams::rasch(0.0), ItemParams::rasch(1.0)];
/// assert!((study::expected_score(&items, 0.0) - 1.5).abs() < 1e-12);
/// ```
pub fn expected_score(items: &[ItemParams], theta: f64) -> f64 {
    items.iter().map(|item| item.probability(theta)).sum()
}

/// The widest ability range searched for the cut, in logits either side of 0.
const SEARCH_LIMIT: f64 = 80.0;

/// The ability θ_c at which the expected raw score on `items` equals `cut`: the solution of
/// TCC(θ_c) = cut, found by bisection to 1e-12.
///
/// With Angoff ratings, `cut` is their sum: the raw score a minimally qualified candidate is
/// expected to reach, so θ_c is that candidate's ability. Every slope must be positive (then
/// the curve is increasing and the solution unique).
///
/// # Errors
///
/// [`ReadinessError::InvalidItem`] for unusable parameters (a slope ≤ 0 among them), and
/// [`ReadinessError::CutUnreachable`] when `cut` is not strictly between the curve's lower
/// and upper asymptotes (Σ cᵢ and Σ dᵢ), searched out to θ = ±80.
///
/// ```
/// use irt::ItemParams;
///
/// let items = [ItemParams::rasch(-1.0), ItemParams::rasch(0.0), ItemParams::rasch(1.0)];
/// let theta_c = study::theta_cut(&items, 1.5)?;
/// assert!(theta_c.abs() < 1e-10);
/// # Ok::<(), study::ReadinessError>(())
/// ```
pub fn theta_cut(items: &[ItemParams], cut: f64) -> Result<f64, ReadinessError> {
    for (index, item) in items.iter().enumerate() {
        if let Some(reason) = item_problem(item) {
            return Err(ReadinessError::InvalidItem {
                id: format!("#{}", index + 1),
                reason,
            });
        }
    }
    solve(items, cut)
}

/// [`theta_cut`] for items already validated.
pub(crate) fn solve(items: &[ItemParams], cut: f64) -> Result<f64, ReadinessError> {
    let tcc = |theta| expected_score(items, theta);
    let unreachable = || ReadinessError::CutUnreachable {
        cut,
        floor: tcc(-SEARCH_LIMIT),
        ceiling: tcc(SEARCH_LIMIT),
    };
    if !cut.is_finite() {
        return Err(unreachable());
    }
    let (mut lo, mut hi) = (-10.0, 10.0);
    while tcc(lo) >= cut {
        if lo <= -SEARCH_LIMIT {
            return Err(unreachable());
        }
        lo = (2.0 * lo).max(-SEARCH_LIMIT);
    }
    while tcc(hi) <= cut {
        if hi >= SEARCH_LIMIT {
            return Err(unreachable());
        }
        hi = (2.0 * hi).min(SEARCH_LIMIT);
    }
    // TCC(lo) < cut < TCC(hi) from here on.
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-12 {
            break;
        }
        if tcc(mid) < cut {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(0.5 * (lo + hi))
}

/// Why an item cannot enter a readiness estimate, if it cannot.
pub(crate) fn item_problem(item: &ItemParams) -> Option<&'static str> {
    let ItemParams { a, b, c, d } = *item;
    if !(a.is_finite() && b.is_finite() && c.is_finite() && d.is_finite()) {
        Some("a parameter is not finite")
    } else if a <= 0.0 {
        Some("the slope a must be positive (the expected score must rise with ability)")
    } else if !(0.0 <= c && c < d && d <= 1.0) {
        Some("the asymptotes must satisfy 0 <= c < d <= 1")
    } else {
        None
    }
}
