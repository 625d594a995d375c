//! Calibrating the bank from learners' first attempts: IRT parameters plus classical item
//! statistics (Moodle's facility, discrimination index and discriminative efficiency), with
//! flags for items that behave badly, and distractor analysis of choice items ([`distractors`]).

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

/// A learner's first answer to a single- or multiple-choice item, option by option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstChoice {
    /// Who answered (the same id as in their [`FirstResponse`]s).
    pub person: String,
    /// The bank item's id.
    pub item: String,
    /// Every option of the item, chosen or not; a blank chooses none.
    pub options: Vec<OptionChoice>,
}

/// One option of a [`FirstChoice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionChoice {
    /// What identifies the option across learners (its text: learners saw options in
    /// different orders).
    pub option: String,
    /// Whether it is part of the key.
    pub correct: bool,
    /// Whether the learner chose it.
    pub chosen: bool,
}

/// The share of learners in each of the upper and the lower group (Kelley's 27%).
pub const GROUP_SHARE: f64 = 0.27;

/// Fewest learners an item needs for upper and lower groups.
pub const MIN_CANDIDATES: usize = 4;

/// How often one option of an item was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionShares {
    /// The option (as in [`OptionChoice::option`]).
    pub option: String,
    /// Whether it is part of the key.
    pub correct: bool,
    /// Share of all the item's learners who chose it.
    pub overall: f64,
    /// Share of the upper group who chose it; `None` with fewer than [`MIN_CANDIDATES`].
    pub upper: Option<f64>,
    /// Share of the lower group who chose it; `None` with fewer than [`MIN_CANDIDATES`].
    pub lower: Option<f64>,
}

/// A distractor the upper group chose more often than (a part of) the key.
#[derive(Debug, Clone, PartialEq)]
pub struct DistractorFlag {
    /// The incorrect option.
    pub distractor: String,
    /// Share of the upper group who chose it.
    pub distractor_upper: f64,
    /// The correct option it beats: for multiple response, the correct option the upper
    /// group chose least often.
    pub key: String,
    /// Share of the upper group who chose that correct option.
    pub key_upper: f64,
}

/// Distractor analysis of one choice item.
#[derive(Debug, Clone, PartialEq)]
pub struct DistractorAnalysis {
    /// The bank item's id.
    pub item: String,
    /// Learners with a first answer to it.
    pub candidates: usize,
    /// Learners in each of the upper and the lower group: 27% of `candidates`, rounded, at
    /// least 1; 0 when there are fewer than [`MIN_CANDIDATES`] (no groups).
    pub group_size: usize,
    /// The upper group's share correct minus the lower group's (Kelley's upper-lower
    /// discrimination index, −1 to 1); `None` without groups.
    pub upper_lower: Option<f64>,
    /// Every option seen, in the order first seen.
    pub options: Vec<OptionShares>,
    /// Distractors chosen by the upper group more often than the key; empty without groups.
    pub flags: Vec<DistractorFlag>,
}

impl DistractorAnalysis {
    /// Whether there were enough learners for upper and lower groups.
    pub fn has_groups(&self) -> bool {
        self.group_size > 0
    }
}

/// Distractor analysis, as classical test theory (and Moodle) does it: for each item, the
/// learners who answered it are ranked by their total score (their share correct over all
/// their first responses in `responses`, since learners saw different forms), the top 27%
/// form the upper group and the bottom 27% the lower group, and for each option the share
/// of each group who chose it is given.
///
/// Learners tied on the boundary of a group each count for an equal fraction of the places
/// left in it (the average over every way of breaking the tie), so the result does not
/// depend on the input's order. An item is flagged when a distractor is chosen by the upper
/// group more often than the key (for multiple response, more often than any one correct
/// option). Items with fewer than [`MIN_CANDIDATES`] learners get shares overall only.
///
/// Only a learner's first choice per item counts, and only learners with a response in
/// `responses` are ranked. Options are told apart by [`OptionChoice::option`] and whether
/// they are correct. Items come sorted by id.
pub fn distractors(
    responses: &[FirstResponse],
    choices: &[FirstChoice],
) -> Vec<DistractorAnalysis> {
    let mut totals: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for r in responses {
        let entry = totals.entry(r.person.as_str()).or_default();
        entry.0 += 1;
        entry.1 += u32::from(r.correct);
    }
    let score = |person: &str| {
        totals
            .get(person)
            .map(|&(n, correct)| f64::from(correct) / f64::from(n))
    };
    let mut by_item: BTreeMap<&str, Vec<(&FirstChoice, f64)>> = BTreeMap::new();
    let mut seen: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for choice in choices {
        let Some(total) = score(&choice.person) else {
            continue;
        };
        if seen.insert((choice.person.as_str(), choice.item.as_str())) {
            by_item
                .entry(choice.item.as_str())
                .or_default()
                .push((choice, total));
        }
    }
    by_item
        .into_iter()
        .map(|(item, candidates)| analyse(item, candidates))
        .collect()
}

