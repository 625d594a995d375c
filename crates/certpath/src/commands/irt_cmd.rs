//! `certpath irt`: calibration and scoring for researchers and benchmarks.

use crate::Io;
use crate::cli::{IrtCommand, MethodArg, ModelArg};
use crate::error::AppError;
use crate::render::{table, table_text};
use irt::{FitOptions, ItemParams, Model, Quadrature, ScoreMethod, ScoreOptions};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Runs `certpath irt ...`.
pub fn run(command: IrtCommand, io: &mut Io<'_>) -> Result<(), AppError> {
    match command {
        IrtCommand::Fit {
            model,
            quadrature,
            file,
            json,
        } => fit(model, quadrature, &file, json, io),
        IrtCommand::Score {
            params,
            file,
            method,
            json,
        } => score(&params, &file, method, json, io),
    }
}

#[derive(Serialize, Deserialize)]
struct ItemJson {
    id: String,
    a: f64,
    b: f64,
    c: f64,
    se_a: Option<f64>,
    se_b: Option<f64>,
    se_c: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct FitJson {
    model: String,
    items: Vec<ItemJson>,
    log_likelihood: f64,
    iterations: usize,
    converged: bool,
    persons: usize,
    patterns: usize,
}

fn read(path: &Path) -> Result<String, AppError> {
    std::fs::read_to_string(path).map_err(|source| AppError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn matrix(path: &Path) -> Result<irt::ResponseMatrix, AppError> {
    irt::parse_response_csv(&read(path)?).map_err(|err| {
        AppError::Usage(format!(
            "{}:{}:{}: {err}",
            path.display(),
            err.line,
            err.column
        ))
    })
}

/// The IRT model a flag names.
pub fn irt_model(model: ModelArg) -> Model {
    match model {
        ModelArg::Rasch => Model::Rasch,
        ModelArg::OnePl => Model::OnePl,
        ModelArg::TwoPl => Model::TwoPl,
        ModelArg::ThreePl => Model::ThreePl,
    }
}

fn fit(
    model: ModelArg,
    points: u32,
    file: &Path,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let data = matrix(file)?;
    let model = irt_model(model);
    let options = FitOptions {
        quadrature: Quadrature::Rectangular {
            points: points as usize,
            limit: 6.0,
        },
        ..FitOptions::default()
    };
    let calibration = irt::fit(&data, model, &options)
        .map_err(|err| AppError::Usage(format!("{}: cannot fit: {err}", file.display())))?;
    let out = FitJson {
        model: model.name().to_owned(),
        items: calibration
            .items
            .iter()
            .map(|i| ItemJson {
                id: i.id.clone(),
                a: i.a,
                b: i.b,
                c: i.c,
                se_a: i.se_a,
                se_b: i.se_b,
                se_c: i.se_c,
            })
            .collect(),
        log_likelihood: calibration.log_likelihood,
        iterations: calibration.iterations,
        converged: calibration.converged,
        persons: calibration.n_persons,
        patterns: calibration.n_patterns,
    };
    if json {
        serde_json::to_writer_pretty(&mut *io.stdout, &out).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let number = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.4}"));
    let mut t = table(&["ITEM", "A", "B", "C", "SE(A)", "SE(B)", "SE(C)"]);
    for i in &out.items {
        t.add_row(vec![
            i.id.clone(),
            format!("{:.4}", i.a),
            format!("{:.4}", i.b),
            format!("{:.4}", i.c),
            number(i.se_a),
            number(i.se_b),
            number(i.se_c),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    writeln!(
        io.stdout,
        "\n{} fit of {} persons ({} patterns): log-likelihood {:.4}, {} iterations, {}",
        out.model,
        out.persons,
        out.patterns,
        out.log_likelihood,
        out.iterations,
        if out.converged {
            "converged"
        } else {
            "NOT converged: raise the iteration limit or check the data"
        }
    )?;
    for warning in &calibration.warnings {
        writeln!(io.stderr, "warning: {warning}")?;
    }
    Ok(())
}

fn score(
    params: &Path,
    file: &Path,
    method: MethodArg,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let fitted: FitJson = serde_json::from_str(&read(params)?).map_err(|err| {
        AppError::Usage(format!(
            "{}:{}:{}: not a `certpath irt fit --json` file: {err}",
            params.display(),
            err.line(),
            err.column()
        ))
    })?;
    let data = matrix(file)?;
    let mut items = Vec::with_capacity(data.n_items());
    for id in data.item_ids() {
        let Some(item) = fitted.items.iter().find(|i| &i.id == id) else {
            return Err(AppError::Usage(format!(
                "item `{id}` of {} has no parameters in {}",
                file.display(),
                params.display()
            )));
        };
        items.push(ItemParams {
            a: item.a,
            b: item.b,
            c: item.c,
            d: 1.0,
        });
    }
    let method = match method {
        MethodArg::Eap => ScoreMethod::Eap,
        MethodArg::Map => ScoreMethod::Map,
    };
    let mut rows = Vec::with_capacity(data.n_persons());
    for person in 0..data.n_persons() {
        let responses: Vec<Option<bool>> = data.row(person).collect();
        let estimate =
            irt::score(&items, &responses, method, &ScoreOptions::default()).map_err(|err| {
                AppError::Usage(format!("{}: person {}: {err}", file.display(), person + 1))
            })?;
        rows.push(
            serde_json::json!({ "person": person + 1, "theta": estimate.theta, "se": estimate.se }),
        );
    }
    if json {
        serde_json::to_writer_pretty(&mut *io.stdout, &rows).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let mut t = table(&["PERSON", "THETA", "SE"]);
    for row in &rows {
        t.add_row(vec![
            row["person"].to_string(),
            format!("{:.4}", row["theta"].as_f64().unwrap_or_default()),
            format!("{:.4}", row["se"].as_f64().unwrap_or_default()),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    Ok(())
}
