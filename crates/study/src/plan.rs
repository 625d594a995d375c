//! Week-by-week study plans.

use crate::error::PlanError;
use std::fmt;
use time::{Date, Duration};

/// Minutes allowed per spaced-repetition review (a question seen before: answer, check,
/// read the explanation).
pub const MINUTES_PER_REVIEW: f64 = 1.0;
/// Time to go over a mock exam afterwards, as a fraction of its length.
pub const MOCK_REVIEW_FRACTION: f64 = 0.5;
/// The most domains drilled in one week.
pub const MAX_FOCUS_DOMAINS: usize = 3;
/// The least weakness a domain is given, so strong domains still get some drill time.
pub const WEAKNESS_FLOOR: f64 = 0.1;
/// The readiness assumed for a domain without an estimate.
pub const UNKNOWN_READINESS: f64 = 0.5;
/// No mock exam is scheduled in this many days before the target date.
pub const MOCK_CLEARANCE_DAYS: i64 = 2;
/// The final mock exam is this many days before the target date when there is time.
pub const FINAL_MOCK_DAYS_BEFORE: i64 = 7;
/// The most days between two mock exams before another is added (when time allows).
pub const MAX_DAYS_BETWEEN_MOCKS: i64 = 14;
/// The fewest days between two mock exams.
pub const MIN_DAYS_BETWEEN_MOCKS: i64 = 7;
/// The furthest target date a plan covers, in days from today.
pub const MAX_PLAN_DAYS: i64 = 730;
/// The most hours a week accepted (16 a day).
pub const MAX_HOURS_PER_WEEK: f64 = 112.0;
/// Drill time is planned in blocks of this many hours.
pub const BLOCK_HOURS: f64 = 0.5;

/// The rules a plan follows, for display with it.
pub const PLAN_RULES: &str = "Study days run from today to the day before the exam, in weeks of 7 days (the last may be shorter), each with its share of the weekly hours. Each week, mock exams come first, then reviews (about 1 minute each, at most half of the time left), then drills in half-hour blocks. Drill time goes to domains by weight x weakness, where weakness is 1 - readiness (the probability of meeting the domain's cut), never below 0.1 so strong domains stay warm; at most 3 domains a week, rotated so that each gets its share over the plan. Full mock exams: one a week before the exam (or as soon as possible when the exam is closer), one at the midpoint when the plan is long enough, more so that no more than 14 days pass between them when the week's hours allow, never two within 7 days, and never in the last 2 days before the exam. Each mock takes its length plus half as long again to go over it.";

/// One exam domain, as the plan sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDomain {
    /// The domain number.
    pub number: u8,
    /// The domain's name (may be empty).
    pub name: String,
    /// Its weight, in any positive unit (the exam guide's percent).
    pub weight: f64,
    /// The probability of meeting the domain's cut
    /// ([`Readiness::domain_readiness`](crate::Readiness::domain_readiness)); `None` when
    /// not yet assessed (treated as [`UNKNOWN_READINESS`]).
    pub readiness: Option<f64>,
}

impl PlanDomain {
    /// A domain.
    pub fn new(
        number: u8,
        name: impl Into<String>,
        weight: f64,
        readiness: Option<f64>,
    ) -> PlanDomain {
        PlanDomain {
            number,
            name: name.into(),
            weight,
            readiness,
        }
    }

    /// A catalog domain (number, name, weight in percent) with a readiness.
    pub fn from_catalog(domain: &catalog::Domain, readiness: Option<f64>) -> PlanDomain {
        PlanDomain::new(
            domain.number,
            domain.name.clone(),
            f64::from(domain.weight),
            readiness,
        )
    }
}

/// What a plan is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput {
    /// The first study day.
    pub today: Date,
    /// The exam (target) date; study ends the day before.
    pub target: Date,
    /// Study hours a week.
    pub hours_per_week: f64,
    /// The exam's domains with their weights and readiness.
    pub domains: Vec<PlanDomain>,
    /// Spaced-repetition reviews due per day (from the caller's scheduler).
    pub reviews_due_per_day: u32,
    /// The length of a full mock exam, in minutes (the exam's duration).
    pub mock_exam_minutes: u32,
}

