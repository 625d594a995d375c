//! The exam file of exam-simulator/simulator (`docs/schema.md`): an exam object whose `test`
//! array holds questions `{ variant, question: Node[], choices: [{label, text}], answer,
//! explanation: Node[] }`, where a Node is `{ variant: 0 image URL | 1 text | 2 large text,
//! text }`.
//!
//! Variants 0 (multiple choice) and 1 (multiple answer) are imported; 2 (fill in the blank) and
//! 3 (list order) are reported as skipped. The format has no per-option explanation or
//! references: exports write them as explanation nodes, `Option B: ...` for an option and a
//! final `References:` list, and imports read those nodes back.

use crate::build::{Declared, Importer, QChoice, Question};
use crate::error::ImportError;
use crate::model::{Exported, ImportOptions, Imported};
use crate::out::{self, Notes};
use crate::text;
use bank::Item;
use serde::Serialize;
use serde_json::Value;

/// Nodes as Markdown paragraphs: text as written, large text in bold, images as images.
fn nodes(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(nodes)) = value else {
        return match value {
            Some(Value::String(text)) => vec![text.trim().to_owned()],
            _ => Vec::new(),
        };
    };
    let mut out = Vec::new();
    for node in nodes {
        let text = node
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim();
        if text.is_empty() {
            continue;
        }
        let paragraph = match node.get("variant").and_then(Value::as_u64) {
            Some(0) => format!("![]({text})"),
            Some(2) => format!("**{text}**"),
            _ => text.to_owned(),
        };
        out.push(paragraph);
    }
    out
}

const OPTION_PREFIX: &str = "Option ";

/// Reads an exam-simulator exam file.
pub(crate) fn import(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|err| ImportError::Syntax {
        line: err.line(),
        column: err.column(),
        message: err.to_string(),
    })?;
    let questions = match &value {
        Value::Object(exam) => match exam.get("test") {
            Some(Value::Array(test)) => test,
            _ => {
                return Err(ImportError::NotThisFormat {
                    line: None,
                    message: "the exam object has no `test` array of questions".to_owned(),
                });
            }
        },
        Value::Array(test) => test,
        _ => {
            return Err(ImportError::NotThisFormat {
                line: None,
                message:
                    "an exam-simulator file is an exam object with a `test` array of questions"
                        .to_owned(),
            });
        }
    };
    let mut importer = Importer::new(options);
    for (index, value) in questions.iter().enumerate() {
        let number = index + 1;
        let position = format!("question {number} (test[{index}])");
        read_question(value, number, position, &mut importer);
    }
    Ok(importer.finish())
}

fn read_question(value: &Value, number: usize, position: String, importer: &mut Importer<'_>) {
    if !value.is_object() {
        importer.skip(&position, "the question is not a JSON object");
        return;
    }
    let declared = match value.get("variant").and_then(Value::as_u64) {
        Some(0) => Declared::Single,
        Some(1) => Declared::Multiple,
        Some(2) => {
            importer.skip(
                &position,
                "fill-in-the-blank questions (variant 2) are not imported",
            );
            return;
        }
        Some(3) => {
            importer.skip(
                &position,
                "list-order questions (variant 3) are not imported",
            );
            return;
        }
        other => {
            let shown = other.map_or_else(|| "none".to_owned(), |v| v.to_string());
            importer.skip(
                &position,
                format!("unknown question variant {shown} (0 and 1 are choice questions)"),
            );
            return;
        }
    };
    let mut question = Question::new(position.clone(), number);
    question.declared = declared;
    question.stem = nodes(value.get("question")).join("\n\n");
    let answers: Vec<bool> = match value.get("answer") {
        Some(Value::Array(answers)) => answers
            .iter()
            .map(|a| a.as_bool().unwrap_or(false))
            .collect(),
        _ => Vec::new(),
    };
    let mut labels = Vec::new();
    if let Some(Value::Array(choices)) = value.get("choices") {
        for (index, choice) in choices.iter().enumerate() {
            let text = match choice {
                Value::String(text) => text.as_str(),
                _ => choice
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            };
            let label = choice
                .get("label")
                .and_then(Value::as_str)
                .map_or_else(|| text::letter(index), |l| l.trim().to_owned());
            labels.push(label);
            question.choices.push(QChoice {
                text: text.trim().to_owned(),
                correct: answers.get(index).copied().unwrap_or(false),
                explanation: String::new(),
                fixed: false,
            });
        }
    }
    if answers.len() != question.choices.len() && !question.choices.is_empty() {
        question.warn(format!(
            "the answer key has {} entries for {} choices",
            answers.len(),
            question.choices.len()
        ));
    }
    let mut general = Vec::new();
    for paragraph in nodes(value.get("explanation")) {
        let option = paragraph.strip_prefix(OPTION_PREFIX).and_then(|rest| {
            let (label, explanation) = rest.split_once(": ")?;
            let index = labels.iter().position(|l| l == label)?;
            Some((index, explanation.trim().to_owned()))
        });
        match option {
            Some((index, explanation)) if question.choices[index].explanation.is_empty() => {
                question.choices[index].explanation = explanation;
            }
            _ => general.push(paragraph),
        }
    }
    question.explanation = general.join("\n\n");
    importer.add(question);
}

