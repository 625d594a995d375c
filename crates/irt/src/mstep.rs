//! The M-step: maximise each item's expected complete-data log-likelihood (plus log prior)
//! given the E-step's expected counts.
//!
//! Items are optimised on an unconstrained scale, `(α, b, γ) = (ln a, b, logit c)`, by Fisher
//! scoring with step halving: the step solves `I Δ = g` with the expected information `I`
//! (always positive semi-definite, so every step is an ascent direction), and is halved until
//! the objective does not decrease. Each M-step therefore never lowers the EM objective,
//! which makes the whole iteration monotone (a generalised EM).

use crate::model::{ItemParams, log_sigmoid, logit, sigmoid};
use crate::prior::ItemPriors;

/// Bounds on the parameters, so that an unidentified direction (a Guttman item whose slope
/// wants to be infinite, a zero-slope item whose difficulty runs off) ends on a finite
/// value that is reported as a warning instead of overflowing.
pub(crate) const A_MIN: f64 = 0.01;
pub(crate) const A_MAX: f64 = 50.0;
pub(crate) const B_MAX: f64 = 50.0;
pub(crate) const C_MIN: f64 = 1e-6;
pub(crate) const C_MAX: f64 = 0.999;

/// Largest step in any unconstrained coordinate per inner iteration.
const MAX_STEP: f64 = 1.0;
const MAX_INNER: usize = 50;
const INNER_TOL: f64 = 1e-10;

/// An item on the unconstrained scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Raw {
    pub(crate) alpha: f64,
    pub(crate) b: f64,
    pub(crate) gamma: f64,
}

impl Raw {
    pub(crate) fn from_params(item: &ItemParams) -> Raw {
        let gamma = if item.c > 0.0 {
            logit(item.c)
        } else {
            f64::NEG_INFINITY
        };
        Raw {
            alpha: item.a.ln(),
            b: item.b,
            gamma,
        }
    }

    /// Back to the natural scale; `has_c = false` keeps c = 0 exactly.
    pub(crate) fn to_params(self, has_c: bool) -> ItemParams {
        let c = if has_c { sigmoid(self.gamma) } else { 0.0 };
        ItemParams::three_pl(self.alpha.exp(), self.b, c)
    }

    pub(crate) fn clamped(self) -> Raw {
        Raw {
            alpha: self.alpha.clamp(A_MIN.ln(), A_MAX.ln()),
            b: self.b.clamp(-B_MAX, B_MAX),
            gamma: self.gamma.clamp(logit(C_MIN), logit(C_MAX)),
        }
    }

    fn get(&self, k: usize) -> f64 {
        [self.alpha, self.b, self.gamma][k]
    }

    fn add(&mut self, k: usize, delta: f64) {
        match k {
            0 => self.alpha += delta,
            1 => self.b += delta,
            _ => self.gamma += delta,
        }
    }
}

/// Value, gradient and expected information of an objective in `(α, b, γ)`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Derivs {
    pub(crate) value: f64,
    pub(crate) grad: [f64; 3],
    pub(crate) info: [[f64; 3]; 3],
}

impl std::ops::AddAssign for Derivs {
    fn add_assign(&mut self, other: Derivs) {
        self.value += other.value;
        for i in 0..3 {
            self.grad[i] += other.grad[i];
            for j in 0..3 {
                self.info[i][j] += other.info[i][j];
            }
        }
    }
}