/// A domain's place in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainPriority {
    /// The domain number.
    pub number: u8,
    /// Its name.
    pub name: String,
    /// Its weight as a fraction of all weights.
    pub weight: f64,
    /// The readiness given.
    pub readiness: Option<f64>,
    /// The weakness used: max(1 − readiness, [`WEAKNESS_FLOOR`]).
    pub weakness: f64,
    /// Its share of all drill time: weight × weakness, normalised.
    pub share: f64,
    /// Drill hours over the whole plan.
    pub hours: f64,
}

/// Drill time for one domain in one week.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    /// The domain number.
    pub domain: u8,
    /// Its name.
    pub name: String,
    /// Drill hours this week.
    pub hours: f64,
}

/// Why a mock exam is where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MockKind {
    /// Halfway through the plan.
    Midpoint,
    /// Between the midpoint and the final one, so that they are at most 14 days apart.
    Interim,
    /// The dress rehearsal, a week before the exam when there is time.
    Final,
}

/// A full mock exam.
#[derive(Debug, Clone, PartialEq)]
pub struct MockExam {
    /// The day.
    pub date: Date,
    /// The week it falls in (1-based).
    pub week: usize,
    /// Why it is there.
    pub kind: MockKind,
    /// Its length in minutes.
    pub minutes: u32,
    /// Why, in words.
    pub reason: String,
}

/// One week of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// 1-based.
    pub number: usize,
    /// Its first day.
    pub start: Date,
    /// Its last day (inclusive; the day before the exam at most).
    pub end: Date,
    /// Its days, 1–7.
    pub days: u32,
    /// Study hours available: the weekly hours × days / 7.
    pub hours: f64,
    /// Hours for mock exams and going over them.
    pub mock_hours: f64,
    /// Hours for reviews.
    pub review_hours: f64,
    /// Hours of drills (the sum of `focus`).
    pub drill_hours: f64,
    /// The domains to drill, most hours first.
    pub focus: Vec<Focus>,
    /// Reviews to do each day.
    pub reviews_per_day: u32,
    /// Whether reviews were capped below the number due.
    pub reviews_capped: bool,
    /// The days of mock exams this week.
    pub mock_exams: Vec<Date>,
    /// What to do and why, in words.
    pub explanation: String,
}

/// A week-by-week study plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The first study day.
    pub today: Date,
    /// The exam date.
    pub target: Date,
    /// Study hours a week.
    pub hours_per_week: f64,
    /// The domains, in domain order, with their share of the time.
    pub domains: Vec<DomainPriority>,
    /// The weeks, in order.
    pub weeks: Vec<Week>,
    /// The full mock exams, in date order.
    pub mock_exams: Vec<MockExam>,
    /// Plan-wide remarks.
    pub notes: Vec<String>,
    /// Always [`PLAN_RULES`].
    pub rules: &'static str,
}

