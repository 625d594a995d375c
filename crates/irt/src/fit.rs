//! Calibration: marginal maximum likelihood (or MAP) by the EM algorithm of Bock & Aitkin.

use std::fmt;

use crate::data::{Patterns, ResponseMatrix};
use crate::estep::{EStep, Stats};
use crate::model::{ItemParams, Model, Parameter, logit};
use crate::mstep::{self, Derivs, PriorMask, Raw};
use crate::prior::ItemPriors;
use crate::quadrature::Quadrature;
use crate::se::standard_errors;

/// How to accelerate the EM iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Acceleration {
    /// Plain EM: one E-step and one M-step per iteration. Slow (linear convergence whose rate
    /// is the fraction of missing information) but simple.
    None,
    /// SQUAREM (Varadhan & Roland 2008, scheme S3): after two EM steps x₀ → x₁ → x₂, jump to
    /// x₀ + 2α r + α² v with r = x₁ − x₀, v = x₂ − 2x₁ + x₀ and α = ‖r‖/‖v‖ (α = 1 is x₂
    /// itself), on the unconstrained scale (ln a, b, logit c). α is capped by a bound that
    /// starts at 1 and is multiplied by 4 each time it is reached, as in the authors' reference
    /// implementation, and divided by 4 when a jump is refused. A jump is kept only if its
    /// objective is at least x₂'s, so the objective still never decreases.
    #[default]
    Squarem,
}

/// Settings for [`fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    /// The quadrature grid over the N(0, 1) ability distribution (default: 61 equally spaced
    /// points on ±6 SD; see [`Quadrature`] for why).
    pub quadrature: Quadrature,
    /// The most E-steps (passes over the data) to run, including those spent on acceleration.
    /// A fit that reaches it returns with `converged: false`. Default 2000.
    pub max_iterations: usize,
    /// Convergence: stop when one EM step changes no `a`, `b` or `c` by more than this.
    /// Default 1e-6, which puts the LSAT estimates within 1e-4 of the exact optimum. (Plain
    /// EM's steps shrink long before it arrives, so without acceleration use a smaller value.)
    pub tolerance: f64,
    /// Convergence acceleration (default SQUAREM).
    pub acceleration: Acceleration,
    /// Priors on item parameters (default: none on `a` and `b`, Beta(5, 17) on `c`).
    pub priors: ItemPriors,
    /// Whether to compute standard errors (see [`ItemEstimate::se_a`]). They cost one pass
    /// over the patterns per quadrature node (a rank-one update of an items × items matrix
    /// per pattern and node with non-negligible posterior weight), plus inverting the
    /// information matrix: about the fit itself on dense data. Default true.
    pub standard_errors: bool,
    /// Whether the E-step may use rayon's thread pool when the data is large enough (about
    /// 250 000 observed cells × nodes). Results are identical either way. Default true.
    pub parallel: bool,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions {
            quadrature: Quadrature::default(),
            max_iterations: 2000,
            tolerance: 1e-6,
            acceleration: Acceleration::default(),
            priors: ItemPriors::default(),
            standard_errors: true,
            parallel: true,
        }
    }
}

/// The calibrated parameters of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemEstimate {
    /// The item's id (its column header).
    pub id: String,
    /// Slope: 1 for Rasch; the common slope for 1PL.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Guessing: 0 except for 3PL.
    pub c: f64,
    /// Standard error of `a`; `None` when `a` is fixed by the model (Rasch) or standard errors
    /// were not computed. For 1PL every item carries the SE of the common slope.
    ///
    /// Standard errors come from the observed information: minus the Hessian of the marginal
    /// log-likelihood (plus log prior, for MAP) at the estimates, by Louis's identity (the
    /// information of the expected complete-data log-likelihood minus the posterior
    /// covariance of the complete-data score). Its inverse is the covariance of all
    /// parameters jointly, so between-item dependence is accounted for. A test checks it
    /// against central differences of the exact marginal score for every model.
    pub se_a: Option<f64>,
    /// Standard error of `b` (see [`ItemEstimate::se_a`]).
    pub se_b: Option<f64>,
    /// Standard error of `c`; `None` unless the model is 3PL.
    pub se_c: Option<f64>,
    /// Number of responses to the item.
    pub responses: usize,
}

