//! Form assembly: choosing, spreading and shuffling the questions of a form.

use crate::form::{
    ChoiceOption, Content, Form, FormDomain, FormItem, FormKind, Link, Prompt, QuestionKind,
    Response, StepOption,
};
use crate::rng::Rng;
use bank::{Body, Item, ItemType, Status};
use catalog::{Domains, ExamVersion};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt;

/// What form to assemble, and which items the person saw recently.
///
/// ```
/// use engine::{FormShape, FormSpec};
///
/// let spec = FormSpec::drill(2, 20).avoiding(["saa-c03-s3-01", "saa-c03-sqs-04"]);
/// assert!(matches!(spec.shape, FormShape::Drill { domain: 2, count: 20, minutes: None }));
/// assert_eq!(spec.recent.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormSpec {
    /// The kind of form.
    pub shape: FormShape,
    /// Ids of items seen in recent attempts, most recent first. Assembly uses them only
    /// when the bank has nothing else for a slot; among them, tasks still take turns, and
    /// within a task the item seen longest ago (latest in this list) goes first.
    pub recent: Vec<String>,
}

impl FormSpec {
    /// A full exam form.
    pub fn full() -> FormSpec {
        FormSpec::default()
    }

    /// A drill of `count` reviewed items of one domain, at the exam's pace.
    pub fn drill(domain: u8, count: u32) -> FormSpec {
        FormSpec {
            shape: FormShape::Drill {
                domain,
                count,
                minutes: None,
            },
            recent: Vec::new(),
        }
    }

    /// A review of the given items (missed or flagged earlier), at the exam's pace.
    pub fn review<I: Into<String>>(ids: impl IntoIterator<Item = I>) -> FormSpec {
        FormSpec {
            shape: FormShape::Review {
                ids: ids.into_iter().map(Into::into).collect(),
                minutes: None,
            },
            recent: Vec::new(),
        }
    }

    /// A custom form of `count` reviewed items from `domains` (all when empty), spread by the
    /// domains' weights; `minutes` `None` means the exam's pace.
    pub fn custom(domains: Vec<u8>, count: u32, minutes: Option<u32>) -> FormSpec {
        FormSpec {
            shape: FormShape::Custom {
                domains,
                count,
                minutes,
            },
            recent: Vec::new(),
        }
    }

    /// The same spec, avoiding the given recently seen ids (most recent first).
    pub fn avoiding<I: Into<String>>(mut self, recent: impl IntoIterator<Item = I>) -> FormSpec {
        self.recent = recent.into_iter().map(Into::into).collect();
        self
    }
}

/// The kinds of form [`assemble`] builds.
///
/// Only [`FormShape::Full`] has unscored questions; on the others every question is scored,
/// and the report says that the practice scale is set for full forms only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FormShape {
    /// The catalog's question count and scored/unscored split, the catalog's minutes, scored
    /// questions spread over the domains by weight.
    #[default]
    Full,
    /// `count` reviewed items of one domain.
    Drill {
        /// The domain number.
        domain: u8,
        /// How many questions.
        count: u32,
        /// The time limit; `None` for the exam's minutes per question, rounded up.
        minutes: Option<u32>,
    },
    /// The given items, whatever their status (a draft seen as an unscored question can be
    /// reviewed too), except retired ones.
    Review {
        /// Bank ids; repeats are dropped.
        ids: Vec<String>,
        /// The time limit; `None` for the exam's minutes per question, rounded up.
        minutes: Option<u32>,
    },
    /// `count` reviewed items from some domains, spread by their weights.
    Custom {
        /// Domain numbers; empty for all.
        domains: Vec<u8>,
        /// How many questions.
        count: u32,
        /// The time limit; `None` for the exam's minutes per question, rounded up.
        minutes: Option<u32>,
    },
}

/// Which slots of a form the bank cannot fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slots {
    /// The scored questions of one domain (all questions of a drill or custom form).
    Domain(u8),
    /// The unscored questions of a full form.
    Unscored,
}

