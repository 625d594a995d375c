//! The loader reports every problem in catalog data with the file and the field.

use catalog::{Catalog, DataFile};

const SOURCES: &str = r#"
[G-X]
title = "An exam guide"
url = "https://docs.aws.amazon.com/aws-certification/latest/x.html"
"#;

/// A valid exam file for `code`, with `extra` appended and `replace` substitutions applied.
fn exam(code: &str, replace: &[(&str, &str)]) -> DataFile {
    let mut text = format!(
        r#"code = "{code}"
certification = "example-associate"
name = "AWS Certified Example – Associate"
tier = "associate"
guide = "G-X"

[dates]
available_from = {{ value = 2024-01-10, confidence = "official", sources = ["G-X"] }}
last_day = {{ confidence = "secondary", note = "No retirement announced." }}
successor = {{ confidence = "secondary", note = "No successor announced." }}

[format]
questions_scored = {{ value = 50, confidence = "official", sources = ["G-X"] }}
questions_unscored = {{ value = 15, confidence = "official", sources = ["G-X"] }}
duration_minutes = {{ value = 130, confidence = "secondary", sources = ["G-X"] }}
passing_score = {{ value = 720, confidence = "official", sources = ["G-X"] }}
price_usd = {{ value = 150, confidence = "secondary", sources = ["G-X"] }}
question_types = {{ value = ["multiple-choice", "multiple-response"], confidence = "official", sources = ["G-X"] }}

[candidate]
recommended_experience = {{ value = "1 year.", confidence = "official", sources = ["G-X"] }}
aws_experience_years = {{ value = 1.0, confidence = "official", sources = ["G-X"] }}
main_services = {{ confidence = "unverified", note = "Not read." }}

[domains]
confidence = "official"
sources = ["G-X"]

[[domains.list]]
number = 1
name = "Design"
weight = 60

[[domains.list]]
number = 2
name = "Operate"
weight = 40
"#
    );
    for (from, to) in replace {
        assert!(text.contains(from), "the template has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    DataFile::new(format!("exams/{}.toml", code.to_ascii_lowercase()), text)
}

fn problems(files: &[DataFile]) -> String {
    match Catalog::from_files(SOURCES, files) {
        Ok(_) => "no problems".to_owned(),
        Err(err) => err.problems.iter().map(|p| format!("{p}\n")).collect(),
    }
}

#[test]
fn a_valid_file_loads() {
    let catalog = Catalog::from_files(SOURCES, &[exam("EXA-C01", &[])]).expect("valid");
    assert_eq!(catalog.codes().collect::<Vec<_>>(), ["EXA-C01"]);
}

#[test]
fn the_builtin_catalog_is_valid_and_complete() {
    let catalog = Catalog::builtin().expect("the built-in data is valid");
    let certifications = catalog.certifications();
    for id in [
        "cloud-practitioner",
        "ai-practitioner",
        "solutions-architect-associate",
        "developer-associate",
        "cloudops-engineer-associate",
        "data-engineer-associate",
        "machine-learning-engineer-associate",
        "solutions-architect-professional",
        "devops-engineer-professional",
        "generative-ai-developer-professional",
        "advanced-networking-specialty",
        "security-specialty",
        "machine-learning-specialty",
        "database-specialty",
        "data-analytics-specialty",
        "sap-on-aws-specialty",
        "ai-business-strategist",
    ] {
        assert!(certifications.contains(&id), "{id} is missing");
    }
    for code in [
        "CLF-C02", "AIF-C01", "AIB-C01", "SAA-C03", "DVA-C02", "DVA-C03", "SOA-C02", "SOA-C03",
        "DEA-C01", "MLA-C01", "MLA-C02", "SAP-C02", "SAP-C03", "DOP-C02", "AIP-C01", "ANS-C01",
        "SCS-C02", "SCS-C03", "MLS-C01", "DBS-C01", "DAS-C01", "PAS-C01",
    ] {
        assert!(catalog.exam(code).is_some(), "{code} is missing");
    }
}

#[test]
fn weights_that_do_not_sum_to_100_name_the_file_and_field() {
    let files = [exam("EXA-C01", &[("weight = 40", "weight = 38")])];
    insta::assert_snapshot!(problems(&files), @"exams/exa-c01.toml:25:1: field `domains.list`: domain weights sum to 98, expected 100
");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let files = [exam(
        "EXA-C01",
        &[
            ("number = 2", "number = 3"),
            ("value = 720", "value = 1200"),
            (
                "sources = [\"G-X\"] }\nlast_day",
                "sources = [\"G-Y\"] }\nlast_day",
            ),
            (
                r#"main_services = { confidence = "unverified", note = "Not read." }"#,
                r#"main_services = { confidence = "unverified" }"#,
            ),
        ],
    )];
    insta::assert_snapshot!(problems(&files), @r###"
    exams/exa-c01.toml:8:18: field `dates.available_from.sources`: unknown source `G-Y`; add it to sources.toml
    exams/exa-c01.toml:16:17: field `format.passing_score`: value 1200 is out of range; expected 100 to 1000
    exams/exa-c01.toml:23:17: field `candidate.main_services`: an unknown fact needs a `note` saying what is known ("AWS has not published ...")
    exams/exa-c01.toml:34:1: field `domains.list[1].number`: domain number is 3, expected 2: number the domains 1, 2, 3, ... in order
    "###);
}

#[test]
fn unknown_keys_and_values_are_errors_with_line_and_column() {
    let files = [exam("EXA-C01", &[("passing_score", "pasing_score")])];
    let text = problems(&files);
    assert!(
        text.starts_with("exams/exa-c01.toml:16:1: unknown field `pasing_score`, expected one of"),
        "{text}"
    );

    let files = [exam(
        "EXA-C01",
        &[(r#"tier = "associate""#, r#"tier = "expert""#)],
    )];
    let text = problems(&files);
    assert!(
        text.starts_with("exams/exa-c01.toml:4:8: unknown variant `expert`, expected one of"),
        "{text}"
    );
    assert!(text.contains("`foundational`"), "{text}");

    let files = [exam(
        "EXA-C01",
        &[(
            r#"confidence = "official", sources = ["G-X"] }"#,
            r#"confidence = "offical", sources = ["G-X"] }"#,
        )],
    )];
    assert!(problems(&files).contains("unknown variant `offical`"));
}

#[test]
fn a_fact_with_a_value_needs_a_source() {
    let files = [exam(
        "EXA-C01",
        &[(
            r#"{ value = 130, confidence = "secondary", sources = ["G-X"] }"#,
            r#"{ value = 130, confidence = "secondary" }"#,
        )],
    )];
    insta::assert_snapshot!(problems(&files), @"exams/exa-c01.toml:15:20: field `format.duration_minutes`: a fact with a value needs `sources`: the keys of the sources that state it
");
}

#[test]
fn codes_are_unique_and_match_the_file_name() {
    let mut second = exam("EXA-C01", &[]);
    second.path = "exams/exa-c01-copy.toml".into();
    insta::assert_snapshot!(problems(&[exam("EXA-C01", &[]), second]), @r###"
    exams/exa-c01-copy.toml:1:8: field `code`: the file for exam `EXA-C01` must be named `exa-c01.toml`, not `exa-c01-copy.toml`
    exams/exa-c01-copy.toml:1:8: field `code`: exam code `EXA-C01` is already used by exams/exa-c01.toml
    "###);
}

#[test]
fn successors_must_exist_and_not_predate_their_predecessor() {
    let successor =
        r#"successor = { value = "EXA-C2", confidence = "official", sources = ["G-X"] }"#;
    let files = [
        exam(
            "EXA-C01",
            &[(
                r#"successor = { confidence = "secondary", note = "No successor announced." }"#,
                successor,
            )],
        ),
        exam("EXA-C02", &[("2024-01-10", "2023-01-10")]),
    ];
    insta::assert_snapshot!(problems(&files), @"exams/exa-c01.toml:10:13: field `dates.successor`: successor `EXA-C2` is not an exam in the catalog (did you mean `EXA-C02`?)
");
    let successor =
        r#"successor = { value = "EXA-C02", confidence = "official", sources = ["G-X"] }"#;
    let files = [
        exam(
            "EXA-C01",
            &[(
                r#"successor = { confidence = "secondary", note = "No successor announced." }"#,
                successor,
            )],
        ),
        exam("EXA-C02", &[("2024-01-10", "2023-01-10")]),
    ];
    insta::assert_snapshot!(problems(&files), @"exams/exa-c01.toml:10:13: field `dates.successor`: successor `EXA-C02` is available from 2023-01-10, before this exam (2024-01-10)
");
}

#[test]
fn dates_are_ordered() {
    let last = r#"last_day = { value = 2023-06-30, confidence = "official", sources = ["G-X"] }"#;
    let files = [exam(
        "EXA-C01",
        &[(
            r#"last_day = { confidence = "secondary", note = "No retirement announced." }"#,
            last,
        )],
    )];
    insta::assert_snapshot!(problems(&files), @"exams/exa-c01.toml: field `dates.last_day`: the last day 2023-06-30 is before the first day 2024-01-10
");
}

#[test]
fn sources_must_be_https() {
    let sources = "[G-X]\ntitle = \"Guide\"\nurl = \"http://example.com/guide\"\n";
    let err = Catalog::from_files(sources, &[exam("EXA-C01", &[])]).unwrap_err();
    insta::assert_snapshot!(err.problems[0].to_string(), @"sources.toml:3:7: field `G-X.url`: source URL `http://example.com/guide` is not https; give the https address of the page");
}

#[test]
fn malformed_toml_is_located() {
    let files = [DataFile::new(
        "exams/exa-c01.toml",
        "code = \"EXA-C01\"\nname = [\n",
    )];
    let text = problems(&files);
    assert!(
        text.starts_with("exams/exa-c01.toml:2:9: unclosed array"),
        "{text}"
    );
}
