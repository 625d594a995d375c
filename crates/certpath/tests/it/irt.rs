//! `certpath irt fit` and `irt score` on LSAT7 (Bock & Lieberman 1970).

use crate::{ok, run};
use serde_json::Value;

/// LSAT7's 32 response patterns (00000 ... 11111) and their counts.
const LSAT7: [u32; 32] = [
    12, 19, 1, 7, 3, 19, 3, 17, 10, 5, 3, 7, 7, 23, 8, 28, 7, 39, 11, 34, 14, 51, 15, 90, 6, 25, 7,
    35, 18, 136, 32, 308,
];

fn lsat7_csv(dir: &std::path::Path) -> String {
    let mut text = String::from("i1,i2,i3,i4,i5\n");
    for (pattern, count) in LSAT7.iter().enumerate() {
        let row: Vec<String> = (0..5)
            .rev()
            .map(|bit| ((pattern >> bit) & 1).to_string())
            .collect();
        for _ in 0..*count {
            text.push_str(&row.join(","));
            text.push('\n');
        }
    }
    let path = dir.join("lsat7.csv");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_2pl_fit_of_lsat7_matches_the_exact_mml_values() {
    let dir = tempfile::tempdir().unwrap();
    let csv = lsat7_csv(dir.path());
    let fit: Value =
        serde_json::from_str(&ok(&["irt", "fit", "--model", "2pl", &csv, "--json"])).unwrap();
    // psychometrics.md §2.3: exact MML, 101-point Gauss–Hermite, logistic D = 1.
    let a = [0.9875, 1.0808, 1.7075, 0.7650, 0.7357];
    let b = [-1.8793, -0.7475, -1.0572, -0.6353, -2.5208];
    for (i, item) in fit["items"].as_array().unwrap().iter().enumerate() {
        assert!(
            (item["a"].as_f64().unwrap() - a[i]).abs() < 1e-3,
            "a{i}: {item}"
        );
        assert!(
            (item["b"].as_f64().unwrap() - b[i]).abs() < 1e-3,
            "b{i}: {item}"
        );
        assert!(item["se_a"].as_f64().unwrap() > 0.0 && item["se_b"].as_f64().unwrap() > 0.0);
    }
    assert!((fit["log_likelihood"].as_f64().unwrap() + 2658.8051).abs() < 1e-2);
    assert_eq!(fit["converged"], true);
    insta::assert_snapshot!(ok(&["irt", "fit", "--model", "rasch", &csv]));
}

#[test]
fn scores_come_from_the_fitted_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let csv = lsat7_csv(dir.path());
    let params = dir.path().join("params.json");
    std::fs::write(&params, ok(&["irt", "fit", &csv, "--json"])).unwrap();
    let scores: Value = serde_json::from_str(&ok(&[
        "irt",
        "score",
        "--params",
        params.to_str().unwrap(),
        &csv,
        "--json",
    ]))
    .unwrap();
    let scores = scores.as_array().unwrap();
    assert_eq!(scores.len(), 1000);
    let first = scores[0]["theta"].as_f64().unwrap();
    let last = scores[999]["theta"].as_f64().unwrap();
    assert!(
        first < -1.5 && last > 0.5,
        "all-wrong {first}, all-right {last}"
    );
}

#[test]
fn a_bad_csv_cell_is_reported_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "q1,q2\n1,0\n1,x\n").unwrap();
    let out = run(&["irt", "fit", path.to_str().unwrap()]);
    assert_eq!(out.status(), 2);
    assert!(out.stderr.contains("bad.csv:3:3"), "{}", out.stderr);
}
