//! GIFT, Moodle's plain-text question format, read as Moodle's own importer reads it
//! (`question/format/gift/format.php`).
//!
//! A blank line ends a question; lines whose first non-blank characters are `//` are comments.
//! `$CATEGORY:` switches category (ignored here), `::name::` names the question, a leading
//! `[html]`, `[markdown]`, `[plain]` or `[moodle]` sets the text format (also per answer), and
//! `\~ \= \# \{ \} \: \\ \n` escape. The answer block `{...}` holds `=right` and `~wrong`
//! answers, `~%50%` weights, `#` per-answer feedback and `####` general feedback. A block with
//! a `~` is multiple choice, and it takes several answers exactly when it has no `=`.

use crate::build::{Declared, Importer, QChoice, Question};
use crate::grades;
use crate::html::{self, Converted};
use crate::model::{Exported, ImportOptions, Imported};
use crate::out::{self, Notes};
use crate::text;
use bank::Item;

/// One character of GIFT text, with whether it was escaped (an escaped `~` is text, not a
/// wrong answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct G {
    c: char,
    escaped: bool,
}

fn tokenize(text: &str) -> Vec<G> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek().copied() {
                Some(n @ ('\\' | ':' | '#' | '=' | '{' | '}' | '~')) => {
                    chars.next();
                    out.push(G {
                        c: n,
                        escaped: true,
                    });
                }
                Some('n') => {
                    chars.next();
                    out.push(G {
                        c: '\n',
                        escaped: true,
                    });
                }
                _ => out.push(G {
                    c: '\\',
                    escaped: false,
                }),
            }
        } else {
            out.push(G { c, escaped: false });
        }
    }
    out
}

fn is(g: &G, c: char) -> bool {
    !g.escaped && g.c == c
}

fn find(s: &[G], c: char) -> Option<usize> {
    s.iter().position(|g| is(g, c))
}

fn matches_at(s: &[G], at: usize, pattern: &str) -> bool {
    let mut i = at;
    for c in pattern.chars() {
        match s.get(i) {
            Some(g) if is(g, c) => i += 1,
            _ => return false,
        }
    }
    true
}

fn find_seq(s: &[G], pattern: &str) -> Option<usize> {
    (0..s.len()).find(|&i| matches_at(s, i, pattern))
}

fn rfind_seq(s: &[G], pattern: &str) -> Option<usize> {
    (0..s.len()).rev().find(|&i| matches_at(s, i, pattern))
}

fn trim(s: &[G]) -> &[G] {
    let start = s
        .iter()
        .position(|g| !g.c.is_whitespace())
        .unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|g| !g.c.is_whitespace())
        .map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

fn string(s: &[G]) -> String {
    s.iter().map(|g| g.c).collect()
}

/// A text format of Moodle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextFormat {
    Html,
    Other,
}

/// A leading `[format]` and the text after it (Moodle's `parse_text_with_format`).
fn with_format(s: &[G], default: TextFormat) -> (TextFormat, &[G]) {
    if s.first().is_some_and(|g| is(g, '['))
        && let Some(end) = find(s, ']')
    {
        let name = string(&s[1..end]);
        let format = match name.as_str() {
            "html" => Some(TextFormat::Html),
            "markdown" | "plain" | "moodle" => Some(TextFormat::Other),
            _ => None,
        };
        if let Some(format) = format {
            return (format, trim(&s[end + 1..]));
        }
    }
    (default, trim(s))
}

fn convert(format: TextFormat, s: &[G]) -> Converted {
    let text = string(s);
    match format {
        TextFormat::Html => html::html_to_markdown(&text),
        TextFormat::Other => html::sanitize_inline_html(&text),
    }
}

