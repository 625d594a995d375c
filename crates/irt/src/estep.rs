//! The E-step: posterior weights of every response pattern on the quadrature grid, summed
//! into expected counts per item, outcome and node.

use std::ops::Range;

use rayon::prelude::*;

use crate::data::Patterns;
use crate::model::ItemParams;
use crate::quadrature::Grid;

/// Below this much work (observed cells × nodes) the E-step runs on the calling thread:
/// spreading a few microseconds of work over threads costs more than it saves.
const PARALLEL_MIN_WORK: usize = 1 << 18;
/// Target work per chunk of patterns.
const CHUNK_WORK: usize = 1 << 16;
/// At most this many chunks (and accumulators). The chunking depends only on the data, never
/// on the thread count, and chunk sums are added in order, so results are bit-for-bit the
/// same serial or parallel, on any machine.
const MAX_CHUNKS: usize = 16;
/// Cap on the memory of all chunk accumulators together, in f64s (64 MiB).
const MAX_ACCUMULATOR_F64S: usize = 1 << 23;

/// Expected counts and the marginal log-likelihood at one parameter point.
#[derive(Debug, Clone)]
pub(crate) struct Stats {
    /// `counts[(2 j + r) * nq + q]`: expected number of persons at node `q` giving response
    /// `r` (0 = incorrect, 1 = correct) to item `j`.
    pub(crate) counts: Vec<f64>,
    pub(crate) log_likelihood: f64,
}

impl Stats {
    /// Expected (incorrect, correct) counts per node for one item.
    pub(crate) fn item(&self, item: usize, nq: usize) -> (&[f64], &[f64]) {
        let base = 2 * item * nq;
        (
            &self.counts[base..base + nq],
            &self.counts[base + nq..base + 2 * nq],
        )
    }
}

struct Chunk {
    patterns: Range<usize>,
    counts: Vec<f64>,
    scratch: Vec<f64>,
    log_likelihood: f64,
}

/// Everything the E-step needs, allocated once per fit.
pub(crate) struct EStep {
    pub(crate) patterns: Patterns,
    pub(crate) grid: Grid,
    n_items: usize,
    /// `table[(2 j + r) * nq + q]` = ln P(response r to item j | θ_q).
    table: Vec<f64>,
    chunks: Vec<Chunk>,
    parallel: bool,
}

impl EStep {
    pub(crate) fn new(patterns: Patterns, grid: Grid, n_items: usize, parallel: bool) -> EStep {
        let nq = grid.nodes.len();
        let work = patterns.cells.len() * nq;
        let acc_len = 2 * n_items * nq;
        let n_chunks = work
            .div_ceil(CHUNK_WORK)
            .clamp(1, MAX_CHUNKS)
            .min((MAX_ACCUMULATOR_F64S / acc_len.max(1)).max(1));
        let total_cells = patterns.cells.len();
        let mut chunks = Vec::with_capacity(n_chunks);
        let mut start = 0;
        for k in 1..=n_chunks {
            // Cut where the cumulative cell count passes k/n of the total, to balance work.
            let target = total_cells * k / n_chunks;
            let mut end = start;
            while end < patterns.len() && (patterns.offsets[end] < target || k == n_chunks) {
                end += 1;
            }
            chunks.push(Chunk {
                patterns: start..end,
                counts: vec![0.0; acc_len],
                scratch: vec![0.0; nq],
                log_likelihood: 0.0,
            });
            start = end;
        }
        let parallel = parallel && work >= PARALLEL_MIN_WORK && n_chunks > 1;
        EStep {
            patterns,
            grid,
            n_items,
            table: vec![0.0; acc_len],
            chunks,
            parallel,
        }
    }

    pub(crate) fn nq(&self) -> usize {
        self.grid.nodes.len()
    }

    pub(crate) fn empty_stats(&self) -> Stats {
        Stats {
            counts: vec![0.0; 2 * self.n_items * self.nq()],
            log_likelihood: 0.0,
        }
    }

