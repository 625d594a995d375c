//! Turns a situation into an ordered, explained path with dates.

use crate::input::{InputError, Situation};
use crate::rules::{Goal, GoalStep, Role, Rules};
use catalog::{Catalog, ExamVersion, Status, Tier};
use std::fmt;
use time::{Date, Duration};

/// The advice for one situation.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// The role's id.
    pub role: String,
    /// The goal's id (the role's default when none was given).
    pub goal: String,
    /// The ordered steps.
    pub steps: Vec<Step>,
    /// What the person should know before following the path.
    pub warnings: Vec<Warning>,
    /// One or two other paths worth considering.
    pub alternatives: Vec<Alternative>,
    /// Certifications left out because the person holds them.
    pub skipped: Vec<String>,
    /// Study hours of all steps.
    pub total_hours: u32,
}

/// One certification on the path.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The certification id.
    pub certification: String,
    /// The exam version to sit on the target date.
    pub code: String,
    /// The credential name.
    pub name: String,
    /// The tier.
    pub tier: Tier,
    /// The version's status on the target date.
    pub status_on_target: Status,
    /// Why the step is there, naming the inputs that led to it.
    pub reasons: Vec<String>,
    /// Estimated study hours.
    pub study_hours: u32,
    /// How the estimate was made.
    pub hours_basis: String,
    /// When study for the step starts.
    pub start_date: Date,
    /// When the step's exam can be booked, at the weekly hours given.
    pub target_date: Date,
}

/// A kind of warning, with a stable code for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// A Professional exam with less experience than its guide recommends.
    ProfessionalExperience,
    /// An Associate exam with less experience than its guide recommends.
    AssociateExperience,
    /// A Specialty with no Associate before it.
    SpecialtyBeforeAssociate,
    /// The exam retires before the estimated date, with no successor.
    RetiresBeforeDate,
    /// A newer version replaces the exam before the estimated date.
    VersionChangesBeforeDate,
    /// A retired credential was replaced by its successor.
    RetiredReplaced,
    /// A retired credential with no successor was replaced by certpath's suggestion or dropped.
    RetiredNoSuccessor,
    /// The exam is in beta on the estimated date.
    BetaExam,
    /// The stack matches a Specialty.
    StackMatchesSpecialty,
    /// The path ends after the target date.
    TargetDateMissed,
    /// AWS has not published some of the exam's facts.
    UnpublishedFacts,
}

impl WarningKind {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::ProfessionalExperience => "professional-experience",
            WarningKind::AssociateExperience => "associate-experience",
            WarningKind::SpecialtyBeforeAssociate => "specialty-before-associate",
            WarningKind::RetiresBeforeDate => "retires-before-date",
            WarningKind::VersionChangesBeforeDate => "version-changes-before-date",
            WarningKind::RetiredReplaced => "retired-replaced",
            WarningKind::RetiredNoSuccessor => "retired-no-successor",
            WarningKind::BetaExam => "beta-exam",
            WarningKind::StackMatchesSpecialty => "stack-matches-specialty",
            WarningKind::TargetDateMissed => "target-date-missed",
            WarningKind::UnpublishedFacts => "unpublished-facts",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the person should know.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The kind.
    pub kind: WarningKind,
    /// The message, in plain words.
    pub message: String,
}

/// Another path worth considering.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// What it is.
    pub title: String,
    /// The exam codes it adds or puts instead.
    pub codes: Vec<String>,
    /// Why it is offered.
    pub reason: String,
}

/// A certification on the path while it is being built.
#[derive(Debug, Clone)]
struct Planned {
    certification: String,
    reasons: Vec<String>,
}

struct Builder<'a> {
    catalog: &'a Catalog,
    rules: &'a Rules,
    situation: &'a Situation,
    plan: Vec<Planned>,
    warnings: Vec<Warning>,
}

impl Builder<'_> {
    fn add(&mut self, certification: &str, reason: String) {
        match self
            .plan
            .iter_mut()
            .find(|p| p.certification == certification)
        {
            Some(planned) => {
                if !planned.reasons.contains(&reason) {
                    planned.reasons.push(reason);
                }
            }
            None => self.plan.push(Planned {
                certification: certification.to_owned(),
                reasons: vec![reason],
            }),
        }
    }

    fn contains(&self, certification: &str) -> bool {
        self.plan.iter().any(|p| p.certification == certification)
    }

    fn warn(&mut self, kind: WarningKind, message: String) {
        self.warnings.push(Warning { kind, message });
    }

    fn display_name(&self, certification: &str) -> String {
        self.catalog.versions_of(certification).last().map_or_else(
            || certification.to_owned(),
            |exam| short_name(&exam.name).to_owned(),
        )
    }

    fn tier(&self, certification: &str) -> Tier {
        tier_of(self.catalog, certification)
    }
}

