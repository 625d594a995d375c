//! The JSON API: the shapes of docs/json.md, errors, and the OpenAPI document.

use crate::get;
use axum::http::StatusCode;
use serde_json::Value;

const JSON_DOC: &str = include_str!("../../../../docs/json.md");

/// The tables of one `## heading` section of docs/json.md: for each table, its rows as
/// (field, type).
fn documented_tables(heading: &str) -> Vec<Vec<(String, String)>> {
    let section = JSON_DOC
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("docs/json.md has no section {heading}"));
    let mut tables: Vec<Vec<(String, String)>> = Vec::new();
    let mut in_table = false;
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("| `") {
            let mut cells = rest.split('|').map(str::trim);
            let field = cells.next().unwrap_or_default().trim_end_matches('`');
            let kind = cells.next().unwrap_or_default();
            if !in_table {
                tables.push(Vec::new());
                in_table = true;
            }
            tables
                .last_mut()
                .expect("a table was started")
                .push((field.to_owned(), kind.to_owned()));
        } else if !line.starts_with('|') {
            in_table = false;
        }
    }
    tables
}

/// Whether a JSON value has a documented type such as "integer or null" or "array of strings".
fn has_type(value: &Value, documented: &str) -> bool {
    documented.split(" or ").any(|kind| match kind.trim() {
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "array of strings" => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        other => panic!("docs/json.md has a type this test does not know: {other}"),
    })
}

/// Checks that `object` has exactly the documented fields, each of its documented type.
fn check_fields(object: &Value, fields: &[(String, String)], what: &str) {
    let map = object
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"));
    for (field, kind) in fields {
        let value = map
            .get(field)
            .unwrap_or_else(|| panic!("{what} has no documented field {field}"));
        assert!(
            has_type(value, kind),
            "{what}.{field} is {value}, documented as {kind}"
        );
    }
    for key in map.keys() {
        assert!(
            fields.iter().any(|(field, _)| field == key),
            "{what} has the undocumented field {key}"
        );
    }
}

/// The fact names docs/json.md lists for `facts`.
fn documented_fact_names() -> Vec<String> {
    let start = JSON_DOC
        .find("`facts` maps a fact's name (")
        .expect("docs/json.md describes facts");
    let list = &JSON_DOC[start..];
    let list = &list[list.find('(').expect("a list") + 1..list.find(')').expect("a list end")];
    list.split(',')
        .map(|name| name.trim().trim_matches('`').to_owned())
        .collect()
}

#[tokio::test]
async fn catalog_has_the_documented_shape() {
    let reply = get("/api/v1/catalog").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("application/json"));
    let exams = reply.json();
    let exams = exams.as_array().expect("an array");
    assert!(!exams.is_empty());
    let tables = documented_tables("`certpath catalog --json`");
    let fields = &tables[0];
    assert!(fields.len() > 20, "the exam table was found: {fields:?}");
    let fact_names = documented_fact_names();
    for exam in exams {
        let code = exam["code"].as_str().expect("a code");
        check_fields(exam, fields, code);
        assert_eq!(exam["status_on"], "2026-12-01");
        for (name, fact) in exam["facts"].as_object().expect("facts is an object") {
            assert!(
                fact_names.contains(name),
                "{code}: undocumented fact {name}"
            );
            let fact = fact.as_object().expect("a fact is an object");
            let mut keys: Vec<&str> = fact.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(
                keys,
                ["confidence", "note", "sources", "value"],
                "{code}.{name}"
            );
            assert!(
                ["official", "secondary", "unverified"]
                    .contains(&fact["confidence"].as_str().unwrap_or_default()),
                "{code}.{name}"
            );
            for source in fact["sources"].as_array().expect("sources is an array") {
                assert!(source["key"].is_string(), "{code}.{name}: {source}");
                assert!(source["url"].is_string(), "{code}.{name}: {source}");
            }
        }
        for domain in exam["domains"].as_array().expect("domains") {
            let mut keys: Vec<&str> = domain
                .as_object()
                .expect("a domain")
                .keys()
                .map(String::as_str)
                .collect();
            keys.sort_unstable();
            assert_eq!(keys, ["name", "number", "tasks", "weight"], "{code}");
        }
    }
    let codes: Vec<&str> = exams.iter().filter_map(|e| e["code"].as_str()).collect();
    assert!(
        codes.contains(&"DVA-C03") && codes.contains(&"DVA-C02"),
        "{codes:?}"
    );
}

