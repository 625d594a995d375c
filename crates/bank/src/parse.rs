//! The authoring format: TOML front matter between `+++` lines, then Markdown (docs/bank-format.md).
//!
//! The parser never panics and never stops at the first problem: it returns what it could
//! read together with every diagnostic it found.

use crate::diag::{Code, Diagnostic};
use crate::model::{
    Body, Case, Choice, Difficulty, Item, ItemType, Pair, Placement, Reference, Status, Step,
};
use std::collections::BTreeMap;
use std::ops::Range;
use time::{Date, Month};
use toml::Spanned;
use toml::value::Datetime;

/// A file handed to the parser: its path (for messages) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as it should appear in messages.
    pub path: String,
    /// The contents.
    pub text: String,
}

impl SourceFile {
    /// A source file from its path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A question.
    Item(Box<Item>),
    /// A case-study scenario.
    Case(Case),
}

/// The result of parsing one file: what could be read, and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseResult {
    /// The item or case, when the file was readable enough to build one.
    pub parsed: Option<Parsed>,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The front matter's keys as written, with the spans of keys and values.
type RawTable = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

const ITEM_KEYS: &[&str] = &[
    "kind",
    "id",
    "type",
    "status",
    "reviewed",
    "author",
    "reviewer",
    "difficulty",
    "angoff",
    "services",
    "enemy",
    "case",
    "exams",
    "allow",
];
const CASE_KEYS: &[&str] = &["kind", "id", "title"];
const PLACEMENT_KEYS: &[&str] = &["code", "domain", "task"];

/// Reads typed fields out of the front matter, reporting every problem and continuing.
struct Front<'t> {
    table: &'t RawTable,
    /// Where the front matter starts in the file.
    offset: usize,
}

impl<'t> Front<'t> {
    fn get(&self, key: &str) -> Option<&'t Spanned<toml::Value>> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    fn span(&self, value: &Spanned<toml::Value>) -> Range<usize> {
        let s = value.span();
        s.start + self.offset..s.end + self.offset
    }

    fn string(&self, p: &mut Parser<'_>, key: &str) -> Option<(String, Range<usize>)> {
        let value = self.get(key)?;
        match value.get_ref() {
            toml::Value::String(text) => Some((text.clone(), self.span(value))),
            other => {
                p.error(
                    Code::FrontMatter,
                    self.span(value),
                    format!("`{key}` must be a string, not {} {other}", other.type_str()),
                    Some(FRONT_HELP),
                );
                None
            }
        }
    }

    fn strings(&self, p: &mut Parser<'_>, key: &str) -> Vec<String> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            toml::Value::Array(list) if list.iter().all(|v| v.is_str()) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => {
                p.error(
                    Code::FrontMatter,
                    self.span(value),
                    format!("`{key}` must be a list of strings, such as {key} = [\"Amazon S3\"]"),
                    Some(FRONT_HELP),
                );
                Vec::new()
            }
        }
    }

    fn unknown_keys(&self, p: &mut Parser<'_>, known: &[&str]) {
        for key in self.table.keys() {
            if !known.contains(&key.get_ref().as_str()) {
                let span = key.span().start + self.offset..key.span().end + self.offset;
                let hint = catalog::suggest::closest(key.get_ref(), known.iter().copied())
                    .map_or_else(
                        || format!("the fields are {}", known.join(", ")),
                        |s| format!("did you mean `{s}`? the fields are {}", known.join(", ")),
                    );
                p.error(
                    Code::FrontMatter,
                    span,
                    format!("unknown field `{}`", key.get_ref()),
                    Some(&hint),
                );
            }
        }
    }
}

/// One line of the file: its byte range (without the line break) and text.
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn lines(text: &str, from: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = from;
    for piece in text[from..].split_inclusive('\n') {
        let content = piece.strip_suffix('\n').unwrap_or(piece);
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push(Line {
            start,
            end: start + content.len(),
            text: content,
        });
        start += piece.len();
    }
    out
}

struct Parser<'a> {
    path: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<&str>,
    ) {
        let mut d = Diagnostic::at(code, self.path, self.text, span, message);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diagnostics.push(d);
    }
}

/// Parses one bank file.
pub fn parse(file: &SourceFile) -> ParseResult {
    let text = file.text.as_str();
    let mut p = Parser {
        path: &file.path,
        text,
        diagnostics: Vec::new(),
    };
    let parsed = parse_inner(&mut p);
    ParseResult {
        parsed,
        diagnostics: p.diagnostics,
    }
}

