use study::FormScale;

#[test]
fn the_label_is_the_engines() {
    assert_eq!(study::SCALE_LABEL, engine::SCALE_LABEL);
}

#[test]
fn whole_raw_scores_scale_exactly_as_in_the_engine() {
    for (raw_max, cut, passing) in [
        (50, 35.0, 720),
        (50, 34.567, 720),
        (65, 41.2, 750),
        (50, 29.999, 700),
        (10, 0.5, 720),
        (10, 9.5, 750),
        (3, 1.402, 720),
    ] {
        let ours = FormScale::new(raw_max, cut, passing).unwrap();
        let theirs = engine::PracticeScale::new(raw_max, cut, passing);
        assert_eq!(ours.cut(), theirs.cut());
        for raw in 0..=raw_max {
            assert_eq!(
                ours.rounded(f64::from(raw)),
                theirs.scaled(raw),
                "{raw_max} {cut} {passing}: raw {raw}"
            );
            assert_eq!(ours.passes(f64::from(raw)), theirs.passes(raw));
        }
    }
}

#[test]
fn fractional_raw_scores_interpolate_between_whole_ones() {
    let scale = FormScale::new(50, 34.567, 720).unwrap();
    let mut last = 0.0;
    for step in 0..=5000 {
        let raw = f64::from(step) / 100.0;
        let value = scale.scaled(raw);
        assert!(value >= last, "raw {raw}");
        last = value;
    }
    assert_eq!(scale.scaled(-3.0), 100.0);
    assert_eq!(scale.scaled(60.0), 1000.0);
    assert_eq!(scale.rounded(34.566), 719);
    assert_eq!(scale.rounded(34.567), 720);
}
