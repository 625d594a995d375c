//! The advisor's model as data: roles, goals, services and study-hour estimates.

use catalog::{Catalog, Tier};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

const BUILTIN_RULES: &str = include_str!("../data/advisor.toml");

/// The path of the built-in rules file, for messages.
pub const BUILTIN_RULES_PATH: &str = "crates/advisor/data/advisor.toml";

/// A problem in the rules data.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RulesError {
    /// The file is not valid TOML for the rules schema.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The rules file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A field refers to something that does not exist, or repeats a name.
    #[error("{path}: field `{field}`: {message}")]
    Invalid {
        /// The rules file.
        path: String,
        /// The field, as a dotted path.
        field: String,
        /// What is wrong.
        message: String,
    },
}

/// Study-hour estimates.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// Base hours for a Foundational certification.
    pub foundational: f64,
    /// Base hours for an Associate certification.
    pub associate: f64,
    /// Base hours for a Professional certification.
    pub professional: f64,
    /// Base hours for a Specialty certification.
    pub specialty: f64,
    /// Base hours for a Business certification.
    pub business: f64,
    /// Factors by years of experience: the first row whose bound is above the person's years.
    pub experience: Vec<ExperienceFactor>,
    /// The factor above every row.
    pub otherwise: f64,
    /// Factor when the certification matches the person's role.
    pub role_fit_factor: f64,
    /// Factor when the path already covers a certification this one builds on.
    pub builds_on_factor: f64,
    /// Round estimates to a multiple of this many hours.
    pub round_to: f64,
}

impl Hours {
    /// The base hours for a tier.
    pub fn base(&self, tier: Tier) -> f64 {
        match tier {
            Tier::Foundational => self.foundational,
            Tier::Associate => self.associate,
            Tier::Professional => self.professional,
            Tier::Specialty => self.specialty,
            Tier::Business => self.business,
        }
    }

    /// The experience factor for a number of years.
    pub fn experience_factor(&self, years: f64) -> f64 {
        self.experience
            .iter()
            .find(|row| years < row.below_years)
            .map_or(self.otherwise, |row| row.factor)
    }
}

/// One row of the experience table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperienceFactor {
    /// The row applies below this many years.
    pub below_years: f64,
    /// The factor on study hours.
    pub factor: f64,
}

/// What the advisor says about one certification.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationRule {
    /// The catalog's certification id.
    pub id: String,
    /// The focus, in plain words.
    pub summary: String,
    /// Study hours, overriding the tier's base.
    pub hours: Option<f64>,
    /// Why the hours differ from the tier's base.
    pub hours_note: Option<String>,
    /// Certifications whose ground this one builds on.
    #[serde(default)]
    pub builds_on: Vec<String>,
    /// certpath's suggestion when the credential is retired with no successor.
    pub fallback: Option<String>,
    /// Why the fallback fits.
    pub fallback_reason: Option<String>,
}

/// A current role.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id, used in flags and profiles.
    pub id: String,
    /// Human label.
    pub label: String,
    /// Other names accepted for the role.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether the role builds things hands-on.
    pub technical: bool,
    /// Where the role begins.
    pub start: String,
    /// Why it begins there.
    pub start_reason: String,
    /// The certification paired with the start.
    pub complement: Option<String>,
    /// Why the complement is paired.
    pub complement_reason: Option<String>,
    /// Certifications that match the daily work.
    #[serde(default)]
    pub fit: Vec<String>,
    /// The goal assumed when none is given.
    pub default_goal: String,
}

/// A step of a goal's path.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalStep {
    /// The certification (the default when `any` is given).
    pub certification: String,
    /// Any of these satisfies the step when the role starts with it.
    #[serde(default)]
    pub any: Vec<String>,
    /// Keep the step only for people with fewer years of experience.
    pub only_below_years: Option<f64>,
}

/// A career direction.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Stable id.
    pub id: String,
    /// Human label.
    pub label: String,
    /// Other names accepted.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Why the goal's steps fit it.
    pub reason: String,
    /// The ordered steps.
    pub path: Vec<GoalStep>,
    /// Goals offered as alternatives.
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// Why the alternatives are offered.
    pub alternative_reason: String,
}

/// A service or workload in an organisation's stack.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable id.
    pub id: String,
    /// Human label.
    pub label: String,
    /// Other names accepted.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How strongly the service points at each certification.
    pub points: BTreeMap<String, u32>,
}

/// Stack settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackRules {
    /// Points at which a Specialty joins the path.
    pub specialty_threshold: u32,
}

/// The whole model.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Study-hour estimates.
    pub hours: Hours,
    /// Per-certification notes.
    #[serde(rename = "certification")]
    pub certifications: Vec<CertificationRule>,
    /// Current roles.
    #[serde(rename = "role")]
    pub roles: Vec<Role>,
    /// Career directions.
    #[serde(rename = "goal")]
    pub goals: Vec<Goal>,
    /// Stack settings.
    pub stack: StackRules,
    /// Services and workloads.
    #[serde(rename = "service")]
    pub services: Vec<Service>,
}

