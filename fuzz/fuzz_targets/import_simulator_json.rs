//! exam-simulator JSON import: any UTF-8 input gives Ok or Err, never a panic, and whatever is imported writes out
//! in the bank's authoring format and exports again.
#![no_main]

use interchange::{Format, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = ImportOptions::new("fuzz", "fuzz").placed("CLF-C02", 1);
    if let Ok(imported) = interchange::import(Format::SimulatorJson, text, &options) {
        for item in &imported.items {
            let _ = bank::write_item(item);
        }
        let _ = interchange::export(Format::SimulatorJson, &imported.items);
    }
});
