//! A person's situation: parsing and validating the advisor's inputs.

use crate::rules::{Goal, Role, Rules, Service};
use catalog::Catalog;
use serde::Deserialize;
use std::ops::Range;
use thiserror::Error;
use time::Date;
use toml::Spanned;

/// A rejected input value, saying what was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    /// A name that is not one of the accepted values.
    #[error("unknown {kind} `{given}`{}; accepted values: {}", suggestion_text(.suggestion), .accepted.join(", "))]
    Unknown {
        /// What kind of value (`role`, `goal`, `service`, `certification`).
        kind: &'static str,
        /// What was given.
        given: String,
        /// The closest accepted value, when one is close.
        suggestion: Option<String>,
        /// Every accepted value.
        accepted: Vec<String>,
    },
    /// A value of the right kind that is out of range or malformed.
    #[error("invalid {field} `{given}`: {message}")]
    Invalid {
        /// The input (`experience years`, `hours per week`, `target date`).
        field: &'static str,
        /// What was given.
        given: String,
        /// What is wrong and what is expected.
        message: String,
    },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// Lower-cases and joins words with dashes: "Web Developer" and "web_developer" become "web-developer".
pub fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '/')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn find<'a, T>(
    kind: &'static str,
    given: &str,
    entries: &'a [T],
    names: impl Fn(&'a T) -> (&'a str, &'a [String]),
) -> Result<&'a T, InputError> {
    let wanted = normalise(given);
    for entry in entries {
        let (id, aliases) = names(entry);
        if id == wanted || aliases.contains(&wanted) {
            return Ok(entry);
        }
    }
    let accepted: Vec<String> = entries.iter().map(|e| names(e).0.to_owned()).collect();
    let all_names: Vec<&str> = entries
        .iter()
        .flat_map(|e| {
            let (id, aliases) = names(e);
            std::iter::once(id).chain(aliases.iter().map(String::as_str))
        })
        .collect();
    let suggestion = catalog::suggest::closest(&wanted, all_names.iter().copied()).map(|name| {
        // Suggest the canonical id of whatever entry the closest name belongs to.
        entries
            .iter()
            .map(&names)
            .find(|(id, aliases)| *id == name || aliases.iter().any(|a| a == name))
            .map_or(name, |(id, _)| id)
            .to_owned()
    });
    Err(InputError::Unknown {
        kind,
        given: given.trim().to_owned(),
        suggestion,
        accepted,
    })
}

impl Rules {
    /// The role named `given` (its id or an alias, in any case).
    pub fn parse_role(&self, given: &str) -> Result<&Role, InputError> {
        find("role", given, &self.roles, |r| {
            (r.id.as_str(), r.aliases.as_slice())
        })
    }

    /// The goal named `given`.
    pub fn parse_goal(&self, given: &str) -> Result<&Goal, InputError> {
        find("goal", given, &self.goals, |g| {
            (g.id.as_str(), g.aliases.as_slice())
        })
    }

    /// The service named `given`.
    pub fn parse_service(&self, given: &str) -> Result<&Service, InputError> {
        find("service", given, &self.services, |s| {
            (s.id.as_str(), s.aliases.as_slice())
        })
    }