impl Rules {
    /// The rules compiled into the crate, checked against `catalog`.
    pub fn builtin(catalog: &Catalog) -> Result<Rules, RulesError> {
        Rules::from_toml(BUILTIN_RULES_PATH, BUILTIN_RULES, catalog)
    }

    /// Rules from TOML text, checked against `catalog` (every certification id must exist).
    pub fn from_toml(path: &str, text: &str, catalog: &Catalog) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map_or((1, 1), |span| catalog::line_col(text, span.start));
            RulesError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: err.message().trim_end().to_owned(),
            }
        })?;
        rules.check(path, catalog)?;
        Ok(rules)
    }

    /// The rule for a certification id.
    pub fn certification(&self, id: &str) -> Option<&CertificationRule> {
        self.certifications.iter().find(|c| c.id == id)
    }

    /// The role with this id.
    pub fn role_by_id(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The goal with this id.
    pub fn goal_by_id(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The service with this id.
    pub fn service_by_id(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    fn check(&self, path: &str, catalog: &Catalog) -> Result<(), RulesError> {
        let invalid = |field: String, message: String| RulesError::Invalid {
            path: path.to_owned(),
            field,
            message,
        };
        let known: BTreeSet<&str> = catalog.certifications().into_iter().collect();
        let cert = |field: String, id: &str| {
            if known.contains(id) {
                Ok(())
            } else {
                Err(invalid(
                    field,
                    format!("`{id}` is not a certification id in the catalog"),
                ))
            }
        };
        for (i, rule) in self.certifications.iter().enumerate() {
            cert(format!("certification[{i}].id"), &rule.id)?;
            for (j, id) in rule.builds_on.iter().enumerate() {
                cert(format!("certification[{i}].builds_on[{j}]"), id)?;
            }
            if let Some(id) = &rule.fallback {
                cert(format!("certification[{i}].fallback"), id)?;
                if rule.fallback_reason.is_none() {
                    return Err(invalid(
                        format!("certification[{i}].fallback_reason"),
                        "a fallback needs a reason".into(),
                    ));
                }
            }
        }
        for id in &known {
            if self.certification(id).is_none() {
                return Err(invalid(
                    "certification".into(),
                    format!("the catalog's certification `{id}` has no entry"),
                ));
            }
        }
        let goal_ids: BTreeSet<&str> = self.goals.iter().map(|g| g.id.as_str()).collect();
        for (i, role) in self.roles.iter().enumerate() {
            cert(format!("role[{i}].start"), &role.start)?;
            if let Some(id) = &role.complement {
                cert(format!("role[{i}].complement"), id)?;
            }
            for (j, id) in role.fit.iter().enumerate() {
                cert(format!("role[{i}].fit[{j}]"), id)?;
            }
            if !goal_ids.contains(role.default_goal.as_str()) {
                return Err(invalid(
                    format!("role[{i}].default_goal"),
                    format!("`{}` is not a goal id", role.default_goal),
                ));
            }
        }
        for (i, goal) in self.goals.iter().enumerate() {
            if goal.path.is_empty() {
                return Err(invalid(
                    format!("goal[{i}].path"),
                    "a goal needs at least one step".into(),
                ));
            }
            for (j, step) in goal.path.iter().enumerate() {
                cert(
                    format!("goal[{i}].path[{j}].certification"),
                    &step.certification,
                )?;
                for (k, id) in step.any.iter().enumerate() {
                    cert(format!("goal[{i}].path[{j}].any[{k}]"), id)?;
                }
            }
            for (j, id) in goal.alternatives.iter().enumerate() {
                if !goal_ids.contains(id.as_str()) || id == &goal.id {
                    return Err(invalid(
                        format!("goal[{i}].alternatives[{j}]"),
                        format!("`{id}` is not another goal's id"),
                    ));
                }
            }
        }
        for (i, service) in self.services.iter().enumerate() {
            for id in service.points.keys() {
                cert(format!("service[{i}].points.{id}"), id)?;
            }
        }
        let names = |kind: &str, entries: Vec<(&str, &[String])>| -> Result<(), RulesError> {
            let mut seen = BTreeSet::new();
            for (id, aliases) in entries {
                for name in std::iter::once(id).chain(aliases.iter().map(String::as_str)) {
                    if !seen.insert(name.to_owned()) {
                        return Err(invalid(
                            kind.to_owned(),
                            format!("the name `{name}` is used twice"),
                        ));
                    }
                }
            }
            Ok(())
        };
        names(
            "role",
            self.roles
                .iter()
                .map(|r| (r.id.as_str(), r.aliases.as_slice()))
                .collect(),
        )?;
        names(
            "goal",
            self.goals
                .iter()
                .map(|g| (g.id.as_str(), g.aliases.as_slice()))
                .collect(),
        )?;
        names(
            "service",
            self.services
                .iter()
                .map(|s| (s.id.as_str(), s.aliases.as_slice()))
                .collect(),
        )?;
        Ok(())
    }
}
