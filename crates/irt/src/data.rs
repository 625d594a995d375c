//! The persons × items response matrix, and its collapse into weighted response patterns.

/// A cell that holds no response.
const MISSING: u8 = 2;

/// Dichotomous responses, persons × items, with missing responses allowed.
///
/// Cells are stored one byte each, row by row. Item ids are labels carried through to the
/// [`Calibration`](crate::Calibration); they are not required to be unique here (the CSV
/// reader does require it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMatrix {
    item_ids: Vec<String>,
    cells: Vec<u8>,
    n_persons: usize,
}

/// A row whose length does not match the number of items.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {row} has {found} responses but the matrix has {expected} items")]
pub struct RowLengthError {
    /// 0-based index the row would have had.
    pub row: usize,
    /// The number of items.
    pub expected: usize,
    /// The length of the row.
    pub found: usize,
}

impl ResponseMatrix {
    /// An empty matrix (no persons yet) over the given items.
    pub fn new(item_ids: Vec<String>) -> ResponseMatrix {
        ResponseMatrix {
            item_ids,
            cells: Vec::new(),
            n_persons: 0,
        }
    }

    /// An empty matrix over `n_items` items named `"1"`, `"2"`, ….
    pub fn with_items(n_items: usize) -> ResponseMatrix {
        ResponseMatrix::new((1..=n_items).map(|i| i.to_string()).collect())
    }

    /// Builds a matrix from rows of responses (`None` = missing).
    pub fn from_rows<R: AsRef<[Option<bool>]>>(
        item_ids: Vec<String>,
        rows: impl IntoIterator<Item = R>,
    ) -> Result<ResponseMatrix, RowLengthError> {
        let mut matrix = ResponseMatrix::new(item_ids);
        for row in rows {
            matrix.push_row(row.as_ref())?;
        }
        Ok(matrix)
    }

    /// Appends one person's responses (`None` = missing).
    pub fn push_row(&mut self, row: &[Option<bool>]) -> Result<(), RowLengthError> {
        if row.len() != self.item_ids.len() {
            return Err(RowLengthError {
                row: self.n_persons,
                expected: self.item_ids.len(),
                found: row.len(),
            });
        }
        self.cells.extend(row.iter().map(|r| encode(*r)));
        self.n_persons += 1;
        Ok(())
    }

    /// Number of persons (rows), including persons with no response at all.
    pub fn n_persons(&self) -> usize {
        self.n_persons
    }

    /// Number of items (columns).
    pub fn n_items(&self) -> usize {
        self.item_ids.len()
    }

    /// The item ids, in column order.
    pub fn item_ids(&self) -> &[String] {
        &self.item_ids
    }

    /// One response, `None` when missing or out of range.
    pub fn response(&self, person: usize, item: usize) -> Option<bool> {
        if person >= self.n_persons || item >= self.n_items() {
            return None;
        }
        decode(self.cells[person * self.n_items() + item])
    }

    /// One person's responses, in item order (empty when `person` is out of range).
    pub fn row(&self, person: usize) -> impl ExactSizeIterator<Item = Option<bool>> + '_ {
        let bytes = if person < self.n_persons {
            self.row_bytes(person)
        } else {
            &[]
        };
        bytes.iter().map(|&b| decode(b))
    }

    /// Per item: (number of responses, number correct).
    pub(crate) fn item_counts(&self) -> Vec<(usize, usize)> {
        let mut counts = vec![(0, 0); self.n_items()];
        for person in 0..self.n_persons {
            for (count, &cell) in counts.iter_mut().zip(self.row_bytes(person)) {
                if cell != MISSING {
                    count.0 += 1;
                    count.1 += usize::from(cell);
                }
            }
        }
        counts
    }

    fn row_bytes(&self, person: usize) -> &[u8] {
        let n = self.n_items();
        &self.cells[person * n..(person + 1) * n]
    }
}

fn encode(response: Option<bool>) -> u8 {
    match response {
        None => MISSING,
        Some(correct) => u8::from(correct),
    }
}

fn decode(cell: u8) -> Option<bool> {
    match cell {
        MISSING => None,
        other => Some(other == 1),
    }
}

/// Distinct response patterns with their frequencies, in a compressed sparse layout.
///
/// Pattern `p` observes the cells `cells[offsets[p]..offsets[p + 1]]`; each cell is
/// `2 * item + response`, which is also the row of that outcome in the E-step's log table
/// and accumulator, so the E-step inner loops are contiguous slice operations.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    pub(crate) offsets: Vec<usize>,
    pub(crate) cells: Vec<u32>,
    pub(crate) counts: Vec<f64>,
    /// Persons with at least one response.
    pub(crate) n_persons: usize,
}

impl Patterns {
    /// Collapses identical rows; persons without any response are dropped (they add nothing
    /// to the likelihood).
    pub(crate) fn collapse(matrix: &ResponseMatrix) -> Patterns {
        let mut order: Vec<usize> = (0..matrix.n_persons)
            .filter(|&p| matrix.row_bytes(p).iter().any(|&c| c != MISSING))
            .collect();
        order.sort_unstable_by(|&x, &y| matrix.row_bytes(x).cmp(matrix.row_bytes(y)));
        let mut patterns = Patterns {
            offsets: vec![0],
            cells: Vec::new(),
            counts: Vec::new(),
            n_persons: order.len(),
        };
        let mut start = 0;
        while start < order.len() {
            let row = matrix.row_bytes(order[start]);
            let mut end = start + 1;
            while end < order.len() && matrix.row_bytes(order[end]) == row {
                end += 1;
            }
            for (item, &cell) in row.iter().enumerate() {
                if cell != MISSING {
                    // Item indices fit in u32: a matrix with 2^31 columns could not be stored.
                    patterns.cells.push((2 * item) as u32 + u32::from(cell));
                }
            }
            patterns.offsets.push(patterns.cells.len());
            patterns.counts.push((end - start) as f64);
            start = end;
        }
        patterns
    }

    pub(crate) fn len(&self) -> usize {
        self.counts.len()
    }

    pub(crate) fn pattern(&self, p: usize) -> &[u32] {
        &self.cells[self.offsets[p]..self.offsets[p + 1]]
    }

    #[cfg(test)]
    /// For each item, the patterns that contain a response to it.
    pub(crate) fn by_item(&self, n_items: usize) -> Vec<Vec<u32>> {
        let mut by_item = vec![Vec::new(); n_items];
        for p in 0..self.len() {
            for &cell in self.pattern(p) {
                // Pattern counts fit in u32 as cells do (see `collapse`).
                by_item[(cell / 2) as usize].push(p as u32);
            }
        }
        by_item
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_counts_identical_rows_and_drops_empty_ones() {
        let rows = [
            [Some(true), None],
            [Some(false), Some(true)],
            [Some(true), None],
            [None, None],
        ];
        let matrix = ResponseMatrix::from_rows(vec!["x".into(), "y".into()], rows).unwrap();
        let patterns = Patterns::collapse(&matrix);
        assert_eq!(patterns.n_persons, 3);
        assert_eq!(patterns.len(), 2);
        // Byte order sorts 0 before 1: [0, 1] then [1, missing].
        assert_eq!(patterns.pattern(0), &[0, 3]);
        assert_eq!(patterns.counts, vec![1.0, 2.0]);
        assert_eq!(patterns.pattern(1), &[1]);
        assert_eq!(matrix.item_counts(), vec![(3, 2), (1, 1)]);
    }
}