    /// A comma-separated stack such as `lambda, dynamodb,sagemaker`; an empty text is an empty stack.
    pub fn parse_stack(&self, given: &str) -> Result<Vec<String>, InputError> {
        let mut ids: Vec<String> = Vec::new();
        for part in given.split(',').filter(|p| !p.trim().is_empty()) {
            let id = self.parse_service(part)?.id.clone();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}

/// A certification the person already holds: an exam code (`SAA-C03`) or a certification id.
pub fn parse_held(catalog: &Catalog, given: &str) -> Result<String, InputError> {
    let wanted = given.trim();
    if let Some(exam) = catalog.exam(wanted) {
        return Ok(exam.certification.clone());
    }
    let ids = catalog.certifications();
    if let Some(id) = ids.iter().find(|id| **id == normalise(wanted)) {
        return Ok((*id).to_owned());
    }
    let mut accepted: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    accepted.extend(catalog.codes().map(str::to_owned));
    let suggestion =
        catalog::suggest::closest(wanted, accepted.iter().map(String::as_str)).map(str::to_owned);
    Err(InputError::Unknown {
        kind: "certification",
        given: wanted.to_owned(),
        suggestion,
        accepted,
    })
}

/// Years of hands-on AWS experience: a number from 0 to 50.
pub fn parse_years(given: &str) -> Result<f64, InputError> {
    let invalid = |message: &str| InputError::Invalid {
        field: "experience years",
        given: given.trim().to_owned(),
        message: message.to_owned(),
    };
    let years: f64 = given
        .trim()
        .parse()
        .map_err(|_| invalid("expected a number of years, such as 0, 1.5 or 3"))?;
    check_years(years).map_err(|m| invalid(&m))
}

fn check_years(years: f64) -> Result<f64, String> {
    if years.is_finite() && (0.0..=50.0).contains(&years) {
        Ok(years)
    } else {
        Err(format!(
            "expected a number of years from 0 to 50, found {years}"
        ))
    }
}

/// Study hours per week: more than 0 and at most 80.
pub fn parse_hours_per_week(given: &str) -> Result<f64, InputError> {
    let invalid = |message: &str| InputError::Invalid {
        field: "hours per week",
        given: given.trim().to_owned(),
        message: message.to_owned(),
    };
    let hours: f64 = given
        .trim()
        .parse()
        .map_err(|_| invalid("expected a number of hours, such as 5 or 7.5"))?;
    check_hours(hours).map_err(|m| invalid(&m))
}

fn check_hours(hours: f64) -> Result<f64, String> {
    if hours.is_finite() && hours > 0.0 && hours <= 80.0 {
        Ok(hours)
    } else {
        Err(format!(
            "expected more than 0 and at most 80 hours a week, found {hours}"
        ))
    }
}

/// A calendar date written YYYY-MM-DD.
pub fn parse_date(field: &'static str, given: &str) -> Result<Date, InputError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(given.trim(), &format).map_err(|_| InputError::Invalid {
        field,
        given: given.trim().to_owned(),
        message: "expected a date written YYYY-MM-DD, such as 2027-03-31".into(),
    })
}

/// Everything the advisor needs, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Situation {
    /// The current role's id.
    pub role: String,
    /// Years of hands-on AWS experience.
    pub experience_years: f64,
    /// Service ids in the organisation's stack.
    pub stack: Vec<String>,
    /// The goal's id; the role's default goal when `None`.
    pub goal: Option<String>,
    /// Study hours per week.
    pub hours_per_week: f64,
    /// The day the person wants to be done by.
    pub target_date: Option<Date>,
    /// Certification ids already held.
    pub held: Vec<String>,
    /// The day the plan starts (today, or the day asked with `--on`).
    pub today: Date,
}

/// A profile file's problem, located in the file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{line}:{column}: {message}")]
pub struct ProfileError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it: a suggestion and the accepted values, where there are some.
    pub help: Option<String>,
}

impl InputError {
    /// The problem in a few words, and separately the suggestion and accepted values.
    pub fn split(&self) -> (String, Option<String>) {
        match self {
            InputError::Unknown {
                kind,
                given,
                suggestion,
                accepted,
            } => {
                let mut help = suggestion
                    .as_ref()
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                help.push_str(&format!("accepted values: {}", accepted.join(", ")));
                (format!("unknown {kind} `{given}`"), Some(help))
            }
            InputError::Invalid {
                field,
                given,
                message,
            } => (format!("invalid {field} `{given}`"), Some(message.clone())),
        }
    }
}

/// The answers a profile file gives; each is optional, flags fill or override them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Role id.
    pub role: Option<String>,
    /// Years of experience.
    pub experience_years: Option<f64>,
    /// Service ids.
    pub stack: Option<Vec<String>>,
    /// Goal id.
    pub goal: Option<String>,
    /// Hours per week.
    pub hours_per_week: Option<f64>,
    /// Target date.
    pub target_date: Option<Date>,
    /// Certification ids held.
    pub held: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    role: Option<Spanned<String>>,
    experience_years: Option<Spanned<toml::Value>>,
    stack: Option<Vec<Spanned<String>>>,
    goal: Option<Spanned<String>>,
    hours_per_week: Option<Spanned<toml::Value>>,
    target_date: Option<Spanned<toml::Value>>,
    held: Option<Vec<Spanned<String>>>,
}

