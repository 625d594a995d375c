//! The seed's guidance, statement by statement, as advisor scenarios.
//!
//! Each case quotes (or closely restates) a statement of the seed document, gives a situation
//! with a fixed day, and states what the advice must contain. Days are always passed in, so
//! the cases stay true when a real retirement date passes.

use advisor::{Advice, Rules, Situation, WarningKind, advise};
use catalog::Catalog;
use time::Date;
use time::macros::date;

/// What a case expects of the advice.
#[derive(Default)]
struct Expect {
    /// The exam codes of the steps, in order (exactly).
    steps: Option<&'static [&'static str]>,
    /// The first step's code.
    first: Option<&'static str>,
    /// Codes that must appear among the steps.
    contains: &'static [&'static str],
    /// Codes that must not appear among the steps.
    excludes: &'static [&'static str],
    /// Warning kinds that must be present, with a word each message must contain.
    warnings: &'static [(WarningKind, &'static str)],
    /// Warning kinds that must be absent.
    no_warnings: &'static [WarningKind],
    /// Codes that must appear among the alternatives.
    alternatives: &'static [&'static str],
}

struct Case {
    seed: &'static str,
    role: &'static str,
    years: f64,
    stack: &'static [&'static str],
    goal: Option<&'static str>,
    held: &'static [&'static str],
    on: Date,
    expect: Expect,
}

const TODAY: Date = date!(2026 - 12 - 01);

fn case(seed: &'static str, role: &'static str, years: f64, expect: Expect) -> Case {
    Case {
        seed,
        role,
        years,
        stack: &[],
        goal: None,
        held: &[],
        on: TODAY,
        expect,
    }
}

fn run(c: &Case) -> Advice {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let rules = Rules::builtin(&catalog).expect("the built-in rules are valid");
    let situation = Situation {
        role: c.role.into(),
        experience_years: c.years,
        stack: c.stack.iter().map(|s| (*s).to_owned()).collect(),
        goal: c.goal.map(str::to_owned),
        hours_per_week: 8.0,
        target_date: None,
        held: c.held.iter().map(|s| (*s).to_owned()).collect(),
        today: c.on,
    };
    advise(&catalog, &rules, &situation).expect("the situation is valid")
}

#[track_caller]
fn check(c: &Case) {
    let advice = run(c);
    let codes: Vec<&str> = advice.steps.iter().map(|s| s.code.as_str()).collect();
    let context = format!(
        "\nseed: {}\nsteps: {codes:?}\nwarnings: {:#?}\n",
        c.seed, advice.warnings
    );
    let e = &c.expect;
    if let Some(steps) = e.steps {
        assert_eq!(codes, steps, "{context}");
    }
    if let Some(first) = e.first {
        assert_eq!(codes.first().copied(), Some(first), "{context}");
    }
    for code in e.contains {
        assert!(codes.contains(code), "expected {code} in the path{context}");
    }
    for code in e.excludes {
        assert!(
            !codes.contains(code),
            "expected no {code} in the path{context}"
        );
    }
    for (kind, word) in e.warnings {
        assert!(
            advice
                .warnings
                .iter()
                .any(|w| w.kind == *kind && w.message.contains(word)),
            "expected a {kind} warning mentioning {word:?}{context}"
        );
    }
    for kind in e.no_warnings {
        assert!(
            !advice.warnings.iter().any(|w| w.kind == *kind),
            "expected no {kind} warning{context}"
        );
    }
    let alternative_codes: Vec<&str> = advice
        .alternatives
        .iter()
        .flat_map(|a| a.codes.iter().map(String::as_str))
        .collect();
    for code in e.alternatives {
        assert!(
            alternative_codes.contains(code),
            "expected {code} among the alternatives {alternative_codes:?}{context}"
        );
    }
}

