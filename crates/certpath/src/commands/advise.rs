//! `certpath advise`: gathers the situation from flags, a profile file or questions, and prints the path.

use super::load_catalog;
use crate::Io;
use crate::cli::AdviseArgs;
use crate::error::AppError;
use crate::interactive::Questions;
use crate::render::{Paint, table, table_text};
use advisor::{Advice, Profile, Rules, Situation};
use catalog::Catalog;
use std::path::Path;
use web::dto::AdviceDto;

/// Hours a week assumed when none are given.
pub const DEFAULT_HOURS_PER_WEEK: f64 = 8.0;

/// Runs `certpath advise ...`.
pub fn run(dir: Option<&Path>, args: AdviseArgs, io: &mut Io<'_>) -> Result<(), AppError> {
    let catalog = load_catalog(dir)?;
    let rules = Rules::builtin(&catalog)?;
    let today = args.on.unwrap_or(io.today);
    let profile = match &args.profile {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| AppError::Read {
                path: path.clone(),
                source,
            })?;
            Profile::parse(&text, &rules, &catalog).map_err(|errors| AppError::Profile {
                path: path.clone(),
                text,
                errors,
            })?
        }
        None => Profile::default(),
    };
    let from_flags = flags_profile(&args, &rules, &catalog)?;
    let mut answers = merge(profile, from_flags);
    if answers.role.is_none() {
        if args.json && !io.stdin_is_terminal {
            return Err(AppError::Usage(
                "advise --json needs the answers as flags or a profile: give at least --role (see certpath advise --help)".into(),
            ));
        }
        answers = Questions::new(&rules, &catalog, io).ask(answers)?;
    }
    let situation = Situation {
        role: answers.role.clone().unwrap_or_default(),
        experience_years: answers.experience_years.unwrap_or(0.0),
        stack: answers.stack.clone().unwrap_or_default(),
        goal: answers.goal.clone(),
        hours_per_week: answers.hours_per_week.unwrap_or(DEFAULT_HOURS_PER_WEEK),
        target_date: answers.target_date,
        held: answers.held.clone().unwrap_or_default(),
        today,
    };
    let advice = advisor::advise(&catalog, &rules, &situation)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *io.stdout, &AdviceDto::new(&situation, &advice))
            .map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    print_advice(
        &rules,
        &catalog,
        &situation,
        &advice,
        answers.experience_years.is_some(),
        io,
    )
}

