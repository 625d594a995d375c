//! Exam readiness and study plans: how likely a learner is to pass on certpath's practice
//! scale, and a week-by-week plan to the exam date.
//!
//! * **Readiness** ([`ReadinessModel`]): from a learner's first attempts and the bank's
//!   calibrated item parameters, the ability estimate θ̂ ± SD (EAP) overall and per domain;
//!   the cut θ_c where the reference form's test characteristic curve reaches the sum of its
//!   Angoff ratings ([`theta_cut`]); the probability of passing, P(θ ≥ θ_c | answers); and the
//!   practice-scale score as a band, with the assumptions it rests on and the words
//!   "practice-scale estimate, not an AWS score" ([`SCALE_LABEL`]).
//! * **Study plans** ([`plan`]): from today, the target date, weekly hours, per-domain
//!   readiness and weights, the reviews due and the mock exam's length, a plan of weeks
//!   (domains to drill with hours each, reviews per day, full mock exams) with an explanation
//!   for each ([`PLAN_RULES`]), exportable as iCalendar ([`to_icalendar`]).
//!
//! The crate does no I/O, reads no clock (dates and the calendar's timestamp are arguments)
//! and uses no randomness: every result is a pure function of its arguments.
//!
//! # Example
//!
//! ```
//! use irt::ItemParams;
//! use study::{CalibratedItem, FormQuestion, PlanDomain, PlanInput, ReadinessModel};
//! use study::{ReadinessOptions, ReferenceForm, Response};
//! use time::macros::{date, datetime};
//!
//! // A calibrated bank of 20 questions in two domains, all on the reference form, each
//! // rated 0.6 by the Angoff panel; the exam's passing score is 720.
//! let items: Vec<CalibratedItem> = (0..20)
//!     .map(|i| {
//!         let b = -1.5 + 0.15 * f64::from(i);
//!         CalibratedItem::new(format!("q{i}"), 1 + (i % 2) as u8, ItemParams::two_pl(1.2, b))
//!     })
//!     .collect();
//! let form = ReferenceForm {
//!     questions: items.iter().map(|i| FormQuestion::new(i.id.clone(), 0.6)).collect(),
//!     passing_score: 720,
//! };
//! let model = ReadinessModel::new(&items, &form, ReadinessOptions::default())?;
//!
//! // A learner who got the 14 easiest questions right and the rest wrong.
//! let responses: Vec<Response> =
//!     (0..20).map(|i| Response::new(format!("q{i}"), i < 14)).collect();
//! let readiness = model.assess(&responses)?;
//! assert!(readiness.theta > model.theta_cut() && readiness.p_pass > 0.5);
//! assert!(readiness.band.low <= readiness.band.point && readiness.band.point <= readiness.band.high);
//! assert_eq!(readiness.label, "practice-scale estimate, not an AWS score");
//!
//! // A plan for the next five weeks from the per-domain readiness.
//! let input = PlanInput {
//!     today: date!(2026 - 03 - 02),
//!     target: date!(2026 - 04 - 06),
//!     hours_per_week: 8.0,
//!     domains: vec![
//!         PlanDomain::new(1, "Design Secure Architectures", 30.0, readiness.domain_readiness(1)),
//!         PlanDomain::new(2, "Design Resilient Architectures", 26.0, readiness.domain_readiness(2)),
//!     ],
//!     reviews_due_per_day: 12,
//!     mock_exam_minutes: 130,
//! };
//! let plan = study::plan(&input)?;
//! assert_eq!(plan.weeks.len(), 5);
//! assert!(plan.mock_exams.iter().all(|m| (input.target - m.date).whole_days() > 2));
//! let ics = study::to_icalendar(&plan, "SAA-C03", datetime!(2026-03-02 09:00 UTC));
//! assert!(ics.contains("BEGIN:VEVENT\r\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What the readiness numbers mean
//!
//! AWS does not publish how raw scores become scaled scores, so nothing here predicts an AWS
//! score. θ_c and the practice scale are certpath's own, set from its Angoff ratings on a
//! reference form; [`Readiness::assumptions`] lists what the numbers rest on (the IRT model's
//! fit, the calibration sample, local independence, the ratings, first attempts only), and
//! [`DOMAIN_NOTE`] why per-domain estimates are noisier. With fewer than
//! [`ReadinessOptions::min_answers`] answers there is no estimate at all
//! ([`ReadinessError::NotEnoughAnswers`]: "answer at least N questions"): the prior alone
//! describes the calibration sample, not the learner.

pub mod calibrate;
mod error;
mod ical;
mod plan;
mod readiness;
mod scale;
mod tcc;

pub use error::{PlanError, ReadinessError};
pub use ical::{PRODID, to_icalendar};
pub use plan::{
    BLOCK_HOURS, DomainPriority, FINAL_MOCK_DAYS_BEFORE, Focus, MAX_DAYS_BETWEEN_MOCKS,
    MAX_FOCUS_DOMAINS, MAX_HOURS_PER_WEEK, MAX_PLAN_DAYS, MIN_DAYS_BETWEEN_MOCKS,
    MINUTES_PER_REVIEW, MOCK_CLEARANCE_DAYS, MOCK_REVIEW_FRACTION, MockExam, MockKind, PLAN_RULES,
    Plan, PlanDomain, PlanInput, UNKNOWN_READINESS, WEAKNESS_FLOOR, Week, plan,
};
pub use readiness::{
    CalibratedItem, DOMAIN_NOTE, DomainCut, DomainEstimate, DomainReadiness, FormQuestion,
    Readiness, ReadinessModel, ReadinessOptions, ReferenceForm, Response,
};
pub use scale::{FormScale, SCALE_LABEL, ScaleBand};
pub use tcc::{expected_score, theta_cut};