/// A leading `%weight%` (Moodle's `^%\-*([0-9]{1,2})\.?([0-9]*)%` check) and the rest.
fn weight(s: &[G]) -> Option<(f64, &[G])> {
    if !s.first().is_some_and(|g| is(g, '%')) {
        return None;
    }
    let mut i = 1;
    while s.get(i).is_some_and(|g| g.c == '-') {
        i += 1;
    }
    let digits = |from: usize| {
        s[from..]
            .iter()
            .take_while(|g| g.c.is_ascii_digit())
            .count()
    };
    let whole = digits(i);
    if whole == 0 {
        return None;
    }
    i += whole;
    if s.get(i).is_some_and(|g| g.c == '.') {
        i += 1;
    }
    i += digits(i);
    if !s.get(i).is_some_and(|g| is(g, '%')) {
        return None;
    }
    let close = i;
    let value: f64 = string(&s[1..close]).parse().unwrap_or(0.0);
    Some((value, &s[close + 1..]))
}

/// Reads a GIFT file.
pub(crate) fn import(text: &str, options: &ImportOptions) -> Imported {
    let mut importer = Importer::new(options);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut block: Vec<&str> = Vec::new();
    let mut first_line = 0;
    let mut number = 0;
    for (index, line) in text.lines().chain(std::iter::once("")).enumerate() {
        let line = line.trim();
        if line.is_empty() {
            if !block.is_empty() {
                read_block(&block, first_line, &mut number, &mut importer);
                block.clear();
            }
            continue;
        }
        if line.starts_with("//") {
            if !block.is_empty() {
                block.push(" ");
            }
            continue;
        }
        if block.is_empty() {
            first_line = index + 1;
        }
        block.push(line);
    }
    importer.finish()
}

fn read_block(lines: &[&str], line: usize, number: &mut usize, importer: &mut Importer<'_>) {
    let joined = lines.join("\n");
    let all = tokenize(joined.trim());
    let all = trim(&all);
    if all.is_empty() {
        return;
    }
    if matches_at(all, 0, "$CATEGORY:") {
        return;
    }
    *number += 1;
    let position = format!("question {number} (line {line})");
    let mut question = Question::new(position.clone(), *number);

    let mut body = all;
    if matches_at(body, 0, "::") {
        let rest = &body[2..];
        match find_seq(rest, "::") {
            Some(end) => {
                let name = string(trim(&rest[..end]));
                question.name = (!name.is_empty()).then_some(name);
                body = trim(&rest[end + 2..]);
            }
            None => body = rest,
        }
    }
    let label = question
        .name
        .as_deref()
        .map(|n| format!("`{n}`: "))
        .unwrap_or_default();

    let (start, finish) = (find(body, '{'), find(body, '}'));
    let (start, finish) = match (start, finish) {
        (None, None) => {
            importer.skip(
                &position,
                format!("{label}a description (text with no answer block) is not a question"),
            );
            return;
        }
        (Some(start), Some(finish)) if start < finish => (start, finish),
        _ => {
            importer.skip(
                &position,
                format!("{label}the braces of the answer block do not pair up (escape a literal brace as `\\{{` or `\\}}`)"),
            );
            return;
        }
    };
    let mut answers = trim(&body[start + 1..finish]);
    let mut stem: Vec<G> = body[..start].to_vec();
    if !body.last().is_some_and(|g| is(g, '}')) {
        stem.extend("_____".chars().map(|c| G { c, escaped: true }));
    }
    stem.extend_from_slice(&body[finish + 1..]);

    let mut general: &[G] = &[];
    if let Some(at) = rfind_seq(answers, "####") {
        general = &answers[at + 4..];
        answers = trim(&answers[..at]);
    }

    let kind = if answers.is_empty() {
        Some("essay")
    } else if is(&answers[0], '#') {
        Some("numerical")
    } else if find(answers, '~').is_some() {
        None
    } else if find(answers, '=').is_some() && find_seq(answers, "->").is_some() {
        Some("matching")
    } else {
        let check = match find(answers, '#') {
            Some(at) if at > 0 => trim(&answers[..at]),
            _ => answers,
        };
        if ["T", "TRUE", "F", "FALSE"].contains(&string(check).as_str()) {
            Some("true/false")
        } else {
            Some("short-answer")
        }
    };
    if let Some(kind) = kind {
        importer.skip(
            &position,
            format!(
                "{label}GIFT {kind} questions are not imported (certpath imports multiple choice)"
            ),
        );
        return;
    }

    let (format, stem_text) = with_format(trim(&stem), TextFormat::Other);
    let converted = convert(format, stem_text);
    question.stem = converted.text;
    question.warn_all(converted.warnings);
    let (general_format, general_text) = with_format(trim(general), format);
    let converted = convert(general_format, general_text);
    question.explanation = converted.text;
    question.warn_all(converted.warnings);

    let single = find(answers, '=').is_some();
    question.declared = if single {
        Declared::Single
    } else {
        Declared::Multiple
    };
    let mut pieces: Vec<&[G]> = Vec::new();
    let mut from = 0;
    for (i, g) in answers.iter().enumerate() {
        if is(g, '~') || is(g, '=') {
            pieces.push(&answers[from..i]);
            from = if g.c == '~' { i + 1 } else { i };
        }
    }
    pieces.push(&answers[from..]);
    if trim(pieces[0]).is_empty() {
        pieces.remove(0);
    }
    let mut weights = Vec::new();
    for piece in pieces {
        let piece = trim(piece);
        let (weight, rest) = if piece.first().is_some_and(|g| is(g, '=')) {
            (100.0, &piece[1..])
        } else if let Some((weight, rest)) = weight(piece) {
            (weight, rest)
        } else {
            (0.0, piece)
        };
        let (answer, feedback) = match find(rest, '#') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, &[][..]),
        };
        let (answer_format, answer_text) = with_format(trim(answer), format);
        let answer = convert(answer_format, answer_text);
        let (feedback_format, feedback_text) = with_format(trim(feedback), format);
        let feedback = convert(feedback_format, feedback_text);
        question.warn_all(answer.warnings);
        question.warn_all(feedback.warnings);
        weights.push(weight);
        question.choices.push(QChoice {
            text: answer.text,
            correct: false,
            explanation: feedback.text,
            fixed: false,
        });
    }
    let key = grades::key_from_weights(&weights, question.declared, &mut question);
    for (choice, correct) in question.choices.iter_mut().zip(key) {
        choice.correct = correct;
    }
    importer.add(question);
}

