//! Viterbi decoding under the BIO constraints of [`allowed`].
//!
//! The recogniser decodes every sentence of every text, so the transition
//! weights are laid out once per model ([`Transitions`]) for a forward pass that
//! does little per token:
//!
//! - O and the B- labels may follow any label, so their best score at a position
//!   is a maximum over all thirteen predecessors; an I- label only continues a
//!   B- or I- of its own type, so its best is the larger of two. Computing only
//!   those gives the same maxima, since a forbidden step could only ever add
//!   minus infinity.
//! - The maximum over predecessors runs predecessor by predecessor: `prev[p]`
//!   plus p's row of steps raises the bests of all of the first half's labels at
//!   once, a branch-free vector maximum (labels sit in [`LANES`] for that).
//! - Most tokens of a text are plainly outside any entity: one label's score
//!   leads every other by more than any transition could make up. Then that
//!   label is the best predecessor of every label of the first half, and its row
//!   alone gives their bests. "More than any transition could make up" is
//!   `clear[p]`, the largest gain a step from another label has over a step from
//!   p into the same label; the shortcut is taken only with a margin far above
//!   the rounding of the sums, so the maxima are exactly those of the full loop.
//!
//! The backtrace then finds, for the one label chosen at each position, which
//! predecessor gave that score: the first of the allowed ones in label order, as
//! a plain argmax would (a test checks every path against a textbook Viterbi).

use super::model::{allowed, LABELS, NL};

/// Number of entity types: labels are O, then a (B-, I-) pair per type.
const TYPES: usize = (NL - 1) / 2;

/// Lanes of a label vector: the labels that may follow any label (O and the
/// B-s) in the first half, the I-s in the second, each half padded with minus
/// infinity to eight so the sums and maxima over them compile to vector
/// instructions.
const HALF: usize = 8;
const LANES: usize = 2 * HALF;

/// Where each label sits among the lanes: O at 0, B- of type k (label 2k - 1)
/// at k, I- of type k (label 2k) at `HALF + k - 1`.
const LANE: [usize; NL] = {
    let mut out = [0; NL];
    let mut y = 1;
    while y < NL {
        out[y] = if y % 2 == 1 {
            y.div_ceil(2)
        } else {
            HALF + y / 2 - 1
        };
        y += 1;
    }
    out
};

/// The label at each lane ([`LANE`] the other way; padding lanes hold O's,
/// never read: a padding lane never leads).
const LABEL_AT: [usize; LANES] = {
    let mut out = [0; LANES];
    let mut y = 0;
    while y < NL {
        out[LANE[y]] = y;
        y += 1;
    }
    out
};

/// No lane led by enough for the shortcut ([`Transitions::step`]).
const NO_LEAD: u8 = u8::MAX;

/// A label's score per lane; padding lanes hold minus infinity.
type Lanes = [f32; LANES];

const NEG: f32 = f32::NEG_INFINITY;

#[inline]
fn larger(a: f32, b: f32) -> f32 {
    if a > b {
        a
    } else {
        b
    }
}

/// Label scores (in label order) as lanes.
#[inline]
fn lanes(scores: [f32; NL]) -> Lanes {
    let mut out = [NEG; LANES];
    for (y, v) in scores.into_iter().enumerate() {
        out[LANE[y]] = v;
    }
    out
}

/// Transition weights laid out for decoding.
#[derive(Debug, Clone)]
pub struct Transitions {
    /// `steps[p][y]`: the weight of p → y where [`allowed`], else minus infinity
    /// (label order).
    steps: [[f32; NL]; NL],
    /// The weight of starting a sentence at each lane.
    start: Lanes,
    /// `to_free[LANE[p]][k]`: the step p → the label at lane k of the first half
    /// (all allowed); the rows of padding lanes are minus infinity.
    to_free: [[f32; HALF]; LANES],
    /// `clear[LANE[p]]`: how far p must lead every other label for its row alone
    /// to give the first half's bests (never, for padding lanes).
    clear: Lanes,
    /// The two ways into the I- at lane `HALF + k`: from its B- (at lane k + 1)
    /// and from itself.
    from_b: [f32; HALF],
    from_i: [f32; HALF],
}