/// One part of a form the bank is too small for.
///
/// `have` counts the items that could go on this form: non-retired items placed on the
/// exam (reviewed ones for scored slots), with each enemy group counted once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The exam code.
    pub exam: String,
    /// Which slots.
    pub slots: Slots,
    /// How many items the bank has for them.
    pub have: u32,
    /// How many the form needs.
    pub need: u32,
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Shortfall {
            exam, have, need, ..
        } = self;
        match self.slots {
            Slots::Domain(domain) => write!(
                f,
                "the bank has {have} of the {need} items needed for domain {domain} of {exam}"
            ),
            Slots::Unscored => write!(
                f,
                "the bank has {have} of the {need} items needed for the unscored questions of {exam}"
            ),
        }
    }
}

fn join_shortfalls(shortfalls: &[Shortfall]) -> String {
    shortfalls
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a form cannot be assembled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssemblyError {
    /// The catalog lacks a fact a full form needs.
    #[error(
        "the catalog does not give {fact} for {exam}, so a full form cannot be assembled; assemble a custom form with a count and minutes instead"
    )]
    MissingFact {
        /// The exam code.
        exam: String,
        /// The fact, in words ("the number of scored questions").
        fact: &'static str,
    },
    /// The catalog has no passing score, which the practice scale needs.
    #[error(
        "the catalog has no passing score for {exam}, and the practice scale puts the cut at it; no form can be assembled for {exam} until the catalog has one"
    )]
    NoPassingScore {
        /// The exam code.
        exam: String,
    },
    /// The catalog lists no domains.
    #[error(
        "the catalog lists no domains for {exam}; forms are spread over domains, so none can be assembled"
    )]
    NoDomains {
        /// The exam code.
        exam: String,
    },
    /// A drill or custom form asked for a domain the exam does not have.
    #[error("{exam} has no domain {domain}; its domains are {known}")]
    UnknownDomain {
        /// The exam code.
        exam: String,
        /// The number asked for.
        domain: u8,
        /// The exam's domain numbers, in words.
        known: String,
    },
    /// A form of no questions was asked for.
    #[error("a form needs at least one question; ask for a count of 1 or more")]
    NoQuestions,
    /// A time limit of zero minutes was asked for.
    #[error(
        "a time limit of 0 minutes leaves no time; give 1 or more minutes, or none for the exam's pace"
    )]
    ZeroMinutes,
    /// The bank is too small for the form: every short part is listed.
    #[error(
        "{}; add reviewed items placed on {exam} in those domains (drafts fill only unscored questions), or assemble a smaller custom form",
        join_shortfalls(.shortfalls)
    )]
    Shortfall {
        /// The exam code.
        exam: String,
        /// Each part the bank is short for, in domain order, unscored last.
        shortfalls: Vec<Shortfall>,
    },
    /// Items asked for a review are not in the bank for this exam.
    #[error(
        "{} of the {asked} items to review are not in the bank for {exam} (removed, retired or placed on another exam): {}; leave them out of the review",
        .ids.len(),
        .ids.join(", ")
    )]
    NotInBank {
        /// The exam code.
        exam: String,
        /// How many distinct ids were asked for.
        asked: usize,
        /// The ids not found.
        ids: Vec<String>,
    },
}

/// An item that can go on a form of this exam, with what assembly needs to know.
struct Candidate<'a> {
    item: &'a Item,
    domain: u8,
    task: Option<&'a str>,
    /// Position in the recent list (0 = most recent), when seen recently.
    recent: Option<usize>,
}

