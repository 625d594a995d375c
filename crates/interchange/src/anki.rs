//! Anki's text import format, for turning missed questions into flashcards (export only).
//!
//! The file starts with Anki's header lines (`#separator:tab`, `#html:true`,
//! `#columns:Front<TAB>Back<TAB>Tags`, `#tags column:3`), then one note per item: the front holds
//! the stem and the lettered options, the back the key, the explanations and the references,
//! and the tags the item's exam codes and `EXAM::domain-N`. Text is HTML-escaped and line
//! breaks become `<br>`; Markdown markup is shown as written.

use crate::model::Exported;
use crate::out::{self, Notes};
use crate::text;
use bank::Item;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Markdown text as HTML lines: paragraphs separated by a blank line.
fn html(text: &str) -> String {
    text::paragraphs(text)
        .iter()
        .map(|p| {
            text::visual_lines(p)
                .iter()
                .map(|line| escape(line))
                .collect::<Vec<_>>()
                .join("<br>")
        })
        .collect::<Vec<_>>()
        .join("<br><br>")
}

/// Writes items as an Anki notes file.
pub(crate) fn export(items: &[Item]) -> Exported {
    let mut notes = Notes::default();
    let mut out =
        String::from("#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n#tags column:3\n");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for (item, choices) in out::choice_items(items, "Anki", false, &mut notes) {
        out::note_markdown(item, choices, "Anki", &mut notes);
        let mut front = html(&item.stem);
        for (index, choice) in choices.iter().enumerate() {
            front.push_str(&format!(
                "<br>{}. {}",
                text::letter(index),
                html(&choice.text)
            ));
        }
        let key: Vec<String> = choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.correct)
            .map(|(i, _)| text::letter(i))
            .collect();
        let mut back = format!("<b>Answer: {}</b>", key.join(", "));
        for (index, choice) in choices.iter().enumerate() {
            if !choice.explanation.is_empty() {
                let mark = if choice.correct { "✓" } else { "✗" };
                back.push_str(&format!(
                    "<br><br>{} {mark} {}",
                    text::letter(index),
                    html(&choice.explanation)
                ));
            }
        }
        if !item.explanation.is_empty() {
            back.push_str("<br><br>");
            back.push_str(&html(&item.explanation));
        }
        if !item.references.is_empty() {
            back.push_str("<br><br>References:");
            for reference in &item.references {
                back.push_str(&format!(
                    "<br><a href='{}'>{}</a>",
                    escape(&reference.url).replace('\'', "&#39;"),
                    escape(reference.title.as_deref().unwrap_or(&reference.url))
                ));
            }
        }
        let mut tags = vec!["certpath".to_owned()];
        for placement in &item.placements {
            let exam = placement.exam.replace(char::is_whitespace, "_");
            if !tags.contains(&exam) {
                tags.push(exam.clone());
            }
            tags.push(format!("{exam}::domain-{}", placement.domain));
        }
        let clean = |field: String| field.replace(['\t', '\n', '\r'], " ");
        let _ = writer.write_record([clean(front), clean(back), tags.join(" ")]);
    }
    let rows = writer
        .into_inner()
        .map(|bytes| String::from_utf8(bytes).unwrap_or_default())
        .unwrap_or_default();
    out.push_str(&rows);
    Exported {
        text: out,
        notes: notes.into_vec(),
    }
}
