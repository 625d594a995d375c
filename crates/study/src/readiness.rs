//! Readiness: ability, the cut, the pass probability and the practice-scale band.

use crate::error::ReadinessError;
use crate::scale::{FormScale, SCALE_LABEL, ScaleBand};
use crate::tcc::{self, expected_score};
use irt::{ItemParams, Normal, Posterior, Quadrature, ScoreOptions};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why per-domain numbers need care; shown next to them.
pub const DOMAIN_NOTE: &str = "Per-domain estimates use only that domain's answers, so they rest on fewer questions than the overall estimate and are noisier (a wider ± SD); read them as a guide to where to study, not as separate verdicts. As on the AWS exam, passing depends on the total only: a weak domain can be made up by a strong one.";

/// One calibrated question: its id, exam domain and IRT parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibratedItem {
    /// The bank item's id.
    pub id: String,
    /// The exam domain number.
    pub domain: u8,
    /// The calibrated parameters (on the calibration's N(0, 1) ability scale).
    pub params: ItemParams,
}

impl CalibratedItem {
    /// A calibrated item.
    pub fn new(id: impl Into<String>, domain: u8, params: ItemParams) -> CalibratedItem {
        CalibratedItem {
            id: id.into(),
            domain,
            params,
        }
    }
}

/// A scored question of the reference form with its Angoff rating.
#[derive(Debug, Clone, PartialEq)]
pub struct FormQuestion {
    /// The bank item's id (it must be among the calibrated items).
    pub id: String,
    /// The probability that a minimally qualified candidate answers it correctly, 0–1.
    pub angoff: f64,
}

impl FormQuestion {
    /// A question with its rating.
    pub fn new(id: impl Into<String>, angoff: f64) -> FormQuestion {
        FormQuestion {
            id: id.into(),
            angoff,
        }
    }
}

/// The form the cut and the practice scale are defined on: the scored questions of a full
/// form, or the exam's whole item pool, with the exam's passing score.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceForm {
    /// The scored questions (unscored ones are left out).
    pub questions: Vec<FormQuestion>,
    /// The exam's passing score on the 100–1000 scale (700, 720 or 750 for AWS).
    pub passing_score: u32,
}

/// One first attempt at a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The bank item's id.
    pub item: String,
    /// Whether the first attempt was correct (a blank counts as incorrect).
    pub correct: bool,
}

impl Response {
    /// A response.
    pub fn new(item: impl Into<String>, correct: bool) -> Response {
        Response {
            item: item.into(),
            correct,
        }
    }
}

/// Settings for readiness estimates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadinessOptions {
    /// The ability prior, overall and per domain (default N(0, 1): the population of the
    /// calibration sample).
    pub prior: Normal,
    /// Points of the equally spaced posterior grid (default 481), 3..=10 000.
    pub grid_points: usize,
    /// Half-width of the grid in prior SDs (default 6).
    pub grid_limit: f64,
    /// The fewest first attempts at calibrated questions for an estimate (default 10).
    pub min_answers: usize,
    /// The fewest answers in a domain for a per-domain estimate (default 5; 0 counts as 1).
    pub min_domain_answers: usize,
    /// Half-width of the practice-scale band in posterior SDs (default 1, about 68 %;
    /// 1.96 gives about 95 %).
    pub band_sds: f64,
}

impl Default for ReadinessOptions {
    fn default() -> ReadinessOptions {
        ReadinessOptions {
            prior: Normal::STANDARD,
            grid_points: 481,
            grid_limit: 6.0,
            min_answers: 10,
            min_domain_answers: 5,
            band_sds: 1.0,
        }
    }
}

/// A domain's share of the reference form and its own cut.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainCut {
    /// The domain number.
    pub domain: u8,
    /// Its scored questions on the reference form.
    pub questions: usize,
    /// Its share of the raw cut: the sum of its questions' Angoff ratings.
    pub cut: f64,
    /// The ability at which the expected score on those questions equals that share;
    /// `None` when no ability reaches it (a share of 0 or of every question, or a guessing
    /// floor above it).
    pub theta_cut: Option<f64>,
}