/// Assembles a form for `exam` from `bank_items`: the same items, exam, spec and seed give
/// the same form.
///
/// Items are considered when they are placed on the exam (any letter case), in one of its
/// domains, not retired, and well formed (a key that fits the options); items are taken in
/// id order, so the order of `bank_items` does not matter, and an id seen twice is used once.
///
/// A full form follows the catalog:
///
/// 1. `questions_scored` scored slots, spread over the domains by weight with
///    largest-remainder rounding ([`Domains::allocate`]), filled with reviewed items;
///    within a domain, tasks take turns (the task with fewest items so far goes next), so
///    tasks are covered as evenly as the bank allows;
/// 2. `questions_unscored` unscored slots, filled in this order of preference: drafts not
///    seen recently, reviewed items not seen recently, drafts seen recently, reviewed items
///    seen recently (first attempts are what calibrates a pretest item, so a fresh reviewed
///    item beats a draft the person has seen); the domains take turns towards their share of
///    the unscored count;
/// 3. at most one item of each enemy group on the form; recently seen items only where
///    nothing else fits;
/// 4. question order shuffled, options shuffled except those marked `fixed`, ordering steps
///    never shown in the correct order, matching prompts and responses shuffled.
///
/// # Errors
///
/// [`AssemblyError::Shortfall`] lists every domain (and the unscored slots) the bank cannot
/// fill, as "the bank has 12 of the 15 items needed for domain 1 of SAA-C03"; the other
/// variants name the catalog fact or request that is missing.
pub fn assemble(
    bank_items: &[Item],
    exam: &ExamVersion,
    spec: &FormSpec,
    seed: u64,
) -> Result<Form, AssemblyError> {
    let code = exam.code.clone();
    let passing_score = *exam
        .format
        .passing_score
        .get()
        .ok_or_else(|| AssemblyError::NoPassingScore { exam: code.clone() })?;
    if exam.domains.list.is_empty() {
        return Err(AssemblyError::NoDomains { exam: code });
    }
    let mut rng = Rng::new(seed);
    let candidates = candidates(bank_items, exam, &spec.recent);
    let mut assembly = Assembly {
        exam,
        candidates: &candidates,
        taken: vec![false; candidates.len()],
        enemies: HashSet::new(),
        rng: &mut rng,
    };

    let pace = |count: u32, minutes: Option<u32>| -> Result<Option<u32>, AssemblyError> {
        match minutes {
            Some(0) => Err(AssemblyError::ZeroMinutes),
            Some(m) => Ok(Some(m)),
            None => Ok(pace_minutes(exam, count)),
        }
    };

    let (kind, minutes, picks) = match &spec.shape {
        FormShape::Full => {
            let missing = |fact| AssemblyError::MissingFact {
                exam: code.clone(),
                fact,
            };
            let scored = *exam
                .format
                .questions_scored
                .get()
                .ok_or_else(|| missing("the number of scored questions"))?;
            let unscored = *exam
                .format
                .questions_unscored
                .get()
                .ok_or_else(|| missing("the number of unscored questions"))?;
            let minutes = *exam
                .format
                .duration_minutes
                .get()
                .ok_or_else(|| missing("the time allowed"))?;
            if scored == 0 {
                return Err(missing("a positive number of scored questions"));
            }
            let allocation: Vec<(u8, u32)> = exam
                .domains
                .list
                .iter()
                .map(|d| d.number)
                .zip(exam.domains.allocate(scored))
                .collect();
            let mut shortfalls = Vec::new();
            let mut picks = assembly.scored_by_domain(&allocation, &mut shortfalls);
            let unscored_allocation: Vec<(u8, u32)> = exam
                .domains
                .list
                .iter()
                .map(|d| d.number)
                .zip(exam.domains.allocate(unscored))
                .collect();
            let extra = assembly.unscored(&unscored_allocation, unscored as usize);
            if extra.len() < unscored as usize {
                shortfalls.push(Shortfall {
                    exam: code.clone(),
                    slots: Slots::Unscored,
                    have: extra.len() as u32,
                    need: unscored,
                });
            }
            if !shortfalls.is_empty() {
                return Err(AssemblyError::Shortfall {
                    exam: code,
                    shortfalls,
                });
            }
            picks.extend(extra.into_iter().map(|c| (c, false)));
            (FormKind::Full, Some(minutes), picks)
        }
        FormShape::Drill {
            domain,
            count,
            minutes,
        } => {
            check_domain(exam, *domain)?;
            if *count == 0 {
                return Err(AssemblyError::NoQuestions);
            }
            let minutes = pace(*count, *minutes)?;
            let mut shortfalls = Vec::new();
            let picks = assembly.scored_by_domain(&[(*domain, *count)], &mut shortfalls);
            if !shortfalls.is_empty() {
                return Err(AssemblyError::Shortfall {
                    exam: code,
                    shortfalls,
                });
            }
            (FormKind::Drill { domain: *domain }, minutes, picks)
        }
        FormShape::Custom {
            domains,
            count,
            minutes,
        } => {
            for &domain in domains {
                check_domain(exam, domain)?;
            }
            if *count == 0 {
                return Err(AssemblyError::NoQuestions);
            }
            let minutes = pace(*count, *minutes)?;
            let chosen = Domains {
                list: exam
                    .domains
                    .list
                    .iter()
                    .filter(|d| domains.is_empty() || domains.contains(&d.number))
                    .cloned()
                    .collect(),
                ..exam.domains.clone()
            };
            let mut allocation: Vec<(u8, u32)> = chosen
                .list
                .iter()
                .map(|d| d.number)
                .zip(chosen.allocate(*count))
                .collect();
            if allocation.is_empty() {
                // Domains of weight 0 only: spread evenly instead.
                let n = chosen.list.len() as u32;
                allocation = chosen
                    .list
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.number, *count / n + u32::from((i as u32) < *count % n)))
                    .collect();
            }
            let mut shortfalls = Vec::new();
            let picks = assembly.scored_by_domain(&allocation, &mut shortfalls);
            if !shortfalls.is_empty() {
                return Err(AssemblyError::Shortfall {
                    exam: code,
                    shortfalls,
                });
            }
            (FormKind::Custom, minutes, picks)
        }
        FormShape::Review { ids, minutes } => {
            let mut wanted: Vec<&str> = Vec::new();
            for id in ids {
                if !wanted.contains(&id.as_str()) {
                    wanted.push(id);
                }
            }
            if wanted.is_empty() {
                return Err(AssemblyError::NoQuestions);
            }
            let by_id: HashMap<&str, usize> = candidates
                .iter()
                .enumerate()
                .map(|(i, c)| (c.item.id.as_str(), i))
                .collect();
            let missing: Vec<String> = wanted
                .iter()
                .filter(|id| !by_id.contains_key(*id))
                .map(|id| (*id).to_owned())
                .collect();
            if !missing.is_empty() {
                return Err(AssemblyError::NotInBank {
                    exam: code,
                    asked: wanted.len(),
                    ids: missing,
                });
            }
            let minutes = pace(wanted.len() as u32, *minutes)?;
            let picks = wanted.iter().map(|id| (by_id[id], true)).collect();
            (FormKind::Review, minutes, picks)
        }
    };

    let mut items: Vec<FormItem> = picks
        .into_iter()
        .map(|(index, scored)| form_item(&candidates[index], scored, &mut rng))
        .collect();
    rng.shuffle(&mut items);
    Ok(Form {
        exam: exam.code.clone(),
        exam_name: exam.name.clone(),
        kind,
        seed,
        minutes,
        passing_score,
        domains: exam
            .domains
            .list
            .iter()
            .map(|d| FormDomain {
                number: d.number,
                name: d.name.clone(),
            })
            .collect(),
        items,
    })
}