/// Makes a week-by-week plan: see [`PLAN_RULES`] for what goes where.
///
/// The plan is a pure function of its input: no clock, no randomness.
///
/// # Errors
///
/// A [`PlanError`] for a target date that is not in the future or more than
/// [`MAX_PLAN_DAYS`] away, hours that are not positive or above [`MAX_HOURS_PER_WEEK`], no
/// domains, duplicate domains, weights that are not positive, readiness outside 0–1, or a
/// mock exam of 0 minutes.
pub fn plan(input: &PlanInput) -> Result<Plan, PlanError> {
    validate(input)?;
    let (today, target) = (input.today, input.target);
    let total_days = (target - today).whole_days();

    let mut domains: Vec<&PlanDomain> = input.domains.iter().collect();
    domains.sort_by_key(|d| d.number);
    let weight_sum: f64 = domains.iter().map(|d| d.weight).sum();
    let raw_priority: Vec<f64> = domains
        .iter()
        .map(|d| d.weight * weakness(d.readiness))
        .collect();
    let priority_sum: f64 = raw_priority.iter().sum();
    let shares: Vec<f64> = raw_priority.iter().map(|p| p / priority_sum).collect();

    // The weeks' days and hours.
    let week_count = (total_days + 6) / 7;
    let mut skeleton = Vec::with_capacity(week_count as usize);
    for w in 0..week_count {
        let start = today + Duration::days(7 * w);
        let end = (start + Duration::days(6)).min(target - Duration::days(1));
        let days = (end - start).whole_days() as u32 + 1;
        skeleton.push((
            start,
            end,
            days,
            input.hours_per_week * f64::from(days) / 7.0,
        ));
    }
    let mock_cost = f64::from(input.mock_exam_minutes) * (1.0 + MOCK_REVIEW_FRACTION) / 60.0;
    let week_hours: Vec<f64> = skeleton.iter().map(|s| s.3).collect();
    let mocks = schedule_mocks(today, target, mock_cost, &week_hours);

    let mut credit = vec![0.0; domains.len()];
    let mut totals = vec![0u32; domains.len()];
    let mut weeks = Vec::with_capacity(skeleton.len());
    for (w, &(start, end, days, hours)) in skeleton.iter().enumerate() {
        let mock_exams: Vec<Date> = mocks
            .iter()
            .filter(|(d, _)| *d >= start && *d <= end)
            .map(|(d, _)| *d)
            .collect();
        let mock_hours = mock_cost * mock_exams.len() as f64;
        let left = (hours - mock_hours).max(0.0);
        let cap = (left * 60.0 / 2.0 / f64::from(days) / MINUTES_PER_REVIEW).floor() as u32;
        let reviews_per_day = input.reviews_due_per_day.min(cap);
        let review_hours = f64::from(reviews_per_day) * f64::from(days) * MINUTES_PER_REVIEW / 60.0;
        let blocks = ((left - review_hours) / BLOCK_HOURS + 1e-9)
            .floor()
            .max(0.0) as u32;

        let given = allocate(blocks, &shares, &mut credit);
        let mut focus: Vec<Focus> = given
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, &n)| {
                totals[i] += n;
                Focus {
                    domain: domains[i].number,
                    name: domains[i].name.clone(),
                    hours: f64::from(n) * BLOCK_HOURS,
                }
            })
            .collect();
        focus.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.domain.cmp(&b.domain)));
        weeks.push(Week {
            number: w + 1,
            start,
            end,
            days,
            hours,
            mock_hours,
            review_hours,
            drill_hours: f64::from(blocks) * BLOCK_HOURS,
            focus,
            reviews_per_day,
            reviews_capped: reviews_per_day < input.reviews_due_per_day,
            mock_exams,
            explanation: String::new(),
        });
    }

    let mock_exams: Vec<MockExam> = mocks
        .iter()
        .map(|&(date, kind)| MockExam {
            date,
            week: ((date - today).whole_days() / 7) as usize + 1,
            kind,
            minutes: input.mock_exam_minutes,
            reason: mock_reason(kind, date, target),
        })
        .collect();
    let priorities: Vec<DomainPriority> = domains
        .iter()
        .zip(&shares)
        .zip(&totals)
        .map(|((d, &share), &blocks)| DomainPriority {
            number: d.number,
            name: d.name.clone(),
            weight: d.weight / weight_sum,
            readiness: d.readiness,
            weakness: weakness(d.readiness),
            share,
            hours: f64::from(blocks) * BLOCK_HOURS,
        })
        .collect();
    let count = weeks.len();
    for week in &mut weeks {
        week.explanation = explain_week(week, count, &priorities, &mock_exams, input);
    }
    let notes = notes(input, &priorities, &mock_exams, &weeks, total_days);
    Ok(Plan {
        today,
        target,
        hours_per_week: input.hours_per_week,
        domains: priorities,
        weeks,
        mock_exams,
        notes,
        rules: PLAN_RULES,
    })
}