/// The prepared model of one exam: the calibrated items, the reference form's cut on the
/// ability scale (θ_c) and its practice scale. Build it once and [`assess`](Self::assess)
/// any number of learners.
#[derive(Debug, Clone)]
pub struct ReadinessModel {
    items: Vec<CalibratedItem>,
    index: HashMap<String, usize>,
    form_params: Vec<ItemParams>,
    scale: FormScale,
    theta_cut: f64,
    domain_cuts: BTreeMap<u8, DomainCut>,
    options: ReadinessOptions,
    score_options: ScoreOptions,
    /// P(raw ≥ the passing raw score on the reference form | θ) at each grid node.
    sitting_pass: Vec<f64>,
    model_name: &'static str,
}

/// A learner's readiness for one exam.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    /// First attempts at calibrated questions used.
    pub answered: usize,
    /// How many of them were correct.
    pub correct: usize,
    /// θ̂, the EAP estimate (posterior mean).
    pub theta: f64,
    /// The posterior SD of θ (the "±").
    pub sd: f64,
    /// θ_c, the cut on the ability scale.
    pub theta_cut: f64,
    /// P(θ ≥ θ_c | answers): the posterior probability that ability is at or above the
    /// minimally qualified candidate's, i.e. of passing on certpath's scale.
    pub p_pass: f64,
    /// The probability of reaching the cut in one sitting of the reference form: the
    /// posterior averaged over the form's raw-score distribution at each θ, so it also
    /// counts the luck of a single sitting (usually less extreme than `p_pass`: a learner
    /// just above the cut can still fail a sitting, and one just below can pass it).
    pub p_pass_sitting: f64,
    /// The practice-scale band (always labelled [`SCALE_LABEL`]).
    pub band: ScaleBand,
    /// Per domain, in domain order: every domain of the reference form or of an answer.
    pub domains: Vec<DomainReadiness>,
    /// Answered questions that have no calibrated parameters and were not used.
    pub unused: Vec<String>,
    /// What the numbers rest on, one sentence each, ending with the scale label.
    pub assumptions: Vec<String>,
    /// Always [`SCALE_LABEL`].
    pub label: &'static str,
    /// Always [`DOMAIN_NOTE`].
    pub domain_note: &'static str,
}

/// Readiness in one domain.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainReadiness {
    /// The domain number.
    pub domain: u8,
    /// First attempts at calibrated questions of the domain.
    pub answered: usize,
    /// How many were correct.
    pub correct: usize,
    /// The domain's share of the reference form and its cut.
    pub cut: Option<DomainCut>,
    /// The estimate; `None` with fewer than
    /// [`min_domain_answers`](ReadinessOptions::min_domain_answers) answers.
    pub estimate: Option<DomainEstimate>,
}

/// An ability estimate from one domain's answers alone (noisier: see [`DOMAIN_NOTE`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DomainEstimate {
    /// The EAP estimate from the domain's answers, with the overall prior.
    pub theta: f64,
    /// Its posterior SD.
    pub sd: f64,
    /// P(θ ≥ the domain's θ_c | the domain's answers): the probability of meeting the
    /// domain's share of the cut. `None` when the domain has no cut of its own.
    pub p_meets: Option<f64>,
}

impl Readiness {
    /// The probability of meeting a domain's cut, for [`PlanDomain`](crate::PlanDomain):
    /// `None` when the domain has no estimate or no cut.
    pub fn domain_readiness(&self, domain: u8) -> Option<f64> {
        self.domains
            .iter()
            .find(|d| d.domain == domain)
            .and_then(|d| d.estimate)
            .and_then(|e| e.p_meets)
    }
}