/// The tier of a certification (of its latest version).
fn tier_of(catalog: &Catalog, certification: &str) -> Tier {
    catalog
        .versions_of(certification)
        .last()
        .map_or(Tier::Associate, |e| e.tier)
}

/// A label fit for the middle of a sentence: "Non-technical role: manager, ..." → "non-technical role",
/// "DevOps engineer (automation ...)" → "DevOps engineer".
fn in_sentence(label: &str) -> String {
    let cut = label
        .find(" (")
        .into_iter()
        .chain(label.find(':'))
        .min()
        .unwrap_or(label.len());
    let short = label[..cut].trim();
    let first_word = short.split(' ').next().unwrap_or_default();
    let mut chars = first_word.chars();
    let plain_word =
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c.is_lowercase() || c == '-');
    if plain_word {
        let mut out = short.to_owned();
        out.replace_range(..1, &short[..1].to_lowercase());
        out
    } else {
        short.to_owned()
    }
}

/// "AWS Certified Developer – Associate" → "Developer – Associate".
fn short_name(name: &str) -> &str {
    name.strip_prefix("AWS Certified ").unwrap_or(name)
}

/// Picks the certification for a goal step, preferring what the role starts with.
fn resolve_step(step: &GoalStep, role: &Role, held: &[String]) -> String {
    let preferred = std::iter::once(&role.start)
        .chain(role.complement.iter())
        .chain(held.iter());
    for candidate in preferred {
        if step.any.contains(candidate) {
            return candidate.clone();
        }
    }
    step.certification.clone()
}

/// The certifications a goal's path asks for, for this person.
fn goal_certifications(goal: &Goal, role: &Role, situation: &Situation) -> Vec<String> {
    goal.path
        .iter()
        .filter(|step| {
            step.only_below_years
                .is_none_or(|max| situation.experience_years < max)
        })
        .map(|step| resolve_step(step, role, &situation.held))
        .collect()
}

fn tier_rank(tier: Tier) -> u8 {
    match tier {
        Tier::Foundational => 0,
        Tier::Associate | Tier::Business => 1,
        Tier::Professional | Tier::Specialty => 2,
    }
}

