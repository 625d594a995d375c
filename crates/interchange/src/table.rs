//! CSV: one row per choice item, with a header row naming the columns.
//!
//! The columns, in the order written: `id, exam, domain, task, type, stem, option_1 ..
//! option_6, correct, explanation_1 .. explanation_6, explanation, references, services,
//! angoff, status, author, difficulty, reviewed, reviewer, enemy, case, fixed, allow`. More than six
//! options add `option_7`, `explanation_7`, ... Reading matches columns by name, in any order;
//! only `stem`, `option_1` and `correct` are required. Lists: `correct` and `fixed` hold option
//! numbers separated by `;` (`2`, `1;3`; letters `B;D` are read too), `services` is
//! `;`-separated, and so is `allow` (the warnings an item's authors accepted), `references` holds URLs or `[title](url)` links separated by spaces, and an
//! item on several exams has `;`-separated `exam`, `domain` and `task` lists of equal length.
//! The table is lossless for choice items.

use crate::build::Importer;
use crate::error::ImportError;
use crate::model::{Exported, ImportOptions, Imported};
use crate::out::{self, Notes};
use crate::text;
use bank::{Body, Choice, Difficulty, Item, ItemType, Placement, Reference, Status};
use std::collections::HashMap;
use time::{Date, Month};

const FIXED_OPTIONS: usize = 6;

/// A row of the file, by column name.
struct Row<'a> {
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.columns
            .get(name)
            .and_then(|i| self.record.get(*i))
            .map_or("", str::trim)
    }

    /// A cell, trimmed, with `\r\n` line breaks read as `\n`.
    fn text(&self, name: &str) -> String {
        self.get(name).replace("\r\n", "\n")
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Option numbers from `2`, `1;3`, `1, 3` or `B;D`.
fn numbers(text: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in text
        .split([';', ',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let number = if let Ok(n) = part.parse::<usize>() {
            n
        } else if part.len() == 1 && part.as_bytes()[0].is_ascii_alphabetic() {
            usize::from(part.as_bytes()[0].to_ascii_uppercase() - b'A') + 1
        } else {
            return Err(format!("`{part}` is not an option number"));
        };
        if !out.contains(&number) {
            out.push(number);
        }
    }
    Ok(out)
}

/// References from `url [title](url) ...`.
fn parse_references(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[')
            && let Some((title, tail)) = after.split_once("](")
            && let Some((url, tail)) = tail.split_once(')')
        {
            out.push(Reference {
                title: Some(title.to_owned()),
                url: url.trim().to_owned(),
                span: 0..0,
            });
            rest = tail.trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push(Reference {
            title: None,
            url: rest[..end].to_owned(),
            span: 0..0,
        });
        rest = rest[end..].trim_start();
    }
    out
}

fn write_references(references: &[Reference]) -> String {
    references
        .iter()
        .map(|r| match &r.title {
            Some(title) => format!("[{title}]({})", r.url),
            None => r.url.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads a CSV file.
pub(crate) fn import(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|err| csv_error(&err))?.clone();
    let columns: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().to_ascii_lowercase(), i))
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(ImportError::NotThisFormat {
            line: Some(1),
            message: "the file is empty; a CSV file starts with a header row naming its columns (id, exam, domain, task, type, stem, option_1, ..., correct, ...)".to_owned(),
        });
    }
    for required in ["stem", "option_1", "correct"] {
        if !columns.contains_key(required) {
            return Err(ImportError::NotThisFormat {
                line: Some(1),
                message: format!(
                    "the header row has no `{required}` column; the columns are id, exam, domain, task, type, stem, option_1..option_6, correct, explanation_1..explanation_6, explanation, references, services, angoff, status, author"
                ),
            });
        }
    }
    let mut option_columns: Vec<usize> = columns
        .keys()
        .filter_map(|k| k.strip_prefix("option_")?.parse().ok())
        .collect();
    option_columns.sort_unstable();

    let mut importer = Importer::new(options);
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                number += 1;
                let line = err.position().map_or(0, |p| p.line());
                importer.skip(
                    &format!("row {number} (line {line})"),
                    format!("the row cannot be read: {err}"),
                );
                if err.position().is_none() {
                    break;
                }
                continue;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        number += 1;
        let line = record.position().map_or(0, |p| p.line());
        let position = format!("row {number} (line {line})");
        let row = Row {
            columns: &columns,
            record: &record,
        };
        read_row(&row, &option_columns, number, &position, &mut importer);
    }
    Ok(importer.finish())
}

