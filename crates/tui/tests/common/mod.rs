//! Fixtures: bank items written in the bank's text format, forms assembled from them, a fake
//! recorder over a real attempt with a clock the test moves, and rendering into ratatui's
//! test backend.

#![allow(dead_code, missing_docs)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use engine::{Attempt, Event, FormShape, FormSpec, Mode, QuestionKind, Timestamp, assemble};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;
use tui::{App, Recorder};

/// 2026-12-01T08:00:00Z.
pub const START: i64 = 1_796_112_000_000;

pub fn start() -> Timestamp {
    Timestamp::from_unix_millis(START)
}

fn parse(name: &str, text: &str) -> bank::Item {
    match bank::parse(&bank::SourceFile::new(name, text)).parsed {
        Some(bank::Parsed::Item(item)) => *item,
        other => panic!("{name} is not an item: {other:?}"),
    }
}

fn front(id: &str, kind: &str, domain: u8) -> String {
    format!(
        "+++\nid = \"{id}\"\ntype = \"{kind}\"\nstatus = \"reviewed\"\nreviewed = 2026-11-28\n\
         author = \"tests\"\nangoff = 0.6\nexams = [{{ code = \"SAA-C03\", domain = {domain} }}]\n+++\n\n"
    )
}

/// Six items of every kind, SAA-C03.
pub fn small_bank() -> Vec<bank::Item> {
    let single = front("tui-single-storage", "single", 4)
        + "A research group keeps **40 TB** of instrument data in Amazon S3. New files are read\n\
           daily for a month, then almost never. The bucket policy is:\n\n\
           ```json\n{\n  \"Effect\": \"Allow\"\n}\n```\n\n\
           Which storage approach is the MOST cost-effective?\n\n\
           - [ ] Keep all data in S3 Standard.\n  > S3 Standard is the most expensive class for rarely read data.\n\
           - [x] Move objects to S3 Glacier Instant Retrieval after 30 days.\n  > Cheaper storage with millisecond retrieval.\n\
           - [ ] Move objects to S3 Glacier Deep Archive after 30 days.\n  > Retrievals take hours.\n\
           - [ ] Copy the data to EBS Cold HDD volumes.\n  > Costs more and adds an instance to run.\n\n\
           ## Explanation\n\nMatch the storage class to the access pattern.\n\n\
           ## References\n\n\
           - [Amazon S3 storage classes](https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html)\n";
    let multiple = front("tui-multiple-ha", "multiple", 2)
        + "A web application must stay available if one Availability Zone fails. Which steps\n\
           achieve this? (Select TWO.)\n\n\
           - [x] Run the instances in an Auto Scaling group across two Availability Zones.\n  > Instances in a second AZ keep serving.\n\
           - [ ] Use a larger instance type.\n  > A bigger instance still fails with its AZ.\n\
           - [x] Put an Application Load Balancer in front of the instances.\n  > The load balancer routes around the failed AZ.\n\
           - [ ] Take daily EBS snapshots.\n  > Snapshots help recovery, not availability.\n\
           - [ ] Use a Spot Instance.\n  > Spot capacity can be reclaimed.\n\n\
           ## References\n\n- https://docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html\n";
    let ordering = front("tui-ordering-migrate", "ordering", 3)
        + "Put the steps of a database migration in order.\n\n\
           1. Create the target database.\n   > The target must exist first.\n\
           2. Start the full load.\n   > Then copy the existing data.\n\
           3. Replicate ongoing changes.\n   > Keep the copy current.\n\
           4. Switch the application over.\n   > Only once the copy is current.\n\n\
           ## References\n\n- https://docs.aws.amazon.com/dms/latest/userguide/Welcome.html\n";
    let matching = front("tui-matching-ai", "matching", 1)
        + "Match each task with the AWS service that does it.\n\n\
           - Translate documents into another language => Amazon Translate\n  > Translate is the machine translation service.\n\
           - Turn speech into text => Amazon Transcribe\n  > Transcribe converts audio to text.\n\
           - Find objects in images => Amazon Rekognition\n  > Rekognition analyses images.\n\
           - => Amazon Polly\n  > Polly turns text into speech.\n\n\
           ## References\n\n- https://docs.aws.amazon.com/translate/latest/dg/what-is.html\n";
    let single2 = front("tui-single-iam", "single", 1)
        + "Which IAM feature gives an EC2 instance temporary credentials?\n\n\
           - [x] An instance profile with a role.\n  > The role's credentials rotate automatically.\n\
           - [ ] An access key in the user data.\n  > Long-term keys on an instance leak.\n\
           - [ ] A root user password.\n  > Never use the root user.\n\
           - [ ] A security group.\n  > Security groups filter traffic.\n\n\
           ## References\n\n- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html\n";
    let multiple3 = front("tui-multiple-cost", "multiple", 4)
        + "Which options lower the cost of a steady workload? (Select THREE.)\n\n\
           - [x] Savings Plans.\n  > Commit to usage for a lower price.\n\
           - [x] Reserved Instances.\n  > Reserve capacity for a lower price.\n\
           - [x] Right-sizing the instances.\n  > Pay only for what is used.\n\
           - [ ] Dedicated Hosts.\n  > Usually more expensive.\n\
           - [ ] More Availability Zones.\n  > Adds cost.\n\
           - [ ] Provisioned IOPS everywhere.\n  > Adds cost.\n\n\
           ## References\n\n- https://aws.amazon.com/savingsplans/\n";
    [
        ("single.md", single),
        ("multiple.md", multiple),
        ("ordering.md", ordering),
        ("matching.md", matching),
        ("single2.md", single2),
        ("multiple3.md", multiple3),
    ]
    .iter()
    .map(|(name, text)| parse(name, text))
    .collect()
}