/// A node: 0 image URL, 1 text, 2 large text.
#[derive(Serialize)]
struct Node {
    variant: u8,
    text: String,
}

#[derive(Serialize)]
struct Author {
    id: &'static str,
    name: &'static str,
    image: &'static str,
}

#[derive(Serialize)]
struct ChoiceOut {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct QuestionOut {
    variant: u8,
    question: Vec<Node>,
    choices: Vec<ChoiceOut>,
    answer: Vec<bool>,
    explanation: Vec<Node>,
}

/// The exam object, fields in the order of the schema.
#[derive(Serialize)]
struct Exam {
    id: &'static str,
    title: String,
    description: String,
    author: Author,
    code: String,
    time: usize,
    pass: u8,
    image: &'static str,
    cover: Vec<Node>,
    test: Vec<QuestionOut>,
}

fn text_nodes(text: &str) -> Vec<Node> {
    text::paragraphs(text)
        .iter()
        .map(|paragraph| {
            let image = paragraph
                .strip_prefix("![")
                .and_then(|rest| rest.split_once("]("))
                .and_then(|(_, url)| url.strip_suffix(')'))
                .filter(|url| !url.contains(char::is_whitespace));
            match image {
                Some(url) => Node {
                    variant: 0,
                    text: url.to_owned(),
                },
                None => Node {
                    variant: 1,
                    text: text::visual_lines(paragraph).join("\n"),
                },
            }
        })
        .collect()
}

/// Writes items as one exam object.
pub(crate) fn export(items: &[Item]) -> Exported {
    let mut notes = Notes::default();
    let choice_items = out::choice_items(items, "exam-simulator JSON", false, &mut notes);
    let mut exams: Vec<&str> = choice_items
        .iter()
        .flat_map(|(item, _)| item.placements.iter().map(|p| p.exam.as_str()))
        .collect();
    exams.sort_unstable();
    exams.dedup();
    let code = match exams.as_slice() {
        [one] => (*one).to_owned(),
        _ => String::new(),
    };
    let title = if code.is_empty() {
        "certpath practice questions".to_owned()
    } else {
        format!("{code} practice questions")
    };
    let count = choice_items.len();
    let description = format!("{count} questions exported from the certpath bank");
    let mut test = Vec::new();
    for (item, choices) in &choice_items {
        out::note_fixed(item, choices, "exam-simulator JSON", &mut notes);
        out::note_markdown(item, choices, "exam-simulator JSON", &mut notes);
        let correct = choices.iter().filter(|c| c.correct).count();
        let mut explanation = text_nodes(&item.explanation);
        for (index, choice) in choices.iter().enumerate() {
            if !choice.explanation.is_empty() {
                let text = text::soft_joined(&choice.explanation);
                explanation.push(Node {
                    variant: 1,
                    text: format!("{OPTION_PREFIX}{}: {text}", text::letter(index)),
                });
            }
        }
        if !item.references.is_empty() {
            explanation.push(Node {
                variant: 1,
                text: text::with_references("", &item.references),
            });
        }
        test.push(QuestionOut {
            variant: u8::from(correct > 1),
            question: text_nodes(&item.stem),
            choices: choices
                .iter()
                .enumerate()
                .map(|(index, choice)| ChoiceOut {
                    label: text::letter(index),
                    text: text::soft_joined(&choice.text),
                })
                .collect(),
            answer: choices.iter().map(|c| c.correct).collect(),
            explanation,
        });
    }
    let exam = Exam {
        id: "certpath-export",
        cover: vec![
            Node {
                variant: 2,
                text: title.clone(),
            },
            Node {
                variant: 1,
                text: description.clone(),
            },
        ],
        title,
        description,
        author: Author {
            id: "certpath",
            name: "certpath",
            image: "",
        },
        code,
        // 90 minutes for 65 questions, as on the AWS Foundational and Associate exams.
        time: (count * 90).div_ceil(65).max(1),
        // The percentage of 720 out of 1000, the Associate-level passing score.
        pass: 72,
        image: "",
        test,
    };
    let text = serde_json::to_string_pretty(&exam).unwrap_or_default() + "\n";
    Exported {
        text,
        notes: notes.into_vec(),
    }
}
