//! `certpath bank import` and `bank export` on real files.

use crate::{ok, run};

fn fixtures(name: &str) -> String {
    format!(
        "{}/../bank/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn export_then_import_keeps_the_items_for_every_format() {
    for (format, extension) in [
        ("gift", "gift"),
        ("moodle-xml", "xml"),
        ("csv", "csv"),
        ("simulator-json", "json"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(format!("bank.{extension}"));
        let exported = ok(&[
            "bank",
            "export",
            "--to",
            format,
            &fixtures("valid"),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(exported.contains("Exported"), "{exported}");
        let imported = dir.path().join("imported");
        let text = ok(&[
            "bank",
            "import",
            "--from",
            format,
            out.to_str().unwrap(),
            "--out",
            imported.to_str().unwrap(),
            "--exam",
            "CLF-C02",
            "--domain",
            "2",
        ]);
        assert!(text.contains("Imported 3 items"), "{format}: {text}");
        let lint = run(&[
            "bank",
            "lint",
            imported.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let report: serde_json::Value = serde_json::from_str(&lint.stdout).unwrap();
        // CSV carries the item's `case`, which names a case file the export does not include.
        let errors: Vec<&serde_json::Value> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                d["severity"] == "error" && !(format == "csv" && d["name"] == "unknown-case")
            })
            .collect();
        assert!(errors.is_empty(), "{format}: {errors:#?}");
    }
}

#[test]
fn qti_exports_to_a_folder_and_imports_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("qti");
    ok(&[
        "bank",
        "export",
        "--to",
        "qti3",
        &fixtures("valid"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(out.join("imsmanifest.xml").exists());
    let imported = dir.path().join("in");
    let text = ok(&[
        "bank",
        "import",
        "--from",
        "qti3",
        out.to_str().unwrap(),
        "--out",
        imported.to_str().unwrap(),
    ]);
    assert!(text.contains("Imported 3 items from 3 files"), "{text}");
}

#[test]
fn unsupported_questions_are_reported_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("mixed.gift");
    std::fs::write(
        &gift,
        "::q1:: Which service stores objects? {=Amazon S3 #Object storage. ~Amazon EBS #Block storage. ~Amazon EFS #Files. ~Instance store #Ephemeral.}\n\n::q2:: AWS is a cloud provider. {TRUE}\n\n::q3:: How many Availability Zones does a Region have at least? {#3}\n",
    )
    .unwrap();
    let out = run(&[
        "bank",
        "import",
        "--from",
        "gift",
        gift.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status(), 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Imported 1 item from 1 file")
            && out.stdout.contains("2 questions skipped"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("skipped"), "{}", out.stderr);
    assert!(
        out.stderr.contains("question 2"),
        "positions are named: {}",
        out.stderr
    );
}

#[test]
fn existing_files_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("one.gift");
    std::fs::write(&gift, "::q1:: Which service stores objects? {=Amazon S3 ~Amazon EBS ~Amazon EFS ~Instance store}\n").unwrap();
    let out_dir = dir.path().join("o");
    ok(&[
        "bank",
        "import",
        "--from",
        "gift",
        gift.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let second = ok(&[
        "bank",
        "import",
        "--from",
        "gift",
        gift.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(second.contains("1 not written (files exist)"), "{second}");
    let export = dir.path().join("x.csv");
    std::fs::write(&export, "keep me").unwrap();
    let refused = run(&[
        "bank",
        "export",
        "--to",
        "csv",
        &fixtures("valid"),
        "--out",
        export.to_str().unwrap(),
    ]);
    assert_eq!(refused.status(), 2);
    assert_eq!(std::fs::read_to_string(&export).unwrap(), "keep me");
}

#[test]
fn anki_export_of_the_questions_missed_in_an_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let db = db.to_str().unwrap();
    let started: serde_json::Value = serde_json::from_str(&ok(&[
        "--database",
        db,
        "attempt",
        "start",
        "CLF-C02",
        "--mode",
        "drill",
        "--domain",
        "4",
        "--count",
        "3",
        "--json",
    ]))
    .unwrap();
    let id = started["id"].as_str().unwrap();
    ok(&["--database", db, "attempt", "submit", id]);
    let out = dir.path().join("missed.txt");
    let text = ok(&[
        "--database",
        db,
        "bank",
        "export",
        "--to",
        "anki",
        "--missed",
        id,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(text.contains("Exported 3 items"), "{text}");
    let cards = std::fs::read_to_string(&out).unwrap();
    assert!(cards.starts_with("#separator:tab"), "{cards}");
    assert_eq!(cards.lines().filter(|l| !l.starts_with('#')).count(), 3);
}

#[test]
fn anki_cannot_be_imported() {
    let out = run(&[
        "bank",
        "import",
        "--from",
        "anki",
        "x.txt",
        "--out",
        "/tmp/never",
    ]);
    assert_eq!(out.status(), 2);
    assert!(out.stderr.contains("export-only"), "{}", out.stderr);
}
