//! Generated bank items, written in the bank's text format and parsed with `bank::parse`
//! (so the generator follows the format, not the struct's fields). Shared with the
//! benchmark through `#[path]`.

#![allow(dead_code)]

use bank::{Item, Parsed, SourceFile};
use std::fmt::Write as _;

/// The kind of a generated item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Single,
    Multiple,
    Ordering,
    Matching,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub id: String,
    pub exam: String,
    pub kind: Kind,
    pub status: &'static str,
    pub domain: u8,
    pub task: Option<String>,
    pub enemy: Option<String>,
    pub angoff: Option<f64>,
    pub difficulty: Option<&'static str>,
    /// Adds a last option "None of the above." marked `{fixed}` (choice items).
    pub fixed_last: bool,
    /// Where the (first) key sits among the authored options.
    pub key_at: usize,
}

impl Spec {
    /// A reviewed single-answer SAA-C03 item of `domain`, task `<domain>.1`.
    pub fn new(id: impl Into<String>, domain: u8) -> Spec {
        Spec {
            id: id.into(),
            exam: "SAA-C03".to_owned(),
            kind: Kind::Single,
            status: "reviewed",
            domain,
            task: Some(format!("{domain}.1")),
            enemy: None,
            angoff: Some(0.7),
            difficulty: None,
            fixed_last: false,
            key_at: 0,
        }
    }

    pub fn kind(mut self, kind: Kind) -> Spec {
        self.kind = kind;
        self
    }

    pub fn draft(mut self) -> Spec {
        self.status = "draft";
        self
    }

    pub fn retired(mut self) -> Spec {
        self.status = "retired";
        self
    }

    pub fn task(mut self, task: Option<&str>) -> Spec {
        self.task = task.map(str::to_owned);
        self
    }

    pub fn enemy(mut self, group: &str) -> Spec {
        self.enemy = Some(group.to_owned());
        self
    }

    pub fn angoff(mut self, angoff: Option<f64>) -> Spec {
        self.angoff = angoff;
        self
    }

    pub fn difficulty(mut self, difficulty: &'static str) -> Spec {
        self.difficulty = Some(difficulty);
        self
    }

    pub fn fixed_last(mut self) -> Spec {
        self.fixed_last = true;
        self
    }

    pub fn key_at(mut self, at: usize) -> Spec {
        self.key_at = at;
        self
    }

    /// The item's text in the bank format.
    pub fn text(&self) -> String {
        let mut t = String::from("+++\n");
        let _ = writeln!(t, "id = \"{}\"", self.id);
        let kind = match self.kind {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Ordering => "ordering",
            Kind::Matching => "matching",
        };
        let _ = writeln!(t, "type = \"{kind}\"");
        let _ = writeln!(t, "status = \"{}\"", self.status);
        if self.status == "reviewed" {
            t.push_str("reviewed = 2026-11-01\nreviewer = \"reader\"\n");
        }
        t.push_str("author = \"generator\"\n");
        if let Some(a) = self.angoff {
            let _ = writeln!(t, "angoff = {a}");
        }
        if let Some(d) = self.difficulty {
            let _ = writeln!(t, "difficulty = \"{d}\"");
        }
        if let Some(e) = &self.enemy {
            let _ = writeln!(t, "enemy = \"{e}\"");
        }
        t.push_str("services = [\"Amazon S3\"]\n");
        match &self.task {
            Some(task) => {
                let _ = writeln!(
                    t,
                    "exams = [{{ code = \"{}\", domain = {}, task = \"{task}\" }}]",
                    self.exam, self.domain
                );
            }
            None => {
                let _ = writeln!(
                    t,
                    "exams = [{{ code = \"{}\", domain = {} }}]",
                    self.exam, self.domain
                );
            }
        }
        t.push_str("+++\n\n");
        let id = &self.id;
        match self.kind {
            Kind::Single | Kind::Multiple => {
                let multiple = self.kind == Kind::Multiple;
                let count = if multiple { 5 } else { 4 };
                let _ = writeln!(
                    t,
                    "Company {id} needs the best design for its workload.{}\n",
                    if multiple { " (Select TWO.)" } else { "" }
                );
                for i in 0..count {
                    let correct =
                        i == self.key_at % count || (multiple && i == (self.key_at + 2) % count);
                    let _ = writeln!(
                        t,
                        "- [{}] Option {i} of {id}: use a managed service for part {i}.\n  > EXPLAIN-{id}-{i}: this option {}.",
                        if correct { "x" } else { " " },
                        if correct { "works" } else { "fails" }
                    );
                }
                if self.fixed_last {
                    let _ = writeln!(
                        t,
                        "- [ ] None of the above. {{fixed}}\n  > EXPLAIN-{id}-none: one of the options works."
                    );
                }
            }
            Kind::Ordering => {
                let _ = writeln!(t, "Put the steps of migration {id} in order.\n");
                for i in 0..4 {
                    let _ = writeln!(
                        t,
                        "{}. Step {i} of {id}.\n   > EXPLAIN-{id}-{i}: step {i} comes here.",
                        i + 1
                    );
                }
            }
            Kind::Matching => {
                let _ = writeln!(t, "Match each need of {id} with a service.\n");
                for i in 0..3 {
                    let _ = writeln!(
                        t,
                        "- Need {i} of {id} => Service {i} of {id}\n  > EXPLAIN-{id}-{i}: they match."
                    );
                }
                let _ = writeln!(
                    t,
                    "- => Distractor service of {id}\n  > EXPLAIN-{id}-d: it matches nothing."
                );
            }
        }
        let _ = write!(
            t,
            "\n## Explanation\n\nEXPLAIN-{id}-general.\n\n## References\n\n- https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html\n"
        );
        t
    }

