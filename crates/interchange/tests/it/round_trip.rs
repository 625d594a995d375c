//! Export then import, for every format, of generated items: stems, options, keys and
//! explanations survive, and so do the general explanation, references and fixed options
//! where the format carries them; where it cannot, the export says so in a note.

use interchange::{Format, ImportNote, ImportOptions, export, export_files, import};
use proptest::prelude::*;
use proptest::sample::select;

/// Which punctuation the generated text uses.
#[derive(Debug, Clone, Copy)]
enum Alphabet {
    /// GIFT's reserved characters, which must be escaped.
    Gift,
    /// XML's special characters, which must be escaped.
    Xml,
    /// Everything, for CSV and JSON.
    Any,
}

fn punctuation(alphabet: Alphabet) -> Vec<&'static str> {
    let mut p = vec![".", ",", "?", "!", ":", ";", "(", ")", "'", "-"];
    match alphabet {
        Alphabet::Gift => p.extend(["~", "=", "#", "{", "}", "\\", "%", "<", "&", "\""]),
        Alphabet::Xml => p.extend(["<", "&", ">", "\"", "]]>", "[", "]"]),
        Alphabet::Any => p.extend([
            "<", "&", ">", "\"", "~", "=", "#", "{", "}", "\\", "%", "]]>", "[", "]",
        ]),
    }
    p
}

fn token(alphabet: Alphabet) -> BoxedStrategy<String> {
    let punct = select(punctuation(alphabet));
    prop_oneof![
        4 => "[A-Za-z0-9]{1,8}",
        2 => ("[A-Za-z0-9]{1,8}", punct.clone()).prop_map(|(w, p)| format!("{w}{p}")),
        1 => punct.prop_map(str::to_owned),
    ]
    .boxed()
}

fn line(alphabet: Alphabet) -> BoxedStrategy<String> {
    prop::collection::vec(token(alphabet), 1..8)
        .prop_map(|t| t.join(" "))
        .boxed()
}

fn text(alphabet: Alphabet) -> BoxedStrategy<String> {
    let paragraph = prop::collection::vec(line(alphabet), 1..3).prop_map(|l| l.join("\n"));
    prop::collection::vec(paragraph, 1..3)
        .prop_map(|p| p.join("\n\n"))
        .boxed()
}

fn maybe_text(alphabet: Alphabet) -> BoxedStrategy<String> {
    prop_oneof![1 => Just(String::new()), 2 => text(alphabet)].boxed()
}

fn words(max: usize) -> BoxedStrategy<String> {
    prop::collection::vec("[A-Za-z0-9]{1,8}", 1..=max)
        .prop_map(|w| w.join(" "))
        .boxed()
}

fn references() -> BoxedStrategy<Vec<bank::Reference>> {
    prop::collection::vec((prop::option::of(words(3)), "[a-z0-9]{1,10}"), 0..3)
        .prop_map(|refs| {
            refs.into_iter()
                .enumerate()
                .map(|(i, (title, segment))| bank::Reference {
                    title,
                    url: format!("https://docs.aws.amazon.com/{segment}/page-{i}.html"),
                    span: 0..0,
                })
                .collect()
        })
        .boxed()
}

/// The metadata only CSV carries.
#[derive(Debug, Clone)]
struct Meta {
    placements: Vec<bank::Placement>,
    services: Vec<String>,
    angoff: Option<f64>,
    status: bank::Status,
    difficulty: Option<bank::Difficulty>,
    reviewed: Option<time::Date>,
    reviewer: Option<String>,
    enemy: Option<String>,
    case: Option<String>,
    allow: Vec<String>,
    author: String,
}

