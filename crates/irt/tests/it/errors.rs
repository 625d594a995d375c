use irt::{
    Beta, FitError, FitOptions, FitWarning, ItemPriors, Model, Normal, Quadrature, ResponseMatrix,
};

use crate::common::{LSAT7, expand};

fn matrix(rows: &[&[Option<bool>]]) -> ResponseMatrix {
    let n = rows.first().map_or(0, |r| r.len());
    ResponseMatrix::from_rows(
        (1..=n).map(|i| format!("q{i}")).collect(),
        rows.iter().copied(),
    )
    .unwrap()
}

const T: Option<bool> = Some(true);
const F: Option<bool> = Some(false);
const M: Option<bool> = None;

fn fit(data: &ResponseMatrix, model: Model) -> Result<irt::Calibration, FitError> {
    irt::fit(data, model, &FitOptions::default())
}

fn with_b_prior() -> FitOptions {
    FitOptions {
        priors: ItemPriors {
            b: Some(Normal::STANDARD),
            ..ItemPriors::default()
        },
        ..FitOptions::default()
    }
}

#[test]
fn empty_matrices() {
    assert_eq!(
        fit(&ResponseMatrix::new(Vec::new()), Model::Rasch),
        Err(FitError::NoItems)
    );
    assert_eq!(
        fit(&ResponseMatrix::with_items(3), Model::Rasch),
        Err(FitError::NoResponses)
    );
    assert_eq!(
        fit(&matrix(&[&[M, M], &[M, M]]), Model::Rasch),
        Err(FitError::NoResponses)
    );
}

#[test]
fn item_without_responses() {
    let data = matrix(&[&[T, M, F], &[F, M, T]]);
    assert_eq!(
        fit(&data, Model::Rasch),
        Err(FitError::ItemWithoutResponses {
            index: 1,
            id: "q2".into()
        })
    );
}

#[test]
fn constant_items_need_a_prior_on_b() {
    let data = matrix(&[&[T, T, F], &[F, T, T], &[T, T, M], &[F, T, F]]);
    let error = fit(&data, Model::Rasch).unwrap_err();
    assert_eq!(
        error,
        FitError::ConstantItem {
            index: 1,
            id: "q2".into(),
            responses: 4,
            all_correct: true
        }
    );
    assert!(error.to_string().contains("set a prior on b"), "{error}");
    let data = matrix(&[&[T, F], &[F, F], &[M, F]]);
    assert!(matches!(
        fit(&data, Model::Rasch),
        Err(FitError::ConstantItem {
            index: 1,
            all_correct: false,
            ..
        })
    ));
    // With the prior the MAP difficulty is finite.
    let c = irt::fit(&data, Model::Rasch, &with_b_prior()).unwrap();
    assert!(c.converged);
    assert!(c.items[1].b.is_finite() && c.items[1].b > c.items[0].b);
    assert!(c.items.iter().all(|i| i.se_b.is_some_and(f64::is_finite)));
}

/// Every response correct: an error without priors; with priors, finite values, no NaN,
/// and a warning for what the data cannot identify.
#[test]
fn all_correct_data() {
    let data = matrix(&[&[T, T, T], &[T, T, T], &[T, M, T]]);
    for model in [Model::Rasch, Model::OnePl, Model::TwoPl, Model::ThreePl] {
        assert!(matches!(
            fit(&data, model),
            Err(FitError::ConstantItem { index: 0, .. })
        ));
        let c = irt::fit(&data, model, &with_b_prior()).unwrap();
        for item in &c.items {
            assert!(
                item.a.is_finite() && item.b.is_finite() && item.c.is_finite(),
                "{model}: {item:?}"
            );
            for se in [item.se_a, item.se_b, item.se_c].into_iter().flatten() {
                assert!(se.is_finite() && se > 0.0, "{model}: {item:?}");
            }
        }
        assert!(c.log_likelihood.is_finite());
        if model == Model::TwoPl {
            // Nothing bounds the slopes: they run to their limit, and say so.
            assert!(
                c.warnings
                    .iter()
                    .any(|w| matches!(w, FitWarning::AtBound { .. })),
                "{:?}",
                c.items
            );
        }
    }
}

#[test]
fn too_few_items_for_the_slopes() {
    let data = matrix(&[&[T, F], &[F, T], &[T, T], &[F, F]]);
    assert_eq!(
        fit(&data, Model::TwoPl),
        Err(FitError::TooFewItems {
            model: Model::TwoPl,
            needed: 3,
            found: 2
        })
    );
    assert!(fit(&data, Model::OnePl).is_ok());
    let options = FitOptions {
        priors: ItemPriors {
            a: Some(irt::LogNormal::new(0.0, 0.5)),
            ..ItemPriors::default()
        },
        ..FitOptions::default()
    };
    assert!(irt::fit(&data, Model::TwoPl, &options).is_ok());
}

#[test]
fn invalid_options() {
    let data = expand(&LSAT7);
    let check =
        |options: FitOptions, model: Model, option: &str| match irt::fit(&data, model, &options) {
            Err(FitError::InvalidOption { option: o, .. }) => assert_eq!(o, option),
            other => panic!("expected an invalid {option}, got {other:?}"),
        };
    let default = FitOptions::default();
    check(
        FitOptions {
            tolerance: 0.0,
            ..default
        },
        Model::Rasch,
        "tolerance",
    );
    check(
        FitOptions {
            tolerance: f64::NAN,
            ..default
        },
        Model::Rasch,
        "tolerance",
    );
    check(
        FitOptions {
            max_iterations: 0,
            ..default
        },
        Model::Rasch,
        "max_iterations",
    );
    check(
        FitOptions {
            quadrature: Quadrature::Rectangular {
                points: 1,
                limit: 6.0,
            },
            ..default
        },
        Model::Rasch,
        "quadrature",
    );
    check(
        FitOptions {
            quadrature: Quadrature::Rectangular {
                points: 61,
                limit: f64::INFINITY,
            },
            ..default
        },
        Model::Rasch,
        "quadrature",
    );
    check(
        FitOptions {
            priors: ItemPriors::none(),
            ..default
        },
        Model::ThreePl,
        "priors.c",
    );
    let bad_beta = ItemPriors {
        c: Some(Beta::new(0.5, 2.0)),
        ..ItemPriors::default()
    };
    check(
        FitOptions {
            priors: bad_beta,
            ..default
        },
        Model::ThreePl,
        "priors.c",
    );
    let bad_normal = ItemPriors {
        b: Some(Normal::new(0.0, -1.0)),
        ..ItemPriors::default()
    };
    check(
        FitOptions {
            priors: bad_normal,
            ..default
        },
        Model::Rasch,
        "priors.b",
    );
}

#[test]
fn max_iterations_reached_is_reported_not_an_error() {
    let options = FitOptions {
        max_iterations: 3,
        acceleration: irt::Acceleration::None,
        ..FitOptions::default()
    };
    let c = irt::fit(&expand(&LSAT7), Model::TwoPl, &options).unwrap();
    assert!(!c.converged);
    assert_eq!(c.iterations, 3);
    assert_eq!(c.history.len(), 3);
    assert!(c.items.iter().all(|i| i.a.is_finite() && i.b.is_finite()));
}

#[test]
fn row_length_is_checked() {
    let mut data = ResponseMatrix::with_items(2);
    let error = data.push_row(&[T]).unwrap_err();
    assert_eq!((error.row, error.expected, error.found), (0, 2, 1));
    assert_eq!(data.n_persons(), 0);
}
