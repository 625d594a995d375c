//! Bad input: a clear message, the accepted values, a suggestion, and exit code 2 (1 for bad data).

use crate::run;

#[track_caller]
fn fails_with(args: &[&str], status: u8, needles: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status(),
        status,
        "certpath {args:?}:\n{}{}",
        out.stdout,
        out.stderr
    );
    for needle in needles {
        assert!(
            out.stderr.contains(needle),
            "certpath {args:?}: stderr lacks {needle:?}:\n{}",
            out.stderr
        );
    }
    assert!(
        out.stdout.is_empty(),
        "errors go to stderr, not stdout: {}",
        out.stdout
    );
    out.stderr
}

#[test]
fn an_unknown_role_lists_the_roles_and_suggests_one() {
    let err = fails_with(
        &["advise", "--role", "web-developr"],
        2,
        &[
            "unknown role `web-developr`",
            "did you mean `web-developer`?",
            "accepted values:",
            "sysadmin",
        ],
    );
    insta::assert_snapshot!(err);
}

#[test]
fn an_unknown_service_lists_the_services_and_suggests_one() {
    fails_with(
        &[
            "advise",
            "--role",
            "developer",
            "--stack",
            "lambda,dynamodbb",
        ],
        2,
        &[
            "unknown service `dynamodbb`",
            "did you mean `dynamodb`?",
            "sagemaker",
        ],
    );
}

#[test]
fn an_unknown_goal_lists_the_goals() {
    fails_with(
        &["advise", "--role", "developer", "--goal", "devop"],
        2,
        &["unknown goal `devop`", "did you mean `devops`?"],
    );
}

#[test]
fn an_unknown_tier_lists_the_tiers() {
    fails_with(
        &["catalog", "--tier", "specialtyy"],
        2,
        &["specialtyy", "possible values", "foundational", "specialty"],
    );
}

#[test]
fn an_unknown_exam_code_lists_the_codes_and_suggests_one() {
    fails_with(
        &["catalog", "show", "SAA-C3"],
        2,
        &[
            "unknown exam code `SAA-C3`",
            "did you mean `SAA-C03`?",
            "CLF-C02",
        ],
    );
}

#[test]
fn an_unknown_held_certification_is_rejected() {
    fails_with(
        &["advise", "--role", "developer", "--held", "CLF-C2"],
        2,
        &["unknown certification `CLF-C2`", "CLF-C02"],
    );
}

#[test]
fn bad_numbers_and_dates_say_what_is_expected() {
    fails_with(
        &[
            "advise",
            "--role",
            "developer",
            "--experience-years",
            "lots",
        ],
        2,
        &["expected a number of years"],
    );
    fails_with(
        &["advise", "--role", "developer", "--hours-per-week", "0"],
        2,
        &["more than 0 and at most 80"],
    );
    fails_with(
        &[
            "advise",
            "--role",
            "developer",
            "--target-date",
            "31/12/2027",
        ],
        2,
        &["YYYY-MM-DD"],
    );
    fails_with(&["catalog", "--on", "2026-13-01"], 2, &["YYYY-MM-DD"]);
}

#[test]
fn a_malformed_profile_is_reported_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, "role = \"developer\"\nexperience_years = \"two\"\n").unwrap();
    let shown = path.display().to_string();
    let err = fails_with(
        &["advise", "--profile", &shown],
        2,
        &[&format!("{shown}:2:20:"), "expected a number, found string"],
    );
    insta::assert_snapshot!(err.replace(&shown, "profile.toml"));

    std::fs::write(
        &path,
        "role = \"develper\"\nhours_per_week = 100\nstack = [\"lambda\", \"sagemkr\"]\n",
    )
    .unwrap();
    let err = fails_with(
        &["advise", "--profile", &shown],
        2,
        &[
            &format!("{shown}:1:8:"),
            &format!("{shown}:2:18:"),
            &format!("{shown}:3:20:"),
        ],
    );
    insta::assert_snapshot!(err.replace(&shown, "profile.toml"));

    std::fs::write(&path, "role = \"developer\"\nrole_name = \"x\"\n").unwrap();
    fails_with(
        &["advise", "--profile", &shown],
        2,
        &[&format!("{shown}:2:1:"), "unknown field `role_name`"],
    );
}

#[test]
fn a_missing_profile_file_is_a_usage_error() {
    fails_with(
        &["advise", "--profile", "/nonexistent/me.toml"],
        2,
        &["cannot read /nonexistent/me.toml"],
    );
}

/// A copy of the built-in data in a temporary directory, with `edit` applied to one file.
fn broken_catalog(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog/data");
    std::fs::create_dir(dir.path().join("exams")).unwrap();
    std::fs::copy(data.join("sources.toml"), dir.path().join("sources.toml")).unwrap();
    for entry in std::fs::read_dir(data.join("exams")).unwrap() {
        let entry = entry.unwrap();
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        if entry.file_name() == file {
            assert!(text.contains(from), "{file} has no {from:?}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join("exams").join(entry.file_name()), text).unwrap();
    }
    dir
}

#[test]
fn a_bad_catalog_file_is_reported_with_the_file_and_the_field() {
    let dir = broken_catalog("clf-c02.toml", "weight = 12", "weight = 15");
    let shown = dir.path().display().to_string();
    let err = fails_with(
        &["catalog", "check", &shown],
        1,
        &[
            "exams/clf-c02.toml",
            "field `domains.list`",
            "domain weights sum to 103, expected 100",
        ],
    );
    insta::assert_snapshot!(err.replace(&shown, "DATA"));
    // Every command refuses a bad catalog the same way.
    fails_with(
        &["--catalog", &shown, "catalog"],
        1,
        &["domain weights sum to 103"],
    );
}

#[test]
fn a_catalog_with_an_unknown_successor_is_rejected() {
    let dir = broken_catalog("dva-c02.toml", "value = \"DVA-C03\"", "value = \"DVA-C30\"");
    let shown = dir.path().display().to_string();
    fails_with(
        &["catalog", "check", &shown],
        1,
        &["dva-c02.toml", "dates.successor", "did you mean `DVA-C03`?"],
    );
}
