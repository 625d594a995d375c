//! Query parameters of the pages and the API, and how they become catalog filters and an
//! advisor [`Situation`].
//!
//! Every parameter arrives as text and is parsed with the advisor's own parsers, so the web
//! accepts exactly what the command line accepts. An empty value counts as not given (an
//! HTML form sends empty fields).

use crate::error::Error;
use advisor::{InputError, Rules, Situation};
use catalog::{Catalog, ProgramFilter, Tier};
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;

/// Study hours a week assumed when none are given (the command line's default).
pub const DEFAULT_HOURS_PER_WEEK: f64 = 8.0;

/// `?on=&tier=&all=` of the catalog list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// The day to show the program on, `YYYY-MM-DD`; today when absent.
    pub on: Option<String>,
    /// Only this tier: foundational, associate, professional, specialty or business.
    pub tier: Option<String>,
    /// `1` to list every version, including long-retired ones.
    pub all: Option<String>,
}

/// `?on=` of one exam.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnQuery {
    /// The day the status is for, `YYYY-MM-DD`; today when absent.
    pub on: Option<String>,
}

/// The advisor's inputs, as query parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdviceQuery {
    /// Current role: its id or an alias, such as `web-developer`. Required.
    pub role: Option<String>,
    /// Career direction (goal id); the role's usual direction when absent.
    pub goal: Option<String>,
    /// Years of hands-on AWS experience, 0 to 50; 0 when absent.
    pub experience_years: Option<String>,
    /// Study hours a week, more than 0 and at most 80; 8 when absent.
    pub hours_per_week: Option<String>,
    /// The organisation's services, comma-separated ids such as `lambda,dynamodb`.
    pub stack: Option<String>,
    /// The day to be done by, `YYYY-MM-DD`.
    pub target_date: Option<String>,
    /// Certifications already held, comma-separated exam codes or certification ids.
    pub held: Option<String>,
    /// The day the plan starts, `YYYY-MM-DD`; today when absent.
    pub on: Option<String>,
}

/// The value when it is not blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The day asked with `on`, or `today`.
pub(crate) fn day(on: &Option<String>, today: Date) -> Result<Date, Error> {
    match given(on) {
        Some(text) => advisor::parse_date("on", text).map_err(|e| Error::input("on", e)),
        None => Ok(today),
    }
}

/// The value, or `None` after recording the error against `field`.
fn check<T>(
    errors: &mut Vec<Error>,
    field: &'static str,
    result: Result<T, InputError>,
) -> Option<T> {
    result.map_err(|e| errors.push(Error::input(field, e))).ok()
}

/// A yes/no flag such as `all=1` (also `true`, `yes`, `on`, and their opposites).
fn flag(field: &'static str, value: &Option<String>) -> Result<bool, Error> {
    match given(value).map(str::to_ascii_lowercase).as_deref() {
        None | Some("0" | "false" | "no" | "off") => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some(other) => Err(Error::input(
            field,
            InputError::Invalid {
                field,
                given: other.to_owned(),
                message: "expected 1 (yes) or 0 (no)".into(),
            },
        )),
    }
}

/// A tier by name, in any case.
fn tier(value: &Option<String>) -> Result<Option<Tier>, Error> {
    let Some(text) = given(value) else {
        return Ok(None);
    };
    Tier::from_name(text).map(Some).ok_or_else(|| {
        let accepted: Vec<String> = Tier::ALL.iter().map(|t| t.as_str().to_owned()).collect();
        Error::input(
            "tier",
            InputError::Unknown {
                kind: "tier",
                given: text.to_owned(),
                suggestion: catalog::suggest::closest(text, Tier::ALL.iter().map(|t| t.as_str()))
                    .map(str::to_owned),
                accepted,
            },
        )
    })
}

impl CatalogQuery {
    /// The day and the filter asked for.
    pub(crate) fn parse(&self, today: Date) -> Result<(Date, ProgramFilter), Error> {
        let day = day(&self.on, today)?;
        let filter = ProgramFilter {
            all: flag("all", &self.all)?,
            tier: tier(&self.tier)?,
        };
        Ok((day, filter))
    }
}

impl AdviceQuery {
    /// True when no parameter was given at all (the empty form).
    pub(crate) fn is_empty(&self) -> bool {
        [
            &self.role,
            &self.goal,
            &self.experience_years,
            &self.hours_per_week,
            &self.stack,
            &self.target_date,
            &self.held,
            &self.on,
        ]
        .iter()
        .all(|v| v.is_none())
    }

    /// The situation, or every problem found, in the order of the form's fields.
    pub(crate) fn situation(
        &self,
        catalog: &Catalog,
        rules: &Rules,
        today: Date,
    ) -> Result<Situation, Vec<Error>> {
        let mut errors = Vec::new();
        let role = match given(&self.role) {
            Some(text) => check(
                &mut errors,
                "role",
                rules.parse_role(text).map(|r| r.id.clone()),
            ),
            None => {
                errors.push(Error::MissingParameter { field: "role" });
                None
            }
        };
        let e = &mut errors;
        let goal = given(&self.goal)
            .and_then(|text| check(e, "goal", rules.parse_goal(text).map(|g| g.id.clone())));
        let experience_years = given(&self.experience_years)
            .and_then(|text| check(e, "experience_years", advisor::parse_years(text)));
        let hours_per_week = given(&self.hours_per_week)
            .and_then(|text| check(e, "hours_per_week", advisor::parse_hours_per_week(text)));
        let stack = given(&self.stack).and_then(|text| check(e, "stack", rules.parse_stack(text)));
        let target_date = given(&self.target_date)
            .and_then(|text| check(e, "target_date", advisor::parse_date("target date", text)));
        let held = given(&self.held).and_then(|text| {
            let parsed = text
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| advisor::parse_held(catalog, p))
                .collect::<Result<Vec<_>, _>>();
            check(e, "held", parsed)
        });
        let today = match day(&self.on, today) {
            Ok(day) => day,
            Err(e) => {
                errors.push(e);
                today
            }
        };
        match role {
            Some(role) if errors.is_empty() => Ok(Situation {
                role,
                experience_years: experience_years.unwrap_or(0.0),
                stack: stack.unwrap_or_default(),
                goal,
                hours_per_week: hours_per_week.unwrap_or(DEFAULT_HOURS_PER_WEEK),
                target_date,
                held: held.unwrap_or_default(),
                today,
            }),
            _ => Err(errors),
        }
    }
}
