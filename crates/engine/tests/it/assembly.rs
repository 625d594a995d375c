//! Form assembly against the built-in catalog's SAA-C03.

use crate::bankgen::{Kind, Spec, saa_bank, saa_specs, saa_tasks};
use crate::saa;
use engine::{
    Answer, AssemblyError, Form, FormKind, FormShape, FormSpec, QuestionKind, Shortfall, Slots,
    assemble,
};
use std::collections::{BTreeMap, HashMap, HashSet};

fn by_id(bank: &[bank::Item]) -> HashMap<&str, &bank::Item> {
    bank.iter().map(|i| (i.id.as_str(), i)).collect()
}

fn scored_per_domain(form: &Form) -> Vec<usize> {
    (1..=4u8)
        .map(|d| {
            form.items()
                .iter()
                .filter(|i| i.scored() && i.domain() == d)
                .count()
        })
        .collect()
}

#[test]
fn a_full_saa_c03_form_has_the_catalogs_shape() {
    let bank = saa_bank([30, 30, 30, 30], [10, 10, 10, 10]);
    let form = assemble(&bank, saa(), &FormSpec::full(), 1).expect("assembles");
    assert_eq!(form.len(), 65);
    assert_eq!(form.scored_count(), 50);
    assert_eq!(form.minutes(), Some(130));
    assert_eq!(form.passing_score(), 720);
    assert_eq!(form.kind(), &FormKind::Full);
    assert_eq!(form.exam(), "SAA-C03");
    assert_eq!(scored_per_domain(&form), vec![15, 13, 12, 10]);

    let items = by_id(&bank);
    let ids: HashSet<&str> = form.item_ids().into_iter().collect();
    assert_eq!(ids.len(), 65, "no item twice");
    for item in form.items() {
        let status = items[item.id()].status;
        if item.scored() {
            assert_eq!(status, bank::Status::Reviewed, "{} scored", item.id());
        } else {
            // 40 drafts in the bank: every unscored slot is a draft.
            assert_eq!(status, bank::Status::Draft, "{} unscored", item.id());
        }
    }
    // The unscored questions follow the domain weights too (15 → 4.5/3.9/3.6/3.0 → 4/4/4/3).
    let unscored: Vec<usize> = (1..=4u8)
        .map(|d| {
            form.items()
                .iter()
                .filter(|i| !i.scored() && i.domain() == d)
                .count()
        })
        .collect();
    assert_eq!(unscored, vec![4, 4, 4, 3]);
}

#[test]
fn scored_and_unscored_questions_are_interleaved() {
    let bank = saa_bank([30, 30, 30, 30], [10, 10, 10, 10]);
    let form = assemble(&bank, saa(), &FormSpec::full(), 3).expect("assembles");
    let scored: Vec<bool> = form.items().iter().map(|i| i.scored()).collect();
    assert!(
        scored[..15].iter().any(|s| !s) || scored[50..].iter().any(|s| *s),
        "unscored questions are not all at the end"
    );
    let domains: Vec<u8> = form.items().iter().map(|i| i.domain()).collect();
    assert!(
        domains.windows(2).any(|w| w[0] > w[1]),
        "not sorted by domain"
    );
}

#[test]
fn the_same_seed_gives_the_same_form_whatever_the_bank_order() {
    let bank = saa_bank([25, 25, 25, 25], [6, 6, 6, 6]);
    let mut reversed = bank.clone();
    reversed.reverse();
    let a = assemble(&bank, saa(), &FormSpec::full(), 99).expect("assembles");
    let b = assemble(&bank, saa(), &FormSpec::full(), 99).expect("assembles");
    let c = assemble(&reversed, saa(), &FormSpec::full(), 99).expect("assembles");
    assert_eq!(a, b);
    assert_eq!(a, c);
    let other = assemble(&bank, saa(), &FormSpec::full(), 100).expect("assembles");
    assert_ne!(a.item_ids(), other.item_ids());
    assert_eq!(other.seed(), 100);
}

#[test]
fn a_form_survives_serialization() {
    let bank = saa_bank([20, 20, 20, 20], [5, 5, 5, 5]);
    let form = assemble(&bank, saa(), &FormSpec::full(), 5).expect("assembles");
    let json = serde_json::to_string(&form).expect("serializes");
    let back: Form = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, form);
}

