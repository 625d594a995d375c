//! Standard errors: the inverse observed information at the estimates.
//!
//! The Hessian of the marginal log-likelihood (plus log prior) is built column by column
//! from central differences of its exact gradient. The gradient comes from one E-step, by the
//! Fisher identity: the score of the marginal likelihood equals the score of the E-step's
//! expected complete-data log-likelihood at the same parameters.

use crate::estep::Stats;
use crate::fit::Engine;
use crate::model::{ItemParams, Model};
use crate::mstep::{self, Derivs, Raw};

/// One estimated parameter, for the standard-error Hessian.
#[derive(Debug, Clone, Copy)]
enum Free {
    CommonA,
    A(usize),
    B(usize),
    C(usize),
}

/// Standard errors `[a, b, c]` per item from the inverse observed information, or `None`
/// if the information is not positive definite.
pub(crate) fn standard_errors(
    engine: &mut Engine,
    items: &[ItemParams],
) -> Option<Vec<[Option<f64>; 3]>> {
    let mut free = Vec::new();
    if engine.model == Model::OnePl {
        free.push(Free::CommonA);
    }
    for j in 0..items.len() {
        if matches!(engine.model, Model::TwoPl | Model::ThreePl) {
            free.push(Free::A(j));
        }
        free.push(Free::B(j));
        if engine.model.estimates_c() {
            free.push(Free::C(j));
        }
    }
    let n = free.len();
    let by_item = engine.estep.patterns.by_item(items.len());
    let (mut up_stats, mut down_stats) = (engine.estep.empty_stats(), engine.estep.empty_stats());
    let mut hessian = vec![vec![0.0; n]; n];
    for (k, &parameter) in free.iter().enumerate() {
        let value = get(items, parameter);
        let h = match parameter {
            Free::CommonA | Free::A(_) => 1e-4 * value,
            Free::B(_) => 1e-4 * value.abs().max(1.0),
            Free::C(_) => 1e-4 * value.min(1.0 - value),
        };
        let (up, down) = (
            set(items, parameter, value + h),
            set(items, parameter, value - h),
        );
        let difference = match parameter {
            Free::CommonA => {
                let (g_up, g_down) = (
                    natural_gradient(engine, &up, free.as_slice()),
                    natural_gradient(engine, &down, &free),
                );
                g_up.iter().zip(&g_down).map(|(u, d)| u - d).collect()
            }
            Free::A(j) | Free::B(j) | Free::C(j) => {
                engine.estep.run_subset(&up, &by_item[j], &mut up_stats);
                engine.estep.run_subset(&down, &by_item[j], &mut down_stats);
                subset_gradient_difference(engine, j, (&up, &up_stats), (&down, &down_stats), &free)
            }
        };
        for (row, d) in hessian.iter_mut().zip(difference) {
            row[k] = d / (2.0 * h);
        }
    }
    // Information = −Hessian, symmetrised.
    let mut information = vec![vec![0.0; n]; n];
    for i in 0..n {
        for k in 0..n {
            information[i][k] = -0.5 * (hessian[i][k] + hessian[k][i]);
        }
    }
    if !mstep::cholesky(&mut information) {
        return None;
    }
    let mut variance = vec![0.0; n];
    let mut unit = vec![0.0; n];
    for k in 0..n {
        unit[k] = 1.0;
        variance[k] = mstep::cholesky_apply(&information, &unit)[k];
        unit[k] = 0.0;
    }
    if variance.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return None;
    }
    let mut ses = vec![[None; 3]; items.len()];
    for (&parameter, v) in free.iter().zip(&variance) {
        let se = Some(v.sqrt());
        match parameter {
            Free::CommonA => ses.iter_mut().for_each(|s| s[0] = se),
            Free::A(j) => ses[j][0] = se,
            Free::B(j) => ses[j][1] = se,
            Free::C(j) => ses[j][2] = se,
        }
    }
    Some(ses)
}

fn get(items: &[ItemParams], parameter: Free) -> f64 {
    match parameter {
        Free::CommonA => items[0].a,
        Free::A(j) => items[j].a,
        Free::B(j) => items[j].b,
        Free::C(j) => items[j].c,
    }
}

fn set(items: &[ItemParams], parameter: Free, value: f64) -> Vec<ItemParams> {
    let mut items = items.to_vec();
    match parameter {
        Free::CommonA => items.iter_mut().for_each(|item| item.a = value),
        Free::A(j) => items[j].a = value,
        Free::B(j) => items[j].b = value,
        Free::C(j) => items[j].c = value,
    }
    items
}

