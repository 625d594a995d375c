//! The seeded random source behind form assembly.
//!
//! PCG-64 (`rand_pcg::Pcg64`, the reference LCG-128 with XSL-RR output) seeded directly from
//! the form seed. Bounded draws (Lemire's multiply-and-reject, unbiased) and the Fisher–Yates
//! shuffle are written here rather than taken from `rand`, so a seed keeps giving the same
//! form whatever `rand` does to its own sampling code.

use rand_core::Rng as _;
use rand_pcg::Pcg64;

/// The PCG stream the engine uses (PCG's own default stream constant).
const STREAM: u128 = 0x0a02_bdbf_7bb3_c0a7_ac28_fa16_a64a_bf96;

/// A deterministic random source for one form.
pub(crate) struct Rng(Pcg64);

impl Rng {
    /// The source for `seed`.
    pub(crate) fn new(seed: u64) -> Rng {
        // Spread the 64-bit seed over the 128-bit state so nearby seeds start far apart.
        let state = u128::from(seed).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)
            ^ 0xcafe_f00d_d15e_a5e5;
        Rng(Pcg64::new(state, STREAM))
    }

    /// A uniform number in `0..n`; `n` must not be zero.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        debug_assert!(n > 0);
        let mut product = u128::from(self.0.next_u64()) * u128::from(n);
        if (product as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (product as u64) < threshold {
                product = u128::from(self.0.next_u64()) * u128::from(n);
            }
        }
        (product >> 64) as usize
    }

    /// Shuffles `items` uniformly (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
