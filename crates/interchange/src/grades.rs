//! Moodle's grade list and the mapping between weights and the bank's all-or-nothing key.
//!
//! Moodle accepts only answer grades from a fixed list (`question_bank::fraction_options_full`)
//! unless its importer is told to match the nearest grade: `-33%` fails, `-33.33333` works.
//! Exports therefore write each correct option of a k-correct item as 100/k taken from that
//! list, and every wrong option as -100%, so that any wrong choice takes the mark to 0.

use crate::build::{Declared, Question};

/// Moodle's positive grades, in percent, as Moodle writes them.
const GRADES: [(&str, f64); 20] = [
    ("100", 100.0),
    ("90", 90.0),
    ("83.33333", 83.33333),
    ("80", 80.0),
    ("75", 75.0),
    ("70", 70.0),
    ("66.66667", 66.66667),
    ("60", 60.0),
    ("50", 50.0),
    ("40", 40.0),
    ("33.33333", 33.33333),
    ("30", 30.0),
    ("25", 25.0),
    ("20", 20.0),
    ("16.66667", 16.66667),
    ("14.28571", 14.28571),
    ("12.5", 12.5),
    ("11.11111", 11.11111),
    ("10", 10.0),
    ("5", 5.0),
];

/// The weight of a wrong option in a multiple-response export.
pub(crate) const DISTRACTOR: &str = "-100";

/// The grade for each of `k` correct options (k ≥ 1): 100/k from Moodle's list, and whether
/// it is exact (up to ten correct options it is; past that the nearest grade is used).
pub(crate) fn share(k: usize) -> (&'static str, bool) {
    let exact = 100.0 / k.max(1) as f64;
    let (name, value) = GRADES
        .iter()
        .copied()
        .min_by(|a, b| {
            (a.1 - exact)
                .abs()
                .partial_cmp(&(b.1 - exact).abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .unwrap_or(GRADES[0]);
    (name, (value - exact).abs() < 0.0001)
}

/// A weight as written in messages: `50`, `33.33333`.
pub(crate) fn show(weight: f64) -> String {
    format!("{weight}")
}

/// The key from answer weights (percent), noting what an all-or-nothing key cannot keep.
///
/// A single-answer question's key is its 100% answers; partial credit and penalties are
/// dropped with a note. A multiple-answer question's key is every answer weighing more than 0.
pub(crate) fn key_from_weights(
    weights: &[f64],
    declared: Declared,
    question: &mut Question,
) -> Vec<bool> {
    match declared {
        Declared::Single => {
            let partial: Vec<String> = weights
                .iter()
                .filter(|w| **w > 0.0 && **w < 99.999)
                .map(|w| format!("{}%", show(*w)))
                .collect();
            if !partial.is_empty() {
                question.warn(format!(
                    "partial credit dropped: AWS gives none (answers weighing {} are imported as incorrect)",
                    partial.join(", ")
                ));
            }
            if weights.iter().any(|w| *w < 0.0) {
                question.warn("negative marks dropped: AWS deducts nothing for a wrong answer");
            }
            weights.iter().map(|w| *w >= 99.999).collect()
        }
        Declared::Multiple | Declared::Unknown => {
            let positive: Vec<f64> = weights.iter().copied().filter(|w| *w > 0.0).collect();
            let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
            let max = positive.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if positive.len() > 1 && max - min > 0.01 {
                let list: Vec<String> = positive.iter().map(|w| format!("{}%", show(*w))).collect();
                question.warn(format!(
                    "the correct answers weigh differently ({}); certpath scores the whole key or nothing, as AWS does",
                    list.join(", ")
                ));
            }
            weights.iter().map(|w| *w > 0.0).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_come_from_the_moodle_list() {
        let shares: Vec<&str> = (1..=10).map(|k| share(k).0).collect();
        assert_eq!(
            shares,
            [
                "100", "50", "33.33333", "25", "20", "16.66667", "14.28571", "12.5", "11.11111",
                "10"
            ]
        );
        assert!((1..=10).all(|k| share(k).1));
        assert!(!share(12).1);
    }
}