/// The expected complete-data log-likelihood of one item and its derivatives in `(α, b, γ)`.
///
/// `wrong[q]` and `right[q]` are the expected numbers of incorrect and correct responses at
/// node `q`. Every term is written so that nothing cancels or divides by a vanishing
/// probability, whatever the slope: with s = σ(z), P = c + (1 − c) s, Q = (1 − c)(1 − s),
/// ∂ℓ/∂z = e s / P and ∂ℓ/∂c = e / ((1 − c) P), where e = right·Q − wrong·P.
pub(crate) fn item_derivs(
    nodes: &[f64],
    wrong: &[f64],
    right: &[f64],
    item: &ItemParams,
) -> Derivs {
    let (a, b, c) = (item.a, item.b, item.c);
    let dc = c * (1.0 - c); // ∂c/∂γ
    let mut d = Derivs::default();
    for ((&theta, &w0), &w1) in nodes.iter().zip(wrong).zip(right) {
        let n = w0 + w1;
        let z = a * (theta - b);
        let (s, sb) = (sigmoid(z), sigmoid(-z));
        let (p, q) = (c + (1.0 - c) * s, (1.0 - c) * sb);
        let ln_p = if c == 0.0 { log_sigmoid(z) } else { p.ln() };
        let ln_q = (1.0 - c).ln() + log_sigmoid(-z);
        d.value += w1 * ln_p + w0 * ln_q;
        let e = w1 * q - w0 * p;
        let gz = e * s / p;
        let izz = n * (1.0 - c) * s * s * sb / p;
        // ∂z/∂α = z, ∂z/∂b = −a.
        d.grad[0] += gz * z;
        d.grad[1] -= gz * a;
        d.info[0][0] += izz * z * z;
        d.info[0][1] -= izz * z * a;
        d.info[1][1] += izz * a * a;
        if c > 0.0 {
            let gc = e / ((1.0 - c) * p);
            let izc = n * s * sb / p;
            let icc = n * sb / ((1.0 - c) * p);
            d.grad[2] += gc * dc;
            d.info[0][2] += izc * z * dc;
            d.info[1][2] -= izc * a * dc;
            d.info[2][2] += icc * dc * dc;
        }
    }
    d.info[1][0] = d.info[0][1];
    d.info[2][0] = d.info[0][2];
    d.info[2][1] = d.info[1][2];
    d
}

/// Which priors apply to which coordinate in one optimisation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PriorMask {
    pub(crate) a: bool,
    pub(crate) b: bool,
    pub(crate) c: bool,
}

/// The log prior of one item and its derivatives in `(α, b, γ)`.
pub(crate) fn prior_derivs(item: &ItemParams, priors: &ItemPriors, mask: PriorMask) -> Derivs {
    let mut d = Derivs::default();
    if let (true, Some(prior)) = (mask.a, priors.a) {
        let (v, g, i) = prior.log_density_in_log(item.a.ln());
        d.value += v;
        d.grad[0] += g;
        d.info[0][0] += i;
    }
    if let (true, Some(prior)) = (mask.b, priors.b) {
        let (v, g, i) = prior.log_density(item.b);
        d.value += v;
        d.grad[1] += g;
        d.info[1][1] += i;
    }
    if let (true, Some(prior)) = (mask.c, priors.c) {
        let (v, g, i) = prior.log_density_in_logit(item.c);
        d.value += v;
        d.grad[2] += g;
        d.info[2][2] += i;
    }
    d
}

/// Maximises `objective` over the coordinates in `free` (indices into `(α, b, γ)`) from
/// `start`, by Fisher scoring with step halving. The result is never worse than `start`.
pub(crate) fn maximize(
    start: Raw,
    free: &[usize],
    mut objective: impl FnMut(Raw) -> Derivs,
) -> Raw {
    let mut x = start.clamped();
    let mut current = objective(x);
    for _ in 0..MAX_INNER {
        let Some(mut step) = solve(&current, free) else {
            break;
        };
        let largest = step.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
        if !largest.is_finite() {
            break;
        }
        if largest > MAX_STEP {
            step.iter_mut().for_each(|s| *s *= MAX_STEP / largest);
        }
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            let mut candidate = x;
            for (&k, s) in free.iter().zip(&step) {
                candidate.add(k, t * s);
            }
            let candidate = candidate.clamped();
            let value = objective(candidate);
            if value.value >= current.value {
                accepted = Some((candidate, value));
                break;
            }
            t *= 0.5;
        }
        let Some((next, value)) = accepted else { break };
        let moved = free
            .iter()
            .fold(0.0_f64, |m, &k| m.max((next.get(k) - x.get(k)).abs()));
        x = next;
        current = value;
        if moved < INNER_TOL {
            break;
        }
    }
    x
}

