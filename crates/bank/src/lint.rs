//! The linter: checks items against the catalog, each other and the item-writing rules.

use crate::diag::{Code, Diagnostic};
use crate::model::{Body, Case, Item, ItemType, Status};
use crate::parse::{Parsed, SourceFile, parse};
use catalog::{Catalog, Status as ExamStatus};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;

const BUILTIN_SERVICES: &str = include_str!("../data/services.toml");

/// A service name AWS renamed or retired.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenamedService {
    /// The old name.
    pub name: String,
    /// Continuations that make the match part of a current name.
    #[serde(default)]
    pub unless_followed_by: Vec<String>,
    /// `renamed`, `retired` or `closed to new customers`.
    pub change: String,
    /// The current name, for renames.
    pub current: Option<String>,
    /// When the change took effect, where AWS gives a date.
    pub since: Option<toml::value::Datetime>,
    /// The AWS page that says so.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    service: Vec<RenamedService>,
}

/// The renamed and retired services the linter knows.
pub fn builtin_renamed_services() -> Vec<RenamedService> {
    toml::from_str::<ServicesFile>(BUILTIN_SERVICES)
        .map(|f| f.service)
        .unwrap_or_default()
}

/// What the linter needs besides the files.
#[derive(Debug, Clone)]
pub struct LintContext<'a> {
    /// The catalog items are placed against.
    pub catalog: &'a Catalog,
    /// The day reviews are aged and exam statuses computed for.
    pub today: Date,
    /// Renamed and retired service names.
    pub renamed: Vec<RenamedService>,
}

impl<'a> LintContext<'a> {
    /// A context with the built-in list of renamed services.
    pub fn new(catalog: &'a Catalog, today: Date) -> LintContext<'a> {
        LintContext {
            catalog,
            today,
            renamed: builtin_renamed_services(),
        }
    }
}

/// A parsed and linted bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Bank {
    /// Every item that could be read, in file order.
    pub items: Vec<Item>,
    /// Every case-study scenario.
    pub cases: Vec<Case>,
    /// Every problem, parse and lint, in file order then bank-wide.
    pub diagnostics: Vec<Diagnostic>,
}

impl Bank {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::Severity::Error)
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The items forms may be built from: those whose file has no error (the errors are
    /// what `certpath bank lint` reports).
    pub fn usable_items(&self) -> Vec<Item> {
        let broken: HashSet<&str> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .filter_map(|d| d.file.as_deref())
            .collect();
        self.items
            .iter()
            .filter(|i| !broken.contains(i.file.as_str()))
            .cloned()
            .collect()
    }
}

/// Parses and lints `files` as one bank.
pub fn load(files: &[SourceFile], context: &LintContext<'_>) -> Bank {
    let mut items = Vec::new();
    let mut cases = Vec::new();
    let mut diagnostics = Vec::new();
    let texts: HashMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    for file in files {
        let result = parse(file);
        diagnostics.extend(result.diagnostics);
        match result.parsed {
            Some(Parsed::Item(item)) => items.push(*item),
            Some(Parsed::Case(case)) => cases.push(case),
            None => {}
        }
    }
    let case_ids: HashSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    for item in &items {
        let text = texts.get(item.file.as_str()).copied().unwrap_or_default();
        let mut found = Vec::new();
        lint_item(item, text, context, &case_ids, &mut found);
        found.retain(|d| {
            d.severity == crate::Severity::Error
                || !item
                    .allow
                    .iter()
                    .any(|a| a == d.code.code() || a == d.code.name())
        });
        diagnostics.extend(found);
    }
    duplicate_ids(&items, &cases, &texts, &mut diagnostics);
    near_duplicates(&items, &texts, &mut diagnostics);
    position_balance(&items, &mut diagnostics);
    Bank {
        items,
        cases,
        diagnostics,
    }
}

const NUMBER_WORDS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// The N of "(Select N.)" in a stem ("(Select TWO.)", "(Choose 3)"), with its byte range.
pub fn select_count(stem: &str) -> Option<(usize, std::ops::Range<usize>)> {
    let lower = stem.to_ascii_lowercase();
    for keyword in ["(select ", "(choose "] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(keyword) {
            let start = from + found;
            let after = start + keyword.len();
            let word: String = lower[after..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let count = word
                .parse::<usize>()
                .ok()
                .or_else(|| NUMBER_WORDS.iter().position(|w| *w == word).map(|i| i + 1));
            if let Some(count) = count {
                let end = lower[after..]
                    .find(')')
                    .map_or(after + word.len(), |i| after + i + 1);
                return Some((count, start..end));
            }
            from = after;
        }
    }
    None
}

