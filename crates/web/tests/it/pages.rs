//! The HTML pages.

use crate::{get, row};
use axum::http::StatusCode;

fn assert_html(reply: &crate::Reply) {
    assert!(
        reply.content_type().starts_with("text/html"),
        "{}",
        reply.content_type()
    );
    assert!(reply.body.starts_with("<!doctype html>"));
    assert!(
        reply
            .body
            .contains(r##"<a class="skip-link" href="#main">"##)
    );
    assert!(reply.body.contains(r#"<main id="main""#));
    assert!(reply.body.contains(r#"<nav aria-label="Main">"#));
    assert_eq!(reply.body.matches("<h1").count(), 1, "one h1 per page");
}

#[tokio::test]
async fn home_says_what_certpath_is() {
    let reply = get("/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_html(&reply);
    assert!(reply.body.contains("AWS Certification program"));
    for link in [
        r#"href="/catalog""#,
        r#"href="/advise""#,
        r#"href="/api/openapi.json""#,
    ] {
        assert!(reply.body.contains(link), "{link}");
    }
    assert!(reply.body.contains(r#"href="/" aria-current="page""#));
}

#[tokio::test]
async fn the_stylesheet_is_served() {
    let reply = get("/static/app.css").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("text/css"));
    assert!(reply.body.contains(".skip-link"));
}

#[tokio::test]
async fn catalog_lists_the_program_today() {
    let reply = get("/catalog").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_html(&reply);
    assert!(reply.body.contains("On 2026-12-01 (today)"));
    let dva3 = row(&reply.body, "DVA-C03");
    assert!(dva3.contains("status-active"), "{dva3}");
    assert!(dva3.contains("Developer – Associate"), "{dva3}");
    let dva2 = row(&reply.body, "DVA-C02");
    assert!(dva2.contains("row-retired"), "{dva2}");
    assert!(dva2.contains("Retired after"), "{dva2}");
    assert!(
        dva2.contains(r#"replaced by <a href="/catalog/DVA-C03">DVA-C03</a>"#),
        "{dva2}"
    );
    for header in [
        "Tier",
        "Code",
        "Certification",
        "Status",
        "Questions",
        "Minutes",
        "Passing score",
        "Price (USD)",
    ] {
        assert!(reply.body.contains(&format!(">{header}")), "{header}");
    }
    let sap3 = row(&reply.body, "SAP-C03");
    assert!(sap3.contains("not published"), "{sap3}");
    let clf2 = row(&reply.body, "CLF-C02");
    assert!(clf2.contains("50 + 15"), "{clf2}");
}

#[tokio::test]
async fn catalog_on_another_day() {
    let reply = get("/catalog?on=2025-06-01").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("On 2025-06-01:"));
    let soa2 = row(&reply.body, "SOA-C02");
    assert!(soa2.contains("status-active"), "{soa2}");
    assert!(
        soa2.contains(r#"href="/catalog/SOA-C02?on=2025-06-01""#),
        "{soa2}"
    );
    assert!(reply.body.contains(r#"value="2025-06-01""#));
}

#[tokio::test]
async fn catalog_filters_by_tier_and_lists_everything_on_request() {
    let reply = get("/catalog?tier=professional").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .body
            .contains(r#"<option value="professional" selected>"#)
    );
    assert!(!reply.body.contains(">CLF-C02</a>"));
    assert!(reply.body.contains(">SAP-C03</a>"));

    let all = get("/catalog?all=1").await;
    assert!(
        all.body.contains(">CLF-C01</a>"),
        "long-retired versions are listed"
    );
    assert!(all.body.contains(r#"name="all" value="1" checked"#));
    assert!(!get("/catalog").await.body.contains(">CLF-C01</a>"));
}

#[tokio::test]
async fn a_bad_catalog_filter_is_an_error_page() {
    let reply = get("/catalog?tier=asociate").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_html(&reply);
    assert!(
        reply.body.contains("Unknown tier “asociate”."),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<strong>associate</strong>"));
}

#[tokio::test]
async fn one_exam_with_facts_sources_and_domains() {
    let reply = get("/catalog/CLF-C02").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_html(&reply);
    let body = &reply.body;
    assert!(body.contains("AWS Certified Cloud Practitioner"));
    assert!(body.contains("Status on 2026-12-01 (today)"));
    assert!(body.contains(r#"<h2 id="facts">"#));
    assert!(body.contains(r#"<h2 id="domains">"#));
    assert!(body.contains("confidence-official"));
    assert!(body.contains(r#"<h2 id="sources">"#));
    assert!(body.contains(r#"<a href="https://"#), "sources are links");
    assert!(body.contains("%</td>"), "domain weights are shown");
}

#[tokio::test]
async fn an_exam_with_task_statements_lists_them() {
    let reply = get("/catalog/SOA-C03").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("<h3>Task statements</h3>"));
    assert!(
        reply
            .body
            .contains(r#"<li><span class="task-id">1.1</span>"#)
    );
}

#[tokio::test]
async fn sap_c03_says_its_question_count_is_not_published() {
    let reply = get("/catalog/SAP-C03").await;
    assert_eq!(reply.status, StatusCode::OK);
    let facts = reply
        .body
        .split("<tr>")
        .find(|row| row.contains(">Questions scored</th>"))
        .expect("a questions row");
    assert!(
        facts.contains(r#"<span class="unknown">not published</span>"#),
        "{facts}"
    );
    assert!(facts.contains("confidence-unverified"), "{facts}");
    assert!(reply.body.contains("Notes</h2>"));
}

#[tokio::test]
async fn a_retired_exam_links_its_successor() {
    let reply = get("/catalog/dva-c02").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("status-retired"));
    assert!(
        reply
            .body
            .contains(r#"replaced by <a href="/catalog/DVA-C03">DVA-C03</a>"#)
    );
    let dva3 = get("/catalog/DVA-C03").await;
    assert!(dva3.body.contains("Replaces</dt>"));
    assert!(
        dva3.body
            .contains(r#"<a href="/catalog/DVA-C02">DVA-C02</a>"#)
    );
}

#[tokio::test]
async fn an_unknown_exam_is_a_404_page_with_a_suggestion() {
    let reply = get("/catalog/DVA-C3").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_html(&reply);
    assert!(reply.body.contains("Exam not found"));
    assert!(
        reply
            .body
            .contains(r#"Did you mean <a href="/catalog/DVA-C03">DVA-C03</a>?"#)
    );
    let reply = get("/no/such/page").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("Page not found"));
}

#[tokio::test]
async fn the_advise_form_has_labelled_fields() {
    let reply = get("/advise").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_html(&reply);
    let body = &reply.body;
    assert!(body.contains(r#"<form class="advise" method="get" action="/advise""#));
    for (id, kind) in [
        ("role", "select"),
        ("goal", "select"),
        ("experience_years", r#"input type="number""#),
        ("hours_per_week", r#"input type="number""#),
        ("stack", r#"input type="text""#),
        ("target_date", r#"input type="date""#),
        ("held", r#"input type="text""#),
    ] {
        assert!(
            body.contains(&format!(r#"<label for="{id}">"#)),
            "{id} has a label"
        );
        assert!(
            body.contains(&format!(r#"<{kind} id="{id}" name="{id}""#)),
            "{id} is a {kind}"
        );
    }
    assert!(body.contains(r#"<option value="web-developer">"#));
    assert!(body.contains(r#"<option value="devops">"#));
    assert!(
        body.contains("<code>lambda</code>"),
        "accepted services are listed"
    );
    assert!(!body.contains("There is a problem"));
    assert!(!body.contains("<script"));
}

#[tokio::test]
async fn advise_shows_the_explained_path() {
    let reply = get("/advise?role=sysadmin&experience_years=2&on=2025-06-01&goal=&stack=&hours_per_week=&target_date=&held=").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_html(&reply);
    let body = &reply.body;
    assert!(body.contains("Your certification path"));
    let first = body
        .split(r#"<li class="step">"#)
        .nth(1)
        .expect("a first step");
    assert!(
        first.contains(r#"<a href="/catalog/SOA-C02">SOA-C02</a>"#),
        "{first}"
    );
    assert!(first.contains(r#"<ul class="reasons">"#));
    assert!(first.contains("Book by</dt>"));
    assert!(body.contains("Total: about"));
    assert!(
        body.contains(r#"<option value="sysadmin" selected>"#),
        "the form keeps the answers"
    );
    assert!(body.contains(
        r#"name="experience_years" min="0" max="50" step="0.5" inputmode="decimal" value="2""#
    ));
}

#[tokio::test]
async fn advise_shows_warnings_and_alternatives() {
    let reply = get("/advise?role=web-developer&hours_per_week=1&target_date=2027-01-01").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.body.contains(r#"<h2 id="warnings">"#),
        "a tight target date warns"
    );
    assert!(reply.body.contains(r#"<h2 id="alternatives">"#));
}

#[tokio::test]
async fn a_misspelt_role_is_shown_next_to_the_field() {
    let reply = get("/advise?role=web-developr").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_html(&reply);
    let body = &reply.body;
    assert!(body.contains("There is a problem"));
    assert!(
        body.contains(r##"<a href="#role">Unknown role “web-developr”.</a>"##),
        "{body}"
    );
    let field = body
        .split(r#"<label for="role">"#)
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the role field");
    assert!(field.contains(r#"id="role-error""#), "{field}");
    assert!(
        field.contains("Did you mean <strong>web-developer</strong>?"),
        "{field}"
    );
    assert!(field.contains(r#"aria-invalid="true""#));
    assert!(field.contains(r#"aria-describedby="role-error""#));
}

#[tokio::test]
async fn every_bad_field_is_reported() {
    let reply = get("/advise?role=&experience_years=99&stack=lambda,nope&target_date=soon").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &reply.body;
    for id in [
        "role-error",
        "experience_years-error",
        "stack-error",
        "target_date-error",
    ] {
        assert!(body.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(body.contains("Choose your current role."));
    assert!(
        body.contains(r#"value="lambda,nope""#),
        "the answer is kept"
    );
}

#[tokio::test]
async fn user_input_is_escaped() {
    let reply =
        get("/advise?role=%3Cscript%3Ealert(1)%3C%2Fscript%3E&stack=%22%3E%3Cscript%3E").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!reply.body.contains("<script"), "{}", reply.body);
    assert!(
        reply
            .body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(r#"value="&#34;&#62;&#60;script&#62;""#),
        "{}",
        reply.body
    );

    let reply = get("/catalog/%3Cscript%3E").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(!reply.body.contains("<script"));
}

#[tokio::test]
async fn snapshot_of_an_exam_page() {
    let reply = get("/catalog/CLF-C02").await;
    insta::assert_snapshot!("catalog_clf_c02", reply.body);
}
