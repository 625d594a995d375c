//! `certpath advise` with no flags asks the questions, with defaults, validating each answer.

use crate::run_with_input;

#[test]
fn the_questions_accept_numbers_names_and_defaults() {
    // role by name, 2 years, a stack, default goal, 6 hours, no target date, no certifications.
    let out = run_with_input(&["advise"], "sysadmin\n2\ncloudwatch, ssm\n\n6\n\n\n");
    assert_eq!(out.status(), 0, "{}", out.stderr);
    assert!(out.stderr.contains("Your current role"), "{}", out.stderr);
    assert!(out.stdout.contains("SOA-C03"), "{}", out.stdout);
    assert!(out.stdout.contains("at 6 hours a week"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Stack:      cloudwatch, systems-manager"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_invalid_answer_is_asked_again_with_a_suggestion() {
    let input = "web-develper\nweb-developer\nmany\n1\nlambda\ndevops\n8\n2027-02-30\n2027-12-31\nCLF-C02\n";
    let out = run_with_input(&["advise"], input);
    assert_eq!(out.status(), 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr);
    assert!(out.stdout.contains("DOP-C02"), "{}", out.stdout);
    assert!(
        out.stdout.contains("Held:       Cloud Practitioner"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_menu_number_picks_that_entry() {
    let out = run_with_input(
        &[
            "advise",
            "--experience-years",
            "0",
            "--stack",
            "",
            "--hours-per-week",
            "4",
        ],
        "1\n1\n\n\n",
    );
    assert_eq!(out.status(), 0, "{}", out.stderr);
    assert!(out.stdout.contains("CLF-C02"), "{}", out.stdout);
}

#[test]
fn input_that_ends_early_is_a_usage_error() {
    let out = run_with_input(&["advise"], "sysadmin\n");
    assert_eq!(out.status(), 2);
    assert!(
        out.stderr.contains("the input ended before"),
        "{}",
        out.stderr
    );
}