/// GIFT text: the reserved characters escaped and line breaks written `\n`, as Moodle's own
/// export does.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Writes items as GIFT, Markdown text format.
pub(crate) fn export(items: &[Item]) -> Exported {
    let mut notes = Notes::default();
    let choice_items = out::choice_items(items, "GIFT", false, &mut notes);
    let mut out = format!(
        "// Exported by certpath: {} questions, Markdown text.\n",
        choice_items.len()
    );
    let mut category = String::new();
    for (item, choices) in choice_items {
        let this = out::category(item);
        if this != category {
            out.push_str(&format!("\n$CATEGORY: {this}\n"));
            category = this;
        }
        out::note_fixed(item, choices, "GIFT", &mut notes);
        let correct = choices.iter().filter(|c| c.correct).count();
        let multiple = correct > 1;
        let share = out::correct_option_grade(item, correct, &mut notes);
        out.push_str(&format!("\n// {}\n", item.id));
        out.push_str(&format!(
            "::{}::[markdown]{}{{\n",
            escape(&item.id),
            escape(&item.stem)
        ));
        for choice in choices {
            let marker = match (multiple, choice.correct) {
                (false, true) => "=".to_owned(),
                (false, false) if choice.text.starts_with('%') => "~%0%".to_owned(),
                (false, false) => "~".to_owned(),
                (true, true) => format!("~%{share}%"),
                (true, false) => format!("~%{}%", grades::DISTRACTOR),
            };
            out.push('\t');
            out.push_str(&marker);
            out.push_str(&escape(&choice.text));
            if !choice.explanation.is_empty() {
                out.push('#');
                out.push_str(&escape(&choice.explanation));
            }
            out.push('\n');
        }
        let general = text::with_references(&item.explanation, &item.references);
        if !general.is_empty() {
            out.push_str("\t####");
            out.push_str(&escape(&general));
            out.push('\n');
        }
        out.push_str("}\n");
    }
    Exported {
        text: out,
        notes: notes.into_vec(),
    }
}
