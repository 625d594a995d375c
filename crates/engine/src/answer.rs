//! Answers, by question kind, and how they are checked before they are recorded.

use crate::form::{FormItem, QuestionKind};
use serde::{Deserialize, Serialize};

/// A candidate's answer to one question.
///
/// Answers name options by their **shown position** on this form: 0 is the first option,
/// step or response the candidate sees (labelled "A" in views), 1 the second ("B"), and so
/// on. Options are shuffled once, when the form is assembled, and the form keeps that order
/// for the whole attempt and its replay, so a position means the same option in every event.
/// Positions are assigned after shuffling, so they say nothing about the key or the order
/// the item was written in.
///
/// ```
/// use engine::Answer;
///
/// // Options B and D of a multiple-response question.
/// let answer = Answer::Choices(vec![1, 3]);
/// assert_eq!(serde_json::to_string(&answer)?, r#"{"choices":[1,3]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Single or multiple response: the chosen options' positions. A single-answer question
    /// takes exactly one; a multiple-response question one to N ("Select N"). Recorded
    /// sorted, without repeats.
    Choices(Vec<u8>),
    /// Ordering: the shown steps' positions in the order the candidate puts them; a
    /// permutation of all the shown steps.
    Order(Vec<u8>),
    /// Matching: for each shown prompt, in shown order, the position of the response the
    /// candidate matches with it. A response may be chosen for more than one prompt.
    Matches(Vec<u8>),
}

impl Answer {
    /// The kind of question this answer shape is for (`Choices` is for single and multiple).
    fn fits(&self, kind: QuestionKind) -> bool {
        matches!(
            (self, kind),
            (
                Answer::Choices(_),
                QuestionKind::Single | QuestionKind::Multiple
            ) | (Answer::Order(_), QuestionKind::Ordering)
                | (Answer::Matches(_), QuestionKind::Matching)
        )
    }
}

/// Why an answer cannot be recorded for a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// The answer's shape is for another kind of question.
    #[error("this is a {kind} question; answer it with {expected}")]
    WrongShape {
        /// The question's kind.
        kind: QuestionKind,
        /// The shape it takes.
        expected: &'static str,
    },
    /// A position that is not shown.
    #[error("there is no {name}: the question shows {count} (A to {last})")]
    NoSuchPosition {
        /// The position named, as text ("option F").
        name: String,
        /// How many are shown.
        count: usize,
        /// The last label.
        last: String,
    },
    /// A single-answer question answered with no option or several.
    #[error("choose exactly one option (got {given}); to remove the answer, clear it")]
    NotOne {
        /// How many were given.
        given: usize,
    },
    /// A multiple-response question answered with no option.
    #[error("choose at least one option; to remove the answer, clear it")]
    Empty,
    /// More options than "Select N" allows.
    #[error(
        "this question says \"Select {select}\": choose at most {select} options (got {given})"
    )]
    TooMany {
        /// N.
        select: u8,
        /// How many distinct options were given.
        given: usize,
    },
    /// The same option twice.
    #[error("{name} is chosen twice; list each option once")]
    Repeated {
        /// The repeated position, as text.
        name: String,
    },
    /// An ordering answer that is not a permutation of the shown steps.
    #[error("put all {count} steps in order, each once (got {given} positions)")]
    NotAPermutation {
        /// The number of steps.
        count: usize,
        /// How many positions were given.
        given: usize,
    },
    /// A matching answer without exactly one response per prompt.
    #[error("give one response for each of the {prompts} prompts (got {given})")]
    MatchCount {
        /// The number of prompts.
        prompts: usize,
        /// How many responses were given.
        given: usize,
    },
}

/// The label shown for a position: A, B, ... Z, then 27, 28 ...
///
/// ```
/// assert_eq!(engine::label(0), "A");
/// assert_eq!(engine::label(26), "27");
/// ```
pub fn label(position: u8) -> String {
    if position < 26 {
        char::from(b'A' + position).to_string()
    } else {
        (u32::from(position) + 1).to_string()
    }
}

/// Checks `answer` against the shown options of `item` and returns it as it is recorded.
pub(crate) fn validate(item: &FormItem, answer: Answer) -> Result<Answer, AnswerError> {
    if !answer.fits(item.kind) {
        let expected = match item.kind {
            QuestionKind::Single | QuestionKind::Multiple => "choices",
            QuestionKind::Ordering => "an order",
            QuestionKind::Matching => "matches",
        };
        return Err(AnswerError::WrongShape {
            kind: item.kind,
            expected,
        });
    }
    let count = item.option_count();
    let in_range = |positions: &[u8]| {
        for &p in positions {
            if usize::from(p) >= count {
                return Err(AnswerError::NoSuchPosition {
                    name: item.position_name(p),
                    count,
                    last: label(count.saturating_sub(1) as u8),
                });
            }
        }
        Ok(())
    };
    match answer {
        Answer::Choices(mut chosen) => {
            in_range(&chosen)?;
            chosen.sort_unstable();
            if let Some(pair) = chosen.windows(2).find(|w| w[0] == w[1]) {
                return Err(AnswerError::Repeated {
                    name: item.position_name(pair[0]),
                });
            }
            match item.kind {
                QuestionKind::Single if chosen.len() != 1 => {
                    return Err(AnswerError::NotOne {
                        given: chosen.len(),
                    });
                }
                QuestionKind::Multiple => {
                    let select = item.select().unwrap_or(0);
                    if chosen.is_empty() {
                        return Err(AnswerError::Empty);
                    }
                    if chosen.len() > usize::from(select) {
                        return Err(AnswerError::TooMany {
                            select,
                            given: chosen.len(),
                        });
                    }
                }
                _ => {}
            }
            Ok(Answer::Choices(chosen))
        }
        Answer::Order(order) => {
            in_range(&order)?;
            let mut seen = vec![false; count];
            let permutation = order.len() == count
                && order
                    .iter()
                    .all(|&p| !std::mem::replace(&mut seen[usize::from(p)], true));
            if !permutation {
                return Err(AnswerError::NotAPermutation {
                    count,
                    given: order.len(),
                });
            }
            Ok(Answer::Order(order))
        }
        Answer::Matches(matches) => {
            in_range(&matches)?;
            let prompts = item.prompt_count();
            if matches.len() != prompts {
                return Err(AnswerError::MatchCount {
                    prompts,
                    given: matches.len(),
                });
            }
            Ok(Answer::Matches(matches))
        }
    }
}