#[test]
fn non_engineers_start_with_cloud_practitioner() {
    check(&case(
        "Cloud Practitioner is the entry point, built for non-engineers, managers, sales teams",
        "manager",
        0.0,
        Expect {
            steps: Some(&["CLF-C02"]),
            ..Expect::default()
        },
    ));
    check(&case(
        "... sales teams",
        "sales",
        0.0,
        Expect {
            first: Some("CLF-C02"),
            ..Expect::default()
        },
    ));
}

#[test]
fn ai_facing_roles_start_with_ai_practitioner() {
    check(&case(
        "AI Practitioner, a newer foundational credential focusing on AI, ML and generative AI",
        "product-manager",
        0.0,
        Expect {
            first: Some("AIF-C01"),
            excludes: &["CLF-C02"],
            ..Expect::default()
        },
    ));
}

#[test]
fn people_entering_cloud_infrastructure_start_with_solutions_architect_associate() {
    check(&case(
        "Solutions Architect – Associate is consistently the most popular starting point for people entering cloud infrastructure roles",
        "career-changer",
        0.0,
        Expect {
            first: Some("SAA-C03"),
            warnings: &[(WarningKind::ProfessionalExperience, "SAP-C03")],
            alternatives: &["CLF-C02"],
            ..Expect::default()
        },
    ));
}

#[test]
fn software_developers_start_with_developer_associate_and_its_complement() {
    check(&case(
        "Developer – Associate appeals to software engineers; Solutions Architect – Associate is a logical complement",
        "software-developer",
        1.0,
        Expect {
            steps: Some(&["DVA-C03", "SAA-C03"]),
            alternatives: &["DOP-C02", "SCS-C03"],
            ..Expect::default()
        },
    ));
}

#[test]
fn web_developers_leaning_to_automation_go_on_to_devops_professional() {
    let mut c = case(
        "From there, the DevOps Engineer – Professional ... if your work leans toward automation and delivery pipelines",
        "web-developer",
        1.0,
        Expect {
            steps: Some(&["DVA-C03", "SAA-C03", "DOP-C02"]),
            alternatives: &["SCS-C03"],
            ..Expect::default()
        },
    );
    c.goal = Some("devops");
    check(&c);
}

#[test]
fn web_developers_leaning_to_security_go_on_to_security_specialty() {
    let mut c = case(
        "... or Security Specialty ... toward compliance and application security",
        "web-developer",
        1.0,
        Expect {
            steps: Some(&["DVA-C03", "SAA-C03", "SCS-C03"]),
            alternatives: &["DOP-C02"],
            no_warnings: &[WarningKind::SpecialtyBeforeAssociate],
            ..Expect::default()
        },
    );
    c.goal = Some("security");
    check(&c);
}

#[test]
fn operations_people_take_cloudops_today() {
    check(&case(
        "SysOps leans toward operations (CloudOps Engineer since SOA-C03)",
        "sysadmin",
        2.0,
        Expect {
            first: Some("SOA-C03"),
            excludes: &["SOA-C02"],
            ..Expect::default()
        },
    ));
}

#[test]
fn operations_people_took_sysops_soa_c02_in_mid_2025() {
    let mut c = case(
        "SysOps Administrator – Associate, as it stood on 2025-06-01",
        "operations",
        2.0,
        Expect {
            first: Some("SOA-C02"),
            excludes: &["SOA-C03"],
            ..Expect::default()
        },
    );
    c.on = date!(2025 - 06 - 01);
    check(&c);
}