#[test]
fn no_two_items_of_an_enemy_group_share_a_form() {
    // 40 reviewed items per domain; in each domain, items come in enemy groups of 4
    // (10 groups per domain), and one group spans domains 1 and 2.
    let mut specs = saa_specs([40, 40, 40, 40], [0, 0, 0, 0]);
    for (n, spec) in specs.iter_mut().enumerate() {
        let group = if n % 40 < 4 && spec.domain <= 2 {
            "shared".to_owned()
        } else {
            format!("g{}-{}", spec.domain, n % 10)
        };
        *spec = spec.clone().enemy(&group);
    }
    let mut bank: Vec<bank::Item> = specs.iter().map(Spec::build).collect();
    // Drafts without groups for the unscored slots.
    bank.extend((0..20).map(|n| {
        Spec::new(format!("draft-{n}"), (n % 4 + 1) as u8)
            .draft()
            .build()
    }));
    let items = by_id(&bank);
    for seed in 0..20 {
        let result = assemble(&bank, saa(), &FormSpec::full(), seed);
        // Domain 1 needs 15 items but has only 10 groups (+ the shared one): short.
        let Err(AssemblyError::Shortfall { shortfalls, .. }) = result else {
            panic!("expected a shortfall, got {result:?}");
        };
        assert!(
            shortfalls.iter().any(|s| s.slots == Slots::Domain(1)),
            "{shortfalls:?}"
        );
    }
    // A drill needs fewer than the groups: it assembles, one item per group.
    for seed in 0..20 {
        let form = assemble(&bank, saa(), &FormSpec::drill(3, 10), seed).expect("assembles");
        let groups: Vec<&str> = form
            .items()
            .iter()
            .filter_map(|i| items[i.id()].enemy.as_deref())
            .collect();
        let distinct: HashSet<&&str> = groups.iter().collect();
        assert_eq!(groups.len(), distinct.len(), "seed {seed}: {groups:?}");
        assert_eq!(form.len(), 10);
    }
}

#[test]
fn enemy_groups_on_full_forms() {
    // Pairs of enemies everywhere: every form has at most one of each pair.
    let mut specs = saa_specs([40, 40, 40, 40], [10, 10, 10, 10]);
    for (n, spec) in specs.iter_mut().enumerate() {
        *spec = spec.clone().enemy(&format!("pair-{}", n / 2));
    }
    let bank: Vec<bank::Item> = specs.iter().map(Spec::build).collect();
    let items = by_id(&bank);
    for seed in 0..10 {
        let form = assemble(&bank, saa(), &FormSpec::full(), seed).expect("assembles");
        let mut seen = HashSet::new();
        for item in form.items() {
            let group = items[item.id()].enemy.as_deref().expect("grouped");
            assert!(seen.insert(group), "seed {seed}: group {group} twice");
        }
        assert_eq!(form.len(), 65);
    }
}

#[test]
fn recently_seen_items_are_avoided_where_the_bank_allows() {
    let bank = saa_bank([30, 30, 30, 30], [10, 10, 10, 10]);
    let first = assemble(&bank, saa(), &FormSpec::full(), 11).expect("assembles");
    let recent: Vec<String> = first.item_ids().into_iter().map(str::to_owned).collect();
    let second =
        assemble(&bank, saa(), &FormSpec::full().avoiding(recent.clone()), 12).expect("assembles");
    let overlap: Vec<&str> = second
        .item_ids()
        .into_iter()
        .filter(|id| recent.iter().any(|r| r == id))
        .collect();
    assert!(overlap.is_empty(), "{overlap:?}");

    // When everything was seen, the form still assembles, from the items seen longest ago.
    let all: Vec<String> = bank.iter().map(|i| i.id.clone()).collect();
    let third = assemble(&bank, saa(), &FormSpec::full().avoiding(all), 13).expect("assembles");
    assert_eq!(third.len(), 65);

    // Domain 4 has 30 reviewed items; 25 seen recently, most recent first.
    let d4: Vec<String> = bank
        .iter()
        .filter(|i| i.placements[0].domain == 4 && i.status == bank::Status::Reviewed)
        .map(|i| i.id.clone())
        .collect();
    let seen: Vec<String> = d4[..25].to_vec();
    let drill = assemble(
        &bank,
        saa(),
        &FormSpec::drill(4, 8).avoiding(seen.clone()),
        14,
    )
    .expect("assembles");
    let ids = drill.item_ids();
    // The 5 fresh ones (tasks 4.2, 4.3, 4.4, 4.1, 4.2), then one each for the tasks with
    // fewest so far (4.1, 4.3, 4.4), each task's item seen longest ago: the list's last 3.
    for fresh in &d4[25..] {
        assert!(
            ids.contains(&fresh.as_str()),
            "{fresh} missing from {ids:?}"
        );
    }
    for old in &seen[22..] {
        assert!(ids.contains(&old.as_str()), "{old} missing from {ids:?}");
    }
}

