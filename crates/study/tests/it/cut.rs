use crate::common;
use irt::ItemParams;
use study::{
    CalibratedItem, FormQuestion, ReadinessError, ReadinessModel, ReadinessOptions, ReferenceForm,
};

#[test]
fn symmetric_rasch_bank_has_its_cut_at_zero() {
    // TCC(0) = σ(1) + σ(0) + σ(−1) = 1.5 exactly, by symmetry.
    let items = [
        ItemParams::rasch(-1.0),
        ItemParams::rasch(0.0),
        ItemParams::rasch(1.0),
    ];
    assert!((study::expected_score(&items, 0.0) - 1.5).abs() < 1e-15);
    let theta_c = study::theta_cut(&items, 1.5).unwrap();
    assert!(theta_c.abs() < 1e-10, "{theta_c}");
}

#[test]
fn two_item_cut_matches_a_hand_computed_tcc() {
    // Item A: a = 1.5, b = 0.2; item B: a = 0.8, b = −0.5; Angoff ratings .679 and .723,
    // so the cut is 1.402.
    //
    // By hand at θ = 0.7: P_A = σ(1.5 × 0.5) = σ(0.75) = 0.679178699,
    // P_B = σ(0.8 × 1.2) = σ(0.96) = 0.723121805; TCC(0.7) = 1.402300504.
    // TCC′(0.7) = 1.5 P_A (1 − P_A) + 0.8 P_B (1 − P_B) = 0.326846 + 0.160170 = 0.487016.
    // One Newton step: θ_c ≈ 0.7 − 0.000300504 / 0.487016 = 0.699383 (the curve is nearly
    // straight over 0.0006, so the step is accurate to ~1e-7).
    let a = ItemParams::two_pl(1.5, 0.2);
    let b = ItemParams::two_pl(0.8, -0.5);
    assert!((a.probability(0.7) - 0.679_178_699).abs() < 1e-9);
    assert!((b.probability(0.7) - 0.723_121_805).abs() < 1e-9);
    let theta_c = study::theta_cut(&[a, b], 1.402).unwrap();
    assert!((theta_c - 0.699_383).abs() < 1e-5, "{theta_c}");
    assert!((study::expected_score(&[a, b], theta_c) - 1.402).abs() < 1e-10);

    // The model finds the same cut from the form's Angoff ratings.
    let items = [
        CalibratedItem::new("A", 1, a),
        CalibratedItem::new("B", 2, b),
    ];
    let form = ReferenceForm {
        questions: vec![FormQuestion::new("A", 0.679), FormQuestion::new("B", 0.723)],
        passing_score: 720,
    };
    let model = ReadinessModel::new(&items, &form, ReadinessOptions::default()).unwrap();
    assert!((model.theta_cut() - theta_c).abs() < 1e-10);
    assert!((model.scale().cut() - 1.402).abs() < 1e-12);
    assert_eq!(model.scale().raw_max(), 2);
    assert!((model.expected_raw(model.theta_cut()) - 1.402).abs() < 1e-10);
}

#[test]
fn ratings_are_rounded_to_thousandths_like_the_engine() {
    let items: Vec<CalibratedItem> = (0..4)
        .map(|i| CalibratedItem::new(format!("q{i}"), 1, ItemParams::rasch(f64::from(i) - 1.5)))
        .collect();
    let form = ReferenceForm {
        questions: items
            .iter()
            .map(|i| FormQuestion::new(i.id.clone(), 0.6004))
            .collect(),
        passing_score: 700,
    };
    let model = ReadinessModel::new(&items, &form, ReadinessOptions::default()).unwrap();
    assert!(
        (model.scale().cut() - 2.4).abs() < 1e-12,
        "{}",
        model.scale().cut()
    );
    assert_eq!(model.scale().passing_raw(), 3);
}

