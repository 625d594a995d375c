//! Turns data files into a validated [`Catalog`], reporting every problem with file and field.

use crate::Catalog;
use crate::error::{CatalogError, DataError, line_col};
use crate::fact::Fact;
use crate::model::{
    BetaFormat, Candidate, Dates, Domain, Domains, ExamVersion, Format, LastDayBasis, Source, Task,
};
use crate::raw::{RawDomains, RawExam, RawFact, RawSources, SFact};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use time::{Date, Month};
use toml::Spanned;
use toml::value::Datetime;

/// A data file handed to the loader: its path relative to the data directory, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Path relative to the data directory, such as `exams/clf-c02.toml`.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

impl DataFile {
    /// A data file from its path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> DataFile {
        DataFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// The name of the sources file, relative to the data directory.
pub const SOURCES_PATH: &str = "sources.toml";

/// Collects problems for one file.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<DataError>,
}

impl<'a> Checker<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        Checker {
            file,
            text,
            problems: Vec::new(),
        }
    }

    fn error(
        &mut self,
        field: Option<&str>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) {
        self.problems.push(DataError {
            file: self.file.to_owned(),
            field: field.map(str::to_owned),
            line_col: span.as_ref().map(|s| line_col(self.text, s.start)),
            span,
            message: message.into(),
        });
    }

    fn toml_error(&mut self, err: &toml::de::Error) {
        let message = err.message().trim_end().to_owned();
        self.error(None, err.span(), message);
    }
}

pub(crate) fn load(sources_text: &str, exam_files: &[DataFile]) -> Result<Catalog, CatalogError> {
    let mut problems = Vec::new();

    let mut sources_checker = Checker::new(SOURCES_PATH, sources_text);
    let sources = match toml::from_str::<RawSources>(sources_text) {
        Ok(raw) => convert_sources(&mut sources_checker, raw),
        Err(err) => {
            sources_checker.toml_error(&err);
            BTreeMap::new()
        }
    };
    problems.append(&mut sources_checker.problems);

    let mut exams = Vec::new();
    let mut spans: Vec<ExamSpans> = Vec::new();
    for (index, file) in exam_files.iter().enumerate() {
        let mut checker = Checker::new(&file.path, &file.text);
        match toml::from_str::<RawExam>(&file.text) {
            Ok(raw) => {
                let code_span = raw.code.span();
                let successor_span = raw.dates.successor.span();
                let exam = convert_exam(&mut checker, &sources, raw);
                spans.push(ExamSpans {
                    code: code_span,
                    successor: successor_span,
                });
                exams.push((index, exam));
            }
            Err(err) => checker.toml_error(&err),
        }
        problems.append(&mut checker.problems);
    }

    check_across(exam_files, &mut exams, &spans, &mut problems);

    if !problems.is_empty() {
        return Err(CatalogError { problems });
    }
    let mut exams: Vec<ExamVersion> = exams.into_iter().map(|(_, exam)| exam).collect();
    exams.sort_by(|a, b| {
        (a.tier, &a.certification, &a.code).cmp(&(b.tier, &b.certification, &b.code))
    });
    Ok(Catalog { exams, sources })
}

fn convert_sources(checker: &mut Checker<'_>, raw: RawSources) -> BTreeMap<String, Source> {
    let mut sources = BTreeMap::new();
    for (key, entry) in raw {
        let span = entry.span();
        let entry = entry.into_inner();
        let url_span = entry.url.span();
        let url = entry.url.into_inner();
        if !url.starts_with("https://") {
            checker.error(
                Some(&format!("{key}.url")),
                Some(url_span),
                format!("source URL `{url}` is not https; give the https address of the page"),
            );
        }
        if entry.title.trim().is_empty() {
            checker.error(
                Some(&format!("{key}.title")),
                Some(span),
                "source title is empty",
            );
        }
        sources.insert(
            key.clone(),
            Source {
                key,
                title: entry.title,
                url,
                read: entry.read,
            },
        );
    }
    sources
}

