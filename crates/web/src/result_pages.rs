//! After an attempt: the result page (practice-scale score, the domain chart, readiness) and
//! the history page (every attempt, and the scores over time as a chart).
//!
//! Charts are SVG drawn by the templates from numbers computed here; every chart has a
//! table beside it with the same figures, for screen readers and for copying.

use crate::AppState;
use crate::auth::Visitor;
use crate::chrome::Chrome;
use crate::exam_pages::clock_text;
use crate::pages::{PageResult, render, when};
use crate::runner::with_attempts;
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use engine::Report;
use std::sync::Arc;

/// One domain's bar.
struct DomainBar {
    number: u8,
    name: String,
    correct: u32,
    scored: u32,
    /// Correct answers in percent of the domain's scored questions.
    percent: u32,
    /// The domain's share of the cut, in percent of its scored questions.
    cut_percent: u32,
    classification: &'static str,
    meets: bool,
    /// The bar's top edge in the chart.
    y: u32,
    /// The bar's width in chart units (0 to [`BAR_WIDTH`]).
    width: u32,
    /// Where the cut marker is drawn.
    cut_x: u32,
}

/// The chart's bar area, in SVG units.
const BAR_WIDTH: u32 = 400;
/// Where the bars start, after the labels.
const BAR_LEFT: u32 = 120;
/// One bar's row height.
const ROW: u32 = 36;

struct QuestionLine {
    number: usize,
    state: &'static str,
    flagged: bool,
    domain: u8,
}

/// Readiness as the page shows it.
struct ReadinessView {
    label: String,
    answered: usize,
    correct: usize,
    theta: String,
    sd: String,
    theta_cut: String,
    p_pass: String,
    p_pass_sitting: String,
    band: String,
    domains: Vec<String>,
    domain_note: String,
    assumptions: Vec<String>,
}

#[derive(Template)]
#[template(path = "report.html", whitespace = "minimize")]
struct ReportPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    id: String,
    exam: String,
    exam_name: String,
    mode: &'static str,
    form: String,
    outcome: String,
    finished: String,
    time_used: String,
    scaled: u32,
    passing_score: u32,
    passed: bool,
    raw: u32,
    raw_max: u32,
    scale_label: String,
    scale_explanation: String,
    scale_caveat: Option<String>,
    classification_rule: String,
    bars: Vec<DomainBar>,
    chart_height: u32,
    bar_left: u32,
    bar_width: u32,
    bar_right: u32,
    questions: Vec<QuestionLine>,
    answered: usize,
    unanswered: usize,
    readiness: Result<ReadinessView, String>,
}

fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        ((f64::from(part) * 100.0 / f64::from(whole)).round()) as u32
    }
}

fn bars(report: &Report) -> Vec<DomainBar> {
    report
        .domains
        .iter()
        .enumerate()
        .map(|(row, d)| {
            let pct = percent(d.correct, d.scored);
            let cut_pct = if d.scored == 0 {
                0
            } else {
                ((d.cut * 100.0 / f64::from(d.scored)).round()) as u32
            };
            DomainBar {
                number: d.number,
                name: d.name.clone(),
                correct: d.correct,
                scored: d.scored,
                percent: pct,
                cut_percent: cut_pct,
                classification: d
                    .classification
                    .map_or("No scored questions", |c| c.label()),
                meets: matches!(
                    d.classification,
                    Some(engine::Classification::MeetsCompetencies)
                ),
                y: 8 + row as u32 * ROW,
                width: BAR_WIDTH * pct / 100,
                cut_x: BAR_LEFT + BAR_WIDTH * cut_pct.min(100) / 100,
            }
        })
        .collect()
}

