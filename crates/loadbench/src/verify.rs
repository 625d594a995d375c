//! After the load: every acknowledged answer must be in the database the server wrote, as an
//! `answered` event of its attempt for that question with the same answer, and every
//! acknowledged submission must have finished its attempt.

use crate::load::{Acknowledged, Candidate};
use serde_json::Value;
use storage::{Outcome, Storage, StorageError};

/// How many problems the report lists.
const KEPT: usize = 8;

/// What the database holds of what the server acknowledged.
#[derive(Debug, Default)]
pub struct Verification {
    /// Answers the server acknowledged.
    pub acknowledged: usize,
    /// Of those, found in the attempt's log.
    pub found: usize,
    /// Submissions the server acknowledged.
    pub submitted: usize,
    /// Of those, attempts stored as finished by submission, with a `submitted` event.
    pub finished: usize,
    /// The first few problems.
    pub problems: Vec<String>,
}

impl Verification {
    /// Acknowledged answers missing from the database.
    pub fn lost(&self) -> usize {
        self.acknowledged - self.found
    }

    /// Acknowledged submissions not stored as finished.
    pub fn unfinished(&self) -> usize {
        self.submitted - self.finished
    }

    fn problem(&mut self, message: String) {
        if self.problems.len() < KEPT {
            self.problems.push(message);
        }
    }
}

/// Choices are recorded sorted; the other answers are positional and compare as they are.
fn same_answer(sent: &Value, stored: &Value) -> bool {
    let sorted = |v: &Value| {
        v["choices"].as_array().map(|c| {
            let mut c: Vec<u64> = c.iter().filter_map(Value::as_u64).collect();
            c.sort_unstable();
            c
        })
    };
    match (sorted(sent), sorted(stored)) {
        (Some(a), Some(b)) => a == b,
        _ => sent == stored,
    }
}

/// Checks every candidate's acknowledged answers and submission against `store`.
pub fn verify(store: &dyn Storage, candidates: &[Candidate]) -> Result<Verification, StorageError> {
    let mut report = Verification::default();
    for candidate in candidates {
        let Some(id) = &candidate.attempt else {
            continue;
        };
        report.acknowledged += candidate.acknowledged.len();
        report.submitted += usize::from(candidate.submitted);
        let Some(stored) = store.attempt(id)? else {
            report.problem(format!("attempt {id} is not in the database"));
            continue;
        };
        let mut answered: Vec<(u64, Value)> = Vec::new();
        let mut submitted_event = false;
        for event in &stored.events {
            let Ok(record) = serde_json::from_str::<Value>(&event.event) else {
                report.problem(format!("attempt {id}: event {} is not JSON", event.seq));
                continue;
            };
            match record["event"].as_str() {
                Some("answered") => {
                    if let Some(item) = record["item"].as_u64() {
                        answered.push((item, record["answer"].clone()));
                    }
                }
                Some("submitted") => submitted_event = true,
                _ => {}
            }
        }
        for Acknowledged { number, answer } in &candidate.acknowledged {
            let item = (*number as u64).saturating_sub(1);
            if answered
                .iter()
                .any(|(i, stored)| *i == item && same_answer(answer, stored))
            {
                report.found += 1;
            } else {
                report.problem(format!(
                    "attempt {id}: the acknowledged answer {answer} to question {number} is not in its log"
                ));
            }
        }
        if candidate.submitted {
            let finished = stored
                .finish
                .as_ref()
                .is_some_and(|f| f.outcome == Outcome::Submitted);
            if finished && submitted_event {
                report.finished += 1;
            } else {
                report.problem(format!(
                    "attempt {id}: acknowledged as submitted, but stored {}",
                    if finished {
                        "without a `submitted` event"
                    } else {
                        "as not finished by submission"
                    }
                ));
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn choices_compare_as_sets_and_the_rest_by_position() {
        assert!(same_answer(
            &json!({"choices": [2, 0]}),
            &json!({"choices": [0, 2]})
        ));
        assert!(!same_answer(
            &json!({"choices": [1]}),
            &json!({"choices": [0]})
        ));
        assert!(same_answer(
            &json!({"order": [2, 0, 1]}),
            &json!({"order": [2, 0, 1]})
        ));
        assert!(!same_answer(
            &json!({"order": [0, 2, 1]}),
            &json!({"order": [2, 0, 1]})
        ));
        assert!(!same_answer(
            &json!({"matches": [0]}),
            &json!({"choices": [0]})
        ));
    }
}
