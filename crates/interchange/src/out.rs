//! What every exporter shares: which items a format can take, and the notes about the rest.

use crate::grades;
use crate::model::{ImportNote, NoteSeverity};
use bank::{Body, Choice, Item};

/// The notes of one export.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    notes: Vec<ImportNote>,
}

impl Notes {
    fn push(&mut self, item: &Item, severity: NoteSeverity, message: String) {
        self.notes.push(ImportNote {
            position: format!("item {}", item.id),
            severity,
            message,
        });
    }

    pub(crate) fn warn(&mut self, item: &Item, message: impl Into<String>) {
        self.push(item, NoteSeverity::Warning, message.into());
    }

    pub(crate) fn skip(&mut self, item: &Item, message: impl Into<String>) {
        self.push(item, NoteSeverity::Skipped, message.into());
    }

    pub(crate) fn into_vec(self) -> Vec<ImportNote> {
        self.notes
    }
}

/// The choice items a format can take, with a Skipped note for every other item. Items with
/// no correct option are skipped too unless `keyless` is allowed (CSV carries them as written).
pub(crate) fn choice_items<'a>(
    items: &'a [Item],
    format: &str,
    keyless: bool,
    notes: &mut Notes,
) -> Vec<(&'a Item, &'a [Choice])> {
    let mut out = Vec::new();
    for item in items {
        match &item.body {
            Body::Choices(choices) if choices.is_empty() => {
                notes.skip(item, "the item has no options");
            }
            Body::Choices(choices) => {
                if !keyless && !choices.iter().any(|c| c.correct) {
                    notes.skip(item, "the item has no correct option");
                } else {
                    out.push((item, choices.as_slice()));
                }
            }
            Body::Steps(_) => notes.skip(
                item,
                format!(
                    "{format} has no ordering question certpath can write; the item is not exported"
                ),
            ),
            Body::Pairs(_) => notes.skip(
                item,
                format!(
                    "{format} has no matching question certpath can write; the item is not exported"
                ),
            ),
        }
    }
    out
}

/// The Moodle question-bank category for an item: its first exam and domain.
pub(crate) fn category(item: &Item) -> String {
    match item.placements.first() {
        Some(p) => format!("$course$/top/certpath/{}/domain-{}", p.exam, p.domain),
        None => "$course$/top/certpath/unplaced".to_owned(),
    }
}

/// The Moodle grade of each correct option of an item with `correct` of them (see
/// [`grades::share`]), noting for a multiple-response item that Moodle gives partial credit
/// where AWS gives none, and when no Moodle grade splits 100% evenly.
pub(crate) fn correct_option_grade(item: &Item, correct: usize, notes: &mut Notes) -> &'static str {
    let (share, exact) = grades::share(correct);
    if correct > 1 {
        notes.warn(
            item,
            format!(
                "Moodle gives partial credit for part of the key, AWS none: each correct option weighs {share}% and each wrong one {}%, so any wrong choice scores 0",
                grades::DISTRACTOR
            ),
        );
        if !exact {
            notes.warn(
                item,
                format!("no Moodle grade splits 100% into {correct} equal parts; each correct option weighs {share}%"),
            );
        }
    }
    share
}

/// Notes for what formats without a per-option "stays in place" flag lose.
pub(crate) fn note_fixed(item: &Item, choices: &[Choice], format: &str, notes: &mut Notes) {
    let fixed: Vec<String> = choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fixed)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !fixed.is_empty() {
        notes.warn(
            item,
            format!(
                "{format} cannot keep an option in place when options are shuffled; `{{fixed}}` dropped from option {}",
                fixed.join(", ")
            ),
        );
    }
}

/// The note for formats that show Markdown as plain text.
pub(crate) fn note_markdown(item: &Item, choices: &[Choice], format: &str, notes: &mut Notes) {
    let any = crate::text::looks_like_markdown(&item.stem)
        || crate::text::looks_like_markdown(&item.explanation)
        || choices.iter().any(|c| {
            crate::text::looks_like_markdown(&c.text)
                || crate::text::looks_like_markdown(&c.explanation)
        });
    if any {
        notes.warn(
            item,
            format!(
                "{format} has no Markdown; the item's Markdown markup is written as plain text"
            ),
        );
    }
}