fn readiness_view(readiness: &study::Readiness) -> ReadinessView {
    ReadinessView {
        label: readiness.label.to_string(),
        answered: readiness.answered,
        correct: readiness.correct,
        theta: format!("{:.2}", readiness.theta),
        sd: format!("{:.2}", readiness.sd),
        theta_cut: format!("{:.2}", readiness.theta_cut),
        p_pass: format!("{:.0}%", 100.0 * readiness.p_pass),
        p_pass_sitting: format!("{:.0}%", 100.0 * readiness.p_pass_sitting),
        band: format!(
            "{} to {} (point estimate {}; ±{} SD; pass mark {})",
            readiness.band.low,
            readiness.band.high,
            readiness.band.point,
            readiness.band.sds,
            readiness.band.passing_score
        ),
        domains: readiness
            .domains
            .iter()
            .map(|d| match d.estimate.and_then(|e| e.p_meets) {
                Some(p) => format!(
                    "Domain {}: {:.0}% likely to meet its share of the cut ({} of {} first answers correct)",
                    d.domain,
                    100.0 * p,
                    d.correct,
                    d.answered
                ),
                None => format!(
                    "Domain {}: too few answers yet ({} of {} correct)",
                    d.domain, d.correct, d.answered
                ),
            })
            .collect(),
        domain_note: readiness.domain_note.to_string(),
        assumptions: readiness.assumptions.iter().map(ToString::to_string).collect(),
    }
}

