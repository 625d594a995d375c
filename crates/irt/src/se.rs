//! Standard errors: the inverse observed information at the estimates.
//!
//! The observed information comes from Louis's identity: the information of the expected
//! complete-data log-likelihood (plus log prior) minus the posterior covariance of the
//! complete-data score, summed over response patterns,
//!
//! `I = −∇²Q − Σ_p n_p Cov_p[s(θ)]`.
//!
//! Both parts come from one E-step's worth of passes at the estimates. The score of a binary
//! item at node `θ_q` is `(x − P_jq) h_j(θ_q)` with `h_j = ∇P_j / (P_j (1 − P_j))`, which
//! depends on the item and the node only, so an item pair's block of the covariance's first
//! term is `Σ_q T_q[j, k] h_j(θ_q) h_k(θ_q)ᵀ` with
//! `T_q[j, k] = Σ_p n_p w_pq (x_pj − P_jq)(x_pk − P_kq)` over the patterns answering both:
//! one weighted rank-one update per pattern and node. `∇²Q` is block-diagonal per item (plus
//! the 1PL common slope) and cheap: central differences of the exact per-item gradient at
//! fixed expected counts.

use rayon::prelude::*;

use crate::estep::{EStep, Stats};
use crate::fit::Engine;
use crate::model::{ItemParams, Model, sigmoid};
#[cfg(test)]
use crate::mstep::Derivs;
use crate::mstep::{self, Raw};

/// One estimated parameter, for the standard-error Hessian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    let free = free_parameters(engine.model, items.len());
    let stats = engine.e_step(items);
    let complete = complete_data_hessian(engine, &stats, items, &free);
    let layout = Layout::new(engine.model, items.len());
    let covariance = layout.to_free(&score_covariance(&engine.estep, &layout, items), &free);
    let n = free.len();
    let mut information = vec![vec![0.0; n]; n];
    for i in 0..n {
        for k in 0..n {
            information[i][k] = -0.5 * (complete[i][k] + complete[k][i]) - covariance[i][k];
        }
    }
    invert_to_ses(information, &free, items.len())
}

/// The estimated parameters of a model, in the order the information matrix uses.
fn free_parameters(model: Model, n_items: usize) -> Vec<Free> {
    let mut free = Vec::new();
    if model == Model::OnePl {
        free.push(Free::CommonA);
    }
    for j in 0..n_items {
        if matches!(model, Model::TwoPl | Model::ThreePl) {
            free.push(Free::A(j));
        }
        free.push(Free::B(j));
        if model.estimates_c() {
            free.push(Free::C(j));
        }
    }
    free
}

/// The finite-difference step for one parameter at `value`.
fn step(parameter: Free, value: f64) -> f64 {
    match parameter {
        Free::CommonA | Free::A(_) => 1e-4 * value,
        Free::B(_) => 1e-4 * value.abs().max(1.0),
        Free::C(_) => 1e-4 * value.min(1.0 - value),
    }
}

