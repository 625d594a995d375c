//! Spaced repetition of missed questions with FSRS: a review queue derived from review events.
//!
//! A card is not stored: it is the fold of an item's reviews (day and rating) through the
//! FSRS-6 scheduler of the `fsrs` crate, which gives the memory state (stability, difficulty)
//! and the next due day. Missed and unsure questions enter the queue through
//! [`ratings_from_attempt`]; `certpath study` records a review each time one is answered.
//! Once a learner has [`OPTIMISE_FROM`] reviews, [`Scheduler::for_history`] fits FSRS
//! parameters to their own history. No I/O, no clock: days come in as arguments.
//!
//! # Example
//!
//! ```
//! use review::{Rating, Review, Scheduler};
//! use time::macros::date;
//!
//! // Missed in an exam on 1 December, then reviewed and known on the day it came due.
//! let scheduler = Scheduler::with_defaults()?;
//! let mut reviews = vec![Review::new("saa-q1", "SAA-C03", date!(2026 - 12 - 01), Rating::Again)];
//! let card = &scheduler.cards(&reviews)?[0];
//! assert!(card.due > date!(2026 - 12 - 01));
//! reviews.push(Review::new("saa-q1", "SAA-C03", card.due, Rating::Good));
//! let later = &scheduler.cards(&reviews)?[0];
//! assert!(later.due > card.due, "a known card comes back later");
//! # Ok::<(), review::ReviewError>(())
//! ```

use fsrs::{ComputeParametersInput, DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview, MemoryState};
use std::collections::BTreeMap;
use time::{Date, Duration};

/// The retention FSRS schedules for: a card comes due when the chance of recalling it falls to 90%.
pub const DESIRED_RETENTION: f32 = 0.9;

/// Reviews needed before FSRS parameters are fitted to the learner (below: FSRS's defaults).
pub const OPTIMISE_FROM: usize = 64;

/// How well a question was known at a review (FSRS's four grades).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// Wrong or not known.
    Again = 1,
    /// Right, with difficulty or unsure.
    Hard = 2,
    /// Right.
    Good = 3,
    /// Right and easy.
    Easy = 4,
}

impl Rating {
    /// The rating for its FSRS number (1..=4).
    pub fn from_number(n: u8) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    /// The FSRS number.
    pub fn number(self) -> u8 {
        self as u8
    }
}

/// One review of one bank item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The bank item's id.
    pub item: String,
    /// The exam it was seen for.
    pub exam: String,
    /// The day of the review.
    pub day: Date,
    /// How well it was known.
    pub rating: Rating,
}

impl Review {
    /// A review.
    pub fn new(
        item: impl Into<String>,
        exam: impl Into<String>,
        day: Date,
        rating: Rating,
    ) -> Review {
        Review {
            item: item.into(),
            exam: exam.into(),
            day,
            rating,
        }
    }
}

/// An item in the review queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The bank item's id.
    pub item: String,
    /// The exam of its latest review.
    pub exam: String,
    /// How many reviews it has.
    pub reviews: usize,
    /// The day of the latest review.
    pub last: Date,
    /// The day it comes due.
    pub due: Date,
    /// FSRS stability in days: the interval at which recall falls to 90%.
    pub stability: f32,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

/// Why scheduling failed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// FSRS refused its parameters or a review history.
    #[error("FSRS could not schedule: {0}")]
    Fsrs(String),
}

fn fsrs_error(err: fsrs::FSRSError) -> ReviewError {
    ReviewError::Fsrs(err.to_string())
}

/// FSRS with its parameters.
pub struct Scheduler {
    fsrs: FSRS,
    parameters: Vec<f32>,
    personal: bool,
}

/// Groups reviews by item, keeping their order (stable by day).
fn by_item(reviews: &[Review]) -> BTreeMap<&str, Vec<&Review>> {
    let mut map: BTreeMap<&str, Vec<&Review>> = BTreeMap::new();
    for review in reviews {
        map.entry(review.item.as_str()).or_default().push(review);
    }
    for list in map.values_mut() {
        list.sort_by_key(|r| r.day);
    }
    map
}

fn days_between(earlier: Date, later: Date) -> u32 {
    u32::try_from((later - earlier).whole_days()).unwrap_or(0)
}

impl Scheduler {
    /// FSRS-6 with its default parameters.
    pub fn with_defaults() -> Result<Scheduler, ReviewError> {
        Scheduler::with_parameters(&DEFAULT_PARAMETERS, false)
    }