impl ItemEstimate {
    /// The parameters, for scoring.
    pub fn params(&self) -> ItemParams {
        ItemParams::three_pl(self.a, self.b, self.c)
    }
}

/// One accepted EM point, as reported in [`Calibration::history`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iteration {
    /// E-steps run so far, including this point's.
    pub e_steps: usize,
    /// Marginal log-likelihood at this point.
    pub log_likelihood: f64,
    /// What EM maximises: the log-likelihood plus the log prior density of the item
    /// parameters (equal to the log-likelihood when no prior applies). It never decreases
    /// from one accepted point to the next (up to rounding, ~1e-12 relative).
    pub objective: f64,
    /// Largest change in any `a`, `b` or `c` from the previous point; `None` for the start.
    pub max_change: Option<f64>,
    /// Whether this point came from a SQUAREM extrapolation rather than a plain EM step.
    pub extrapolated: bool,
}

/// Something worth knowing about an otherwise successful fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FitWarning {
    /// An estimate ended on the bound that keeps it finite (a in [0.01, 50], |b| ≤ 50,
    /// c in [1e-6, 0.999]): the data does not identify it; a prior would.
    AtBound {
        /// 0-based item index.
        item: usize,
        /// Which parameter.
        parameter: Parameter,
    },
    /// The observed information is not positive definite, so no standard errors are given.
    SingularInformation,
}

impl fmt::Display for FitWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitWarning::AtBound { item, parameter } => write!(
                f,
                "the item in column {}: {parameter} is at its bound, so the data does not identify it",
                item + 1
            ),
            FitWarning::SingularInformation => {
                f.write_str("the information matrix is singular; standard errors are unavailable")
            }
        }
    }
}

/// The result of [`fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The model fitted.
    pub model: Model,
    /// One estimate per item, in column order.
    pub items: Vec<ItemEstimate>,
    /// Marginal log-likelihood at the final estimates (no multinomial constant).
    pub log_likelihood: f64,
    /// Log prior density of the final estimates (0 when no prior applies).
    pub log_prior: f64,
    /// E-steps (passes over the data) used by the iteration, excluding standard errors.
    pub iterations: usize,
    /// Whether the tolerance was met within `max_iterations`.
    pub converged: bool,
    /// Every accepted point, from the starting values to the final estimates.
    pub history: Vec<Iteration>,
    /// Persons with at least one response.
    pub n_persons: usize,
    /// Distinct response patterns among them.
    pub n_patterns: usize,
    /// Anything that needs a look; empty for a clean fit.
    pub warnings: Vec<FitWarning>,
}

impl Calibration {
    /// The item parameters in column order, for scoring.
    pub fn item_params(&self) -> Vec<ItemParams> {
        self.items.iter().map(ItemEstimate::params).collect()
    }

    /// The estimate for the item with this id.
    pub fn item(&self, id: &str) -> Option<&ItemEstimate> {
        self.items.iter().find(|item| item.id == id)
    }
}

/// Why a calibration could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FitError {
    /// The matrix has no item columns.
    #[error("the response matrix has no items")]
    NoItems,
    /// The matrix has no observed response at all (no rows, or every cell missing).
    #[error("the response matrix has no responses")]
    NoResponses,
    /// An item has no observed response, so nothing can be estimated for it.
    #[error("item {id:?} (column {}) has no responses; leave it out of the calibration", .index + 1)]
    ItemWithoutResponses {
        /// 0-based item index.
        index: usize,
        /// The item's id.
        id: String,
    },
    /// Every response to an item is the same, so its maximum-likelihood difficulty is ±∞.
    #[error(
        "item {id:?} (column {}) was answered {} by all {responses} respondents, so its difficulty is infinite; set a prior on b to calibrate it",
        .index + 1,
        if *.all_correct { "correctly" } else { "incorrectly" }
    )]
    ConstantItem {
        /// 0-based item index.
        index: usize,
        /// The item's id.
        id: String,
        /// How many responses it has.
        responses: usize,
        /// Whether they are all correct (else all incorrect).
        all_correct: bool,
    },
    /// Too few items to identify the model's slopes.
    #[error(
        "the {model} model needs at least {needed} items to be identified, the data has {found}; set a prior on a to fit fewer"
    )]
    TooFewItems {
        /// The model requested.
        model: Model,
        /// Items it needs without a prior on `a`.
        needed: usize,
        /// Items in the data.
        found: usize,
    },
    /// An option is out of range.
    #[error("invalid option {option}: {reason}")]
    InvalidOption {
        /// The [`FitOptions`] field.
        option: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The iteration produced a non-finite log-likelihood. This indicates a bug; it is
    /// reported rather than returned as NaN estimates.
    #[error("the estimation produced a non-finite log-likelihood")]
    NumericalFailure,
}

