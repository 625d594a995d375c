//! A new form avoids the questions of the owner's recent attempts at the exam, read from each
//! attempt's row: the outline this version stores, or the whole form earlier versions stored.

use attempts::{Attempts, StartSpec};
use engine::{FormShape, FormSpec, Mode};
use std::collections::HashSet;
use storage::{NewAttempt, Storage};
use storage_sqlite::SqliteStorage;
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-12-02 09:00 UTC);

/// 20 questions from every domain: few enough that the bank can leave out recent ones.
fn twenty() -> FormShape {
    FormShape::Custom {
        domains: Vec::new(),
        count: 20,
        minutes: None,
    }
}

fn practice(seed: u64) -> StartSpec {
    StartSpec {
        exam: "CLF-C02".into(),
        mode: Mode::Practice { timed: false },
        shape: twenty(),
        seed: Some(seed),
    }
}

fn ids(live: &attempts::Live) -> HashSet<String> {
    live.attempt
        .form()
        .item_ids()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

struct Setup {
    catalog: catalog::Catalog,
    items: Vec<bank::Item>,
}

fn setup() -> Setup {
    let catalog = catalog::Catalog::builtin().unwrap();
    let bank = bank::load(
        &builtin_bank::files(),
        &bank::LintContext::new(&catalog, NOW.date()),
    );
    Setup {
        items: bank.usable_items(),
        catalog,
    }
}

#[test]
fn the_row_keeps_an_outline_not_the_whole_form() {
    let s = setup();
    let store = SqliteStorage::open_in_memory().unwrap();
    let attempts = Attempts::new(&store, &s.catalog, &s.items, Some("ana"));
    let live = attempts.start(practice(1), NOW).unwrap();
    let stored = store.attempt(&live.id).unwrap().expect("stored");
    let outline: serde_json::Value = serde_json::from_str(&stored.attempt.outline).unwrap();
    let listed: Vec<&str> = outline["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|id| id.as_str().expect("an id"))
        .collect();
    assert_eq!(listed, live.attempt.form().item_ids());
    // The whole form is in the first event only, and is many times larger.
    assert!(stored.events[0].event.len() > 20 * stored.attempt.outline.len());
}

#[test]
fn a_new_form_avoids_the_questions_of_recent_attempts_in_either_kind_of_row() {
    let s = setup();
    for legacy in [false, true] {
        // A second owner with no history starts the same seed: the overlap to beat.
        let fresh_store = SqliteStorage::open_in_memory().unwrap();
        let fresh = Attempts::new(&fresh_store, &s.catalog, &s.items, Some("bo"));
        let store = SqliteStorage::open_in_memory().unwrap();
        let attempts = Attempts::new(&store, &s.catalog, &s.items, Some("ana"));
        let first: HashSet<String> = if legacy {
            // A row as earlier versions wrote it: the whole form as JSON.
            let clf = s.catalog.exam("CLF-C02").unwrap();
            let spec = FormSpec {
                shape: twenty(),
                recent: Vec::new(),
            };
            let form = engine::assemble(&s.items, clf, &spec, 1).unwrap();
            let seen: HashSet<String> = form.item_ids().into_iter().map(str::to_owned).collect();
            store
                .create_attempt(&NewAttempt {
                    id: "legacy".into(),
                    user: Some("ana".into()),
                    exam: "CLF-C02".into(),
                    mode: "practice".into(),
                    seed: 1,
                    outline: serde_json::to_string(&form).unwrap(),
                    started_at: NOW,
                    deadline: None,
                })
                .unwrap();
            seen
        } else {
            ids(&attempts.start(practice(1), NOW).unwrap())
        };
        let second = ids(&attempts.start(practice(2), NOW).unwrap());
        let control = ids(&fresh.start(practice(2), NOW).unwrap());
        let avoided = second.intersection(&first).count();
        let by_chance = control.intersection(&first).count();
        assert!(
            avoided < by_chance,
            "legacy row {legacy}: {avoided} questions again, {by_chance} without the history"
        );
    }
}
