//! Form assembly from a generated bank of 10,000 items: `cargo bench -p engine --bench assemble`.
//!
//! The bank is SAA-C03-shaped: 9,000 reviewed and 1,000 draft items over the four domains in
//! proportion to their weights, tasks in turn, every kind of question, a third of the items
//! in enemy pairs. The items are written in the bank's text format and parsed once, before
//! timing; what is timed is `engine::assemble` of a full 65-question form.

#[path = "../tests/it/bankgen.rs"]
mod bankgen;

use catalog::Catalog;
use engine::{FormSpec, assemble};
use std::hint::black_box;

fn main() {
    divan::main();
}

fn bank() -> Vec<bank::Item> {
    let mut specs = bankgen::saa_specs([2700, 2340, 2160, 1800], [300, 260, 240, 200]);
    for (n, spec) in specs.iter_mut().enumerate() {
        if n % 3 == 0 {
            *spec = spec.clone().enemy(&format!("pair-{}", n / 6));
        }
    }
    assert_eq!(specs.len(), 10_000);
    specs.iter().map(bankgen::Spec::build).collect()
}

#[divan::bench(sample_count = 50)]
fn full_form_from_10000_items(bencher: divan::Bencher) {
    let bank = bank();
    let catalog = Catalog::builtin().expect("catalog");
    let saa = catalog.exam("SAA-C03").expect("SAA-C03");
    let spec = FormSpec::full();
    let mut seed = 0u64;
    bencher.bench_local(|| {
        seed += 1;
        assemble(black_box(&bank), saa, &spec, black_box(seed)).expect("assembles")
    });
}

#[divan::bench(sample_count = 50)]
fn full_form_avoiding_650_recent_items(bencher: divan::Bencher) {
    let bank = bank();
    let catalog = Catalog::builtin().expect("catalog");
    let saa = catalog.exam("SAA-C03").expect("SAA-C03");
    // The ids of ten earlier forms.
    let recent: Vec<String> = (0..10)
        .flat_map(|seed| {
            assemble(&bank, saa, &FormSpec::full(), 1_000 + seed)
                .expect("assembles")
                .item_ids()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let spec = FormSpec::full().avoiding(recent);
    let mut seed = 0u64;
    bencher.bench_local(|| {
        seed += 1;
        assemble(black_box(&bank), saa, &spec, black_box(seed)).expect("assembles")
    });
}
