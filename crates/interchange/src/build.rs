//! Turning questions read from a file into bank items: ids, placements, key and notes.

use crate::model::{ImportNote, ImportOptions, Imported, NoteSeverity};
use crate::text;
use bank::{Body, Choice, Item, ItemType, Placement, Status};
use std::collections::HashSet;

/// What a format says about how many answers a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declared {
    /// One answer (Moodle `single`, QTI cardinality `single`, a GIFT block with `=`).
    Single,
    /// Several answers.
    Multiple,
    /// The format does not say.
    Unknown,
}

/// One option of a question as read.
#[derive(Debug, Clone, Default)]
pub(crate) struct QChoice {
    pub(crate) text: String,
    pub(crate) correct: bool,
    pub(crate) explanation: String,
    pub(crate) fixed: bool,
}

/// A choice question as read from a file, before it becomes an item.
#[derive(Debug, Clone)]
pub(crate) struct Question {
    pub(crate) position: String,
    /// The question's own name (GIFT `::name::`, Moodle `<name>`, QTI `identifier`).
    pub(crate) name: Option<String>,
    /// Its number in the file, from 1.
    pub(crate) number: usize,
    pub(crate) stem: String,
    pub(crate) choices: Vec<QChoice>,
    /// The general feedback as Markdown, which may end with a references trailer.
    pub(crate) explanation: String,
    pub(crate) declared: Declared,
    /// Losses found while reading, one note each.
    pub(crate) warnings: Vec<String>,
}

impl Question {
    pub(crate) fn new(position: String, number: usize) -> Question {
        Question {
            position,
            name: None,
            number,
            stem: String::new(),
            choices: Vec::new(),
            explanation: String::new(),
            declared: Declared::Unknown,
            warnings: Vec::new(),
        }
    }

    /// Records a loss once.
    pub(crate) fn warn(&mut self, message: impl Into<String>) {
        let message = message.into();
        if !self.warnings.contains(&message) {
            self.warnings.push(message);
        }
    }

    /// Records the warnings of a conversion.
    pub(crate) fn warn_all(&mut self, warnings: Vec<String>) {
        for warning in warnings {
            self.warn(warning);
        }
    }
}

/// The state of one import: options, ids handed out, items and notes so far.
pub(crate) struct Importer<'a> {
    options: &'a ImportOptions,
    stem: String,
    used: HashSet<String>,
    items: Vec<Item>,
    notes: Vec<ImportNote>,
}

impl<'a> Importer<'a> {
    pub(crate) fn new(options: &'a ImportOptions) -> Importer<'a> {
        let mut importer = Importer {
            options,
            stem: text::source_stem(&options.source_name),
            used: HashSet::new(),
            items: Vec::new(),
            notes: Vec::new(),
        };
        match (&options.exam, options.domain) {
            (Some(exam), None) => importer.warn(
                "file",
                format!("exam {exam} was given without a domain; the items are not placed"),
            ),
            (None, Some(domain)) => importer.warn(
                "file",
                format!("domain {domain} was given without an exam; the items are not placed"),
            ),
            _ => {}
        }
        importer
    }

    pub(crate) fn note(&mut self, position: &str, severity: NoteSeverity, message: String) {
        self.notes.push(ImportNote {
            position: position.to_owned(),
            severity,
            message,
        });
    }

    pub(crate) fn skip(&mut self, position: &str, message: impl Into<String>) {
        self.note(position, NoteSeverity::Skipped, message.into());
    }

    pub(crate) fn warn(&mut self, position: &str, message: impl Into<String>) {
        self.note(position, NoteSeverity::Warning, message.into());
    }

    /// An id from the source name and the question's name, else its number; unique. A name
    /// that already starts with the source name (a QTI file named after its item) is not
    /// prefixed twice.
    pub(crate) fn id_for(&mut self, name: Option<&str>, number: usize) -> String {
        let part = name.map(|n| text::slug(n, 48)).unwrap_or_default();
        let base = if part.is_empty() {
            format!("{}-{number:02}", self.stem)
        } else if part == self.stem || part.starts_with(&format!("{}-", self.stem)) {
            part
        } else {
            format!("{}-{part}", self.stem)
        };
        self.unique(base)
    }

    /// The id itself when it is free, else with `-2`, `-3`, ... appended.
    pub(crate) fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }

    /// The placement from the options, when both exam and domain are given.
    pub(crate) fn placements(&self) -> Vec<Placement> {
        match (&self.options.exam, self.options.domain) {
            (Some(exam), Some(domain)) => vec![Placement {
                exam: exam.clone(),
                domain,
                task: None,
                span: 0..0,
            }],
            _ => Vec::new(),
        }
    }

    /// An item with the defaults of an import: draft, the options' author and placement.
    pub(crate) fn blank_item(&self, id: String) -> Item {
        Item {
            id,
            file: self.options.source_name.clone(),
            placements: self.placements(),
            item_type: ItemType::Single,
            services: Vec::new(),
            angoff: None,
            difficulty: None,
            status: Status::Draft,
            reviewed: None,
            author: self.options.author.clone(),
            reviewer: None,
            enemy: None,
            case: None,
            allow: Vec::new(),
            stem: String::new(),
            stem_span: 0..0,
            body: Body::Choices(Vec::new()),
            explanation: String::new(),
            references: Vec::new(),
        }
    }

    /// Adds an item made by the format itself (CSV).
    pub(crate) fn push_item(&mut self, item: Item) {
        self.items.push(item);
    }

    /// Makes an item of a choice question: type from the key, references from the feedback.
    pub(crate) fn add(&mut self, mut question: Question) {
        let position = question.position.clone();
        if question.choices.len() < 2 {
            self.skip(
                &position,
                format!(
                    "a choice question needs at least two options; this one has {}",
                    question.choices.len()
                ),
            );
            return;
        }
        let correct = question.choices.iter().filter(|c| c.correct).count();
        let item_type = match (correct, question.declared) {
            (0, _) => {
                question.warn("no option is marked correct; the item has no key");
                ItemType::Single
            }
            (1, Declared::Multiple) => {
                question.warn(
                    "the question takes several answers but only one is correct; imported as single choice",
                );
                ItemType::Single
            }
            (1, _) => ItemType::Single,
            (n, Declared::Single) => {
                question.warn(format!(
                    "{n} answers are fully correct in a single-answer question; imported as multiple response (all {n} must be chosen)"
                ));
                ItemType::Multiple
            }
            (_, _) => ItemType::Multiple,
        };
        let stem = question.stem.trim().to_owned();
        if stem.is_empty() {
            question.warn("the question has no text");
        }
        let (explanation, mut references) = text::split_references(question.explanation.trim());
        text::merge_references(&mut references, text::find_links(&explanation));
        let mut choices = Vec::new();
        let mut empty = Vec::new();
        for (index, choice) in question.choices.iter().enumerate() {
            let option = text::option_text(&choice.text);
            if option.is_empty() {
                empty.push(format!("option {} has no text", index + 1));
            }
            let explanation = choice.explanation.trim().to_owned();
            text::merge_references(&mut references, text::find_links(&explanation));
            choices.push(Choice {
                text: option,
                correct: choice.correct,
                explanation,
                fixed: choice.fixed,
                span: 0..0,
            });
        }
        question.warn_all(empty);
        let id = self.id_for(question.name.as_deref(), question.number);
        let mut item = self.blank_item(id);
        item.item_type = item_type;
        item.stem = stem;
        item.body = Body::Choices(choices);
        item.explanation = explanation;
        item.references = references;
        for warning in std::mem::take(&mut question.warnings) {
            self.warn(&position, warning);
        }
        self.items.push(item);
    }

    pub(crate) fn finish(self) -> Imported {
        Imported {
            items: self.items,
            notes: self.notes,
        }
    }
}
