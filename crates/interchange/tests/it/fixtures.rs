//! Fixture files written from each format's specification, imported and snapshotted, and the
//! bank fixtures exported to every format.

use crate::{bank_items, fixture, render};
use interchange::{Format, ImportOptions, Imported, NoteSeverity, export, export_files, import};

fn options(name: &str) -> ImportOptions {
    ImportOptions::new(name, "certpath importer")
}

/// Imports a fixture, checks every item writes as a bank file that parses back cleanly and
/// holds no script, and returns the import.
fn imported(format: Format, name: &str, options: &ImportOptions) -> Imported {
    let imported = import(format, &fixture(name), options).unwrap();
    for item in &imported.items {
        let text = bank::write_item(item);
        let lower = text.to_ascii_lowercase();
        for unsafe_text in ["<script", "alert(", "onclick", "document.cookie"] {
            assert!(!lower.contains(unsafe_text), "{text}");
        }
        let parsed = bank::parse(&bank::SourceFile::new("x.md", text.clone()));
        // Unplaced items are written with `exams = []`, which the bank asks the author to fill.
        let unplaced =
            |d: &bank::Diagnostic| item.placements.is_empty() && d.message.contains("`exams`");
        assert!(
            parsed.diagnostics.iter().all(unplaced),
            "{text}\n{:?}",
            parsed.diagnostics
        );
        match parsed.parsed {
            Some(bank::Parsed::Item(back)) => {
                assert_eq!(back.stem, item.stem);
                assert_eq!(back.choices().len(), item.choices().len());
                assert_eq!(back.key_count(), item.key_count());
            }
            other => panic!("{other:?}"),
        }
    }
    imported
}

fn skipped(imported: &Imported) -> usize {
    imported
        .notes
        .iter()
        .filter(|n| n.severity == NoteSeverity::Skipped)
        .count()
}

#[test]
fn gift() {
    let imported = imported(
        Format::Gift,
        "questions.gift",
        &options("questions.gift").placed("CLF-C02", 2),
    );
    assert_eq!(imported.items.len(), 6);
    // true/false, short answer, numerical, matching, essay, description, unclosed block
    assert_eq!(skipped(&imported), 7);
    insta::assert_snapshot!("import-gift", render(&imported));
}

#[test]
fn moodle_xml() {
    let imported = imported(Format::MoodleXml, "quiz.xml", &options("quiz.xml"));
    assert_eq!(imported.items.len(), 3);
    assert_eq!(skipped(&imported), 4);
    insta::assert_snapshot!("import-moodle-xml", render(&imported));
}

#[test]
fn qti3_single_item() {
    let imported = imported(
        Format::Qti3,
        "item.qti3.xml",
        &options("kms-key-rotation.xml").placed("SCS-C02", 5),
    );
    assert_eq!(imported.items.len(), 1);
    assert_eq!(imported.items[0].id, "kms-key-rotation");
    insta::assert_snapshot!("import-qti3-item", render(&imported));
}

#[test]
fn qti3_items_under_a_wrapper() {
    let imported = imported(Format::Qti3, "items.qti3.xml", &options("items.qti3.xml"));
    assert_eq!(imported.items.len(), 1);
    assert_eq!(skipped(&imported), 2);
    insta::assert_snapshot!("import-qti3-items", render(&imported));
}

#[test]
fn qti21() {
    let imported = imported(
        Format::Qti21,
        "items.qti21.xml",
        &options("items.qti21.xml"),
    );
    assert_eq!(imported.items.len(), 2);
    assert_eq!(skipped(&imported), 1);
    insta::assert_snapshot!("import-qti21", render(&imported));
}

#[test]
fn csv() {
    let imported = imported(
        Format::Csv,
        "questions.csv",
        &options("questions.csv").placed("CLF-C02", 3),
    );
    assert_eq!(imported.items.len(), 4);
    assert_eq!(skipped(&imported), 1);
    insta::assert_snapshot!("import-csv", render(&imported));
}

#[test]
fn simulator_json() {
    let imported = imported(Format::SimulatorJson, "exam.json", &options("exam.json"));
    assert_eq!(imported.items.len(), 3);
    assert_eq!(skipped(&imported), 2);
    insta::assert_snapshot!("import-simulator-json", render(&imported));
}

fn notes_text(notes: &[interchange::ImportNote]) -> String {
    notes.iter().map(|n| format!("{n}\n")).collect()
}

#[test]
fn exports_of_the_bank_fixtures() {
    let items = bank_items();
    for format in [
        Format::Gift,
        Format::MoodleXml,
        Format::Csv,
        Format::SimulatorJson,
        Format::Anki,
    ] {
        let exported = export(format, &items).unwrap();
        insta::assert_snapshot!(
            format!("export-{}", format.as_str()),
            format!(
                "{}==> notes <==\n{}",
                exported.text,
                notes_text(&exported.notes)
            )
        );
    }
    for format in [Format::Qti3, Format::Qti21] {
        let exported = export_files(format, &items).unwrap();
        let mut text = String::new();
        for file in &exported.files {
            text.push_str(&format!("==> {} <==\n{}", file.path, file.text));
        }
        insta::assert_snapshot!(
            format!("export-{}", format.as_str()),
            format!("{text}==> notes <==\n{}", notes_text(&exported.notes))
        );
    }
}

#[test]
fn exports_of_the_bank_fixtures_import_back() {
    let items = bank_items();
    let choice: Vec<&bank::Item> = items
        .iter()
        .filter(|i| matches!(i.body, bank::Body::Choices(_)))
        .collect();
    for format in Format::ALL.into_iter().filter(|f| f.can_import()) {
        let files = export_files(format, &items).unwrap();
        let mut back = Vec::new();
        for file in files.files.iter().filter(|f| f.path != "imsmanifest.xml") {
            let imported = import(format, &file.text, &options(&file.path)).unwrap();
            // Shuffling off (for the fixed option) is the one loss a re-import reports.
            assert!(
                imported
                    .notes
                    .iter()
                    .all(|n| n.message.starts_with("answer shuffling is off")),
                "{format}: {:?}",
                imported.notes
            );
            back.extend(imported.items);
        }
        assert_eq!(back.len(), choice.len(), "{format}");
        for (before, after) in choice.iter().zip(&back) {
            assert_eq!(after.item_type, before.item_type, "{format}");
            let links = |item: &bank::Item| -> Vec<(Option<String>, String)> {
                item.references
                    .iter()
                    .map(|r| (r.title.clone(), r.url.clone()))
                    .collect()
            };
            assert_eq!(links(after), links(before), "{format}");
            let texts = |item: &bank::Item| -> Vec<(String, bool)> {
                item.choices()
                    .iter()
                    .map(|c| (c.text.clone(), c.correct))
                    .collect()
            };
            assert_eq!(texts(after), texts(before), "{format}");
        }
    }
}
