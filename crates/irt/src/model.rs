//! The item response models and the logistic item response function.

use std::fmt;

/// Which item response model to fit.
///
/// Every model uses the IRT (difficulty) parameterisation with scaling constant D = 1:
///
/// P(correct | θ) = c + (1 − c) / (1 + exp(−a (θ − b)))
///
/// and identifies the scale by fixing the latent distribution to N(0, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Model {
    /// One difficulty `b` per item; every slope is fixed at a = 1 and c = 0.
    Rasch,
    /// One difficulty `b` per item and one slope `a` common to all items, estimated; c = 0.
    OnePl,
    /// A slope `a` and a difficulty `b` per item; c = 0.
    TwoPl,
    /// A slope, a difficulty and a lower asymptote (guessing) `c` per item. `c` always has a
    /// Beta prior (see [`ItemPriors::c`](crate::ItemPriors::c)), as is standard practice:
    /// without one the guessing parameter is barely identified.
    ThreePl,
}

impl Model {
    /// The usual short name (`"Rasch"`, `"1PL"`, `"2PL"`, `"3PL"`).
    pub fn name(self) -> &'static str {
        match self {
            Model::Rasch => "Rasch",
            Model::OnePl => "1PL",
            Model::TwoPl => "2PL",
            Model::ThreePl => "3PL",
        }
    }

    /// Whether this model estimates a slope (common or per item).
    pub(crate) fn estimates_a(self) -> bool {
        !matches!(self, Model::Rasch)
    }

    /// Whether this model estimates a guessing parameter.
    pub(crate) fn estimates_c(self) -> bool {
        matches!(self, Model::ThreePl)
    }

    /// The fewest items with which the model is identified without a prior on `a`:
    /// a common slope needs two items, per-item slopes need three.
    pub(crate) fn min_items(self) -> usize {
        match self {
            Model::Rasch => 1,
            Model::OnePl => 2,
            Model::TwoPl | Model::ThreePl => 3,
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An item parameter, as named in warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parameter {
    /// The slope (discrimination) `a`.
    A,
    /// The difficulty `b`.
    B,
    /// The lower asymptote (guessing) `c`.
    C,
}

impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Parameter::A => "a",
            Parameter::B => "b",
            Parameter::C => "c",
        })
    }
}

/// The parameters of one dichotomous item, for scoring.
///
/// This is the four-parameter logistic model
/// P(θ) = c + (d − c) / (1 + exp(−a (θ − b))), which contains the others:
/// 3PL has d = 1, 2PL also has c = 0, and Rasch also has a = 1. The fitted models never estimate
/// `d` (it is always 1 in a [`Calibration`](crate::Calibration)); it is here only so that
/// item banks calibrated elsewhere as 4PL can be scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemParams {
    /// Slope (discrimination).
    pub a: f64,
    /// Difficulty (location).
    pub b: f64,
    /// Lower asymptote (guessing), in `[0, d)`.
    pub c: f64,
    /// Upper asymptote, in `(c, 1]`.
    pub d: f64,
}

impl ItemParams {
    /// A Rasch item: a = 1, c = 0, d = 1.
    pub const fn rasch(b: f64) -> ItemParams {
        ItemParams {
            a: 1.0,
            b,
            c: 0.0,
            d: 1.0,
        }
    }

    /// A 2PL item: c = 0, d = 1.
    pub const fn two_pl(a: f64, b: f64) -> ItemParams {
        ItemParams {
            a,
            b,
            c: 0.0,
            d: 1.0,
        }
    }

    /// A 2PL item from the slope–intercept form logit P = a θ + d used by R mirt (b = −d / a).
    pub fn from_slope_intercept(a: f64, intercept: f64) -> ItemParams {
        ItemParams::two_pl(a, -intercept / a)
    }

    /// A 3PL item: d = 1.
    pub const fn three_pl(a: f64, b: f64, c: f64) -> ItemParams {
        ItemParams { a, b, c, d: 1.0 }
    }

    /// A 4PL item.
    pub const fn four_pl(a: f64, b: f64, c: f64, d: f64) -> ItemParams {
        ItemParams { a, b, c, d }
    }

    /// The probability of a correct response at ability `theta`.
    pub fn probability(&self, theta: f64) -> f64 {
        self.c + (self.d - self.c) * sigmoid(self.a * (theta - self.b))
    }

    /// The Fisher information of the item at ability `theta`: P′(θ)² / (P (1 − P)).
    pub fn information(&self, theta: f64) -> f64 {
        let z = self.a * (theta - self.b);
        let (s, sb) = (sigmoid(z), sigmoid(-z));
        let p = self.c + (self.d - self.c) * s;
        let q = (1.0 - self.d) + (self.d - self.c) * sb;
        let dp = (self.d - self.c) * self.a * s * sb;
        if p <= 0.0 || q <= 0.0 {
            0.0
        } else {
            dp * dp / (p * q)
        }
    }

    /// Why these parameters cannot be scored, if they cannot.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        if !(self.a.is_finite() && self.b.is_finite() && self.c.is_finite() && self.d.is_finite()) {
            Some("a parameter is not finite")
        } else if self.a == 0.0 {
            Some("the slope a is 0, so the item carries no information")
        } else if !(0.0 <= self.c && self.c < self.d && self.d <= 1.0) {
            Some("the asymptotes must satisfy 0 <= c < d <= 1")
        } else {
            None
        }
    }

    /// `ln P(θ)` and `ln (1 − P(θ))`, computed without cancellation in either tail.
    pub(crate) fn log_pq(&self, theta: f64) -> (f64, f64) {
        let z = self.a * (theta - self.b);
        let ln_p = if self.c == 0.0 {
            self.d.ln() + log_sigmoid(z)
        } else {
            (self.c + (self.d - self.c) * sigmoid(z)).ln()
        };
        let ln_q = if self.d == 1.0 {
            (1.0 - self.c).ln() + log_sigmoid(-z)
        } else {
            ((1.0 - self.d) + (self.d - self.c) * sigmoid(-z)).ln()
        };
        (ln_p, ln_q)
    }
}

/// The logistic function 1 / (1 + e^−z), accurate in both tails.
pub(crate) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln σ(z)` = −ln(1 + e^−z), accurate in both tails.
pub(crate) fn log_sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        -(-z).exp().ln_1p()
    } else {
        z - z.exp().ln_1p()
    }
}

/// `ln (p / (1 − p))`.
pub(crate) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}