/// Calibrates `model` on `data` by marginal maximum likelihood (MAP when priors are set).
///
/// The algorithm is Bock–Aitkin EM: the ability distribution is fixed to N(0, 1) and
/// discretised by `options.quadrature`; identical response patterns are collapsed first; the
/// E-step computes each pattern's posterior over the nodes (in parallel for large data) and
/// sums expected correct/incorrect counts per item and node; the M-step maximises each
/// item's expected log-likelihood by Fisher scoring (for 1PL, the common slope and all
/// difficulties jointly); SQUAREM accelerates the outer iteration. Missing
/// responses are simply left out of each person's likelihood (ignorable missingness).
///
/// # Errors
///
/// Bad input is reported, never turned into a panic or NaN: see [`FitError`]. In particular
/// an item answered all correctly or all incorrectly is [`FitError::ConstantItem`] unless
/// `options.priors.b` is set, in which case its MAP difficulty is finite.
pub fn fit(
    data: &ResponseMatrix,
    model: Model,
    options: &FitOptions,
) -> Result<Calibration, FitError> {
    fit_with_progress(data, model, options, |_| {})
}

/// [`fit`], calling `on_iteration` with every accepted point as it is reached (for progress
/// reporting in long fits).
pub fn fit_with_progress(
    data: &ResponseMatrix,
    model: Model,
    options: &FitOptions,
    mut on_iteration: impl FnMut(&Iteration),
) -> Result<Calibration, FitError> {
    validate_options(model, options)?;
    let counts = data.item_counts();
    validate_data(data, model, options, &counts)?;

    let patterns = Patterns::collapse(data);
    let (n_persons, n_patterns) = (patterns.n_persons, patterns.len());
    let estep = EStep::new(
        patterns,
        options.quadrature.grid(),
        data.n_items(),
        options.parallel,
    );
    let mut engine = Engine {
        estep,
        model,
        priors: options.priors,
    };
    let mut run = Run {
        history: Vec::new(),
        e_steps: 0,
        on_iteration: &mut on_iteration,
    };

    let start = starting_values(model, &options.priors, &counts);
    let (current, converged) = run.iterate(&mut engine, start, options)?;

    let mut warnings = bound_warnings(model, &current.items);
    let ses = if options.standard_errors {
        let ses = standard_errors(&mut engine, &current.items);
        if ses.is_none() {
            warnings.push(FitWarning::SingularInformation);
        }
        ses
    } else {
        None
    };

    let items = current
        .items
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let se = ses.as_ref().map_or([None; 3], |s| s[j]);
            ItemEstimate {
                id: data.item_ids()[j].clone(),
                a: p.a,
                b: p.b,
                c: p.c,
                se_a: se[0],
                se_b: se[1],
                se_c: se[2],
                responses: counts[j].0,
            }
        })
        .collect();
    Ok(Calibration {
        model,
        items,
        log_likelihood: current.stats.log_likelihood,
        log_prior: current.objective - current.stats.log_likelihood,
        iterations: run.e_steps,
        converged,
        history: run.history,
        n_persons,
        n_patterns,
        warnings,
    })
}

