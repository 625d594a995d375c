//! IMS/1EdTech QTI 2.1 and 3.0 choice items.
//!
//! **Reading.** Both versions are read by one reader: QTI 3.0's kebab-case `qti-` names
//! (`qti-simple-choice`, `max-choices`) are first rewritten to QTI 2.1's camel-case names
//! (`simpleChoice`, `maxChoices`), so [`Format::Qti3`](crate::Format::Qti3) and
//! [`Format::Qti21`](crate::Format::Qti21) each read either version. QTI's norm is one item
//! per file, but a file may hold several items under any wrapper element (an
//! `assessmentTest` export, a hand-made `<items>` list); each is imported.
//!
//! **Writing.** An item is one XML document, so a bank of several items is written as a
//! folder (an IMS content package without the zip): `imsmanifest.xml` and one `<id>.xml` per
//! item, by [`export_files`](crate::export_files). [`export`](crate::export) writes a single
//! document, and so only for exactly one item. Scoring uses the `match_correct` response
//! processing template: the whole key or nothing, as AWS scores.

use crate::build::{Declared, Importer, QChoice, Question};
use crate::error::ImportError;
use crate::html;
use crate::model::{ExportedFile, ImportOptions, Imported};
use crate::moodle::syntax_error;
use crate::out::{self, Notes};
use crate::text;
use crate::xml::{self, Element, Lines, Mode, Node, XmlWriter};
use bank::{Choice, Item};
use std::collections::HashMap;

/// `qti-simple-choice` → `simpleChoice`; other names unchanged.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Rewrites QTI 3.0 names to QTI 2.1 names, in place.
fn normalize(element: &mut Element) {
    if let Some(rest) = element.name.strip_prefix("qti-") {
        element.name = camel(rest);
        for (key, _) in &mut element.attrs {
            if key.contains('-') && !key.starts_with("data-") && !key.starts_with("aria-") {
                *key = camel(key);
            }
        }
    }
    for child in &mut element.children {
        if let Node::Element(child) = child {
            normalize(child);
        }
    }
}

/// The response declaration of an interaction.
#[derive(Debug, Default)]
struct Declaration {
    cardinality: String,
    correct: Vec<String>,
    mapped: Vec<String>,
    has_mapping: bool,
}

fn declarations(item: &Element) -> HashMap<String, Declaration> {
    let mut out = HashMap::new();
    for decl in item.elements().filter(|e| e.name == "responseDeclaration") {
        let mut declaration = Declaration {
            cardinality: decl.attr("cardinality").unwrap_or_default().to_owned(),
            ..Declaration::default()
        };
        if let Some(correct) = decl.child("correctResponse") {
            declaration.correct = correct
                .elements()
                .filter(|e| e.name == "value")
                .map(|v| v.text().trim().to_owned())
                .collect();
        }
        if let Some(mapping) = decl.child("mapping") {
            declaration.has_mapping = true;
            declaration.mapped = mapping
                .elements()
                .filter(|e| e.name == "mapEntry")
                .filter(|e| {
                    e.attr("mappedValue")
                        .and_then(|v| v.trim().parse::<f64>().ok())
                        .is_some_and(|v| v > 0.0)
                })
                .filter_map(|e| e.attr("mapKey").map(|k| k.trim().to_owned()))
                .collect();
        }
        out.insert(
            decl.attr("identifier").unwrap_or_default().to_owned(),
            declaration,
        );
    }
    out
}

fn is_feedback(name: &str) -> bool {
    matches!(name, "feedbackInline" | "feedbackBlock" | "modalFeedback")
}

/// A copy of the element without the interaction and feedback inside it, with the feedback
/// collected.
fn strip(element: &Element, drop: &Element, feedback: &mut Vec<Element>) -> Element {
    let mut out = Element {
        name: element.name.clone(),
        attrs: element.attrs.clone(),
        children: Vec::new(),
        offset: element.offset,
    };
    for child in &element.children {
        match child {
            Node::Element(child) if std::ptr::eq(child, drop) => {}
            Node::Element(child) if is_feedback(&child.name) => feedback.push(child.clone()),
            Node::Element(child) if child.name == "rubricBlock" => {}
            Node::Element(child) => out
                .children
                .push(Node::Element(strip(child, drop, feedback))),
            Node::Text(text) => out.children.push(Node::Text(text.clone())),
        }
    }
    out
}