#[test]
fn domain_cuts_come_from_each_domains_own_ratings() {
    let items = common::bank(40, 2, 11);
    let form = ReferenceForm {
        questions: items
            .iter()
            .map(|i| FormQuestion::new(i.id.clone(), if i.domain == 1 { 0.5 } else { 0.8 }))
            .collect(),
        passing_score: 720,
    };
    let model = ReadinessModel::new(&items, &form, ReadinessOptions::default()).unwrap();
    let cuts: Vec<_> = model.domain_cuts().cloned().collect();
    assert_eq!(cuts.len(), 2);
    for cut in &cuts {
        let params: Vec<ItemParams> = items
            .iter()
            .filter(|i| i.domain == cut.domain)
            .map(|i| i.params)
            .collect();
        assert_eq!(cut.questions, params.len());
        let expected = study::theta_cut(&params, cut.cut).unwrap();
        assert!((cut.theta_cut.unwrap() - expected).abs() < 1e-10);
    }
    // The harsher ratings of domain 2 put its cut higher.
    assert!(cuts[1].theta_cut.unwrap() > cuts[0].theta_cut.unwrap());
    let overall = model.theta_cut();
    assert!(cuts[0].theta_cut.unwrap() < overall && overall < cuts[1].theta_cut.unwrap());
}

fn model_error(items: &[CalibratedItem], form: &ReferenceForm) -> ReadinessError {
    ReadinessModel::new(items, form, ReadinessOptions::default()).unwrap_err()
}

#[test]
fn bad_models_are_explained() {
    let items = vec![
        CalibratedItem::new("a", 1, ItemParams::rasch(0.0)),
        CalibratedItem::new("b", 1, ItemParams::rasch(1.0)),
    ];
    let form = |questions: Vec<(&str, f64)>, passing_score| ReferenceForm {
        questions: questions
            .into_iter()
            .map(|(id, r)| FormQuestion::new(id, r))
            .collect(),
        passing_score,
    };

    let e = model_error(&items, &form(vec![], 720));
    assert_eq!(e, ReadinessError::EmptyForm);
    assert!(e.to_string().contains("no scored questions"));

    let e = model_error(&items, &form(vec![("a", 0.6), ("zz", 0.6)], 720));
    assert!(matches!(&e, ReadinessError::UncalibratedFormQuestion { id } if id == "zz"));
    assert!(e.to_string().contains("calibrate it first"), "{e}");

    let e = model_error(&items, &form(vec![("a", 0.6), ("a", 0.6)], 720));
    assert!(matches!(e, ReadinessError::DuplicateFormQuestion { .. }));

    let e = model_error(&items, &form(vec![("a", 1.2), ("b", 0.6)], 720));
    assert!(matches!(e, ReadinessError::InvalidAngoff { .. }));
    assert!(e.to_string().contains("between 0 and 1"));

    let e = model_error(&items, &form(vec![("a", 1.0), ("b", 1.0)], 720));
    assert!(matches!(e, ReadinessError::CutOutOfRange { .. }), "{e}");

    let e = model_error(&items, &form(vec![("a", 0.6), ("b", 0.6)], 1000));
    assert!(matches!(
        e,
        ReadinessError::InvalidPassingScore { score: 1000 }
    ));

    let mut dup = items.clone();
    dup.push(CalibratedItem::new("a", 2, ItemParams::rasch(0.5)));
    let e = model_error(&dup, &form(vec![("a", 0.6)], 720));
    assert!(matches!(e, ReadinessError::DuplicateItem { .. }));

    let bad = vec![CalibratedItem::new("neg", 1, ItemParams::two_pl(-1.0, 0.0))];
    let e = model_error(&bad, &form(vec![("neg", 0.6)], 720));
    assert!(e.to_string().contains("slope a must be positive"), "{e}");

    // A guessing floor of 0.5 cannot be reached from ratings of 0.4.
    let guessing = vec![
        CalibratedItem::new("g1", 1, ItemParams::three_pl(1.0, 0.0, 0.5)),
        CalibratedItem::new("g2", 1, ItemParams::three_pl(1.0, 0.5, 0.5)),
    ];
    let e = model_error(&guessing, &form(vec![("g1", 0.4), ("g2", 0.4)], 720));
    assert!(matches!(e, ReadinessError::CutUnreachable { .. }), "{e}");
    assert!(e.to_string().contains("guessing"), "{e}");

    let options = ReadinessOptions {
        grid_points: 1,
        ..ReadinessOptions::default()
    };
    let e = ReadinessModel::new(&items, &form(vec![("a", 0.6)], 720), options).unwrap_err();
    assert!(matches!(
        e,
        ReadinessError::InvalidOption {
            option: "grid_points",
            ..
        }
    ));
}