/// The marginal log-likelihood of `data` at given item parameters (one column each), on
/// the quadrature grid over N(0, 1) — the quantity [`fit`] maximises, for comparing
/// models or checking an item bank calibrated elsewhere against new data.
///
/// # Errors
///
/// [`FitError::NoItems`] / [`FitError::NoResponses`] for an empty matrix,
/// [`FitError::InvalidOption`] (`"items"`) when the parameter count differs from the item
/// count or a parameter is unusable, and [`FitError::InvalidOption`] (`"quadrature"`).
pub fn log_likelihood(
    data: &ResponseMatrix,
    items: &[ItemParams],
    quadrature: &Quadrature,
) -> Result<f64, FitError> {
    let invalid = |option, reason| Err(FitError::InvalidOption { option, reason });
    if let Some(reason) = quadrature.problem() {
        return invalid("quadrature", reason);
    }
    if data.n_items() == 0 {
        return Err(FitError::NoItems);
    }
    if items.len() != data.n_items() {
        return invalid("items", "one item parameter set per column is needed");
    }
    if let Some(reason) = items.iter().find_map(ItemParams::problem) {
        return invalid("items", reason);
    }
    let patterns = Patterns::collapse(data);
    if patterns.len() == 0 {
        return Err(FitError::NoResponses);
    }
    let mut estep = EStep::new(patterns, quadrature.grid(), data.n_items(), true);
    let mut stats = estep.empty_stats();
    estep.run(items, &mut stats);
    Ok(stats.log_likelihood)
}

fn validate_options(model: Model, options: &FitOptions) -> Result<(), FitError> {
    let invalid = |option, reason| Err(FitError::InvalidOption { option, reason });
    if let Some(reason) = options.quadrature.problem() {
        return invalid("quadrature", reason);
    }
    if options.max_iterations == 0 {
        return invalid("max_iterations", "must be at least 1");
    }
    if !(options.tolerance.is_finite() && options.tolerance > 0.0) {
        return invalid("tolerance", "must be a positive number");
    }
    let priors = &options.priors;
    if priors.a.is_some_and(|p| !p.is_valid()) {
        return invalid("priors.a", "needs a finite meanlog and a positive sdlog");
    }
    if priors.b.is_some_and(|p| !p.is_valid()) {
        return invalid("priors.b", "needs a finite mean and a positive sd");
    }
    if priors.c.is_some_and(|p| !p.is_valid()) {
        return invalid("priors.c", "needs shape parameters of at least 1");
    }
    if model == Model::ThreePl && priors.c.is_none() {
        return invalid("priors.c", "the 3PL model needs a Beta prior on c");
    }
    Ok(())
}

fn validate_data(
    data: &ResponseMatrix,
    model: Model,
    options: &FitOptions,
    counts: &[(usize, usize)],
) -> Result<(), FitError> {
    if data.n_items() == 0 {
        return Err(FitError::NoItems);
    }
    if counts.iter().all(|&(n, _)| n == 0) {
        return Err(FitError::NoResponses);
    }
    let id = |index: usize| data.item_ids()[index].clone();
    if let Some(index) = counts.iter().position(|&(n, _)| n == 0) {
        return Err(FitError::ItemWithoutResponses {
            index,
            id: id(index),
        });
    }
    if data.n_items() < model.min_items() && options.priors.a.is_none() {
        return Err(FitError::TooFewItems {
            model,
            needed: model.min_items(),
            found: data.n_items(),
        });
    }
    if options.priors.b.is_none()
        && let Some(index) = counts.iter().position(|&(n, r)| r == 0 || r == n)
    {
        let (responses, correct) = counts[index];
        return Err(FitError::ConstantItem {
            index,
            id: id(index),
            responses,
            all_correct: correct == responses,
        });
    }
    Ok(())
}

/// Starting values from the proportions correct: a = 1, c at its prior mode, and b from the
/// logistic approximation to the marginal proportion, P ≈ σ(−b / √(1 + a²/2.89)).
fn starting_values(
    model: Model,
    priors: &ItemPriors,
    counts: &[(usize, usize)],
) -> Vec<ItemParams> {
    let c = match (model, priors.c) {
        (Model::ThreePl, Some(prior)) => prior.mode().clamp(0.05, 0.35),
        _ => 0.0,
    };
    counts
        .iter()
        .map(|&(n, r)| {
            let p = (r as f64 + 0.5) / (n as f64 + 1.0);
            let p_star = ((p - c) / (1.0 - c)).clamp(0.02, 0.98);
            let b = -logit(p_star) * (1.0 + 1.0 / 2.89_f64).sqrt();
            ItemParams::three_pl(1.0, b, c)
        })
        .collect()
}

