//! Properties of the format: writing then parsing keeps an item, and no input makes the parser panic.

use bank::{
    Body, Choice, Difficulty, Item, ItemType, Pair, Parsed, Placement, Reference, SourceFile,
    Status, Step, parse, write_item,
};
use proptest::prelude::*;

/// A line of text with no structure the format would read: words and punctuation.
fn text_line() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ,.;:()'?!/&<>\"%-]{0,60}[A-Za-z0-9.?]".prop_map(|s| s.trim().to_owned())
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(text_line(), 1..4).prop_map(|lines| lines.join("\n"))
}

fn choices(multiple: bool) -> impl Strategy<Value = Vec<Choice>> {
    let count = if multiple { 5..7usize } else { 4..6usize };
    (count, any::<u64>()).prop_flat_map(move |(n, seed)| {
        prop::collection::vec((text_line(), paragraph(), any::<bool>()), n).prop_map(
            move |entries| {
                let keys = if multiple { 2 + (seed % 2) as usize } else { 1 };
                entries
                    .into_iter()
                    .enumerate()
                    .map(|(i, (text, explanation, fixed))| Choice {
                        text,
                        correct: (i + seed as usize) % n < keys,
                        explanation,
                        fixed: fixed && i == n - 1,
                        span: 0..0,
                    })
                    .collect()
            },
        )
    })
}

fn body() -> impl Strategy<Value = (ItemType, Body)> {
    prop_oneof![
        choices(false).prop_map(|c| (ItemType::Single, Body::Choices(c))),
        choices(true).prop_map(|c| (ItemType::Multiple, Body::Choices(c))),
        prop::collection::vec((text_line(), paragraph()), 3..6).prop_map(|s| (
            ItemType::Ordering,
            Body::Steps(
                s.into_iter()
                    .map(|(text, explanation)| Step {
                        text,
                        explanation,
                        span: 0..0
                    })
                    .collect()
            )
        )),
        prop::collection::vec(
            (
                prop::option::of("[A-Za-z][A-Za-z0-9 ]{0,30}[A-Za-z0-9]"),
                text_line(),
                paragraph()
            ),
            3..7
        )
        .prop_map(|p| {
            (
                ItemType::Matching,
                Body::Pairs(
                    p.into_iter()
                        .map(|(prompt, response, explanation)| Pair {
                            prompt,
                            response,
                            explanation,
                            span: 0..0,
                        })
                        .collect(),
                ),
            )
        }),
    ]
}

prop_compose! {
    fn item()(
        id in "[a-z][a-z0-9-]{2,30}",
        (item_type, body) in body(),
        stem in paragraph(),
        explanation in prop::option::of(paragraph()),
        status in prop::sample::select(Status::ALL.to_vec()),
        difficulty in prop::option::of(prop::sample::select(Difficulty::ALL.to_vec())),
        angoff in prop::option::of(0.05f64..0.95),
        services in prop::collection::vec("[A-Z][A-Za-z0-9 ]{2,20}", 0..3),
        enemy in prop::option::of("[a-z][a-z0-9-]{2,12}"),
        day in 0i64..2000,
        urls in prop::collection::vec(("[a-z]{3,10}", prop::option::of("[A-Z][A-Za-z ]{2,20}[a-z]")), 0..3),
        domain in 1u8..6,
        task in prop::option::of("[1-5]\\.[1-9]"),
        allow in prop::option::of(prop::sample::select(vec!["renamed-service", "B202", "stale-review"])),
    ) -> Item {
        let reviewed = (status == Status::Reviewed).then(|| time::macros::date!(2022 - 01 - 01) + time::Duration::days(day));
        Item {
            id,
            file: "roundtrip.md".into(),
            placements: vec![Placement { exam: "SAA-C03".into(), domain, task, span: 0..0 }],
            item_type,
            services,
            angoff,
            difficulty,
            status,
            reviewed,
            author: "Property Test".into(),
            reviewer: None,
            enemy,
            case: None,
            allow: allow.into_iter().map(str::to_owned).collect(),
            stem,
            stem_span: 0..0,
            body,
            explanation: explanation.unwrap_or_default(),
            references: urls
                .into_iter()
                .map(|(path, title)| Reference { title, url: format!("https://docs.aws.amazon.com/{path}.html"), span: 0..0 })
                .collect(),
        }
    }
}

