use study::{MockKind, Plan, PlanDomain, PlanError, PlanInput};
use time::macros::date;
use time::{Date, Duration};

pub fn saa_domains(readiness: [Option<f64>; 4]) -> Vec<PlanDomain> {
    let names = [
        ("Design Secure Architectures", 30.0),
        ("Design Resilient Architectures", 26.0),
        ("Design High-Performing Architectures", 24.0),
        ("Design Cost-Optimized Architectures", 20.0),
    ];
    names
        .iter()
        .zip(readiness)
        .enumerate()
        .map(|(i, ((name, weight), r))| PlanDomain::new(i as u8 + 1, *name, *weight, r))
        .collect()
}

pub fn input(today: Date, target: Date) -> PlanInput {
    PlanInput {
        today,
        target,
        hours_per_week: 8.0,
        domains: saa_domains([Some(0.7), Some(0.3), Some(0.5), None]),
        reviews_due_per_day: 15,
        mock_exam_minutes: 130,
    }
}

/// Invariants every plan keeps.
pub fn check_invariants(input: &PlanInput, plan: &Plan) {
    let days = (input.target - input.today).whole_days();
    assert_eq!(plan.weeks.len() as i64, (days + 6) / 7);
    assert_eq!(plan.weeks[0].start, input.today);
    assert_eq!(
        plan.weeks.last().unwrap().end,
        input.target - Duration::days(1)
    );
    let mut total_days = 0;
    for (i, week) in plan.weeks.iter().enumerate() {
        assert_eq!(week.number, i + 1);
        if i > 0 {
            assert_eq!(week.start, plan.weeks[i - 1].end + Duration::days(1));
        }
        assert_eq!(
            i64::from(week.days),
            (week.end - week.start).whole_days() + 1
        );
        assert!((1..=7).contains(&week.days));
        total_days += i64::from(week.days);
        let expected_hours = input.hours_per_week * f64::from(week.days) / 7.0;
        assert!((week.hours - expected_hours).abs() < 1e-9);
        assert!(week.focus.len() <= study::MAX_FOCUS_DOMAINS);
        let focus_hours: f64 = week.focus.iter().map(|f| f.hours).sum();
        assert!((focus_hours - week.drill_hours).abs() < 1e-9);
        assert!(week.focus.windows(2).all(|w| w[0].hours >= w[1].hours));
        assert!(week.focus.iter().all(|f| f.hours > 0.0));
        assert!(week.reviews_per_day <= input.reviews_due_per_day);
        if week.mock_hours <= week.hours {
            assert!(
                week.mock_hours + week.review_hours + week.drill_hours <= week.hours + 1e-9,
                "week {} over budget",
                week.number
            );
            assert!(week.review_hours <= 0.5 * (week.hours - week.mock_hours) + 1e-9);
        } else {
            assert_eq!(week.drill_hours, 0.0);
            assert!(week.explanation.contains("find the extra time"));
        }
        assert!(
            week.explanation
                .starts_with(&format!("Week {} of", week.number))
        );
        for date in &week.mock_exams {
            assert!(*date >= week.start && *date <= week.end);
            assert!(week.explanation.contains(&date.to_string()));
        }
    }
    assert_eq!(total_days, days);
    let mut previous: Option<Date> = None;
    for mock in &plan.mock_exams {
        assert!(mock.date >= input.today);
        assert!(
            (input.target - mock.date).whole_days() > study::MOCK_CLEARANCE_DAYS,
            "mock on {} is within 2 days of {}",
            mock.date,
            input.target
        );
        if let Some(p) = previous {
            assert!((mock.date - p).whole_days() >= study::MIN_DAYS_BETWEEN_MOCKS);
        }
        previous = Some(mock.date);
        let week = &plan.weeks[mock.week - 1];
        assert!(week.mock_exams.contains(&mock.date));
    }
    assert_eq!(
        plan.mock_exams.len(),
        plan.weeks.iter().map(|w| w.mock_exams.len()).sum::<usize>()
    );
    let share_sum: f64 = plan.domains.iter().map(|d| d.share).sum();
    assert!((share_sum - 1.0).abs() < 1e-9);
    let drilled: f64 = plan.weeks.iter().map(|w| w.drill_hours).sum();
    let per_domain: f64 = plan.domains.iter().map(|d| d.hours).sum();
    assert!((drilled - per_domain).abs() < 1e-9);
    assert!(plan.notes.last().unwrap().contains("regenerate"));
    assert_eq!(plan.rules, study::PLAN_RULES);
}

