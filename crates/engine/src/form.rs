//! A form: the questions of one attempt, in the order and with the options shown.

use crate::answer::{Answer, label};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of a question, as the engine presents and scores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One correct option; the answer is exactly one option.
    Single,
    /// Two or more correct options; the answer is at most "Select N" options.
    Multiple,
    /// Steps to put in order; the answer is a permutation of the shown steps.
    Ordering,
    /// Prompts to match with responses; the answer is one response per prompt.
    Matching,
}

impl QuestionKind {
    /// The name used in JSON and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Ordering => "ordering",
            QuestionKind::Matching => "matching",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<bank::ItemType> for QuestionKind {
    fn from(value: bank::ItemType) -> QuestionKind {
        match value {
            bank::ItemType::Single => QuestionKind::Single,
            bank::ItemType::Multiple => QuestionKind::Multiple,
            bank::ItemType::Ordering => QuestionKind::Ordering,
            bank::ItemType::Matching => QuestionKind::Matching,
        }
    }
}

/// What a form was assembled for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FormKind {
    /// A full exam form: the catalog's scored and unscored counts, domains by weight.
    Full,
    /// A drill of one domain; every question is scored.
    Drill {
        /// The domain number.
        domain: u8,
    },
    /// A review of given items (missed or flagged earlier); every question is scored.
    Review,
    /// A custom form (domains, count, minutes); every question is scored.
    Custom,
}

impl FormKind {
    /// Whether this is a full exam form, the only kind the practice scale is set for.
    pub fn is_full(&self) -> bool {
        matches!(self, FormKind::Full)
    }

    /// A short description for reports: "full exam form", "drill of domain 2" ...
    pub fn describe(&self) -> String {
        match self {
            FormKind::Full => "full exam form".to_owned(),
            FormKind::Drill { domain } => format!("drill of domain {domain}"),
            FormKind::Review => "review form".to_owned(),
            FormKind::Custom => "custom form".to_owned(),
        }
    }
}

/// A domain of the exam, as the form's report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDomain {
    /// The domain number in the exam guide.
    pub number: u8,
    /// The domain's name in the guide.
    pub name: String,
}

/// A documentation link that supports an item's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The link text, when the bank gives one.
    pub title: Option<String>,
    /// The URL.
    pub url: String,
}

/// One option of a choice question, in shown order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ChoiceOption {
    pub(crate) text: String,
    pub(crate) correct: bool,
    pub(crate) explanation: String,
}

/// One step of an ordering question, in shown order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StepOption {
    pub(crate) text: String,
    /// Where the step belongs in the correct order (0-based).
    pub(crate) rank: u8,
    pub(crate) explanation: String,
}

/// One prompt of a matching question, in shown order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Prompt {
    pub(crate) text: String,
    /// The shown position of the matching response.
    pub(crate) response: u8,
    pub(crate) explanation: String,
}

/// One response of a matching question, in shown order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Response {
    pub(crate) text: String,
    /// Why it matches nothing, for a distractor; empty otherwise.
    pub(crate) explanation: String,
}

/// The shown options of a question with the key, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Content {
    Choices(Vec<ChoiceOption>),
    Steps(Vec<StepOption>),
    Matching {
        prompts: Vec<Prompt>,
        responses: Vec<Response>,
    },
}

/// One question of a form: a snapshot of the bank item with its options in shown order.
///
/// The snapshot holds the key and the explanations, so a form belongs on the server: the
/// candidate sees questions only through [`QuestionView`](crate::QuestionView).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormItem {
    pub(crate) id: String,
    pub(crate) domain: u8,
    pub(crate) task: Option<String>,
    pub(crate) kind: QuestionKind,
    pub(crate) scored: bool,
    pub(crate) angoff: f64,
    pub(crate) stem: String,
    pub(crate) case: Option<String>,
    pub(crate) content: Content,
    pub(crate) explanation: String,
    pub(crate) references: Vec<Link>,
}

impl FormItem {
    /// The bank item's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The domain it was placed in.
    pub fn domain(&self) -> u8 {
        self.domain
    }