    /// The parsed item.
    pub fn build(&self) -> Item {
        let result = bank::parse(&SourceFile::new(format!("gen/{}.md", self.id), self.text()));
        match result.parsed {
            Some(Parsed::Item(item)) => *item,
            other => panic!(
                "generated item {} did not parse: {other:?} {:?}",
                self.id, result.diagnostics
            ),
        }
    }
}

/// SAA-C03's task ids per domain (from the catalog).
pub fn saa_tasks(domain: u8) -> &'static [&'static str] {
    match domain {
        1 => &["1.1", "1.2", "1.3"],
        2 => &["2.1", "2.2"],
        3 => &["3.1", "3.2", "3.3", "3.4", "3.5"],
        _ => &["4.1", "4.2", "4.3", "4.4"],
    }
}

/// A SAA-C03 bank: `reviewed[d]` reviewed and `drafts[d]` draft items in domain `d + 1`,
/// tasks in turn, types mixed (mostly single, every 5th multiple, every 7th ordering,
/// every 11th matching), keys in varying places.
pub fn saa_bank(reviewed: [usize; 4], drafts: [usize; 4]) -> Vec<Item> {
    saa_specs(reviewed, drafts)
        .iter()
        .map(Spec::build)
        .collect()
}

/// The specs behind [`saa_bank`].
pub fn saa_specs(reviewed: [usize; 4], drafts: [usize; 4]) -> Vec<Spec> {
    let mut specs = Vec::new();
    for domain in 1..=4u8 {
        let tasks = saa_tasks(domain);
        let d = usize::from(domain - 1);
        for (n, draft) in (0..reviewed[d])
            .map(|n| (n, false))
            .chain((0..drafts[d]).map(|n| (n, true)))
        {
            let serial = specs.len();
            let id = format!(
                "saa-c03-d{domain}-{}-{n:04}",
                if draft { "draft" } else { "rev" }
            );
            let kind = match serial {
                s if s % 11 == 3 => Kind::Matching,
                s if s % 7 == 2 => Kind::Ordering,
                s if s % 5 == 1 => Kind::Multiple,
                _ => Kind::Single,
            };
            let mut spec = Spec::new(id, domain)
                .kind(kind)
                .task(Some(tasks[n % tasks.len()]))
                .key_at(serial % 4)
                .angoff(Some(0.6 + (serial % 4) as f64 * 0.05));
            if draft {
                spec = spec.draft();
            }
            specs.push(spec);
        }
    }
    specs
}