#[tokio::test]
async fn catalog_filters_like_the_command_line() {
    let on = get("/api/v1/catalog?on=2025-06-01&tier=associate")
        .await
        .json();
    let on = on.as_array().expect("an array");
    assert!(
        on.iter()
            .all(|e| e["tier"] == "associate" && e["status_on"] == "2025-06-01")
    );
    let soa2 = on
        .iter()
        .find(|e| e["code"] == "SOA-C02")
        .expect("SOA-C02 listed");
    assert_eq!(soa2["status"], "active");

    let default = get("/api/v1/catalog").await.json();
    let all = get("/api/v1/catalog?all=1").await.json();
    assert!(all.as_array().map(Vec::len) > default.as_array().map(Vec::len));
}

#[tokio::test]
async fn one_exam_is_the_same_object_as_in_the_list() {
    let list = get("/api/v1/catalog").await.json();
    let from_list = list
        .as_array()
        .and_then(|l| l.iter().find(|e| e["code"] == "CLF-C02"))
        .cloned()
        .expect("CLF-C02 listed");
    let reply = get("/api/v1/catalog/clf-c02").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), from_list);
}

#[tokio::test]
async fn sap_c03_has_no_published_question_count() {
    let exam = get("/api/v1/catalog/SAP-C03").await.json();
    assert_eq!(exam["questions_scored"], Value::Null);
    assert_eq!(exam["facts"]["questions_scored"]["value"], Value::Null);
    assert!(exam["facts"]["questions_scored"]["note"].is_string());
}

#[tokio::test]
async fn an_unknown_code_is_a_404_with_a_suggestion() {
    let reply = get("/api/v1/catalog/DVA-C3").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "unknown-exam");
    assert_eq!(error["suggestion"], "DVA-C03");
    assert!(
        error["accepted"]
            .as_array()
            .is_some_and(|a| a.contains(&Value::from("CLF-C02")))
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("DVA-C3"))
    );
}