/// Content as HTML, for the HTML converter.
fn to_html(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(
                &text
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;"),
            ),
            Node::Element(element) => {
                out.push('<');
                out.push_str(&element.name);
                for (key, value) in &element.attrs {
                    out.push_str(&format!(
                        " {key}=\"{}\"",
                        value.replace('&', "&amp;").replace('"', "&quot;")
                    ));
                }
                out.push('>');
                if !matches!(element.name.as_str(), "br" | "img" | "hr") {
                    to_html(&element.children, out);
                    out.push_str("</");
                    out.push_str(&element.name);
                    out.push('>');
                }
            }
        }
    }
}

/// Content as Markdown, with the conversion's warnings added to the question.
fn markdown(nodes: &[Node], question: &mut Question) -> String {
    let mut source = String::new();
    to_html(nodes, &mut source);
    let converted = html::html_to_markdown(&source);
    question.warn_all(converted.warnings);
    converted.text
}

/// The content of a feedback element (QTI 3 wraps modal feedback in `qti-content-body`).
fn feedback_content(element: &Element) -> &[Node] {
    match element.child("contentBody") {
        Some(body) => &body.children,
        None => &element.children,
    }
}

fn append(target: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push_str("\n\n");
    }
    target.push_str(text);
}

/// Reads QTI 2.1 or 3.0 items.
pub(crate) fn import(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut document = xml::parse(text, Mode::Xml).map_err(|err| syntax_error(text, err))?;
    normalize(&mut document);
    let lines = Lines::new(text);
    let items: Vec<&Element> = document
        .descendants()
        .into_iter()
        .filter(|e| e.name == "assessmentItem")
        .collect();
    if items.is_empty() {
        return Err(ImportError::NotThisFormat {
            line: None,
            message: "the file holds no QTI item: no <qti-assessment-item> (QTI 3.0) or <assessmentItem> (QTI 2.1) element".to_owned(),
        });
    }
    let mut importer = Importer::new(options);
    for (index, item) in items.into_iter().enumerate() {
        let number = index + 1;
        let position = format!("question {number} (line {})", lines.line(item.offset));
        read_item(item, number, position, &mut importer);
    }
    Ok(importer.finish())
}

