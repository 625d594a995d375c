use crate::plan::{input, saa_domains};
use study::{Plan, PlanDomain, PlanInput};
use time::macros::{date, datetime};

/// Checks `ics` against the parts of RFC 5545 a calendar app relies on, and returns the
/// unfolded content lines.
pub fn validate(ics: &str) -> Result<Vec<String>, String> {
    if !ics.ends_with("\r\n") {
        return Err("the calendar must end with CRLF".into());
    }
    let body = &ics[..ics.len() - 2];
    let mut lines: Vec<String> = Vec::new();
    for (n, physical) in body.split("\r\n").enumerate() {
        if physical.contains('\r') || physical.contains('\n') {
            return Err(format!("line {}: a bare CR or LF", n + 1));
        }
        if physical.len() > 75 {
            return Err(format!("line {}: {} octets > 75", n + 1, physical.len()));
        }
        if physical.is_empty() {
            return Err(format!("line {}: empty", n + 1));
        }
        if let Some(rest) = physical.strip_prefix(' ') {
            let Some(last) = lines.last_mut() else {
                return Err("a continuation line first".into());
            };
            last.push_str(rest);
        } else {
            lines.push(physical.to_owned());
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut events = 0;
    let mut calendar_props: Vec<String> = Vec::new();
    let mut event_props: Vec<(String, String)> = Vec::new();
    let mut uids = std::collections::BTreeSet::new();
    for line in &lines {
        let Some(colon) = line.find(':') else {
            return Err(format!("no ':' in {line:?}"));
        };
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        let name = head.split(';').next().unwrap_or_default();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_uppercase() || c == '-') {
            return Err(format!("bad property name in {line:?}"));
        }
        match name {
            "BEGIN" => {
                if stack.is_empty() && value != "VCALENDAR" {
                    return Err("the calendar must open with BEGIN:VCALENDAR".into());
                }
                if value == "VEVENT" {
                    if stack.last().map(String::as_str) != Some("VCALENDAR") {
                        return Err("VEVENT outside VCALENDAR".into());
                    }
                    event_props.clear();
                }
                stack.push(value.to_owned());
            }
            "END" => {
                if stack.pop().as_deref() != Some(value) {
                    return Err(format!("END:{value} does not match"));
                }
                if value == "VEVENT" {
                    events += 1;
                    for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
                        let count = event_props.iter().filter(|(n, _)| n == required).count();
                        if count != 1 {
                            return Err(format!("event {events}: {count} {required}"));
                        }
                    }
                    let get = |p: &str| {
                        event_props
                            .iter()
                            .find(|(n, _)| n == p)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default()
                    };
                    let (start, end) = (get("DTSTART"), get("DTEND"));
                    let is_date = |v: &str| v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit());
                    if !is_date(&start) || !is_date(&end) || end <= start {
                        return Err(format!("event {events}: dates {start} .. {end}"));
                    }
                    let stamp = get("DTSTAMP");
                    if stamp.len() != 16 || !stamp.ends_with('Z') || stamp.as_bytes()[8] != b'T' {
                        return Err(format!("event {events}: DTSTAMP {stamp} is not UTC"));
                    }
                    if !uids.insert(get("UID")) {
                        return Err(format!("event {events}: duplicate UID"));
                    }
                }
            }
            _ => {
                if matches!(name, "SUMMARY" | "DESCRIPTION" | "X-WR-CALNAME") {
                    check_text(value).map_err(|e| format!("{name}: {e} in {value:?}"))?;
                }
                match stack.last().map(String::as_str) {
                    Some("VEVENT") => event_props.push((name.to_owned(), value.to_owned())),
                    Some("VCALENDAR") => calendar_props.push(name.to_owned()),
                    _ => return Err(format!("{name} outside any component")),
                }
            }
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    for required in ["VERSION", "PRODID"] {
        if calendar_props.iter().filter(|p| *p == required).count() != 1 {
            return Err(format!("the calendar needs exactly one {required}"));
        }
    }
    if events == 0 {
        return Err("no events".into());
    }
    Ok(lines)
}

/// TEXT values: every ',' and ';' escaped, and only the escapes RFC 5545 defines.
fn check_text(value: &str) -> Result<(), String> {
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\' | ';' | ',' | 'n' | 'N') => {}
                other => return Err(format!("bad escape \\{other:?}")),
            },
            ',' | ';' => return Err(format!("unescaped {c:?}")),
            c if c.is_control() => return Err("a control character".into()),
            _ => {}
        }
    }
    Ok(())
}

