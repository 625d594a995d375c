//! iCalendar (RFC 5545) export of a plan.

use crate::plan::{Plan, Week};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// The calendar's product identifier.
pub const PRODID: &str = "-//certpath//study plan//EN";

/// The plan as an RFC 5545 calendar: one all-day event per week (its focus, spanning the
/// week), one per mock exam and one on the exam day.
///
/// * `exam_code` names the exam in every summary (it is escaped like any text).
/// * `dtstamp` is the DTSTAMP of every event (the crate reads no clock); it is written in
///   UTC.
/// * Each UID is a hash of the event's content and the exam code, so exporting the same
///   plan twice gives the same UIDs (re-importing updates rather than duplicates), and a
///   changed event gets a new one.
/// * Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character;
///   backslashes, semicolons, commas and newlines in text are escaped.
///
/// ```
/// use time::macros::{date, datetime};
///
/// let input = study::PlanInput {
///     today: date!(2026 - 03 - 02),
///     target: date!(2026 - 03 - 20),
///     hours_per_week: 6.0,
///     domains: vec![study::PlanDomain::new(1, "Cloud Concepts", 24.0, Some(0.4))],
///     reviews_due_per_day: 10,
///     mock_exam_minutes: 90,
/// };
/// let plan = study::plan(&input)?;
/// let ics = study::to_icalendar(&plan, "CLF-C02", datetime!(2026-03-02 08:00 UTC));
/// assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
/// assert!(ics.ends_with("END:VCALENDAR\r\n"));
/// assert!(ics.lines().all(|line| line.len() <= 75));
/// # Ok::<(), study::PlanError>(())
/// ```
pub fn to_icalendar(plan: &Plan, exam_code: &str, dtstamp: OffsetDateTime) -> String {
    let stamp = dtstamp.to_offset(UtcOffset::UTC);
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        ymd(stamp.date()),
        stamp.hour(),
        stamp.minute(),
        stamp.second()
    );
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        &format!(
            "X-WR-CALNAME:{}",
            escape(&format!("certpath study plan: {exam_code}"))
        ),
    ] {
        push_line(&mut out, line);
    }
    for week in &plan.weeks {
        let summary = week_summary(week, exam_code);
        event(
            &mut out,
            exam_code,
            &stamp,
            week.start,
            week.end + Duration::days(1),
            &summary,
            &week.explanation,
        );
    }
    for mock in &plan.mock_exams {
        let summary = format!("{exam_code}: full mock exam ({} min)", mock.minutes);
        let description = format!(
            "Full mock exam under exam conditions: {}. Go over every answer afterwards, then \
             re-run the readiness estimate and the study plan.",
            mock.reason
        );
        event(
            &mut out,
            exam_code,
            &stamp,
            mock.date,
            mock.date + Duration::days(1),
            &summary,
            &description,
        );
    }
    event(
        &mut out,
        exam_code,
        &stamp,
        plan.target,
        plan.target + Duration::days(1),
        &format!("{exam_code}: exam day"),
        "The target date of this study plan.",
    );
    push_line(&mut out, "END:VCALENDAR");
    out
}

fn week_summary(week: &Week, exam_code: &str) -> String {
    let mut summary = format!("{exam_code} week {}: ", week.number);
    if week.focus.is_empty() {
        summary.push_str(if week.mock_exams.is_empty() {
            "reviews"
        } else {
            "mock exam and reviews"
        });
    } else {
        let names: Vec<String> = week
            .focus
            .iter()
            .map(|f| {
                if f.name.is_empty() {
                    format!("Domain {}", f.domain)
                } else {
                    format!("D{} {}", f.domain, f.name)
                }
            })
            .collect();
        summary.push_str(&names.join(", "));
    }
    summary
}

fn event(
    out: &mut String,
    exam_code: &str,
    stamp: &str,
    start: Date,
    end: Date,
    summary: &str,
    description: &str,
) {
    let uid = format!(
        "{:016x}@certpath",
        fnv1a(&[exam_code, &ymd(start), &ymd(end), summary, description])
    );
    for line in [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", ymd(start)),
        format!("DTEND;VALUE=DATE:{}", ymd(end)),
        format!("SUMMARY:{}", escape(summary)),
        format!("DESCRIPTION:{}", escape(description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "END:VEVENT".to_owned(),
    ] {
        push_line(out, &line);
    }
}

/// `YYYYMMDD`.
fn ymd(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// RFC 5545 §3.3.11 TEXT escaping.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 §3.1): continuation lines start
/// with one space, and no UTF-8 character is split.
fn push_line(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// 64-bit FNV-1a over the parts, each followed by a 0 byte.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
