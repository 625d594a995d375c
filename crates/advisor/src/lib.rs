//! The path advisor: turns a person's situation into an ordered, explained certification path.
//!
//! The inputs are the five variables the seed names (current role, years of hands-on AWS
//! experience, the organisation's stack, career direction, study time) plus the day the plan
//! starts. The model (roles, goals, services and study-hour estimates) is data in
//! `data/advisor.toml`; `docs/advisor.md` explains it. The advisor is deterministic, reads no
//! clock and does no I/O: the same situation always gives the same advice.
//!
//! # Example
//!
//! ```
//! use advisor::{Rules, Situation, advise};
//! use catalog::Catalog;
//! use time::macros::date;
//!
//! let catalog = Catalog::builtin()?;
//! let rules = Rules::builtin(&catalog)?;
//! let situation = Situation {
//!     role: "web-developer".into(),
//!     experience_years: 1.0,
//!     stack: vec!["lambda".into(), "dynamodb".into()],
//!     goal: None,
//!     hours_per_week: 8.0,
//!     target_date: None,
//!     held: vec![],
//!     today: date!(2026 - 12 - 01),
//! };
//! let advice = advise(&catalog, &rules, &situation)?;
//! assert_eq!(advice.steps[0].code, "DVA-C03");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod input;
mod plan;
mod rules;

pub use input::{
    InputError, Profile, ProfileError, Situation, normalise, parse_date, parse_held,
    parse_hours_per_week, parse_years,
};
pub use plan::{Advice, Alternative, Step, Warning, WarningKind, advise};
pub use rules::{
    BUILTIN_RULES_PATH, CertificationRule, ExperienceFactor, Goal, GoalStep, Hours, Role, Rules,
    RulesError, Service, StackRules,
};