#[tokio::test]
async fn advice_has_the_documented_shape() {
    let reply = get(
        "/api/v1/advice?role=sysadmin&experience_years=2&on=2025-06-01&stack=lambda,dynamodb&target_date=2026-06-30&held=CLF-C02",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let advice = reply.json();
    let tables = documented_tables("`certpath advise --json`");
    check_fields(&advice, &tables[0], "advice");
    let steps = advice["steps"].as_array().expect("steps");
    assert!(!steps.is_empty());
    for step in steps {
        check_fields(step, &tables[1], "step");
    }
    assert_eq!(advice["on"], "2025-06-01");
    assert_eq!(advice["stack"], serde_json::json!(["lambda", "dynamodb"]));
    assert_eq!(advice["held"], serde_json::json!(["cloud-practitioner"]));
    assert_eq!(advice["target_date"], "2026-06-30");
}

#[tokio::test]
async fn a_sysadmin_starts_with_soa_c02_in_june_2025() {
    let advice = get("/api/v1/advice?role=sysadmin&experience_years=2&on=2025-06-01")
        .await
        .json();
    let codes: Vec<&str> = advice["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["code"].as_str())
        .collect();
    assert_eq!(codes.first(), Some(&"SOA-C02"), "{codes:?}");
    assert_eq!(advice["hours_per_week"], 8.0);
}

#[tokio::test]
async fn advice_defaults_to_today() {
    let advice = get("/api/v1/advice?role=web-developer").await.json();
    assert_eq!(advice["on"], "2026-12-01");
    assert_eq!(advice["steps"][0]["code"], "DVA-C03");
    assert_eq!(advice["experience_years"], 0.0);
}

#[tokio::test]
async fn advice_errors_say_what_is_accepted() {
    let cases: &[(&str, StatusCode, &str, Option<&str>)] = &[
        (
            "role=web-developr",
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown-role",
            Some("web-developer"),
        ),
        (
            "role=sysadmin&goal=devopps",
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown-goal",
            Some("devops"),
        ),
        (
            "role=sysadmin&stack=lambda,dynamo-db",
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown-service",
            Some("dynamodb"),
        ),
        (
            "role=sysadmin&experience_years=many",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-experience-years",
            None,
        ),
        (
            "role=sysadmin&hours_per_week=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-hours-per-week",
            None,
        ),
        (
            "role=sysadmin&target_date=next-year",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-target-date",
            None,
        ),
        (
            "role=sysadmin&held=CLF-C2",
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown-certification",
            Some("CLF-C02"),
        ),
        (
            "role=sysadmin&on=2025-13-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-on",
            None,
        ),
        (
            "experience_years=2",
            StatusCode::BAD_REQUEST,
            "missing-parameter",
            None,
        ),
        (
            "role=a&role=b",
            StatusCode::BAD_REQUEST,
            "bad-request",
            None,
        ),
    ];
    for (query, status, code, suggestion) in cases {
        let reply = get(&format!("/api/v1/advice?{query}")).await;
        assert_eq!(reply.status, *status, "{query}: {}", reply.body);
        let error = &reply.json()["error"];
        assert_eq!(error["code"], *code, "{query}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{query}"
        );
        assert!(error["accepted"].is_array(), "{query}");
        match suggestion {
            Some(s) => assert_eq!(error["suggestion"], *s, "{query}"),
            None => assert!(error["suggestion"].is_null(), "{query}"),
        }
    }
    let error = get("/api/v1/advice?role=web-developr").await.json();
    let accepted = error["error"]["accepted"].as_array().expect("accepted");
    assert!(accepted.contains(&Value::from("web-developer")));
    assert_eq!(error["error"]["field"], "role");
}

#[tokio::test]
async fn catalog_errors_are_json() {
    let reply = get("/api/v1/catalog?tier=asociate").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["code"], "unknown-tier");
    assert_eq!(reply.json()["error"]["suggestion"], "associate");
    let reply = get("/api/v1/catalog?on=yesterday").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["code"], "invalid-on");
    let reply = get("/api/v1/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "not-found");
}

#[tokio::test]
async fn the_openapi_document_lists_the_api() {
    let reply = get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/v1/catalog",
        "/api/v1/catalog/{code}",
        "/api/v1/advice",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} is missing");
    }
    for (path, method) in [
        ("/api/v1/attempts", "post"),
        ("/api/v1/attempts/{id}", "get"),
        ("/api/v1/attempts/{id}/answers/{number}", "put"),
        ("/api/v1/attempts/{id}/answers/{number}", "delete"),
        ("/api/v1/attempts/{id}/flags/{number}", "put"),
        ("/api/v1/attempts/{id}/submit", "post"),
        ("/api/v1/attempts/{id}/report", "get"),
        ("/api/v1/history", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is missing"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for schema in [
        "ExamDto",
        "AdviceDto",
        "ErrorBody",
        "FactDto",
        "StepDto",
        "AttemptDto",
        "QuestionDto",
        "AnswerDto",
        "Ack",
        "HistoryEntry",
    ] {
        assert!(schemas.contains_key(schema), "{schema} is missing");
    }
    // Every field is always sent (null when unknown), so every field is required.
    let exam = &schemas["ExamDto"];
    let required = exam["required"].as_array().expect("required fields");
    let properties = exam["properties"].as_object().expect("properties");
    assert_eq!(required.len(), properties.len(), "{required:?}");
    assert_eq!(
        properties["questions_scored"]["type"],
        serde_json::json!(["integer", "null"])
    );
    assert_eq!(properties["last_day"]["format"], "date");
    let params = doc["paths"]["/api/v1/advice"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    for name in [
        "role",
        "experience_years",
        "stack",
        "goal",
        "hours_per_week",
        "target_date",
        "held",
        "on",
    ] {
        assert!(names.contains(&name), "{name} is not documented: {names:?}");
    }
}