fn small_plan() -> (PlanInput, Plan) {
    let mut input = input(date!(2026 - 03 - 02), date!(2026 - 03 - 23));
    input.hours_per_week = 6.0;
    input.reviews_due_per_day = 12;
    let plan = study::plan(&input).unwrap();
    (input, plan)
}

#[test]
fn the_calendar_is_valid_rfc_5545() {
    let (_, plan) = small_plan();
    let ics = study::to_icalendar(&plan, "SAA-C03", datetime!(2026-03-01 21:30:15 UTC));
    let lines = validate(&ics).unwrap_or_else(|e| panic!("{e}\n{ics}"));
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, plan.weeks.len() + plan.mock_exams.len() + 1);
    assert!(lines.contains(&"DTSTAMP:20260301T213015Z".to_owned()));
    assert!(lines.contains(&"PRODID:-//certpath//study plan//EN".to_owned()));
    // Long descriptions were folded.
    assert!(ics.contains("\r\n "));
    // The first week spans 7 days: DTEND is exclusive.
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20260302".to_owned()));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20260309".to_owned()));
    // The exam day.
    assert!(lines.contains(&"SUMMARY:SAA-C03: exam day".to_owned()));
}

#[test]
fn the_timestamp_is_written_in_utc() {
    let (_, plan) = small_plan();
    let ics = study::to_icalendar(&plan, "SAA-C03", datetime!(2026-03-02 00:30 +02:00));
    assert!(ics.contains("DTSTAMP:20260301T223000Z\r\n"));
}

#[test]
fn exports_are_stable_and_uids_follow_content() {
    let (mut input, plan) = small_plan();
    let stamp = datetime!(2026-03-01 08:00 UTC);
    let a = study::to_icalendar(&plan, "SAA-C03", stamp);
    assert_eq!(a, study::to_icalendar(&plan, "SAA-C03", stamp));
    let uids = |ics: &str| -> Vec<String> {
        validate(ics)
            .unwrap()
            .into_iter()
            .filter(|l| l.starts_with("UID:"))
            .collect()
    };
    // A later timestamp changes no UID.
    let later = study::to_icalendar(&plan, "SAA-C03", datetime!(2026-03-05 08:00 UTC));
    assert_eq!(uids(&a), uids(&later));
    // Another exam code, or a changed plan, changes them.
    let other = study::to_icalendar(&plan, "CLF-C02", stamp);
    assert!(uids(&a).iter().all(|u| !uids(&other).contains(u)));
    input.domains[0].readiness = Some(0.05);
    let changed = study::to_icalendar(&study::plan(&input).unwrap(), "SAA-C03", stamp);
    assert_ne!(uids(&a), uids(&changed));
}

#[test]
fn text_is_escaped() {
    let mut input = input(date!(2026 - 03 - 02), date!(2026 - 03 - 16));
    input.domains = vec![
        PlanDomain::new(1, "Security, Identity; and \\Compliance\\", 60.0, Some(0.2)),
        PlanDomain::new(
            2,
            "Données et réseau — 日本語の名前がとても長い領域",
            40.0,
            Some(0.4),
        ),
    ];
    let plan = study::plan(&input).unwrap();
    let ics = study::to_icalendar(&plan, "A,B;C", datetime!(2026-03-01 08:00 UTC));
    let lines = validate(&ics).unwrap_or_else(|e| panic!("{e}\n{ics}"));
    assert!(lines.iter().any(|l| l.starts_with(
        "SUMMARY:A\\,B\\;C week 1: D1 Security\\, Identity\\; and \\\\Compliance\\\\"
    )));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("日本語の名前がとても長い領域"))
    );
}

#[test]
fn snapshot_of_a_small_plan() {
    let mut input = input(date!(2026 - 03 - 02), date!(2026 - 03 - 23));
    input.hours_per_week = 6.0;
    input.reviews_due_per_day = 12;
    input.domains = saa_domains([Some(0.8), Some(0.25), Some(0.6), None]);
    let plan = study::plan(&input).unwrap();
    insta::assert_snapshot!("plan_text", plan.to_string());
    let ics = study::to_icalendar(&plan, "SAA-C03", datetime!(2026-03-01 08:00 UTC));
    validate(&ics).unwrap();
    // Shown with LF line ends (CRLF is checked above); the folds stay visible.
    insta::assert_snapshot!("plan_ics", ics.replace("\r\n", "\n"));
}