#[test]
fn sysops_is_the_most_demanding_associate() {
    // The same person, with no role fit for either exam: only the exam differs.
    let mut operations = case(
        "SysOps is generally considered the most technically demanding of the three Associate certs",
        "career-changer",
        1.5,
        Expect {
            first: Some("SOA-C03"),
            ..Expect::default()
        },
    );
    operations.goal = Some("operations");
    check(&operations);
    let mut architect = case(
        "",
        "career-changer",
        1.5,
        Expect {
            first: Some("SAA-C03"),
            ..Expect::default()
        },
    );
    architect.goal = Some("architect");
    let mut developer = case(
        "",
        "career-changer",
        1.5,
        Expect {
            first: Some("DVA-C03"),
            ..Expect::default()
        },
    );
    developer.goal = Some("developer");
    let soa = run(&operations).steps[0].study_hours;
    let saa = run(&architect).steps[0].study_hours;
    let dva = run(&developer).steps[0].study_hours;
    assert!(
        soa > saa && soa > dva,
        "SOA {soa} h, SAA {saa} h, DVA {dva} h"
    );
}

#[test]
fn heavy_ml_stack_points_at_the_ml_specialty_where_it_exists() {
    let mut c = case(
        "If your company heavily uses ML workloads, a Specialty cert may carry more immediate value (MLS-C01 still active)",
        "software-developer",
        2.0,
        Expect {
            contains: &["MLS-C01"],
            warnings: &[(WarningKind::StackMatchesSpecialty, "sagemaker")],
            ..Expect::default()
        },
    );
    c.stack = &["sagemaker"];
    c.on = date!(2025 - 06 - 01);
    check(&c);
}

#[test]
fn heavy_ml_stack_points_at_what_replaced_the_retired_ml_specialty() {
    let mut c = case(
        "... and at what replaced it where it was retired (MLS-C01 retired 2026-03-31)",
        "software-developer",
        2.0,
        Expect {
            contains: &["MLA-C02"],
            excludes: &["MLS-C01"],
            warnings: &[
                (WarningKind::RetiredReplaced, "MLS-C01"),
                (WarningKind::StackMatchesSpecialty, "sagemaker"),
            ],
            ..Expect::default()
        },
    );
    c.stack = &["sagemaker"];
    check(&c);
}

#[test]
fn sap_stack_says_plainly_that_the_sap_specialty_is_retired() {
    let mut c = case(
        "SAP on AWS — highly role-specific; retired 2024-04-30 with no direct replacement",
        "sap-basis",
        2.0,
        Expect {
            excludes: &["PAS-C01"],
            contains: &["SAA-C03"],
            warnings: &[(WarningKind::RetiredNoSuccessor, "PAS-C01")],
            ..Expect::default()
        },
    );
    c.stack = &["sap"];
    check(&c);
}

#[test]
fn sap_stack_pointed_at_the_sap_specialty_before_it_retired() {
    let mut c = case(
        "a heavy SAP stack makes the SAP on AWS Specialty worth more (2024-01-10, before its retirement)",
        "sap-basis",
        2.0,
        Expect {
            contains: &["PAS-C01"],
            warnings: &[(WarningKind::StackMatchesSpecialty, "sap")],
            ..Expect::default()
        },
    );
    c.stack = &["sap"];
    c.on = date!(2024 - 01 - 10);
    check(&c);
}

#[test]
fn a_specialty_before_any_associate_is_warned_about() {
    let mut c = case(
        "Specialty ... AWS recommends having Associate-level knowledge before attempting them",
        "non-technical",
        0.0,
        Expect {
            steps: Some(&["CLF-C02", "PAS-C01"]),
            warnings: &[(WarningKind::SpecialtyBeforeAssociate, "PAS-C01")],
            ..Expect::default()
        },
    );
    c.stack = &["sap"];
    c.on = date!(2024 - 01 - 10);
    check(&c);
}

#[test]
fn professional_without_associate_experience_is_warned_about() {
    let mut c = case(
        "Going straight to Professional without that foundation is genuinely difficult",
        "solutions-architect",
        0.5,
        Expect {
            warnings: &[(WarningKind::ProfessionalExperience, "genuinely difficult")],
            ..Expect::default()
        },
    );
    c.goal = Some("architect");
    check(&c);
    let mut experienced = case(
        "",
        "solutions-architect",
        3.0,
        Expect {
            no_warnings: &[WarningKind::ProfessionalExperience],
            ..Expect::default()
        },
    );
    experienced.goal = Some("architect");
    check(&experienced);
}