fn convert_exam(
    checker: &mut Checker<'_>,
    sources: &BTreeMap<String, Source>,
    raw: RawExam,
) -> ExamVersion {
    let code_span = raw.code.span();
    let code = raw.code.into_inner();
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        checker.error(
            Some("code"),
            Some(code_span.clone()),
            format!(
                "exam code `{code}` must be upper-case letters, digits and dashes, like `CLF-C02`"
            ),
        );
    }
    let expected_name = format!("{}.toml", code.to_ascii_lowercase());
    let file_name = checker.file.rsplit('/').next().unwrap_or(checker.file);
    if file_name != expected_name {
        checker.error(
            Some("code"),
            Some(code_span),
            format!(
                "the file for exam `{code}` must be named `{expected_name}`, not `{file_name}`"
            ),
        );
    }
    let certification_span = raw.certification.span();
    let certification = raw.certification.into_inner();
    if certification.is_empty()
        || !certification
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        checker.error(
            Some("certification"),
            Some(certification_span),
            format!("certification id `{certification}` must be lower-case words joined by dashes"),
        );
    }
    if let Some(guide) = &raw.guide
        && !sources.contains_key(guide.get_ref())
    {
        checker.error(
            Some("guide"),
            Some(guide.span()),
            format!(
                "unknown source `{}`; add it to sources.toml",
                guide.get_ref()
            ),
        );
    }

    let mut facts = FactConverter { checker, sources };
    let dates = Dates {
        beta_from: raw
            .dates
            .beta_from
            .map(|f| facts.date("dates.beta_from", f)),
        available_from: facts.date("dates.available_from", raw.dates.available_from),
        last_day: facts.date("dates.last_day", raw.dates.last_day),
        successor: facts.plain("dates.successor", raw.dates.successor),
    };
    let format = Format {
        questions_scored: facts.ranged(
            "format.questions_scored",
            raw.format.questions_scored,
            1,
            200,
        ),
        questions_unscored: facts.ranged(
            "format.questions_unscored",
            raw.format.questions_unscored,
            0,
            100,
        ),
        duration_minutes: facts.ranged(
            "format.duration_minutes",
            raw.format.duration_minutes,
            1,
            600,
        ),
        passing_score: facts.ranged("format.passing_score", raw.format.passing_score, 100, 1000),
        price_usd: facts.ranged("format.price_usd", raw.format.price_usd, 0, 10_000),
        question_types: facts.plain("format.question_types", raw.format.question_types),
    };
    let beta_format = raw.beta_format.map(|beta| BetaFormat {
        questions_total: facts.ranged("beta_format.questions_total", beta.questions_total, 1, 300),
        duration_minutes: facts.ranged(
            "beta_format.duration_minutes",
            beta.duration_minutes,
            1,
            600,
        ),
        price_usd: facts.ranged("beta_format.price_usd", beta.price_usd, 0, 10_000),
    });
    let candidate = Candidate {
        recommended_experience: facts.plain(
            "candidate.recommended_experience",
            raw.candidate.recommended_experience,
        ),
        aws_experience_years: facts.years(
            "candidate.aws_experience_years",
            raw.candidate.aws_experience_years,
        ),
        main_services: facts.plain("candidate.main_services", raw.candidate.main_services),
    };
    let domains = convert_domains(facts.checker, sources, raw.domains);
    check_dates(facts.checker, &dates);

    ExamVersion {
        code,
        certification,
        name: raw.name,
        tier: raw.tier,
        guide: raw.guide.map(Spanned::into_inner),
        notes: raw.notes,
        dates,
        format,
        beta_format,
        candidate,
        domains,
        file: facts.checker.file.to_owned(),
        effective_last_day: None,
        superseded_undated: false,
    }
}

struct FactConverter<'c, 'a> {
    checker: &'c mut Checker<'a>,
    sources: &'c BTreeMap<String, Source>,
}

impl FactConverter<'_, '_> {
    /// Checks provenance (sources, note) and converts the value.
    fn convert<T, U>(
        &mut self,
        field: &str,
        raw: SFact<T>,
        convert: impl FnOnce(T) -> Result<U, String>,
    ) -> Fact<U> {
        let span = raw.span();
        let RawFact {
            value,
            confidence,
            sources,
            note,
        } = raw.into_inner();
        if value.is_some() && sources.is_empty() {
            self.checker.error(
                Some(field),
                Some(span.clone()),
                "a fact with a value needs `sources`: the keys of the sources that state it",
            );
        }
        if value.is_none() && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            self.checker.error(
                Some(field),
                Some(span.clone()),
                "an unknown fact needs a `note` saying what is known (\"AWS has not published ...\")",
            );
        }
        for key in &sources {
            if !self.sources.contains_key(key) {
                self.checker.error(
                    Some(&format!("{field}.sources")),
                    Some(span.clone()),
                    format!("unknown source `{key}`; add it to sources.toml"),
                );
            }
        }
        let value = match value.map(convert) {
            Some(Ok(v)) => Some(v),
            Some(Err(message)) => {
                self.checker.error(Some(field), Some(span), message);
                None
            }
            None => None,
        };
        Fact {
            value,
            confidence,
            sources,
            note,
        }
    }

    fn plain<T>(&mut self, field: &str, raw: SFact<T>) -> Fact<T> {
        self.convert(field, raw, Ok)
    }

    fn ranged(&mut self, field: &str, raw: SFact<u32>, min: u32, max: u32) -> Fact<u32> {
        self.convert(field, raw, |v| {
            if (min..=max).contains(&v) {
                Ok(v)
            } else {
                Err(format!(
                    "value {v} is out of range; expected {min} to {max}"
                ))
            }
        })
    }

    fn years(&mut self, field: &str, raw: SFact<f64>) -> Fact<f64> {
        self.convert(field, raw, |v| {
            if (0.0..=30.0).contains(&v) {
                Ok(v)
            } else {
                Err(format!("value {v} is out of range; expected 0 to 30 years"))
            }
        })
    }

    fn date(&mut self, field: &str, raw: SFact<Datetime>) -> Fact<Date> {
        self.convert(field, raw, to_date)
    }
}