/// The pieces of a fit that an iteration needs: the E-step machinery and the model.
pub(crate) struct Engine {
    pub(crate) estep: EStep,
    pub(crate) model: Model,
    pub(crate) priors: ItemPriors,
}

/// A parameter point with its E-step statistics.
struct Point {
    items: Vec<ItemParams>,
    stats: Stats,
    objective: f64,
}

impl Engine {
    pub(crate) fn e_step(&mut self, items: &[ItemParams]) -> Stats {
        let mut stats = self.estep.empty_stats();
        self.estep.run(items, &mut stats);
        stats
    }

    /// Which priors count towards each item's objective (the 1PL slope prior is counted once,
    /// separately).
    fn item_prior_mask(&self) -> PriorMask {
        PriorMask {
            a: matches!(self.model, Model::TwoPl | Model::ThreePl),
            b: true,
            c: self.model.estimates_c(),
        }
    }

    fn log_prior(&self, items: &[ItemParams]) -> f64 {
        let mask = self.item_prior_mask();
        let mut total: f64 = items
            .iter()
            .map(|item| mstep::prior_derivs(item, &self.priors, mask).value)
            .sum();
        if self.model == Model::OnePl {
            total += self.common_a_prior(items[0].a).value;
        }
        total
    }

    pub(crate) fn common_a_prior(&self, a: f64) -> Derivs {
        let mask = PriorMask {
            a: true,
            b: false,
            c: false,
        };
        mstep::prior_derivs(&ItemParams::two_pl(a, 0.0), &self.priors, mask)
    }

    /// Objective (likelihood part plus prior) of item `j` at `raw`, in (α, b, γ).
    pub(crate) fn item_objective(&self, stats: &Stats, j: usize, raw: Raw) -> Derivs {
        let params = raw.to_params(self.model.estimates_c());
        let (wrong, right) = stats.item(j, self.estep.nq());
        let mut d = mstep::item_derivs(&self.estep.grid.nodes, wrong, right, &params);
        d += mstep::prior_derivs(&params, &self.priors, self.item_prior_mask());
        d
    }

    fn m_step(&self, point: &Point) -> Vec<ItemParams> {
        let stats = &point.stats;
        let has_c = self.model.estimates_c();
        let free: &[usize] = match self.model {
            Model::OnePl => return self.one_pl_m_step(stats, &point.items),
            Model::Rasch => &[1],
            Model::TwoPl => &[0, 1],
            Model::ThreePl => &[0, 1, 2],
        };
        point
            .items
            .iter()
            .enumerate()
            .map(|(j, item)| {
                let raw = mstep::maximize(Raw::from_params(item), free, |x| {
                    self.item_objective(stats, j, x)
                });
                raw.to_params(has_c)
            })
            .collect()
    }