    /// The task statement id, when the bank gives one.
    pub fn task(&self) -> Option<&str> {
        self.task.as_deref()
    }

    /// The question kind.
    pub fn kind(&self) -> QuestionKind {
        self.kind
    }

    /// Whether the question counts towards the score. Server-side only: no view or report
    /// says which questions are unscored.
    pub fn scored(&self) -> bool {
        self.scored
    }

    /// The Angoff rating used for the form's cut (the item's own, or its difficulty's default).
    pub fn angoff(&self) -> f64 {
        self.angoff
    }

    /// The rating in thousandths, as the cut sums it.
    pub(crate) fn angoff_milli(&self) -> u32 {
        (self.angoff.clamp(0.0, 1.0) * 1000.0).round() as u32
    }

    /// The stem (Markdown).
    pub fn stem(&self) -> &str {
        &self.stem
    }

    /// The case-study id, when the item belongs to one.
    pub fn case(&self) -> Option<&str> {
        self.case.as_deref()
    }

    /// How many options (choices), steps (ordering) or responses (matching) are shown.
    pub fn option_count(&self) -> usize {
        match &self.content {
            Content::Choices(options) => options.len(),
            Content::Steps(steps) => steps.len(),
            Content::Matching { responses, .. } => responses.len(),
        }
    }

    /// How many prompts a matching question shows; zero for other kinds.
    pub fn prompt_count(&self) -> usize {
        match &self.content {
            Content::Matching { prompts, .. } => prompts.len(),
            _ => 0,
        }
    }

    /// "Select N" for a multiple-response question: the size of its key.
    pub fn select(&self) -> Option<u8> {
        match (&self.content, self.kind) {
            (Content::Choices(options), QuestionKind::Multiple) => {
                Some(options.iter().filter(|o| o.correct).count() as u8)
            }
            _ => None,
        }
    }

    /// The correct answer, in shown positions. Server-side only.
    pub fn correct_answer(&self) -> Answer {
        match &self.content {
            Content::Choices(options) => Answer::Choices(
                (0..options.len())
                    .filter(|&i| options[i].correct)
                    .map(|i| i as u8)
                    .collect(),
            ),
            Content::Steps(steps) => {
                let mut order: Vec<u8> = (0..steps.len() as u8).collect();
                order.sort_by_key(|&i| steps[usize::from(i)].rank);
                Answer::Order(order)
            }
            Content::Matching { prompts, .. } => {
                Answer::Matches(prompts.iter().map(|p| p.response).collect())
            }
        }
    }

    /// Whether `answer` earns the point: the whole key and nothing else (no partial credit).
    pub fn is_correct(&self, answer: &Answer) -> bool {
        let key = self.correct_answer();
        match (answer, &key) {
            (Answer::Choices(given), Answer::Choices(key)) => {
                let mut given = given.clone();
                given.sort_unstable();
                given.dedup();
                &given == key
            }
            (Answer::Order(given), Answer::Order(key)) => given == key,
            (Answer::Matches(given), Answer::Matches(key)) => given == key,
            _ => false,
        }
    }

    /// Checks what storage could have altered: a key that fits the options.
    fn check(&self) -> Result<(), String> {
        let at = |what: &str| format!("question {} ({}): {what}", self.id, self.kind);
        if self.option_count() > usize::from(u8::MAX) {
            return Err(at("more than 255 options"));
        }
        match (&self.content, self.kind) {
            (Content::Choices(options), QuestionKind::Single | QuestionKind::Multiple) => {
                let correct = options.iter().filter(|o| o.correct).count();
                if self.kind == QuestionKind::Single && correct != 1 {
                    return Err(at(
                        "a single-answer question needs exactly one correct option",
                    ));
                }
                if correct == 0 {
                    return Err(at("no correct option"));
                }
            }
            (Content::Steps(steps), QuestionKind::Ordering) => {
                let mut ranks: Vec<u8> = steps.iter().map(|s| s.rank).collect();
                ranks.sort_unstable();
                if steps.is_empty() || ranks.iter().enumerate().any(|(i, &r)| usize::from(r) != i) {
                    return Err(at("the steps' ranks are not 0, 1, 2 ..."));
                }
            }
            (Content::Matching { prompts, responses }, QuestionKind::Matching) => {
                if prompts.is_empty() {
                    return Err(at("no prompts"));
                }
                if prompts
                    .iter()
                    .any(|p| usize::from(p.response) >= responses.len())
                {
                    return Err(at("a prompt's response is not among the responses"));
                }
            }
            _ => return Err(at("the options do not fit the question kind")),
        }
        Ok(())
    }