fn csv_error(err: &csv::Error) -> ImportError {
    ImportError::Syntax {
        line: err.position().map_or(1, |p| p.line() as usize),
        column: 1,
        message: err.to_string(),
    }
}

fn read_row(
    row: &Row<'_>,
    option_columns: &[usize],
    number: usize,
    position: &str,
    importer: &mut Importer<'_>,
) {
    let type_name = row.get("type").to_ascii_lowercase();
    let declared = match type_name.as_str() {
        "" => None,
        "single" => Some(ItemType::Single),
        "multiple" => Some(ItemType::Multiple),
        "ordering" | "matching" => {
            importer.skip(
                position,
                format!("CSV holds choice items only; `{type_name}` items are not imported"),
            );
            return;
        }
        other => {
            importer.skip(
                position,
                format!("unknown type `{other}` (the types are single and multiple)"),
            );
            return;
        }
    };
    let mut warnings = Vec::new();
    let mut choices = Vec::new();
    let mut column_of_choice = Vec::new();
    for column in option_columns {
        let text = row.text(&format!("option_{column}"));
        let explanation = row.text(&format!("explanation_{column}"));
        if text.is_empty() {
            if !explanation.is_empty() {
                warnings.push(format!(
                    "explanation_{column} explains no option (option_{column} is empty)"
                ));
            }
            continue;
        }
        choices.push(Choice {
            text: text::option_text(&text),
            correct: false,
            explanation,
            fixed: false,
            span: 0..0,
        });
        column_of_choice.push(*column);
    }
    let mark = |cell: &str, what: &str, warnings: &mut Vec<String>| -> Vec<usize> {
        let numbers = match numbers(row.get(cell)) {
            Ok(numbers) => numbers,
            Err(err) => {
                warnings.push(format!("{cell}: {err}"));
                return Vec::new();
            }
        };
        let mut indexes = Vec::new();
        for n in numbers {
            match column_of_choice.iter().position(|c| *c == n) {
                Some(index) => indexes.push(index),
                None => warnings.push(format!("{what} option {n} is not in the row")),
            }
        }
        indexes
    };
    for index in mark("correct", "correct", &mut warnings) {
        choices[index].correct = true;
    }
    for index in mark("fixed", "fixed", &mut warnings) {
        choices[index].fixed = true;
    }
    if choices.is_empty() {
        importer.skip(position, "the row has no options");
        return;
    }
    let key = choices.iter().filter(|c| c.correct).count();
    if key == 0 {
        warnings.push("no option is marked correct; the item has no key".to_owned());
    }
    let item_type = declared.unwrap_or(if key > 1 {
        ItemType::Multiple
    } else {
        ItemType::Single
    });

    let given = row.get("id");
    let id = if given.is_empty() {
        importer.id_for(None, number)
    } else if text::is_bank_id(given) {
        let id = importer.unique(given.to_owned());
        if id != given {
            warnings.push(format!(
                "id `{given}` is used by an earlier row; imported as `{id}`"
            ));
        }
        id
    } else {
        let id = importer.id_for(Some(given), number);
        warnings.push(format!(
            "id `{given}` is not a bank id (lower-case letters, digits, dots and dashes); imported as `{id}`"
        ));
        id
    };
    let mut item = importer.blank_item(id);
    item.item_type = item_type;
    item.stem = row.text("stem");
    if item.stem.is_empty() {
        warnings.push("the question has no text".to_owned());
    }
    item.body = Body::Choices(choices);
    item.explanation = row.text("explanation");
    item.references = parse_references(row.get("references"));
    item.services = split_list(row.get("services"));
    let exams = split_list(row.get("exam"));
    if !exams.is_empty() {
        item.placements = placements(row, &exams, &mut warnings);
    }
    let angoff = row.get("angoff");
    if !angoff.is_empty() {
        match angoff.parse::<f64>() {
            Ok(value) => item.angoff = Some(value),
            Err(_) => warnings.push(format!("angoff `{angoff}` is not a number; dropped")),
        }
    }
    let status = row.get("status");
    if !status.is_empty() {
        match Status::from_name(&status.to_ascii_lowercase()) {
            Some(status) => item.status = status,
            None => warnings.push(format!(
                "unknown status `{status}` (draft, reviewed or retired); imported as draft"
            )),
        }
    }
    let author = row.get("author");
    if !author.is_empty() {
        item.author = author.to_owned();
    }
    let difficulty = row.get("difficulty");
    if !difficulty.is_empty() {
        match Difficulty::from_name(&difficulty.to_ascii_lowercase()) {
            Some(d) => item.difficulty = Some(d),
            None => warnings.push(format!(
                "unknown difficulty `{difficulty}` (easy, medium or hard); dropped"
            )),
        }
    }
    let reviewed = row.get("reviewed");
    if !reviewed.is_empty() {
        match parse_date(reviewed) {
            Some(date) => item.reviewed = Some(date),
            None => warnings.push(format!(
                "reviewed `{reviewed}` is not a date (YYYY-MM-DD); dropped"
            )),
        }
    }
    let optional = |name: &str| Some(row.get(name).to_owned()).filter(|s| !s.is_empty());
    item.reviewer = optional("reviewer");
    item.enemy = optional("enemy");
    item.case = optional("case");
    item.allow = split_list(row.get("allow"));
    for warning in warnings {
        importer.warn(position, warning);
    }
    importer.push_item(item);
}

