//! The bank's types: items, their kinds, options, metadata and case-study groups.

use std::fmt;
use std::ops::Range;
use time::Date;

/// Where an item is used: an exam version, a domain and a task statement of its guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The exam code, such as `SAA-C03`.
    pub exam: String,
    /// The domain number in that exam's guide.
    pub domain: u8,
    /// The task statement id (`1.2`), when given.
    pub task: Option<String>,
    /// Where the placement is written in the file.
    pub span: Range<usize>,
}

/// The review state of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Written, not yet checked by a second reader; used only as unscored (pretest) items.
    Draft,
    /// Checked against current AWS documentation by a second reader.
    Reviewed,
    /// No longer used.
    Retired,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 3] = [Status::Draft, Status::Reviewed, Status::Retired];

    /// The name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Reviewed => "reviewed",
            Status::Retired => "retired",
        }
    }

    /// The status for its name.
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How hard an item is meant to be; gives a default Angoff rating where an item has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Difficulty {
    /// Core facts every passing candidate knows.
    Easy,
    /// Judgement between two good options.
    Medium,
    /// Integration of several ideas.
    Hard,
}

impl Difficulty {
    /// Every difficulty.
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    /// The difficulty for its name.
    pub fn from_name(name: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.as_str() == name)
    }

    /// The Angoff rating assumed for an item of this difficulty with none of its own
    /// (the middle of the ranges in the item-writing guide).
    pub fn default_angoff(self) -> f64 {
        match self {
            Difficulty::Easy => 0.9,
            Difficulty::Medium => 0.68,
            Difficulty::Hard => 0.48,
        }
    }
}

/// The kind of an item, written `type` in the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemType {
    /// One correct option out of four or more.
    Single,
    /// Two or more correct options out of five or more; the stem says "(Select N.)".
    Multiple,
    /// Put 3–5 steps in the correct order.
    Ordering,
    /// Match 3–7 prompts to responses.
    Matching,
}

impl ItemType {
    /// Every type.
    pub const ALL: [ItemType; 4] = [
        ItemType::Single,
        ItemType::Multiple,
        ItemType::Ordering,
        ItemType::Matching,
    ];

    /// The name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Single => "single",
            ItemType::Multiple => "multiple",
            ItemType::Ordering => "ordering",
            ItemType::Matching => "matching",
        }
    }

    /// The type for its name.
    pub fn from_name(name: &str) -> Option<ItemType> {
        ItemType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The catalog's question type for this item type.
    pub fn question_type(self) -> catalog::QuestionType {
        match self {
            ItemType::Single => catalog::QuestionType::MultipleChoice,
            ItemType::Multiple => catalog::QuestionType::MultipleResponse,
            ItemType::Ordering => catalog::QuestionType::Ordering,
            ItemType::Matching => catalog::QuestionType::Matching,
        }
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One option of a choice item (single or multiple).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The option's text (Markdown).
    pub text: String,
    /// Whether it is part of the key.
    pub correct: bool,
    /// Why it is right or wrong for this scenario (Markdown); empty when missing.
    pub explanation: String,
    /// Stays in place when options are shuffled.
    pub fixed: bool,
    /// Where the option is written in the file.
    pub span: Range<usize>,
}

/// One step of an ordering item; the authored order is the correct order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The step's text.
    pub text: String,
    /// Why it comes where it does; empty when missing.
    pub explanation: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// One pair of a matching item: a prompt and its response, or a response that matches no prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The prompt; `None` for a distractor response.
    pub prompt: Option<String>,
    /// The response.
    pub response: String,
    /// Why the pair belongs together (or why the response matches nothing); empty when missing.
    pub explanation: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// What a candidate answers, by item type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Single choice or multiple response.
    Choices(Vec<Choice>),
    /// Ordering.
    Steps(Vec<Step>),
    /// Matching.
    Pairs(Vec<Pair>),
}

/// A documentation link that supports the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The link text, when the reference is written as a Markdown link.
    pub title: Option<String>,
    /// The URL.
    pub url: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// The positions of the correct choices, in written order (0 for the first option).
pub fn key_positions(choices: &[Choice]) -> Vec<usize> {
    choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| i)
        .collect()
}

/// One question of the bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The stable id, such as `saa-c03-s3-lifecycle-01`.
    pub id: String,
    /// The file the item came from.
    pub file: String,
    /// Where it is used.
    pub placements: Vec<Placement>,
    /// The question type.
    pub item_type: ItemType,
    /// AWS services the item is about.
    pub services: Vec<String>,
    /// Probability that a minimally qualified candidate answers correctly.
    pub angoff: Option<f64>,
    /// Intended difficulty.
    pub difficulty: Option<Difficulty>,
    /// Review state.
    pub status: Status,
    /// Last review date.
    pub reviewed: Option<Date>,
    /// Who wrote it.
    pub author: String,
    /// Who reviewed it.
    pub reviewer: Option<String>,
    /// Items of one enemy group never appear on the same form.
    pub enemy: Option<String>,
    /// The case-study scenario this item belongs to.
    pub case: Option<String>,
    /// Warnings (by code or name) the authors checked and accepted for this item.
    pub allow: Vec<String>,
    /// The scenario and question (Markdown).
    pub stem: String,
    /// Where the stem is written.
    pub stem_span: Range<usize>,
    /// The options, steps or pairs.
    pub body: Body,
    /// General explanation shown after the answer is final (Markdown); may be empty.
    pub explanation: String,
    /// Documentation links.
    pub references: Vec<Reference>,
}

impl Item {
    /// The Angoff rating, or the default for the item's difficulty (medium when none).
    pub fn angoff_or_default(&self) -> f64 {
        self.angoff.unwrap_or_else(|| {
            self.difficulty
                .unwrap_or(Difficulty::Medium)
                .default_angoff()
        })
    }

    /// The choices, for single and multiple items.
    pub fn choices(&self) -> &[Choice] {
        match &self.body {
            Body::Choices(choices) => choices,
            _ => &[],
        }
    }

    /// How many options are correct (choice items), steps (ordering) or prompts (matching).
    pub fn key_count(&self) -> usize {
        match &self.body {
            Body::Choices(choices) => choices.iter().filter(|c| c.correct).count(),
            Body::Steps(steps) => steps.len(),
            Body::Pairs(pairs) => pairs.iter().filter(|p| p.prompt.is_some()).count(),
        }
    }

    /// The placement for an exam code, if the item is used on that exam.
    pub fn placement(&self, exam: &str) -> Option<&Placement> {
        self.placements
            .iter()
            .find(|p| p.exam.eq_ignore_ascii_case(exam))
    }
}

/// A case-study scenario shared by several items, each scored on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's id, referred to by items' `case`.
    pub id: String,
    /// A short title.
    pub title: String,
    /// The scenario (Markdown).
    pub scenario: String,
    /// The file it came from.
    pub file: String,
}