    /// The 1PL M-step: Fisher scoring on the common ln a and all difficulties jointly. The
    /// information matrix is an arrow (the slope couples to every difficulty, difficulties
    /// not to each other), so each step is solved in O(items) through the Schur complement
    /// of the slope. Step halving keeps the objective from decreasing, as for other models.
    fn one_pl_m_step(&self, stats: &Stats, items: &[ItemParams]) -> Vec<ItemParams> {
        struct Eval {
            value: f64,
            alpha: Derivs,
            items: Vec<Derivs>,
        }
        let evaluate = |alpha: f64, b: &[f64]| {
            let per_item: Vec<Derivs> = b
                .iter()
                .enumerate()
                .map(|(j, &b)| {
                    self.item_objective(
                        stats,
                        j,
                        Raw {
                            alpha,
                            b,
                            gamma: 0.0,
                        },
                    )
                })
                .collect();
            let mut common = self.common_a_prior(alpha.exp());
            for d in &per_item {
                common += *d;
            }
            Eval {
                value: common.value,
                alpha: common,
                items: per_item,
            }
        };
        let clamp = |alpha: f64, b: f64| {
            Raw {
                alpha,
                b,
                gamma: 0.0,
            }
            .clamped()
        };

        let mut alpha = clamp(items[0].a.ln(), 0.0).alpha;
        let mut b: Vec<f64> = items.iter().map(|item| clamp(alpha, item.b).b).collect();
        let mut current = evaluate(alpha, &b);
        for _ in 0..50 {
            // Schur complement: eliminate each b_j, solve for ln a, back-substitute.
            let (mut g, mut info) = (current.alpha.grad[0], current.alpha.info[0][0]);
            for d in &current.items {
                let (i_ab, i_bb) = (d.info[0][1], d.info[1][1]);
                if i_bb > 0.0 {
                    g -= i_ab * d.grad[1] / i_bb;
                    info -= i_ab * i_ab / i_bb;
                }
            }
            let d_alpha = if info > 0.0 && info.is_finite() {
                g / info
            } else {
                0.0
            };
            let mut step: Vec<f64> = current
                .items
                .iter()
                .map(|d| {
                    let i_bb = d.info[1][1];
                    if i_bb > 0.0 {
                        (d.grad[1] - d.info[0][1] * d_alpha) / i_bb
                    } else {
                        0.0
                    }
                })
                .collect();
            step.push(d_alpha);
            let largest = step.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
            if !largest.is_finite() {
                break;
            }
            let scale = if largest > 1.0 { 1.0 / largest } else { 1.0 };
            let d_alpha = step.pop().unwrap_or(0.0);

            let mut t = scale;
            let mut accepted = None;
            for _ in 0..30 {
                let next_alpha = clamp(alpha + t * d_alpha, 0.0).alpha;
                let next_b: Vec<f64> = b
                    .iter()
                    .zip(&step)
                    .map(|(b, s)| clamp(next_alpha, b + t * s).b)
                    .collect();
                let next = evaluate(next_alpha, &next_b);
                if next.value >= current.value {
                    accepted = Some((next_alpha, next_b, next));
                    break;
                }
                t *= 0.5;
            }
            let Some((next_alpha, next_b, next)) = accepted else {
                break;
            };
            let moved = b
                .iter()
                .zip(&next_b)
                .fold((next_alpha - alpha).abs(), |m, (x, y)| m.max((x - y).abs()));
            (alpha, b, current) = (next_alpha, next_b, next);
            if moved < 1e-10 {
                break;
            }
        }
        let a = alpha.exp();
        b.iter().map(|&b| ItemParams::two_pl(a, b)).collect()
    }

    /// The free parameters on the unconstrained scale, for SQUAREM.
    fn pack(&self, items: &[ItemParams]) -> Vec<f64> {
        let mut u = Vec::with_capacity(3 * items.len() + 1);
        if self.model == Model::OnePl {
            u.push(items[0].a.ln());
        }
        for item in items {
            let raw = Raw::from_params(item);
            if matches!(self.model, Model::TwoPl | Model::ThreePl) {
                u.push(raw.alpha);
            }
            u.push(raw.b);
            if self.model.estimates_c() {
                u.push(raw.gamma);
            }
        }
        u
    }

    fn unpack(&self, u: &[f64], n_items: usize) -> Vec<ItemParams> {
        let mut values = u.iter().copied();
        let mut next = || values.next().expect("the vector was packed for this model");
        let common_alpha = if self.model == Model::OnePl {
            next()
        } else {
            0.0
        };
        (0..n_items)
            .map(|_| {
                let alpha = match self.model {
                    Model::Rasch => 0.0,
                    Model::OnePl => common_alpha,
                    _ => next(),
                };
                let b = next();
                let gamma = if self.model.estimates_c() {
                    next()
                } else {
                    0.0
                };
                Raw { alpha, b, gamma }
                    .clamped()
                    .to_params(self.model.estimates_c())
            })
            .collect()
    }
}

/// The iteration's bookkeeping: the history and the E-step count.
struct Run<'f, F: FnMut(&Iteration)> {
    history: Vec<Iteration>,
    e_steps: usize,
    on_iteration: &'f mut F,
}