impl ReadinessModel {
    /// Prepares the model: checks the items and the form, places the cut on the ability
    /// scale (θ_c with TCC(θ_c) = Σ Angoff, see [`theta_cut`](crate::theta_cut)), and
    /// builds the reference form's practice scale.
    ///
    /// # Errors
    ///
    /// A [`ReadinessError`] naming the item, rating or option at fault.
    pub fn new(
        items: &[CalibratedItem],
        form: &ReferenceForm,
        options: ReadinessOptions,
    ) -> Result<ReadinessModel, ReadinessError> {
        check_options(&options)?;
        let mut index = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(reason) = tcc::item_problem(&item.params) {
                return Err(ReadinessError::InvalidItem {
                    id: item.id.clone(),
                    reason,
                });
            }
            if index.insert(item.id.clone(), i).is_some() {
                return Err(ReadinessError::DuplicateItem {
                    id: item.id.clone(),
                });
            }
        }
        if form.questions.is_empty() {
            return Err(ReadinessError::EmptyForm);
        }
        let mut seen = BTreeSet::new();
        let mut form_items = Vec::with_capacity(form.questions.len());
        let mut cut_milli: u64 = 0;
        for question in &form.questions {
            if !seen.insert(question.id.as_str()) {
                return Err(ReadinessError::DuplicateFormQuestion {
                    id: question.id.clone(),
                });
            }
            let Some(&i) = index.get(&question.id) else {
                return Err(ReadinessError::UncalibratedFormQuestion {
                    id: question.id.clone(),
                });
            };
            if !(0.0..=1.0).contains(&question.angoff) {
                return Err(ReadinessError::InvalidAngoff {
                    id: question.id.clone(),
                    rating: question.angoff,
                });
            }
            let milli = angoff_milli(question.angoff);
            cut_milli += u64::from(milli);
            form_items.push((i, milli));
        }
        let raw_max = u32::try_from(form_items.len()).unwrap_or(u32::MAX);
        let cut_milli = u32::try_from(cut_milli).unwrap_or(u32::MAX);
        let scale = FormScale::from_milli(raw_max, cut_milli, form.passing_score)?;
        let form_params: Vec<ItemParams> =
            form_items.iter().map(|&(i, _)| items[i].params).collect();
        let theta_cut = tcc::solve(&form_params, scale.cut())?;

        let mut by_domain: BTreeMap<u8, (Vec<ItemParams>, u32)> = BTreeMap::new();
        for &(i, milli) in &form_items {
            let entry = by_domain.entry(items[i].domain).or_default();
            entry.0.push(items[i].params);
            entry.1 += milli;
        }
        let domain_cuts = by_domain
            .into_iter()
            .map(|(domain, (params, milli))| {
                let cut = f64::from(milli) / 1000.0;
                let inside = milli > 0 && (milli as usize) < params.len() * 1000;
                let theta_cut = inside.then(|| tcc::solve(&params, cut).ok()).flatten();
                let questions = params.len();
                (
                    domain,
                    DomainCut {
                        domain,
                        questions,
                        cut,
                        theta_cut,
                    },
                )
            })
            .collect();

