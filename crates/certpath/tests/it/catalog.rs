//! `certpath catalog`, `catalog show` and `catalog --json`.

use crate::ok;
use serde_json::Value;

#[test]
fn catalog_today() {
    insta::assert_snapshot!(ok(&["catalog"]));
}

#[test]
fn catalog_on_a_past_day() {
    insta::assert_snapshot!(ok(&["catalog", "--on", "2025-06-01"]));
}

#[test]
fn catalog_all_specialty() {
    insta::assert_snapshot!(ok(&["catalog", "--all", "--tier", "specialty"]));
}

#[test]
fn catalog_show_an_active_exam() {
    insta::assert_snapshot!(ok(&["catalog", "show", "soa-c03"]));
}

#[test]
fn catalog_show_a_retired_exam_with_its_successor() {
    insta::assert_snapshot!(ok(&["catalog", "show", "DVA-C02"]));
}

#[test]
fn catalog_show_an_exam_whose_facts_are_unpublished() {
    insta::assert_snapshot!(ok(&["catalog", "show", "SAP-C03"]));
}

#[test]
fn retired_exams_show_their_last_day_and_successor() {
    let out = ok(&["catalog"]);
    let line = out
        .lines()
        .find(|l| l.contains("DVA-C02"))
        .expect("DVA-C02 is listed");
    assert!(
        line.contains("retired after 2026-11-30, replaced by DVA-C03"),
        "{line}"
    );
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("valid JSON")
}

#[test]
fn catalog_json_has_the_documented_fields() {
    let items = json(&["catalog", "--json", "--all"]);
    let items = items.as_array().expect("an array");
    assert!(items.len() >= 25);
    for item in items {
        for field in [
            "code",
            "name",
            "tier",
            "status",
            "questions_scored",
            "questions_unscored",
            "duration_minutes",
            "passing_score",
            "price_usd",
            "domains",
            "available_from",
            "last_day",
            "successor",
        ] {
            assert!(item.get(field).is_some(), "{} lacks {field}", item["code"]);
        }
        let tier = item["tier"].as_str().unwrap();
        assert!(
            [
                "foundational",
                "associate",
                "professional",
                "specialty",
                "business"
            ]
            .contains(&tier)
        );
        let status = item["status"].as_str().unwrap();
        assert!(["active", "beta", "retired", "upcoming"].contains(&status));
        let weights: u64 = item["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["weight"].as_u64().unwrap())
            .sum();
        assert!(
            weights == 100 || weights == 0,
            "{}: weights sum to {weights}",
            item["code"]
        );
    }
}

#[test]
fn catalog_json_values_for_known_exams() {
    let items = json(&["catalog", "--json", "--all", "--on", "2026-12-01"]);
    let find = |code: &str| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .cloned()
            .unwrap()
    };
    let dva2 = find("DVA-C02");
    assert_eq!(dva2["status"], "retired");
    assert_eq!(dva2["last_day"], "2026-11-30");
    assert_eq!(dva2["successor"], "DVA-C03");
    let dva3 = find("DVA-C03");
    assert_eq!(dva3["status"], "active");
    assert_eq!(dva3["available_from"], "2026-12-01");
    assert_eq!(dva3["domains"][2]["name"], "Testing and Deployment");
    assert_eq!(dva3["domains"][2]["weight"], 22);
    let sap3 = find("SAP-C03");
    assert_eq!(
        sap3["questions_scored"],
        Value::Null,
        "SAP-C03's count is unpublished and must not be invented"
    );
    assert_eq!(sap3["domains"], serde_json::json!([]));
    assert_eq!(find("SAA-C03")["passing_score"], 720);
    assert_eq!(
        find("CLF-C02")["facts"]["passing_score"]["confidence"],
        "official"
    );
    let mla2 = find("MLA-C02");
    assert_eq!(mla2["status"], "beta");
    let on_2025 = json(&["catalog", "--json", "--all", "--on", "2025-06-01"]);
    let soa2 = on_2025
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "SOA-C02")
        .unwrap();
    assert_eq!(soa2["status"], "active");
}

#[test]
fn catalog_show_json_is_one_object() {
    let item = json(&["catalog", "show", "aif-c01", "--json"]);
    assert_eq!(item["code"], "AIF-C01");
    assert_eq!(item["tier"], "foundational");
    assert!(
        item["facts"]["questions_scored"]["sources"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
}

#[test]
fn catalog_check_accepts_the_builtin_data() {
    let out = ok(&["catalog", "check"]);
    assert!(out.contains("no problems found"), "{out}");
}
