//! Performance sanity: a large file imports (no timing is asserted).

use interchange::{Format, ImportOptions, import};

#[test]
fn ten_thousand_gift_questions_import() {
    let mut text = String::new();
    for n in 0..10_000 {
        text.push_str(&format!(
            "// question {n}\n::q{n}::Which service stores objects (case {n})?{{\n  =Amazon S3#Object storage.\n  ~Amazon EBS#Block storage.\n  ~Amazon EFS\n  ~Amazon FSx\n  ####S3 stores objects in buckets.\n}}\n\n"
        ));
    }
    let imported = import(Format::Gift, &text, &ImportOptions::new("big.gift", "me")).unwrap();
    assert_eq!(imported.items.len(), 10_000);
    assert!(imported.notes.is_empty());
}
