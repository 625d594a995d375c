//! The public API's edges: names, errors, ids and placements.

use crate::{bank_items, fixture};
use interchange::{
    ExportError, Format, ImportError, ImportOptions, NoteSeverity, export, export_files, import,
};

#[test]
fn format_names_round_trip() {
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.as_str()), Some(format));
        assert!(format.can_export());
    }
    assert_eq!(Format::from_name("moodle-xml"), Some(Format::MoodleXml));
    assert_eq!(Format::from_name("xml"), None);
    assert!(!Format::Anki.can_import());
    assert!(Format::Qti3.exports_to_folder() && !Format::Gift.exports_to_folder());
    assert_eq!(Format::SimulatorJson.to_string(), "exam-simulator JSON");
}

#[test]
fn anki_cannot_be_imported() {
    let err = import(Format::Anki, "", &ImportOptions::default()).unwrap_err();
    assert_eq!(
        err,
        ImportError::ExportOnly {
            format: Format::Anki
        }
    );
    assert_eq!(
        err.to_string(),
        "Anki files cannot be imported; certpath only exports them"
    );
}

#[test]
fn qti_writes_one_item_per_document() {
    let items = bank_items();
    let err = export(Format::Qti3, &items).unwrap_err();
    assert_eq!(
        err,
        ExportError::OneItemPerDocument {
            format: Format::Qti3,
            count: 2
        }
    );
    assert!(err.to_string().contains("export to a folder"), "{err}");
    let one = export(Format::Qti21, &items[..1]).unwrap();
    assert!(one.text.contains("<assessmentItem"));
    let files = export_files(Format::Qti3, &items).unwrap();
    let paths: Vec<&str> = files.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "imsmanifest.xml",
            "clf-c02-cloudtrail-01.xml",
            "saa-c03-s3-public-01.xml"
        ]
    );
    assert!(
        files.files[0]
            .text
            .contains(r#"href="saa-c03-s3-public-01.xml""#)
    );
    let gift = export_files(Format::Gift, &items).unwrap();
    assert_eq!(gift.files.len(), 1);
    assert_eq!(gift.files[0].path, "questions.gift");
}

#[test]
fn ordering_items_are_reported_not_dropped() {
    let items = bank_items();
    for format in Format::ALL {
        let notes = export_files(format, &items).unwrap().notes;
        let note = notes
            .iter()
            .find(|n| n.position == "item aif-c01-ml-steps-01")
            .unwrap_or_else(|| panic!("{format}: {notes:?}"));
        assert_eq!(note.severity, NoteSeverity::Skipped);
    }
}

#[test]
fn ids_are_unique_and_placements_follow_the_options() {
    let text = "::Q::Pick one.{=a ~b}\n\n::Q::Pick one.{=a ~b}\n\nPick one.{=a ~b}\n";
    let options = ImportOptions::new("dir/My Quiz.gift", "me").placed("SAA-C03", 3);
    let imported = import(Format::Gift, text, &options).unwrap();
    let ids: Vec<&str> = imported.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["my-quiz-q", "my-quiz-q-2", "my-quiz-03"]);
    for item in &imported.items {
        assert_eq!(item.status, bank::Status::Draft);
        assert_eq!(item.author, "me");
        assert_eq!(item.file, "dir/My Quiz.gift");
        assert_eq!(item.placements.len(), 1);
        assert_eq!(item.placements[0].exam, "SAA-C03");
        assert_eq!(item.placements[0].domain, 3);
    }
    let unplaced = import(Format::Gift, text, &ImportOptions::new("q.gift", "me")).unwrap();
    assert!(unplaced.items.iter().all(|i| i.placements.is_empty()));
    let mut half = ImportOptions::new("q.gift", "me");
    half.exam = Some("SAA-C03".into());
    let half = import(Format::Gift, text, &half).unwrap();
    assert_eq!(half.notes[0].position, "file");
    assert!(half.items.iter().all(|i| i.placements.is_empty()));
}

#[test]
fn unreadable_files_are_errors_with_a_place() {
    let options = ImportOptions::new("bad", "me");
    let err = import(Format::MoodleXml, "<quiz>\n  <question>\n</quiz>", &options).unwrap_err();
    assert!(
        matches!(err, ImportError::Syntax { line: 3, .. }),
        "{err:?}"
    );
    let err = import(Format::SimulatorJson, "{\n  \"test\": [,]\n}", &options).unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Syntax {
                line: 2,
                column: 12,
                ..
            }
        ),
        "{err:?}"
    );
    let err = import(Format::Csv, "question,answer\nx,y\n", &options).unwrap_err();
    assert!(err.to_string().contains("no `stem` column"), "{err}");
    let err = import(Format::Qti3, "<html><body/></html>", &options).unwrap_err();
    assert!(matches!(err, ImportError::NotThisFormat { .. }), "{err:?}");
    let err = import(Format::MoodleXml, &fixture("item.qti3.xml"), &options).unwrap_err();
    assert!(
        err.to_string()
            .contains("root element is <qti-assessment-item>"),
        "{err}"
    );
}

#[test]
fn gift_partial_credit_in_a_single_answer_question_is_a_warning() {
    let text = "::w::Which?{=right ~%50%half ~wrong ~%-100%bad}";
    let imported = import(Format::Gift, text, &ImportOptions::new("w.gift", "me")).unwrap();
    let messages: Vec<&str> = imported.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        messages[0].starts_with("partial credit dropped: AWS gives none"),
        "{messages:?}"
    );
    assert_eq!(imported.items[0].key_count(), 1);
    assert_eq!(imported.items[0].item_type, bank::ItemType::Single);
}

#[test]
fn gift_multiple_answer_weights_give_the_key() {
    let text = "::m::Which two?{~%50%a ~%50%b ~%-50%c ~%-100%d ~%0%e}";
    let imported = import(Format::Gift, text, &ImportOptions::new("m.gift", "me")).unwrap();
    let item = &imported.items[0];
    assert_eq!(item.item_type, bank::ItemType::Multiple);
    let key: Vec<bool> = item.choices().iter().map(|c| c.correct).collect();
    assert_eq!(key, [true, true, false, false, false]);
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}