fn validate(input: &PlanInput) -> Result<(), PlanError> {
    let days = (input.target - input.today).whole_days();
    if days < 0 {
        return Err(PlanError::TargetInPast {
            today: input.today,
            target: input.target,
        });
    }
    if days == 0 {
        return Err(PlanError::TargetIsToday {
            target: input.target,
        });
    }
    if days > MAX_PLAN_DAYS {
        return Err(PlanError::TargetTooFar {
            target: input.target,
            days,
            max: MAX_PLAN_DAYS,
        });
    }
    let hours = input.hours_per_week;
    if !(hours.is_finite() && hours > 0.0) {
        return Err(PlanError::NoStudyTime { hours });
    }
    if hours > MAX_HOURS_PER_WEEK {
        return Err(PlanError::TooManyHours {
            hours,
            max: MAX_HOURS_PER_WEEK,
        });
    }
    if input.domains.is_empty() {
        return Err(PlanError::NoDomains);
    }
    let mut seen = std::collections::BTreeSet::new();
    for d in &input.domains {
        if !seen.insert(d.number) {
            return Err(PlanError::DuplicateDomain { number: d.number });
        }
        if !(d.weight.is_finite() && d.weight > 0.0) {
            return Err(PlanError::InvalidWeight {
                number: d.number,
                weight: d.weight,
            });
        }
        if let Some(value) = d.readiness
            && !(0.0..=1.0).contains(&value)
        {
            return Err(PlanError::InvalidReadiness {
                number: d.number,
                value,
            });
        }
    }
    if input.mock_exam_minutes == 0 {
        return Err(PlanError::NoMockLength);
    }
    Ok(())
}

fn weakness(readiness: Option<f64>) -> f64 {
    (1.0 - readiness.unwrap_or(UNKNOWN_READINESS)).max(WEAKNESS_FLOOR)
}

/// The mock exam days: see [`PLAN_RULES`].
fn schedule_mocks(
    today: Date,
    target: Date,
    cost: f64,
    week_hours: &[f64],
) -> Vec<(Date, MockKind)> {
    let latest = target - Duration::days(MOCK_CLEARANCE_DAYS + 1);
    if latest < today {
        return Vec::new();
    }
    let total_days = (target - today).whole_days();
    let preferred = target - Duration::days(FINAL_MOCK_DAYS_BEFORE);
    let last = if preferred >= today { preferred } else { today };
    let mut mocks = Vec::new();
    let midpoint =
        (today + Duration::days(total_days / 2)).min(last - Duration::days(MIN_DAYS_BETWEEN_MOCKS));
    if midpoint >= today + Duration::days(MIN_DAYS_BETWEEN_MOCKS) {
        mocks.push((midpoint, MockKind::Midpoint));
        let gap = (last - midpoint).whole_days();
        if gap > MAX_DAYS_BETWEEN_MOCKS {
            let slots = (gap + MAX_DAYS_BETWEEN_MOCKS - 1) / MAX_DAYS_BETWEEN_MOCKS;
            for j in 1..slots {
                let offset = (j as f64 * gap as f64 / slots as f64).round() as i64;
                let date = midpoint + Duration::days(offset);
                let week = ((date - today).whole_days() / 7) as usize;
                // "When time allows": the mock and its review take at most half the week.
                if week_hours.get(week).is_some_and(|&h| 2.0 * cost <= h) {
                    mocks.push((date, MockKind::Interim));
                }
            }
        }
    }
    mocks.push((last, MockKind::Final));
    mocks
}

