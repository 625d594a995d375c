//! What calibration reads from the store: every learner's first responses.

use crate::AttemptsError;
use std::collections::{BTreeMap, BTreeSet};
use storage::{AttemptFilter, Storage};
use study::calibrate::{FirstChoice, FirstResponse, OptionChoice};

/// The final answers of a finished attempt's choice questions by form index, replayed from
/// its log; empty when the log cannot be replayed (the responses still come from the report).
fn choice_results(stored: &storage::StoredAttempt) -> BTreeMap<usize, engine::ChoiceResult> {
    let records: Result<Vec<engine::Record>, _> = stored
        .events
        .iter()
        .map(|e| serde_json::from_str(&e.event))
        .collect();
    records
        .ok()
        .and_then(|records| engine::Attempt::replay(records).ok())
        .and_then(|attempt| attempt.choice_results().ok())
        .map(|results| results.into_iter().map(|r| (r.index, r)).collect())
        .unwrap_or_default()
}

/// Every learner's first answer to every item, from every owner's finished attempts (oldest
/// first), with the options chosen where the question was single or multiple choice: what
/// calibration and distractor analysis take.
pub fn first_responses(
    store: &dyn Storage,
) -> Result<(Vec<FirstResponse>, Vec<FirstChoice>), AttemptsError> {
    let mut attempts = store.attempts(&AttemptFilter {
        unfinished: Some(false),
        ..AttemptFilter::default()
    })?;
    attempts.sort_by_key(|a| a.started_at);
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut responses = Vec::new();
    let mut choices = Vec::new();
    for summary in attempts {
        let Some(stored) = store.attempt(&summary.id)? else {
            continue;
        };
        let Some(finish) = &stored.finish else {
            continue;
        };
        let Ok(report) = serde_json::from_str::<engine::Report>(&finish.report) else {
            continue;
        };
        let mut results = choice_results(&stored);
        let person = summary.user.clone().unwrap_or_else(|| "(local)".to_owned());
        for question in &report.questions {
            if seen.insert((person.clone(), question.id.clone())) {
                responses.push(FirstResponse {
                    person: person.clone(),
                    item: question.id.clone(),
                    correct: question.correct,
                });
                if let Some(result) = results.remove(&question.index)
                    && result.id == question.id
                {
                    choices.push(FirstChoice {
                        person: person.clone(),
                        item: question.id.clone(),
                        options: result
                            .options
                            .into_iter()
                            .map(|o| OptionChoice {
                                option: o.text,
                                correct: o.correct,
                                chosen: o.chosen,
                            })
                            .collect(),
                    });
                }
            }
        }
    }
    Ok((responses, choices))
}