    /// Short text naming a shown position: "B" for choices, "step C", "response A".
    pub(crate) fn position_name(&self, position: u8) -> String {
        match self.kind {
            QuestionKind::Single | QuestionKind::Multiple => format!("option {}", label(position)),
            QuestionKind::Ordering => format!("step {}", label(position)),
            QuestionKind::Matching => format!("response {}", label(position)),
        }
    }
}

/// The questions of one attempt, assembled by [`assemble`](crate::assemble).
///
/// A form is a self-contained snapshot: it carries the questions as they were in the bank
/// (stems, options in shown order, keys, explanations), the exam's passing score and the
/// time limit, so an attempt can be replayed and scored after the bank changes. It holds the
/// key: keep it on the server and show candidates [`QuestionView`](crate::QuestionView)s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub(crate) exam: String,
    pub(crate) exam_name: String,
    pub(crate) kind: FormKind,
    pub(crate) seed: u64,
    pub(crate) minutes: Option<u32>,
    pub(crate) passing_score: u32,
    pub(crate) domains: Vec<FormDomain>,
    pub(crate) items: Vec<FormItem>,
}

impl Form {
    /// The exam code, such as `SAA-C03`.
    pub fn exam(&self) -> &str {
        &self.exam
    }

    /// The credential name.
    pub fn exam_name(&self) -> &str {
        &self.exam_name
    }

    /// What the form was assembled for.
    pub fn kind(&self) -> &FormKind {
        &self.kind
    }

    /// The seed it was assembled with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The time limit in minutes; `None` when the catalog has no duration and none was asked.
    pub fn minutes(&self) -> Option<u32> {
        self.minutes
    }

    /// The exam's passing scaled score (the catalog's), where the practice scale puts the cut.
    pub fn passing_score(&self) -> u32 {
        self.passing_score
    }

    /// The exam's domains, in guide order.
    pub fn domains(&self) -> &[FormDomain] {
        &self.domains
    }

    /// The questions, in shown order.
    pub fn items(&self) -> &[FormItem] {
        &self.items
    }

    /// The number of questions.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the form has no questions (never true for an assembled form).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The bank ids of the questions, in shown order (for the next form's "recently seen").
    pub fn item_ids(&self) -> Vec<&str> {
        self.items.iter().map(|i| i.id.as_str()).collect()
    }

    /// How many questions count towards the score.
    pub fn scored_count(&self) -> usize {
        self.items.iter().filter(|i| i.scored).count()
    }

    /// The raw cut: the sum of the scored questions' Angoff ratings, each rounded to 0.001.
    pub fn raw_cut(&self) -> f64 {
        f64::from(self.cut_milli()) / 1000.0
    }

    /// The raw cut in thousandths of a point, so comparisons with raw scores are exact.
    pub(crate) fn cut_milli(&self) -> u32 {
        self.items
            .iter()
            .filter(|i| i.scored)
            .map(FormItem::angoff_milli)
            .sum()
    }

    /// Checks a form that came from storage: questions present, keys that fit the options,
    /// domains that exist.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.items.is_empty() {
            return Err("the form has no questions".to_owned());
        }
        if self.scored_count() == 0 {
            return Err("the form has no scored questions".to_owned());
        }
        for item in &self.items {
            item.check()?;
            if !self.domains.iter().any(|d| d.number == item.domain) {
                return Err(format!(
                    "question {} is in domain {}, which the form does not list",
                    item.id, item.domain
                ));
            }
        }
        Ok(())
    }
}