#[test]
fn an_exam_retiring_before_the_estimated_date_is_warned_about() {
    check(&case(
        "ANS-C01's last day is 2026-12-31 and no successor is announced",
        "network-engineer",
        3.0,
        Expect {
            contains: &["ANS-C01"],
            warnings: &[(WarningKind::RetiresBeforeDate, "2026-12-31")],
            ..Expect::default()
        },
    ));
}

#[test]
fn an_exam_replaced_before_the_estimated_date_is_planned_on_its_successor() {
    let mut c = case(
        "DVA-C02's last day is 2026-11-30; DVA-C03 from 2026-12-01",
        "software-developer",
        1.0,
        Expect {
            first: Some("DVA-C03"),
            warnings: &[(WarningKind::VersionChangesBeforeDate, "DVA-C02")],
            ..Expect::default()
        },
    );
    c.on = date!(2026 - 10 - 01);
    check(&c);
}

#[test]
fn a_networking_stack_matches_the_networking_specialty() {
    let mut c = case(
        "the organisation's stack can make a Specialty worth more",
        "solutions-architect",
        3.0,
        Expect {
            contains: &["SAA-C03", "ANS-C01"],
            warnings: &[(WarningKind::StackMatchesSpecialty, "direct-connect")],
            ..Expect::default()
        },
    );
    c.stack = &["direct-connect", "transit-gateway"];
    c.on = date!(2026 - 06 - 01);
    check(&c);
}

#[test]
fn data_engineers_take_data_engineer_associate_the_retired_specialties_replacement() {
    let mut c = case(
        "Data engineers each benefit from different credential combinations; DAS-C01 was retired",
        "data-engineer",
        2.0,
        Expect {
            steps: Some(&["DEA-C01"]),
            warnings: &[(WarningKind::RetiredReplaced, "DAS-C01")],
            ..Expect::default()
        },
    );
    c.stack = &["redshift", "kinesis", "emr"];
    check(&c);
}

#[test]
fn certifications_already_held_are_left_out() {
    let mut c = case(
        "a developer who already holds Developer – Associate",
        "software-developer",
        2.0,
        Expect {
            steps: Some(&["SAA-C03", "DOP-C02"]),
            excludes: &["DVA-C03"],
            ..Expect::default()
        },
    );
    c.goal = Some("devops");
    c.held = &["developer-associate"];
    check(&c);
}

#[test]
fn fewer_hours_a_week_push_the_dates_out_and_the_same_input_gives_the_same_path() {
    let catalog = Catalog::builtin().unwrap();
    let rules = Rules::builtin(&catalog).unwrap();
    let mut situation = Situation {
        role: "sysadmin".into(),
        experience_years: 1.0,
        stack: vec![],
        goal: None,
        hours_per_week: 10.0,
        target_date: Some(date!(2027 - 03 - 01)),
        held: vec![],
        today: TODAY,
    };
    let fast = advise(&catalog, &rules, &situation).unwrap();
    assert_eq!(
        fast,
        advise(&catalog, &rules, &situation).unwrap(),
        "advice is deterministic"
    );
    situation.hours_per_week = 5.0;
    let slow = advise(&catalog, &rules, &situation).unwrap();
    let days = |a: &Advice| (a.steps.last().unwrap().target_date - TODAY).whole_days();
    assert!(
        days(&slow) >= 2 * days(&fast) - 1,
        "{} vs {}",
        days(&slow),
        days(&fast)
    );
    assert!(
        slow.warnings
            .iter()
            .any(|w| w.kind == WarningKind::TargetDateMissed)
    );
    for pair in slow.steps.windows(2) {
        assert_eq!(
            pair[0].target_date, pair[1].start_date,
            "steps follow each other"
        );
    }
}