/// The change in the natural gradient between two points that differ only in item `j`'s
/// parameters, from E-steps over just the patterns containing item `j` (the others'
/// posteriors, and so their contributions, are the same at both points).
///
/// Item `j`'s gradient is recomputed in full at each point (all its counts come from those
/// patterns). Any other item's gradient is linear in its expected counts at fixed
/// parameters, so its change is the gradient evaluated at the *difference* of the counts.
fn subset_gradient_difference(
    engine: &Engine,
    j: usize,
    (up, up_stats): (&[ItemParams], &Stats),
    (down, down_stats): (&[ItemParams], &Stats),
    free: &[Free],
) -> Vec<f64> {
    let nq = engine.estep.nq();
    let nodes = &engine.estep.grid.nodes;
    let (mut wrong, mut right) = (vec![0.0; nq], vec![0.0; nq]);
    let per_item: Vec<[f64; 3]> = (0..up.len())
        .map(|i| {
            if i == j {
                let at = |items: &[ItemParams], stats: &Stats| {
                    let raw = engine.item_objective(stats, i, Raw::from_params(&items[i]));
                    to_natural(raw.grad, &items[i])
                };
                let (u, d) = (at(up, up_stats), at(down, down_stats));
                [u[0] - d[0], u[1] - d[1], u[2] - d[2]]
            } else {
                let ((uw, ur), (dw, dr)) = (up_stats.item(i, nq), down_stats.item(i, nq));
                for q in 0..nq {
                    wrong[q] = uw[q] - dw[q];
                    right[q] = ur[q] - dr[q];
                }
                to_natural(
                    mstep::item_derivs(nodes, &wrong, &right, &up[i]).grad,
                    &up[i],
                )
            }
        })
        .collect();
    free.iter()
        .map(|&parameter| match parameter {
            Free::CommonA => per_item.iter().map(|g| g[0]).sum(),
            Free::A(i) => per_item[i][0],
            Free::B(i) => per_item[i][1],
            Free::C(i) => per_item[i][2],
        })
        .collect()
}

/// A gradient in (ln a, b, logit c) as a gradient in (a, b, c).
fn to_natural(grad: [f64; 3], item: &ItemParams) -> [f64; 3] {
    let dc = item.c * (1.0 - item.c);
    [
        grad[0] / item.a,
        grad[1],
        if dc > 0.0 { grad[2] / dc } else { 0.0 },
    ]
}

/// Gradient of the log-likelihood plus log prior in the natural parameters, by the Fisher
/// identity (one E-step).
fn natural_gradient(engine: &mut Engine, items: &[ItemParams], free: &[Free]) -> Vec<f64> {
    let stats = engine.e_step(items);
    let per_item: Vec<Derivs> = items
        .iter()
        .enumerate()
        .map(|(j, item)| engine.item_objective(&stats, j, Raw::from_params(item)))
        .collect();
    free.iter()
        .map(|&parameter| match parameter {
            Free::CommonA => {
                let a = items[0].a;
                let likelihood: f64 = per_item.iter().map(|d| d.grad[0]).sum();
                (likelihood + engine.common_a_prior(a).grad[0]) / a
            }
            Free::A(j) => per_item[j].grad[0] / items[j].a,
            Free::B(j) => per_item[j].grad[1],
            Free::C(j) => per_item[j].grad[2] / (items[j].c * (1.0 - items[j].c)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Patterns, ResponseMatrix};
    use crate::estep::EStep;
    use crate::prior::ItemPriors;
    use crate::quadrature::Quadrature;

    /// The subset shortcut for the standard-error Hessian gives the same columns as full
    /// E-steps, on sparse data where most patterns lack any given item.
    #[test]
    fn subset_hessian_columns_match_full_e_steps() {
        let truth: Vec<ItemParams> = (0..6)
            .map(|j| ItemParams::three_pl(0.8 + 0.2 * j as f64, -1.0 + 0.4 * j as f64, 0.15))
            .collect();
        let mut state = 12345_u64;
        let mut uniform = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut data = ResponseMatrix::with_items(truth.len());
        for _ in 0..400 {
            let theta = 4.0 * uniform() - 2.0;
            let row: Vec<Option<bool>> = truth
                .iter()
                .map(|item| (uniform() < 0.4).then(|| uniform() < item.probability(theta)))
                .collect();
            data.push_row(&row).unwrap();
        }
        let patterns = Patterns::collapse(&data);
        let by_item = patterns.by_item(truth.len());
        let estep = EStep::new(patterns, Quadrature::default().grid(), truth.len(), false);
        let mut engine = Engine {
            estep,
            model: Model::ThreePl,
            priors: ItemPriors::default(),
        };
        let free: Vec<Free> = (0..6)
            .flat_map(|j| [Free::A(j), Free::B(j), Free::C(j)])
            .collect();
        for &parameter in &free {
            let j = match parameter {
                Free::A(j) | Free::B(j) | Free::C(j) => j,
                Free::CommonA => unreachable!(),
            };
            let value = get(&truth, parameter);
            let (up, down) = (
                set(&truth, parameter, value + 1e-3),
                set(&truth, parameter, value - 1e-3),
            );
            let full: Vec<f64> = natural_gradient(&mut engine, &up, &free)
                .iter()
                .zip(natural_gradient(&mut engine, &down, &free))
                .map(|(u, d)| u - d)
                .collect();
            let (mut up_stats, mut down_stats) =
                (engine.estep.empty_stats(), engine.estep.empty_stats());
            engine.estep.run_subset(&up, &by_item[j], &mut up_stats);
            engine.estep.run_subset(&down, &by_item[j], &mut down_stats);
            let subset = subset_gradient_difference(
                &engine,
                j,
                (&up, &up_stats),
                (&down, &down_stats),
                &free,
            );
            for (f, s) in full.iter().zip(&subset) {
                assert!(
                    (f - s).abs() < 1e-8 * (1.0 + f.abs()),
                    "{parameter:?}: {f} vs {s}"
                );
            }
        }
    }
}
