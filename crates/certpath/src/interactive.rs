//! The questions `certpath advise` asks when no answers were given as flags.

use crate::Io;
use crate::error::AppError;
use advisor::{InputError, Profile, Rules};
use catalog::Catalog;

/// Asks each unanswered question on the terminal, with a default, re-asking until the answer is valid.
pub struct Questions<'r, 'io, 'a> {
    rules: &'r Rules,
    catalog: &'r Catalog,
    io: &'io mut Io<'a>,
}

impl<'r, 'io, 'a> Questions<'r, 'io, 'a> {
    /// Questions that read from and write to `io`.
    pub fn new(rules: &'r Rules, catalog: &'r Catalog, io: &'io mut Io<'a>) -> Self {
        Questions { rules, catalog, io }
    }

    /// Fills in every answer `given` lacks.
    pub fn ask(mut self, given: Profile) -> Result<Profile, AppError> {
        let mut answers = given;
        writeln!(
            self.io.stderr,
            "A few questions to plan your path (press Enter for the default in brackets)."
        )?;
        if answers.role.is_none() {
            let menu: Vec<(String, String)> = self
                .rules
                .roles
                .iter()
                .map(|r| (r.id.clone(), r.label.clone()))
                .collect();
            let rules = self.rules;
            let role = self.choose("Your current role", &menu, "software-developer", |text| {
                rules.parse_role(text).map(|r| r.id.clone())
            })?;
            answers.role = Some(role);
        }
        if answers.experience_years.is_none() {
            answers.experience_years = Some(self.line(
                "Years of hands-on AWS experience",
                "0",
                advisor::parse_years,
            )?);
        }
        if answers.stack.is_none() {
            let known: Vec<&str> = self.rules.services.iter().map(|s| s.id.as_str()).collect();
            writeln!(self.io.stderr, "  Known services: {}", known.join(", "))?;
            let rules = self.rules;
            answers.stack = Some(self.line(
                "AWS services and workloads your organisation uses, comma-separated",
                "none",
                |text| {
                    if text.trim() == "none" {
                        Ok(Vec::new())
                    } else {
                        rules.parse_stack(text)
                    }
                },
            )?);
        }
        if answers.goal.is_none() {
            let role = answers
                .role
                .as_deref()
                .and_then(|id| self.rules.role_by_id(id));
            let default = role
                .map_or("architect", |r| r.default_goal.as_str())
                .to_owned();
            let menu: Vec<(String, String)> = self
                .rules
                .goals
                .iter()
                .map(|g| (g.id.clone(), g.label.clone()))
                .collect();
            let rules = self.rules;
            let goal = self.choose(
                "Your career direction (target role)",
                &menu,
                &default,
                |text| rules.parse_goal(text).map(|g| g.id.clone()),
            )?;
            answers.goal = Some(goal);
        }
        if answers.hours_per_week.is_none() {
            answers.hours_per_week = Some(self.line(
                "Hours a week you can study",
                "8",
                advisor::parse_hours_per_week,
            )?);
        }
        if answers.target_date.is_none() {
            answers.target_date =
                self.line("A date to be done by (YYYY-MM-DD)", "none", |text| {
                    if text.trim() == "none" {
                        Ok(None)
                    } else {
                        advisor::parse_date("target date", text).map(Some)
                    }
                })?;
        }
        if answers.held.is_none() {
            let catalog = self.catalog;
            answers.held = Some(self.line(
                "Certifications you already hold (codes such as CLF-C02, comma-separated)",
                "none",
                |text| {
                    if text.trim() == "none" {
                        return Ok(Vec::new());
                    }
                    text.split(',')
                        .filter(|p| !p.trim().is_empty())
                        .map(|p| advisor::parse_held(catalog, p))
                        .collect()
                },
            )?);
        }
        writeln!(self.io.stderr)?;
        Ok(answers)
    }

    /// A numbered menu: the answer is a number or a name.
    fn choose(
        &mut self,
        question: &str,
        menu: &[(String, String)],
        default: &str,
        parse: impl Fn(&str) -> Result<String, InputError>,
    ) -> Result<String, AppError> {
        writeln!(self.io.stderr, "{question}:")?;
        for (index, (id, label)) in menu.iter().enumerate() {
            writeln!(self.io.stderr, "  {:>2}. {id:<20} {label}", index + 1)?;
        }
        self.line(
            &format!("{question} (number or name)"),
            default,
            |text| match text.trim().parse::<usize>() {
                Ok(n) if (1..=menu.len()).contains(&n) => Ok(menu[n - 1].0.clone()),
                Ok(n) => Err(InputError::Invalid {
                    field: "choice",
                    given: n.to_string(),
                    message: format!("expected a number from 1 to {}", menu.len()),
                }),
                Err(_) => parse(text),
            },
        )
    }

    /// One question with a default; re-asks until `parse` accepts the answer.
    fn line<T>(
        &mut self,
        question: &str,
        default: &str,
        parse: impl Fn(&str) -> Result<T, InputError>,
    ) -> Result<T, AppError> {
        loop {
            write!(self.io.stderr, "{question} [{default}]: ")?;
            self.io.stderr.flush()?;
            let mut answer = String::new();
            let read = self.io.stdin.read_line(&mut answer)?;
            if read == 0 {
                writeln!(self.io.stderr)?;
                return Err(AppError::Usage(format!(
                    "the input ended before \"{question}\" was answered; give the answers as flags instead (certpath advise --help)"
                )));
            }
            if !self.io.stdin_is_terminal {
                writeln!(self.io.stderr, "{}", answer.trim_end())?;
            }
            let text = if answer.trim().is_empty() {
                default
            } else {
                answer.trim()
            };
            match parse(text) {
                Ok(value) => return Ok(value),
                Err(err) => {
                    let hint = match &err {
                        InputError::Unknown {
                            suggestion: Some(s),
                            ..
                        } => format!(" Did you mean `{s}`?"),
                        _ => String::new(),
                    };
                    let short = match &err {
                        InputError::Unknown { kind, given, .. } => {
                            format!("unknown {kind} `{given}`.")
                        }
                        InputError::Invalid { message, .. } => format!("{message}."),
                    };
                    writeln!(self.io.stderr, "  {short}{hint} Try again.")?;
                }
            }
        }
    }
}