fn interaction_label(name: &str) -> String {
    let base = name.strip_suffix("Interaction").unwrap_or(name);
    let mut out = String::new();
    for c in base.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn read_item(item: &Element, number: usize, position: String, importer: &mut Importer<'_>) {
    let identifier = item
        .attr("identifier")
        .map(str::trim)
        .filter(|i| !i.is_empty());
    let label = identifier.map(|i| format!("`{i}`: ")).unwrap_or_default();
    let Some(body) = item.child("itemBody") else {
        importer.skip(&position, format!("{label}the item has no item body"));
        return;
    };
    let interactions: Vec<&Element> = body
        .descendants()
        .into_iter()
        .filter(|e| e.name.ends_with("Interaction"))
        .collect();
    let interaction = match interactions.as_slice() {
        [] => {
            importer.skip(&position, format!("{label}the item has no interaction"));
            return;
        }
        [one] if one.name == "choiceInteraction" => *one,
        [one] => {
            importer.skip(
                &position,
                format!(
                    "{label}QTI {} items are not imported (certpath imports choice interactions)",
                    interaction_label(&one.name)
                ),
            );
            return;
        }
        several => {
            let names: Vec<String> = several.iter().map(|e| interaction_label(&e.name)).collect();
            importer.skip(
                &position,
                format!(
                    "{label}items with several interactions ({}) are not imported",
                    names.join(", ")
                ),
            );
            return;
        }
    };
    let declarations = declarations(item);
    let response = interaction.attr("responseIdentifier").unwrap_or("RESPONSE");
    let Some(declaration) = declarations.get(response) else {
        importer.skip(
            &position,
            format!("{label}no response declaration `{response}` for the choice interaction"),
        );
        return;
    };

    let mut question = Question::new(position.clone(), number);
    question.name = identifier.map(str::to_owned);
    question.declared = match declaration.cardinality.as_str() {
        "single" => Declared::Single,
        "multiple" => Declared::Multiple,
        _ => match interaction.attr("maxChoices").map(str::trim) {
            Some("1") => Declared::Single,
            Some(_) => Declared::Multiple,
            None => Declared::Unknown,
        },
    };
    let template = item
        .child("responseProcessing")
        .and_then(|rp| rp.attr("template"))
        .unwrap_or_default();
    if declaration.has_mapping || template.contains("map_response") {
        question.warn("partial credit (a response mapping) dropped: certpath scores the whole key or nothing, as AWS does");
    }
    let mut key = declaration.correct.clone();
    if key.is_empty() && !declaration.mapped.is_empty() {
        question
            .warn("no correct response is declared; the key is the choices the mapping rewards");
        key = declaration.mapped.clone();
    }
    if key.is_empty() {
        importer.skip(
            &position,
            format!("{label}no correct response is declared for the choice interaction"),
        );
        return;
    }

    let mut feedback = Vec::new();
    let rest = strip(body, interaction, &mut feedback);
    let mut stem = markdown(&rest.children, &mut question);
    if let Some(prompt) = interaction.child("prompt") {
        let prompt = markdown(&prompt.children, &mut question);
        append(&mut stem, &prompt);
    }
    question.stem = stem;

    let mut ids = Vec::new();
    for choice in interaction.elements().filter(|e| e.name == "simpleChoice") {
        let id = choice
            .attr("identifier")
            .unwrap_or_default()
            .trim()
            .to_owned();
        let mut inline = Vec::new();
        let content = strip(choice, choice, &mut inline);
        let text = markdown(&content.children, &mut question);
        let mut explanation = String::new();
        for fb in &inline {
            let part = markdown(feedback_content(fb), &mut question);
            append(&mut explanation, &part);
        }
        question.choices.push(QChoice {
            text,
            correct: key.contains(&id),
            explanation,
            fixed: choice.attr("fixed").map(str::trim) == Some("true"),
        });
        ids.push(id);
    }
    for unknown in key.iter().filter(|k| !ids.contains(k)) {
        question.warn(format!(
            "the correct response names `{unknown}`, which is no choice"
        ));
    }

    feedback.extend(
        item.elements()
            .filter(|e| e.name == "modalFeedback")
            .cloned(),
    );
    let mut general_ids = Vec::new();
    for fb in &feedback {
        let id = fb.attr("identifier").unwrap_or_default().trim().to_owned();
        let part = markdown(feedback_content(fb), &mut question);
        match ids.iter().position(|c| *c == id) {
            Some(index) => append(&mut question.choices[index].explanation, &part),
            None => {
                append(&mut question.explanation, &part);
                if !part.is_empty() && !general_ids.contains(&id) {
                    general_ids.push(id);
                }
            }
        }
    }
    if general_ids.len() > 1 {
        question.warn(format!(
            "feedback shown on different outcomes ({}) is merged into one explanation",
            general_ids.join(", ")
        ));
    }
    importer.add(question);
}

/// The names and URLs that differ between QTI 2.1 and 3.0.
struct Vocabulary {
    namespace: &'static str,
    schema: &'static str,
    template: &'static str,
    manifest_namespace: &'static str,
    manifest_schema: &'static str,
    manifest_version: &'static str,
    resource_type: &'static str,
    v3: bool,
}

const QTI3: Vocabulary = Vocabulary {
    namespace: "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
    schema: "http://www.imsglobal.org/xsd/imsqtiasi_v3p0 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0p1_v1p0.xsd",
    template: "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct",
    manifest_namespace: "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
    manifest_schema: "QTI Package",
    manifest_version: "3.0.0",
    resource_type: "imsqti_item_xmlv3p0",
    v3: true,
};

const QTI21: Vocabulary = Vocabulary {
    namespace: "http://www.imsglobal.org/xsd/imsqti_v2p1",
    schema: "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p1.xsd",
    template: "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct",
    manifest_namespace: "http://www.imsglobal.org/xsd/imscp_v1p1",
    manifest_schema: "QTIv2.1 Package",
    manifest_version: "1.0.0",
    resource_type: "imsqti_item_xmlv2p1",
    v3: false,
};

impl Vocabulary {
    /// An element name: `simpleChoice` in 2.1, `qti-simple-choice` in 3.0.
    fn el(&self, name: &str) -> String {
        if !self.v3 {
            return name.to_owned();
        }
        let mut out = String::from("qti-");
        for c in name.chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    /// An attribute name: `responseIdentifier` in 2.1, `response-identifier` in 3.0.
    fn at(&self, name: &str) -> String {
        if !self.v3 {
            return name.to_owned();
        }
        let mut out = String::new();
        for c in name.chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// A QTI identifier for a bank id: identifiers start with a letter.
fn identifier(id: &str) -> String {
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.to_owned()
    } else {
        format!("item-{id}")
    }
}

/// Lines of one paragraph as text separated by `<br/>`.
fn write_lines(x: &mut XmlWriter, lines: &[String]) {
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            x.empty("br", &[]);
        }
        x.text(line);
    }
}

/// Markdown text as `<p>` paragraphs.
fn write_paragraphs(x: &mut XmlWriter, depth: usize, text: &str) {
    for paragraph in text::paragraphs(text) {
        x.raw_newline(depth);
        x.open("p", &[]);
        write_lines(x, &text::visual_lines(&paragraph));
        x.close("p");
    }
}

/// Markdown text inline: paragraphs separated by two `<br/>`.
fn write_inline(x: &mut XmlWriter, text: &str) {
    for (index, paragraph) in text::paragraphs(text).iter().enumerate() {
        if index > 0 {
            x.empty("br", &[]);
            x.empty("br", &[]);
        }
        write_lines(x, &text::visual_lines(paragraph));
    }
}

fn item_document(v: &Vocabulary, item: &Item, choices: &[Choice]) -> String {
    let correct = choices.iter().filter(|c| c.correct).count();
    let multiple = correct > 1;
    let id = identifier(&item.id);
    let mut x = XmlWriter::document();
    let time_dependent = v.at("timeDependent");
    x.open(
        &v.el("assessmentItem"),
        &[
            ("xmlns", v.namespace),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", v.schema),
            ("identifier", &id),
            ("title", &item.id),
            ("adaptive", "false"),
            (&time_dependent, "false"),
            ("xml:lang", "en"),
        ],
    );
    let base_type = v.at("baseType");
    x.raw_newline(1);
    x.open(
        &v.el("responseDeclaration"),
        &[
            ("identifier", "RESPONSE"),
            ("cardinality", if multiple { "multiple" } else { "single" }),
            (&base_type, "identifier"),
        ],
    );
    x.raw_newline(2);
    x.open(&v.el("correctResponse"), &[]);
    for (index, _) in choices.iter().enumerate().filter(|(_, c)| c.correct) {
        x.raw_newline(3);
        x.text_element(&v.el("value"), &[], &text::letter(index));
    }
    x.raw_newline(2);
    x.close(&v.el("correctResponse"));
    x.raw_newline(1);
    x.close(&v.el("responseDeclaration"));
    x.raw_newline(1);
    x.open(
        &v.el("outcomeDeclaration"),
        &[
            ("identifier", "SCORE"),
            ("cardinality", "single"),
            (&base_type, "float"),
        ],
    );
    x.raw_newline(2);
    x.open(&v.el("defaultValue"), &[]);
    x.raw_newline(3);
    x.text_element(&v.el("value"), &[], "0");
    x.raw_newline(2);
    x.close(&v.el("defaultValue"));
    x.raw_newline(1);
    x.close(&v.el("outcomeDeclaration"));
    x.raw_newline(1);
    x.empty(
        &v.el("outcomeDeclaration"),
        &[
            ("identifier", "FEEDBACK"),
            ("cardinality", "multiple"),
            (&base_type, "identifier"),
        ],
    );
    x.raw_newline(1);
    x.open(&v.el("itemBody"), &[]);
    write_paragraphs(&mut x, 2, &item.stem);
    x.raw_newline(2);
    let max = if multiple {
        correct.to_string()
    } else {
        "1".to_owned()
    };
    let (response_identifier, max_choices, min_choices) = (
        v.at("responseIdentifier"),
        v.at("maxChoices"),
        v.at("minChoices"),
    );
    x.open(
        &v.el("choiceInteraction"),
        &[
            (&response_identifier, "RESPONSE"),
            ("shuffle", "true"),
            (&max_choices, &max),
            (&min_choices, "0"),
        ],
    );
    let (outcome_identifier, show_hide) = (v.at("outcomeIdentifier"), v.at("showHide"));
    for (index, choice) in choices.iter().enumerate() {
        let letter = text::letter(index);
        x.raw_newline(3);
        x.open(
            &v.el("simpleChoice"),
            &[
                ("identifier", &letter),
                ("fixed", if choice.fixed { "true" } else { "false" }),
            ],
        );
        write_inline(&mut x, &choice.text);
        if !choice.explanation.is_empty() {
            x.open(
                &v.el("feedbackInline"),
                &[
                    (&outcome_identifier, "FEEDBACK"),
                    ("identifier", &letter),
                    (&show_hide, "show"),
                ],
            );
            write_inline(&mut x, &choice.explanation);
            x.close(&v.el("feedbackInline"));
        }
        x.close(&v.el("simpleChoice"));
    }
    x.raw_newline(2);
    x.close(&v.el("choiceInteraction"));
    x.raw_newline(1);
    x.close(&v.el("itemBody"));
    x.raw_newline(1);
    x.empty(&v.el("responseProcessing"), &[("template", v.template)]);
    if !item.explanation.is_empty() || !item.references.is_empty() {
        x.raw_newline(1);
        x.open(
            &v.el("modalFeedback"),
            &[
                (&outcome_identifier, "FEEDBACK"),
                ("identifier", "SOLUTION"),
                (&show_hide, "show"),
                ("title", "Explanation"),
            ],
        );
        let depth = if v.v3 {
            x.raw_newline(2);
            x.open(&v.el("contentBody"), &[]);
            3
        } else {
            2
        };
        write_paragraphs(&mut x, depth, &item.explanation);
        if !item.references.is_empty() {
            x.raw_newline(depth);
            x.text_element("p", &[], text::REFERENCES_HEADING);
            x.raw_newline(depth);
            x.open("ul", &[]);
            for reference in &item.references {
                x.raw_newline(depth + 1);
                x.open("li", &[]);
                x.text_element(
                    "a",
                    &[("href", &reference.url)],
                    reference.title.as_deref().unwrap_or(&reference.url),
                );
                x.close("li");
            }
            x.raw_newline(depth);
            x.close("ul");
        }
        if v.v3 {
            x.raw_newline(2);
            x.close(&v.el("contentBody"));
        }
        x.raw_newline(1);
        x.close(&v.el("modalFeedback"));
    }
    x.raw_newline(0);
    x.close(&v.el("assessmentItem"));
    x.finish()
}

fn manifest(v: &Vocabulary, ids: &[String]) -> String {
    let mut x = XmlWriter::document();
    x.open(
        "manifest",
        &[
            ("xmlns", v.manifest_namespace),
            ("identifier", "certpath-export"),
        ],
    );
    x.raw_newline(1);
    x.open("metadata", &[]);
    x.raw_newline(2);
    x.text_element("schema", &[], v.manifest_schema);
    x.raw_newline(2);
    x.text_element("schemaversion", &[], v.manifest_version);
    x.raw_newline(1);
    x.close("metadata");
    x.raw_newline(1);
    x.empty("organizations", &[]);
    x.raw_newline(1);
    x.open("resources", &[]);
    for id in ids {
        let href = format!("{id}.xml");
        x.raw_newline(2);
        x.open(
            "resource",
            &[
                ("identifier", id),
                ("type", v.resource_type),
                ("href", &href),
            ],
        );
        x.raw_newline(3);
        x.empty("file", &[("href", &href)]);
        x.raw_newline(2);
        x.close("resource");
    }
    x.raw_newline(1);
    x.close("resources");
    x.raw_newline(0);
    x.close("manifest");
    x.finish()
}

/// Writes each choice item as a QTI document: `(file name, XML)`, with the notes.
pub(crate) fn export_items(
    v3: bool,
    items: &[Item],
) -> (Vec<ExportedFile>, Vec<crate::ImportNote>) {
    let v = if v3 { &QTI3 } else { &QTI21 };
    let name = if v3 { "QTI 3.0" } else { "QTI 2.1" };
    let mut notes = Notes::default();
    let mut files = Vec::new();
    for (item, choices) in out::choice_items(items, name, false, &mut notes) {
        out::note_markdown(item, choices, name, &mut notes);
        files.push(ExportedFile {
            path: format!("{}.xml", identifier(&item.id)),
            text: item_document(v, item, choices),
        });
    }
    (files, notes.into_vec())
}

/// The content package: the manifest first, then the items.
pub(crate) fn export_package(
    v3: bool,
    items: &[Item],
) -> (Vec<ExportedFile>, Vec<crate::ImportNote>) {
    let v = if v3 { &QTI3 } else { &QTI21 };
    let (files, notes) = export_items(v3, items);
    let ids: Vec<String> = files
        .iter()
        .map(|f| f.path.trim_end_matches(".xml").to_owned())
        .collect();
    let mut all = vec![ExportedFile {
        path: "imsmanifest.xml".to_owned(),
        text: manifest(v, &ids),
    }];
    all.extend(files);
    (all, notes)
}
