//! The built-in bank lints clean against the built-in catalog, and holds a full form per exam.

use bank::{LintContext, Status, coverage, load};
use catalog::Catalog;

#[test]
fn the_builtin_bank_has_no_errors_and_no_warnings() {
    let catalog = Catalog::builtin().unwrap();
    let bank = load(
        &builtin_bank::files(),
        &LintContext::new(&catalog, time::macros::date!(2026 - 12 - 01)),
    );
    let shown: Vec<String> = bank.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        shown.is_empty(),
        "{} problems:\n{}",
        shown.len(),
        shown.join("\n")
    );
}

#[test]
fn each_exam_has_one_full_form_by_domain() {
    let catalog = Catalog::builtin().unwrap();
    let bank = load(
        &builtin_bank::files(),
        &LintContext::new(&catalog, time::macros::date!(2026 - 12 - 01)),
    );
    let usable: Vec<bank::Item> = bank
        .items
        .into_iter()
        .filter(|i| i.status != Status::Retired)
        .collect();
    for exam in [
        "CLF-C02", "AIF-C01", "SAA-C03", "SOA-C03", "DVA-C03", "DEA-C01",
    ] {
        let c = coverage(&usable, &catalog, 1)
            .into_iter()
            .find(|c| c.exam == exam)
            .unwrap_or_else(|| panic!("no {exam} items"));
        let short: Vec<String> = c
            .domains
            .iter()
            .filter(|d| d.needed > 0)
            .map(|d| format!("domain {} needs {} more", d.number, d.needed))
            .collect();
        assert!(short.is_empty(), "{exam}: {}", short.join(", "));
    }
}