/// The answers given as flags, validated.
fn flags_profile(args: &AdviseArgs, rules: &Rules, catalog: &Catalog) -> Result<Profile, AppError> {
    Ok(Profile {
        role: args
            .role
            .as_deref()
            .map(|r| rules.parse_role(r).map(|r| r.id.clone()))
            .transpose()?,
        experience_years: args
            .experience_years
            .as_deref()
            .map(advisor::parse_years)
            .transpose()?,
        stack: args
            .stack
            .as_deref()
            .map(|s| rules.parse_stack(s))
            .transpose()?,
        goal: args
            .goal
            .as_deref()
            .map(|g| rules.parse_goal(g).map(|g| g.id.clone()))
            .transpose()?,
        hours_per_week: args
            .hours_per_week
            .as_deref()
            .map(advisor::parse_hours_per_week)
            .transpose()?,
        target_date: args
            .target_date
            .as_deref()
            .map(|d| advisor::parse_date("target date", d))
            .transpose()?,
        held: args
            .held
            .as_deref()
            .map(|list| {
                list.split(',')
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| advisor::parse_held(catalog, p))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?,
    })
}

/// Flags override the profile.
fn merge(profile: Profile, flags: Profile) -> Profile {
    Profile {
        role: flags.role.or(profile.role),
        experience_years: flags.experience_years.or(profile.experience_years),
        stack: flags.stack.or(profile.stack),
        goal: flags.goal.or(profile.goal),
        hours_per_week: flags.hours_per_week.or(profile.hours_per_week),
        target_date: flags.target_date.or(profile.target_date),
        held: flags.held.or(profile.held),
    }
}

fn plural(value: f64, unit: &str) -> String {
    if (value - 1.0).abs() < f64::EPSILON {
        format!("{value} {unit}")
    } else {
        format!("{value} {unit}s")
    }
}

fn print_advice(
    rules: &Rules,
    catalog: &Catalog,
    situation: &Situation,
    advice: &Advice,
    experience_given: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let paint = Paint::new(io.color);
    let out = &mut *io.stdout;
    let role = rules
        .role_by_id(&advice.role)
        .map_or(advice.role.as_str(), |r| r.label.as_str());
    let goal = rules
        .goal_by_id(&advice.goal)
        .map_or(advice.goal.as_str(), |g| g.label.as_str());
    let start = if situation.today == io.today {
        format!("{} (today)", situation.today)
    } else {
        situation.today.to_string()
    };
    writeln!(
        out,
        "{} from {start}, at {} a week",
        paint.heading("Your certification path"),
        plural(situation.hours_per_week, "hour")
    )?;
    writeln!(out, "  Role:       {role}")?;
    writeln!(
        out,
        "  Goal:       {goal}{}",
        if situation.goal.is_none() {
            " (your role's usual direction; change it with --goal)"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "  Experience: {} of hands-on AWS{}",
        plural(situation.experience_years, "year"),
        if experience_given {
            ""
        } else {
            " (not given; pass --experience-years)"
        }
    )?;
    let stack = if situation.stack.is_empty() {
        "none given".to_owned()
    } else {
        situation.stack.join(", ")
    };
    writeln!(out, "  Stack:      {stack}")?;
    if let Some(target) = situation.target_date {
        writeln!(out, "  Target:     done by {target}")?;
    }
    if !situation.held.is_empty() {
        let held: Vec<String> = situation
            .held
            .iter()
            .map(|id| {
                catalog
                    .versions_of(id)
                    .last()
                    .map_or(id.clone(), |e| short_name(&e.name).to_owned())
            })
            .collect();
        let left_out = if advice.skipped.is_empty() {
            ""
        } else {
            " (left out of the path)"
        };
        writeln!(out, "  Held:       {}{left_out}", held.join(", "))?;
    }
    writeln!(out)?;

    if advice.steps.is_empty() {
        writeln!(
            out,
            "No steps: you already hold everything this direction asks for. See the alternatives below."
        )?;
    } else {
        let mut t = table(&[
            "STEP",
            "EXAM",
            "CERTIFICATION",
            "HOURS",
            "STUDY FROM",
            "BOOK BY",
        ]);
        for (index, step) in advice.steps.iter().enumerate() {
            t.add_row(vec![
                (index + 1).to_string(),
                step.code.clone(),
                short_name(&step.name).to_owned(),
                step.study_hours.to_string(),
                step.start_date.to_string(),
                step.target_date.to_string(),
            ]);
        }
        write!(out, "{}", table_text(&t))?;
        writeln!(out)?;
        for (index, step) in advice.steps.iter().enumerate() {
            writeln!(
                out,
                "{} {} — {}",
                paint.heading(&format!("{}.", index + 1)),
                paint.heading(&step.code),
                short_name(&step.name)
            )?;
            for reason in &step.reasons {
                writeln!(out, "   - {}", capitalise(reason))?;
            }
            writeln!(
                out,
                "   {}",
                paint.dim(&format!(
                    "Estimate: {} h = {}",
                    step.study_hours, step.hours_basis
                ))
            )?;
        }
        writeln!(out)?;
        let last = advice
            .steps
            .last()
            .map(|s| s.target_date.to_string())
            .unwrap_or_default();
        writeln!(
            out,
            "Total: about {} hours of study; the last exam around {last}.",
            advice.total_hours
        )?;
    }

    if !advice.warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("Warnings"))?;
        for warning in &advice.warnings {
            writeln!(out, "  {} {}", paint.warning("!"), warning.message)?;
        }
    }
    if !advice.alternatives.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("Alternatives"))?;
        let shared_reason = advice
            .alternatives
            .windows(2)
            .all(|pair| pair[0].reason == pair[1].reason)
            .then(|| advice.alternatives.first().map(|a| a.reason.as_str()))
            .flatten()
            .filter(|_| advice.alternatives.len() > 1);
        for alternative in &advice.alternatives {
            let codes = alternative.codes.join(", ");
            match shared_reason {
                Some(_) => writeln!(out, "  - {}: {codes}", alternative.title)?,
                None => writeln!(
                    out,
                    "  - {}: {codes} — {}",
                    alternative.title, alternative.reason
                )?,
            }
        }
        if let Some(reason) = shared_reason {
            writeln!(out, "  Why: {reason}")?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim("Hours are certpath's estimates (docs/advisor.md), not AWS figures. Dates assume steady weekly study.")
    )?;
    Ok(())
}

fn short_name(name: &str) -> &str {
    name.strip_prefix("AWS Certified ").unwrap_or(name)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
