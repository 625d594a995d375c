//! Moodle XML: a `<quiz>` of `<question>` elements (`question/format/xml` in Moodle).
//!
//! Multiple-choice questions (`type="multichoice"`) are imported: name, question text, general
//! feedback, `<single>`, `<shuffleanswers>` and each answer's fraction and feedback. Text in
//! the `html` format is sanitised and converted (see [`crate::html`]); `markdown`,
//! `moodle_auto_format` and `plain_text` are kept, with any inline HTML sanitised. Embedded
//! files (`<file>` and `@@PLUGINFILE@@` references) are not imported. Every other question
//! type is reported as skipped.

use crate::build::{Declared, Importer, QChoice, Question};
use crate::error::ImportError;
use crate::grades;
use crate::html::{self, Converted};
use crate::model::{Exported, ImportOptions, Imported};
use crate::out::{self, Notes};
use crate::text;
use crate::xml::{self, Element, Lines, Mode, XmlWriter};
use bank::Item;

pub(crate) fn syntax_error(text: &str, err: xml::XmlError) -> ImportError {
    let (line, column) = xml::line_column(text, err.offset);
    ImportError::Syntax {
        line,
        column,
        message: err.message,
    }
}

fn type_label(kind: &str) -> String {
    match kind {
        "truefalse" => "true/false".to_owned(),
        "shortanswer" => "short-answer".to_owned(),
        "numerical" => "numerical".to_owned(),
        "essay" => "essay".to_owned(),
        "match" | "matching" => "matching".to_owned(),
        "description" => "description".to_owned(),
        "multianswer" | "cloze" => "embedded-answers (Cloze)".to_owned(),
        "calculated" | "calculatedsimple" | "calculatedmulti" => "calculated".to_owned(),
        "ddwtos" => "drag-and-drop into text".to_owned(),
        "gapselect" => "select missing words".to_owned(),
        "ordering" => "ordering".to_owned(),
        "randomsamatch" => "random short-answer matching".to_owned(),
        "" => "untyped".to_owned(),
        other => format!("`{other}`"),
    }
}

/// The text and format of a Moodle text container (`<questiontext format="html"><text>`).
fn text_of(container: Option<&Element>, default: &str, question: &mut Question) -> String {
    let Some(container) = container else {
        return String::new();
    };
    let format = container.attr("format").unwrap_or(default).to_owned();
    for file in container.elements().filter(|e| e.name == "file") {
        question.warn(format!(
            "embedded file `{}` is not imported",
            file.attr("name").unwrap_or("unnamed")
        ));
    }
    let raw = container
        .child("text")
        .map(Element::text)
        .unwrap_or_default();
    let converted: Converted = if format == "html" {
        html::html_to_markdown(&raw)
    } else {
        html::sanitize_inline_html(&raw)
    };
    question.warn_all(converted.warnings);
    converted.text
}

