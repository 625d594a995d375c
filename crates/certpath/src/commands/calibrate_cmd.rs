//! `certpath calibrate`: item parameters from every learner's first attempts, stored.

use super::irt_cmd::irt_model;
use crate::Io;
use crate::cli::ModelArg;
use crate::error::AppError;
use crate::render::{table, table_text};
use std::collections::BTreeMap;
use storage::{ItemCalibration, Storage};
use study::calibrate::{DistractorAnalysis, MIN_CANDIDATES, calibrate, distractors};

fn storage_error(err: storage::StorageError) -> AppError {
    AppError::Storage(err.to_string())
}

/// An option's text on one line, shortened for the terminal.
fn short(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 60 {
        line
    } else {
        format!("{}…", line.chars().take(59).collect::<String>())
    }
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".to_owned(), |s| format!("{:.0}%", 100.0 * s))
}

/// The distractor analysis of one item as JSON.
fn distractors_json(analysis: &DistractorAnalysis) -> serde_json::Value {
    serde_json::json!({
        "candidates": analysis.candidates,
        "group_size": analysis.group_size,
        "upper_lower": analysis.upper_lower,
        "options": analysis.options.iter().map(|o| serde_json::json!({
            "text": o.option, "correct": o.correct, "overall": o.overall,
            "upper": o.upper, "lower": o.lower,
        })).collect::<Vec<_>>(),
        "flags": analysis.flags.iter().map(|f| serde_json::json!({
            "distractor": f.distractor, "distractor_upper": f.distractor_upper,
            "key": f.key, "key_upper": f.key_upper,
        })).collect::<Vec<_>>(),
    })
}

/// The text section listing items whose distractors draw the upper group.
fn write_distractors(
    analyses: &BTreeMap<String, DistractorAnalysis>,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let grouped = analyses.values().filter(|a| a.has_groups()).count();
    let flagged: Vec<&DistractorAnalysis> =
        analyses.values().filter(|a| !a.flags.is_empty()).collect();
    writeln!(
        io.stdout,
        "\nDistractor analysis: {} choice item{} with upper and lower 27% groups (learners \
         ranked by their share correct), {} with fewer than {MIN_CANDIDATES} learners (not \
         enough for groups).",
        grouped,
        if grouped == 1 { "" } else { "s" },
        analyses.len() - grouped,
    )?;
    if flagged.is_empty() {
        writeln!(
            io.stdout,
            "No distractor is chosen by the upper group more often than the key."
        )?;
        return Ok(());
    }
    writeln!(
        io.stdout,
        "Distractors the upper group chose more often than the key (check the key and the \
         option's wording):"
    )?;
    let mut t = table(&[
        "ITEM",
        "OPTION",
        "UPPER",
        "LOWER",
        "KEY OPTION",
        "UPPER",
        "LOWER",
    ]);
    for analysis in flagged {
        let lower = |text: &str| {
            analysis
                .options
                .iter()
                .find(|o| o.option == text)
                .and_then(|o| o.lower)
        };
        for flag in &analysis.flags {
            t.add_row(vec![
                analysis.item.clone(),
                short(&flag.distractor),
                percent(Some(flag.distractor_upper)),
                percent(lower(&flag.distractor)),
                short(&flag.key),
                percent(Some(flag.key_upper)),
                percent(lower(&flag.key)),
            ]);
        }
    }
    write!(io.stdout, "{}", table_text(&t))?;
    Ok(())
}

/// Runs `certpath calibrate`.
pub fn run(
    store: &dyn Storage,
    model: ModelArg,
    prior_below: u32,
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), AppError> {
    let (responses, choices) =
        attempts::first_responses(store).map_err(|e| AppError::Storage(e.to_string()))?;
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
    let mut calibration = result.map_err(|e| AppError::Usage(e.to_string()))?;
    let analyses: BTreeMap<String, DistractorAnalysis> = distractors(&responses, &choices)
        .into_iter()
        .map(|a| (a.item.clone(), a))
        .collect();
    for item in &mut calibration.items {
        if analyses
            .get(&item.item)
            .is_some_and(|a| !a.flags.is_empty())
        {
            item.flags.push(
                "a distractor draws the upper group more than the key: see the distractor analysis"
                    .to_owned(),
            );
        }
    }
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
                "distractors": analyses.get(&i.item).map(distractors_json),
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
    write_distractors(&analyses, io)?;
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