/// Standard errors from a symmetric information matrix over `free`, or `None` if it is not
/// positive definite.
fn invert_to_ses(
    mut information: Vec<Vec<f64>>,
    free: &[Free],
    n_items: usize,
) -> Option<Vec<[Option<f64>; 3]>> {
    let n = free.len();
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
    let mut ses = vec![[None; 3]; n_items];
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

/// The Hessian of the expected complete-data log-likelihood plus log prior over `free`, at
/// fixed expected counts `stats`, by central differences of the exact gradient. An item's
/// own parameters move only its own gradient (and, for 1PL, the common slope's), so each
/// column costs one or two items' objectives, not a pass over the data.
fn complete_data_hessian(
    engine: &Engine,
    stats: &Stats,
    items: &[ItemParams],
    free: &[Free],
) -> Vec<Vec<f64>> {
    let n = free.len();
    let position: std::collections::HashMap<Free, usize> =
        free.iter().enumerate().map(|(i, &f)| (f, i)).collect();
    let index_of = |parameter: Free| position.get(&parameter).copied();
    let item_gradient = |item: &ItemParams, j: usize| {
        to_natural(
            engine.item_objective(stats, j, Raw::from_params(item)).grad,
            item,
        )
    };
    let mut hessian = vec![vec![0.0; n]; n];
    let mut column = vec![0.0; n];
    for (k, &parameter) in free.iter().enumerate() {
        let value = get(items, parameter);
        let h = step(parameter, value);
        let (up, down) = (
            set(items, parameter, value + h),
            set(items, parameter, value - h),
        );
        column.fill(0.0);
        match parameter {
            Free::CommonA => {
                for j in 0..items.len() {
                    let (g_up, g_down) = (item_gradient(&up[j], j), item_gradient(&down[j], j));
                    if let Some(i) = index_of(Free::B(j)) {
                        column[i] = g_up[1] - g_down[1];
                    }
                    column[k] += g_up[0] - g_down[0];
                }
                let (a_up, a_down) = (up[0].a, down[0].a);
                column[k] += engine.common_a_prior(a_up).grad[0] / a_up
                    - engine.common_a_prior(a_down).grad[0] / a_down;
            }
            Free::A(j) | Free::B(j) | Free::C(j) => {
                let (g_up, g_down) = (item_gradient(&up[j], j), item_gradient(&down[j], j));
                for (component, target) in
                    [Free::A(j), Free::B(j), Free::C(j)].into_iter().enumerate()
                {
                    if let Some(i) = index_of(target) {
                        column[i] = g_up[component] - g_down[component];
                    }
                }
                if let Some(i) = index_of(Free::CommonA) {
                    column[i] = g_up[0] - g_down[0];
                }
            }
        }
        for (row, d) in hessian.iter_mut().zip(&column) {
            row[k] = d / (2.0 * h);
        }
    }
    hessian
}

/// The expanded parameter space in which every item has its own score slots, even for the
/// 1PL slope that all items share (its score is the sum of the items' slope slots).
struct Layout {
    /// Which natural component, 0 = a, 1 = b, 2 = c, each of an item's slots is.
    components: Vec<usize>,
    n_items: usize,
}

impl Layout {
    fn new(model: Model, n_items: usize) -> Layout {
        let components = match model {
            Model::Rasch => vec![1],
            Model::OnePl | Model::TwoPl => vec![0, 1],
            Model::ThreePl => vec![0, 1, 2],
        };
        Layout {
            components,
            n_items,
        }
    }

    fn slots(&self) -> usize {
        self.components.len()
    }

    fn len(&self) -> usize {
        self.slots() * self.n_items
    }

    /// The expanded slots that make up one free parameter.
    fn expand(&self, parameter: Free) -> Vec<usize> {
        let m = self.slots();
        let slot = |j: usize, component: usize| {
            self.components
                .iter()
                .position(|&c| c == component)
                .map(|s| j * m + s)
        };
        match parameter {
            Free::CommonA => (0..self.n_items).filter_map(|j| slot(j, 0)).collect(),
            Free::A(j) => slot(j, 0).into_iter().collect(),
            Free::B(j) => slot(j, 1).into_iter().collect(),
            Free::C(j) => slot(j, 2).into_iter().collect(),
        }
    }

    /// A symmetric matrix over the expanded slots (upper triangle, row-major) as a full
    /// matrix over `free`.
    fn to_free(&self, expanded: &[f64], free: &[Free]) -> Vec<Vec<f64>> {
        let e = self.len();
        let at = |x: usize, y: usize| {
            if x <= y {
                expanded[x * e + y]
            } else {
                expanded[y * e + x]
            }
        };
        let slots: Vec<Vec<usize>> = free.iter().map(|&f| self.expand(f)).collect();
        let n = free.len();
        let mut out = vec![vec![0.0; n]; n];
        for i in 0..n {
            for k in i..n {
                let mut value = 0.0;
                for &x in &slots[i] {
                    for &y in &slots[k] {
                        value += at(x, y);
                    }
                }
                out[i][k] = value;
                out[k][i] = value;
            }
        }
        out
    }
}

/// Cap on the memory of the covariance accumulators together, in f64s (64 MiB).
const MAX_ACCUMULATOR_F64S: usize = 1 << 23;
/// At most this many accumulators. The chunking depends only on the data and chunk results
/// are added in order, so the result is the same on any number of threads.
const MAX_CHUNKS: usize = 8;
/// Posterior weights below this are skipped in the rank-one updates: a pattern's weights sum
/// to 1, so what is skipped is below double precision's resolution of its contribution.
const NEGLIGIBLE_WEIGHT: f64 = 1e-16;

/// `Σ_p n_p Cov_p[s]` over the expanded slots: upper triangle of a row-major `len × len`.
fn score_covariance(estep: &EStep, layout: &Layout, items: &[ItemParams]) -> Vec<f64> {
    let nodes = &estep.grid.nodes;
    let nq = nodes.len();
    let (n_items, m, e) = (items.len(), layout.slots(), layout.len());
    let patterns = &estep.patterns;
    // Per item and node: ln P and ln (1 − P) for the posterior (rows 2j + response, as the
    // pattern cells index them), P for the residuals, and h per slot.
    let mut log_table = vec![0.0; 2 * n_items * nq];
    let mut probability = vec![0.0; n_items * nq];
    let mut h = vec![0.0; e * nq];
    for (j, item) in items.iter().enumerate() {
        for (q, &theta) in nodes.iter().enumerate() {
            let (ln_p, ln_q) = item.log_pq(theta);
            log_table[2 * j * nq + q] = ln_q;
            log_table[(2 * j + 1) * nq + q] = ln_p;
            probability[j * nq + q] = ln_p.exp();
            let gradient = probability_gradient(item, theta);
            let bernoulli_variance = (ln_p + ln_q).exp();
            for (s, &component) in layout.components.iter().enumerate() {
                h[(j * m + s) * nq + q] = if bernoulli_variance > 0.0 {
                    gradient[component] / bernoulli_variance
                } else {
                    0.0
                };
            }
        }
    }

    // Pass 1, over chunks of patterns: the posterior weights, and Σ_p n_p E_p[s] E_p[s]ᵀ.
    let n_patterns = patterns.len();
    let pattern_chunks = chunk_ranges(
        n_patterns,
        MAX_CHUNKS.min(MAX_ACCUMULATOR_F64S / (e * e).max(1)),
    );
    let mut weights = vec![0.0; n_patterns * nq];
    let mut weight_slices = Vec::with_capacity(pattern_chunks.len());
    let mut rest = weights.as_mut_slice();
    for range in &pattern_chunks {
        let (head, tail) = rest.split_at_mut(range.len() * nq);
        weight_slices.push(head);
        rest = tail;
    }
    let mean_products: Vec<Vec<f64>> = pattern_chunks
        .par_iter()
        .zip(weight_slices)
        .map(|(range, weights)| {
            let mut accumulator = vec![0.0; e * e];
            let (mut mean, mut slot) = (Vec::new(), Vec::new());
            for (offset, p) in range.clone().enumerate() {
                let w = &mut weights[offset * nq..(offset + 1) * nq];
                let cells = patterns.pattern(p);
                posterior(w, &estep.grid.log_weights, &log_table, cells);
                mean.clear();
                slot.clear();
                for &cell in cells {
                    let (j, x) = ((cell / 2) as usize, f64::from(cell % 2));
                    let p_row = &probability[j * nq..(j + 1) * nq];
                    for s in 0..m {
                        let h_row = &h[(j * m + s) * nq..(j * m + s + 1) * nq];
                        let mut value = 0.0;
                        for q in 0..nq {
                            value += w[q] * (x - p_row[q]) * h_row[q];
                        }
                        mean.push(value);
                        slot.push(j * m + s);
                    }
                }
                let count = patterns.counts[p];
                for (a, (&row, &u)) in slot.iter().zip(&mean).enumerate() {
                    let scaled = count * u;
                    let target = &mut accumulator[row * e..(row + 1) * e];
                    for (&col, &v) in slot[a..].iter().zip(&mean[a..]) {
                        target[col] += scaled * v;
                    }
                }
            }
            accumulator
        })
        .collect();

    // Pass 2, over chunks of nodes: Σ_q T_q[j, k] h_j(θ_q) h_k(θ_q)ᵀ.
    let node_chunks = chunk_ranges(
        nq,
        MAX_CHUNKS.min(MAX_ACCUMULATOR_F64S / (e * e + n_items * n_items).max(1)),
    );
    let weights = &weights;
    let second_moments: Vec<Vec<f64>> = node_chunks
        .par_iter()
        .map(|node_range| {
            let mut accumulator = vec![0.0; e * e];
            let mut t = vec![0.0; n_items * n_items];
            let (mut residual, mut observed) = (Vec::new(), Vec::new());
            for q in node_range.clone() {
                t.fill(0.0);
                for p in 0..n_patterns {
                    let w = weights[p * nq + q];
                    if w < NEGLIGIBLE_WEIGHT {
                        continue;
                    }
                    let scale = patterns.counts[p] * w;
                    residual.clear();
                    observed.clear();
                    for &cell in patterns.pattern(p) {
                        let j = (cell / 2) as usize;
                        residual.push(f64::from(cell % 2) - probability[j * nq + q]);
                        observed.push(j);
                    }
                    for (a, (&j, &r)) in observed.iter().zip(&residual).enumerate() {
                        let scaled = scale * r;
                        let row = &mut t[j * n_items..(j + 1) * n_items];
                        for (&k, &r2) in observed[a..].iter().zip(&residual[a..]) {
                            row[k] += scaled * r2;
                        }
                    }
                }
                for j in 0..n_items {
                    for k in j..n_items {
                        let value = t[j * n_items + k];
                        if value == 0.0 {
                            continue;
                        }
                        for s in 0..m {
                            let row = j * m + s;
                            let scaled = value * h[row * nq + q];
                            for s2 in 0..m {
                                let col = k * m + s2;
                                if col >= row {
                                    accumulator[row * e + col] += scaled * h[col * nq + q];
                                }
                            }
                        }
                    }
                }
            }
            accumulator
        })
        .collect();

    let mut covariance = vec![0.0; e * e];
    for part in &second_moments {
        covariance.iter_mut().zip(part).for_each(|(c, v)| *c += v);
    }
    for part in &mean_products {
        covariance.iter_mut().zip(part).for_each(|(c, v)| *c -= v);
    }
    covariance
}

/// Writes one pattern's normalised posterior weights on the grid into `w`.
fn posterior(w: &mut [f64], log_weights: &[f64], log_table: &[f64], cells: &[u32]) {
    let nq = w.len();
    w.copy_from_slice(log_weights);
    for &cell in cells {
        let row = &log_table[cell as usize * nq..(cell as usize + 1) * nq];
        w.iter_mut().zip(row).for_each(|(x, l)| *x += l);
    }
    let max = w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for x in w.iter_mut() {
        *x = (*x - max).exp();
        total += *x;
    }
    w.iter_mut().for_each(|x| *x /= total);
}

/// `∇P(θ)` in the natural parameters (a, b, c) of an item with upper asymptote `d`.
fn probability_gradient(item: &ItemParams, theta: f64) -> [f64; 3] {
    let z = item.a * (theta - item.b);
    let (s, sb) = (sigmoid(z), sigmoid(-z));
    let slope = (item.d - item.c) * s * sb;
    [slope * (theta - item.b), -slope * item.a, 1.0 - s]
}

/// Splits `0..len` into at most `chunks` contiguous ranges of near-equal length.
fn chunk_ranges(len: usize, chunks: usize) -> Vec<std::ops::Range<usize>> {
    let chunks = chunks.clamp(1, len.max(1));
    (0..chunks)
        .map(|k| len * k / chunks..len * (k + 1) / chunks)
        .collect()
}

/// The previous method, kept as the oracle for the Louis computation: the Hessian column by
/// column from central differences of the exact gradient (two E-steps per parameter).
#[cfg(test)]
fn numeric_standard_errors(
    engine: &mut Engine,
    items: &[ItemParams],
) -> Option<Vec<[Option<f64>; 3]>> {
    let free = free_parameters(engine.model, items.len());
    let n = free.len();
    let by_item = engine.estep.patterns.by_item(items.len());
    let (mut up_stats, mut down_stats) = (engine.estep.empty_stats(), engine.estep.empty_stats());
    let mut hessian = vec![vec![0.0; n]; n];
    for (k, &parameter) in free.iter().enumerate() {
        let value = get(items, parameter);
        let h = step(parameter, value);
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
    invert_to_ses(information, &free, items.len())
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

#[cfg(test)]
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

#[cfg(test)]
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

    /// An engine over simulated responses, and the maximum-likelihood estimates on them.
    fn simulated_fit(
        model: Model,
        truth: &[ItemParams],
        missing: f64,
        seed: u64,
    ) -> (Engine, Vec<ItemParams>) {
        let mut state = seed;
        let mut uniform = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut data = ResponseMatrix::with_items(truth.len());
        for _ in 0..1500 {
            let theta = 4.0 * uniform() - 2.0;
            let row: Vec<Option<bool>> = truth
                .iter()
                .map(|item| (uniform() >= missing).then(|| uniform() < item.probability(theta)))
                .collect();
            data.push_row(&row).unwrap();
        }
        let options = crate::FitOptions {
            standard_errors: false,
            ..crate::FitOptions::default()
        };
        let estimates = crate::fit(&data, model, &options).unwrap().item_params();
        let patterns = Patterns::collapse(&data);
        let engine = Engine {
            estep: EStep::new(patterns, options.quadrature.grid(), truth.len(), true),
            model,
            priors: options.priors,
        };
        (engine, estimates)
    }

    /// Louis's identity gives the same standard errors as differentiating the exact
    /// gradient numerically, for every model, with and without missing responses.
    #[test]
    fn louis_standard_errors_match_the_numeric_hessian() {
        let cases: Vec<(Model, Vec<ItemParams>)> = vec![
            (
                Model::Rasch,
                (0..7)
                    .map(|j| ItemParams::rasch(-1.2 + 0.4 * j as f64))
                    .collect(),
            ),
            (
                Model::OnePl,
                (0..7)
                    .map(|j| ItemParams::two_pl(1.3, -1.2 + 0.4 * j as f64))
                    .collect(),
            ),
            (
                Model::TwoPl,
                (0..7)
                    .map(|j| ItemParams::two_pl(0.6 + 0.25 * j as f64, 1.0 - 0.3 * j as f64))
                    .collect(),
            ),
            (
                Model::ThreePl,
                (0..7)
                    .map(|j| {
                        ItemParams::three_pl(0.9 + 0.2 * j as f64, -1.0 + 0.35 * j as f64, 0.2)
                    })
                    .collect(),
            ),
        ];
        for (model, truth) in cases {
            for missing in [0.5, 0.0] {
                let (mut engine, estimates) = simulated_fit(model, &truth, missing, 99);
                let numeric = numeric_standard_errors(&mut engine, &estimates).expect("numeric");
                let louis = standard_errors(&mut engine, &estimates).expect("louis");
                for (j, (l, n)) in louis.iter().zip(&numeric).enumerate() {
                    for (x, y) in l.iter().zip(n) {
                        assert_eq!(x.is_some(), y.is_some(), "{model:?} item {j}");
                        if let (Some(x), Some(y)) = (x, y) {
                            assert!(
                                (x / y - 1.0).abs() < 1e-5,
                                "{model:?}, {missing} missing, item {j}: {x} vs {y}"
                            );
                        }
                    }
                }
            }
        }
    }
}