/// Each candidate's weight in the upper and the lower group of `size` (ties shared).
fn group_weights(scores: &[f64], size: usize) -> Vec<(f64, f64)> {
    let n = scores.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut weights = vec![(0.0, 0.0); n];
    let overlap = |start: usize, end: usize, from: usize, to: usize| {
        end.min(to).saturating_sub(start.max(from)) as f64
    };
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        let len = (end - start) as f64;
        let upper = overlap(start, end, 0, size) / len;
        let lower = overlap(start, end, n - size, n) / len;
        for &candidate in &order[start..end] {
            weights[candidate] = (upper, lower);
        }
        start = end;
    }
    weights
}

fn analyse(item: &str, candidates: Vec<(&FirstChoice, f64)>) -> DistractorAnalysis {
    let n = candidates.len();
    let mut options: Vec<(&str, bool)> = Vec::new();
    for (choice, _) in &candidates {
        for o in &choice.options {
            if !options.contains(&(o.option.as_str(), o.correct)) {
                options.push((o.option.as_str(), o.correct));
            }
        }
    }
    let group_size = if n < MIN_CANDIDATES {
        0
    } else {
        ((GROUP_SHARE * n as f64).round() as usize).max(1)
    };
    let scores: Vec<f64> = candidates.iter().map(|(_, s)| *s).collect();
    let weights = if group_size > 0 {
        group_weights(&scores, group_size)
    } else {
        Vec::new()
    };
    let chose = |choice: &FirstChoice, option: (&str, bool)| {
        choice
            .options
            .iter()
            .any(|o| o.chosen && (o.option.as_str(), o.correct) == option)
    };
    let share = |pick: &dyn Fn(&FirstChoice) -> bool, weight: &dyn Fn(usize) -> f64, of: f64| {
        candidates
            .iter()
            .enumerate()
            .filter(|(_, (choice, _))| pick(choice))
            .map(|(i, _)| weight(i))
            .sum::<f64>()
            / of
    };
    let groups = |pick: &dyn Fn(&FirstChoice) -> bool| {
        (group_size > 0).then(|| {
            let size = group_size as f64;
            (
                share(pick, &|i| weights[i].0, size),
                share(pick, &|i| weights[i].1, size),
            )
        })
    };
    let shares: Vec<OptionShares> = options
        .iter()
        .map(|&option| {
            let pick = |c: &FirstChoice| chose(c, option);
            let split = groups(&pick);
            OptionShares {
                option: option.0.to_owned(),
                correct: option.1,
                overall: share(&pick, &|_| 1.0, n as f64),
                upper: split.map(|s| s.0),
                lower: split.map(|s| s.1),
            }
        })
        .collect();
    let right =
        |c: &FirstChoice| !c.options.is_empty() && c.options.iter().all(|o| o.chosen == o.correct);
    let upper_lower = groups(&right).map(|(upper, lower)| upper - lower);
    let mut flags = Vec::new();
    let weakest_key = shares
        .iter()
        .filter(|s| s.correct)
        .filter_map(|s| s.upper.map(|u| (s, u)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((key, key_upper)) = weakest_key {
        for s in shares.iter().filter(|s| !s.correct) {
            if let Some(upper) = s.upper
                && upper > key_upper + 1e-9
            {
                flags.push(DistractorFlag {
                    distractor: s.option.clone(),
                    distractor_upper: upper,
                    key: key.option.clone(),
                    key_upper,
                });
            }
        }
    }
    DistractorAnalysis {
        item: item.to_owned(),
        candidates: n,
        group_size,
        upper_lower,
        options: shares,
        flags,
    }
}
