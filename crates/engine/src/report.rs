//! Scoring, the practice scale and the report of a closed attempt.

use crate::answer::Answer;
use crate::attempt::{Attempt, AttemptError, Mode, Outcome, Status};
use crate::clock::Timestamp;
use crate::form::{Content, FormKind, QuestionKind};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The label every practice-scale number carries.
pub const SCALE_LABEL: &str = "practice-scale estimate, not an AWS score";

/// How domains are classified, as the report states it.
pub const CLASSIFICATION_RULE: &str = "A domain \"Meets competencies\" when its correct answers reach its share of the cut: the sum of the Angoff ratings of its scored questions on this form, which is what a minimally qualified candidate is expected to score there. Otherwise it \"Needs improvement\". A domain with no scored questions on the form is not classified. The labels follow those candidates report seeing on AWS score reports (AWS's guides do not name them). As on the AWS exam, pass or fail depends on the total score only: a weak domain can be made up by a strong one.";

/// certpath's practice scale for one form: raw scores mapped piecewise-linearly onto
/// 100–1000 with the form's raw cut at the exam's passing score.
///
/// * raw 0 → 100, raw = cut → the passing score, all correct → 1000, linear in between;
/// * the result is rounded to the nearest integer, except that a raw score below the cut
///   is never rounded up to the passing score;
/// * the cut is kept in thousandths of a point (each Angoff rating rounded to 0.001), so
///   "at the cut" is exact; it passes when raw ≥ cut.
///
/// ```
/// use engine::PracticeScale;
///
/// // 50 scored questions rated 0.7 each: the cut is 35.
/// let scale = PracticeScale::new(50, 35.0, 720);
/// assert_eq!(scale.scaled(0), 100);
/// assert_eq!(scale.scaled(35), 720);
/// assert_eq!(scale.scaled(50), 1000);
/// assert_eq!(scale.scaled(20), 454); // 100 + 620 × 20 / 35, rounded
/// assert!(scale.passes(35) && !scale.passes(34));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeScale {
    raw_max: u32,
    cut_milli: u32,
    passing_score: u32,
}

impl PracticeScale {
    /// The scale for a form of `raw_max` scored questions whose Angoff ratings sum to `cut`,
    /// for an exam whose passing score is `passing_score`. The cut is kept strictly between
    /// 0 and `raw_max` (by 0.001) and the passing score strictly between 100 and 1000.
    pub fn new(raw_max: u32, cut: f64, passing_score: u32) -> PracticeScale {
        let milli = (cut.max(0.0) * 1000.0).round().min(f64::from(u32::MAX)) as u32;
        PracticeScale::from_milli(raw_max, milli, passing_score)
    }

    pub(crate) fn from_milli(raw_max: u32, cut_milli: u32, passing_score: u32) -> PracticeScale {
        let top = raw_max.saturating_mul(1000);
        PracticeScale {
            raw_max,
            cut_milli: cut_milli.clamp(1, top.saturating_sub(1).max(1)),
            passing_score: passing_score.clamp(101, 999),
        }
    }

    /// The number of scored questions.
    pub fn raw_max(&self) -> u32 {
        self.raw_max
    }

    /// The raw cut.
    pub fn cut(&self) -> f64 {
        f64::from(self.cut_milli) / 1000.0
    }

    /// The scaled score at the cut.
    pub fn passing_score(&self) -> u32 {
        self.passing_score
    }

    /// Whether a raw score reaches the cut.
    pub fn passes(&self, raw: u32) -> bool {
        u64::from(raw) * 1000 >= u64::from(self.cut_milli)
    }

    /// The practice-scale score for a raw score (capped at `raw_max`).
    pub fn scaled(&self, raw: u32) -> u32 {
        if self.raw_max == 0 {
            return 100;
        }
        let raw = raw.min(self.raw_max);
        let r = f64::from(raw) * 1000.0;
        let c = f64::from(self.cut_milli);
        let top = f64::from(self.raw_max) * 1000.0;
        let p = f64::from(self.passing_score);
        if self.passes(raw) {
            let value = p + (1000.0 - p) * (r - c) / (top - c);
            (value.round() as u32).clamp(self.passing_score, 1000)
        } else {
            let value = 100.0 + (p - 100.0) * r / c;
            (value.round() as u32).clamp(100, self.passing_score - 1)
        }
    }
}