    fn with_parameters(parameters: &[f32], personal: bool) -> Result<Scheduler, ReviewError> {
        Ok(Scheduler {
            fsrs: FSRS::new(parameters).map_err(fsrs_error)?,
            parameters: parameters.to_vec(),
            personal,
        })
    }

    /// A scheduler for a learner: parameters fitted to their reviews once they have at least
    /// [`OPTIMISE_FROM`], FSRS's defaults before.
    pub fn for_history(reviews: &[Review]) -> Result<Scheduler, ReviewError> {
        if reviews.len() < OPTIMISE_FROM {
            return Scheduler::with_defaults();
        }
        let mut train_set = Vec::new();
        for list in by_item(reviews).values() {
            let mut history: Vec<FSRSReview> = Vec::new();
            let mut previous: Option<Date> = None;
            for review in list {
                let delta_t = previous.map_or(0, |p| days_between(p, review.day));
                history.push(FSRSReview {
                    rating: u32::from(review.rating.number()),
                    delta_t,
                });
                previous = Some(review.day);
                if history.len() >= 2 {
                    train_set.push(FSRSItem {
                        reviews: history.clone(),
                    });
                }
            }
        }
        let parameters = fsrs::compute_parameters(ComputeParametersInput {
            train_set,
            ..Default::default()
        })
        .map_err(fsrs_error)?;
        Scheduler::with_parameters(&parameters, true)
    }

    /// The FSRS parameters in use.
    pub fn parameters(&self) -> &[f32] {
        &self.parameters
    }

    /// Whether the parameters were fitted to the learner's reviews.
    pub fn is_personal(&self) -> bool {
        self.personal
    }

    /// The cards the reviews make, one per item, by due day then item id.
    pub fn cards(&self, reviews: &[Review]) -> Result<Vec<Card>, ReviewError> {
        let mut cards = Vec::new();
        for (item, list) in by_item(reviews) {
            let mut memory: Option<MemoryState> = None;
            let mut previous: Option<Date> = None;
            let mut due = list[0].day;
            for review in &list {
                let elapsed = previous.map_or(0, |p| days_between(p, review.day));
                let next = self
                    .fsrs
                    .next_states(memory, DESIRED_RETENTION, elapsed)
                    .map_err(fsrs_error)?;
                let state = match review.rating {
                    Rating::Again => next.again,
                    Rating::Hard => next.hard,
                    Rating::Good => next.good,
                    Rating::Easy => next.easy,
                };
                memory = Some(state.memory);
                let days = state.interval.round().max(1.0) as i64;
                due = review
                    .day
                    .checked_add(Duration::days(days))
                    .unwrap_or(Date::MAX);
                previous = Some(review.day);
            }
            let last = list[list.len() - 1];
            let memory = memory.unwrap_or(MemoryState {
                stability: 0.0,
                difficulty: 0.0,
            });
            cards.push(Card {
                item: item.to_owned(),
                exam: last.exam.clone(),
                reviews: list.len(),
                last: last.day,
                due,
                stability: memory.stability,
                difficulty: memory.difficulty,
            });
        }
        cards.sort_by(|a, b| (a.due, &a.item).cmp(&(b.due, &b.item)));
        Ok(cards)
    }
}

/// The cards due on `day` (due on or before it), in due order.
pub fn due_on(cards: &[Card], day: Date) -> Vec<&Card> {
    cards.iter().filter(|c| c.due <= day).collect()
}

/// How one question of a finished attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'a> {
    /// The bank item's id.
    pub item: &'a str,
    /// Answered correctly.
    pub correct: bool,
    /// Flagged for review (the learner was unsure).
    pub flagged: bool,
}

/// The reviews a finished attempt adds: a wrong or blank answer is `Again`, a right answer
/// the learner flagged as unsure is `Hard`, a right answer to an item already in the queue is
/// `Good`; other right answers add nothing (the item is not missed).
pub fn ratings_from_attempt<'a>(
    outcomes: &[Outcome<'a>],
    in_queue: impl Fn(&str) -> bool,
) -> Vec<(&'a str, Rating)> {
    outcomes
        .iter()
        .filter_map(|o| match (o.correct, o.flagged) {
            (false, _) => Some((o.item, Rating::Again)),
            (true, true) => Some((o.item, Rating::Hard)),
            (true, false) if in_queue(o.item) => Some((o.item, Rating::Good)),
            (true, false) => None,
        })
        .collect()
}
