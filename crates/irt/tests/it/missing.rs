use irt::{FitOptions, Model, ResponseMatrix};

use crate::common::{LSAT7, Lcg, expand};

/// LSAT7 with each response removed with probability 0.1 (seeded).
fn thinned(seed: u64) -> ResponseMatrix {
    let full = expand(&LSAT7);
    let mut rng = Lcg::new(seed);
    let rows = (0..full.n_persons()).map(|p| {
        full.row(p)
            .map(|r| if rng.uniform() < 0.1 { None } else { r })
            .collect::<Vec<_>>()
    });
    ResponseMatrix::from_rows(full.item_ids().to_vec(), rows).unwrap()
}

#[test]
fn ten_percent_missing_recovers_the_full_data_fit() {
    let data = thinned(7);
    let removed = (0..1000)
        .flat_map(|p| data.row(p))
        .filter(Option::is_none)
        .count();
    assert!((450..550).contains(&removed), "{removed} of 5000 removed");

    let options = FitOptions::default();
    let full = irt::fit(&expand(&LSAT7), Model::TwoPl, &options).unwrap();
    let part = irt::fit(&data, Model::TwoPl, &options).unwrap();
    assert!(part.converged && part.warnings.is_empty());
    assert!(part.items.iter().all(|i| (850..950).contains(&i.responses)));
    // Dropping 10 % of cells removes ~27 % of the item triples that pin down the slopes, so
    // estimates move by about half a full-data SE (the SEs are 0.13–0.32 for a, 0.10–0.45
    // for b). Allow 1.5 SE.
    for (p, f) in part.items.iter().zip(&full.items) {
        let z_a = (p.a - f.a) / f.se_a.unwrap();
        let z_b = (p.b - f.b) / f.se_b.unwrap();
        assert!(z_a.abs() < 1.5 && z_b.abs() < 1.5, "{p:?}\nvs full {f:?}");
    }
    // Less data, less information: the slopes' SEs grow on average. (Not item by item: an
    // item's SE of b shrinks when its slope estimate grows.)
    let mean_se_a =
        |c: &irt::Calibration| c.items.iter().map(|i| i.se_a.unwrap()).sum::<f64>() / 5.0;
    assert!(mean_se_a(&part) > mean_se_a(&full));
    // A smaller likelihood: about 10 % fewer responses to explain.
    assert!(part.log_likelihood > full.log_likelihood);
}

/// Persons with no response at all are dropped; the fit is as if they were not there.
#[test]
fn empty_rows_change_nothing() {
    let full = expand(&LSAT7);
    let mut padded = full.clone();
    for _ in 0..50 {
        padded.push_row(&[None; 5]).unwrap();
    }
    let options = FitOptions::default();
    let with = irt::fit(&padded, Model::OnePl, &options).unwrap();
    let without = irt::fit(&full, Model::OnePl, &options).unwrap();
    assert_eq!(with.n_persons, 1000);
    assert_eq!(with.items, without.items);
    assert_eq!(with.log_likelihood, without.log_likelihood);
}

/// The marginal log-likelihood of data with missing cells, computed here independently (per
/// person, no pattern collapsing, a 401-point grid on ±8), matches the fit's, and no small
/// move of any parameter improves it: the fit is the MML estimate for the incomplete data.
#[test]
fn missing_data_fit_is_the_incomplete_data_optimum() {
    let data = thinned(11);
    let fitted = irt::fit(&data, Model::TwoPl, &FitOptions::default()).unwrap();
    let items = fitted.item_params();
    let ll = independent_log_likelihood(&data, &items);
    assert!(
        (ll - fitted.log_likelihood).abs() < 1e-6,
        "{ll} vs {}",
        fitted.log_likelihood
    );
    for j in 0..5 {
        for (da, db) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            let mut moved = items.clone();
            moved[j].a += da;
            moved[j].b += db;
            let other = independent_log_likelihood(&data, &moved);
            assert!(
                other < ll + 1e-9,
                "item {j} moved by ({da}, {db}): {other} > {ll}"
            );
        }
    }
}

fn independent_log_likelihood(data: &ResponseMatrix, items: &[irt::ItemParams]) -> f64 {
    let nodes: Vec<f64> = (0..401).map(|i| -8.0 + 0.04 * i as f64).collect();
    let density: Vec<f64> = nodes.iter().map(|t| (-0.5 * t * t).exp()).collect();
    let total: f64 = density.iter().sum();
    (0..data.n_persons())
        .map(|p| {
            let marginal: f64 = nodes
                .iter()
                .zip(&density)
                .map(|(&theta, w)| {
                    let likelihood: f64 = data
                        .row(p)
                        .zip(items)
                        .map(|(r, item)| match r {
                            Some(true) => item.probability(theta),
                            Some(false) => 1.0 - item.probability(theta),
                            None => 1.0,
                        })
                        .product();
                    w / total * likelihood
                })
                .sum();
            marginal.ln()
        })
        .sum()
}
