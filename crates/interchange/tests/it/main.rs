//! The interchange crate through its public API: fixtures, round trips and bad input.

mod api;
mod bad_input;
mod fixtures;
mod round_trip;
mod scale;

use interchange::Imported;

/// A fixture file's text.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The bank items of `tests/fixtures/bank`, by file name.
pub fn bank_items() -> Vec<bank::Item> {
    let dir = format!("{}/tests/fixtures/bank", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let result = bank::parse(&bank::SourceFile::new(name, text));
            assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
            match result.parsed {
                Some(bank::Parsed::Item(item)) => *item,
                other => panic!("not an item: {other:?}"),
            }
        })
        .collect()
}

/// An import as text: each item in the authoring format, then the notes.
pub fn render(imported: &Imported) -> String {
    let mut out = String::new();
    for item in &imported.items {
        out.push_str(&format!("==> {} <==\n", item.id));
        out.push_str(&bank::write_item(item));
        out.push('\n');
    }
    out.push_str("==> notes <==\n");
    for note in &imported.notes {
        out.push_str(&format!("{note}\n"));
    }
    out
}

/// proptest's configuration with `cases` cases, unless `PROPTEST_CASES` asks for another count.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    proptest::test_runner::Config {
        cases,
        ..proptest::test_runner::Config::default()
    }
}