fn meta() -> BoxedStrategy<Meta> {
    let placement = (
        select(vec!["CLF-C02", "SAA-C03", "AIF-C01"]),
        1u8..=6,
        prop::option::of("[1-6]\\.[1-5]"),
    )
        .prop_map(|(exam, domain, task)| bank::Placement {
            exam: exam.to_owned(),
            domain,
            task,
            span: 0..0,
        });
    let name = || prop::option::of("[a-z0-9-]{1,12}");
    (
        prop::collection::vec(placement, 0..3),
        prop::collection::vec(words(3), 0..3),
        prop::option::of(0u32..=100),
        select(bank::Status::ALL.to_vec()),
        prop::option::of(select(bank::Difficulty::ALL.to_vec())),
        prop::option::of((2020i32..2030, 1u8..=12, 1u8..=28)),
        (name(), name(), name()),
        prop::collection::vec("[a-z-]{1,10}", 0..2),
        words(3),
    )
        .prop_map(
            |(placements, services, angoff, status, difficulty, date, names, allow, author)| Meta {
                placements,
                services,
                angoff: angoff.map(|a| f64::from(a) / 100.0),
                status,
                difficulty,
                reviewed: date.map(|(y, m, d)| {
                    time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
                }),
                reviewer: names.0,
                enemy: names.1,
                case: names.2,
                allow,
                author,
            },
        )
        .boxed()
}

fn item(alphabet: Alphabet) -> BoxedStrategy<bank::Item> {
    (
        (
            any::<bool>(),
            4usize..=6,
            0usize..6,
            prop::collection::vec(any::<bool>(), 6),
        ),
        prop::collection::vec(line(alphabet), 6),
        prop::collection::vec(maybe_text(alphabet), 6),
        prop::collection::vec(prop::bool::weighted(0.15), 6),
        (text(alphabet), maybe_text(alphabet), references()),
        meta(),
        "[a-z][a-z0-9-]{0,16}",
    )
        .prop_map(
            |(
                (multiple, n, single, seed),
                texts,
                explanations,
                fixed,
                (stem, explanation, references),
                meta,
                id,
            )| {
                let mut key: Vec<bool> = if multiple {
                    seed[..n].to_vec()
                } else {
                    (0..n).map(|i| i == single % n).collect()
                };
                if multiple {
                    if key.iter().filter(|k| **k).count() < 2 {
                        key[0] = true;
                        key[1] = true;
                    }
                    if key.iter().all(|k| *k) {
                        key[n - 1] = false;
                    }
                }
                let choices = (0..n)
                    .map(|i| bank::Choice {
                        text: texts[i].clone(),
                        correct: key[i],
                        explanation: explanations[i].clone(),
                        fixed: fixed[i],
                        span: 0..0,
                    })
                    .collect();
                bank::Item {
                    id,
                    file: String::new(),
                    placements: meta.placements,
                    item_type: if multiple {
                        bank::ItemType::Multiple
                    } else {
                        bank::ItemType::Single
                    },
                    services: meta.services,
                    angoff: meta.angoff,
                    difficulty: meta.difficulty,
                    status: meta.status,
                    reviewed: meta.reviewed,
                    author: meta.author,
                    reviewer: meta.reviewer,
                    enemy: meta.enemy,
                    case: meta.case,
                    allow: meta.allow,
                    stem,
                    stem_span: 0..0,
                    body: bank::Body::Choices(choices),
                    explanation,
                    references,
                }
            },
        )
        .boxed()
}

fn items(alphabet: Alphabet) -> BoxedStrategy<Vec<bank::Item>> {
    prop::collection::vec(item(alphabet), 1..5)
        .prop_map(|mut items| {
            for (i, item) in items.iter_mut().enumerate() {
                item.id = format!("{}-{i}", item.id);
            }
            items
        })
        .boxed()
}