/// A TOML number as f64, or what was found instead.
fn number(value: &toml::Value) -> Result<f64, String> {
    match value {
        toml::Value::Integer(i) => Ok(*i as f64),
        toml::Value::Float(f) => Ok(*f),
        other => Err(format!(
            "expected a number, found {} {other}",
            other.type_str()
        )),
    }
}

impl Profile {
    /// Parses a profile file (TOML), validating every value; all problems are returned.
    ///
    /// ```toml
    /// role = "web-developer"
    /// experience_years = 1
    /// stack = ["lambda", "dynamodb"]
    /// goal = "devops"
    /// hours_per_week = 8
    /// target_date = 2027-06-30
    /// held = ["CLF-C02"]
    /// ```
    pub fn parse(
        text: &str,
        rules: &Rules,
        catalog: &Catalog,
    ) -> Result<Profile, Vec<ProfileError>> {
        let located = |span: Range<usize>, message: String, help: Option<String>| {
            let (line, column) = catalog::line_col(text, span.start);
            ProfileError {
                line,
                column,
                span,
                message,
                help,
            }
        };
        let raw: RawProfile = toml::from_str(text).map_err(|err| {
            vec![located(
                err.span().unwrap_or(0..0),
                err.message().trim_end().to_owned(),
                Some("a profile has the keys role, experience_years, stack, goal, hours_per_week, target_date and held (see certpath advise --help)".into()),
            )]
        })?;
        let mut errors = Vec::new();
        let mut profile = Profile::default();
        let mut take = |span: Range<usize>, result: Result<String, InputError>| match result {
            Ok(id) => Some(id),
            Err(err) => {
                let (message, help) = err.split();
                errors.push(located(span, message, help));
                None
            }
        };
        if let Some(role) = raw.role {
            profile.role = take(
                role.span(),
                rules.parse_role(role.get_ref()).map(|r| r.id.clone()),
            );
        }
        if let Some(goal) = raw.goal {
            profile.goal = take(
                goal.span(),
                rules.parse_goal(goal.get_ref()).map(|g| g.id.clone()),
            );
        }
        if let Some(stack) = raw.stack {
            let ids: Vec<String> = stack
                .iter()
                .filter_map(|s| {
                    take(
                        s.span(),
                        rules.parse_service(s.get_ref()).map(|s| s.id.clone()),
                    )
                })
                .collect();
            profile.stack = Some(ids);
        }
        if let Some(held) = raw.held {
            let ids: Vec<String> = held
                .iter()
                .filter_map(|h| take(h.span(), parse_held(catalog, h.get_ref())))
                .collect();
            profile.held = Some(ids);
        }
        if let Some(years) = raw.experience_years {
            match number(years.get_ref()).and_then(check_years) {
                Ok(v) => profile.experience_years = Some(v),
                Err(found) => errors.push(located(
                    years.span(),
                    format!("experience_years: {found}"),
                    Some("write it as a number, such as experience_years = 1.5".into()),
                )),
            }
        }
        if let Some(hours) = raw.hours_per_week {
            match number(hours.get_ref()).and_then(check_hours) {
                Ok(v) => profile.hours_per_week = Some(v),
                Err(found) => errors.push(located(
                    hours.span(),
                    format!("hours_per_week: {found}"),
                    Some("write it as a number, such as hours_per_week = 6".into()),
                )),
            }
        }
        if let Some(date) = raw.target_date {
            let text = match date.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match parse_date("target date", &text) {
                Ok(d) => profile.target_date = Some(d),
                Err(_) => errors.push(located(
                    date.span(),
                    format!("target_date `{text}` is not a date"),
                    Some("write it as YYYY-MM-DD, such as target_date = 2027-06-30".into()),
                )),
            }
        }
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }
}
