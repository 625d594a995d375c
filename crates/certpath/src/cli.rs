//! The command-line definition: one clap tree that also generates help, completions and the man page.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use time::Date;

const EXAMPLES: &str = "\
Examples:
  certpath catalog                       The program as it stands today
  certpath catalog --on 2025-06-01       ... as it stood on that day
  certpath catalog show SOA-C03          One exam: format, domains, sources
  certpath advise                        Answer a few questions, get a path
  certpath advise --role web-developer --experience-years 1 \\
      --stack lambda,dynamodb --goal devops --hours-per-week 8
  certpath exam SAA-C03                  A full practice exam in the terminal
  certpath exam CLF-C02 --mode practice  Explanations after each question
  certpath study                         Today's reviews of missed questions
  certpath history                       Your attempts and practice-scale scores
  certpath bank lint bank/               Check question files";

/// certpath: choose, prepare for and pass AWS certifications.
#[derive(Debug, Parser)]
#[command(name = "certpath", version, about, long_about = None, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// Read the catalog from this data directory instead of the built-in one
    /// (a `sources.toml` and an `exams/` folder, as in crates/catalog/data).
    #[arg(long, global = true, value_name = "DIR", env = "CERTPATH_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// The attempts database (SQLite); created when missing.
    #[arg(long, global = true, value_name = "FILE", env = "CERTPATH_DATABASE")]
    pub database: Option<PathBuf>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the AWS Certification program: certifications, exam versions and their status.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "\
Examples:
  certpath catalog                     Active and beta exams today, and recent retirements
  certpath catalog --all               Every exam version in the catalog
  certpath catalog --tier specialty --on 2025-06-01
  certpath catalog --json | jq '.[] | select(.status == \"active\") | .code'
  certpath catalog show DVA-C03        One exam in detail
  certpath catalog check ./data        Validate edited catalog data files"
    )]
    Catalog(CatalogCommand),

    /// Turn your situation into an ordered, explained certification path with dates.
    #[command(after_help = "\
Without --role or --profile, certpath asks the questions one by one.

Examples:
  certpath advise
  certpath advise --role sysadmin --experience-years 2 --hours-per-week 6
  certpath advise --role software-developer --goal security --target-date 2027-09-30
  certpath advise --role data-scientist --stack sagemaker,bedrock --json
  certpath advise --profile me.toml --on 2025-06-01

A profile file is TOML with any of these keys (flags override it):
  role = \"web-developer\"
  experience_years = 1
  stack = [\"lambda\", \"dynamodb\"]
  goal = \"devops\"
  hours_per_week = 8
  target_date = 2027-06-30
  held = [\"CLF-C02\"]")]
    Advise(AdviseArgs),

    /// Serve the web app and JSON API: catalog, advisor, exams, history, accounts (docs/web.md).
    #[command(after_help = "\
Examples:
  certpath serve                          http://127.0.0.1:8080, the local SQLite database
  certpath serve --addr 0.0.0.0:9000 --secure-cookies
  certpath serve --database-url postgres://certpath@db.internal/certpath
  RUST_LOG=debug certpath serve

Several instances can share one PostgreSQL database: sessions and attempts live there.
Stops on Ctrl+C or SIGTERM after finishing the requests in flight.")]
    Serve {
        /// The address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "CERTPATH_ADDR")]
        addr: std::net::SocketAddr,
        /// A PostgreSQL database to use instead of the SQLite file (for many instances).
        #[arg(long, env = "CERTPATH_DATABASE_URL", value_name = "postgres://...")]
        database_url: Option<String>,
        /// Mark cookies Secure: set when users reach the server over HTTPS (directly or
        /// through a TLS-terminating proxy).
        #[arg(long, env = "CERTPATH_SECURE_COOKIES")]
        secure_cookies: bool,
    },

    /// Take a practice exam in the terminal (a full-screen UI); resumes an unfinished one.
    #[command(after_help = "\
Keys: 1-6 or A-F choose, ←/→ move, F flag, R review screen, C check (practice), S submit,
P pause (practice), Q leave (the attempt stays resumable). The mouse selects options too.

Examples:
  certpath exam SAA-C03                      A full exam: 65 questions, 130 minutes
  certpath exam CLF-C02 --mode practice      Immediate feedback with explanations
  certpath exam SOA-C03 --mode drill --domain 2 --count 10
  certpath exam SAA-C03 --mode review        Questions missed or flagged before")]
    Exam(ExamArgs),

    /// Script an attempt: start, answer, flag, submit, report (JSON for automation; docs/attempts.md).
    #[command(subcommand)]
    Attempt(AttemptCommand),

    /// Review the questions you missed, when FSRS says they are due (spaced repetition).
    #[command(after_help = "\
