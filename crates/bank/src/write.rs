//! Writes items in the authoring format: the inverse of the parser, used by `bank import`.

use crate::model::{Body, Case, Item, ItemType};
use serde::Serialize;

#[derive(Serialize)]
struct FrontOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    item_type: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed: Option<toml::value::Datetime>,
    author: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    difficulty: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    angoff: Option<f64>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    services: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    enemy: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    allow: &'a [String],
    exams: Vec<PlacementOut<'a>>,
}

#[derive(Serialize)]
struct PlacementOut<'a> {
    code: &'a str,
    domain: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    task: Option<&'a str>,
}

#[derive(Serialize)]
struct CaseOut<'a> {
    kind: &'a str,
    id: &'a str,
    title: &'a str,
}

/// Escapes a line that the parser would otherwise read as structure for this item type (an
/// option, a step, a pair or a section heading); Markdown shows the escaped line unchanged.
fn escape_line(line: &str, item_type: ItemType) -> String {
    if line.starts_with("## ") {
        return format!("\\{line}");
    }
    let bullet = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
    let misread = match item_type {
        ItemType::Single | ItemType::Multiple => bullet.is_some_and(|rest| rest.starts_with('[')),
        ItemType::Matching => {
            bullet.is_some_and(|rest| rest.starts_with("=> ") || rest.contains(" => "))
        }
        ItemType::Ordering => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && line[digits..].starts_with(". ") {
                return format!("{}\\{}", &line[..digits], &line[digits..]);
            }
            false
        }
    };
    if misread {
        format!("\\{line}")
    } else {
        line.to_owned()
    }
}

fn push_block(out: &mut String, text: &str, item_type: ItemType) {
    for line in text.lines() {
        out.push_str(&escape_line(line, item_type));
        out.push('\n');
    }
}

/// Option text and explanation under a list marker, indented as the parser expects.
fn push_entry(out: &mut String, marker: &str, text: &str, explanation: &str) {
    let mut lines = text.lines();
    out.push_str(marker);
    out.push_str(lines.next().unwrap_or_default());
    out.push('\n');
    for line in lines {
        out.push_str("  ");
        out.push_str(
            line.trim_start()
                .strip_prefix('>')
                .unwrap_or(line.trim_start()),
        );
        out.push('\n');
    }
    for line in explanation.lines() {
        if line.trim().is_empty() {
            out.push_str("  >\n");
        } else {
            out.push_str("  > ");
            out.push_str(line);
            out.push('\n');
        }
    }
}

fn datetime(date: time::Date) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day(),
        }),
        time: None,
        offset: None,
    }
}

/// The item in the authoring format.
pub fn write_item(item: &Item) -> String {
    let front = FrontOut {
        id: &item.id,
        item_type: item.item_type.as_str(),
        status: item.status.as_str(),
        reviewed: item.reviewed.map(datetime),
        author: &item.author,
        reviewer: item.reviewer.as_deref(),
        difficulty: item.difficulty.map(|d| d.as_str()),
        angoff: item.angoff,
        services: &item.services,
        enemy: item.enemy.as_deref(),
        case: item.case.as_deref(),
        allow: &item.allow,
        exams: item
            .placements
            .iter()
            .map(|p| PlacementOut {
                code: &p.exam,
                domain: p.domain,
                task: p.task.as_deref(),
            })
            .collect(),
    };
    let mut out = String::from("+++\n");
    out.push_str(&toml::to_string(&front).unwrap_or_default());
    out.push_str("+++\n\n");
    push_block(&mut out, &item.stem, item.item_type);
    out.push('\n');
    match &item.body {
        Body::Choices(choices) => {
            for choice in choices {
                let marker = if choice.correct { "- [x] " } else { "- [ ] " };
                let text = if choice.fixed {
                    format!("{} {{fixed}}", choice.text)
                } else {
                    choice.text.clone()
                };
                push_entry(&mut out, marker, &text, &choice.explanation);
            }
        }
        Body::Steps(steps) => {
            for (index, step) in steps.iter().enumerate() {
                push_entry(
                    &mut out,
                    &format!("{}. ", index + 1),
                    &step.text,
                    &step.explanation,
                );
            }
        }
        Body::Pairs(pairs) => {
            for pair in pairs {
                let marker = match &pair.prompt {
                    Some(prompt) => format!("- {prompt} => "),
                    None => "- => ".to_owned(),
                };
                push_entry(&mut out, &marker, &pair.response, &pair.explanation);
            }
        }
    }
    if !item.explanation.is_empty() {
        out.push_str("\n## Explanation\n\n");
        push_block(&mut out, &item.explanation, item.item_type);
    }
    if !item.references.is_empty() {
        out.push_str("\n## References\n\n");
        for reference in &item.references {
            match &reference.title {
                Some(title) => out.push_str(&format!("- [{title}]({})\n", reference.url)),
                None => out.push_str(&format!("- {}\n", reference.url)),
            }
        }
    }
    out
}

/// The case in the authoring format.
pub fn write_case(case: &Case) -> String {
    let front = CaseOut {
        kind: "case",
        id: &case.id,
        title: &case.title,
    };
    let mut out = String::from("+++\n");
    out.push_str(&toml::to_string(&front).unwrap_or_default());
    out.push_str("+++\n\n");
    push_block(&mut out, &case.scenario, ItemType::Single);
    out
}
