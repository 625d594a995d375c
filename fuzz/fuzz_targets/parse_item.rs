//! The bank parser: any UTF-8 input gives a result with diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let result = bank::parse(&bank::SourceFile::new("fuzz.md", text));
    if let Some(bank::Parsed::Item(item)) = result.parsed {
        let _ = bank::write_item(&item);
    }
});
