//! Bad input never panics: random bytes and random markup into every importer give `Ok` or
//! `Err`.

use interchange::{Format, ImportOptions, import};
use proptest::prelude::*;
use proptest::sample::select;

fn import_everything(text: &str) {
    let options = ImportOptions::new("fuzz.txt", "fuzz").placed("CLF-C02", 1);
    for format in Format::ALL {
        let _ = import(format, text, &options);
    }
}

/// Pieces of the formats' syntax, so random text reaches past the first parse error.
const PIECES: [&str; 48] = [
    "<",
    ">",
    "/",
    "=",
    "\"",
    "'",
    " ",
    "\n",
    "{",
    "}",
    "~",
    "#",
    "%",
    ":",
    "::",
    "\\",
    "[",
    "]",
    "&amp;",
    "&lt;",
    "&#x41;",
    "&nbsp;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<quiz>",
    "</quiz>",
    "<question type=\"multichoice\">",
    "</question>",
    "<answer fraction=\"50\">",
    "<text>",
    "</text>",
    "<qti-assessment-item>",
    "<assessmentItem>",
    "<itemBody>",
    "<choiceInteraction maxChoices=\"1\">",
    "<simpleChoice identifier=\"A\">",
    "<p>",
    "<script>",
    "{\"test\":[",
    "{\"variant\":1,",
    "\"choices\":[",
    "\"answer\":[true,false]",
    "],",
    "stem,option_1,correct\n",
    "=right",
    "~%-100%",
];

proptest! {
    #![proptest_config(crate::proptest_config(256))]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        import_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_markup(pieces in prop::collection::vec(select(PIECES.to_vec()), 0..200)) {
        import_everything(&pieces.concat());
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = format!(
        "<quiz>{}{}</quiz>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    import_everything(&deep);
    let html = format!("::deep::[html]{}x{{=a ~b}}", "<b>".repeat(50_000));
    import_everything(&html);
}