/// A domain's classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Classification {
    /// Correct answers reach the domain's share of the cut.
    #[serde(rename = "Meets competencies")]
    MeetsCompetencies,
    /// They do not.
    #[serde(rename = "Needs improvement")]
    NeedsImprovement,
}

impl Classification {
    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            Classification::MeetsCompetencies => "Meets competencies",
            Classification::NeedsImprovement => "Needs improvement",
        }
    }
}

/// The result in one domain, over its scored questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainResult {
    /// The domain number.
    pub number: u8,
    /// The domain's name.
    pub name: String,
    /// Scored questions answered correctly.
    pub correct: u32,
    /// Scored questions in the domain.
    pub scored: u32,
    /// The domain's share of the cut (sum of its scored questions' Angoff ratings).
    pub cut: f64,
    /// The classification; `None` when the domain has no scored question on the form.
    pub classification: Option<Classification>,
}

/// One question the candidate saw, for review after the attempt.
///
/// Every question shown is listed, in form order, with its correctness, so a learner can
/// review all of them; whether it was scored is not said. (The per-domain counts of scored
/// questions are in [`DomainResult`], so a learner can work out how many questions of a
/// domain were unscored, but not which.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    /// The question's index in the form.
    pub index: usize,
    /// The bank item's id.
    pub id: String,
    /// Its domain.
    pub domain: u8,
    /// Its task statement id, when known.
    pub task: Option<String>,
    /// Its kind.
    pub kind: QuestionKind,
    /// Whether it was answered.
    pub answered: bool,
    /// Whether the answer was right (a blank is wrong).
    pub correct: bool,
    /// Whether it was flagged at the end.
    pub flagged: bool,
    /// The running time spent on it.
    #[serde(with = "millis", rename = "time_ms")]
    pub time: Duration,
}

/// One option of a choice question of a closed attempt, for item analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenOption {
    /// The option's text (Markdown). The form keeps options only in the order this candidate
    /// saw them, so the text is what identifies an option across candidates.
    pub text: String,
    /// Whether the option is part of the key.
    pub correct: bool,
    /// Whether the final answer chose it.
    pub chosen: bool,
}

/// A single- or multiple-choice question of a closed attempt with its final answer, option
/// by option: what distractor analysis needs. Only [`Attempt::choice_results`] makes one,
/// and only once the attempt is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceResult {
    /// The question's index in the form.
    pub index: usize,
    /// The bank item's id.
    pub id: String,
    /// [`QuestionKind::Single`] or [`QuestionKind::Multiple`].
    pub kind: QuestionKind,
    /// Whether it was answered.
    pub answered: bool,
    /// The options, sorted by text so that the order says nothing about this form's shuffle.
    pub options: Vec<ChosenOption>,
}

/// The report of a closed attempt.
///
/// Scoring follows AWS's published rules: no partial credit (a multiple-response question
/// needs exactly its key, an ordering question every step in place, a matching question
/// every pair), unanswered questions are wrong, and unscored questions count for nothing.
/// The [`scaled`](Report::scaled) number is certpath's practice scale ([`PracticeScale`]),
/// labelled [`SCALE_LABEL`], with [`scale_explanation`](Report::scale_explanation) saying why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The exam code.
    pub exam: String,
    /// The credential name.
    pub exam_name: String,
    /// What the form was.
    pub form: FormKind,
    /// How the attempt was taken.
    pub mode: Mode,
    /// How it ended.
    pub outcome: Outcome,
    /// When it started.
    pub started_at: Timestamp,
    /// When it closed (the deadline, for a time-out).
    pub closed_at: Timestamp,
    /// The running time used, pauses excluded.
    #[serde(with = "millis", rename = "time_used_ms")]
    pub time_used: Duration,
    /// Scored questions answered correctly.
    pub raw: u32,
    /// Scored questions.
    pub raw_max: u32,
    /// The raw cut: the sum of the scored questions' Angoff ratings.
    pub cut: f64,
    /// Whether the raw score reaches the cut.
    pub passed: bool,
    /// The practice-scale score, 100–1000.
    pub scaled: u32,
    /// The exam's passing score, where the cut sits on the practice scale.
    pub passing_score: u32,
    /// Always [`SCALE_LABEL`].
    pub scale_label: String,
    /// Why the scaled score is an estimate on certpath's own scale.
    pub scale_explanation: String,
    /// For drill, review and custom forms: why the scale means less there.
    pub scale_caveat: Option<String>,
    /// Per domain, in guide order.
    pub domains: Vec<DomainResult>,
    /// Always [`CLASSIFICATION_RULE`].
    pub classification_rule: String,
    /// Every question shown, in form order.
    pub questions: Vec<QuestionResult>,
    /// Questions answered (of all shown).
    pub answered: usize,
    /// Questions left blank (of all shown).
    pub unanswered: usize,
}

mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub(super) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

fn explanation(scale: &PracticeScale) -> String {
    format!(
        "AWS reports a scaled score from 100 to 1,000. It sets the passing standard on a first \
         form with a modified Angoff study, equates every later form to it statistically, and \
         does not publish how raw scores convert to scaled ones, so no one outside AWS can turn \
         a number of correct answers into an AWS score (and a scaled score is not a \
         percentage). certpath's practice scale is its own: the cut is the sum of the Angoff \
         ratings of this form's scored questions, the raw score a minimally qualified \
         candidate is expected to reach (here {cut} of {max}), and raw scores map \
         piecewise-linearly so that 0 correct is 100, the cut is {pass} (the exam's passing \
         score) and all correct is 1,000. It shows how this form went against certpath's \
         ratings, not what AWS would report.",
        cut = trim(scale.cut()),
        max = scale.raw_max(),
        pass = scale.passing_score(),
    )
}

/// "34.6", "35": a cut for text.
fn trim(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Report {
    /// The ids of the questions to go over again: answered wrongly, left blank, or flagged,
    /// in form order. Pass them to [`FormSpec::review`](crate::FormSpec::review).
    pub fn review_ids(&self) -> Vec<String> {
        self.questions
            .iter()
            .filter(|q| !q.correct || q.flagged)
            .map(|q| q.id.clone())
            .collect()
    }
}

impl Attempt {
    /// The practice scale of this attempt's form.
    pub fn scale(&self) -> PracticeScale {
        PracticeScale::from_milli(
            self.form.scored_count() as u32,
            self.form.cut_milli(),
            self.form.passing_score,
        )
    }

    /// Whether a question's recorded answer is right (a blank is wrong).
    pub(crate) fn correct(&self, item: usize) -> bool {
        self.items[item]
            .answer
            .as_ref()
            .is_some_and(|a| self.form.items[item].is_correct(a))
    }

    /// The number of scored questions answered correctly so far (server-side; no view
    /// shows it while an exam is open).
    pub fn raw_score(&self) -> u32 {
        (0..self.items.len())
            .filter(|&i| self.form.items[i].scored && self.correct(i))
            .count() as u32
    }

    /// The final answer to every single- and multiple-choice question, option by option
    /// with the key, for item analysis (ordering and matching questions are left out), in
    /// form order.
    ///
    /// ```
    /// # use engine::{Attempt, Event, Mode, Timestamp};
    /// # fn item(n: u32) -> bank::Item {
    /// #     let status = if n >= 64 { "draft" } else { "reviewed" };
    /// #     let text = format!(
    /// #         "+++\nid = \"q{n:03}\"\ntype = \"single\"\nstatus = \"{status}\"\nauthor = \"docs\"\n\
    /// #          exams = [{{ code = \"SAA-C03\", domain = {} }}]\n+++\n\nWhich one?\n\n\
    /// #          - [x] Right.\n  > Why.\n- [ ] Wrong.\n  > Why.\n- [ ] Also wrong.\n  > Why.\n",
    /// #         n % 4 + 1
    /// #     );
    /// #     match bank::parse(&bank::SourceFile::new("q.md", text)).parsed {
    /// #         Some(bank::Parsed::Item(item)) => *item,
    /// #         other => panic!("not an item: {other:?}"),
    /// #     }
    /// # }
    /// # let bank: Vec<bank::Item> = (0..80).map(item).collect();
    /// # let catalog = catalog::Catalog::builtin()?;
    /// # let saa = catalog.exam("SAA-C03").expect("in the catalog");
    /// # let form = engine::assemble(&bank, saa, &engine::FormSpec::full(), 7)?;
    /// # let start = Timestamp::from_unix_millis(1_796_112_000_000);
    /// let mut attempt = Attempt::new(form, Mode::Exam, start)?;
    /// let key = attempt.form().items()[0].correct_answer();
    /// attempt.apply(Event::Answered { item: 0, answer: key }, start)?;
    ///
    /// // While the exam is open, nothing says which options are correct.
    /// assert!(attempt.choice_results().is_err());
    ///
    /// attempt.apply(Event::Submitted, start)?;
    /// let results = attempt.choice_results()?;
    /// let first = &results[0];
    /// assert!(first.answered);
    /// assert!(first.options.iter().all(|o| o.chosen == o.correct));
    /// assert!(!results[1].answered && results[1].options.iter().all(|o| !o.chosen));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AttemptError::NotClosed`] until the attempt is submitted or timed out, so no key
    /// leaves an open attempt this way.
    pub fn choice_results(&self) -> Result<Vec<ChoiceResult>, AttemptError> {
        if !self.is_closed() {
            return Err(AttemptError::NotClosed);
        }
        Ok(self
            .form
            .items
            .iter()
            .zip(&self.items)
            .enumerate()
            .filter_map(|(index, (item, state))| {
                let Content::Choices(options) = &item.content else {
                    return None;
                };
                let chosen: &[u8] = match &state.answer {
                    Some(Answer::Choices(chosen)) => chosen,
                    _ => &[],
                };
                let mut options: Vec<ChosenOption> = options
                    .iter()
                    .enumerate()
                    .map(|(position, option)| ChosenOption {
                        text: option.text.clone(),
                        correct: option.correct,
                        chosen: chosen.iter().any(|&c| usize::from(c) == position),
                    })
                    .collect();
                options.sort_by(|a, b| a.text.cmp(&b.text));
                Some(ChoiceResult {
                    index,
                    id: item.id.clone(),
                    kind: item.kind,
                    answered: state.answer.is_some(),
                    options,
                })
            })
            .collect())
    }

    /// The report.
    ///
    /// # Errors
    ///
    /// [`AttemptError::NotClosed`] until the attempt is submitted or timed out.
    pub fn report(&self) -> Result<Report, AttemptError> {
        let (Status::Closed(outcome), Some(closed_at)) = (self.status, self.closed_at) else {
            return Err(AttemptError::NotClosed);
        };
        let scale = self.scale();
        let raw = self.raw_score();
        let domains = self
            .form
            .domains
            .iter()
            .map(|domain| {
                let scored: Vec<usize> = (0..self.items.len())
                    .filter(|&i| {
                        let item = &self.form.items[i];
                        item.scored && item.domain == domain.number
                    })
                    .collect();
                let correct = scored.iter().filter(|&&i| self.correct(i)).count() as u32;
                let cut_milli: u32 = scored
                    .iter()
                    .map(|&i| self.form.items[i].angoff_milli())
                    .sum();
                let classification = (!scored.is_empty()).then(|| {
                    if correct * 1000 >= cut_milli {
                        Classification::MeetsCompetencies
                    } else {
                        Classification::NeedsImprovement
                    }
                });
                DomainResult {
                    number: domain.number,
                    name: domain.name.clone(),
                    correct,
                    scored: scored.len() as u32,
                    cut: f64::from(cut_milli) / 1000.0,
                    classification,
                }
            })
            .collect();
        let questions: Vec<QuestionResult> = self
            .form
            .items
            .iter()
            .zip(&self.items)
            .enumerate()
            .map(|(index, (item, state))| QuestionResult {
                index,
                id: item.id.clone(),
                domain: item.domain,
                task: item.task.clone(),
                kind: item.kind,
                answered: state.answer.is_some(),
                correct: self.correct(index),
                flagged: state.flagged,
                time: Duration::from_millis(state.millis),
            })
            .collect();
        let answered = questions.iter().filter(|q| q.answered).count();
        let scale_caveat = (!self.form.kind.is_full()).then(|| {
            format!(
                "This was a {} ({} questions), not a full exam form: every question counted \
                 towards the practice score, and the practice scale is set for full forms only, \
                 so read the number as a rough indication.",
                self.form.kind.describe(),
                self.form.items.len()
            )
        });
        Ok(Report {
            exam: self.form.exam.clone(),
            exam_name: self.form.exam_name.clone(),
            form: self.form.kind.clone(),
            mode: self.mode,
            outcome,
            started_at: self.started_at,
            closed_at,
            time_used: self.time_used(closed_at),
            raw,
            raw_max: scale.raw_max(),
            cut: scale.cut(),
            passed: scale.passes(raw),
            scaled: scale.scaled(raw),
            passing_score: scale.passing_score(),
            scale_label: SCALE_LABEL.to_owned(),
            scale_explanation: explanation(&scale),
            scale_caveat,
            domains,
            classification_rule: CLASSIFICATION_RULE.to_owned(),
            unanswered: questions.len() - answered,
            answered,
            questions,
        })
    }
}