impl<F: FnMut(&Iteration)> Run<'_, F> {
    fn evaluate(&mut self, engine: &mut Engine, items: Vec<ItemParams>) -> Result<Point, FitError> {
        let stats = engine.e_step(&items);
        self.e_steps += 1;
        let objective = stats.log_likelihood + engine.log_prior(&items);
        if !objective.is_finite() {
            return Err(FitError::NumericalFailure);
        }
        Ok(Point {
            items,
            stats,
            objective,
        })
    }

    fn record(&mut self, point: &Point, max_change: Option<f64>, extrapolated: bool) {
        let iteration = Iteration {
            e_steps: self.e_steps,
            log_likelihood: point.stats.log_likelihood,
            objective: point.objective,
            max_change,
            extrapolated,
        };
        (self.on_iteration)(&iteration);
        self.history.push(iteration);
    }

    /// EM from `start`, accelerated by SQUAREM if asked. Returns the final point and whether
    /// it converged.
    fn iterate(
        &mut self,
        engine: &mut Engine,
        start: Vec<ItemParams>,
        options: &FitOptions,
    ) -> Result<(Point, bool), FitError> {
        let n_items = start.len();
        let mut current = self.evaluate(engine, start)?;
        self.record(&current, None, false);
        let mut step_max: f64 = 1.0;
        while self.e_steps < options.max_iterations {
            let p1 = self.evaluate(engine, engine.m_step(&current))?;
            let change = max_change(&current.items, &p1.items);
            self.record(&p1, Some(change), false);
            if change < options.tolerance {
                return Ok((p1, true));
            }
            if options.acceleration == Acceleration::None || self.e_steps >= options.max_iterations
            {
                current = p1;
                continue;
            }
            let p2 = self.evaluate(engine, engine.m_step(&p1))?;
            let change = max_change(&p1.items, &p2.items);
            self.record(&p2, Some(change), false);
            if change < options.tolerance {
                return Ok((p2, true));
            }

            let (u0, u1, u2) = (
                engine.pack(&current.items),
                engine.pack(&p1.items),
                engine.pack(&p2.items),
            );
            let r: Vec<f64> = u1.iter().zip(&u0).map(|(a, b)| a - b).collect();
            let v: Vec<f64> = (0..u0.len()).map(|i| u2[i] - 2.0 * u1[i] + u0[i]).collect();
            let (sr2, sv2) = (dot(&r, &r), dot(&v, &v));
            let alpha = if sv2 > 0.0 { (sr2 / sv2).sqrt() } else { 1.0 };
            let alpha = if alpha.is_finite() {
                alpha.clamp(1.0, step_max)
            } else {
                1.0
            };
            if alpha <= 1.0 || self.e_steps >= options.max_iterations {
                if alpha >= step_max {
                    step_max *= 4.0;
                }
                current = p2;
                continue;
            }
            let jump: Vec<f64> = (0..u0.len())
                .map(|i| u0[i] + 2.0 * alpha * r[i] + alpha * alpha * v[i])
                .collect();
            let candidate = self.evaluate(engine, engine.unpack(&jump, n_items))?;
            if candidate.objective >= p2.objective {
                let change = max_change(&p2.items, &candidate.items);
                self.record(&candidate, Some(change), true);
                current = candidate;
                if alpha >= step_max {
                    step_max *= 4.0;
                }
            } else {
                current = p2;
                step_max = (step_max / 4.0).max(1.0);
            }
        }
        Ok((current, false))
    }
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

fn max_change(x: &[ItemParams], y: &[ItemParams]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(p, q)| {
            (p.a - q.a)
                .abs()
                .max((p.b - q.b).abs())
                .max((p.c - q.c).abs())
        })
        .fold(0.0, f64::max)
}

fn bound_warnings(model: Model, items: &[ItemParams]) -> Vec<FitWarning> {
    let near = |x: f64, bound: f64| (x - bound).abs() <= 1e-9 * bound.abs().max(1e-6);
    let mut warnings = Vec::new();
    for (item, p) in items.iter().enumerate() {
        // The 1PL slope is common to all items: warn about it once.
        let own_a = model.estimates_a() && (model != Model::OnePl || item == 0);
        if own_a && (near(p.a, mstep::A_MIN) || near(p.a, mstep::A_MAX)) {
            warnings.push(FitWarning::AtBound {
                item,
                parameter: Parameter::A,
            });
        }
        if near(p.b.abs(), mstep::B_MAX) {
            warnings.push(FitWarning::AtBound {
                item,
                parameter: Parameter::B,
            });
        }
        if model.estimates_c() && (near(p.c, mstep::C_MIN) || near(p.c, mstep::C_MAX)) {
            warnings.push(FitWarning::AtBound {
                item,
                parameter: Parameter::C,
            });
        }
    }
    warnings
}