/// Builds the advice for a situation. Fails only when the situation names an unknown role or goal.
pub fn advise(
    catalog: &Catalog,
    rules: &Rules,
    situation: &Situation,
) -> Result<Advice, InputError> {
    let role = rules.parse_role(&situation.role)?;
    let goal = rules.parse_goal(situation.goal.as_deref().unwrap_or(&role.default_goal))?;
    let mut b = Builder {
        catalog,
        rules,
        situation,
        plan: Vec::new(),
        warnings: Vec::new(),
    };
    let is_default_goal = goal.id == role.default_goal;

    // 1. The goal's path, toward its destination.
    let goal_certs = goal_certifications(goal, role, situation);
    let destination = goal_certs.last().cloned();
    for cert in &goal_certs {
        let reason = if Some(cert) == destination.as_ref() {
            format!("your goal ({}): {}", in_sentence(&goal.label), goal.reason)
        } else {
            let dest = destination.as_deref().unwrap_or_default();
            let builds = rules
                .certification(dest)
                .is_some_and(|r| r.builds_on.contains(cert));
            if builds {
                format!(
                    "a step toward your goal ({}): {} builds on it",
                    in_sentence(&goal.label),
                    b.display_name(dest)
                )
            } else {
                format!("a step toward your goal ({})", in_sentence(&goal.label))
            }
        };
        b.add(cert, reason);
    }

    // 2. Where the role starts, and the certification paired with it.
    let role_reason = format!(
        "your role ({}): {}",
        in_sentence(&role.label),
        role.start_reason
    );
    let goal_starts_high = goal_certs
        .first()
        .is_none_or(|first| tier_rank(b.tier(first)) >= 2);
    if !role.technical || is_default_goal || goal_starts_high || b.contains(&role.start) {
        b.add(&role.start, role_reason);
    }
    let deep_path = b
        .plan
        .iter()
        .any(|p| tier_rank(b.tier(&p.certification)) >= 2);
    if let (Some(complement), Some(reason)) = (&role.complement, &role.complement_reason)
        && b.contains(&role.start)
        && (is_default_goal || deep_path)
    {
        b.add(
            complement,
            format!("complements {}: {}", b.display_name(&role.start), reason),
        );
    }

    // 3. The stack: reasons for steps it matches, and Specialties it points at.
    let stack_points = stack_points(rules, &situation.stack);
    for planned in &mut b.plan {
        let services = matching_services(rules, &situation.stack, &planned.certification);
        if !services.is_empty() {
            planned.reasons.push(format!(
                "your stack ({}) is ground this exam covers",
                services.join(", ")
            ));
        }
    }
    let threshold = rules.stack.specialty_threshold;
    for (cert, points) in &stack_points {
        if *points < threshold || b.tier(cert) != Tier::Specialty {
            continue;
        }
        let services = matching_services(rules, &situation.stack, cert);
        let name = b.display_name(cert);
        b.warn(
            WarningKind::StackMatchesSpecialty,
            format!(
                "Your stack ({}) matches {name}: the seed says a Specialty can carry more immediate value when the organisation uses these services heavily.",
                services.join(", ")
            ),
        );
        b.add(
            cert,
            format!(
                "your stack ({}) is {name} ground, where a Specialty carries immediate value",
                services.join(", ")
            ),
        );
    }

    // 4. What the person already holds.
    let mut skipped = Vec::new();
    b.plan.retain(|p| {
        let held = situation.held.contains(&p.certification);
        if held {
            skipped.push(p.certification.clone());
        }
        !held
    });

    // 5. Credentials retired for good: their successor, certpath's fallback, or nothing.
    replace_retired(&mut b);

    // 6. Order by tier: foundational, then associate, then professional and specialty.
    let catalog = b.catalog;
    b.plan
        .sort_by_key(|p| tier_rank(tier_of(catalog, &p.certification)));

    // 7. Hours, dates and exam versions.
    let steps = schedule(&mut b, role);
    let total_hours = steps.iter().map(|s| s.study_hours).sum();
    experience_and_order_warnings(&mut b, &steps);
    if let (Some(target), Some(last)) = (situation.target_date, steps.last()) {
        target_warning(&mut b, &steps, target, last);
    }
    let alternatives = alternatives(&b, goal, role, &steps);
    Ok(Advice {
        role: role.id.clone(),
        goal: goal.id.clone(),
        steps,
        warnings: b.warnings,
        alternatives,
        skipped,
        total_hours,
    })
}

fn stack_points(rules: &Rules, stack: &[String]) -> Vec<(String, u32)> {
    let mut points: Vec<(String, u32)> = Vec::new();
    for service in stack.iter().filter_map(|id| rules.service_by_id(id)) {
        for (cert, p) in &service.points {
            match points.iter_mut().find(|(c, _)| c == cert) {
                Some((_, total)) => *total += p,
                None => points.push((cert.clone(), *p)),
            }
        }
    }
    points
}

fn matching_services(rules: &Rules, stack: &[String], certification: &str) -> Vec<String> {
    stack
        .iter()
        .filter_map(|id| rules.service_by_id(id))
        .filter(|s| s.points.contains_key(certification))
        .map(|s| s.id.clone())
        .collect()
}

fn bookable_now_or_later(exam: &ExamVersion, today: Date) -> bool {
    exam.status_on(today) != Status::Retired
}

