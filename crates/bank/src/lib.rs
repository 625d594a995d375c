//! The question bank: the authoring format, its parser, the linter and coverage statistics.
//!
//! Items are plain-text files (TOML front matter between `+++` lines, then Markdown; see
//! `docs/bank-format.md`), authored like code and reviewed in diffs. [`parse`] reads one file
//! and returns what it could read with every diagnostic it found; [`load`] parses a whole bank
//! and lints it against the catalog; [`coverage`] compares it with each exam's blueprint;
//! [`write_item`] writes an item back in the format. The crate does no I/O and reads no
//! clock: files come in as text and "today" is an argument.
//!
//! # Example
//!
//! ```
//! use bank::{LintContext, SourceFile, load};
//! use catalog::Catalog;
//!
//! let text = concat!(
//!     "+++\n",
//!     "id = \"clf-c02-example-01\"\n",
//!     "type = \"single\"\n",
//!     "status = \"draft\"\n",
//!     "author = \"docs\"\n",
//!     "exams = [{ code = \"CLF-C02\", domain = 2 }]\n",
//!     "+++\n\n",
//!     "Which AWS service records the API calls made in an AWS account?\n\n",
//!     "- [x] AWS CloudTrail\n",
//!     "  > CloudTrail records account activity and API calls.\n",
//!     "- [ ] Amazon CloudWatch\n",
//!     "  > CloudWatch collects metrics and logs, not a record of API calls.\n",
//!     "- [ ] AWS Config\n",
//!     "  > Config records resource configurations, not every API call.\n",
//!     "- [ ] Amazon Inspector\n",
//!     "  > Inspector scans workloads for vulnerabilities.\n\n",
//!     "## References\n\n",
//!     "- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-user-guide.html\n",
//! );
//! let catalog = Catalog::builtin()?;
//! let context = LintContext::new(&catalog, time::macros::date!(2026 - 12 - 01));
//! let bank = load(&[SourceFile::new("example.md", text)], &context);
//! assert!(bank.diagnostics.is_empty(), "{:?}", bank.diagnostics);
//! assert_eq!(bank.items[0].key_count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod diag;
mod lint;
mod model;
mod parse;
mod stats;
mod write;

pub use diag::{Code, Diagnostic, Severity};
pub use lint::{Bank, LintContext, RenamedService, builtin_renamed_services, load, select_count};
pub use model::{
    Body, Case, Choice, Difficulty, Item, ItemType, Pair, Placement, Reference, Status, Step,
    key_positions,
};
pub use parse::{ParseResult, Parsed, SourceFile, parse};
pub use stats::{DomainCoverage, ExamCoverage, TaskCoverage, coverage};
pub use write::{write_case, write_item};