#[test]
fn a_five_week_plan() {
    let input = input(date!(2026 - 03 - 02), date!(2026 - 04 - 06));
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    assert_eq!(plan.weeks.len(), 5);
    let kinds: Vec<(Date, MockKind)> = plan.mock_exams.iter().map(|m| (m.date, m.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (date!(2026 - 03 - 19), MockKind::Midpoint),
            (date!(2026 - 03 - 30), MockKind::Final),
        ]
    );
    // Domain 2 is the weakest (0.3) and heavy (26 %): it leads week 1.
    assert_eq!(plan.weeks[0].focus[0].domain, 2);
    // Over the plan, hours follow weight × weakness: domain 2 most, domain 1 (strong) least
    // per unit of weight.
    let hours = |n: u8| plan.domains.iter().find(|d| d.number == n).unwrap().hours;
    assert!(hours(2) > hours(3) && hours(2) > hours(1));
    assert!(plan.weeks[0].explanation.contains("readiness 30 %"));
    assert!(
        plan.weeks[0]
            .explanation
            .contains("readiness not yet assessed")
            || plan.weeks[0].focus.iter().all(|f| f.domain != 4)
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("Domain 4 has no readiness estimate"))
    );
    let text = plan.to_string();
    assert!(text.starts_with("Study plan from 2026-03-02 to the exam on 2026-04-06 (8 h a week)"));
}

#[test]
fn target_within_a_week() {
    let today = date!(2026 - 03 - 02);
    let input = input(today, date!(2026 - 03 - 07));
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    assert_eq!(plan.weeks.len(), 1);
    assert_eq!(plan.weeks[0].days, 5);
    // The only mock is as early as possible: there is no week to spare.
    assert_eq!(plan.mock_exams.len(), 1);
    assert_eq!(plan.mock_exams[0].date, today);
    assert_eq!(plan.mock_exams[0].kind, MockKind::Final);
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("one full mock exam only"))
    );
}

#[test]
fn target_in_two_days_or_tomorrow_has_no_mock() {
    let today = date!(2026 - 03 - 02);
    for target in [date!(2026 - 03 - 04), date!(2026 - 03 - 03)] {
        let input = input(today, target);
        let plan = study::plan(&input).unwrap();
        check_invariants(&input, &plan);
        assert!(plan.mock_exams.is_empty());
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("too close for a full mock exam"))
        );
        assert!(!plan.weeks[0].focus.is_empty());
    }
    let three = input(today, date!(2026 - 03 - 05));
    assert_eq!(study::plan(&three).unwrap().mock_exams.len(), 1);
}

#[test]
fn three_weeks_gives_two_mocks() {
    let input = input(date!(2026 - 03 - 02), date!(2026 - 03 - 23));
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    let dates: Vec<Date> = plan.mock_exams.iter().map(|m| m.date).collect();
    assert_eq!(dates, vec![date!(2026 - 03 - 09), date!(2026 - 03 - 16)]);
}

#[test]
fn a_far_target_gets_regular_mocks_and_shares_that_match() {
    let today = date!(2026 - 01 - 05);
    let target = today + Duration::days(300);
    let mut input = input(today, target);
    input.hours_per_week = 10.0;
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    assert_eq!(plan.weeks.len(), 43);
    let mocks = &plan.mock_exams;
    assert_eq!(mocks[0].kind, MockKind::Midpoint);
    assert_eq!(mocks[0].date, today + Duration::days(150));
    let last = mocks.last().unwrap();
    assert_eq!(
        (last.kind, last.date),
        (MockKind::Final, target - Duration::days(7))
    );
    for pair in mocks.windows(2) {
        let gap = (pair[1].date - pair[0].date).whole_days();
        assert!((7..=14).contains(&gap), "gap {gap}");
    }
    assert!(mocks.iter().any(|m| m.kind == MockKind::Interim));
    // Over 43 weeks the rotation gives each domain its share to within a few blocks.
    let total: f64 = plan.domains.iter().map(|d| d.hours).sum();
    for d in &plan.domains {
        assert!(
            (d.hours - d.share * total).abs() <= 1.5,
            "domain {}: {} h against {:.1}",
            d.number,
            d.hours,
            d.share * total
        );
    }
    // Every domain is drilled regularly, not only at the start or the end.
    for d in &plan.domains {
        let weeks: Vec<usize> = plan
            .weeks
            .iter()
            .filter(|w| w.focus.iter().any(|f| f.domain == d.number))
            .map(|w| w.number)
            .collect();
        let longest_gap = weeks.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        assert!(
            longest_gap <= 4,
            "domain {} waits {longest_gap} weeks",
            d.number
        );
    }
}

#[test]
fn few_hours_skip_the_optional_mocks_but_keep_the_main_ones() {
    let today = date!(2026 - 01 - 05);
    let mut input = input(today, today + Duration::days(120));
    input.hours_per_week = 3.0; // a 130-minute mock with its review takes 3.25 h
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    let kinds: Vec<MockKind> = plan.mock_exams.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, vec![MockKind::Midpoint, MockKind::Final]);
    let week = &plan.weeks[plan.mock_exams[0].week - 1];
    assert!(
        week.explanation.contains("find the extra time"),
        "{}",
        week.explanation
    );
}