fn parse_inner(p: &mut Parser<'_>) -> Option<Parsed> {
    let text = p.text;
    let offset = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let all = lines(text, offset);
    let first = all.iter().position(|l| !l.text.trim().is_empty());
    let Some(first) = first.filter(|i| all[*i].text.trim_end() == "+++") else {
        let span = first.map_or(0..0, |i| all[i].start..all[i].end);
        p.error(
            Code::MissingFrontMatter,
            span,
            "the file does not start with a `+++` front matter block",
            Some("start the file with a line `+++`, the item's fields in TOML (id, exams, type, ...), and another `+++` line"),
        );
        return None;
    };
    let Some(close) = all[first + 1..]
        .iter()
        .position(|l| l.text.trim_end() == "+++")
        .map(|i| i + first + 1)
    else {
        p.error(
            Code::UnclosedFrontMatter,
            all[first].start..all[first].end,
            "the front matter opened here is never closed",
            Some("end the front matter with a line `+++` before the question text"),
        );
        return None;
    };
    let front_start = all[first].end + 1;
    let front_end = all[close].start;
    let front_text = &text[front_start.min(front_end)..front_end];
    let table: RawTable = match toml::from_str(front_text) {
        Ok(table) => table,
        Err(err) => {
            let span = err.span().map_or(all[first].start..all[first].end, |s| {
                s.start + front_start..s.end + front_start
            });
            p.error(
                Code::FrontMatter,
                span,
                err.message().trim_end().to_owned(),
                Some(FRONT_HELP),
            );
            return None;
        }
    };
    let front = Front {
        table: &table,
        offset: front_start,
    };
    let body_lines = &all[close + 1..];
    let opening = all[first].start..all[first].end;

    let (id, id_span) = match front.string(p, "id") {
        Some(found) => found,
        None => {
            if front.get("id").is_none() {
                p.error(
                    Code::FrontMatter,
                    opening.clone(),
                    "the front matter has no `id`",
                    Some("add a stable, unique id such as id = \"saa-c03-d1-iam-roles-01\""),
                );
            }
            (String::new(), opening.clone())
        }
    };
    if !id.is_empty()
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        p.error(
            Code::FrontMatter,
            id_span.clone(),
            format!("id `{id}` must be lower-case letters, digits, dots and dashes"),
            Some("ids are stable names such as `saa-c03-s3-lifecycle-01`; never reuse one"),
        );
    }

    if let Some((kind, span)) = front.string(p, "kind") {
        match kind.as_str() {
            "item" => {}
            "case" => {
                front.unknown_keys(p, CASE_KEYS);
                let title = front.string(p, "title").map(|(t, _)| t).unwrap_or_default();
                return parse_case(p, title, id, body_lines);
            }
            other => p.error(
                Code::FrontMatter,
                span,
                format!("unknown kind `{other}`"),
                Some("`kind` is `item` (the default) or `case` for a case-study scenario"),
            ),
        }
    }
    front.unknown_keys(p, ITEM_KEYS);

    let item_type = match front.string(p, "type") {
        None => {
            if front.get("type").is_none() {
                p.error(
                    Code::FrontMatter,
                    id_span.clone(),
                    "the item has no `type`",
                    Some("add type = \"single\", \"multiple\", \"ordering\" or \"matching\""),
                );
            }
            ItemType::Single
        }
        Some((name, span)) => ItemType::from_name(&name).unwrap_or_else(|| {
            p.error(
                Code::FrontMatter,
                span,
                format!("unknown type `{name}`"),
                Some("the types are single, multiple, ordering and matching"),
            );
            ItemType::Single
        }),
    };
    let status_field = front.string(p, "status");
    let status = match &status_field {
        None => {
            if front.get("status").is_none() {
                p.error(Code::FrontMatter, id_span.clone(), "the item has no `status`", Some("add status = \"draft\" (or \"reviewed\" once a second reader has checked it)"));
            }
            Status::Draft
        }
        Some((name, span)) => Status::from_name(name).unwrap_or_else(|| {
            let hint = catalog::suggest::closest(name, Status::ALL.iter().map(|s| s.as_str()))
                .map_or_else(
                    || "the statuses are draft, reviewed and retired".to_owned(),
                    |s| format!("did you mean `{s}`? the statuses are draft, reviewed and retired"),
                );
            p.error(
                Code::FrontMatter,
                span.clone(),
                format!("unknown status `{name}`"),
                Some(&hint),
            );
            Status::Draft
        }),
    };
    let difficulty = front.string(p, "difficulty").and_then(|(name, span)| {
        let found = Difficulty::from_name(&name);
        if found.is_none() {
            p.error(
                Code::FrontMatter,
                span,
                format!("unknown difficulty `{name}`"),
                Some("the difficulties are easy, medium and hard"),
            );
        }
        found
    });
    let angoff = front.get("angoff").and_then(|value| {
        let number = match value.get_ref() {
            toml::Value::Float(f) => Some(*f),
            toml::Value::Integer(i) => Some(*i as f64),
            _ => None,
        };
        match number {
            Some(v) if v.is_finite() && v > 0.0 && v < 1.0 => Some(v),
            _ => {
                p.error(
                    Code::FrontMatter,
                    front.span(value),
                    format!("angoff {} is not a probability between 0 and 1", value.get_ref()),
                    Some("the Angoff rating is the chance a minimally qualified candidate answers correctly, such as 0.7"),
                );
                None
            }
        }
    });
    let reviewed = front.get("reviewed").and_then(|value| {
        let result = match value.get_ref() {
            toml::Value::Datetime(d) => to_date(d),
            other => Err(format!(
                "`reviewed` must be a date, not {} {other}",
                other.type_str()
            )),
        };
        match result {
            Ok(d) => Some(d),
            Err(message) => {
                p.error(
                    Code::FrontMatter,
                    front.span(value),
                    message,
                    Some("write the date without quotes: reviewed = 2026-11-30"),
                );
                None
            }
        }
    });
    if status == Status::Reviewed && front.get("reviewed").is_none() {
        let span = status_field
            .as_ref()
            .map_or(id_span.clone(), |(_, s)| s.clone());
        p.error(
            Code::ReviewedWithoutDate,
            span,
            "a reviewed item needs the date of its last review",
            Some("add reviewed = YYYY-MM-DD"),
        );
    }
    let author = match front.string(p, "author") {
        Some((a, _)) if !a.trim().is_empty() => a,
        found => {
            if found.is_some() || front.get("author").is_none() {
                p.error(
                    Code::FrontMatter,
                    id_span.clone(),
                    "the item has no `author`",
                    Some("add author = \"your name\""),
                );
            }
            String::new()
        }
    };
    let reviewer = front.string(p, "reviewer").map(|(r, _)| r);
    let enemy = front.string(p, "enemy").map(|(e, _)| e);
    let case = front.string(p, "case").map(|(c, _)| c);
    let services = front.strings(p, "services");
    let allow = front.strings(p, "allow");
    for name in &allow {
        let known = Code::ALL.iter().any(|c| {
            c.severity() == crate::diag::Severity::Warning && (c.code() == name || c.name() == name)
        });
        if !known {
            let span = front
                .get("allow")
                .map_or(id_span.clone(), |v| front.span(v));
            p.error(Code::FrontMatter, span, format!("`{name}` is not a warning that can be allowed"), Some("allow takes warning names such as \"renamed-service\" or codes such as \"B204\"; errors cannot be allowed"));
        }
    }
    let placements = placements(p, &front, &id_span);
    let body = parse_body(p, item_type, body_lines);
    Some(Parsed::Item(Box::new(Item {
        id,
        file: p.path.to_owned(),
        placements,
        item_type,
        services,
        angoff,
        difficulty,
        status,
        reviewed,
        author,
        reviewer,
        enemy,
        case,
        allow,
        stem: body.stem,
        stem_span: body.stem_span,
        body: body.body,
        explanation: body.explanation,
        references: body.references,
    })))
}