fn replace_retired(b: &mut Builder<'_>) {
    let today = b.situation.today;
    let mut index = 0;
    while index < b.plan.len() {
        let cert = b.plan[index].certification.clone();
        let versions: Vec<&ExamVersion> = b.catalog.versions_of(&cert).collect();
        if versions.iter().any(|v| bookable_now_or_later(v, today)) {
            index += 1;
            continue;
        }
        let Some(latest) = versions
            .iter()
            .max_by_key(|v| v.last_day().map(|(d, _)| d))
            .copied()
        else {
            b.plan.remove(index);
            continue;
        };
        let retired_on = latest
            .last_day()
            .map_or_else(|| "an unknown date".to_owned(), |(d, _)| d.to_string());
        let old = format!("{} ({})", short_name(&latest.name), latest.code);
        let successor = b.catalog.successors_of(latest).into_iter().find(|next| {
            bookable_now_or_later(next, today)
                || b.catalog
                    .versions_of(&next.certification)
                    .any(|v| bookable_now_or_later(v, today))
        });
        let reasons = b.plan[index].reasons.clone();
        b.plan.remove(index);
        if let Some(next) = successor {
            let new_cert = next.certification.clone();
            let new_exam = b.catalog.current_version(&new_cert, today).unwrap_or(next);
            let who = match latest.dates.successor.confidence {
                catalog::Confidence::Official => "AWS names",
                catalog::Confidence::Secondary => "certpath's sources name",
                catalog::Confidence::Unverified => "one unconfirmed source names",
            };
            let message = format!(
                "{old} was retired; its last day was {retired_on}. {who} {} ({}) as its successor, so the path uses that instead.",
                short_name(&new_exam.name),
                new_exam.code
            );
            b.warn(WarningKind::RetiredReplaced, message.clone());
            for reason in reasons {
                b.add(&new_cert, format!("{reason} (via {old}, now retired)"));
            }
            b.add(
                &new_cert,
                format!("replaces {old}, retired after {retired_on}"),
            );
            continue;
        }
        let fallback = b
            .rules
            .certification(&cert)
            .and_then(|r| r.fallback.clone().zip(r.fallback_reason.clone()));
        match fallback {
            Some((fallback, why)) => {
                let fallback_name = b.display_name(&fallback);
                b.warn(
                    WarningKind::RetiredNoSuccessor,
                    format!(
                        "{old} was retired; its last day was {retired_on}, and AWS named no direct replacement. certpath suggests {fallback_name} instead: {why} (certpath's judgement, not an AWS statement)."
                    ),
                );
                b.add(&fallback, format!("in place of {old}, retired without a replacement: {why}"));
            }
            None => b.warn(
                WarningKind::RetiredNoSuccessor,
                format!("{old} was retired; its last day was {retired_on}, and AWS named no replacement, so it is not on the path."),
            ),
        }
    }
}

fn round_hours(hours: f64, step: f64) -> u32 {
    let step = if step > 0.0 { step } else { 1.0 };
    let rounded = (hours / step).round() * step;
    rounded.max(step) as u32
}

fn schedule(b: &mut Builder<'_>, role: &Role) -> Vec<Step> {
    let situation = b.situation;
    let hours_rules = &b.rules.hours;
    let mut steps: Vec<Step> = Vec::new();
    let mut cumulative = 0.0_f64;
    let plan = b.plan.clone();
    for planned in &plan {
        let cert = &planned.certification;
        let tier = b.tier(cert);
        let rule = b.rules.certification(cert);
        let (base, base_label) = match rule.and_then(|r| r.hours) {
            Some(h) => (
                h,
                rule.and_then(|r| r.hours_note.clone())
                    .unwrap_or_else(|| "this exam's estimate".into()),
            ),
            None => (hours_rules.base(tier), format!("{tier} base")),
        };
        let mut hours = base;
        let mut basis = format!("{base} h ({base_label})");
        if tier != Tier::Foundational && tier != Tier::Business {
            let factor = hours_rules.experience_factor(situation.experience_years);
            if (factor - 1.0).abs() > f64::EPSILON {
                hours *= factor;
                basis.push_str(&format!(
                    " × {factor} ({} years of AWS experience)",
                    situation.experience_years
                ));
            }
        }
        if role.fit.contains(cert) {
            hours *= hours_rules.role_fit_factor;
            basis.push_str(&format!(
                " × {} (matches your role)",
                hours_rules.role_fit_factor
            ));
        }
        let earlier: Vec<&str> = steps.iter().map(|s| s.certification.as_str()).collect();
        if let Some(prior) = rule.and_then(|r| {
            r.builds_on
                .iter()
                .find(|p| earlier.contains(&p.as_str()) || situation.held.contains(p))
        }) {
            hours *= hours_rules.builds_on_factor;
            basis.push_str(&format!(
                " × {} (builds on {})",
                hours_rules.builds_on_factor,
                b.display_name(prior)
            ));
        }
        let study_hours = round_hours(hours, hours_rules.round_to);
        let start_date = date_after(situation.today, cumulative, situation.hours_per_week);
        cumulative += f64::from(study_hours);
        let target_date = date_after(situation.today, cumulative, situation.hours_per_week);
        let exam = pick_version(b, cert, target_date, cumulative);
        let Some(exam) = exam else { continue };
        steps.push(Step {
            certification: cert.clone(),
            code: exam.code.clone(),
            name: exam.name.clone(),
            tier,
            status_on_target: exam.status_on(target_date),
            reasons: planned.reasons.clone(),
            study_hours,
            hours_basis: basis,
            start_date,
            target_date,
        });
    }
    steps
}