#[test]
fn tasks_are_covered_evenly() {
    // Domain 3 has 5 tasks; 10 items each: a full form's 12 domain-3 items are 3/3/2/2/2.
    let bank = saa_bank([30, 30, 50, 30], [10, 10, 10, 10]);
    for seed in 0..10 {
        let form = assemble(&bank, saa(), &FormSpec::full(), seed).expect("assembles");
        let mut per_task: BTreeMap<&str, usize> = BTreeMap::new();
        for item in form
            .items()
            .iter()
            .filter(|i| i.scored() && i.domain() == 3)
        {
            *per_task.entry(item.task().expect("task")).or_default() += 1;
        }
        assert_eq!(per_task.len(), 5, "{per_task:?}");
        let (min, max) = (
            per_task.values().min().copied().unwrap_or(0),
            per_task.values().max().copied().unwrap_or(0),
        );
        assert!(max - min <= 1, "seed {seed}: {per_task:?}");
    }

    // A task with one item gets it; the others share the rest evenly.
    let mut specs: Vec<Spec> = Vec::new();
    specs.push(Spec::new("lonely-3.1", 3).task(Some("3.1")));
    for n in 0..40 {
        let task = saa_tasks(3)[1 + n % 4];
        specs.push(Spec::new(format!("d3-{n:02}"), 3).task(Some(task)));
    }
    specs.push(Spec::new("untasked", 3).task(None));
    let bank: Vec<bank::Item> = specs.iter().map(Spec::build).collect();
    let drill = assemble(&bank, saa(), &FormSpec::drill(3, 12), 2).expect("assembles");
    let mut per_task: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for item in drill.items() {
        *per_task.entry(item.task()).or_default() += 1;
    }
    assert_eq!(per_task[&Some("3.1")], 1);
    assert_eq!(
        per_task[&None], 1,
        "items without a task form their own group"
    );
    for task in &saa_tasks(3)[1..] {
        assert!(per_task[&Some(*task)] >= 2, "{per_task:?}");
    }
}

#[test]
fn fixed_options_stay_put_and_the_others_move() {
    let bank: Vec<bank::Item> = (0..8)
        .map(|n| {
            Spec::new(format!("fixed-{n}"), 1)
                .fixed_last()
                .key_at(n)
                .build()
        })
        .collect();
    let mut first_positions = HashSet::new();
    for seed in 0..30 {
        let form = assemble(&bank, saa(), &FormSpec::drill(1, 8), seed).expect("assembles");
        let mut attempt =
            engine::Attempt::new(form, engine::Mode::Exam, crate::START).expect("starts");
        attempt
            .apply(engine::Event::Submitted, crate::at(1))
            .expect("submits");
        for view in attempt.questions() {
            assert_eq!(view.options.len(), 5);
            assert_eq!(view.options[4].text, "None of the above.");
            first_positions.insert(view.options[0].text.clone());
        }
    }
    // The four movable options take turns at the top.
    assert!(first_positions.len() > 8, "{first_positions:?}");
}

#[test]
fn ordering_steps_are_never_shown_in_order() {
    let bank: Vec<bank::Item> = (0..20)
        .map(|n| {
            Spec::new(format!("order-{n}"), 2)
                .kind(Kind::Ordering)
                .build()
        })
        .collect();
    for seed in 0..20 {
        let form = assemble(&bank, saa(), &FormSpec::drill(2, 20), seed).expect("assembles");
        for item in form.items() {
            assert_eq!(item.kind(), QuestionKind::Ordering);
            assert_ne!(item.correct_answer(), Answer::Order(vec![0, 1, 2, 3]));
        }
    }
}

