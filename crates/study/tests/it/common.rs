use irt::ItemParams;
use study::{CalibratedItem, FormQuestion, ReferenceForm, Response};

/// A 64-bit LCG (Knuth's MMIX constants) with Box–Muller normals: every run sees the same
/// data and the tests need no random-number crate.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// Uniform on (0, 1), from the high 53 bits.
    pub fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.uniform() * n as f64) as usize).min(n - 1)
    }

    /// `k` distinct indices from `0..n` (partial Fisher–Yates).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }

    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }
}

/// A 2PL bank of `n` items in `domains` domains (item i in domain 1 + i % domains), with
/// ln a ~ N(0, 0.3²) and b ~ N(0, 1).
pub fn bank(n: usize, domains: u8, seed: u64) -> Vec<CalibratedItem> {
    let mut rng = Lcg::new(seed);
    (0..n)
        .map(|i| {
            let a = (0.3 * rng.normal()).exp();
            let b = rng.normal();
            CalibratedItem::new(
                format!("item-{i:03}"),
                1 + (i % usize::from(domains)) as u8,
                ItemParams::two_pl(a, b),
            )
        })
        .collect()
}

/// A reference form of the given bank items rated `angoff` each.
pub fn form_of(items: &[&CalibratedItem], angoff: f64, passing_score: u32) -> ReferenceForm {
    ReferenceForm {
        questions: items
            .iter()
            .map(|i| FormQuestion::new(i.id.clone(), angoff))
            .collect(),
        passing_score,
    }
}

/// Responses: `correct` says which of `items` were answered correctly.
pub fn responses(items: &[&CalibratedItem], correct: impl Fn(usize) -> bool) -> Vec<Response> {
    items
        .iter()
        .enumerate()
        .map(|(k, item)| Response::new(item.id.clone(), correct(k)))
        .collect()
}