/// The item with every span and the file name cleared, for comparison.
fn without_spans(mut item: Item) -> Item {
    item.file = String::new();
    item.stem_span = 0..0;
    for p in &mut item.placements {
        p.span = 0..0;
    }
    for r in &mut item.references {
        r.span = 0..0;
    }
    match &mut item.body {
        Body::Choices(c) => c.iter_mut().for_each(|c| c.span = 0..0),
        Body::Steps(s) => s.iter_mut().for_each(|s| s.span = 0..0),
        Body::Pairs(p) => p.iter_mut().for_each(|p| p.span = 0..0),
    }
    item
}

proptest! {
    #[test]
    fn writing_then_parsing_keeps_the_item(item in item()) {
        let text = write_item(&item);
        let result = parse(&SourceFile::new("roundtrip.md", text.clone()));
        prop_assert!(result.diagnostics.is_empty(), "{:#?}\n{text}", result.diagnostics);
        let Some(Parsed::Item(parsed)) = result.parsed else { panic!("no item parsed from\n{text}") };
        prop_assert_eq!(without_spans(*parsed), without_spans(item), "{}", text);
    }

    #[test]
    fn the_parser_never_panics(text in ".{0,400}") {
        let _ = parse(&SourceFile::new("any.md", text));
    }

    #[test]
    fn the_parser_never_panics_on_near_valid_files(body in "(- \\[[ xX]\\] [a-z ]{0,10}\n(  > [a-z]{0,10}\n)?|## [A-Za-z]{0,10}\n|[0-9]\\. [a-z]{0,5}\n|- [a-z]{0,5} => [a-z]{0,5}\n|```\n|[a-z ]{0,20}\n){0,12}", kind in "(single|multiple|ordering|matching|case)") {
        let text = format!("+++\nid = \"x\"\ntype = \"{kind}\"\nstatus = \"draft\"\nauthor = \"a\"\nexams = [{{ code = \"CLF-C02\", domain = 1 }}]\n+++\n{body}");
        let _ = parse(&SourceFile::new("near.md", text));
    }
}

#[test]
fn lines_that_look_like_structure_survive_a_round_trip() {
    let text = "+++\nid = \"escape-01\"\ntype = \"single\"\nstatus = \"draft\"\nauthor = \"a\"\nexams = [{ code = \"CLF-C02\", domain = 1 }]\n+++\n\nA checklist reads:\n\\- [x] encrypt the bucket\n\\## not a section\n\nWhich step is next?\n\n- [x] a\n  > b\n- [ ] c\n  > d\n- [ ] e\n  > f\n- [ ] g\n  > h\n";
    let first = parse(&SourceFile::new("e.md", text));
    assert!(first.diagnostics.is_empty(), "{:#?}", first.diagnostics);
    let Some(Parsed::Item(item)) = first.parsed else {
        panic!("no item")
    };
    assert!(item.stem.contains("\\- [x] encrypt"), "{}", item.stem);
    let again = parse(&SourceFile::new("e.md", write_item(&item)));
    assert!(again.diagnostics.is_empty(), "{:#?}", again.diagnostics);
    let Some(Parsed::Item(again)) = again.parsed else {
        panic!("no item")
    };
    assert_eq!(again.stem, item.stem);
    assert_eq!(again.choices().len(), 4);
}

/// Found by `cargo fuzz run parse_item`: a malformed marker ending inside a multi-byte character.
#[test]
fn a_malformed_marker_before_a_multibyte_character_does_not_panic() {
    let result = parse(&SourceFile::new("fuzz.md", "+++\n+++\n* [ A\u{feff}"));
    assert!(!result.diagnostics.is_empty());
}
