use crate::common::{self, Lcg};
use irt::{ItemParams, Quadrature, ScoreOptions};
use study::{
    CalibratedItem, ReadinessError, ReadinessModel, ReadinessOptions, Response, SCALE_LABEL,
};

fn rasch_setup() -> (Vec<CalibratedItem>, ReadinessModel) {
    // 30 Rasch items spread over b ∈ [−1.5, 1.5], two domains, rated 0.6 each.
    let items: Vec<CalibratedItem> = (0..30)
        .map(|i| {
            CalibratedItem::new(
                format!("r{i:02}"),
                1 + (i % 2) as u8,
                ItemParams::rasch(-1.5 + 3.0 * f64::from(i) / 29.0),
            )
        })
        .collect();
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    let form = common::form_of(&refs, 0.6, 720);
    let model = ReadinessModel::new(&items, &form, ReadinessOptions::default()).unwrap();
    (items, model)
}

#[test]
fn p_pass_rises_with_the_number_correct() {
    let (items, model) = rasch_setup();
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    let mut previous: Option<(f64, f64, f64)> = None;
    for k in 0..=30 {
        // The k easiest right.
        let r = model.assess(&common::responses(&refs, |i| i < k)).unwrap();
        // Under Rasch the number correct is sufficient: any other pattern with k right
        // gives the same posterior.
        let other = model
            .assess(&common::responses(&refs, |i| i >= 30 - k))
            .unwrap();
        assert!((r.p_pass - other.p_pass).abs() < 1e-9, "k = {k}");
        assert!((r.theta - other.theta).abs() < 1e-9, "k = {k}");
        if let Some((theta, p, sitting)) = previous {
            assert!(r.theta > theta, "θ̂ must rise at k = {k}");
            assert!(
                r.p_pass > p || p > 1.0 - 1e-12,
                "P(pass) must rise at k = {k}"
            );
            assert!(
                r.p_pass_sitting >= sitting,
                "sitting P must not fall at k = {k}"
            );
        }
        previous = Some((r.theta, r.p_pass, r.p_pass_sitting));
        assert_eq!(r.correct, k);
        assert_eq!(r.answered, 30);
    }
    let none = model.assess(&common::responses(&refs, |_| false)).unwrap();
    let all = model.assess(&common::responses(&refs, |_| true)).unwrap();
    assert!(none.p_pass < 0.01 && all.p_pass > 0.99);
}

#[test]
fn a_right_answer_instead_of_a_wrong_one_never_lowers_p_pass_under_2pl() {
    let items = common::bank(40, 4, 3);
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    let form = common::form_of(&refs, 0.62, 720);
    let model = ReadinessModel::new(&items, &form, ReadinessOptions::default()).unwrap();
    let mut rng = Lcg::new(5);
    let mut correct: Vec<bool> = (0..40).map(|_| rng.bernoulli(0.3)).collect();
    let mut last = model
        .assess(&common::responses(&refs, |i| correct[i]))
        .unwrap();
    // Flip wrong answers to right one at a time, in a scrambled order.
    for i in rng.sample(40, 40) {
        if correct[i] {
            continue;
        }
        correct[i] = true;
        let next = model
            .assess(&common::responses(&refs, |i| correct[i]))
            .unwrap();
        assert!(next.p_pass >= last.p_pass - 1e-12, "flip {i}");
        assert!(next.theta > last.theta, "flip {i}");
        last = next;
    }
}

