//! `certpath advise`: rendered paths and the JSON form.

use crate::{ok, run};
use serde_json::Value;

#[test]
fn advise_a_web_developer_toward_devops() {
    insta::assert_snapshot!(ok(&[
        "advise",
        "--role",
        "web-developer",
        "--experience-years",
        "1",
        "--stack",
        "lambda,dynamodb",
        "--goal",
        "devops",
        "--hours-per-week",
        "8",
    ]));
}

#[test]
fn advise_an_operations_profile_on_2025_06_01_gives_soa_c02() {
    let out = ok(&[
        "advise",
        "--role",
        "sysadmin",
        "--experience-years",
        "2",
        "--on",
        "2025-06-01",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn advise_an_operations_profile_today_gives_soa_c03() {
    let out = ok(&["advise", "--role", "sysadmin", "--experience-years", "2"]);
    let first = out
        .lines()
        .find(|l| l.starts_with("1 "))
        .expect("a first step");
    assert!(first.contains("SOA-C03"), "{first}");
}

#[test]
fn advise_a_heavy_ml_stack_says_the_specialty_is_retired() {
    insta::assert_snapshot!(ok(&[
        "advise",
        "--role",
        "data-scientist",
        "--experience-years",
        "2",
        "--stack",
        "sagemaker,bedrock",
    ]));
}

#[test]
fn advise_a_network_engineer_before_ans_c01_retires() {
    insta::assert_snapshot!(ok(&[
        "advise",
        "--role",
        "network-engineer",
        "--experience-years",
        "4",
        "--target-date",
        "2027-01-31"
    ]));
}

#[test]
fn advise_json_has_the_documented_fields() {
    let text = ok(&[
        "advise",
        "--role",
        "developer",
        "--experience-years",
        "1",
        "--goal",
        "security",
        "--json",
    ]);
    let advice: Value = serde_json::from_str(&text).expect("valid JSON");
    let steps = advice["steps"].as_array().expect("steps");
    let codes: Vec<&str> = steps.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DVA-C03", "SAA-C03", "SCS-C03"]);
    for step in steps {
        assert!(!step["reasons"].as_array().unwrap().is_empty());
        assert!(step["study_hours"].as_u64().unwrap() > 0);
        assert!(step["target_date"].as_str().unwrap().starts_with("20"));
    }
    assert!(advice["warnings"].is_array());
    assert!(
        advice["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["codes"][0] == "DOP-C02")
    );
    assert_eq!(advice["on"], "2026-12-01");
}

#[test]
fn advise_reads_a_profile_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("me.toml");
    std::fs::write(
        &path,
        "role = \"web-developer\"\nexperience_years = 1\nstack = [\"lambda\"]\ngoal = \"devops\"\nhours_per_week = 10\ntarget_date = 2027-12-31\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let advice: Value =
        serde_json::from_str(&ok(&["advise", "--profile", path, "--json"])).unwrap();
    assert_eq!(advice["goal"], "devops");
    assert_eq!(advice["hours_per_week"], 10.0);
    assert_eq!(advice["target_date"], "2027-12-31");
    let advice: Value = serde_json::from_str(&ok(&[
        "advise",
        "--profile",
        path,
        "--goal",
        "security",
        "--json",
    ]))
    .unwrap();
    assert_eq!(advice["goal"], "security");
}

#[test]
fn advise_json_without_answers_is_a_usage_error() {
    let out = run(&["advise", "--json"]);
    assert_eq!(out.status(), 2);
    assert!(out.stderr.contains("--role"), "{}", out.stderr);
}

#[test]
fn advise_a_software_developer_offers_both_directions_the_seed_names() {
    let out = ok(&[
        "advise",
        "--role",
        "software-developer",
        "--experience-years",
        "1",
    ]);
    insta::assert_snapshot!(out);
    assert!(out.contains("DOP-C02") && out.contains("SCS-C03"), "{out}");
}
