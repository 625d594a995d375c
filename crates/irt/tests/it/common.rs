use irt::ResponseMatrix;

/// LSAT6 pattern counts (Bock & Lieberman 1970), patterns 00000, 00001, …, 11111 in
/// lexicographic order with item 1 first: the `Ob6` column of R psych's `bock.table`.
pub const LSAT6: [u32; 32] = [
    3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15, //
    10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61, 28, 298,
];

/// LSAT7 pattern counts, in the same order (`Ob7`).
pub const LSAT7: [u32; 32] = [
    12, 19, 1, 7, 3, 19, 3, 17, 10, 5, 3, 7, 7, 23, 8, 28, //
    7, 39, 11, 34, 14, 51, 15, 90, 6, 25, 7, 35, 18, 136, 32, 308,
];

/// Pattern `index` (0..32) as responses to items 1..5 (item 1 is the high bit).
pub fn pattern(index: usize) -> Vec<Option<bool>> {
    (0..5)
        .map(|item| Some(index >> (4 - item) & 1 == 1))
        .collect()
}

/// The 1000-person matrix with each pattern repeated by its count.
pub fn expand(counts: &[u32; 32]) -> ResponseMatrix {
    let ids = (1..=5).map(|i| format!("Item {i}")).collect();
    let rows = (0..32).flat_map(|p| std::iter::repeat_n(pattern(p), counts[p] as usize));
    ResponseMatrix::from_rows(ids, rows).expect("five responses per row")
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants), so the tests need no
/// random-number crate and every run sees the same data.
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

    /// Standard normal, by Box–Muller.
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Simulated responses of `n_persons` with θ ~ N(0, 1) to items with these parameters.
pub fn simulate(items: &[irt::ItemParams], n_persons: usize, seed: u64) -> ResponseMatrix {
    let mut rng = Lcg::new(seed);
    let mut matrix = ResponseMatrix::with_items(items.len());
    let mut row = vec![None; items.len()];
    for _ in 0..n_persons {
        let theta = rng.normal();
        for (cell, item) in row.iter_mut().zip(items) {
            *cell = Some(rng.uniform() < item.probability(theta));
        }
        matrix.push_row(&row).expect("one response per item");
    }
    matrix
}

/// Largest absolute difference between two equally long lists.
pub fn max_abs_diff(actual: &[f64], expected: &[f64]) -> f64 {
    assert_eq!(actual.len(), expected.len());
    actual
        .iter()
        .zip(expected)
        .map(|(a, e)| (a - e).abs())
        .fold(0.0, f64::max)
}

/// Asserts every value is within `tolerance` of its expectation, printing both lists if not.
#[track_caller]
pub fn assert_all_close(what: &str, actual: &[f64], expected: &[f64], tolerance: f64) {
    let error = max_abs_diff(actual, expected);
    assert!(
        error <= tolerance,
        "{what}: max |error| {error:.2e} > {tolerance:.1e}\n  actual   {actual:.5?}\n  expected {expected:.5?}"
    );
}