Questions you answer wrongly, leave blank, or flag while answering right enter the queue when
an attempt ends; each review schedules the next with FSRS (docs/study.md).

Examples:
  certpath study                 Today's due reviews, one by one
  certpath study --list          What is due today and what comes later
  certpath study --exam SAA-C03 --limit 10")]
    Study {
        /// Only this exam's questions.
        #[arg(long, value_name = "CODE")]
        exam: Option<String>,
        /// List due and upcoming reviews instead of running them.
        #[arg(long)]
        list: bool,
        /// Print JSON (with --list).
        #[arg(long, requires = "list")]
        json: bool,
        /// Study as if today were this day.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        on: Option<Date>,
        /// At most this many reviews in one session.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Take questions from these bank files or folders instead of the built-in bank.
        #[arg(long, value_name = "PATH")]
        bank: Vec<PathBuf>,
    },

    /// A week-by-week study plan to a target date: domains to drill, reviews, mock exams.
    #[command(after_help = "\
Readiness per domain comes from your last three finished attempts at the exam (how often the
domain met its cut); domains you have not been tested on count as half ready.

Examples:
  certpath plan SAA-C03 --target-date 2027-03-15 --hours-per-week 8
  certpath plan CLF-C02 --target-date 2027-01-31 --hours-per-week 5 --ical clf-plan.ics")]
    Plan {
        /// The exam code.
        code: String,
        /// The day of the exam.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        target_date: Date,
        /// Study hours a week.
        #[arg(long, value_name = "HOURS")]
        hours_per_week: f64,
        /// Also write the plan as an iCalendar file.
        #[arg(long, value_name = "FILE")]
        ical: Option<PathBuf>,
        /// Plan as if today were this day.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        on: Option<Date>,
    },

    /// Calibrate the bank from every learner's first attempts (IRT plus classical statistics).
    #[command(after_help = "\
Reads every finished attempt in the database (all learners), keeps each learner's first
answer to each question (a blank counts as wrong), fits the model, stores the parameters with
their standard errors and response counts, and flags items that behave badly (negative
discrimination, too few responses, a distractor that the upper 27% of learners choose more
often than the key: the distractor analysis). It needs at least 20 learners.

Examples:
  certpath calibrate
  certpath calibrate --model 2pl --prior-below 100 --json
  certpath calibrate --database-url postgres://certpath@db.internal/certpath")]
    Calibrate {
        /// Calibrate from a PostgreSQL database (the web app's) instead of the SQLite file.
        #[arg(long, env = "CERTPATH_DATABASE_URL", value_name = "postgres://...")]
        database_url: Option<String>,
        /// The IRT model.
        #[arg(long, value_enum, default_value = "rasch")]
        model: ModelArg,
        /// Regularise with priors when an item has fewer first responses than this.
        #[arg(long, default_value_t = 50)]
        prior_below: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },

    /// Manage the web app's accounts: list them, change a role (the first admin is made here).
    #[command(subcommand)]
    User(UserCommand),

    /// List your attempts, newest first.
    History {
        /// Only this exam.
        #[arg(long, value_name = "CODE")]
        exam: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },

    /// Print the report of a finished attempt.
    Report {
        /// The attempt's id (or the start of it).
        id: String,
        /// Print JSON (the engine's report).
        #[arg(long)]
        json: bool,
    },

    /// Check, measure, import and export question banks (docs/bank-format.md).
    #[command(subcommand)]
    Bank(BankCommand),

    /// Item response theory: calibrate items from a response matrix, score persons.
    #[command(subcommand)]
    Irt(IrtCommand),

    /// Print a shell completion script (for example: certpath completions bash > ~/.local/share/bash-completion/completions/certpath).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff), for example: certpath man > certpath.1
    Man,
}

/// How an attempt is built and taken.
#[derive(Debug, Clone, Args)]
pub struct StartArgs {
    /// The exam code, such as SAA-C03.
    pub code: String,
    /// exam (timed, feedback at the end), practice (feedback per question), drill (one domain),
    /// review (questions missed or flagged before), custom.
    #[arg(long, value_enum, default_value = "exam")]
    pub mode: ModeArg,
    /// The domain of a drill, or the domains of a custom form (repeatable).
    #[arg(long, value_name = "N")]
    pub domain: Vec<u8>,
    /// How many questions (drill and custom; default 10 and 20).
    #[arg(long, value_name = "N")]
    pub count: Option<u32>,
    /// Time limit in minutes (drill, review, custom; default: the exam's pace).
    #[arg(long, value_name = "M")]
    pub minutes: Option<u32>,
    /// No time limit (practice modes only).
    #[arg(long)]
    pub untimed: bool,
    /// When a custom session shows feedback.
    #[arg(long, value_enum, default_value = "immediate")]
    pub feedback: FeedbackArg,
    /// The seed for the form (the same seed and bank give the same form).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Take questions from these bank files or folders instead of the built-in bank.
    #[arg(long, value_name = "PATH")]
    pub bank: Vec<PathBuf>,
}

