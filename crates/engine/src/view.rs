//! What the candidate may see during an attempt.
//!
//! A [`QuestionView`] is built from the form by the attempt and holds only what is shown:
//! the stem, the options in shown order, "Select N", the flag and the current answer. The
//! key, the explanations and the references live in a [`Solution`], which only the attempt
//! can create (its fields are private and it has no constructor or `Deserialize`), and
//! which it puts into a view only when the question is revealed: once the attempt is closed,
//! or, in immediate-feedback modes, once the question is checked. In exam mode no view of an
//! open attempt holds a solution. Nothing shown says whether a question is scored.

use crate::answer::{Answer, label};
use crate::attempt::{Attempt, AttemptError};
use crate::form::{Content, FormItem, Link, QuestionKind};
use serde::Serialize;

/// A shown option, step or response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionView {
    /// The label shown: "A", "B" ... (the answer uses the position, 0 for "A").
    pub label: String,
    /// The text (Markdown).
    pub text: String,
}

/// One question as the candidate sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionView {
    /// The question's index in the form (0-based; answers name it so).
    pub index: usize,
    /// How many questions the form has.
    pub total: usize,
    /// The question kind.
    pub kind: QuestionKind,
    /// The stem (Markdown).
    pub stem: String,
    /// The case study the question belongs to, when it does.
    pub case: Option<String>,
    /// The options (single, multiple), steps (ordering) or responses (matching), in shown
    /// order.
    pub options: Vec<OptionView>,
    /// The prompts of a matching question, in shown order; empty for other kinds.
    pub prompts: Vec<String>,
    /// "Select N" for a multiple-response question: at most N options can be chosen.
    pub select: Option<u8>,
    /// Whether the candidate flagged it.
    pub flagged: bool,
    /// The recorded answer, in shown positions.
    pub answer: Option<Answer>,
    /// Whether the answer can no longer change (checked, or the attempt closed).
    pub is_final: bool,
    /// The key and explanations, once revealed; `None` while the question is open.
    pub solution: Option<Solution>,
}

/// The key and explanations of a question, shown once it is revealed.
///
/// Only an [`Attempt`] creates one, and only for a revealed question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solution {
    id: String,
    correct: bool,
    key: Answer,
    explanation: String,
    option_explanations: Vec<String>,
    prompt_explanations: Vec<String>,
    references: Vec<Link>,
}

impl Solution {
    /// The bank item's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the recorded answer earned the point (a blank never does).
    pub fn correct(&self) -> bool {
        self.correct
    }

    /// The correct answer, in shown positions.
    pub fn key(&self) -> &Answer {
        &self.key
    }

    /// The question's general explanation (Markdown; may be empty).
    pub fn explanation(&self) -> &str {
        &self.explanation
    }

    /// Why each shown option (or step, or response) is right or wrong, in shown order;
    /// for matching, only distractor responses have one.
    pub fn option_explanations(&self) -> &[String] {
        &self.option_explanations
    }

    /// Why each prompt matches its response, in shown order (matching only).
    pub fn prompt_explanations(&self) -> &[String] {
        &self.prompt_explanations
    }

    /// Documentation that supports the key.
    pub fn references(&self) -> &[Link] {
        &self.references
    }

    fn of(item: &FormItem, answer: Option<&Answer>) -> Solution {
        let (option_explanations, prompt_explanations) = match &item.content {
            Content::Choices(options) => (
                options.iter().map(|o| o.explanation.clone()).collect(),
                Vec::new(),
            ),
            Content::Steps(steps) => (
                steps.iter().map(|s| s.explanation.clone()).collect(),
                Vec::new(),
            ),
            Content::Matching { prompts, responses } => (
                responses.iter().map(|r| r.explanation.clone()).collect(),
                prompts.iter().map(|p| p.explanation.clone()).collect(),
            ),
        };
        Solution {
            id: item.id.clone(),
            correct: answer.is_some_and(|a| item.is_correct(a)),
            key: item.correct_answer(),
            explanation: item.explanation.clone(),
            option_explanations,
            prompt_explanations,
            references: item.references.clone(),
        }
    }
}

/// One line of the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReviewEntry {
    /// The question's index.
    pub index: usize,
    /// Whether it has an answer.
    pub answered: bool,
    /// Whether it is flagged.
    pub flagged: bool,
    /// Whether its answer is final.
    pub is_final: bool,
}

/// The review screen: every question with its state, and the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewScreen {
    /// Every question, in form order.
    pub entries: Vec<ReviewEntry>,
    /// How many are answered.
    pub answered: usize,
    /// How many are not.
    pub unanswered: usize,
    /// How many are flagged.
    pub flagged: usize,
}

impl Attempt {
    /// The view of one question.
    ///
    /// # Errors
    ///
    /// [`AttemptError::NoSuchItem`] for an index outside the form.
    pub fn question(&self, index: usize) -> Result<QuestionView, AttemptError> {
        let item = self.form.items.get(index).ok_or(AttemptError::NoSuchItem {
            item: index,
            len: self.form.items.len(),
        })?;
        let state = &self.items[index];
        let options = |texts: Vec<&str>| {
            texts
                .into_iter()
                .enumerate()
                .map(|(i, text)| OptionView {
                    label: label(i as u8),
                    text: text.to_owned(),
                })
                .collect()
        };
        let (options, prompts) = match &item.content {
            Content::Choices(o) => (options(o.iter().map(|o| o.text.as_str()).collect()), vec![]),
            Content::Steps(s) => (options(s.iter().map(|s| s.text.as_str()).collect()), vec![]),
            Content::Matching { prompts, responses } => (
                options(responses.iter().map(|r| r.text.as_str()).collect()),
                prompts.iter().map(|p| p.text.clone()).collect(),
            ),
        };
        Ok(QuestionView {
            index,
            total: self.form.items.len(),
            kind: item.kind,
            stem: item.stem.clone(),
            case: item.case.clone(),
            options,
            prompts,
            select: item.select(),
            flagged: state.flagged,
            answer: state.answer.clone(),
            is_final: self.is_final(index),
            solution: self
                .revealed(index)
                .then(|| Solution::of(item, state.answer.as_ref())),
        })
    }

    /// The views of every question, in form order.
    pub fn questions(&self) -> Vec<QuestionView> {
        (0..self.form.items.len())
            .filter_map(|i| self.question(i).ok())
            .collect()
    }

    /// The review screen.
    pub fn review(&self) -> ReviewScreen {
        let entries: Vec<ReviewEntry> = self
            .items
            .iter()
            .enumerate()
            .map(|(index, state)| ReviewEntry {
                index,
                answered: state.answer.is_some(),
                flagged: state.flagged,
                is_final: self.is_final(index),
            })
            .collect();
        let answered = entries.iter().filter(|e| e.answered).count();
        ReviewScreen {
            answered,
            unanswered: entries.len() - answered,
            flagged: entries.iter().filter(|e| e.flagged).count(),
            entries,
        }
    }
}
