//! `certpath calibrate`: item parameters from every learner's first attempts, stored.

use super::attempt_cmd::database;
use super::irt_cmd::irt_model;
use crate::Io;
use crate::cli::ModelArg;
use crate::error::AppError;
use crate::render::{table, table_text};
use std::collections::BTreeSet;
use std::path::Path;
use storage::{AttemptFilter, ItemCalibration, Storage};
use study::calibrate::{FirstResponse, calibrate};

fn storage_error(err: storage::StorageError) -> AppError {
    AppError::Storage(err.to_string())
}

/// Every learner's first answer to every item, from finished attempts, oldest attempts first.
fn first_responses(store: &dyn Storage) -> Result<Vec<FirstResponse>, AppError> {
    let mut attempts = store
        .attempts(&AttemptFilter {
            unfinished: Some(false),
            ..AttemptFilter::default()
        })
        .map_err(storage_error)?;
    attempts.sort_by_key(|a| a.started_at);
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut responses = Vec::new();
    for summary in attempts {
        let Some(finish) = store
            .attempt(&summary.id)
            .map_err(storage_error)?
            .and_then(|a| a.finish)
        else {
            continue;
        };
        let Ok(report) = serde_json::from_str::<engine::Report>(&finish.report) else {
            continue;
        };
        let person = summary.user.clone().unwrap_or_else(|| "(local)".to_owned());
        for question in &report.questions {
            if seen.insert((person.clone(), question.id.clone())) {
                responses.push(FirstResponse {
                    person: person.clone(),
                    item: question.id.clone(),
                    correct: question.correct,
                });
            }
        }
    }
    Ok(responses)
}

/// Runs `certpath calibrate`.
pub fn run(
    database_path: Option<&Path>,
    model: ModelArg,
    prior_below: u32,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let store =
        storage_sqlite::SqliteStorage::open(&database(database_path)).map_err(storage_error)?;
    let responses = first_responses(&store)?;
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message("calibrating");
    let result = calibrate(&responses, irt_model(model), prior_below, |point| {
        spinner.set_message(format!(
            "EM step {}: log-likelihood {:.2}",
            point.e_steps, point.log_likelihood
        ));
        spinner.tick();
    });
    spinner.finish_and_clear();
    let calibration = result.map_err(|e| AppError::Usage(e.to_string()))?;
    let now = (io.now)();
    let rows: Vec<ItemCalibration> = calibration
        .items
        .iter()
        .map(|i| ItemCalibration {
            item: i.item.clone(),
            model: calibration.model.clone(),
            a: i.a,
            b: i.b,
            c: i.c,
            se_a: i.se_a,
            se_b: i.se_b,
            se_c: i.se_c,
            responses: i.classical.n,
            facility: Some(i.classical.facility),
            discrimination: i.classical.discrimination,
            calibrated_at: now,
        })
        .collect();
    store.save_calibrations(&rows).map_err(storage_error)?;
    if json {
        let value = serde_json::json!({
            "model": calibration.model,
            "persons": calibration.persons,
            "regularised": calibration.regularised,
            "converged": calibration.converged,
            "log_likelihood": calibration.log_likelihood,
            "items": calibration.items.iter().map(|i| serde_json::json!({
                "id": i.item, "a": i.a, "b": i.b, "c": i.c, "se_a": i.se_a, "se_b": i.se_b, "se_c": i.se_c,
                "responses": i.classical.n, "facility": i.classical.facility,
                "discrimination": i.classical.discrimination, "efficiency": i.classical.efficiency,
                "flags": i.flags,
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut *io.stdout, &value).map_err(std::io::Error::from)?;
        writeln!(io.stdout)?;
        return Ok(());
    }
    let optional = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
    let mut t = table(&[
        "ITEM", "N", "FACILITY", "DISCRIM.", "A", "B", "SE(B)", "FLAGS",
    ]);
    for i in &calibration.items {
        t.add_row(vec![
            i.item.clone(),
            i.classical.n.to_string(),
            format!("{:.0}%", 100.0 * i.classical.facility),
            optional(i.classical.discrimination),
            format!("{:.2}", i.a),
            format!("{:.2}", i.b),
            optional(i.se_b),
            i.flags.join("; "),
        ]);
    }
    write!(io.stdout, "{}", table_text(&t))?;
    writeln!(
        io.stdout,
        "\n{} fit of {} items from {} learners' first attempts{}; {}. Stored in the database.",
        calibration.model,
        calibration.items.len(),
        calibration.persons,
        if calibration.regularised {
            " (regularised with priors: some items have few responses)"
        } else {
            ""
        },
        if calibration.converged {
            "converged"
        } else {
            "NOT converged"
        }
    )?;
    let flagged = calibration
        .items
        .iter()
        .filter(|i| !i.flags.is_empty())
        .count();
    if flagged > 0 {
        writeln!(
            io.stdout,
            "{flagged} item{} flagged: review them in the bank.",
            if flagged == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}
