//! Statuses for a date: retirements, successors, betas; and the program listing.

use catalog::{Catalog, ProgramFilter, Status, Tier};
use proptest::prelude::*;
use time::Date;
use time::macros::date;

fn catalog() -> Catalog {
    Catalog::builtin().expect("the built-in catalog is valid")
}

#[test]
fn statuses_on_given_days() {
    let cases: &[(&str, Date, Status)] = &[
        ("SOA-C02", date!(2025 - 06 - 01), Status::Active),
        ("SOA-C02", date!(2025 - 09 - 29), Status::Active),
        ("SOA-C02", date!(2025 - 09 - 30), Status::Retired),
        ("SOA-C03", date!(2025 - 09 - 29), Status::Upcoming),
        ("SOA-C03", date!(2025 - 09 - 30), Status::Active),
        ("DVA-C02", date!(2026 - 11 - 30), Status::Active),
        ("DVA-C02", date!(2026 - 12 - 01), Status::Retired),
        ("DVA-C03", date!(2026 - 11 - 30), Status::Upcoming),
        ("DVA-C03", date!(2026 - 12 - 01), Status::Active),
        ("SAP-C02", date!(2026 - 11 - 16), Status::Active),
        ("SAP-C02", date!(2026 - 11 - 17), Status::Retired),
        ("SAP-C03", date!(2026 - 11 - 17), Status::Active),
        ("ANS-C01", date!(2026 - 12 - 31), Status::Active),
        ("ANS-C01", date!(2027 - 01 - 01), Status::Retired),
        ("MLA-C01", date!(2026 - 09 - 28), Status::Active),
        ("MLA-C01", date!(2026 - 09 - 29), Status::Retired),
        ("MLA-C02", date!(2026 - 09 - 28), Status::Upcoming),
        ("MLA-C02", date!(2026 - 12 - 01), Status::Beta),
        ("MLA-C02", date!(2027 - 01 - 14), Status::Active),
        ("AIB-C01", date!(2026 - 12 - 01), Status::Beta),
        ("MLS-C01", date!(2026 - 03 - 31), Status::Active),
        ("MLS-C01", date!(2026 - 04 - 01), Status::Retired),
        ("SCS-C02", date!(2025 - 12 - 01), Status::Active),
        ("SCS-C03", date!(2025 - 12 - 02), Status::Active),
        ("PAS-C01", date!(2024 - 04 - 30), Status::Active),
        ("PAS-C01", date!(2024 - 05 - 01), Status::Retired),
        ("CLF-C02", date!(2026 - 12 - 01), Status::Active),
    ];
    let catalog = catalog();
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(code, day, expected)| {
            let actual = catalog.exam(code).expect(code).status_on(*day);
            (actual != *expected).then(|| format!("{code} on {day}: {actual}, expected {expected}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_current_version_follows_the_date() {
    let catalog = catalog();
    let current = |id: &str, day: Date| catalog.current_version(id, day).map(|e| e.code.clone());
    assert_eq!(
        current("cloudops-engineer-associate", date!(2025 - 06 - 01)).as_deref(),
        Some("SOA-C02")
    );
    assert_eq!(
        current("cloudops-engineer-associate", date!(2026 - 12 - 01)).as_deref(),
        Some("SOA-C03")
    );
    assert_eq!(
        current("developer-associate", date!(2026 - 11 - 30)).as_deref(),
        Some("DVA-C02")
    );
    assert_eq!(
        current("developer-associate", date!(2026 - 12 - 01)).as_deref(),
        Some("DVA-C03")
    );
    assert_eq!(
        current("machine-learning-engineer-associate", date!(2026 - 12 - 01)).as_deref(),
        Some("MLA-C02")
    );
    assert_eq!(current("sap-on-aws-specialty", date!(2026 - 12 - 01)), None);
    assert_eq!(
        current("advanced-networking-specialty", date!(2027 - 01 - 01)),
        None
    );
}

#[test]
fn the_default_listing_shows_what_is_bookable_and_recent_retirements() {
    let catalog = catalog();
    let listed = catalog.program_on(date!(2026 - 12 - 01), ProgramFilter::default());
    let codes: Vec<&str> = listed.iter().map(|l| l.exam.code.as_str()).collect();
    for code in [
        "CLF-C02", "DVA-C03", "DVA-C02", "SAP-C03", "SOA-C03", "MLA-C02", "AIB-C01", "PAS-C01",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    // Long replaced versions of credentials that are still offered are left out.
    for code in ["SOA-C02", "CLF-C01", "SCS-C01", "DVA-C01"] {
        assert!(
            !codes.contains(&code),
            "{code} should not be listed: {codes:?}"
        );
    }
    let all = catalog.program_on(
        date!(2026 - 12 - 01),
        ProgramFilter {
            all: true,
            tier: None,
        },
    );
    assert_eq!(all.len(), catalog.exams().len());
    let specialty = catalog.program_on(
        date!(2026 - 12 - 01),
        ProgramFilter {
            all: true,
            tier: Some(Tier::Specialty),
        },
    );
    assert!(specialty.iter().all(|l| l.exam.tier == Tier::Specialty) && !specialty.is_empty());
}

fn rank(status: Status) -> u8 {
    match status {
        Status::Upcoming => 0,
        Status::Beta => 1,
        Status::Active => 2,
        Status::Retired => 3,
    }
}

proptest! {
    /// Over time an exam only moves forward: upcoming, beta, active, retired.
    #[test]
    fn status_never_moves_backwards(day in 0i32..6000, later in 0i32..2000) {
        let catalog = catalog();
        let start = date!(2015 - 01 - 01);
        let first = start + time::Duration::days(i64::from(day));
        let second = first + time::Duration::days(i64::from(later));
        for exam in catalog.exams() {
            prop_assert!(rank(exam.status_on(first)) <= rank(exam.status_on(second)),
                "{} went from {} on {first} to {} on {second}", exam.code, exam.status_on(first), exam.status_on(second));
        }
    }

    /// A credential never has two generally available versions on one day, except where the
    /// data says a language version continues (none today).
    #[test]
    fn at_most_one_version_is_generally_available(day in 0i32..6000) {
        let catalog = catalog();
        let on = date!(2015 - 01 - 01) + time::Duration::days(i64::from(day));
        for id in catalog.certifications() {
            let active: Vec<&str> = catalog.versions_of(id).filter(|e| e.status_on(on) == Status::Active).map(|e| e.code.as_str()).collect();
            prop_assert!(active.len() <= 1, "{id} on {on}: {active:?}");
        }
    }
}