        let score_options = ScoreOptions {
            prior: options.prior,
            quadrature: Quadrature::Rectangular {
                points: options.grid_points,
                limit: options.grid_limit,
            },
        };
        // The grid nodes, from the prior-only posterior (the same nodes every posterior uses).
        let prior = irt::posterior(&[], &[], &score_options)?;
        let passing_raw = scale.passing_raw() as usize;
        let sitting_pass = prior
            .nodes()
            .iter()
            .map(|&theta| upper_tail(&form_params, theta, passing_raw))
            .collect();
        Ok(ReadinessModel {
            model_name: model_name(items.iter().map(|i| &i.params)),
            items: items.to_vec(),
            index,
            form_params,
            scale,
            theta_cut,
            domain_cuts,
            options,
            score_options,
            sitting_pass,
        })
    }

    /// θ_c: the ability at which the expected score on the reference form equals its cut.
    pub fn theta_cut(&self) -> f64 {
        self.theta_cut
    }

    /// The reference form's practice scale.
    pub fn scale(&self) -> FormScale {
        self.scale
    }

    /// The expected raw score on the reference form at ability `theta`.
    pub fn expected_raw(&self, theta: f64) -> f64 {
        expected_score(&self.form_params, theta)
    }

    /// Each domain's share of the reference form and its cut, in domain order.
    pub fn domain_cuts(&self) -> impl Iterator<Item = &DomainCut> {
        self.domain_cuts.values()
    }

    /// The options in use.
    pub fn options(&self) -> &ReadinessOptions {
        &self.options
    }

    /// A learner's readiness from their first attempts.
    ///
    /// Answers to questions without calibrated parameters are listed in
    /// [`Readiness::unused`] and otherwise ignored.
    ///
    /// # Errors
    ///
    /// [`ReadinessError::DuplicateResponse`] when a question appears twice (pass first
    /// attempts only), and [`ReadinessError::NotEnoughAnswers`] with fewer than
    /// [`min_answers`](ReadinessOptions::min_answers) answers to calibrated questions. With
    /// no answers there is only the prior, which says nothing about this learner, so no
    /// probability is given.
    pub fn assess(&self, responses: &[Response]) -> Result<Readiness, ReadinessError> {
        let mut seen = BTreeSet::new();
        let mut used: Vec<(usize, bool)> = Vec::with_capacity(responses.len());
        let mut unused = Vec::new();
        for response in responses {
            if !seen.insert(response.item.as_str()) {
                return Err(ReadinessError::DuplicateResponse {
                    id: response.item.clone(),
                });
            }
            match self.index.get(&response.item) {
                Some(&i) => used.push((i, response.correct)),
                None => unused.push(response.item.clone()),
            }
        }
        if used.len() < self.options.min_answers {
            return Err(ReadinessError::NotEnoughAnswers {
                answered: used.len(),
                needed: self.options.min_answers,
            });
        }
        let posterior = self.posterior(used.iter().copied())?;
        let (theta, sd) = (posterior.mean(), posterior.sd());
        let p_pass = mass_at_or_above(&posterior, self.theta_cut);
        let p_pass_sitting = posterior
            .weights()
            .iter()
            .zip(&self.sitting_pass)
            .map(|(w, p)| w * p)
            .sum::<f64>()
            .clamp(0.0, 1.0);
        let band = self.band(theta, sd);

        let mut domains: BTreeMap<u8, Vec<(usize, bool)>> =
            self.domain_cuts.keys().map(|&d| (d, Vec::new())).collect();
        for &(i, correct) in &used {
            domains
                .entry(self.items[i].domain)
                .or_default()
                .push((i, correct));
        }
        let domains = domains
            .into_iter()
            .map(|(domain, answers)| self.domain(domain, &answers))
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Readiness {
            answered: used.len(),
            correct: used.iter().filter(|(_, c)| *c).count(),
            theta,
            sd,
            theta_cut: self.theta_cut,
            p_pass,
            p_pass_sitting,
            band,
            domains,
            unused,
            assumptions: self.assumptions(),
            label: SCALE_LABEL,
            domain_note: DOMAIN_NOTE,
        })
    }

    fn posterior(
        &self,
        answers: impl Iterator<Item = (usize, bool)>,
    ) -> Result<Posterior, ReadinessError> {
        let (params, responses): (Vec<ItemParams>, Vec<Option<bool>>) = answers
            .map(|(i, correct)| (self.items[i].params, Some(correct)))
            .unzip();
        Ok(irt::posterior(&params, &responses, &self.score_options)?)
    }

    fn band(&self, theta: f64, sd: f64) -> ScaleBand {
        let k = self.options.band_sds;
        let low_raw = self.expected_raw(theta - k * sd);
        let point_raw = self.expected_raw(theta);
        let high_raw = self.expected_raw(theta + k * sd);
        ScaleBand {
            low: self.scale.rounded(low_raw),
            point: self.scale.rounded(point_raw),
            high: self.scale.rounded(high_raw),
            low_raw,
            point_raw,
            high_raw,
            sds: k,
            passing_score: self.scale.passing_score(),
            label: SCALE_LABEL,
        }
    }

    fn domain(
        &self,
        domain: u8,
        answers: &[(usize, bool)],
    ) -> Result<DomainReadiness, ReadinessError> {
        let cut = self.domain_cuts.get(&domain).cloned();
        let estimate = if answers.len() >= self.options.min_domain_answers.max(1) {
            let posterior = self.posterior(answers.iter().copied())?;
            let p_meets = cut
                .as_ref()
                .and_then(|c| c.theta_cut)
                .map(|theta_c| mass_at_or_above(&posterior, theta_c));
            Some(DomainEstimate {
                theta: posterior.mean(),
                sd: posterior.sd(),
                p_meets,
            })
        } else {
            None
        };
        Ok(DomainReadiness {
            domain,
            answered: answers.len(),
            correct: answers.iter().filter(|(_, c)| *c).count(),
            cut,
            estimate,
        })
    }

    fn assumptions(&self) -> Vec<String> {
        let prior = self.options.prior;
        vec![
            format!(
                "Model: the {} item response model, with the calibrated item parameters taken \
                 as exact, fits how learners answer these questions (model fit is not checked \
                 here, and the parameters' own standard errors are not carried into these \
                 numbers).",
                self.model_name
            ),
            format!(
                "Calibration sample: ability is on the scale of the learners whose first attempts \
                 calibrated the items (N(0, 1) there), and the prior N({}, {}) assumes you are \
                 like them; a calibration from few or unrepresentative learners shifts every \
                 number here.",
                trim(prior.mean),
                trim(prior.sd)
            ),
            "Local independence: given ability, answers to different questions are independent, \
             so questions that give each other away, or practice on the same question, break \
             the estimate."
                .to_owned(),
            "One ability: a single ability underlies every domain; per-domain estimates use only \
             that domain's answers and are noisier."
                .to_owned(),
            format!(
                "The cut: θ_c = {:.2} is where the expected score on the reference form (its test \
                 characteristic curve) equals the sum of its {} scored questions' Angoff ratings \
                 ({}), certpath's raters' judgement of a minimally qualified candidate; error in \
                 those ratings is not included.",
                self.theta_cut,
                self.scale.raw_max(),
                trim(self.scale.cut())
            ),
            "First attempts only: each question counts once, at its first attempt; repeated \
             attempts measure memory of the question, not ability."
                .to_owned(),
            "P(pass) is the posterior probability that your ability is at or above θ_c; the \
             chance for one sitting of the reference form also counts the luck of which answers \
             go right on the day. Neither is the probability of passing the AWS exam, whose forms, \
             cut and conversion AWS does not publish."
                .to_owned(),
            format!(
                "The band maps the expected score at θ̂ ± {} SD through the reference form's \
                 practice scale (0 correct = 100, the cut = {}, all correct = 1000): a \
                 {SCALE_LABEL}.",
                trim(self.options.band_sds),
                self.scale.passing_score()
            ),
        ]
    }
}

