//! Prior distributions: on ability, and on item parameters for MAP (Bayes modal) calibration.

/// A normal distribution N(mean, sd²): the ability prior, or a prior on difficulty `b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal {
    /// The mean.
    pub mean: f64,
    /// The standard deviation, > 0.
    pub sd: f64,
}

impl Normal {
    /// The standard normal N(0, 1).
    pub const STANDARD: Normal = Normal { mean: 0.0, sd: 1.0 };

    /// N(mean, sd²).
    pub const fn new(mean: f64, sd: f64) -> Normal {
        Normal { mean, sd }
    }

    pub(crate) fn is_valid(&self) -> bool {
        self.mean.is_finite() && self.sd.is_finite() && self.sd > 0.0
    }

    /// Log density up to a constant, with its first and (negated) second derivative.
    pub(crate) fn log_density(&self, x: f64) -> (f64, f64, f64) {
        let v = self.sd * self.sd;
        let d = x - self.mean;
        (-0.5 * d * d / v, -d / v, 1.0 / v)
    }
}

impl Default for Normal {
    fn default() -> Normal {
        Normal::STANDARD
    }
}

/// A lognormal distribution on the slope `a`: ln a ~ N(meanlog, sdlog²).
///
/// The prior is a density on `a` itself (as in R mirt's `lnorm` prior), so its mode is
/// exp(meanlog − sdlog²), not exp(meanlog).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    /// Mean of ln a.
    pub meanlog: f64,
    /// Standard deviation of ln a, > 0.
    pub sdlog: f64,
}

impl LogNormal {
    /// ln a ~ N(meanlog, sdlog²).
    pub const fn new(meanlog: f64, sdlog: f64) -> LogNormal {
        LogNormal { meanlog, sdlog }
    }

    pub(crate) fn is_valid(&self) -> bool {
        self.meanlog.is_finite() && self.sdlog.is_finite() && self.sdlog > 0.0
    }

    /// Log density of `a` (up to a constant) as a function of α = ln a, with its first and
    /// (negated) second derivative with respect to α.
    pub(crate) fn log_density_in_log(&self, alpha: f64) -> (f64, f64, f64) {
        let v = self.sdlog * self.sdlog;
        let d = alpha - self.meanlog;
        (-alpha - 0.5 * d * d / v, -1.0 - d / v, 1.0 / v)
    }
}

/// A Beta(alpha, beta) distribution on the guessing parameter `c`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    /// First shape parameter, ≥ 1.
    pub alpha: f64,
    /// Second shape parameter, ≥ 1.
    pub beta: f64,
}

impl Beta {
    /// Beta(alpha, beta).
    pub const fn new(alpha: f64, beta: f64) -> Beta {
        Beta { alpha, beta }
    }

    /// The mode (alpha − 1) / (alpha + beta − 2), or the mean when both shapes are 1.
    pub fn mode(&self) -> f64 {
        let s = self.alpha + self.beta - 2.0;
        if s > 0.0 { (self.alpha - 1.0) / s } else { 0.5 }
    }

    /// Shapes below 1 make the density unbounded at 0 or 1, which would pull `c` onto the
    /// boundary, so they are refused.
    pub(crate) fn is_valid(&self) -> bool {
        self.alpha.is_finite() && self.beta.is_finite() && self.alpha >= 1.0 && self.beta >= 1.0
    }

    /// Log density of `c` (up to a constant) as a function of γ = logit c, with its first and
    /// (negated) second derivative with respect to γ.
    pub(crate) fn log_density_in_logit(&self, c: f64) -> (f64, f64, f64) {
        let (p, q) = (self.alpha - 1.0, self.beta - 1.0);
        let value = p * c.ln() + q * (1.0 - c).ln();
        let grad = p * (1.0 - c) - q * c;
        let info = (p + q) * c * (1.0 - c);
        (value, grad, info)
    }
}

/// Priors on item parameters. With any prior set, calibration is MAP (Bayes modal):
/// it maximises the marginal log-likelihood plus the log prior density.
///
/// The same prior applies to every item (to the common slope once, for the 1PL). A prior
/// matters most for items with few responses, where it keeps estimates finite and stable;
/// items with many responses are dominated by their data. A prior on a parameter the model
/// does not estimate (on `a` for Rasch, on `c` for 1PL/2PL) is ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemPriors {
    /// Prior on the slope `a`.
    pub a: Option<LogNormal>,
    /// Prior on the difficulty `b`. Needed to calibrate an item answered all correctly or all
    /// incorrectly, whose maximum-likelihood difficulty is infinite.
    pub b: Option<Normal>,
    /// Prior on the guessing parameter `c`; required by the 3PL model.
    pub c: Option<Beta>,
}

impl ItemPriors {
    /// The default guessing prior, Beta(5, 17): mode 0.2 (five-option items), the BILOG-style
    /// choice with a weight of 20 pseudo-responses.
    pub const DEFAULT_C: Beta = Beta {
        alpha: 5.0,
        beta: 17.0,
    };

    /// No prior at all: plain marginal maximum likelihood (the 3PL model then refuses to fit).
    pub const fn none() -> ItemPriors {
        ItemPriors {
            a: None,
            b: None,
            c: None,
        }
    }

    /// Mild priors for small samples: ln a ~ N(0, 0.5²), b ~ N(0, 2²) and c ~ Beta(5, 17).
    pub const fn weakly_informative() -> ItemPriors {
        ItemPriors {
            a: Some(LogNormal::new(0.0, 0.5)),
            b: Some(Normal::new(0.0, 2.0)),
            c: Some(ItemPriors::DEFAULT_C),
        }
    }
}

impl Default for ItemPriors {
    /// No prior on `a` or `b` (plain MML for Rasch, 1PL and 2PL) and Beta(5, 17) on `c`.
    fn default() -> ItemPriors {
        ItemPriors {
            a: None,
            b: None,
            c: Some(ItemPriors::DEFAULT_C),
        }
    }
}