fn to_date(value: Datetime) -> Result<Date, String> {
    let (Some(date), None, None) = (value.date, value.time, value.offset) else {
        return Err(format!(
            "`{value}` is not a plain date; write it as YYYY-MM-DD"
        ));
    };
    let month = Month::try_from(date.month).map_err(|_| format!("`{value}` has no such month"))?;
    Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map_err(|_| format!("`{value}` is not a calendar date"))
}

fn convert_domains(
    checker: &mut Checker<'_>,
    sources: &BTreeMap<String, Source>,
    raw: Spanned<RawDomains>,
) -> Domains {
    let span = raw.span();
    let raw = raw.into_inner();
    for key in &raw.sources {
        if !sources.contains_key(key) {
            checker.error(
                Some("domains.sources"),
                Some(span.clone()),
                format!("unknown source `{key}`; add it to sources.toml"),
            );
        }
    }
    if raw.list.is_empty() {
        if raw.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            checker.error(
                Some("domains"),
                Some(span.clone()),
                "no domains are listed: add `[[domains.list]]` entries, or a `note` saying AWS has not published them",
            );
        }
    } else if raw.sources.is_empty() {
        checker.error(
            Some("domains.sources"),
            Some(span.clone()),
            "the domain list needs `sources`: the keys of the sources that state it",
        );
    }

    let mut list = Vec::new();
    let mut names = BTreeSet::new();
    for (index, entry) in raw.list.into_iter().enumerate() {
        let entry_span = entry.span();
        let entry = entry.into_inner();
        let field = format!("domains.list[{index}]");
        let expected = index + 1;
        if usize::from(entry.number) != expected {
            checker.error(
                Some(&format!("{field}.number")),
                Some(entry_span.clone()),
                format!("domain number is {}, expected {expected}: number the domains 1, 2, 3, ... in order", entry.number),
            );
        }
        if entry.weight == 0 || entry.weight > 100 {
            checker.error(
                Some(&format!("{field}.weight")),
                Some(entry_span.clone()),
                format!(
                    "weight {} is out of range; expected 1 to 100 (percent)",
                    entry.weight
                ),
            );
        }
        if entry.name.trim().is_empty() {
            checker.error(
                Some(&format!("{field}.name")),
                Some(entry_span.clone()),
                "domain name is empty",
            );
        } else if !names.insert(entry.name.clone()) {
            checker.error(
                Some(&format!("{field}.name")),
                Some(entry_span.clone()),
                format!("domain name `{}` appears twice", entry.name),
            );
        }
        let mut tasks = Vec::new();
        for (task_index, task) in entry.tasks.into_iter().enumerate() {
            let task_span = task.span();
            let task = task.into_inner();
            let prefix = format!("{}.", entry.number);
            if !task.id.starts_with(&prefix) {
                checker.error(
                    Some(&format!("{field}.tasks[{task_index}].id")),
                    Some(task_span),
                    format!(
                        "task id `{}` must start with the domain number, like `{prefix}1`",
                        task.id
                    ),
                );
            }
            tasks.push(Task {
                id: task.id,
                statement: task.statement,
            });
        }
        list.push(Domain {
            number: entry.number,
            name: entry.name,
            weight: entry.weight,
            tasks,
        });
    }
    let total: u32 = list.iter().map(|d| u32::from(d.weight)).sum();
    if !list.is_empty() && total != 100 {
        checker.error(
            Some("domains.list"),
            Some(span),
            format!("domain weights sum to {total}, expected 100"),
        );
    }
    Domains {
        confidence: raw.confidence,
        sources: raw.sources,
        note: raw.note,
        list,
    }
}