/// The day after studying `hours` at `per_week` hours a week from `start`.
fn date_after(start: Date, hours: f64, per_week: f64) -> Date {
    let days = (hours * 7.0 / per_week).ceil() as i64;
    start.checked_add(Duration::days(days)).unwrap_or(Date::MAX)
}

/// The version to sit on `target`, with warnings when it differs from today's or retires first.
fn pick_version<'c>(
    b: &mut Builder<'c>,
    cert: &str,
    target: Date,
    cumulative_hours: f64,
) -> Option<&'c ExamVersion> {
    let catalog = b.catalog;
    let today = b.situation.today;
    let now = catalog.current_version(cert, today);
    let then = catalog.current_version(cert, target);
    let exam = match (now, then) {
        (Some(now), Some(then)) if now.code != then.code => {
            let last = now
                .last_day()
                .map_or_else(|| "soon".to_owned(), |(d, _)| d.to_string());
            b.warn(
                WarningKind::VersionChangesBeforeDate,
                format!(
                    "{} is replaced before your estimated date ({target}): its last day is {last}, and you will sit {} instead. Study to the {} exam guide.",
                    now.code, then.code, then.code
                ),
            );
            then
        }
        (Some(now), None) => {
            let last = now.last_day().map(|(d, _)| d);
            let needed = last.map(|last| {
                let weeks = ((last - today).whole_days() as f64 / 7.0).max(1.0 / 7.0);
                (cumulative_hours / weeks).ceil()
            });
            b.warn(
                WarningKind::RetiresBeforeDate,
                format!(
                    "{} retires before your estimated date ({target}): its last day is {}, and no successor has been announced.{}",
                    now.code,
                    last.map_or_else(|| "not published".to_owned(), |d| d.to_string()),
                    needed.map_or_else(String::new, |n| format!(
                        " To sit it, finish by then: about {n} hours a week, or choose one of the alternatives."
                    ))
                ),
            );
            now
        }
        (_, Some(then)) => then,
        (None, None) => catalog
            .versions_of(cert)
            .find(|v| v.status_on(today) == Status::Upcoming)?,
    };
    if exam.status_on(target) == Status::Beta || exam.status_on(today) == Status::Beta {
        let ga = exam.dates.available_from.value.map_or_else(
            || "not announced".to_owned(),
            |d| {
                format!(
                    "announced for {d}{}",
                    if exam.dates.available_from.confidence == catalog::Confidence::Unverified {
                        ", unconfirmed"
                    } else {
                        ""
                    }
                )
            },
        );
        b.warn(
            WarningKind::BetaExam,
            format!(
                "{} is in beta{}; general availability is {ga}. A beta exam can be taken only once, and its result comes later than usual.",
                exam.code,
                if exam.status_on(target) == Status::Beta { format!(" on your estimated date ({target})") } else { " today".to_owned() }
            ),
        );
    }
    let unknown: Vec<&str> = [
        (
            "question count",
            exam.format.questions_scored.value.is_none(),
        ),
        ("duration", exam.format.duration_minutes.value.is_none()),
        ("passing score", exam.format.passing_score.value.is_none()),
        ("domains", exam.domains.list.is_empty()),
    ]
    .into_iter()
    .filter_map(|(name, missing)| missing.then_some(name))
    .collect();
    if !unknown.is_empty() {
        b.warn(
            WarningKind::UnpublishedFacts,
            format!(
                "certpath's sources do not have {}'s {}, and certpath does not guess unpublished facts. Check the exam guide before you book.",
                exam.code,
                join_words(&unknown)
            ),
        );
    }
    Some(exam)
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn experience_and_order_warnings(b: &mut Builder<'_>, steps: &[Step]) {
    let situation = b.situation;
    let years = situation.experience_years;
    let role = b.rules.role_by_id(&situation.role);
    let technical = role.is_some_and(|r| r.technical);
    for (index, step) in steps.iter().enumerate() {
        let Some(exam) = b.catalog.exam(&step.code) else {
            continue;
        };
        let recommended = exam.candidate.aws_experience_years.value;
        let experience = &exam.candidate.recommended_experience;
        let who = if experience.confidence == catalog::Confidence::Official {
            "the exam guide"
        } else {
            "certpath's sources on the exam guide"
        };
        let wording = experience
            .value
            .as_deref()
            .map(|w| format!(" ({who}: \"{w}\")"))
            .unwrap_or_default();
        match step.tier {
            Tier::Professional => {
                let needed = recommended.unwrap_or(2.0);
                if years < needed {
                    b.warn(
                        WarningKind::ProfessionalExperience,
                        format!(
                            "{} is a Professional exam for practitioners with {needed}+ years of AWS experience{wording}; you have {years}. The seed: going straight to Professional without that foundation is genuinely difficult, so keep working hands-on through the earlier steps.",
                            step.code
                        ),
                    );
                }
            }
            Tier::Associate if technical => {
                if let Some(needed) = recommended
                    && years < needed
                {
                    b.warn(
                        WarningKind::AssociateExperience,
                        format!(
                            "{} assumes about {needed} year{} of hands-on AWS experience{wording}; you have {years}. Plan hands-on practice (a free-tier account, labs) alongside study.",
                            step.code,
                            if (needed - 1.0).abs() < f64::EPSILON { "" } else { "s" }
                        ),
                    );
                }
            }
            Tier::Specialty => {
                let associate_before = steps[..index]
                    .iter()
                    .any(|s| s.tier == Tier::Associate || s.tier == Tier::Professional)
                    || situation.held.iter().any(|h| {
                        b.catalog
                            .versions_of(h)
                            .any(|v| matches!(v.tier, Tier::Associate | Tier::Professional))
                    });
                if !associate_before {
                    b.warn(
                        WarningKind::SpecialtyBeforeAssociate,
                        format!(
                            "{} is a Specialty with no Associate before it. The seed: Specialty exams sit outside the linear path, but AWS recommends Associate-level knowledge before attempting them.",
                            step.code
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

fn target_warning(b: &mut Builder<'_>, steps: &[Step], target: Date, last: &Step) {
    if last.target_date <= target {
        return;
    }
    let today = b.situation.today;
    let days = (target - today).whole_days();
    let total: u32 = steps.iter().map(|s| s.study_hours).sum();
    let within: Vec<&Step> = steps.iter().filter(|s| s.target_date <= target).collect();
    let needed = if days > 0 {
        format!(
            "finishing by then needs about {} hours a week",
            (f64::from(total) * 7.0 / days as f64).ceil()
        )
    } else {
        "the target date is not after the start date".to_owned()
    };
    let reach = match within.last() {
        Some(step) => format!(
            "; at your pace you reach step {} ({}) by {}",
            within.len(),
            step.code,
            step.target_date
        ),
        None => String::new(),
    };
    b.warn(
        WarningKind::TargetDateMissed,
        format!(
            "At {} hours a week the path ends on {}, after your target date {target}: {needed}{reach}.",
            b.situation.hours_per_week, last.target_date
        ),
    );
}

fn alternatives(b: &Builder<'_>, goal: &Goal, role: &Role, steps: &[Step]) -> Vec<Alternative> {
    let today = b.situation.today;
    let in_path: Vec<&str> = steps.iter().map(|s| s.certification.as_str()).collect();
    let code_of = |cert: &str| {
        b.catalog
            .current_version(cert, today)
            .or_else(|| {
                b.catalog
                    .versions_of(cert)
                    .find(|v| v.status_on(today) == Status::Upcoming)
            })
            .map(|e| e.code.clone())
    };
    let mut out = Vec::new();
    for alt_id in &goal.alternatives {
        if out.len() == 2 {
            break;
        }
        let Some(alt) = b.rules.goal_by_id(alt_id) else {
            continue;
        };
        let codes: Vec<String> = goal_certifications(alt, role, b.situation)
            .iter()
            .filter(|c| !in_path.contains(&c.as_str()) && !b.situation.held.contains(c))
            .filter_map(|c| code_of(c))
            .collect();
        if codes.is_empty() {
            continue;
        }
        out.push(Alternative {
            title: alt.label.clone(),
            codes,
            reason: goal.alternative_reason.clone(),
        });
    }
    let new_to_aws = role.technical && b.situation.experience_years < 0.5;
    let starts_above_foundational = steps.first().is_some_and(|s| s.tier != Tier::Foundational);
    if new_to_aws
        && starts_above_foundational
        && !b.situation.held.iter().any(|h| h == "cloud-practitioner")
        && let Some(code) = code_of("cloud-practitioner")
    {
        out.truncate(1);
        out.insert(0, Alternative {
            title: "Start with Cloud Practitioner".to_owned(),
            codes: vec![code],
            reason: "Foundational exams need no hands-on experience; a first, smaller exam if you are entirely new to AWS".to_owned(),
        });
    }
    out
}
