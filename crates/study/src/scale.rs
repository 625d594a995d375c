//! certpath's practice scale, for expected (fractional) raw scores.

use std::fmt;

/// The label every practice-scale number carries (the same words as the engine's report).
pub const SCALE_LABEL: &str = "practice-scale estimate, not an AWS score";

/// certpath's practice scale for one reference form, taking fractional raw scores.
///
/// It is the engine's practice scale (`engine::PracticeScale`) extended to the real line so
/// that an *expected* raw score can be mapped: raw 0 → 100, raw = cut → the passing score,
/// all correct → 1000, linear in between, with the cut kept in thousandths. At whole raw
/// scores [`FormScale::rounded`] gives exactly the engine's number.
///
/// ```
/// // 50 scored questions whose Angoff ratings sum to 35, passing score 720.
/// let scale = study::FormScale::new(50, 35.0, 720)?;
/// assert_eq!(scale.rounded(0.0), 100);
/// assert_eq!(scale.rounded(35.0), 720);
/// assert_eq!(scale.rounded(50.0), 1000);
/// assert!((scale.scaled(42.5) - 860.0).abs() < 1e-9);
/// assert_eq!(scale.rounded(34.999), 719); // below the cut is never rounded up to a pass
/// # Ok::<(), study::ReadinessError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormScale {
    raw_max: u32,
    cut_milli: u32,
    passing_score: u32,
}

impl FormScale {
    /// The scale of a form of `raw_max` scored questions with raw cut `cut` (rounded to
    /// 0.001) for an exam whose passing score is `passing_score`.
    ///
    /// # Errors
    ///
    /// [`CutOutOfRange`](crate::ReadinessError::CutOutOfRange) unless 0 < cut < `raw_max`,
    /// [`InvalidPassingScore`](crate::ReadinessError::InvalidPassingScore) unless the passing
    /// score is in 101..=999.
    pub fn new(
        raw_max: u32,
        cut: f64,
        passing_score: u32,
    ) -> Result<FormScale, crate::ReadinessError> {
        let milli = (cut * 1000.0).round();
        if !(milli >= 1.0 && milli < f64::from(raw_max) * 1000.0) {
            return Err(crate::ReadinessError::CutOutOfRange { cut, raw_max });
        }
        FormScale::from_milli(raw_max, milli as u32, passing_score)
    }

    pub(crate) fn from_milli(
        raw_max: u32,
        cut_milli: u32,
        passing_score: u32,
    ) -> Result<FormScale, crate::ReadinessError> {
        if !(101..=999).contains(&passing_score) {
            return Err(crate::ReadinessError::InvalidPassingScore {
                score: passing_score,
            });
        }
        if cut_milli == 0 || u64::from(cut_milli) >= u64::from(raw_max) * 1000 {
            return Err(crate::ReadinessError::CutOutOfRange {
                cut: f64::from(cut_milli) / 1000.0,
                raw_max,
            });
        }
        Ok(FormScale {
            raw_max,
            cut_milli,
            passing_score,
        })
    }

    /// The number of scored questions.
    pub fn raw_max(&self) -> u32 {
        self.raw_max
    }

    /// The raw cut (the sum of the Angoff ratings, each rounded to 0.001).
    pub fn cut(&self) -> f64 {
        f64::from(self.cut_milli) / 1000.0
    }

    /// The smallest whole raw score that passes.
    pub fn passing_raw(&self) -> u32 {
        self.cut_milli.div_ceil(1000)
    }

    /// The exam's passing score, where the cut sits on the scale.
    pub fn passing_score(&self) -> u32 {
        self.passing_score
    }

    /// Whether a (possibly fractional) raw score reaches the cut.
    pub fn passes(&self, raw: f64) -> bool {
        raw >= self.cut()
    }

    /// The unrounded practice-scale value of a raw score, clamped to 0..=`raw_max` first.
    pub fn scaled(&self, raw: f64) -> f64 {
        let top = f64::from(self.raw_max);
        let raw = if raw.is_nan() {
            0.0
        } else {
            raw.clamp(0.0, top)
        };
        let (cut, pass) = (self.cut(), f64::from(self.passing_score));
        if self.passes(raw) {
            pass + (1000.0 - pass) * (raw - cut) / (top - cut)
        } else {
            100.0 + (pass - 100.0) * raw / cut
        }
    }

    /// [`FormScale::scaled`] rounded to the nearest whole point, except that a raw score
    /// below the cut is never rounded up to the passing score (the engine's rule).
    pub fn rounded(&self, raw: f64) -> u32 {
        let value = self.scaled(raw).round();
        if self.passes(raw) {
            (value as u32).clamp(self.passing_score, 1000)
        } else {
            (value as u32).clamp(100, self.passing_score - 1)
        }
    }
}

/// A practice-scale score shown as a band: the expected raw score on the reference form at
/// θ̂ − k·SD, θ̂ and θ̂ + k·SD, each mapped through the [`FormScale`].
///
/// Because the expected score rises with θ and the scale rises with the raw score,
/// `low ≤ point ≤ high` always holds; with k = 1 the band covers about 68 % of the
/// posterior (roughly, as the posterior is close to normal). It is always labelled
/// [`SCALE_LABEL`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleBand {
    /// The practice-scale score at θ̂ − k·SD.
    pub low: u32,
    /// The practice-scale score at θ̂.
    pub point: u32,
    /// The practice-scale score at θ̂ + k·SD.
    pub high: u32,
    /// The expected raw score at θ̂ − k·SD.
    pub low_raw: f64,
    /// The expected raw score at θ̂.
    pub point_raw: f64,
    /// The expected raw score at θ̂ + k·SD.
    pub high_raw: f64,
    /// k, the half-width of the band in posterior SDs.
    pub sds: f64,
    /// The passing score, for display next to the band.
    pub passing_score: u32,
    /// Always [`SCALE_LABEL`].
    pub label: &'static str,
}

impl fmt::Display for ScaleBand {
    /// `"640–720–790 (pass 720; practice-scale estimate, not an AWS score)"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\u{2013}{}\u{2013}{} (pass {}; {})",
            self.low, self.point, self.high, self.passing_score, self.label
        )
    }
}