fn check_options(options: &ReadinessOptions) -> Result<(), ReadinessError> {
    let invalid = |option, reason| Err(ReadinessError::InvalidOption { option, reason });
    if !(options.prior.mean.is_finite() && options.prior.sd.is_finite() && options.prior.sd > 0.0) {
        return invalid("prior", "needs a finite mean and a positive sd");
    }
    if !(3..=10_000).contains(&options.grid_points) {
        return invalid("grid_points", "must be 3 to 10000");
    }
    if !(options.grid_limit.is_finite() && options.grid_limit > 0.0 && options.grid_limit <= 40.0) {
        return invalid("grid_limit", "must be in (0, 40] prior SDs");
    }
    if options.min_answers == 0 {
        return invalid("min_answers", "must be at least 1");
    }
    if !(options.band_sds.is_finite() && options.band_sds >= 0.0) {
        return invalid("band_sds", "must be a finite number of SDs, 0 or more");
    }
    Ok(())
}

/// An Angoff rating in thousandths, as the engine rounds it.
fn angoff_milli(rating: f64) -> u32 {
    (rating.clamp(0.0, 1.0) * 1000.0).round() as u32
}

/// The posterior mass at or above `cut`, treating each node as the midpoint of a cell of
/// the grid's spacing and splitting the cell that contains the cut linearly (so the result
/// moves smoothly with the cut instead of jumping from node to node).
fn mass_at_or_above(posterior: &Posterior, cut: f64) -> f64 {
    let nodes = posterior.nodes();
    let h = if nodes.len() > 1 {
        nodes[1] - nodes[0]
    } else {
        0.0
    };
    posterior
        .weights()
        .iter()
        .zip(nodes)
        .map(|(w, &x)| {
            let fraction = if h > 0.0 {
                ((x + 0.5 * h - cut) / h).clamp(0.0, 1.0)
            } else if x >= cut {
                1.0
            } else {
                0.0
            };
            w * fraction
        })
        .sum::<f64>()
        .clamp(0.0, 1.0)
}

