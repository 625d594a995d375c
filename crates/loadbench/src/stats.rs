//! Latency percentiles.

use std::fmt;

/// Percentiles of a set of latencies, in microseconds (nearest rank).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// How many.
    pub count: usize,
    /// The median.
    pub p50: u32,
    /// The 90th percentile.
    pub p90: u32,
    /// The 99th percentile.
    pub p99: u32,
    /// The largest.
    pub max: u32,
}

fn rank(sorted: &[u32], percent: usize) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

impl Summary {
    /// Sorts `latencies` and summarises them.
    pub fn of(latencies: &mut [u32]) -> Summary {
        latencies.sort_unstable();
        Summary {
            count: latencies.len(),
            p50: rank(latencies, 50),
            p90: rank(latencies, 90),
            p99: rank(latencies, 99),
            max: latencies.last().copied().unwrap_or(0),
        }
    }
}

/// Microseconds as milliseconds with two decimals.
pub struct Ms(pub u32);

impl fmt::Display for Ms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} ms", f64::from(self.0) / 1000.0)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "p50 {}, p90 {}, p99 {}, max {}",
            Ms(self.p50),
            Ms(self.p90),
            Ms(self.p99),
            Ms(self.max)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut values: Vec<u32> = (1..=100).rev().collect();
        let s = Summary::of(&mut values);
        assert_eq!(
            (s.count, s.p50, s.p90, s.p99, s.max),
            (100, 50, 90, 99, 100)
        );
        assert_eq!(Summary::of(&mut []), Summary::default());
        assert_eq!(Summary::of(&mut [7]).p99, 7);
    }
}