const FRONT_HELP: &str = "the front matter is TOML with the fields id, exams, type, services, angoff, difficulty, status, reviewed, author, reviewer, enemy, case and allow (docs/bank-format.md)";

fn to_date(value: &Datetime) -> Result<Date, String> {
    let (Some(date), None, None) = (value.date, value.time, value.offset) else {
        return Err(format!("`{value}` is not a plain date"));
    };
    let month = Month::try_from(date.month).map_err(|_| format!("`{value}` has no such month"))?;
    Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map_err(|_| format!("`{value}` is not a calendar date"))
}

fn placements(p: &mut Parser<'_>, front: &Front<'_>, id_span: &Range<usize>) -> Vec<Placement> {
    let example = "exams = [{ code = \"SAA-C03\", domain = 1, task = \"1.2\" }]";
    let Some(value) = front.get("exams") else {
        p.error(
            Code::FrontMatter,
            id_span.clone(),
            "the item is placed on no exam",
            Some(&format!("add {example}")),
        );
        return Vec::new();
    };
    let span = front.span(value);
    let Some(list) = value.get_ref().as_array().filter(|l| !l.is_empty()) else {
        p.error(
            Code::FrontMatter,
            span,
            "`exams` must be a non-empty list of exam placements",
            Some(&format!("write {example}")),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in list {
        let Some(table) = entry.as_table() else {
            p.error(
                Code::FrontMatter,
                span.clone(),
                format!(
                    "each placement is a table, not {} {entry}",
                    entry.type_str()
                ),
                Some(&format!("write {example}")),
            );
            continue;
        };
        for key in table.keys() {
            if !PLACEMENT_KEYS.contains(&key.as_str()) {
                let hint = catalog::suggest::closest(key, PLACEMENT_KEYS.iter().copied())
                    .map_or_else(
                        || "a placement has code, domain and task".to_owned(),
                        |s| format!("did you mean `{s}`? a placement has code, domain and task"),
                    );
                p.error(
                    Code::FrontMatter,
                    span.clone(),
                    format!("unknown field `{key}` in a placement"),
                    Some(&hint),
                );
            }
        }
        let code = table.get("code").and_then(|c| c.as_str());
        let domain = table
            .get("domain")
            .and_then(|d| d.as_integer())
            .and_then(|d| u8::try_from(d).ok());
        let task = table.get("task").map(|t| t.as_str().map(str::to_owned));
        match (code, domain, task) {
            (Some(code), Some(domain), Some(None)) => {
                let _ = (code, domain);
                p.error(
                    Code::FrontMatter,
                    span.clone(),
                    "a placement's `task` must be a string such as \"1.2\"",
                    None,
                );
            }
            (Some(code), Some(domain), task) => out.push(Placement {
                exam: code.trim().to_ascii_uppercase(),
                domain,
                task: task.flatten(),
                span: span.clone(),
            }),
            _ => p.error(
                Code::FrontMatter,
                span.clone(),
                "a placement needs a `code` (string) and a `domain` (number)",
                Some(&format!("write {example}")),
            ),
        }
    }
    out
}

fn parse_case(p: &mut Parser<'_>, title: String, id: String, body: &[Line<'_>]) -> Option<Parsed> {
    let scenario = join_lines(body.iter().map(|l| l.text)).trim().to_owned();
    if scenario.is_empty() {
        let span = body.first().map_or(0..0, |l| l.start..l.end);
        p.error(
            Code::MissingStem,
            span,
            "the case has no scenario text",
            Some("write the scenario after the closing `+++`"),
        );
    }
    Some(Parsed::Case(Case {
        id,
        title,
        scenario,
        file: p.path.to_owned(),
    }))
}

fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

struct BodyParts {
    stem: String,
    stem_span: Range<usize>,
    body: Body,
    explanation: String,
    references: Vec<Reference>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Stem,
    Options,
    Explanation,
    References,
    Unknown,
}

/// An option, step or pair while it is being read.
struct Entry {
    span: Range<usize>,
    marker: Marker,
    text: String,
    explanation: String,
}

#[derive(Clone)]
enum Marker {
    Choice { correct: bool },
    Step { number: u32 },
    Pair { prompt: Option<String> },
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// The option this line starts, for the item's type, or `None`; a malformed start is an error.
fn option_start(
    p: &mut Parser<'_>,
    item_type: ItemType,
    line: &Line<'_>,
    in_options: bool,
) -> Option<(Marker, String)> {
    let text = line.text;
    match item_type {
        ItemType::Single | ItemType::Multiple => {
            let rest = text
                .strip_prefix("- ")
                .or_else(|| text.strip_prefix("* "))?;
            if let Some(after) = rest
                .strip_prefix("[ ] ")
                .or_else(|| (rest == "[ ]").then_some(""))
            {
                return Some((Marker::Choice { correct: false }, after.to_owned()));
            }
            if let Some(after) = rest
                .strip_prefix("[x] ")
                .or_else(|| rest.strip_prefix("[X] "))
                .or_else(|| (rest == "[x]" || rest == "[X]").then_some(""))
            {
                return Some((Marker::Choice { correct: true }, after.to_owned()));
            }
            if rest.starts_with('[') {
                let end = rest.find(']').map_or_else(
                    || rest.char_indices().nth(4).map_or(rest.len(), |(i, _)| i),
                    |i| i + 1,
                );
                p.error(
                    Code::BadOption,
                    line.start + 2..line.start + 2 + end,
                    format!("`{}` is not an option marker", &rest[..end]),
                    Some("mark a correct option `- [x]` and an incorrect one `- [ ]`"),
                );
                return Some((
                    Marker::Choice { correct: false },
                    rest[end..].trim_start().to_owned(),
                ));
            }
            if in_options {
                p.error(
                    Code::BadOption,
                    line.start..line.start + 1,
                    "an option needs a `[ ]` or `[x]` marker",
                    Some("write `- [ ] text` for an incorrect option and `- [x] text` for a correct one"),
                );
                return Some((Marker::Choice { correct: false }, rest.to_owned()));
            }
            None
        }
        ItemType::Ordering => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 2 {
                return None;
            }
            let rest = text[digits..].strip_prefix(". ")?;
            let number = text[..digits].parse().ok()?;
            Some((Marker::Step { number }, rest.to_owned()))
        }
        ItemType::Matching => {
            let rest = text
                .strip_prefix("- ")
                .or_else(|| text.strip_prefix("* "))?;
            if let Some(response) = rest.strip_prefix("=> ") {
                return Some((Marker::Pair { prompt: None }, response.to_owned()));
            }
            match rest.split_once(" => ") {
                Some((prompt, response)) => Some((
                    Marker::Pair {
                        prompt: Some(prompt.trim().to_owned()),
                    },
                    response.to_owned(),
                )),
                None if in_options => {
                    p.error(
                        Code::BadOption,
                        line.start..line.end,
                        "a matching pair needs ` => ` between the prompt and its response",
                        Some("write `- prompt => response`, or `- => response` for a response that matches no prompt"),
                    );
                    Some((Marker::Pair { prompt: None }, rest.to_owned()))
                }
                None => None,
            }
        }
    }
}

fn parse_body(p: &mut Parser<'_>, item_type: ItemType, body: &[Line<'_>]) -> BodyParts {
    let mut state = State::Stem;
    let mut in_fence = false;
    let mut stem_lines: Vec<&Line<'_>> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut explanation = String::new();
    let mut references = Vec::new();
    for line in body {
        let blank = line.text.trim().is_empty();
        let fence_here = is_fence(line.text) && matches!(state, State::Stem | State::Explanation);
        if !in_fence && !fence_here && line.text.starts_with("## ") {
            let title = line.text[3..].trim().to_ascii_lowercase();
            state = match title.as_str() {
                "explanation" => State::Explanation,
                "references" => State::References,
                _ => {
                    p.error(
                        Code::UnknownSection,
                        line.start..line.end,
                        format!("unknown section `{}`", line.text[3..].trim()),
                        Some("the sections after the options are `## Explanation` and `## References`"),
                    );
                    State::Unknown
                }
            };
            continue;
        }
        if fence_here {
            in_fence = !in_fence;
        }
        match state {
            State::Stem => {
                if !in_fence
                    && !fence_here
                    && let Some((marker, text)) = option_start(p, item_type, line, false)
                {
                    state = State::Options;
                    entries.push(Entry {
                        span: line.start..line.end,
                        marker,
                        text,
                        explanation: String::new(),
                    });
                } else {
                    stem_lines.push(line);
                }
            }
            State::Options => {
                if blank {
                    continue;
                }
                let indented = line.text.starts_with("  ") || line.text.starts_with('\t');
                if indented {
                    let Some(entry) = entries.last_mut() else {
                        continue;
                    };
                    entry.span.end = line.end;
                    let trimmed = line.text.trim_start();
                    if let Some(quote) = trimmed.strip_prefix('>') {
                        let quote = quote.strip_prefix(' ').unwrap_or(quote);
                        push_line(&mut entry.explanation, quote);
                    } else if entry.explanation.is_empty() {
                        push_line(&mut entry.text, trimmed);
                    } else {
                        push_line(&mut entry.explanation, trimmed);
                    }
                } else if let Some((marker, text)) = option_start(p, item_type, line, true) {
                    entries.push(Entry {
                        span: line.start..line.end,
                        marker,
                        text,
                        explanation: String::new(),
                    });
                } else {
                    p.error(
                        Code::UnexpectedText,
                        line.start..line.end,
                        "this text belongs to no option or section",
                        Some("indent it by two spaces to continue the option above (start explanation lines with `>`), or put it under `## Explanation`"),
                    );
                }
            }
            State::Explanation => {
                explanation.push_str(line.text);
                explanation.push('\n');
            }
            State::References => {
                if blank {
                    continue;
                }
                match parse_reference(line) {
                    Some(reference) => references.push(reference),
                    None => p.error(
                        Code::BadReference,
                        line.start..line.end,
                        "a reference must be a list item with a URL or a Markdown link",
                        Some("write `- https://docs.aws.amazon.com/...` or `- [Title](https://docs.aws.amazon.com/...)`"),
                    ),
                }
            }
            State::Unknown => {}
        }
    }

    let stem_text: Vec<&str> = stem_lines.iter().map(|l| l.text).collect();
    let stem = join_lines(stem_text.iter().copied()).trim().to_owned();
    let first = stem_lines.iter().find(|l| !l.text.trim().is_empty());
    let last = stem_lines.iter().rev().find(|l| !l.text.trim().is_empty());
    let body_start = body.first().map_or(p.text.len(), |l| l.start);
    let stem_span = match (first, last) {
        (Some(f), Some(l)) => f.start..l.end,
        _ => body_start..body_start,
    };
    if stem.is_empty() {
        p.error(
            Code::MissingStem,
            stem_span.clone(),
            "the item has no question text",
            Some("write the scenario and the question after the closing `+++`, before the options"),
        );
    }
    if entries.is_empty() {
        let help = match item_type {
            ItemType::Single | ItemType::Multiple => {
                "write the options as `- [x] correct option` and `- [ ] incorrect option`"
            }
            ItemType::Ordering => {
                "write the steps in the correct order as `1. first step`, `2. second step`, ..."
            }
            ItemType::Matching => "write the pairs as `- prompt => response`",
        };
        p.error(
            Code::MissingOptions,
            stem_span.clone(),
            format!("the {item_type} item has no options"),
            Some(help),
        );
    }
    for entry in &mut entries {
        entry.text = entry.text.trim().to_owned();
        entry.explanation = entry.explanation.trim().to_owned();
    }

    let body = match item_type {
        ItemType::Single | ItemType::Multiple => Body::Choices(
            entries
                .into_iter()
                .map(|e| {
                    let correct = matches!(e.marker, Marker::Choice { correct: true });
                    let (text, fixed) = match e.text.strip_suffix("{fixed}") {
                        Some(text) => (text.trim_end().to_owned(), true),
                        None => (e.text, false),
                    };
                    if text.is_empty() {
                        p.error(
                            Code::BadOption,
                            e.span.clone(),
                            "the option has no text",
                            None,
                        );
                    }
                    Choice {
                        text,
                        correct,
                        explanation: e.explanation,
                        fixed,
                        span: e.span,
                    }
                })
                .collect(),
        ),
        ItemType::Ordering => {
            let mut steps = Vec::new();
            for (index, e) in entries.into_iter().enumerate() {
                if let Marker::Step { number } = e.marker
                    && number as usize != index + 1
                {
                    p.error(
                        Code::BadOption,
                        e.span.clone(),
                        format!("step {number} is step {} in the list", index + 1),
                        Some("number the steps 1, 2, 3, ... in the correct order; the written order is the key"),
                    );
                }
                steps.push(Step {
                    text: e.text,
                    explanation: e.explanation,
                    span: e.span,
                });
            }
            Body::Steps(steps)
        }
        ItemType::Matching => Body::Pairs(
            entries
                .into_iter()
                .map(|e| {
                    let prompt = match e.marker {
                        Marker::Pair { prompt } => prompt,
                        _ => None,
                    };
                    Pair {
                        prompt,
                        response: e.text,
                        explanation: e.explanation,
                        span: e.span,
                    }
                })
                .collect(),
        ),
    };
    BodyParts {
        stem,
        stem_span,
        body,
        explanation: explanation.trim().to_owned(),
        references,
    }
}

fn push_line(target: &mut String, line: &str) {
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(line);
}

fn parse_reference(line: &Line<'_>) -> Option<Reference> {
    let item = line
        .text
        .strip_prefix("- ")
        .or_else(|| line.text.strip_prefix("* "))?
        .trim();
    let span = line.start..line.end;
    if let Some(rest) = item.strip_prefix('[') {
        let (title, rest) = rest.split_once("](")?;
        let url = rest.strip_suffix(')')?;
        return Some(Reference {
            title: Some(title.to_owned()),
            url: url.trim().to_owned(),
            span,
        });
    }
    let url = item
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or(item);
    if url.contains("://") && !url.contains(char::is_whitespace) {
        Some(Reference {
            title: None,
            url: url.to_owned(),
            span,
        })
    } else {
        None
    }
}