/// Text as a reader of rendered Markdown sees it: paragraphs, with line breaks inside a
/// paragraph as spaces.
fn soft(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What a format carries.
struct Carries {
    /// Line breaks inside paragraphs (else they read back as spaces).
    line_breaks: bool,
    /// The `{fixed}` flag of options.
    fixed: bool,
    /// Everything, metadata included.
    everything: bool,
}

fn has_note(notes: &[ImportNote], item: &bank::Item, needle: &str) -> bool {
    notes
        .iter()
        .any(|n| n.position == format!("item {}", item.id) && n.message.contains(needle))
}

fn check(format: Format, items: &[bank::Item], carries: &Carries) -> Result<(), TestCaseError> {
    let exported = export_files(format, items).unwrap();
    let mut back = Vec::new();
    for file in exported
        .files
        .iter()
        .filter(|f| f.path != "imsmanifest.xml")
    {
        let imported = import(format, &file.text, &ImportOptions::new(&file.path, "rt"))
            .map_err(|err| TestCaseError::fail(format!("{err}\n{}", file.text)))?;
        // A Moodle question with shuffling off reads back with every option fixed, as the
        // export's note says.
        let unexpected: Vec<_> = imported
            .notes
            .iter()
            .filter(|n| !n.message.starts_with("answer shuffling is off"))
            .collect();
        prop_assert!(unexpected.is_empty(), "{:?}\n{}", unexpected, file.text);
        back.extend(imported.items);
    }
    prop_assert_eq!(back.len(), items.len());
    let text = |s: &str| {
        if carries.line_breaks {
            s.to_owned()
        } else {
            soft(s)
        }
    };
    for (before, after) in items.iter().zip(&back) {
        if carries.everything {
            let mut after = after.clone();
            after.file = before.file.clone();
            prop_assert_eq!(&after, before);
            continue;
        }
        prop_assert_eq!(text(&after.stem), text(&before.stem));
        prop_assert_eq!(after.item_type, before.item_type);
        prop_assert_eq!(after.choices().len(), before.choices().len());
        for (b, a) in before.choices().iter().zip(after.choices()) {
            prop_assert_eq!(&a.text, &b.text);
            prop_assert_eq!(a.correct, b.correct);
            prop_assert_eq!(text(&a.explanation), text(&b.explanation));
            if carries.fixed {
                prop_assert_eq!(a.fixed, b.fixed);
            }
        }
        prop_assert_eq!(text(&after.explanation), text(&before.explanation));
        prop_assert_eq!(&after.references, &before.references);
        if !carries.fixed && before.choices().iter().any(|c| c.fixed) {
            prop_assert!(
                has_note(&exported.notes, before, "in place"),
                "{:?}",
                exported.notes
            );
        }
    }
    Ok(())
}

const LOSSY_FIXED: Carries = Carries {
    line_breaks: true,
    fixed: false,
    everything: false,
};

proptest! {
    #![proptest_config(crate::proptest_config(64))]

    #[test]
    fn gift(items in items(Alphabet::Gift)) {
        check(Format::Gift, &items, &LOSSY_FIXED)?;
        let notes = export(Format::Gift, &items).unwrap().notes;
        for item in items.iter().filter(|i| i.key_count() > 1) {
            prop_assert!(has_note(&notes, item, "partial credit"));
        }
    }

    #[test]
    fn moodle_xml(items in items(Alphabet::Xml)) {
        check(Format::MoodleXml, &items, &LOSSY_FIXED)?;
    }

    #[test]
    fn qti3(items in items(Alphabet::Xml)) {
        check(Format::Qti3, &items, &Carries { line_breaks: false, fixed: true, everything: false })?;
    }

    #[test]
    fn qti21(items in items(Alphabet::Xml)) {
        check(Format::Qti21, &items, &Carries { line_breaks: false, fixed: true, everything: false })?;
    }

    #[test]
    fn csv(items in items(Alphabet::Any)) {
        check(Format::Csv, &items, &Carries { line_breaks: true, fixed: true, everything: true })?;
    }

    #[test]
    fn simulator_json(items in items(Alphabet::Any)) {
        check(Format::SimulatorJson, &items, &Carries { line_breaks: false, fixed: false, everything: false })?;
    }

    #[test]
    fn anki(items in items(Alphabet::Any)) {
        let exported = export(Format::Anki, &items).unwrap();
        let lines: Vec<&str> = exported.text.lines().collect();
        prop_assert_eq!(&lines[..4], &["#separator:tab", "#html:true", "#columns:Front\tBack\tTags", "#tags column:3"]);
        prop_assert_eq!(lines.len(), 4 + items.len());
        for (line, item) in lines[4..].iter().zip(&items) {
            let fields: Vec<&str> = line.split('\t').collect();
            prop_assert_eq!(fields.len(), 3, "{}", line);
            prop_assert!(!fields[0].contains('"') && !fields[1].contains('"'));
            let first = item.stem.split_whitespace().next().unwrap();
            let escaped = first.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
            prop_assert!(fields[0].starts_with(&escaped), "{} / {}", fields[0], escaped);
            prop_assert!(fields[1].starts_with("<b>Answer: "));
            for placement in &item.placements {
                let tag = format!("{}::domain-{}", placement.exam, placement.domain);
                prop_assert!(fields[2].split(' ').any(|t| t == tag));
            }
        }
    }
}