impl Transitions {
    /// Lays out transitions given as (L+1) × L weights, row L the sentence start.
    pub fn new(trans: &[f32]) -> Transitions {
        assert_eq!(
            trans.len(),
            (NL + 1) * NL,
            "transition weights are (L+1) × L"
        );
        let mut steps = [[NEG; NL]; NL];
        for (p, row) in steps.iter_mut().enumerate() {
            for (y, r) in row.iter_mut().enumerate() {
                if allowed(Some(p), y) {
                    *r = trans[p * NL + y];
                }
            }
        }
        let start = lanes(std::array::from_fn(|y| {
            if allowed(None, y) {
                trans[NL * NL + y]
            } else {
                NEG
            }
        }));
        let free = || (0..NL).filter(|&y| LANE[y] < HALF);
        let mut to_free = [[NEG; HALF]; LANES];
        let mut clear = [f32::INFINITY; LANES];
        for p in 0..NL {
            for y in free() {
                to_free[LANE[p]][LANE[y]] = steps[p][y];
            }
            clear[LANE[p]] = free()
                .map(|y| (0..NL).map(|q| steps[q][y]).fold(NEG, larger) - steps[p][y])
                .fold(0.0, larger);
        }
        let mut from_b = [NEG; HALF];
        let mut from_i = [NEG; HALF];
        for k in 0..TYPES {
            let (b, i) = (2 * k + 1, 2 * k + 2);
            (from_b[k], from_i[k]) = (steps[b][i], steps[i][i]);
        }
        Transitions {
            steps,
            start,
            to_free,
            clear,
            from_b,
            from_i,
        }
    }

    /// The best label sequence for emission scores given per position, in label
    /// order.
    pub fn decode(&self, emit: impl ExactSizeIterator<Item = [f32; NL]>) -> Vec<usize> {
        let n = emit.len();
        let mut score: Vec<Lanes> = Vec::with_capacity(n);
        // where the shortcut was taken, the lane of the label that led
        let mut leads: Vec<u8> = Vec::with_capacity(n);
        for e in emit {
            let (best, lead) = match score.last() {
                None => (self.start, NO_LEAD),
                Some(prev) => self.step(prev),
            };
            let e = lanes(e);
            score.push(std::array::from_fn(|k| best[k] + e[k]));
            leads.push(lead);
        }
        self.backtrace(&score, &leads)
    }

    /// The best score of each lane's label at a position, before its emission,
    /// given the scores at the position before; and the lane whose row alone
    /// gave the first half's bests, or [`NO_LEAD`].
    #[inline]
    fn step(&self, prev: &Lanes) -> (Lanes, u8) {
        // the leading lane, and the runner-up's score
        let (mut lead, mut top, mut second) = (0, prev[0], NEG);
        for (k, &v) in prev.iter().enumerate().skip(1) {
            if v > top {
                (lead, top, second) = (k, v, top);
            } else if v > second {
                second = v;
            }
        }
        let mut best = [NEG; LANES];
        let (free, inner) = best.split_at_mut(HALF);
        let need = self.clear[lead];
        // a relative margin of 1e-5 is over a hundred times the rounding of f32
        // sums; NaN (nothing finite yet) compares false and takes the full loop
        let shortcut = top - second > need + (top.abs() + need) * 1e-5 + 1e-6;
        if shortcut {
            for (b, &t) in free.iter_mut().zip(&self.to_free[lead]) {
                *b = top + t;
            }
        } else {
            for (&v, row) in prev.iter().zip(&self.to_free) {
                for (b, &t) in free.iter_mut().zip(row) {
                    *b = larger(*b, v + t);
                }
            }
        }
        for (k, b) in inner.iter_mut().enumerate() {
            // past the types both ways are minus infinity
            *b = larger(
                prev[k + 1] + self.from_b[k],
                prev[HALF + k] + self.from_i[k],
            );
        }
        (best, if shortcut { lead as u8 } else { NO_LEAD })
    }

