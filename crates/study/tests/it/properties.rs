use crate::common;
use crate::ical::validate;
use crate::plan::check_invariants;
use irt::ItemParams;
use proptest::prelude::*;
use study::{CalibratedItem, PlanDomain, PlanInput, ReadinessModel, ReadinessOptions};
use time::Duration;
use time::macros::{date, datetime};

fn plan_input() -> impl Strategy<Value = PlanInput> {
    let domain = (
        1.0f64..40.0,
        prop::option::of(0.0f64..=1.0),
        "[A-Za-z ,;\\\\é日]{0,40}",
    );
    (
        1i64..400,
        0.5f64..40.0,
        prop::collection::vec(domain, 1..7),
        0u32..300,
        30u32..200,
        0i64..3000,
    )
        .prop_map(|(days, hours, domains, reviews, minutes, offset)| {
            let today = date!(2025 - 01 - 01) + Duration::days(offset);
            PlanInput {
                today,
                target: today + Duration::days(days),
                hours_per_week: hours,
                domains: domains
                    .into_iter()
                    .enumerate()
                    .map(|(i, (w, r, name))| PlanDomain::new(i as u8 + 1, name, w, r))
                    .collect(),
                reviews_due_per_day: reviews,
                mock_exam_minutes: minutes,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn plans_keep_their_invariants_and_export_valid_calendars(
        input in plan_input(),
        code in "[A-Z0-9,;\\\\-]{1,12}",
    ) {
        let plan = study::plan(&input).unwrap();
        check_invariants(&input, &plan);
        let ics = study::to_icalendar(&plan, &code, datetime!(2026-01-01 00:00 UTC));
        let lines = validate(&ics).map_err(TestCaseError::fail)?;
        let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
        prop_assert_eq!(events, plan.weeks.len() + plan.mock_exams.len() + 1);
    }

    #[test]
    fn bands_are_ordered_and_probabilities_bounded(
        seed in 0u64..1000,
        answered in 10usize..60,
        p_right in 0.0f64..=1.0,
        angoff in 0.3f64..0.9,
        band_sds in 0.0f64..3.0,
    ) {
        let items = common::bank(60, 3, seed);
        let refs: Vec<&CalibratedItem> = items.iter().collect();
        let options = ReadinessOptions { band_sds, ..ReadinessOptions::default() };
        let model = ReadinessModel::new(&items, &common::form_of(&refs, angoff, 720), options)
            .unwrap();
        let mut rng = common::Lcg::new(seed);
        let right: Vec<bool> = (0..answered).map(|_| rng.bernoulli(p_right)).collect();
        let answers = common::responses(&refs[..answered], |i| right[i]);
        let r = model.assess(&answers).unwrap();
        prop_assert!(r.band.low <= r.band.point && r.band.point <= r.band.high);
        prop_assert!((0.0..=1.0).contains(&r.p_pass));
        prop_assert!((0.0..=1.0).contains(&r.p_pass_sitting));
        prop_assert!(r.sd > 0.0 && r.sd < 1.0);
        prop_assert_eq!(r.band.point >= 720, r.theta >= r.theta_cut);
        let cut = model.theta_cut();
        prop_assert!((model.expected_raw(cut) - model.scale().cut()).abs() < 1e-8);
    }

    #[test]
    fn the_cut_solves_the_tcc(
        params in prop::collection::vec((0.3f64..2.5, -2.5f64..2.5, 0.0f64..0.3), 1..30),
        fraction in 0.05f64..0.95,
    ) {
        let items: Vec<ItemParams> =
            params.iter().map(|&(a, b, c)| ItemParams::three_pl(a, b, c)).collect();
        let floor: f64 = items.iter().map(|i| i.c).sum();
        let n = items.len() as f64;
        let cut = floor + fraction * (n - floor);
        let theta = study::theta_cut(&items, cut).unwrap();
        prop_assert!((study::expected_score(&items, theta) - cut).abs() < 1e-8);
    }
}