/// Solves `I Δ = g` restricted to `free` (at most three coordinates) by Cholesky, with a
/// small ridge if the information is singular.
fn solve(d: &Derivs, free: &[usize]) -> Option<Vec<f64>> {
    let n = free.len();
    let g: Vec<f64> = free.iter().map(|&k| d.grad[k]).collect();
    let scale = free
        .iter()
        .map(|&k| d.info[k][k].abs())
        .fold(0.0, f64::max)
        .max(1e-12);
    for ridge in [0.0, 1e-10, 1e-6, 1e-3] {
        let mut m = vec![vec![0.0; n]; n];
        for (i, &ki) in free.iter().enumerate() {
            for (j, &kj) in free.iter().enumerate() {
                m[i][j] = d.info[ki][kj];
            }
            m[i][i] += ridge * scale;
        }
        if let Some(x) = cholesky_solve(&mut m, &g) {
            return Some(x);
        }
    }
    None
}

/// Solves `m x = rhs` for a symmetric positive definite `m` (overwritten by its factor).
pub(crate) fn cholesky_solve(m: &mut [Vec<f64>], rhs: &[f64]) -> Option<Vec<f64>> {
    if !cholesky(m) {
        return None;
    }
    Some(cholesky_apply(m, rhs))
}

/// In-place lower Cholesky factor; false if `m` is not (numerically) positive definite.
pub(crate) fn cholesky(m: &mut [Vec<f64>]) -> bool {
    let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(a, b)| a * b).sum::<f64>();
    for j in 0..m.len() {
        let (head, tail) = m.split_at_mut(j + 1);
        let row_j = &mut head[j];
        let diag = row_j[j] - dot(&row_j[..j], &row_j[..j]);
        if !(diag > 0.0 && diag.is_finite()) {
            return false;
        }
        let diag = diag.sqrt();
        row_j[j] = diag;
        for row_i in tail {
            row_i[j] = (row_i[j] - dot(&row_i[..j], &row_j[..j])) / diag;
        }
    }
    true
}

/// Solves `L Lᵀ x = rhs` given the factor from [`cholesky`].
pub(crate) fn cholesky_apply(l: &[Vec<f64>], rhs: &[f64]) -> Vec<f64> {
    let n = l.len();
    let mut y = rhs.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= l[i][k] * y[k];
        }
        y[i] /= l[i][i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= l[k][i] * y[k];
        }
        y[i] /= l[i][i];
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analytic gradient matches central differences of the value, for a 3PL item.
    #[test]
    fn gradient_matches_finite_differences() {
        let nodes: Vec<f64> = (0..21).map(|i| -3.0 + 0.3 * i as f64).collect();
        let wrong: Vec<f64> = nodes
            .iter()
            .map(|t| 10.0 / (1.0 + (1.5 * t).exp()))
            .collect();
        let right: Vec<f64> = nodes
            .iter()
            .map(|t| 12.0 / (1.0 + (-1.2 * t).exp()))
            .collect();
        let raw = Raw {
            alpha: 0.2,
            b: 0.3,
            gamma: logit(0.15),
        };
        let f = |r: Raw| item_derivs(&nodes, &wrong, &right, &r.to_params(true));
        let d = f(raw);
        for k in 0..3 {
            let h = 1e-6;
            let (mut up, mut down) = (raw, raw);
            up.add(k, h);
            down.add(k, -h);
            let numeric = (f(up).value - f(down).value) / (2.0 * h);
            assert!(
                (numeric - d.grad[k]).abs() < 1e-5 * (1.0 + numeric.abs()),
                "{k}"
            );
        }
    }
}