#[test]
fn p_pass_is_the_posterior_mass_above_the_cut() {
    // Independent check on a much finer grid (8001 points, spacing 0.0015).
    let (items, model) = rasch_setup();
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    for k in [8, 15, 18, 22] {
        let r = model.assess(&common::responses(&refs, |i| i < k)).unwrap();
        let params: Vec<ItemParams> = items.iter().map(|i| i.params).collect();
        let answers: Vec<Option<bool>> = (0..30).map(|i| Some(i < k)).collect();
        let fine = ScoreOptions {
            quadrature: Quadrature::Rectangular {
                points: 8001,
                limit: 6.0,
            },
            ..ScoreOptions::default()
        };
        let posterior = irt::posterior(&params, &answers, &fine).unwrap();
        let above: f64 = posterior
            .nodes()
            .iter()
            .zip(posterior.weights())
            .filter(|(x, _)| **x >= model.theta_cut())
            .map(|(_, w)| w)
            .sum();
        assert!(
            (r.p_pass - above).abs() < 2e-3,
            "k = {k}: {} vs {above}",
            r.p_pass
        );
        assert!((r.theta - posterior.mean()).abs() < 1e-4);
        assert!((r.sd - posterior.sd()).abs() < 1e-4);
    }
}

#[test]
fn band_is_ordered_and_labelled() {
    let (items, model) = rasch_setup();
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    for k in 0..=30 {
        let r = model.assess(&common::responses(&refs, |i| i < k)).unwrap();
        let band = r.band;
        assert!(
            band.low <= band.point && band.point <= band.high,
            "k = {k}: {band}"
        );
        assert!(band.low_raw <= band.point_raw && band.point_raw <= band.high_raw);
        assert!((100..=1000).contains(&band.low) && band.high <= 1000);
        assert_eq!(band.point >= 720, r.theta >= r.theta_cut, "k = {k}: {band}");
        assert_eq!(band.label, SCALE_LABEL);
        assert!(
            band.to_string()
                .ends_with("(pass 720; practice-scale estimate, not an AWS score)")
        );
        assert!((band.point_raw - model.expected_raw(r.theta)).abs() < 1e-12);
    }
    // A wider band with 1.96 SD.
    let wide = ReadinessModel::new(
        &items,
        &common::form_of(&refs, 0.6, 720),
        ReadinessOptions {
            band_sds: 1.96,
            ..ReadinessOptions::default()
        },
    )
    .unwrap();
    let answers = common::responses(&refs, |i| i < 18);
    let (narrow, wide) = (
        model.assess(&answers).unwrap().band,
        wide.assess(&answers).unwrap().band,
    );
    assert!(wide.low <= narrow.low && wide.high >= narrow.high);
    assert_eq!(wide.point, narrow.point);
}

#[test]
fn per_domain_estimates_follow_each_domains_answers() {
    let items = common::bank(60, 3, 17);
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    let form = common::form_of(&refs, 0.6, 720);
    let model = ReadinessModel::new(&items, &form, ReadinessOptions::default()).unwrap();
    // Domain 1 all right, domain 2 all wrong, domain 3 only 3 answers (too few).
    let answers: Vec<Response> = items
        .iter()
        .filter(|i| i.domain != 3)
        .map(|i| Response::new(i.id.clone(), i.domain == 1))
        .chain(
            items
                .iter()
                .filter(|i| i.domain == 3)
                .take(3)
                .map(|i| Response::new(i.id.clone(), true)),
        )
        .collect();
    let r = model.assess(&answers).unwrap();
    assert_eq!(r.answered, 43);
    assert_eq!(r.domains.len(), 3);
    let [d1, d2, d3] = [&r.domains[0], &r.domains[1], &r.domains[2]];
    assert_eq!((d1.domain, d1.answered, d1.correct), (1, 20, 20));
    assert_eq!((d2.domain, d2.answered, d2.correct), (2, 20, 0));
    assert_eq!((d3.domain, d3.answered, d3.correct), (3, 3, 3));
    let (e1, e2) = (d1.estimate.unwrap(), d2.estimate.unwrap());
    assert!(e1.theta > r.theta && r.theta > e2.theta);
    // Fewer answers: noisier.
    assert!(e1.sd > r.sd && e2.sd > r.sd);
    assert!(e1.p_meets.unwrap() > 0.9 && e2.p_meets.unwrap() < 0.1);
    assert!(
        d3.estimate.is_none(),
        "3 answers are fewer than the default 5"
    );
    assert_eq!(r.domain_readiness(1), e1.p_meets);
    assert_eq!(r.domain_readiness(3), None);
    assert_eq!(r.domain_readiness(9), None);
    assert_eq!(d1.cut.as_ref().unwrap().questions, 20);
    assert!(r.domain_note.contains("noisier"));
}