fn check_dates(checker: &mut Checker<'_>, dates: &Dates) {
    let beta = dates.beta_from.as_ref().and_then(|f| f.value);
    let ga = dates.available_from.value;
    let last = dates.last_day.value;
    if let (Some(beta), Some(ga)) = (beta, ga)
        && beta >= ga
    {
        checker.error(
            Some("dates.beta_from"),
            None,
            format!("the beta starts on {beta}, not before general availability on {ga}"),
        );
    }
    let first = beta.or(ga);
    if let (Some(first), Some(last)) = (first, last)
        && first > last
    {
        checker.error(
            Some("dates.last_day"),
            None,
            format!("the last day {last} is before the first day {first}"),
        );
    }
}

/// Where an exam file's code and successor are, for problems found across files.
struct ExamSpans {
    code: Range<usize>,
    successor: Range<usize>,
}

/// What the cross-file checks need of another exam.
struct Known {
    first_day: Option<Date>,
    available_from: Option<Date>,
}

/// Checks that span files: unique codes, successors, consistent tiers; derives last days.
fn check_across(
    files: &[DataFile],
    exams: &mut [(usize, ExamVersion)],
    spans: &[ExamSpans],
    problems: &mut Vec<DataError>,
) {
    let located = |index: usize, span: &Range<usize>, field: &str, message: String| DataError {
        file: files[index].path.clone(),
        field: Some(field.to_owned()),
        line_col: Some(line_col(&files[index].text, span.start)),
        span: Some(span.clone()),
        message,
    };

    let mut first_file: BTreeMap<String, usize> = BTreeMap::new();
    for ((index, exam), spans) in exams.iter().zip(spans) {
        if let Some(first) = first_file.get(&exam.code) {
            problems.push(located(
                *index,
                &spans.code,
                "code",
                format!(
                    "exam code `{}` is already used by {}",
                    exam.code, files[*first].path
                ),
            ));
        } else {
            first_file.insert(exam.code.clone(), *index);
        }
    }

    let by_code: BTreeMap<String, Known> = exams
        .iter()
        .map(|(_, e)| {
            (
                e.code.clone(),
                Known {
                    first_day: e.first_day(),
                    available_from: e.dates.available_from.value,
                },
            )
        })
        .collect();

    let mut tiers: BTreeMap<&str, (crate::model::Tier, usize)> = BTreeMap::new();
    for ((index, exam), spans) in exams.iter().zip(spans) {
        let code_span = &spans.code;
        match tiers.get(exam.certification.as_str()) {
            Some((tier, first)) if *tier != exam.tier => problems.push(located(
                *index,
                code_span,
                "tier",
                format!(
                    "certification `{}` is `{tier}` in {}, but `{}` here; all versions of a certification share its tier",
                    exam.certification, files[*first].path, exam.tier
                ),
            )),
            Some(_) => {}
            None => {
                tiers.insert(&exam.certification, (exam.tier, *index));
            }
        }
        let Some(successor) = exam.successor() else {
            continue;
        };
        let span = spans.successor.clone();
        if successor == exam.code {
            problems.push(located(
                *index,
                &span,
                "dates.successor",
                format!("exam `{successor}` cannot succeed itself"),
            ));
            continue;
        }
        let Some(Known {
            available_from: successor_ga,
            ..
        }) = by_code.get(successor)
        else {
            let known: Vec<&str> = by_code.keys().map(String::as_str).collect();
            let hint = crate::suggest::closest(successor, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            problems.push(located(
                *index,
                &span,
                "dates.successor",
                format!("successor `{successor}` is not an exam in the catalog{hint}"),
            ));
            continue;
        };
        if let (Some(own), Some(next)) = (exam.dates.available_from.value, successor_ga)
            && *next < own
        {
            problems.push(located(
                *index,
                &span,
                "dates.successor",
                format!(
                    "successor `{successor}` is available from {next}, before this exam ({own})"
                ),
            ));
        }
    }

    for (_, exam) in exams.iter_mut() {
        exam.effective_last_day = match exam.dates.last_day.value {
            Some(day) => Some((day, LastDayBasis::Stated)),
            None => exam
                .successor()
                .and_then(|s| by_code.get(s))
                .and_then(|known| known.first_day)
                .and_then(Date::previous_day)
                .map(|day| (day, LastDayBasis::DerivedFromSuccessor)),
        };
        exam.superseded_undated = exam.effective_last_day.is_none() && exam.successor().is_some();
    }
}