fn word(n: usize) -> String {
    NUMBER_WORDS
        .get(n.wrapping_sub(1))
        .map_or_else(|| n.to_string(), |w| w.to_ascii_uppercase())
}

fn lint_item(
    item: &Item,
    text: &str,
    cx: &LintContext<'_>,
    cases: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let at = |code: Code, span: std::ops::Range<usize>, message: String| {
        Diagnostic::at(code, &item.file, text, span, message)
    };
    let stem_span = item.stem_span.clone();
    // The stem is the file's text between these offsets (line breaks aside), so a place in it
    // maps back to the file when the text there matches; otherwise the whole stem is shown.
    let select = select_count(&item.stem).map(|(n, range)| {
        let in_file = stem_span.start + range.start..stem_span.start + range.end;
        let matches = text
            .get(in_file.clone())
            .is_some_and(|t| t.eq_ignore_ascii_case(&item.stem[range.clone()]));
        (n, if matches { in_file } else { stem_span.clone() })
    });
    match &item.body {
        Body::Choices(choices) => {
            let correct = choices.iter().filter(|c| c.correct).count();
            let (min, name) = if item.item_type == ItemType::Multiple {
                (5, "multiple-response")
            } else {
                (4, "single-choice")
            };
            if choices.len() < min && !choices.is_empty() {
                out.push(
                    at(
                        Code::TooFewOptions,
                        stem_span.clone(),
                        format!(
                            "a {name} item needs at least {min} options; this one has {}",
                            choices.len()
                        ),
                    )
                    .with_help(if min == 4 {
                        "AWS uses one key and three distractors"
                    } else {
                        "AWS uses five options for (Select TWO.) and six for (Select THREE.)"
                    }),
                );
            }
            match item.item_type {
                ItemType::Single => {
                    if correct != 1 && !choices.is_empty() {
                        out.push(
                            at(Code::SingleKeyCount, stem_span.clone(), format!("a single-choice item needs exactly one correct option; {correct} are marked `[x]`"))
                                .with_help("mark one option `- [x]`, or make the item `type = \"multiple\"` with \"(Select N.)\" in the stem"),
                        );
                    }
                    if let Some((n, span)) = select.clone()
                        && n != 1
                    {
                        out.push(
                            at(
                                Code::SelectMismatch,
                                span,
                                format!(
                                    "the stem asks to select {}, but the item is single choice",
                                    word(n)
                                ),
                            )
                            .with_help(
                                "make it `type = \"multiple\"` or remove the \"(Select N.)\"",
                            ),
                        );
                    }
                }
                ItemType::Multiple => {
                    if (correct < 2 || correct == choices.len()) && !choices.is_empty() {
                        out.push(
                            at(Code::MultipleKeyCount, stem_span.clone(), format!("a multiple-response item needs at least two correct options and at least one incorrect; {correct} of {} are marked `[x]`", choices.len()))
                                .with_help("mark two or more options `- [x]` and leave the distractors `- [ ]`"),
                        );
                    }
                    match select.clone() {
                        None => out.push(
                            at(Code::SelectMismatch, stem_span.clone(), format!("the stem does not say how many to select; the key has {correct}"))
                                .with_help(format!("end the question with \"(Select {}.)\"", word(correct))),
                        ),
                        Some((n, span)) if n != correct => out.push(
                            at(Code::SelectMismatch, span, format!("the stem says select {}, but {correct} options are marked correct", word(n)))
                                .with_help("change the stem or the key so they agree"),
                        ),
                        Some(_) => {}
                    }
                }
                _ => {}
            }
            for choice in choices {
                if choice.explanation.is_empty() {
                    out.push(
                        at(Code::MissingExplanation, choice.span.clone(), format!("the option \"{}\" has no explanation", shorten(&choice.text)))
                            .with_help("add indented lines starting with `>` under the option: why it is right, or why it fails here"),
                    );
                }
            }
            key_is_longest(item, choices, text, out);
        }
        Body::Steps(steps) => {
            if steps.len() < 3 {
                out.push(at(
                    Code::TooFewOptions,
                    stem_span.clone(),
                    format!(
                        "an ordering item needs 3 to 5 steps; this one has {}",
                        steps.len()
                    ),
                ));
            } else if steps.len() > 5 {
                out.push(at(
                    Code::TooManyOptions,
                    stem_span.clone(),
                    format!(
                        "an ordering item has at most 5 steps on AWS exams; this one has {}",
                        steps.len()
                    ),
                ));
            }
            for step in steps.iter().filter(|s| s.explanation.is_empty()) {
                out.push(
                    at(
                        Code::MissingExplanation,
                        step.span.clone(),
                        format!("the step \"{}\" has no explanation", shorten(&step.text)),
                    )
                    .with_help("add indented lines starting with `>` under the step"),
                );
            }
        }
        Body::Pairs(pairs) => {
            let prompts = pairs.iter().filter(|p| p.prompt.is_some()).count();
            if prompts < 3 {
                out.push(at(
                    Code::TooFewOptions,
                    stem_span.clone(),
                    format!("a matching item needs 3 to 7 prompts; this one has {prompts}"),
                ));
            } else if prompts > 7 {
                out.push(at(
                    Code::TooManyOptions,
                    stem_span.clone(),
                    format!(
                        "a matching item has at most 7 prompts on AWS exams; this one has {prompts}"
                    ),
                ));
            }
            for pair in pairs.iter().filter(|p| p.explanation.is_empty()) {
                out.push(
                    at(
                        Code::MissingExplanation,
                        pair.span.clone(),
                        format!(
                            "the pair \"{}\" has no explanation",
                            shorten(&pair.response)
                        ),
                    )
                    .with_help("add indented lines starting with `>` under the pair"),
                );
            }
        }
    }

    if item.references.is_empty() {
        out.push(
            at(Code::MissingReference, stem_span.clone(), "the item cites no documentation".to_owned())
                .with_help("add a `## References` section with at least one AWS documentation URL that supports the key"),
        );
    }
    for reference in &item.references {
        if !reference.url.starts_with("https://") {
            out.push(
                at(
                    Code::InsecureReference,
                    reference.span.clone(),
                    format!("reference `{}` is not an https URL", reference.url),
                )
                .with_help("cite the https address of the page"),
            );
        }
    }
    if let Some(case) = &item.case
        && !cases.contains(case.as_str())
    {
        out.push(
            at(
                Code::UnknownCase,
                item.stem_span.clone(),
                format!("case `{case}` is not in the bank"),
            )
            .with_help("add a case file with `kind = \"case\"` and that id, or remove `case`"),
        );
    }

    for placement in &item.placements {
        let span = placement.span.clone();
        let Some(exam) = cx.catalog.exam(&placement.exam) else {
            let suggestion = catalog::suggest::closest(&placement.exam, cx.catalog.codes());
            let mut d = at(
                Code::UnknownExam,
                span,
                format!("exam `{}` is not in the catalog", placement.exam),
            );
            d = d.with_help(match suggestion {
                Some(s) => format!("did you mean `{s}`? (certpath catalog --all lists every code)"),
                None => "certpath catalog --all lists every exam code".to_owned(),
            });
            out.push(d);
            continue;
        };
        if exam.domains.list.is_empty() {
            out.push(
                at(
                    Code::UnknownDomain,
                    span.clone(),
                    format!(
                        "{} has no published domains, so no item can be placed on one",
                        exam.code
                    ),
                )
                .with_help("place the item on another exam version until AWS publishes the guide"),
            );
        } else if let Some(domain) = exam
            .domains
            .list
            .iter()
            .find(|d| d.number == placement.domain)
        {
            if let Some(task) = &placement.task
                && !domain.tasks.iter().any(|t| &t.id == task)
            {
                let help = if domain.tasks.is_empty() {
                    format!(
                        "the catalog has no task statements for {} domain {} yet; add them to its data file or leave `task` out",
                        exam.code, domain.number
                    )
                } else {
                    format!(
                        "the tasks of domain {} are {}",
                        domain.number,
                        domain
                            .tasks
                            .iter()
                            .map(|t| t.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(
                    at(
                        Code::UnknownTask,
                        span.clone(),
                        format!("{} domain {} has no task {task}", exam.code, domain.number),
                    )
                    .with_help(help),
                );
            }
        } else {
            let numbers: Vec<String> = exam
                .domains
                .list
                .iter()
                .map(|d| format!("{} ({})", d.number, d.name))
                .collect();
            out.push(
                at(
                    Code::UnknownDomain,
                    span.clone(),
                    format!("{} has no domain {}", exam.code, placement.domain),
                )
                .with_help(format!("its domains are {}", numbers.join(", "))),
            );
        }
        if exam.status_on(cx.today) == ExamStatus::Retired {
            let replaced = exam
                .successor()
                .map(|s| format!("; it was replaced by {s}"))
                .unwrap_or_default();
            out.push(at(Code::RetiredExam, span.clone(), format!("{} is retired on {}{replaced}", exam.code, cx.today)).with_help("move the item to the current version after checking it against the new guide, or retire it"));
        }
        if let Some(types) = exam.format.question_types.get()
            && !types.contains(&item.item_type.question_type())
        {
            out.push(at(
                Code::TypeNotOnExam,
                span,
                format!(
                    "{} does not use {} questions",
                    exam.code,
                    item.item_type.question_type()
                ),
            ));
        }
    }

    if item.status == Status::Reviewed
        && let Some(reviewed) = item.reviewed
        && (cx.today - reviewed).whole_days() > 365
    {
        out.push(at(Code::StaleReview, item.stem_span.clone(), format!("the last review was on {reviewed}, more than a year before {}", cx.today)).with_help("check the key and explanations against the current documentation and update `reviewed`"));
    }
    renamed_services(item, text, cx, out);
}

fn shorten(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() > 50 {
        format!("{}…", first.chars().take(50).collect::<String>())
    } else {
        first.to_owned()
    }
}

fn key_is_longest(
    item: &Item,
    choices: &[crate::model::Choice],
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let length = |c: &crate::model::Choice| c.text.chars().count();
    let shortest_key = choices.iter().filter(|c| c.correct).map(length).min();
    let longest_distractor = choices.iter().filter(|c| !c.correct).map(length).max();
    if let (Some(key), Some(distractor)) = (shortest_key, longest_distractor)
        && distractor > 0
        && key * 4 > distractor * 5
        && key >= distractor + 15
    {
        let span = choices
            .iter()
            .find(|c| c.correct)
            .map_or(item.stem_span.clone(), |c| c.span.clone());
        out.push(
            Diagnostic::at(Code::KeyIsLongest, &item.file, text, span, format!("the correct option is clearly the longest ({key} characters against at most {distractor} for a distractor)"))
                .with_help("make the options similar in length and detail: shorten the key or give the distractors the same precision"),
        );
    }
}

fn renamed_services(item: &Item, text: &str, cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut fields: Vec<(&str, std::ops::Range<usize>)> =
        vec![(item.stem.as_str(), item.stem_span.clone())];
    for choice in item.choices() {
        fields.push((choice.text.as_str(), choice.span.clone()));
        fields.push((choice.explanation.as_str(), choice.span.clone()));
    }
    fields.push((item.explanation.as_str(), item.stem_span.clone()));
    let services = item.services.join("\n");
    fields.push((services.as_str(), item.stem_span.clone()));
    let mut reported = HashSet::new();
    for service in &cx.renamed {
        for (field, span) in &fields {
            if mentions(field, service) && reported.insert(service.name.as_str()) {
                let since = service
                    .since
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default();
                let message = match (&service.current, service.change.as_str()) {
                    (Some(current), _) => {
                        format!("`{}` was renamed {current}{since}", service.name)
                    }
                    (None, change) => format!("`{}` is {change}{since}", service.name),
                };
                out.push(
                    Diagnostic::at(
                        Code::RenamedService,
                        &item.file,
                        text,
                        span.clone(),
                        message,
                    )
                    .with_help(format!("see {}", service.source)),
                );
            }
        }
    }
}

fn mentions(field: &str, service: &RenamedService) -> bool {
    let lower = field.to_lowercase();
    let name = service.name.to_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(&name) {
        let start = from + found;
        let end = start + name.len();
        let before_ok = lower[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = lower[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        let continues = service
            .unless_followed_by
            .iter()
            .any(|tail| lower[end..].starts_with(&tail.to_lowercase()));
        if before_ok && after_ok && !continues {
            return true;
        }
        from = end;
    }
    false
}

fn duplicate_ids(
    items: &[Item],
    cases: &[Case],
    texts: &HashMap<&str, &str>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    let ids = items
        .iter()
        .map(|i| (i.id.as_str(), i.file.as_str()))
        .chain(cases.iter().map(|c| (c.id.as_str(), c.file.as_str())));
    for (id, file) in ids {
        match first.get(id) {
            Some(other) => {
                let text = texts.get(file).copied().unwrap_or_default();
                let span = text
                    .find(&format!("\"{id}\""))
                    .map_or(0..0, |s| s..s + id.len() + 2);
                out.push(
                    Diagnostic::at(
                        Code::DuplicateId,
                        file,
                        text,
                        span,
                        format!("id `{id}` is already used by {other}"),
                    )
                    .with_help("ids are stable and unique; give this item a new one"),
                );
            }
            None => {
                first.insert(id, file);
            }
        }
    }
}

/// Word 3-gram shingles of a stem, hashed.
fn shingles(stem: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(3)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Stems whose word 3-grams overlap by at least this Jaccard similarity are near-duplicates.
const NEAR_DUPLICATE: f64 = 0.8;

fn near_duplicates(items: &[Item], texts: &HashMap<&str, &str>, out: &mut Vec<Diagnostic>) {
    let sets: Vec<HashSet<u64>> = items.iter().map(|i| shingles(&i.stem)).collect();
    // Candidate pairs share a shingle; an inverted index keeps this near-linear for real banks.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for s in set {
            index.entry(*s).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for postings in index.values().filter(|p| p.len() > 1 && p.len() <= 50) {
        for (a, &i) in postings.iter().enumerate() {
            for &j in &postings[a + 1..] {
                *shared.entry((i, j)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|&((i, j), common)| {
            let union = sets[i].len() + sets[j].len() - common;
            union > 0 && common as f64 / union as f64 >= NEAR_DUPLICATE
        })
        .map(|(pair, _)| pair)
        .collect();
    pairs.sort_unstable();
    for (i, j) in pairs {
        let (a, b) = (&items[i], &items[j]);
        let text = texts.get(b.file.as_str()).copied().unwrap_or_default();
        out.push(
            Diagnostic::at(Code::NearDuplicate, &b.file, text, b.stem_span.clone(), format!("the stem is nearly the same as `{}` ({})", a.id, a.file))
                .with_help("merge the two items, or make them test different ideas; if they must coexist, put them in one `enemy` group"),
        );
    }
}

/// Correct positions are checked once the bank has this many four-option single-choice items.
const BALANCE_MINIMUM: usize = 20;

fn position_balance(items: &[Item], out: &mut Vec<Diagnostic>) {
    let mut counts = [0usize; 4];
    for item in items
        .iter()
        .filter(|i| i.item_type == ItemType::Single && i.status != Status::Retired)
    {
        let choices = item.choices();
        if choices.len() == 4
            && let Some(position) = choices.iter().position(|c| c.correct)
        {
            counts[position] += 1;
        }
    }
    let n: usize = counts.iter().sum();
    if n < BALANCE_MINIMUM {
        return;
    }
    let expected = n as f64 / 4.0;
    let chi2: f64 = counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum();
    // The chi-square critical value for 3 degrees of freedom at the 1% level.
    if chi2 > 11.345 {
        let shares: Vec<String> = counts
            .iter()
            .zip(["A", "B", "C", "D"])
            .map(|(c, letter)| format!("{letter} {c} ({:.0}%)", 100.0 * *c as f64 / n as f64))
            .collect();
        out.push(
            Diagnostic::bank(Code::PositionImbalance, format!("the correct answers of {n} four-option items are unbalanced by position: {}", shares.join(", ")))
                .with_help("move keys so each position holds about a quarter (the exam shuffles options, but printed and exported banks keep the order)"),
        );
    }
}