/// P(raw ≥ `k` | θ) on `items`, from the raw-score distribution (Lord–Wingersky recursion).
fn upper_tail(items: &[ItemParams], theta: f64, k: usize) -> f64 {
    let mut dist = vec![0.0; items.len() + 1];
    dist[0] = 1.0;
    for (n, item) in items.iter().enumerate() {
        let p = item.probability(theta);
        for r in (0..=n + 1).rev() {
            let right = if r > 0 { dist[r - 1] * p } else { 0.0 };
            dist[r] = dist[r] * (1.0 - p) + right;
        }
    }
    dist[k.min(dist.len())..]
        .iter()
        .sum::<f64>()
        .clamp(0.0, 1.0)
}

/// The model the parameters belong to, for the assumptions.
fn model_name<'a>(params: impl Iterator<Item = &'a ItemParams>) -> &'static str {
    let (mut slopes, mut guessing, mut slip) = (Vec::new(), false, false);
    for p in params {
        slopes.push(p.a);
        guessing |= p.c != 0.0;
        slip |= p.d != 1.0;
    }
    let common = slopes.windows(2).all(|w| w[0] == w[1]);
    if slip {
        "4PL"
    } else if guessing {
        "3PL"
    } else if common && slopes.first().is_none_or(|&a| a == 1.0) {
        "Rasch"
    } else if common {
        "1PL"
    } else {
        "2PL"
    }
}

/// "0.5", "1": a number for text.
fn trim(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_tail_matches_binomial() {
        let items = [ItemParams::rasch(0.0); 4];
        // p = 0.5 at θ = 0: P(raw ≥ 3) = (4 + 1) / 16.
        assert!((upper_tail(&items, 0.0, 3) - 5.0 / 16.0).abs() < 1e-12);
        assert!((upper_tail(&items, 0.0, 0) - 1.0).abs() < 1e-12);
        assert_eq!(upper_tail(&items, 0.0, 5), 0.0);
    }

    #[test]
    fn model_names() {
        let rasch = [ItemParams::rasch(0.0), ItemParams::rasch(1.0)];
        assert_eq!(model_name(rasch.iter()), "Rasch");
        let two = [ItemParams::two_pl(1.2, 0.0), ItemParams::two_pl(0.8, 1.0)];
        assert_eq!(model_name(two.iter()), "2PL");
        let three = [ItemParams::three_pl(1.2, 0.0, 0.2)];
        assert_eq!(model_name(three.iter()), "3PL");
    }
}