    /// Runs the E-step at `items` (in column order), writing into `out`.
    pub(crate) fn run(&mut self, items: &[ItemParams], out: &mut Stats) {
        self.fill_table(items);
        let (table, patterns, log_weights) = (&self.table, &self.patterns, &self.grid.log_weights);
        let work = |chunk: &mut Chunk| {
            let range = chunk.patterns.clone();
            chunk.log_likelihood = run_patterns(patterns, table, log_weights, range, chunk);
        };
        if self.parallel {
            self.chunks.par_iter_mut().for_each(work);
        } else {
            self.chunks.iter_mut().for_each(work);
        }
        Self::reduce(&self.chunks, out);
    }

    #[cfg(test)]
    /// The E-step over the patterns in `subset` only (indices into the collapsed patterns),
    /// for standard errors: a parameter of item j changes the posterior of just the patterns
    /// that contain item j. The log-likelihood in `out` is that of the subset.
    pub(crate) fn run_subset(&mut self, items: &[ItemParams], subset: &[u32], out: &mut Stats) {
        self.fill_table(items);
        let n_pieces = self.chunks.len().min(subset.len()).max(1);
        let pieces: Vec<&[u32]> = subset
            .chunks(subset.len().div_ceil(n_pieces).max(1))
            .collect();
        let cells: usize = subset
            .iter()
            .map(|&p| self.patterns.pattern(p as usize).len())
            .sum();
        let parallel = self.parallel && cells * self.nq() >= PARALLEL_MIN_WORK;
        let (table, patterns, log_weights) = (&self.table, &self.patterns, &self.grid.log_weights);
        let work = |(chunk, piece): (&mut Chunk, &&[u32])| {
            let indices = piece.iter().map(|&p| p as usize);
            chunk.log_likelihood = run_patterns(patterns, table, log_weights, indices, chunk);
        };
        let used = &mut self.chunks[..pieces.len()];
        if parallel {
            used.par_iter_mut().zip(pieces.par_iter()).for_each(work);
        } else {
            used.iter_mut().zip(pieces.iter()).for_each(work);
        }
        Self::reduce(used, out);
    }

    fn fill_table(&mut self, items: &[ItemParams]) {
        let nq = self.nq();
        for (j, item) in items.iter().enumerate() {
            let (wrong, right) = self.table[2 * j * nq..(2 * j + 2) * nq].split_at_mut(nq);
            for ((w, r), &theta) in wrong.iter_mut().zip(right.iter_mut()).zip(&self.grid.nodes) {
                (*r, *w) = item.log_pq(theta);
            }
        }
    }

    /// Sums chunk results in chunk order (so the result never depends on thread timing).
    fn reduce(chunks: &[Chunk], out: &mut Stats) {
        out.counts.fill(0.0);
        out.log_likelihood = 0.0;
        for chunk in chunks {
            out.log_likelihood += chunk.log_likelihood;
            for (o, c) in out.counts.iter_mut().zip(&chunk.counts) {
                *o += c;
            }
        }
    }
}

/// The E-step over some patterns, into one chunk's buffers. No allocation: `scratch` holds
/// one pattern's log posterior over the nodes, then its normalised posterior.
fn run_patterns(
    patterns: &Patterns,
    table: &[f64],
    log_weights: &[f64],
    indices: impl Iterator<Item = usize>,
    chunk: &mut Chunk,
) -> f64 {
    let nq = log_weights.len();
    let Chunk {
        counts, scratch, ..
    } = chunk;
    counts.fill(0.0);
    let mut log_likelihood = 0.0;
    for p in indices {
        let cells = patterns.pattern(p);
        scratch.copy_from_slice(log_weights);
        for &cell in cells {
            let row = &table[cell as usize * nq..][..nq];
            for (s, t) in scratch.iter_mut().zip(row) {
                *s += t;
            }
        }
        let max = scratch.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for s in scratch.iter_mut() {
            *s = (*s - max).exp();
            total += *s;
        }
        let count = patterns.counts[p];
        log_likelihood += count * (max + total.ln());
        let scale = count / total;
        for &cell in cells {
            let row = &mut counts[cell as usize * nq..][..nq];
            for (c, s) in row.iter_mut().zip(scratch.iter()) {
                *c += scale * s;
            }
        }
    }
    log_likelihood
}