#[test]
fn all_strong_or_all_weak_follow_the_weights() {
    let today = date!(2026 - 03 - 02);
    for (r, note) in [(0.95, "already looks strong"), (0.05, "looks weak")] {
        let mut input = input(today, date!(2026 - 04 - 27));
        input.domains = saa_domains([Some(r); 4]);
        let plan = study::plan(&input).unwrap();
        check_invariants(&input, &plan);
        for d in &plan.domains {
            assert!(
                (d.share - d.weight).abs() < 1e-12,
                "{r}: domain {}",
                d.number
            );
        }
        assert!(
            plan.notes.iter().any(|n| n.contains(note)),
            "{:?}",
            plan.notes
        );
    }
    // Strong domains keep the floor of weakness: all time is still spent.
    let mut strong = input(today, date!(2026 - 04 - 27));
    strong.domains = saa_domains([Some(1.0); 4]);
    let plan = study::plan(&strong).unwrap();
    assert!(
        plan.domains
            .iter()
            .all(|d| d.weakness == study::WEAKNESS_FLOOR)
    );
    assert!(plan.weeks.iter().all(|w| w.drill_hours > 0.0));
}

#[test]
fn reviews_are_capped_at_half_the_time() {
    let mut input = input(date!(2026 - 03 - 02), date!(2026 - 03 - 30));
    input.reviews_due_per_day = 500;
    input.hours_per_week = 7.0; // 1 h a day: at most 30 reviews a day
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    let first = &plan.weeks[0];
    assert!(first.reviews_capped);
    assert_eq!(first.reviews_per_day, 30);
    assert!(first.explanation.contains("500 are due a day"));
    assert!(plan.notes.iter().any(|n| n.contains("capped")));

    input.reviews_due_per_day = 0;
    let plan = study::plan(&input).unwrap();
    assert!(plan.weeks[0].explanation.contains("No reviews are due yet"));
}

#[test]
fn catalog_domains_can_be_used() {
    let catalog = catalog::Catalog::builtin().unwrap();
    let exam = catalog.exam("SAA-C03").unwrap();
    let domains: Vec<PlanDomain> = exam
        .domains
        .list
        .iter()
        .map(|d| PlanDomain::from_catalog(d, None))
        .collect();
    assert!(!domains.is_empty());
    let mut input = input(date!(2026 - 03 - 02), date!(2026 - 04 - 06));
    input.domains = domains;
    let plan = study::plan(&input).unwrap();
    check_invariants(&input, &plan);
    assert_eq!(plan.domains.len(), exam.domains.list.len());
}

#[test]
fn bad_input_is_explained() {
    let today = date!(2026 - 03 - 02);
    let good = input(today, date!(2026 - 04 - 06));
    let err = |f: &dyn Fn(&mut PlanInput)| {
        let mut input = good.clone();
        f(&mut input);
        study::plan(&input).unwrap_err()
    };

    let e = err(&|i| i.target = date!(2026 - 03 - 01));
    assert!(matches!(e, PlanError::TargetInPast { .. }));
    assert_eq!(
        e.to_string(),
        "the target date 2026-03-01 is in the past (today is 2026-03-02); choose a later date"
    );
    assert!(matches!(
        err(&|i| i.target = today),
        PlanError::TargetIsToday { .. }
    ));
    assert!(matches!(
        err(&|i| i.target = today + Duration::days(800)),
        PlanError::TargetTooFar { days: 800, .. }
    ));
    let e = err(&|i| i.hours_per_week = 0.0);
    assert!(matches!(e, PlanError::NoStudyTime { .. }));
    assert!(
        e.to_string()
            .contains("hours per week must be a number above 0")
    );
    assert!(matches!(
        err(&|i| i.hours_per_week = f64::NAN),
        PlanError::NoStudyTime { .. }
    ));
    assert!(matches!(
        err(&|i| i.hours_per_week = 200.0),
        PlanError::TooManyHours { .. }
    ));
    let e = err(&|i| i.domains.clear());
    assert_eq!(e, PlanError::NoDomains);
    assert!(e.to_string().contains("no exam domains"));
    assert!(matches!(
        err(&|i| i.domains[1].number = 1),
        PlanError::DuplicateDomain { number: 1 }
    ));
    assert!(matches!(
        err(&|i| i.domains[2].weight = 0.0),
        PlanError::InvalidWeight { number: 3, .. }
    ));
    assert!(matches!(
        err(&|i| i.domains[0].readiness = Some(1.5)),
        PlanError::InvalidReadiness { number: 1, .. }
    ));
    assert!(matches!(
        err(&|i| i.domains[0].readiness = Some(f64::NAN)),
        PlanError::InvalidReadiness { .. }
    ));
    assert_eq!(err(&|i| i.mock_exam_minutes = 0), PlanError::NoMockLength);
}

#[test]
fn plans_are_deterministic() {
    let input = input(date!(2026 - 03 - 02), date!(2026 - 06 - 01));
    assert_eq!(study::plan(&input).unwrap(), study::plan(&input).unwrap());
}