/// The exam's minutes per question times `count`, rounded up; `None` when unknown.
fn pace_minutes(exam: &ExamVersion, count: u32) -> Option<u32> {
    let minutes = u64::from(*exam.format.duration_minutes.get()?);
    let total = u64::from(exam.format.questions_total()?);
    if total == 0 {
        return None;
    }
    Some((u64::from(count) * minutes).div_ceil(total).max(1) as u32)
}

fn check_domain(exam: &ExamVersion, domain: u8) -> Result<(), AssemblyError> {
    if exam.domains.list.iter().any(|d| d.number == domain) {
        return Ok(());
    }
    let numbers: Vec<String> = exam
        .domains
        .list
        .iter()
        .map(|d| d.number.to_string())
        .collect();
    let known = match numbers.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => "none".to_owned(),
    };
    Err(AssemblyError::UnknownDomain {
        exam: exam.code.clone(),
        domain,
        known,
    })
}

/// The usable items for `exam`, in id order, each id once.
fn candidates<'a>(items: &'a [Item], exam: &ExamVersion, recent: &[String]) -> Vec<Candidate<'a>> {
    let recent: HashMap<&str, usize> = recent
        .iter()
        .enumerate()
        .rev()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut sorted: Vec<&Item> = items.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    sorted
        .into_iter()
        .filter(|item| item.status != Status::Retired && usable(item))
        .filter_map(|item| {
            let placement = item.placement(&exam.code)?;
            exam.domains
                .list
                .iter()
                .any(|d| d.number == placement.domain)
                .then(|| Candidate {
                    item,
                    domain: placement.domain,
                    task: placement.task.as_deref(),
                    recent: recent.get(item.id.as_str()).copied(),
                })
        })
        .collect()
}