fn flag(element: Option<&Element>) -> Option<bool> {
    match element?.text().trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Reads a Moodle XML file.
pub(crate) fn import(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let document = xml::parse(text, Mode::Xml).map_err(|err| syntax_error(text, err))?;
    let lines = Lines::new(text);
    let Some(quiz) = document.elements().next() else {
        return Err(ImportError::NotThisFormat {
            line: None,
            message: "the file holds no XML element; a Moodle XML file is a <quiz> of <question> elements".to_owned(),
        });
    };
    if quiz.name != "quiz" {
        return Err(ImportError::NotThisFormat {
            line: Some(lines.line(quiz.offset)),
            message: format!(
                "the root element is <{}>; a Moodle XML file is a <quiz> of <question> elements",
                quiz.name
            ),
        });
    }
    let mut importer = Importer::new(options);
    let mut number = 0;
    for element in quiz.elements().filter(|e| e.name == "question") {
        let kind = element.attr("type").unwrap_or_default();
        if kind == "category" {
            continue;
        }
        number += 1;
        let position = format!("question {number} (line {})", lines.line(element.offset));
        let name = element
            .child("name")
            .and_then(|n| n.child("text"))
            .map(|t| t.text().trim().to_owned())
            .filter(|n| !n.is_empty());
        if kind != "multichoice" {
            let label = name
                .as_deref()
                .map(|n| format!("`{n}`: "))
                .unwrap_or_default();
            importer.skip(
                &position,
                format!(
                    "{label}Moodle {} questions are not imported (certpath imports multiple choice)",
                    type_label(kind)
                ),
            );
            continue;
        }
        let mut question = Question::new(position, number);
        question.name = name;
        read_multichoice(element, &mut question);
        importer.add(question);
    }
    Ok(importer.finish())
}

fn read_multichoice(element: &Element, question: &mut Question) {
    let container = element.child("questiontext");
    let format = container
        .and_then(|c| c.attr("format"))
        .unwrap_or("moodle_auto_format")
        .to_owned();
    question.stem = text_of(container, &format, question);
    question.explanation = text_of(element.child("generalfeedback"), &format, question);
    question.declared = match flag(element.child("single")) {
        Some(false) => Declared::Multiple,
        _ => Declared::Single,
    };
    let fixed = flag(element.child("shuffleanswers")) == Some(false);
    if fixed {
        question.warn("answer shuffling is off in Moodle; every option is marked {fixed}");
    }
    let mut weights = Vec::new();
    for answer in element.elements().filter(|e| e.name == "answer") {
        let fraction = answer
            .attr("fraction")
            .and_then(|f| f.trim().parse::<f64>().ok())
            .unwrap_or(0.0);
        let answer_format = answer.attr("format").unwrap_or(&format).to_owned();
        let text = text_of(Some(answer), &answer_format, question);
        let explanation = text_of(answer.child("feedback"), &format, question);
        weights.push(fraction);
        question.choices.push(QChoice {
            text,
            correct: false,
            explanation,
            fixed,
        });
    }
    let declared = question.declared;
    let key = grades::key_from_weights(&weights, declared, question);
    for (choice, correct) in question.choices.iter_mut().zip(key) {
        choice.correct = correct;
    }
}

fn text_container(x: &mut XmlWriter, depth: usize, name: &str, text: &str) {
    x.raw_newline(depth);
    x.open(name, &[("format", "markdown")]);
    x.raw_newline(depth + 1);
    x.open("text", &[]);
    if !text.is_empty() {
        x.cdata(text);
    }
    x.close("text");
    x.raw_newline(depth);
    x.close(name);
}

fn simple(x: &mut XmlWriter, depth: usize, name: &str, text: &str) {
    x.raw_newline(depth);
    x.text_element(name, &[], text);
}

/// Writes items as a Moodle XML quiz, Markdown text format.
pub(crate) fn export(items: &[Item]) -> Exported {
    let mut notes = Notes::default();
    let choice_items = out::choice_items(items, "Moodle XML", false, &mut notes);
    let mut x = XmlWriter::document();
    x.open("quiz", &[]);
    x.raw_newline(1);
    x.comment(&format!(
        "Exported by certpath: {} questions, Markdown text.",
        choice_items.len()
    ));
    let mut category = String::new();
    for (item, choices) in choice_items {
        let this = out::category(item);
        if this != category {
            x.raw_newline(1);
            x.open("question", &[("type", "category")]);
            x.raw_newline(2);
            x.open("category", &[]);
            simple(&mut x, 3, "text", &this);
            x.raw_newline(2);
            x.close("category");
            x.raw_newline(1);
            x.close("question");
            category = this;
        }
        let correct = choices.iter().filter(|c| c.correct).count();
        let multiple = correct > 1;
        let share = out::correct_option_grade(item, correct, &mut notes);
        let any_fixed = choices.iter().any(|c| c.fixed);
        if any_fixed {
            notes.warn(
                item,
                "Moodle cannot keep one option in place; answer shuffling is turned off for this question instead",
            );
        }
        x.raw_newline(1);
        x.comment(&format!("question: {}", item.id));
        x.raw_newline(1);
        x.open("question", &[("type", "multichoice")]);
        x.raw_newline(2);
        x.open("name", &[]);
        simple(&mut x, 3, "text", &item.id);
        x.raw_newline(2);
        x.close("name");
        text_container(&mut x, 2, "questiontext", &item.stem);
        text_container(
            &mut x,
            2,
            "generalfeedback",
            &text::with_references(&item.explanation, &item.references),
        );
        simple(&mut x, 2, "defaultgrade", "1");
        simple(&mut x, 2, "penalty", "0");
        simple(&mut x, 2, "hidden", "0");
        simple(&mut x, 2, "idnumber", &item.id);
        simple(&mut x, 2, "single", if multiple { "false" } else { "true" });
        simple(
            &mut x,
            2,
            "shuffleanswers",
            if any_fixed { "false" } else { "true" },
        );
        simple(&mut x, 2, "answernumbering", "abc");
        simple(&mut x, 2, "showstandardinstruction", "0");
        for name in [
            "correctfeedback",
            "partiallycorrectfeedback",
            "incorrectfeedback",
        ] {
            text_container(&mut x, 2, name, "");
        }
        for choice in choices {
            let fraction = match (multiple, choice.correct) {
                (_, true) => share,
                (false, false) => "0",
                (true, false) => grades::DISTRACTOR,
            };
            x.raw_newline(2);
            x.open("answer", &[("fraction", fraction), ("format", "markdown")]);
            x.raw_newline(3);
            x.open("text", &[]);
            x.cdata(&choice.text);
            x.close("text");
            text_container(&mut x, 3, "feedback", &choice.explanation);
            x.raw_newline(2);
            x.close("answer");
        }
        x.raw_newline(1);
        x.close("question");
    }
    x.raw_newline(0);
    x.close("quiz");
    Exported {
        text: x.finish(),
        notes: notes.into_vec(),
    }
}