/// Gives `blocks` drill blocks to domains: each domain earns `share × blocks` credit, and
/// each block goes to the domain with the most credit, at most [`MAX_FOCUS_DOMAINS`]
/// domains a week (deficit round robin, so every domain gets its share over the weeks).
fn allocate(blocks: u32, shares: &[f64], credit: &mut [f64]) -> Vec<u32> {
    for (c, s) in credit.iter_mut().zip(shares) {
        *c += f64::from(blocks) * s;
    }
    let mut given = vec![0u32; shares.len()];
    let mut chosen: Vec<usize> = Vec::new();
    for _ in 0..blocks {
        let pool: Vec<usize> = if chosen.len() < MAX_FOCUS_DOMAINS {
            (0..shares.len()).collect()
        } else {
            chosen.clone()
        };
        let best = pool
            .into_iter()
            .max_by(|&a, &b| {
                credit[a]
                    .total_cmp(&credit[b])
                    .then(shares[a].total_cmp(&shares[b]))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0);
        given[best] += 1;
        credit[best] -= 1.0;
        if !chosen.contains(&best) {
            chosen.push(best);
        }
    }
    given
}

fn mock_reason(kind: MockKind, date: Date, target: Date) -> String {
    match kind {
        MockKind::Midpoint => {
            "the midpoint check of how far the first half of the plan has got you".to_owned()
        }
        MockKind::Interim => {
            "an interim check, so that no more than two weeks pass between mock exams".to_owned()
        }
        MockKind::Final => {
            let before = (target - date).whole_days();
            if before >= FINAL_MOCK_DAYS_BEFORE {
                format!(
                    "the dress rehearsal, {before} days before the exam, leaving a week to work \
                     on what it shows"
                )
            } else {
                format!(
                    "the dress rehearsal, only {before} days before the exam: as early as the \
                     plan allows, to leave time to act on it"
                )
            }
        }
    }
}

fn percent(value: f64) -> String {
    format!("{:.0} %", value * 100.0)
}

fn hours_text(hours: f64) -> String {
    format!("{hours:.1} h")
}

fn explain_week(
    week: &Week,
    count: usize,
    domains: &[DomainPriority],
    mocks: &[MockExam],
    input: &PlanInput,
) -> String {
    let mut parts = vec![format!(
        "Week {} of {count}: {} to {} ({} day{}, {} of study).",
        week.number,
        week.start,
        week.end,
        week.days,
        if week.days == 1 { "" } else { "s" },
        hours_text(week.hours)
    )];
    for date in &week.mock_exams {
        let Some(mock) = mocks.iter().find(|m| m.date == *date) else {
            continue;
        };
        let minutes = input.mock_exam_minutes;
        let review = (f64::from(minutes) * MOCK_REVIEW_FRACTION).round();
        parts.push(format!(
            "Sit a full mock exam on {date} ({}). Take it in {minutes} minutes under exam \
             conditions, then spend about {review} minutes going over every answer; afterwards, \
             re-run the readiness estimate and this plan.",
            mock.reason
        ));
    }
    if week.mock_hours > week.hours + 1e-9 {
        parts.push(format!(
            "The mock exam and its review take {}, more than this week's {}: find the extra \
             time for it, as it is the best check of readiness.",
            hours_text(week.mock_hours),
            hours_text(week.hours)
        ));
    }
    if week.focus.is_empty() {
        parts.push("No time is left for drills this week.".to_owned());
    } else {
        let list: Vec<String> = week
            .focus
            .iter()
            .map(|f| {
                let name = if f.name.is_empty() {
                    format!("Domain {}", f.domain)
                } else {
                    format!("Domain {}, {}", f.domain, f.name)
                };
                let detail =
                    domains
                        .iter()
                        .find(|d| d.number == f.domain)
                        .map_or(String::new(), |d| {
                            let readiness = d
                                .readiness
                                .map_or("readiness not yet assessed".to_owned(), |r| {
                                    format!("readiness {}", percent(r))
                                });
                            format!(" (weight {}, {readiness})", percent(d.weight))
                        });
                format!("{name}: {}{detail}", hours_text(f.hours))
            })
            .collect();
        parts.push(format!(
            "Drills: {}. Chosen by weight x weakness, rotating so that every domain gets its \
             share over the plan.",
            list.join("; ")
        ));
    }
    if input.reviews_due_per_day == 0 {
        parts.push("No reviews are due yet; questions missed in drills will add some.".to_owned());
    } else if week.reviews_per_day == 0 {
        parts.push(format!(
            "No time is left for the {} reviews due a day; they will wait.",
            input.reviews_due_per_day
        ));
    } else {
        let minutes = (f64::from(week.reviews_per_day) * MINUTES_PER_REVIEW).round();
        let mut text = format!(
            "Do {} review{} a day (about {minutes} minutes) of the questions spaced repetition \
             has due",
            week.reviews_per_day,
            if week.reviews_per_day == 1 { "" } else { "s" },
        );
        if week.reviews_capped {
            text.push_str(&format!(
                "; {} are due a day, but reviews are capped at half the time left so drills \
                 still happen",
                input.reviews_due_per_day
            ));
        }
        text.push('.');
        parts.push(text);
    }
    if week.number == count {
        parts.push(format!(
            "The exam is on {}: no mock exam in the last {MOCK_CLEARANCE_DAYS} days before it; \
             keep the last days light, with reviews and the final mock's misses.",
            input.target
        ));
    }
    parts.join(" ")
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn notes(
    input: &PlanInput,
    domains: &[DomainPriority],
    mocks: &[MockExam],
    weeks: &[Week],
    total_days: i64,
) -> Vec<String> {
    let mut notes = vec![
        "Drill time per domain follows weight x weakness, where weakness is 1 - readiness (the \
         probability of meeting the domain's cut), never below 0.1 so strong domains stay warm."
            .to_owned(),
    ];
    let unknown: Vec<String> = domains
        .iter()
        .filter(|d| d.readiness.is_none())
        .map(|d| d.number.to_string())
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "Domain{} {} ha{} no readiness estimate yet and {} treated as even odds (0.5); \
             answer some of {} questions to sharpen the plan.",
            if unknown.len() == 1 { "" } else { "s" },
            join(&unknown),
            if unknown.len() == 1 { "s" } else { "ve" },
            if unknown.len() == 1 { "is" } else { "are" },
            if unknown.len() == 1 { "its" } else { "their" },
        ));
    }
    let known: Vec<f64> = domains.iter().filter_map(|d| d.readiness).collect();
    if known.len() == domains.len() && known.iter().all(|&r| r >= 0.8) {
        notes.push(
            "Every domain already looks strong (readiness 80 % or more): the time follows the \
             domain weights to keep them warm, and an earlier exam date may be realistic."
                .to_owned(),
        );
    } else if known.len() == domains.len() && known.iter().all(|&r| r <= 0.2) {
        notes.push(
            "Every domain looks weak (readiness 20 % or less): the time follows the domain \
             weights. If the date is firm, more hours a week will help; otherwise consider a \
             later date."
                .to_owned(),
        );
    }
    match mocks.len() {
        0 => notes.push(format!(
            "The exam is {total_days} day{} away, too close for a full mock exam (none is set in \
             the last {MOCK_CLEARANCE_DAYS} days): reviews and the weakest domains only.",
            if total_days == 1 { "" } else { "s" }
        )),
        1 => notes.push(
            "There is time for one full mock exam only; sit it under exam conditions.".to_owned(),
        ),
        _ => {}
    }
    let review = (f64::from(input.mock_exam_minutes) * MOCK_REVIEW_FRACTION).round();
    if !mocks.is_empty() {
        notes.push(format!(
            "Each mock exam takes {} minutes plus about {review} minutes to go over it; none is \
             set in the last {MOCK_CLEARANCE_DAYS} days before the exam.",
            input.mock_exam_minutes
        ));
    }
    if weeks.iter().any(|w| w.reviews_capped) {
        notes.push(format!(
            "{} reviews are due a day but do not fit in half the time left in some weeks, so \
             they are capped there; the backlog will wait, or add hours.",
            input.reviews_due_per_day
        ));
    }
    notes.push(
        "The plan uses today's readiness; regenerate it after each mock exam and whenever \
         readiness changes."
            .to_owned(),
    );
    notes
}

impl fmt::Display for Plan {
    /// The plan as plain text for a terminal: one paragraph per week, then the notes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Study plan from {} to the exam on {} ({} h a week)",
            self.today,
            self.target,
            trim(self.hours_per_week)
        )?;
        for week in &self.weeks {
            writeln!(f)?;
            writeln!(f, "{}", week.explanation)?;
        }
        if !self.notes.is_empty() {
            writeln!(f)?;
            for note in &self.notes {
                writeln!(f, "- {note}")?;
            }
        }
        Ok(())
    }
}

fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}