#[test]
fn a_domain_estimate_is_the_eap_of_its_answers_with_the_overall_prior() {
    let items = common::bank(30, 2, 23);
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    let model = ReadinessModel::new(
        &items,
        &common::form_of(&refs, 0.6, 750),
        ReadinessOptions::default(),
    )
    .unwrap();
    let mut rng = Lcg::new(29);
    let answers: Vec<Response> = items
        .iter()
        .map(|i| Response::new(i.id.clone(), rng.bernoulli(0.6)))
        .collect();
    let r = model.assess(&answers).unwrap();
    for d in &r.domains {
        let (params, responses): (Vec<ItemParams>, Vec<Option<bool>>) = items
            .iter()
            .zip(&answers)
            .filter(|(i, _)| i.domain == d.domain)
            .map(|(i, a)| (i.params, Some(a.correct)))
            .unzip();
        let options = ScoreOptions {
            quadrature: Quadrature::Rectangular {
                points: 481,
                limit: 6.0,
            },
            ..ScoreOptions::default()
        };
        let eap = irt::eap(&params, &responses, &options).unwrap();
        let e = d.estimate.unwrap();
        assert!((e.theta - eap.theta).abs() < 1e-12 && (e.sd - eap.se).abs() < 1e-12);
    }
}

#[test]
fn too_few_answers_is_an_error_that_says_how_many() {
    let (items, model) = rasch_setup();
    let e = model.assess(&[]).unwrap_err();
    assert_eq!(
        e,
        ReadinessError::NotEnoughAnswers {
            answered: 0,
            needed: 10
        }
    );
    assert!(
        e.to_string()
            .contains("answer at least 10 calibrated questions (0 so far)"),
        "{e}"
    );
    let nine: Vec<Response> = items[..9]
        .iter()
        .map(|i| Response::new(i.id.clone(), true))
        .chain([Response::new("not-calibrated", true)])
        .collect();
    assert!(matches!(
        model.assess(&nine),
        Err(ReadinessError::NotEnoughAnswers { answered: 9, .. })
    ));
    let ten: Vec<Response> = items[..10]
        .iter()
        .map(|i| Response::new(i.id.clone(), true))
        .chain([Response::new("not-calibrated", true)])
        .collect();
    let r = model.assess(&ten).unwrap();
    assert_eq!(r.unused, vec!["not-calibrated".to_owned()]);
    assert_eq!(r.answered, 10);
}

#[test]
fn repeated_attempts_are_refused() {
    let (items, model) = rasch_setup();
    let mut answers: Vec<Response> = items
        .iter()
        .map(|i| Response::new(i.id.clone(), true))
        .collect();
    answers.push(Response::new(items[3].id.clone(), false));
    let e = model.assess(&answers).unwrap_err();
    assert!(matches!(&e, ReadinessError::DuplicateResponse { id } if id == "r03"));
    assert!(e.to_string().contains("first attempt"), "{e}");
}

#[test]
fn assumptions_are_stated() {
    let items = common::bank(30, 2, 31);
    let refs: Vec<&CalibratedItem> = items.iter().collect();
    let model = ReadinessModel::new(
        &items,
        &common::form_of(&refs, 0.6, 720),
        ReadinessOptions::default(),
    )
    .unwrap();
    let answers = common::responses(&refs, |i| i % 3 != 0);
    let r = model.assess(&answers).unwrap();
    let all = r.assumptions.join("\n");
    for needle in [
        "2PL",
        "Calibration sample",
        "Local independence",
        "Angoff",
        "First attempts only",
        "Neither is the probability of passing the AWS exam",
        SCALE_LABEL,
    ] {
        assert!(all.contains(needle), "missing {needle:?} in\n{all}");
    }
    assert_eq!(r.label, SCALE_LABEL);
    assert!(r.p_pass_sitting > 0.0 && r.p_pass_sitting < 1.0);
}