/// Whether the item's body fits its type with a key the engine can score.
fn usable(item: &Item) -> bool {
    match (&item.body, item.item_type) {
        (Body::Choices(choices), ItemType::Single | ItemType::Multiple) => {
            let correct = choices.iter().filter(|c| c.correct).count();
            let fits = match item.item_type {
                ItemType::Single => correct == 1,
                _ => correct >= 1 && correct < choices.len(),
            };
            fits && choices.len() >= 2 && choices.len() <= usize::from(u8::MAX)
        }
        (Body::Steps(steps), ItemType::Ordering) => {
            steps.len() >= 2 && steps.len() <= usize::from(u8::MAX)
        }
        (Body::Pairs(pairs), ItemType::Matching) => {
            pairs.iter().any(|p| p.prompt.is_some()) && pairs.len() <= usize::from(u8::MAX)
        }
        _ => false,
    }
}

/// The state of one assembly: what is taken, which enemy groups are used.
struct Assembly<'a, 'r> {
    exam: &'a ExamVersion,
    candidates: &'a [Candidate<'a>],
    taken: Vec<bool>,
    enemies: HashSet<&'a str>,
    rng: &'r mut Rng,
}

impl<'a> Assembly<'a, '_> {
    fn available(&self, index: usize) -> bool {
        !self.taken[index]
            && self.candidates[index]
                .item
                .enemy
                .as_deref()
                .is_none_or(|e| !self.enemies.contains(e))
    }

    fn take(&mut self, index: usize) {
        self.taken[index] = true;
        if let Some(enemy) = self.candidates[index].item.enemy.as_deref() {
            self.enemies.insert(enemy);
        }
    }

    /// How many of `indices` could share one form: each enemy group once.
    fn capacity(&self, indices: &[usize]) -> usize {
        let mut groups = HashSet::new();
        indices
            .iter()
            .filter(|&&i| match self.candidates[i].item.enemy.as_deref() {
                Some(e) => groups.insert(e),
                None => true,
            })
            .count()
    }

    /// Fills scored slots from reviewed items, domain by domain (the domains with least
    /// room to spare first, so a shared enemy group goes where it is needed most). Records
    /// the domains it cannot fill.
    fn scored_by_domain(
        &mut self,
        allocation: &[(u8, u32)],
        shortfalls: &mut Vec<Shortfall>,
    ) -> Vec<(usize, bool)> {
        let mut pools: Vec<(u8, u32, Vec<usize>, i64)> = allocation
            .iter()
            .map(|&(domain, need)| {
                let pool: Vec<usize> = (0..self.candidates.len())
                    .filter(|&i| {
                        let c = &self.candidates[i];
                        c.domain == domain && c.item.status == Status::Reviewed
                    })
                    .collect();
                let slack = self.capacity(&pool) as i64 - i64::from(need);
                (domain, need, pool, slack)
            })
            .collect();
        let mut order: Vec<usize> = (0..pools.len()).collect();
        order.sort_by_key(|&i| (pools[i].3, i));
        let mut picks = vec![Vec::new(); pools.len()];
        for i in order {
            let (domain, need, pool, _) = std::mem::take(&mut pools[i]);
            if need == 0 {
                continue;
            }
            let chosen = self.select(pool, need as usize, &[(domain, need)], |c| {
                usize::from(c.recent.is_some())
            });
            if chosen.len() < need as usize {
                shortfalls.push(Shortfall {
                    exam: self.exam.code.clone(),
                    slots: Slots::Domain(domain),
                    have: chosen.len() as u32,
                    need,
                });
            }
            picks[i] = chosen;
        }
        shortfalls.sort_by_key(|s| s.slots);
        picks
            .into_iter()
            .flatten()
            .map(|index| (index, true))
            .collect()
    }

    /// Fills `need` unscored slots: drafts, then leftover reviewed items, fresh before
    /// recently seen; the domains take turns towards `allocation`.
    fn unscored(&mut self, allocation: &[(u8, u32)], need: usize) -> Vec<usize> {
        if need == 0 {
            return Vec::new();
        }
        let pool: Vec<usize> = (0..self.candidates.len())
            .filter(|&i| !self.taken[i])
            .collect();
        self.select(pool, need, allocation, |c| {
            let draft = c.item.status == Status::Draft;
            match (c.recent.is_some(), draft) {
                (false, true) => 0,
                (false, false) => 1,
                (true, true) => 2,
                (true, false) => 3,
            }
        })
    }

    /// Picks up to `need` of `pool`: lowest tier first; within a tier the domain furthest
    /// below its target, then the task with fewest picks (ties in a seeded order), then the
    /// next item of that task in a seeded order (recently seen items: least recent first).
    fn select(
        &mut self,
        mut pool: Vec<usize>,
        need: usize,
        targets: &[(u8, u32)],
        tier: impl Fn(&Candidate) -> usize,
    ) -> Vec<usize> {
        self.rng.shuffle(&mut pool);
        pool.sort_by_key(|&i| {
            let c = &self.candidates[i];
            (tier(c), c.recent.map_or(0, |r| usize::MAX - r))
        });
        // Task ranks: the order ties between tasks are broken in, seeded per domain.
        let mut task_rank: HashMap<(u8, Option<&str>), usize> = HashMap::new();
        for &(domain, _) in targets {
            let mut tasks: Vec<Option<&str>> = pool
                .iter()
                .map(|&i| &self.candidates[i])
                .filter(|c| c.domain == domain)
                .map(|c| c.task)
                .collect();
            tasks.sort_unstable();
            tasks.dedup();
            self.rng.shuffle(&mut tasks);
            for (rank, task) in tasks.into_iter().enumerate() {
                task_rank.insert((domain, task), rank);
            }
        }
        // tier -> domain -> task rank -> queue of candidates.
        type Queues = BTreeMap<usize, BTreeMap<u8, BTreeMap<usize, VecDeque<usize>>>>;
        let mut queues: Queues = BTreeMap::new();
        for &i in &pool {
            let c = &self.candidates[i];
            let rank = task_rank.get(&(c.domain, c.task)).copied().unwrap_or(0);
            queues
                .entry(tier(c))
                .or_default()
                .entry(c.domain)
                .or_default()
                .entry(rank)
                .or_default()
                .push_back(i);
        }
        let target = |domain: u8| {
            targets
                .iter()
                .find(|t| t.0 == domain)
                .map_or(0, |t| i64::from(t.1))
        };
        let mut per_domain: HashMap<u8, i64> = HashMap::new();
        let mut per_task: HashMap<(u8, usize), usize> = HashMap::new();
        let mut chosen = Vec::with_capacity(need);
        'pick: while chosen.len() < need {
            for domains in queues.values_mut() {
                for tasks in domains.values_mut() {
                    for queue in tasks.values_mut() {
                        while queue.front().is_some_and(|&i| !self.available(i)) {
                            queue.pop_front();
                        }
                    }
                    tasks.retain(|_, q| !q.is_empty());
                }
                domains.retain(|_, t| !t.is_empty());
                let Some(domain) = domains.keys().copied().max_by_key(|&d| {
                    (
                        target(d) - per_domain.get(&d).copied().unwrap_or(0),
                        std::cmp::Reverse(d),
                    )
                }) else {
                    continue;
                };
                let tasks = domains.get_mut(&domain).expect("domain has queues");
                let rank = tasks
                    .keys()
                    .copied()
                    .min_by_key(|&r| (per_task.get(&(domain, r)).copied().unwrap_or(0), r))
                    .expect("non-empty after retain");
                let index = tasks
                    .get_mut(&rank)
                    .and_then(VecDeque::pop_front)
                    .expect("non-empty queue");
                *per_domain.entry(domain).or_default() += 1;
                *per_task.entry((domain, rank)).or_default() += 1;
                chosen.push(index);
                self.take(index);
                continue 'pick;
            }
            break;
        }
        chosen
    }
}