/// `GET /attempts/{id}/report`: the result of a closed attempt.
pub(crate) async fn report(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
    Path(id): Path<String>,
) -> PageResult {
    let loaded = with_attempts(&state, visitor.owner(), move |attempts, now| {
        let live = attempts.load(&id, now)?;
        if !live.attempt.is_closed() {
            return Ok(Err(live.id));
        }
        let report = live
            .attempt
            .report()
            .map_err(|e| crate::error::Error::Internal(e.to_string()))?;
        let readiness = attempts.readiness(live.attempt.form())?;
        Ok(Ok((live.id, report, readiness)))
    })
    .await?;
    let (id, report, readiness) = match loaded {
        Ok(done) => done,
        Err(id) => return Ok(Redirect::to(&format!("/attempts/{id}/review")).into_response()),
    };
    let bars = bars(&report);
    let questions = report
        .questions
        .iter()
        .map(|q| QuestionLine {
            number: q.index + 1,
            state: if !q.answered {
                "Unanswered"
            } else if q.correct {
                "Correct"
            } else {
                "Wrong"
            },
            flagged: q.flagged,
            domain: q.domain,
        })
        .collect();
    let finished = report
        .closed_at
        .to_offset_date_time()
        .map(when)
        .unwrap_or_default();
    let page = ReportPage {
        title: format!("Result · {}", report.exam),
        nav: "history",
        chrome: Chrome::of(&visitor),
        id,
        exam: report.exam.clone(),
        exam_name: report.exam_name.clone(),
        mode: report.mode.name(),
        form: report.form.describe(),
        outcome: match report.outcome {
            engine::Outcome::Submitted => "Submitted".into(),
            engine::Outcome::TimedOut => "Timed out at the deadline".into(),
        },
        finished,
        time_used: clock_text(report.time_used.as_secs() as i64),
        scaled: report.scaled,
        passing_score: report.passing_score,
        passed: report.passed,
        raw: report.raw,
        raw_max: report.raw_max,
        scale_label: report.scale_label.clone(),
        scale_explanation: report.scale_explanation.clone(),
        scale_caveat: report.scale_caveat.clone(),
        classification_rule: report.classification_rule.clone(),
        chart_height: 16 + bars.len() as u32 * ROW,
        bars,
        bar_left: BAR_LEFT,
        bar_width: BAR_WIDTH,
        bar_right: BAR_LEFT + BAR_WIDTH,
        questions,
        answered: report.answered,
        unanswered: report.unanswered,
        readiness: readiness
            .as_ref()
            .map(readiness_view)
            .map_err(|reason| crate::markdown::to_inline_html(reason)),
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------
// History.

struct HistoryRow {
    id: String,
    exam: String,
    mode: String,
    started: String,
    state: String,
    score: Option<u32>,
    passed: Option<bool>,
    finished: bool,
}

/// A point of the score chart.
struct Point {
    x: u32,
    y: u32,
    label: String,
}

/// One exam's line in the score chart.
struct Series {
    exam: String,
    points: Vec<Point>,
    /// The SVG `points` attribute of the line.
    path: String,
    class: &'static str,
}

#[derive(Template)]
#[template(path = "history.html", whitespace = "minimize")]
struct HistoryPage {
    title: String,
    nav: &'static str,
    chrome: Chrome,
    rows: Vec<HistoryRow>,
    series: Vec<Series>,
    /// Where the 700-point line sits (the pass mark most exams use is drawn per series).
    pass_lines: Vec<(u32, u32)>,
    chart_width: u32,
    signed_in: bool,
}

/// The score chart's plot area.
const CHART_LEFT: u32 = 48;
const CHART_WIDTH: u32 = 560;
const CHART_TOP: u32 = 10;
const CHART_HEIGHT: u32 = 200;

/// The chart's y for a practice-scale score (100 at the bottom, 1000 at the top).
fn score_y(score: u32) -> u32 {
    let clamped = score.clamp(100, 1000);
    CHART_TOP + CHART_HEIGHT - (clamped - 100) * CHART_HEIGHT / 900
}

/// `GET /history`: the visitor's attempts and their scores over time.
pub(crate) async fn history(
    State(state): State<AppState>,
    Extension(visitor): Extension<Arc<Visitor>>,
) -> PageResult {
    let summaries = with_attempts(&state, visitor.owner(), |attempts, _| {
        Ok(attempts.history(None)?)
    })
    .await?;
    let rows: Vec<HistoryRow> = summaries
        .iter()
        .map(|a| HistoryRow {
            id: a.id.clone(),
            exam: a.exam.clone(),
            mode: a.mode.clone(),
            started: when(a.started_at),
            state: match a.outcome {
                Some(storage::Outcome::Submitted) => "Submitted".into(),
                Some(storage::Outcome::TimedOut) => "Timed out".into(),
                None => "In progress".into(),
            },
            score: a.scaled_score,
            passed: a.passed,
            finished: a.finished_at.is_some(),
        })
        .collect();
    let mut finished: Vec<&storage::AttemptSummary> = summaries
        .iter()
        .filter(|a| a.scaled_score.is_some() && a.finished_at.is_some())
        .collect();
    finished.sort_by_key(|a| a.started_at);
    let mut exams: Vec<&str> = finished.iter().map(|a| a.exam.as_str()).collect();
    exams.sort_unstable();
    exams.dedup();
    let count = finished.len().max(2) as u32;
    let classes = ["series-a", "series-b", "series-c", "series-d"];
    let series: Vec<Series> = exams
        .iter()
        .enumerate()
        .map(|(n, exam)| {
            let points: Vec<Point> = finished
                .iter()
                .enumerate()
                .filter(|(_, a)| a.exam == *exam)
                .map(|(i, a)| {
                    let score = a.scaled_score.unwrap_or(100);
                    Point {
                        x: CHART_LEFT + i as u32 * CHART_WIDTH / (count - 1),
                        y: score_y(score),
                        label: format!("{} {}: {score}", a.exam, when(a.started_at)),
                    }
                })
                .collect();
            let path = points
                .iter()
                .map(|p| format!("{},{}", p.x, p.y))
                .collect::<Vec<_>>()
                .join(" ");
            Series {
                exam: (*exam).to_owned(),
                points,
                path,
                class: classes[n % classes.len()],
            }
        })
        .collect();
    let mut pass_marks: Vec<u32> = exams
        .iter()
        .filter_map(|code| state.catalog.exam(code))
        .filter_map(|e| e.format.passing_score.value)
        .collect();
    pass_marks.sort_unstable();
    pass_marks.dedup();
    let page = HistoryPage {
        title: "History".into(),
        nav: "history",
        chrome: Chrome::of(&visitor),
        rows,
        series,
        pass_lines: pass_marks.into_iter().map(|m| (m, score_y(m))).collect(),
        chart_width: CHART_LEFT + CHART_WIDTH + 16,
        signed_in: visitor.user.is_some(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_map_onto_the_chart() {
        assert_eq!(score_y(100), CHART_TOP + CHART_HEIGHT);
        assert_eq!(score_y(1000), CHART_TOP);
        assert_eq!(
            score_y(50),
            score_y(100),
            "scores below the scale sit at the bottom"
        );
        assert!(score_y(700) < score_y(500));
    }

    #[test]
    fn percentages_round() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(5, 5), 100);
    }
}
