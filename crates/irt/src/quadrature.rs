//! Quadrature rules for integrating over a normal ability distribution.

use std::f64::consts::PI;

/// How to discretise a normal ability distribution into weighted points.
///
/// The default, and the recommended rule, is [`Quadrature::Rectangular`] with 61 points on
/// ±6 SD (spacing 0.2 SD), which is what R mirt uses for one dimension.
///
/// *Why rectangular.* For a smooth integrand that decays like a Gaussian, the equally spaced
/// (trapezoidal) rule converges geometrically in the spacing, so a 0.2 SD grid integrates the
/// LSAT-sized posteriors to about 1e-12. More importantly, it keeps the points evenly dense
/// wherever a posterior may sit. With many items a person's posterior is sharp (SD ≈ 0.3 for
/// 50 items) and can be anywhere in ±3; Gauss–Hermite spends its points on the tails and is
/// coarse in the middle (21 points are ~0.7 SD apart there), which under-integrates sharp
/// posteriors and biases slopes down, as measured for 21-point mirt fits on long forms.
/// Gauss–Hermite is offered for comparison with programs that use it (ltm, the §2.3 oracle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quadrature {
    /// `points` equally spaced nodes on [−limit, +limit] standard deviations, weighted by the
    /// normal density and normalised to sum to 1.
    Rectangular {
        /// Number of nodes, 3..=10 000.
        points: usize,
        /// Half-width of the grid in standard deviations, in (0, 40].
        limit: f64,
    },
    /// Gauss–Hermite nodes and weights for the normal density.
    GaussHermite {
        /// Number of nodes, 2..=200.
        points: usize,
    },
}

impl Default for Quadrature {
    /// 61 equally spaced points on ±6 SD.
    fn default() -> Quadrature {
        Quadrature::Rectangular {
            points: 61,
            limit: 6.0,
        }
    }
}

/// Nodes for N(0, 1) and the logarithms of their weights, which sum to 1.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub(crate) nodes: Vec<f64>,
    pub(crate) log_weights: Vec<f64>,
}

impl Quadrature {
    /// What is wrong with this rule, if anything.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        match *self {
            Quadrature::Rectangular { points, limit } => {
                if !(3..=10_000).contains(&points) {
                    Some("a rectangular grid needs 3 to 10000 points")
                } else if !(limit.is_finite() && limit > 0.0 && limit <= 40.0) {
                    Some("the grid limit must be in (0, 40] standard deviations")
                } else {
                    None
                }
            }
            Quadrature::GaussHermite { points } => {
                if (2..=200).contains(&points) {
                    None
                } else {
                    Some("Gauss-Hermite needs 2 to 200 points")
                }
            }
        }
    }

    /// The standard-normal grid. The rule must have passed [`Quadrature::problem`].
    pub(crate) fn grid(&self) -> Grid {
        let (nodes, raw) = match *self {
            Quadrature::Rectangular { points, limit } => {
                let step = 2.0 * limit / (points - 1) as f64;
                let nodes: Vec<f64> = (0..points).map(|i| -limit + step * i as f64).collect();
                let raw = nodes.iter().map(|x| (-0.5 * x * x).exp()).collect();
                (nodes, raw)
            }
            Quadrature::GaussHermite { points } => gauss_hermite(points),
        };
        // Drop nodes whose weight underflowed: they cannot contribute and would give ln 0.
        let (nodes, weights): (Vec<f64>, Vec<f64>) =
            nodes.into_iter().zip(raw).filter(|&(_, w)| w > 0.0).unzip();
        let total: f64 = weights.iter().sum();
        let log_weights = weights.iter().map(|w| (w / total).ln()).collect();
        Grid { nodes, log_weights }
    }
}

/// Gauss–Hermite rule for the standard normal density, nodes ascending.
///
/// The roots of the physicists' Hermite polynomial H_n are found by Newton's method on the
/// orthonormal recurrence, with the classic asymptotic starting values (Numerical Recipes
/// `gauher`); nodes are then scaled by √2 and weights by 1/√π for N(0, 1).
fn gauss_hermite(n: usize) -> (Vec<f64>, Vec<f64>) {
    let pim4 = PI.powf(-0.25);
    let nf = n as f64;
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    let mut z: f64 = 0.0;
    for i in 0..n.div_ceil(2) {
        z = match i {
            0 => (2.0 * nf + 1.0).sqrt() - 1.85575 * (2.0 * nf + 1.0).powf(-0.16667),
            1 => z - 1.14 * nf.powf(0.426) / z,
            2 => 1.86 * z - 0.86 * x[0],
            3 => 1.91 * z - 0.91 * x[1],
            _ => 2.0 * z - x[i - 2],
        };
        let mut derivative = 1.0;
        for _ in 0..100 {
            let (mut p1, mut p2) = (pim4, 0.0);
            for j in 0..n {
                let p3 = p2;
                p2 = p1;
                let jf = j as f64;
                p1 = z * (2.0 / (jf + 1.0)).sqrt() * p2 - (jf / (jf + 1.0)).sqrt() * p3;
            }
            derivative = (2.0 * nf).sqrt() * p2;
            let previous = z;
            z = previous - p1 / derivative;
            if (z - previous).abs() <= 1e-15 * z.abs().max(1.0) {
                break;
            }
        }
        x[i] = z;
        x[n - 1 - i] = -z;
        w[i] = 2.0 / (derivative * derivative);
        w[n - 1 - i] = w[i];
    }
    // x is descending; return ascending N(0, 1) nodes.
    let nodes = x
        .iter()
        .rev()
        .map(|v| v * std::f64::consts::SQRT_2)
        .collect();
    let weights = w.iter().rev().map(|v| v / PI.sqrt()).collect();
    (nodes, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(grid: &Grid) -> [f64; 3] {
        let m = |k: i32| {
            grid.nodes
                .iter()
                .zip(&grid.log_weights)
                .map(|(x, w)| w.exp() * x.powi(k))
                .sum()
        };
        [m(0), m(2), m(4)]
    }

    #[test]
    fn rules_reproduce_normal_moments() {
        for rule in [
            Quadrature::default(),
            Quadrature::GaussHermite { points: 21 },
            Quadrature::GaussHermite { points: 101 },
            Quadrature::GaussHermite { points: 2 },
        ] {
            let [m0, m2, m4] = moments(&rule.grid());
            assert!((m0 - 1.0).abs() < 1e-12, "{rule:?}");
            // ±6 SD truncation costs about 4e-8 of the variance and 3e-6 of the fourth moment.
            assert!((m2 - 1.0).abs() < 1e-7, "{rule:?}: {m2}");
            if !matches!(rule, Quadrature::GaussHermite { points: 2 }) {
                assert!((m4 - 3.0).abs() < 1e-5, "{rule:?}: {m4}");
            }
        }
    }

    #[test]
    fn gauss_hermite_nodes_are_symmetric_and_ascending() {
        let grid = Quadrature::GaussHermite { points: 61 }.grid();
        assert_eq!(grid.nodes.len(), 61);
        assert!(grid.nodes.windows(2).all(|p| p[0] < p[1]));
        assert!(grid.nodes[30].abs() < 1e-12);
        assert!((grid.nodes[0] + grid.nodes[60]).abs() < 1e-10);
    }
}