/// The form's snapshot of an item, with its options shuffled.
fn form_item(candidate: &Candidate, scored: bool, rng: &mut Rng) -> FormItem {
    let item = candidate.item;
    let content = match &item.body {
        Body::Choices(choices) => {
            let mut order: Vec<usize> = (0..choices.len()).collect();
            let mut free: Vec<usize> = (0..choices.len()).filter(|&i| !choices[i].fixed).collect();
            let slots = free.clone();
            rng.shuffle(&mut free);
            for (slot, from) in slots.into_iter().zip(free) {
                order[slot] = from;
            }
            Content::Choices(
                order
                    .into_iter()
                    .map(|i| ChoiceOption {
                        text: choices[i].text.clone(),
                        correct: choices[i].correct,
                        explanation: choices[i].explanation.clone(),
                    })
                    .collect(),
            )
        }
        Body::Steps(steps) => {
            let order = scrambled(steps.len(), rng);
            Content::Steps(
                order
                    .into_iter()
                    .map(|i| StepOption {
                        text: steps[i].text.clone(),
                        rank: i as u8,
                        explanation: steps[i].explanation.clone(),
                    })
                    .collect(),
            )
        }
        Body::Pairs(pairs) => {
            let mut response_order: Vec<usize> = (0..pairs.len()).collect();
            rng.shuffle(&mut response_order);
            let mut shown_at = vec![0u8; pairs.len()];
            for (shown, &i) in response_order.iter().enumerate() {
                shown_at[i] = shown as u8;
            }
            let mut prompt_order: Vec<usize> = (0..pairs.len())
                .filter(|&i| pairs[i].prompt.is_some())
                .collect();
            rng.shuffle(&mut prompt_order);
            Content::Matching {
                prompts: prompt_order
                    .into_iter()
                    .map(|i| Prompt {
                        text: pairs[i].prompt.clone().unwrap_or_default(),
                        response: shown_at[i],
                        explanation: pairs[i].explanation.clone(),
                    })
                    .collect(),
                responses: response_order
                    .into_iter()
                    .map(|i| Response {
                        text: pairs[i].response.clone(),
                        explanation: if pairs[i].prompt.is_none() {
                            pairs[i].explanation.clone()
                        } else {
                            String::new()
                        },
                    })
                    .collect(),
            }
        }
    };
    FormItem {
        id: item.id.clone(),
        domain: candidate.domain,
        task: candidate.task.map(str::to_owned),
        kind: QuestionKind::from(item.item_type),
        scored,
        angoff: item.angoff_or_default(),
        stem: item.stem.clone(),
        case: item.case.clone(),
        content,
        explanation: item.explanation.clone(),
        references: item
            .references
            .iter()
            .map(|r| Link {
                title: r.title.clone(),
                url: r.url.clone(),
            })
            .collect(),
    }
}

/// A shuffled order of `0..n` that is not the identity (for n ≥ 2).
fn scrambled(n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if n < 2 {
        return order;
    }
    for _ in 0..16 {
        rng.shuffle(&mut order);
        if order.iter().enumerate().any(|(i, &o)| i != o) {
            return order;
        }
    }
    order.swap(0, 1);
    order
}
