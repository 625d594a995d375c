use irt::{CsvError, CsvErrorKind, parse_response_csv};

#[track_caller]
fn error(text: &str) -> CsvError {
    parse_response_csv(text).expect_err("the text is invalid")
}

#[test]
fn reads_responses_and_missing_cells() {
    let m = parse_response_csv("\u{feff}q1, \"q 2\" ,q3\r\n1,0,\r\n ,1, 0\r\n,,\n").unwrap();
    assert_eq!(m.item_ids(), ["q1", "q 2", "q3"]);
    assert_eq!(m.n_persons(), 3);
    let rows: Vec<Vec<Option<bool>>> = (0..3).map(|p| m.row(p).collect()).collect();
    assert_eq!(
        rows,
        [
            vec![Some(true), Some(false), None],
            vec![None, Some(true), Some(false)],
            vec![None, None, None]
        ]
    );
}

#[test]
fn final_newline_is_optional_and_a_header_alone_is_empty() {
    assert_eq!(parse_response_csv("a,b\n1,1").unwrap().n_persons(), 1);
    assert_eq!(parse_response_csv("a,b\n").unwrap().n_persons(), 0);
    // With one item an empty line is a person who skipped it.
    let m = parse_response_csv("only\n1\n\n0\n").unwrap();
    assert_eq!(m.row(1).collect::<Vec<_>>(), [None]);
}

#[test]
fn errors_carry_line_and_column() {
    let cases: [(&str, usize, usize, CsvErrorKind); 9] = [
        ("", 1, 1, CsvErrorKind::MissingHeader),
        ("  \n1\n", 1, 1, CsvErrorKind::MissingHeader),
        ("a,,c\n", 1, 3, CsvErrorKind::EmptyItemId),
        (
            "a,b,a\n",
            1,
            5,
            CsvErrorKind::DuplicateItemId {
                id: "a".into(),
                first_field: 1,
            },
        ),
        (
            "a,b\n1,0\n0,yes\n",
            3,
            3,
            CsvErrorKind::InvalidCell { cell: "yes".into() },
        ),
        (
            "a,b\n1,0,1\n",
            2,
            5,
            CsvErrorKind::FieldCount {
                expected: 2,
                found: 3,
            },
        ),
        (
            "a,b\n1,0\n\n",
            3,
            1,
            CsvErrorKind::FieldCount {
                expected: 2,
                found: 1,
            },
        ),
        ("a,\"b\n", 1, 3, CsvErrorKind::UnterminatedQuote),
        ("a,\"b\"x\n", 1, 6, CsvErrorKind::TextAfterQuote),
    ];
    for (text, line, column, kind) in cases {
        assert_eq!(error(text), CsvError { line, column, kind }, "{text:?}");
    }
    assert_eq!(
        error("id1,id2\n1,0\n1,2\n").to_string(),
        "line 3, column 3: invalid response \"2\": expected 0, 1 or an empty cell for missing"
    );
}

#[test]
fn too_few_fields_point_past_the_end_of_the_line() {
    let e = error("a,b,c\n1,0\n");
    assert_eq!((e.line, e.column), (2, 4));
    assert_eq!(
        e.kind,
        CsvErrorKind::FieldCount {
            expected: 3,
            found: 2
        }
    );
}

#[test]
fn parsed_data_fits() {
    let text = "a,b,c\n1,0,1\n0,0,1\n1,1,0\n1,,1\n0,1,\n";
    let data = parse_response_csv(text).unwrap();
    let c = irt::fit(&data, irt::Model::Rasch, &irt::FitOptions::default()).unwrap();
    assert_eq!(
        c.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    assert_eq!(
        c.items.iter().map(|i| i.responses).collect::<Vec<_>>(),
        [5, 4, 4]
    );
}