#[test]
fn the_shortfall_message_names_every_short_domain() {
    let bank = saa_bank([12, 20, 20, 3], [10, 10, 10, 10]);
    let err = assemble(&bank, saa(), &FormSpec::full(), 1).expect_err("too small");
    let message = err.to_string();
    assert!(
        message.contains("the bank has 12 of the 15 items needed for domain 1 of SAA-C03"),
        "{message}"
    );
    assert!(
        message.contains("the bank has 3 of the 10 items needed for domain 4 of SAA-C03"),
        "{message}"
    );
    assert!(!message.contains("domain 2"), "{message}");
    match err {
        AssemblyError::Shortfall { exam, shortfalls } => {
            assert_eq!(exam, "SAA-C03");
            assert_eq!(
                shortfalls,
                vec![
                    Shortfall {
                        exam: "SAA-C03".into(),
                        slots: Slots::Domain(1),
                        have: 12,
                        need: 15
                    },
                    Shortfall {
                        exam: "SAA-C03".into(),
                        slots: Slots::Domain(4),
                        have: 3,
                        need: 10
                    },
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn drafts_and_retired_items_never_fill_scored_slots() {
    // Domain 1: 10 reviewed, 20 drafts, 20 retired.
    let mut bank = saa_bank([10, 20, 20, 20], [20, 5, 5, 5]);
    bank.extend((0..20).map(|n| Spec::new(format!("retired-{n}"), 1).retired().build()));
    let err = assemble(&bank, saa(), &FormSpec::full(), 1).expect_err("too small");
    assert!(
        err.to_string()
            .contains("the bank has 10 of the 15 items needed for domain 1 of SAA-C03"),
        "{err}"
    );
    // A bank with no retired item on a form, whatever the seed.
    let mut bank = saa_bank([20, 20, 20, 20], [5, 5, 5, 5]);
    bank.extend((0..20).map(|n| Spec::new(format!("retired-{n}"), 1).retired().build()));
    for seed in 0..5 {
        let form = assemble(&bank, saa(), &FormSpec::full(), seed).expect("assembles");
        assert!(form.item_ids().iter().all(|id| !id.starts_with("retired")));
    }
}

#[test]
fn unscored_slots_fall_back_to_reviewed_items() {
    // No drafts: the 15 unscored questions come from reviewed items left over.
    let bank = saa_bank([20, 20, 20, 20], [0, 0, 0, 0]);
    let form = assemble(&bank, saa(), &FormSpec::full(), 4).expect("assembles");
    assert_eq!((form.len(), form.scored_count()), (65, 50));
    // Two drafts: both are used, the rest reviewed.
    let bank = saa_bank([20, 20, 20, 20], [1, 0, 1, 0]);
    let form = assemble(&bank, saa(), &FormSpec::full(), 4).expect("assembles");
    let drafts: Vec<&str> = form
        .item_ids()
        .into_iter()
        .filter(|id| id.contains("draft"))
        .collect();
    assert_eq!(drafts.len(), 2, "{drafts:?}");
    assert!(
        form.items()
            .iter()
            .filter(|i| i.id().contains("draft"))
            .all(|i| !i.scored())
    );
    // Not enough for the unscored slots: 50 reviewed + 10 drafts.
    let bank = saa_bank([15, 13, 12, 10], [10, 0, 0, 0]);
    let err = assemble(&bank, saa(), &FormSpec::full(), 4).expect_err("too small");
    assert_eq!(
        err.to_string(),
        "the bank has 10 of the 15 items needed for the unscored questions of SAA-C03; add reviewed items placed on SAA-C03 in those domains (drafts fill only unscored questions), or assemble a smaller custom form"
    );
}

#[test]
fn drills_reviews_and_custom_forms() {
    let bank = saa_bank([30, 30, 30, 30], [10, 10, 10, 10]);
    let drill = assemble(&bank, saa(), &FormSpec::drill(2, 10), 1).expect("assembles");
    assert_eq!(drill.kind(), &FormKind::Drill { domain: 2 });
    assert_eq!(drill.len(), 10);
    assert_eq!(drill.scored_count(), 10);
    assert!(drill.items().iter().all(|i| i.domain() == 2));
    assert!(drill.item_ids().iter().all(|id| !id.contains("draft")));
    assert_eq!(drill.minutes(), Some(20), "130 min / 65 questions × 10");

    let err = assemble(&bank, saa(), &FormSpec::drill(2, 31), 1).expect_err("too many");
    assert!(
        err.to_string()
            .starts_with("the bank has 30 of the 31 items needed for domain 2 of SAA-C03"),
        "{err}"
    );
    let err = assemble(&bank, saa(), &FormSpec::drill(7, 5), 1).expect_err("no domain 7");
    assert_eq!(
        err.to_string(),
        "SAA-C03 has no domain 7; its domains are 1, 2, 3 and 4"
    );
    let err = assemble(&bank, saa(), &FormSpec::drill(1, 0), 1).expect_err("nothing");
    assert_eq!(err, AssemblyError::NoQuestions);

    // Review: exactly the given items (drafts too), every one scored, in a shuffled order.
    let ids = [
        "saa-c03-d1-rev-0003",
        "saa-c03-d4-draft-0002",
        "saa-c03-d3-rev-0010",
        "saa-c03-d1-rev-0003",
    ];
    let review = assemble(&bank, saa(), &FormSpec::review(ids), 1).expect("assembles");
    let mut got = review.item_ids();
    got.sort_unstable();
    assert_eq!(
        got,
        vec![
            "saa-c03-d1-rev-0003",
            "saa-c03-d3-rev-0010",
            "saa-c03-d4-draft-0002"
        ]
    );
    assert_eq!(review.scored_count(), 3);
    let err = assemble(
        &bank,
        saa(),
        &FormSpec::review(["saa-c03-d1-rev-0003", "gone-1", "gone-2"]),
        1,
    )
    .expect_err("missing");
    assert_eq!(
        err.to_string(),
        "2 of the 3 items to review are not in the bank for SAA-C03 (removed, retired or placed on another exam): gone-1, gone-2; leave them out of the review"
    );

    // Custom: domains 1 and 3 (weights 30 and 24), 20 questions, 25 minutes.
    let custom =
        assemble(&bank, saa(), &FormSpec::custom(vec![1, 3], 20, Some(25)), 1).expect("assembles");
    assert_eq!(custom.kind(), &FormKind::Custom);
    assert_eq!(custom.minutes(), Some(25));
    let d1 = custom.items().iter().filter(|i| i.domain() == 1).count();
    let d3 = custom.items().iter().filter(|i| i.domain() == 3).count();
    assert_eq!((d1, d3), (11, 9));
    let err = assemble(&bank, saa(), &FormSpec::custom(vec![], 5, Some(0)), 1).expect_err("0");
    assert_eq!(err, AssemblyError::ZeroMinutes);
    assert!(matches!(
        FormSpec::custom(vec![], 5, None).shape,
        FormShape::Custom { minutes: None, .. }
    ));
}

#[test]
fn exams_without_the_facts_say_what_is_missing() {
    let catalog = crate::catalog();
    // SAA-C02's entry has no format facts.
    let old = catalog.exam("SAA-C02").expect("in the catalog");
    let bank = saa_bank([5, 5, 5, 5], [0, 0, 0, 0]);
    let err = assemble(&bank, old, &FormSpec::full(), 1).expect_err("no facts");
    assert!(err.to_string().contains("SAA-C02"), "{err}");
}

#[test]
fn multiple_response_questions_say_select_n() {
    let bank: Vec<bank::Item> = (0..4)
        .map(|n| {
            Spec::new(format!("multi-{n}"), 1)
                .kind(Kind::Multiple)
                .key_at(n)
                .build()
        })
        .collect();
    let form = assemble(&bank, saa(), &FormSpec::drill(1, 4), 8).expect("assembles");
    for item in form.items() {
        assert_eq!(item.select(), Some(2));
        let Answer::Choices(key) = item.correct_answer() else {
            panic!("choices");
        };
        assert_eq!(key.len(), 2);
    }
}
