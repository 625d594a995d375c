//! The crate's error types.

use time::Date;

/// Why a readiness estimate could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadinessError {
    /// The reference form lists no scored question.
    #[error(
        "the reference form has no scored questions, so there is no cut to compare with; \
         pass the scored questions of a full form (or the exam's item pool) with their Angoff \
         ratings"
    )]
    EmptyForm,
    /// The same item id appears twice among the calibrated items.
    #[error("item {id} is listed more than once among the calibrated items")]
    DuplicateItem {
        /// The item id.
        id: String,
    },
    /// The same question appears twice on the reference form.
    #[error("question {id} is listed more than once on the reference form")]
    DuplicateFormQuestion {
        /// The item id.
        id: String,
    },
    /// A question of the reference form has no calibrated parameters.
    #[error(
        "question {id} of the reference form has no calibrated parameters, so the cut cannot be \
         placed on the ability scale; calibrate it first or leave it out of the reference form"
    )]
    UncalibratedFormQuestion {
        /// The item id.
        id: String,
    },
    /// An item's parameters cannot be used.
    #[error("item {id} has unusable parameters: {reason}")]
    InvalidItem {
        /// The item id.
        id: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// An Angoff rating is not a probability.
    #[error("the Angoff rating {rating} of question {id} is not a number between 0 and 1")]
    InvalidAngoff {
        /// The item id.
        id: String,
        /// The rating given.
        rating: f64,
    },
    /// The raw cut (the sum of the Angoff ratings) is 0 or the whole form.
    #[error(
        "the reference form's cut ({cut} of {raw_max}) must lie strictly between 0 and the \
         number of scored questions; check the Angoff ratings"
    )]
    CutOutOfRange {
        /// The raw cut.
        cut: f64,
        /// The number of scored questions.
        raw_max: u32,
    },
    /// No ability has the cut as its expected score (a 3PL guessing floor above the cut, or
    /// an upper asymptote below it).
    #[error(
        "no ability level has an expected score of {cut} on the reference form: the expected \
         score only runs from {floor:.3} to {ceiling:.3} (guessing or slip asymptotes); check \
         the Angoff ratings against the item parameters"
    )]
    CutUnreachable {
        /// The raw cut.
        cut: f64,
        /// The expected score at very low ability.
        floor: f64,
        /// The expected score at very high ability.
        ceiling: f64,
    },
    /// The exam's passing score is not strictly inside the 100–1000 scale.
    #[error("the passing score {score} must be between 101 and 999 on the 100-1000 scale")]
    InvalidPassingScore {
        /// The score given.
        score: u32,
    },
    /// An option is out of range.
    #[error("invalid readiness option {option}: {reason}")]
    InvalidOption {
        /// The [`ReadinessOptions`](crate::ReadinessOptions) field.
        option: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A question was answered more than once.
    #[error(
        "question {id} was answered more than once; pass each question's first attempt only \
         (later attempts measure memory of the question, not ability)"
    )]
    DuplicateResponse {
        /// The item id.
        id: String,
    },
    /// Too few calibrated questions were answered for an estimate worth showing.
    #[error(
        "not enough answers for a readiness estimate: answer at least {needed} calibrated \
         questions ({answered} so far)"
    )]
    NotEnoughAnswers {
        /// First attempts at calibrated questions so far.
        answered: usize,
        /// How many are needed ([`ReadinessOptions::min_answers`](crate::ReadinessOptions)).
        needed: usize,
    },
    /// Scoring failed (not expected once the inputs are validated).
    #[error("scoring failed: {0}")]
    Score(#[from] irt::ScoreError),
}

/// Why a study plan could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The target date has passed.
    #[error("the target date {target} is in the past (today is {today}); choose a later date")]
    TargetInPast {
        /// Today.
        today: Date,
        /// The target date.
        target: Date,
    },
    /// The target date is today.
    #[error(
        "the target date {target} is today, so there is no study time left to plan; good luck!"
    )]
    TargetIsToday {
        /// The target date.
        target: Date,
    },
    /// The target date is more than [`MAX_PLAN_DAYS`](crate::MAX_PLAN_DAYS) away.
    #[error(
        "the target date {target} is {days} days away, more than the {max} days a plan covers; \
         choose a nearer date (the exam version may well have changed by then)"
    )]
    TargetTooFar {
        /// The target date.
        target: Date,
        /// Days from today.
        days: i64,
        /// The limit.
        max: i64,
    },
    /// The weekly hours are zero, negative or not a number.
    #[error("hours per week must be a number above 0 (got {hours})")]
    NoStudyTime {
        /// The hours given.
        hours: f64,
    },
    /// More weekly hours than is plausible.
    #[error(
        "{hours} hours a week is more than {max} (16 hours a day); enter the hours you can \
         really study"
    )]
    TooManyHours {
        /// The hours given.
        hours: f64,
        /// The limit.
        max: f64,
    },
    /// No domain was given.
    #[error("no exam domains were given, so there is nothing to plan; pass the exam's domains")]
    NoDomains,
    /// A domain number appears twice.
    #[error("domain {number} is listed more than once")]
    DuplicateDomain {
        /// The domain number.
        number: u8,
    },
    /// A domain's weight is not a positive number.
    #[error("domain {number} has weight {weight}; weights must be numbers above 0")]
    InvalidWeight {
        /// The domain number.
        number: u8,
        /// The weight given.
        weight: f64,
    },
    /// A domain's readiness is not a probability.
    #[error("domain {number} has readiness {value}; readiness is a probability from 0 to 1")]
    InvalidReadiness {
        /// The domain number.
        number: u8,
        /// The value given.
        value: f64,
    },
    /// The mock exam has no length.
    #[error("the mock exam length must be at least 1 minute (use the exam's duration)")]
    NoMockLength,
}