/// 80 single-answer items, 20 per domain, the last 16 drafts (as in the engine's example).
pub fn full_bank() -> Vec<bank::Item> {
    (0..80u32)
        .map(|n| {
            let status = if n >= 64 { "draft" } else { "reviewed" };
            let domain = n % 4 + 1;
            let text = format!(
                "+++\nid = \"saa-c03-tui-{n:03}\"\ntype = \"single\"\nstatus = \"{status}\"\n\
                 author = \"tests\"\nangoff = 0.7\nexams = [{{ code = \"SAA-C03\", domain = {domain} }}]\n\
                 +++\n\nWhich option answers question {n}?\n\n\
                 - [x] The right option.\n  > Why it is right.\n\
                 - [ ] A wrong option.\n  > Why it is wrong.\n\
                 - [ ] Another wrong option.\n  > Why it is wrong.\n\
                 - [ ] A third wrong option.\n  > Why it is wrong.\n"
            );
            parse("full.md", &text)
        })
        .collect()
}

fn catalog() -> catalog::Catalog {
    catalog::Catalog::builtin().expect("the built-in catalog loads")
}

/// The six small items as a review form with a 30-minute limit.
pub fn small_attempt(mode: Mode) -> Attempt {
    let bank = small_bank();
    let catalog = catalog();
    let exam = catalog.exam("SAA-C03").expect("SAA-C03");
    let spec = FormSpec {
        shape: FormShape::Review {
            ids: bank.iter().map(|i| i.id.clone()).collect(),
            minutes: Some(30),
        },
        recent: Vec::new(),
    };
    let form = assemble(&bank, exam, &spec, 11).expect("the small form assembles");
    Attempt::new(form, mode, start()).expect("the attempt starts")
}

/// A full 65-question SAA-C03 exam form (130 minutes).
pub fn full_attempt(mode: Mode) -> Attempt {
    let bank = full_bank();
    let catalog = catalog();
    let exam = catalog.exam("SAA-C03").expect("SAA-C03");
    let form = assemble(&bank, exam, &FormSpec::full(), 42).expect("the full form assembles");
    Attempt::new(form, mode, start()).expect("the attempt starts")
}

/// A recorder over an attempt in memory, with a clock the test sets, logging what it records.
pub struct Fake {
    pub attempt: Attempt,
    pub now: Timestamp,
    /// Every event recorded, time-outs included, in order.
    pub events: Vec<Event>,
    /// When set, every `record` is refused with this message.
    pub refuse: Option<String>,
}

impl Fake {
    pub fn new(attempt: Attempt) -> Fake {
        let now = attempt.started_at().plus(Duration::from_secs(5));
        Fake {
            attempt,
            now,
            events: Vec::new(),
            refuse: None,
        }
    }

    pub fn advance(&mut self, secs: u64) {
        self.now = self.now.plus(Duration::from_secs(secs));
    }

    /// The index of the first question of a kind.
    pub fn first(&self, kind: QuestionKind) -> usize {
        self.attempt
            .questions()
            .iter()
            .position(|q| q.kind == kind)
            .expect("the form has that kind")
    }

    /// The index of the question whose stem contains a text.
    pub fn stem(&self, text: &str) -> usize {
        self.attempt
            .questions()
            .iter()
            .position(|q| q.stem.contains(text))
            .expect("the form has that question")
    }

    /// The index of the multiple-response question with "Select n".
    pub fn multiple(&self, n: u8) -> usize {
        self.attempt
            .questions()
            .iter()
            .position(|q| q.select == Some(n))
            .expect("the form has that question")
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }
}

impl Recorder for Fake {
    fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    fn record(&mut self, event: Event) -> Result<(), String> {
        if let Some(message) = &self.refuse {
            return Err(message.clone());
        }
        let applied = self
            .attempt
            .apply(event, self.now)
            .map_err(|e| e.to_string())?;
        self.events.push(applied.record.event);
        Ok(())
    }

    fn time_out_if_due(&mut self) -> Result<bool, String> {
        match self.attempt.time_out_if_due(self.now) {
            Some(applied) => {
                self.events.push(applied.record.event);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn now(&self) -> Timestamp {
        self.now
    }
}

pub fn key_event(code: KeyCode) -> KeyEvent {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, modifiers)
}

/// Presses a key.
pub fn press(app: &mut App, rec: &mut Fake, code: KeyCode) {
    app.handle_key(key_event(code), rec);
}

/// Types characters, one key each.
pub fn typed(app: &mut App, rec: &mut Fake, text: &str) {
    for c in text.chars() {
        press(app, rec, KeyCode::Char(c));
    }
}

/// Goes to question `n` (1-based) with g, the number and Enter.
pub fn go(app: &mut App, rec: &mut Fake, n: usize) {
    typed(app, rec, &format!("g{n}"));
    press(app, rec, KeyCode::Enter);
}

pub fn click(app: &mut App, rec: &mut Fake, column: u16, row: u16) {
    app.handle_mouse(
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        },
        rec,
    );
}

pub const WIDTH: u16 = 100;
pub const HEIGHT: u16 = 32;

/// Draws the app into a 100×32 test terminal.
pub fn terminal(app: &mut App, rec: &Fake) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    terminal.draw(|frame| app.draw(frame, rec)).expect("draws");
    terminal
}

/// The screen as text, one quoted line per row.
pub fn screen(app: &mut App, rec: &Fake) -> String {
    terminal(app, rec).backend().to_string()
}

/// Where a text first appears on the screen: (column, row).
pub fn find(app: &mut App, rec: &Fake, needle: &str) -> Option<(u16, u16)> {
    let terminal = terminal(app, rec);
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        if let Some(at) = row.find(needle) {
            let column = row[..at].chars().count() as u16;
            return Some((column, y));
        }
    }
    None
}