    /// The labels of the best path, given every position's lane scores and
    /// leads ([`Transitions::step`]).
    fn backtrace(&self, score: &[Lanes], leads: &[u8]) -> Vec<usize> {
        let n = score.len();
        let Some(last) = score.last() else {
            return Vec::new();
        };
        let mut y = (0..NL)
            .max_by(|&a, &b| last[LANE[a]].total_cmp(&last[LANE[b]]))
            .unwrap();
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = y;
            if i > 0 && leads[i] != NO_LEAD && LANE[y] < HALF {
                // the lead beat every other way into the first half by more than
                // rounding: the one greatest, so also the first of the greatest
                y = LABEL_AT[leads[i] as usize];
            } else if i > 0 {
                // the predecessors `allowed` permits, whose best is not minus
                // infinity; the first of the greatest
                let v: [f32; NL] =
                    std::array::from_fn(|p| score[i - 1][LANE[p]] + self.steps[p][y]);
                let best = v.iter().fold(NEG, |m, &x| larger(m, x));
                y = if best == NEG {
                    0
                } else {
                    v.iter().position(|&x| x == best).unwrap_or(0)
                };
            }
        }
        out
    }
}

/// Viterbi over emission scores (n × L, label order) and transitions ((L+1) × L,
/// row L the sentence start), for the trainer, whose transitions change as it
/// learns. [`Transitions::decode`] does the same with the layout kept.
pub fn viterbi(emit: &[f32], trans: &[f32], n: usize) -> Vec<usize> {
    let l = LABELS.len();
    Transitions::new(trans).decode((0..n).map(|i| std::array::from_fn(|y| emit[i * l + y])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_hold_each_label_once_free_labels_first() {
        let mut seen = [false; LANES];
        for (y, &k) in LANE.iter().enumerate() {
            assert!(!seen[k], "lane {k} twice");
            seen[k] = true;
            // the first half is what may follow anything: O and the B-s
            assert_eq!(
                k < HALF,
                (0..NL).all(|p| allowed(Some(p), y)),
                "{}",
                LABELS[y]
            );
        }
        // an I-'s B- sits at lane k + 1 for the I- at lane HALF + k
        for k in 0..TYPES {
            let i = LANE.iter().position(|&l| l == HALF + k).unwrap();
            assert_eq!(
                LABELS[LANE.iter().position(|&l| l == k + 1).unwrap()][2..],
                LABELS[i][2..]
            );
        }
    }

    /// Viterbi as the textbook writes it: every label from every allowed one.
    fn viterbi_plain(emit: &[f32], trans: &[f32], n: usize) -> Vec<usize> {
        let l = LABELS.len();
        if n == 0 {
            return Vec::new();
        }
        let mut delta = vec![vec![f32::NEG_INFINITY; l]; n];
        let mut back = vec![vec![0; l]; n];
        for y in (0..l).filter(|&y| allowed(None, y)) {
            delta[0][y] = trans[l * l + y] + emit[y];
        }
        for i in 1..n {
            for y in 0..l {
                let mut best = f32::NEG_INFINITY;
                for p in (0..l).filter(|&p| allowed(Some(p), y)) {
                    let v = delta[i - 1][p] + trans[p * l + y];
                    if v > best {
                        (best, back[i][y]) = (v, p);
                    }
                }
                delta[i][y] = best + emit[i * l + y];
            }
        }
        let mut y = (0..l)
            .max_by(|&a, &b| delta[n - 1][a].total_cmp(&delta[n - 1][b]))
            .unwrap();
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = y;
            y = back[i][y];
        }
        out
    }

    #[test]
    fn viterbi_gives_the_textbook_paths() {
        let l = LABELS.len();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |levels: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // few levels make ties, which both must break alike
            (seed % levels) as f32 - (levels / 2) as f32
        };
        for round in 0..3000 {
            let levels = [3, 7, 1000][round % 3];
            let n = 1 + round % 17;
            let trans: Vec<f32> = (0..(l + 1) * l).map(|_| next(levels)).collect();
            let mut emit: Vec<f32> = (0..n * l).map(|_| next(levels) * 2.0).collect();
            // as in text, most tokens far ahead for one label (O, or another):
            // the shortcut past the full maximum
            for i in (0..n).filter(|i| (i + round) % 3 != 0) {
                let y = if round % 4 == 0 { (i * 5) % l } else { 0 };
                emit[i * l + y] += levels as f32 * [1.0, 2.0, 0.5][i % 3];
            }
            assert_eq!(
                viterbi(&emit, &trans, n),
                viterbi_plain(&emit, &trans, n),
                "round {round}"
            );
        }
        assert!(viterbi(&[], &[0.0; (NL + 1) * NL], 0).is_empty());
    }
}
