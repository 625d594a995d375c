//! An exam version's status on a given day, and the program as it stood that day.

use crate::Catalog;
use crate::model::{ExamVersion, LastDayBasis, Tier};
use std::fmt;
use time::Date;

/// Where an exam version stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Not yet available (neither beta nor general availability has begun).
    Upcoming,
    /// In beta: bookable, but not yet generally available.
    Beta,
    /// Generally available.
    Active,
    /// Its last day has passed.
    Retired,
}

impl Status {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Upcoming => "upcoming",
            Status::Beta => "beta",
            Status::Active => "active",
            Status::Retired => "retired",
        }
    }

    /// Whether a person can sit the exam that day.
    pub fn is_bookable(self) -> bool {
        matches!(self, Status::Beta | Status::Active)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ExamVersion {
    /// The status on `day`; see `docs/catalog-data.md` for the rule.
    pub fn status_on(&self, day: Date) -> Status {
        if self.superseded_undated {
            return Status::Retired;
        }
        if let Some((last, _)) = self.effective_last_day
            && day > last
        {
            return Status::Retired;
        }
        let beta_from = self.dates.beta_from.as_ref().and_then(|f| f.value);
        let available_from = self.dates.available_from.value;
        match (beta_from, available_from) {
            (_, Some(ga)) if day >= ga => Status::Active,
            (Some(beta), _) if day >= beta => Status::Beta,
            (None, None) => Status::Active,
            _ => Status::Upcoming,
        }
    }

    /// The last day the exam can be taken, and whether it is stated or derived from the successor.
    pub fn last_day(&self) -> Option<(Date, LastDayBasis)> {
        self.effective_last_day
    }

    /// The first day a person could sit the exam (beta or GA), when known.
    pub fn first_day(&self) -> Option<Date> {
        self.dates
            .beta_from
            .as_ref()
            .and_then(|f| f.value)
            .or(self.dates.available_from.value)
    }

    /// Whether the exam was replaced on a day the catalog does not know (it is retired on every day).
    pub fn superseded_at_unknown_date(&self) -> bool {
        self.superseded_undated
    }

    /// The successor's code, when there is one.
    pub fn successor(&self) -> Option<&str> {
        self.dates.successor.value.as_deref()
    }
}

/// Which exam versions a program listing includes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgramFilter {
    /// Every version, including long-retired and upcoming ones.
    pub all: bool,
    /// Only this tier.
    pub tier: Option<Tier>,
}

/// An exam version with its status on the day asked.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    /// The exam version.
    pub exam: &'a ExamVersion,
    /// Its status that day.
    pub status: Status,
}

/// How long a retired version stays in the default listing after its last day.
const RECENTLY_RETIRED_DAYS: i64 = 365;

impl Catalog {
    /// The program as it stood on `day`.
    ///
    /// By default: every version that is active or in beta, and for each credential the
    /// latest retired version when it retired within a year or the credential has nothing
    /// bookable any more. `filter.all` lists every version. Order: tier, then the catalog's
    /// credential order, then code.
    pub fn program_on(&self, day: Date, filter: ProgramFilter) -> Vec<Listed<'_>> {
        let mut listed = Vec::new();
        for certification in self.certifications() {
            let versions: Vec<&ExamVersion> = self.versions_of(certification).collect();
            if filter
                .tier
                .is_some_and(|tier| versions.iter().all(|v| v.tier != tier))
            {
                continue;
            }
            let statuses: Vec<(&ExamVersion, Status)> =
                versions.iter().map(|v| (*v, v.status_on(day))).collect();
            let any_bookable = statuses.iter().any(|(_, s)| s.is_bookable());
            let latest_retired = statuses
                .iter()
                .filter(|(_, s)| *s == Status::Retired)
                .max_by_key(|(v, _)| v.last_day().map(|(d, _)| d))
                .map(|(v, _)| v.code.as_str());
            for (exam, status) in statuses {
                if filter.tier.is_some_and(|tier| exam.tier != tier) {
                    continue;
                }
                let keep = filter.all
                    || status.is_bookable()
                    || (status == Status::Retired
                        && latest_retired == Some(exam.code.as_str())
                        && (!any_bookable || retired_recently(exam, day)));
                if keep {
                    listed.push(Listed { exam, status });
                }
            }
        }
        listed
    }
}

fn retired_recently(exam: &ExamVersion, day: Date) -> bool {
    exam.last_day()
        .is_some_and(|(last, _)| (day - last).whole_days() <= RECENTLY_RETIRED_DAYS)
}
