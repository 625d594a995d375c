//! Diagnostics: every problem the parser and the linter find, with a stable code and a place.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The item is wrong or unusable; `bank lint` exits 1.
    Error,
    /// The item is probably weaker than it should be; fails only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $doc:literal;)*) => {
        /// A diagnostic's kind; its code and name are stable (see docs/bank-format.md).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, such as `B101`.
            pub fn code(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The stable name, such as `single-key-count`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the code means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    MissingFrontMatter = "B001", "missing-front-matter", Error, "The file does not start with a `+++` front matter block.";
    UnclosedFrontMatter = "B002", "unclosed-front-matter", Error, "The front matter has no closing `+++` line.";
    FrontMatter = "B003", "front-matter", Error, "The front matter is not valid TOML for an item, or a field has a bad value.";
    MissingStem = "B004", "missing-stem", Error, "There is no question text before the options.";
    MissingOptions = "B005", "missing-options", Error, "The item has no options (or steps, or pairs).";
    BadOption = "B006", "bad-option", Error, "An option line does not have the form its type needs.";
    UnexpectedText = "B007", "unexpected-text", Error, "Text after the options that belongs to no option or section.";
    UnknownSection = "B008", "unknown-section", Error, "A `##` section other than Explanation and References.";
    BadReference = "B009", "bad-reference", Error, "A References line that is not a URL or a Markdown link.";
    SingleKeyCount = "B101", "single-key-count", Error, "A single-choice item does not have exactly one correct option.";
    MultipleKeyCount = "B102", "multiple-key-count", Error, "A multiple-response item has fewer than two correct options, or every option is correct.";
    SelectMismatch = "B103", "select-mismatch", Error, "The stem's \"(Select N.)\" is missing or does not match the number of correct options.";
    TooFewOptions = "B104", "too-few-options", Error, "Fewer than 4 options (single), 5 (multiple), 3 steps or 3 prompts.";
    DuplicateId = "B105", "duplicate-id", Error, "Two items (or cases) have the same id.";
    UnknownExam = "B106", "unknown-exam", Error, "An exam code the catalog does not have.";
    UnknownDomain = "B107", "unknown-domain", Error, "A domain number the exam's guide does not have.";
    UnknownTask = "B108", "unknown-task", Error, "A task statement the catalog does not have for that domain.";
    MissingExplanation = "B109", "missing-explanation", Error, "An option, step or pair has no explanation.";
    MissingReference = "B110", "missing-reference", Error, "The item cites no documentation.";
    InsecureReference = "B111", "insecure-reference", Error, "A reference is not an https URL.";
    TooManyOptions = "B112", "too-many-options", Error, "More than 5 steps (ordering) or 7 prompts (matching), as AWS uses them.";
    UnknownCase = "B113", "unknown-case", Error, "The item's `case` names no case file in the bank.";
    ReviewedWithoutDate = "B114", "reviewed-without-date", Error, "A reviewed item has no `reviewed` date.";
    NearDuplicate = "B201", "near-duplicate", Warning, "Two stems are nearly the same.";
    KeyIsLongest = "B202", "key-is-longest", Warning, "The correct option is clearly the longest, a cue for test-wise candidates.";
    PositionImbalance = "B203", "position-imbalance", Warning, "Correct answers sit in some positions much more than others across the bank.";
    RenamedService = "B204", "renamed-service", Warning, "The item names a service AWS renamed or retired.";
    StaleReview = "B205", "stale-review", Warning, "The last review is more than a year old.";
    RetiredExam = "B206", "retired-exam", Warning, "The item is placed on an exam version that is retired.";
    TypeNotOnExam = "B207", "type-not-on-exam", Warning, "The exam does not use this question type.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.code(), self.name())
    }
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file, when the problem is in one (a bank-wide warning has none).
    pub file: Option<String>,
    /// Byte range in the file.
    pub span: Option<Range<usize>>,
    /// 1-based line and column of the span's start.
    pub line_col: Option<(usize, usize)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic in `file` at `span`, with line and column computed from `text`.
    pub fn at(
        code: Code,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file: Some(file.to_owned()),
            line_col: Some(catalog::line_col(text, span.start)),
            span: Some(span),
            help: None,
        }
    }

    /// A bank-wide diagnostic, in no file.
    pub fn bank(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file: None,
            span: None,
            line_col: None,
            help: None,
        }
    }

    /// The same diagnostic with help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some((line, column)) = self.line_col {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
        }
        write!(
            f,
            "{} {}: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}