/// `certpath exam` options.
#[derive(Debug, Args)]
pub struct ExamArgs {
    /// What to start.
    #[command(flatten)]
    pub start: StartArgs,
    /// Start a new attempt even when an unfinished one exists.
    #[arg(long)]
    pub new: bool,
}

/// An attempt mode, as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The exam simulation: timed, feedback at the end.
    Exam,
    /// Practice with immediate feedback.
    Practice,
    /// Practice one domain.
    Drill,
    /// Questions missed or flagged in earlier attempts.
    Review,
    /// Your own exam, domains, count and minutes.
    Custom,
}

/// When feedback is shown, as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FeedbackArg {
    /// After each checked question.
    Immediate,
    /// At the end.
    Deferred,
}

/// `certpath attempt` subcommands.
#[derive(Debug, Subcommand)]
pub enum AttemptCommand {
    /// Start an attempt; prints its id and the questions without their keys.
    Start {
        /// What to start.
        #[command(flatten)]
        start: StartArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The attempt's state: time left, questions (keys only once revealed), review screen.
    Show {
        /// The attempt's id (or the start of it).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Answer (or change the answer to) a question.
    #[command(after_help = "\
ANSWER: B (single), A,C (multiple; at most the \"Select N\"), C,A,B (ordering: the steps in
your order), or B,A,C (matching: the response for each prompt in order).

Examples:
  certpath attempt answer 3f2a 1 B
  certpath attempt answer 3f2a 7 A,D --json")]
    Answer {
        /// The attempt's id.
        id: String,
        /// The question number (1 is the first).
        question: usize,
        /// The answer, by option letters.
        answer: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove the answer to a question.
    Clear {
        /// The attempt's id.
        id: String,
        /// The question number.
        question: usize,
    },
    /// Flag a question for review (`--off` removes the flag).
    Flag {
        /// The attempt's id.
        id: String,
        /// The question number.
        question: usize,
        /// Remove the flag.
        #[arg(long)]
        off: bool,
    },
    /// Practice modes: make an answer final and show its explanation.
    Check {
        /// The attempt's id.
        id: String,
        /// The question number.
        question: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Practice modes: stop the clock.
    Pause {
        /// The attempt's id.
        id: String,
    },
    /// Start the clock again.
    Resume {
        /// The attempt's id.
        id: String,
    },
    /// End the attempt and print its report.
    Submit {
        /// The attempt's id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read commands as JSON lines on standard input and acknowledge each once it is stored.
    #[command(after_help = "\
Each input line is one command: {\"op\":\"answer\",\"question\":1,\"answer\":\"B\"},
{\"op\":\"clear\",\"question\":1}, {\"op\":\"flag\",\"question\":2}, {\"op\":\"unflag\",\"question\":2},
{\"op\":\"check\",\"question\":1}, {\"op\":\"pause\"}, {\"op\":\"resume\"}, {\"op\":\"submit\"}.
Each output line answers one input line, after the event is durably committed:
{\"ok\":true,\"seq\":N} or {\"ok\":false,\"error\":\"...\"}.")]
    Play {
        /// The attempt's id.
        id: String,
    },
}

/// `certpath bank` subcommands.
#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Check bank files: the format, the keys, the catalog placements and the writing rules.
    #[command(after_help = "\
Examples:
  certpath bank lint                      The built-in bank
  certpath bank lint bank/
  certpath bank lint bank/saa-c03 --deny-warnings
  certpath bank lint bank/ --format json

Exit code 0 when there are no errors, 1 when there are (or warnings, with --deny-warnings).")]
    Lint {
        /// Files or folders (every .md file below a folder, except README.md); the built-in bank when none.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Age reviews and compute exam statuses for this day instead of today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        on: Option<Date>,
    },
    /// Convert questions from another tool's format into bank files (drafts to review).
    #[command(after_help = "\
Examples:
  certpath bank import --from gift questions.gift --out bank/imported --exam CLF-C02 --domain 2
  certpath bank import --from moodle-xml quiz.xml --out drafts/
  certpath bank import --from qti3 package/ --out drafts/      (a folder of QTI item files)

Every question the format holds that certpath cannot take is reported with its position;
nothing is dropped silently. Imported HTML is sanitised. Existing files are never overwritten.")]
    Import {
        /// The source format.
        #[arg(long, value_parser = format_parser())]
        from: interchange::Format,
        /// Files to import (for QTI, files or folders of item files).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The folder to write the items into (created when missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Place every item on this exam...
        #[arg(long, value_name = "CODE")]
        exam: Option<String>,
        /// ...and this domain of it.
        #[arg(long, value_name = "N", requires = "exam")]
        domain: Option<u8>,
        /// The author recorded on the items.
        #[arg(long, default_value = "imported")]
        author: String,
    },
    /// Write bank items in another tool's format.
    #[command(after_help = "\
Examples:
  certpath bank export --to moodle-xml bank/ --out quiz.xml
  certpath bank export --to qti3 bank/saa-c03 --out qti-package/
  certpath bank export --to csv --out bank.csv                 (the built-in bank)
  certpath bank export --to anki --missed 3f2a --out missed.txt (the questions missed in an attempt)")]
    Export {
        /// The target format.
        #[arg(long, value_parser = format_parser())]
        to: interchange::Format,
        /// Bank files or folders; the built-in bank when none.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The file to write (a folder for QTI).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Only the questions answered wrongly, left blank or flagged in these attempts.
        #[arg(long, value_name = "ATTEMPT")]
        missed: Vec<String>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Items per exam, domain, task and type against the catalog's blueprint.
    #[command(after_help = "\
Examples:
  certpath bank stats                     The built-in bank
  certpath bank stats bank/ --forms 2 --exam SAA-C03
  certpath bank stats bank/ --json")]
    Stats {
        /// Files or folders; the built-in bank when none.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// How many full-length forms to count the needs for.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=50))]
        forms: u32,
        /// Only this exam.
        #[arg(long, value_name = "CODE")]
        exam: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `certpath irt` subcommands.
#[derive(Debug, Subcommand)]
pub enum IrtCommand {
    /// Fit item parameters to a response matrix by marginal maximum likelihood (EM).
    #[command(after_help = "\
FILE is CSV: a header row of item ids, then one row per person with 1 (correct), 0 (wrong)
or an empty cell (missing).

Examples:
  certpath irt fit --model 2pl lsat7.csv
  certpath irt fit --model rasch --quadrature 101 responses.csv --json > params.json")]
    Fit {
        /// The model.
        #[arg(long, value_enum, default_value = "2pl")]
        model: ModelArg,
        /// Quadrature points (equally spaced on ±6 SD).
        #[arg(long, default_value_t = 61, value_parser = clap::value_parser!(u32).range(3..=2001))]
        quadrature: u32,
        /// The response matrix.
        file: PathBuf,
        /// Print JSON: {items: [{id, a, b, c, se_a, se_b, se_c}], log_likelihood, iterations, converged}.
        #[arg(long)]
        json: bool,
    },
    /// Estimate each person's ability (EAP or MAP) from a response matrix and fitted parameters.
    #[command(after_help = "\
Examples:
  certpath irt fit --model 2pl responses.csv --json > params.json
  certpath irt score --params params.json responses.csv --method map")]
    Score {
        /// Item parameters: the JSON `certpath irt fit --json` prints.
        #[arg(long, value_name = "FILE")]
        params: PathBuf,
        /// The response matrix (its header must name the same items).
        file: PathBuf,
        /// The estimator.
        #[arg(long, value_enum, default_value = "eap")]
        method: MethodArg,
        /// Print JSON: [{person, theta, se}].
        #[arg(long)]
        json: bool,
    },
}

/// An IRT model, as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelArg {
    /// a = 1 for every item.
    Rasch,
    /// One common slope.
    #[value(name = "1pl")]
    OnePl,
    /// A slope and a difficulty per item.
    #[value(name = "2pl")]
    TwoPl,
    /// Plus a guessing parameter with a Beta prior.
    #[value(name = "3pl")]
    ThreePl,
}

/// An ability estimator, as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Posterior mean and SD.
    Eap,
    /// Posterior mode and curvature SE.
    Map,
}

/// Parses an interchange format by its name, listing the names in `--help` and in errors.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = interchange::Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(
        interchange::Format::ALL.map(interchange::Format::as_str),
    )
    .try_map(|name: String| {
        interchange::Format::from_name(&name).ok_or_else(|| format!("unknown format `{name}`"))
    })
}

/// How `bank lint` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics with the source line and a caret.
    Human,
    /// One JSON object (see docs/bank-format.md).
    Json,
}

/// `certpath catalog`: list, show or check.
#[derive(Debug, Args)]
pub struct CatalogCommand {
    /// `show` or `check`; without one, the listing.
    #[command(subcommand)]
    pub sub: Option<CatalogSub>,

    /// The listing's options.
    #[command(flatten)]
    pub list: ListArgs,
}

/// Options for the program listing.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this tier.
    #[arg(long, value_enum)]
    pub tier: Option<TierArg>,
    /// Every exam version, including long-retired and upcoming ones.
    #[arg(long)]
    pub all: bool,
    /// Show the program as it stood (or will stand) on this day instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub on: Option<Date>,
    /// Print JSON (see docs/json.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `certpath catalog` subcommands.
#[derive(Debug, Subcommand)]
pub enum CatalogSub {
    /// One exam version in detail: status, format, domains and every fact's source.
    Show {
        /// The exam code, such as SAA-C03 (any letter case).
        code: String,
        /// The day the status is computed for, instead of today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        on: Option<Date>,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Validate a catalog data directory and report every problem with file and field.
    Check {
        /// The data directory; the built-in data when omitted.
        dir: Option<PathBuf>,
    },
}

/// A tier, as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TierArg {
    /// Foundational: Cloud Practitioner, AI Practitioner.
    Foundational,
    /// Associate: role-based, about a year of experience.
    Associate,
    /// Professional: 2+ years of experience.
    Professional,
    /// Specialty: one domain in depth.
    Specialty,
    /// Business: AI Business Strategist.
    Business,
}

impl From<TierArg> for catalog::Tier {
    fn from(tier: TierArg) -> catalog::Tier {
        match tier {
            TierArg::Foundational => catalog::Tier::Foundational,
            TierArg::Associate => catalog::Tier::Associate,
            TierArg::Professional => catalog::Tier::Professional,
            TierArg::Specialty => catalog::Tier::Specialty,
            TierArg::Business => catalog::Tier::Business,
        }
    }
}

/// `certpath advise` inputs; each overrides the profile file.
#[derive(Debug, Args)]
pub struct AdviseArgs {
    /// Your current role, such as web-developer, sysadmin, non-technical (see the list in the error for all).
    #[arg(long)]
    pub role: Option<String>,
    /// Years of hands-on AWS experience, such as 0, 1.5 or 3.
    #[arg(long, value_name = "YEARS")]
    pub experience_years: Option<String>,
    /// Services and workloads your organisation uses, comma-separated (lambda,dynamodb,sagemaker).
    #[arg(long, value_name = "SERVICES")]
    pub stack: Option<String>,
    /// Your career direction (target role), such as architect, devops, security; defaults to your role's usual direction.
    #[arg(long)]
    pub goal: Option<String>,
    /// Hours a week you can study.
    #[arg(long, value_name = "HOURS")]
    pub hours_per_week: Option<String>,
    /// The day you want to be done by.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub target_date: Option<String>,
    /// Certifications you already hold, comma-separated codes or ids (CLF-C02,solutions-architect-associate).
    #[arg(long, value_name = "CERTS")]
    pub held: Option<String>,
    /// Read answers from a TOML profile file.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Plan as if today were this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub on: Option<Date>,
    /// Print JSON (see docs/json.md).
    #[arg(long)]
    pub json: bool,
}

fn parse_date_arg(text: &str) -> Result<Date, String> {
    advisor::parse_date("date", text)
        .map_err(|_| "expected a date written YYYY-MM-DD, such as 2026-12-01".to_owned())
}

/// `certpath user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// List the web app's accounts with their roles.
    List {
        /// The web app's PostgreSQL database instead of the SQLite file.
        #[arg(long, env = "CERTPATH_DATABASE_URL", value_name = "postgres://...")]
        database_url: Option<String>,
    },
    /// Give an account a role: learner, author (the bank browser) or admin (also user roles).
    #[command(after_help = "\
Examples:
  certpath user role ana admin
  certpath user role bea author --database-url postgres://certpath@db.internal/certpath")]
    Role {
        /// The account's sign-in name (any case).
        name: String,
        /// `learner`, `author` or `admin`.
        role: String,
        /// The web app's PostgreSQL database instead of the SQLite file.
        #[arg(long, env = "CERTPATH_DATABASE_URL", value_name = "postgres://...")]
        database_url: Option<String>,
    },
}
