//! `certpath bank lint` and `certpath bank stats` on the bank crate's fixture files.

use crate::{ok, run};
use serde_json::Value;

fn fixtures(name: &str) -> String {
    format!(
        "{}/../bank/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_clean_bank_lints_with_exit_0() {
    let out = ok(&["bank", "lint", &fixtures("valid")]);
    assert!(
        out.ends_with("6 files, 5 items: 0 errors, 0 warnings\n"),
        "{out}"
    );
}

#[test]
fn errors_are_shown_with_the_place_and_exit_1() {
    let file = fixtures("invalid/keys.md");
    let out = run(&["bank", "lint", &file]);
    assert_eq!(out.status(), 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout.replace(&file, "keys.md"));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures("valid/single.md"))
        .unwrap()
        .replace("reviewed = 2026-11-20", "reviewed = 2024-01-02");
    std::fs::write(dir.path().join("old.md"), text).unwrap();
    let path = dir.path().to_str().unwrap();
    let out = ok(&["bank", "lint", path]);
    assert!(out.contains("B205[stale-review]"), "{out}");
    let out = run(&["bank", "lint", path, "--deny-warnings"]);
    assert_eq!(out.status(), 1);
}

#[test]
fn lint_json_lists_every_diagnostic() {
    let out = run(&["bank", "lint", &fixtures("invalid"), "--format", "json"]);
    assert_eq!(out.status(), 1);
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(report["files"], 6);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(
        report["errors"].as_u64().unwrap() + report["warnings"].as_u64().unwrap(),
        diagnostics.len() as u64
    );
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "B001", "B002", "B003", "B006", "B101", "B103", "B106", "B107", "B108", "B109", "B111",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let first = &diagnostics[0];
    for field in [
        "code", "name", "severity", "message", "file", "line", "column", "help",
    ] {
        assert!(first.get(field).is_some(), "{field} missing");
    }
}

#[test]
fn stats_show_coverage_against_the_blueprint() {
    insta::assert_snapshot!(ok(&[
        "bank",
        "stats",
        &fixtures("valid"),
        "--exam",
        "CLF-C02"
    ]));
    let value: Value = serde_json::from_str(&ok(&[
        "bank",
        "stats",
        &fixtures("valid"),
        "--json",
        "--forms",
        "2",
    ]))
    .unwrap();
    let clf = value
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["exam"] == "CLF-C02")
        .expect("CLF-C02 coverage");
    assert_eq!(clf["items"], 2);
    assert_eq!(clf["form_size"], 65);
    let per_form: u64 = clf["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["per_form"].as_u64().unwrap())
        .sum();
    assert_eq!(per_form, 65);
    let domain2 = &clf["domains"][1];
    assert_eq!(domain2["items"], 2);
    assert_eq!(
        domain2["needed"].as_u64().unwrap(),
        2 * domain2["per_form"].as_u64().unwrap() - 2
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = run(&["bank", "lint", "/nonexistent/bank"]);
    assert_eq!(out.status(), 2);
    assert!(out.stderr.contains("/nonexistent/bank"), "{}", out.stderr);
}
