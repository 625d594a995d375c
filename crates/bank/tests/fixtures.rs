//! Fixture files: valid ones lint clean, invalid ones produce the snapshotted diagnostics.

use bank::{LintContext, SourceFile, load};
use catalog::Catalog;
use std::path::Path;

fn lint_one(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let name = format!(
        "{}/{}",
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let catalog = Catalog::builtin().expect("catalog");
    let context = LintContext::new(&catalog, time::macros::date!(2026 - 12 - 01));
    let bank = load(&[SourceFile::new(name, text)], &context);
    bank.diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn valid_fixtures_lint_clean_together() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        files.push(SourceFile::new(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let catalog = Catalog::builtin().unwrap();
    let bank = load(
        &files,
        &LintContext::new(&catalog, time::macros::date!(2026 - 12 - 01)),
    );
    let shown: Vec<String> = bank.diagnostics.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "{shown:#?}");
    assert_eq!(bank.items.len(), 5);
    assert_eq!(bank.cases.len(), 1);
}

#[test]
fn invalid_fixtures() {
    insta::glob!("fixtures/invalid/*.md", |path| {
        insta::assert_snapshot!(lint_one(path));
    });
}

#[test]
fn the_builtin_list_of_renamed_services_loads() {
    let list = bank::builtin_renamed_services();
    assert!(list.len() >= 15, "{} entries", list.len());
    assert!(list.iter().all(|s| s.source.starts_with("https://")));
    assert!(list.iter().any(|s| s.name == "Amazon Kinesis Data Firehose"
        && s.current.as_deref() == Some("Amazon Data Firehose")));
}