fn placements(row: &Row<'_>, exams: &[String], warnings: &mut Vec<String>) -> Vec<Placement> {
    let domains: Vec<&str> = row.get("domain").split(';').map(str::trim).collect();
    let tasks: Vec<&str> = row.get("task").split(';').map(str::trim).collect();
    let mut out = Vec::new();
    for (index, exam) in exams.iter().enumerate() {
        let domain = domains.get(index).copied().unwrap_or_default();
        let Ok(domain) = domain.parse::<u8>() else {
            warnings.push(format!(
                "exam {exam} has no domain number (`{domain}`); the placement is dropped"
            ));
            continue;
        };
        let task = tasks
            .get(index)
            .copied()
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        out.push(Placement {
            exam: exam.clone(),
            domain,
            task,
            span: 0..0,
        });
    }
    out
}

/// Writes choice items as CSV.
pub(crate) fn export(items: &[Item]) -> Exported {
    let mut notes = Notes::default();
    let choice_items = out::choice_items(items, "CSV", true, &mut notes);
    let options = choice_items
        .iter()
        .map(|(_, c)| c.len())
        .max()
        .unwrap_or(0)
        .max(FIXED_OPTIONS);
    let mut header: Vec<String> = ["id", "exam", "domain", "task", "type", "stem"]
        .map(str::to_owned)
        .to_vec();
    header.extend((1..=options).map(|n| format!("option_{n}")));
    header.push("correct".to_owned());
    header.extend((1..=options).map(|n| format!("explanation_{n}")));
    header.extend(
        [
            "explanation",
            "references",
            "services",
            "angoff",
            "status",
            "author",
            "difficulty",
            "reviewed",
            "reviewer",
            "enemy",
            "case",
            "fixed",
            "allow",
        ]
        .map(str::to_owned),
    );
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(&header);
    for (item, choices) in choice_items {
        let join = |f: &dyn Fn(&Placement) -> String| {
            item.placements.iter().map(f).collect::<Vec<_>>().join(";")
        };
        let numbers = |pick: &dyn Fn(&Choice) -> bool| {
            choices
                .iter()
                .enumerate()
                .filter(|(_, c)| pick(c))
                .map(|(i, _)| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(";")
        };
        let mut row: Vec<String> = vec![
            item.id.clone(),
            join(&|p| p.exam.clone()),
            join(&|p| p.domain.to_string()),
            if item.placements.iter().any(|p| p.task.is_some()) {
                join(&|p| p.task.clone().unwrap_or_default())
            } else {
                String::new()
            },
            item.item_type.as_str().to_owned(),
            item.stem.clone(),
        ];
        row.extend(
            (0..options).map(|i| choices.get(i).map(|c| c.text.clone()).unwrap_or_default()),
        );
        row.push(numbers(&|c| c.correct));
        row.extend((0..options).map(|i| {
            choices
                .get(i)
                .map(|c| c.explanation.clone())
                .unwrap_or_default()
        }));
        row.extend([
            item.explanation.clone(),
            write_references(&item.references),
            item.services.join(";"),
            item.angoff.map(|a| a.to_string()).unwrap_or_default(),
            item.status.as_str().to_owned(),
            item.author.clone(),
            item.difficulty
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
            item.reviewed.map(format_date).unwrap_or_default(),
            item.reviewer.clone().unwrap_or_default(),
            item.enemy.clone().unwrap_or_default(),
            item.case.clone().unwrap_or_default(),
            numbers(&|c| c.fixed),
            item.allow.join(";"),
        ]);
        let _ = writer.write_record(&row);
    }
    let text = writer
        .into_inner()
        .map(|bytes| String::from_utf8(bytes).unwrap_or_default())
        .unwrap_or_default();
    Exported {
        text,
        notes: notes.into_vec(),
    }
}
