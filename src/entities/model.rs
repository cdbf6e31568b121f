//! The sequence model: a linear model over hashed features with label transition
//! weights, decoded with Viterbi under BIO constraints (an I- label only continues
//! a B- or I- of the same type). Trained as an averaged structured perceptron by
//! `hashiya-train-ner` (see `src/build/entities.rs`).
//!
//! # File format (`ner.model`, integers little-endian)
//!
//! ```text
//! magic   "HSYNER01"
//! u8      number of labels L, then L strings (u8 length + UTF-8)
//! u8      flags: bit 0 = trained with lexical features (see `lexical`)
//! f32     scale (weight = stored i16 × scale)
//! f32×(L+1)×L  transition weights; row L is the start row
//! u32     number of features F
//! u32×F   feature hashes, strictly increasing
//! per feature: u8 count, then count × (u8 label, i16 weight)
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::Error;

/// The magic bytes at the start of `ner.model`.
pub const MAGIC: &[u8; 8] = b"HSYNER01";

/// The labels, in model order. Entity types: PER, LOC, ORG, NORP (nationalities
/// and groups), FAC (buildings, airports), MISC (products, works, vehicles).
pub const LABELS: &[&str] = &[
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-NORP", "I-NORP", "B-FAC", "I-FAC", "B-MISC", "I-MISC",
];

/// The feature hashes are already well mixed: hash them no further.
#[derive(Default)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u32 keys")
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
pub type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// True when label `to` may follow label `from` (`None` = sentence start).
#[inline]
pub fn allowed(from: Option<usize>, to: usize) -> bool {
    ALLOWED[from.unwrap_or(LABELS.len())][to]
}

/// Number of labels.
pub const NL: usize = 13;

/// Per-label scores of a token, in the model's stored integer units.
pub type Scores = [i32; NL];

/// [`allowed`] as a table: row `LABELS.len()` is the sentence start.
static ALLOWED: [[bool; NL]; NL + 1] = {
    // O, then (B, I) pairs per type: I-x (odd index 2k) follows B-x or I-x only
    let mut t = [[true; NL]; NL + 1];
    let mut to = 2;
    while to < NL {
        let mut from = 0;
        while from <= NL {
            t[from][to] = from == to || from == to - 1;
            from += 1;
        }
        to += 2;
    }
    t
};

/// The rule behind [`ALLOWED`], spelled out on the label names (checked in tests).
#[cfg(test)]
fn allowed_by_name(from: Option<usize>, to: usize) -> bool {
    let t = LABELS[to];
    if let Some(rest) = t.strip_prefix("I-") {
        match from {
            Some(f) => LABELS[f].get(2..) == Some(rest),
            None => false,
        }
    } else {
        true
    }
}

/// Feature hash → (first weight, number of weights): open addressing with linear
/// probing over parallel arrays, sized to a power of two at most half full. Faster
/// than a general hash map for the ~40 lookups each token needs.
#[derive(Debug, Clone)]
pub struct FeatureTable {
    /// (key, value) per slot; value `EMPTY` marks a free slot (a real value has
    /// `start < 2^24`, so never equals it).
    slots: Vec<(u32, u32)>,
    len: usize,
}

const EMPTY: u32 = u32::MAX;

impl FeatureTable {
    pub fn with_capacity(n: usize) -> FeatureTable {
        let cap = (n.max(8) * 2).next_power_of_two();
        FeatureTable { slots: vec![(0, EMPTY); cap], len: 0 }
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) as usize) & (self.slots.len() - 1)
    }

    /// Inserts or replaces. `start` must be below 2^24.
    pub fn insert(&mut self, key: u32, (start, count): (u32, u8)) {
        assert!(start < 1 << 24, "too many weights for the feature table");
        if (self.len + 1) * 2 > self.slots.len() {
            let mut bigger = FeatureTable::with_capacity(self.slots.len());
            for k in self.keys() {
                bigger.insert(k, self.get(k).unwrap());
            }
            *self = bigger;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        while self.slots[i].1 != EMPTY && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        if self.slots[i].1 == EMPTY {
            self.len += 1;
        }
        self.slots[i] = (key, start | (count as u32) << 24);
    }

    #[inline]
    pub fn get(&self, key: u32) -> Option<(u32, u8)> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, v) = self.slots[i];
            if v == EMPTY {
                return None;
            }
            if k == key {
                return Some((v & 0x00FF_FFFF, (v >> 24) as u8));
            }
            i = (i + 1) & mask;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots.iter().filter(|(_, v)| *v != EMPTY).map(|(k, _)| *k)
    }
}

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Transition weights, (L+1) × L, row L = start.
    pub trans: Vec<f32>,
    /// Feature hash → (its row in `rows` and `starts`, its number of weights).
    pub index: FeatureTable,
    /// (label, weight) pairs as the file stores them; a weight is the stored i16
    /// times `scale`. Feature `row`'s pairs start at `starts[row]`.
    pub weights: Vec<(u8, i16)>,
    pub starts: Vec<u32>,
    /// The same weights as one dense row of labels per feature: adding a row is a
    /// few vector instructions, where walking the pairs is a loop per label.
    pub rows: Vec<[i16; NL]>,
    pub scale: f32,
    /// Trained with lexical features: give the recogniser an analyser.
    pub lexical: bool,
}

impl Model {
    pub fn n_labels(&self) -> usize {
        LABELS.len()
    }

    /// Builds a model from dense weights (training output): `feats[k]` has
    /// `w[k*L..(k+1)*L]`. Weights with |w| < `min_abs` are dropped.
    pub fn from_dense(feats: &[u32], w: &[f32], trans: Vec<f32>, min_abs: f32) -> Model {
        let l = LABELS.len();
        let mut order: Vec<usize> = (0..feats.len()).collect();
        order.sort_by_key(|&k| feats[k]);
        let mut index = FeatureTable::with_capacity(feats.len());
        let max = w.iter().map(|v| v.abs()).filter(|&v| v >= min_abs).fold(0f32, f32::max).max(1e-6);
        let scale = max / 32767.0;
        let mut weights = Vec::new();
        let mut starts = Vec::new();
        for k in order {
            let start = weights.len();
            for y in 0..l {
                let v = w[k * l + y];
                if v.abs() >= min_abs && v != 0.0 {
                    weights.push((y as u8, (v / scale).round().clamp(-32767.0, 32767.0) as i16));
                }
            }
            let count = weights.len() - start;
            if count > 0 {
                index.insert(feats[k], (starts.len() as u32, count as u8));
                starts.push(start as u32);
            }
        }
        let rows = dense_rows(&weights, &starts);
        Model { trans, index, weights, starts, rows, scale, lexical: false }
    }

    /// Serialises the model (weights quantised to i16).
    pub fn to_bytes(&self) -> Vec<u8> {
        let l = LABELS.len();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(l as u8);
        for lab in LABELS {
            out.push(lab.len() as u8);
            out.extend_from_slice(lab.as_bytes());
        }
        out.push(self.lexical as u8);
        out.extend_from_slice(&self.scale.to_le_bytes());
        for t in &self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let mut keys: Vec<u32> = self.index.keys().collect();
        keys.sort_unstable();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in &keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for k in &keys {
            let (row, count) = self.index.get(*k).expect("key from the table");
            let start = self.starts[row as usize];
            out.push(count);
            for (y, v) in &self.weights[start as usize..start as usize + count as usize] {
                out.push(*y);
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model from bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let bad = |what: &str| {
            Error::data(format!(
                "ner.model: {what}; the file is corrupt or from another version. It is committed at \
                 data/entities/ner.model; retrain it with \
                 `cargo run --release --features build-tools --bin hashiya-train-ner -- train`"
            ))
        };
        if bytes.len() < 9 || &bytes[..8] != MAGIC {
            return Err(bad("not a Hashiya entity model (bad magic bytes)"));
        }
        let mut pos = 8;
        let mut take = |n: usize| -> Result<&[u8], Error> {
            let s = bytes.get(pos..pos + n).ok_or_else(|| bad("truncated"))?;
            pos += n;
            Ok(s)
        };
        let l = take(1)?[0] as usize;
        if l != LABELS.len() {
            return Err(bad("label set differs from this version's"));
        }
        for lab in LABELS {
            let n = take(1)?[0] as usize;
            if take(n)? != lab.as_bytes() {
                return Err(bad("label set differs from this version's"));
            }
        }
        let lexical = take(1)?[0] & 1 == 1;
        let f32_at = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let scale = f32_at(take(4)?);
        let mut trans = Vec::with_capacity((l + 1) * l);
        for _ in 0..(l + 1) * l {
            trans.push(f32_at(take(4)?));
        }
        let b = take(4)?;
        let nf = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let keys_bytes = take(nf.checked_mul(4).ok_or_else(|| bad("bad feature count"))?)?.to_vec();
        let mut index = FeatureTable::with_capacity(nf);
        let mut weights = Vec::with_capacity(nf * 2);
        let mut starts = Vec::with_capacity(nf);
        let mut prev: Option<u32> = None;
        for kb in keys_bytes.chunks_exact(4) {
            let key = u32::from_le_bytes([kb[0], kb[1], kb[2], kb[3]]);
            if prev.is_some_and(|p| p >= key) {
                return Err(bad("feature hashes out of order"));
            }
            prev = Some(key);
            let count = take(1)?[0];
            let start = weights.len() as u32;
            for _ in 0..count {
                let e = take(3)?;
                if e[0] as usize >= l {
                    return Err(bad("label index out of range"));
                }
                // one weight per label, in label order (as the trainer writes them)
                if weights.len() > start as usize && weights.last().is_some_and(|&(y, _)| y >= e[0]) {
                    return Err(bad("a feature's labels are repeated or out of order"));
                }
                weights.push((e[0], i16::from_le_bytes([e[1], e[2]])));
            }
            index.insert(key, (starts.len() as u32, count));
            starts.push(start);
        }
        if pos != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        let rows = dense_rows(&weights, &starts);
        Ok(Model { trans, index, weights, starts, rows, scale, lexical })
    }

    /// Adds the weights of `feats` to `acc`, label by label, in the stored integer
    /// units (integer sums are exact, so scores summed in any order or in parts are
    /// the same).
    #[inline]
    pub fn add_scores(&self, feats: &[u32], acc: &mut Scores) {
        for f in feats {
            if let Some((row, _)) = self.index.get(*f) {
                for (a, &w) in acc.iter_mut().zip(&self.rows[row as usize]) {
                    *a += w as i32;
                }
            }
        }
    }

    /// Best label sequence for a sentence given its features (`offsets` as in
    /// [`super::features::sentence_features`]).
    pub fn decode(&self, feats: &[u32], offsets: &[usize]) -> Vec<usize> {
        let n = offsets.len().saturating_sub(1);
        let scores: Vec<Scores> = (0..n)
            .map(|i| {
                let mut acc = [0i32; NL];
                self.add_scores(&feats[offsets[i]..offsets[i + 1]], &mut acc);
                acc
            })
            .collect();
        self.decode_scores(&scores)
    }

    /// Best label sequence for a sentence given each token's summed scores
    /// ([`Model::add_scores`]).
    pub fn decode_scores(&self, scores: &[Scores]) -> Vec<usize> {
        let mut emit: Vec<f32> = Vec::with_capacity(scores.len() * NL);
        for acc in scores {
            emit.extend(acc.map(|a| a as f32 * self.scale));
        }
        viterbi(&emit, &self.trans, scores.len())
    }
}

#[inline]
fn larger(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// Dense rows of the (label, weight) pairs of each feature (`starts[k]` is where
/// feature k's pairs begin; they run to the next feature's start).
fn dense_rows(weights: &[(u8, i16)], starts: &[u32]) -> Vec<[i16; NL]> {
    let mut rows = vec![[0i16; NL]; starts.len()];
    for (k, row) in rows.iter_mut().enumerate() {
        let end = starts.get(k + 1).map_or(weights.len(), |&e| e as usize);
        for &(y, v) in &weights[starts[k] as usize..end] {
            row[y as usize] += v;
        }
    }
    rows
}

/// Lanes of a label vector: the labels padded to a multiple of four with minus
/// infinity, so the sums and maxima over them compile to vector instructions.
const LANES: usize = 16;

/// Viterbi over emission scores (n × L) and transitions ((L+1) × L).
///
/// The forward pass keeps only each label's best score. It runs over
/// predecessors rather than over labels: for each predecessor `p`, `prev[p]`
/// plus its row of transitions (minus infinity where [`allowed`] forbids the
/// step) raises the best of every label at once, a branch-free vector maximum
/// with no reduction across lanes. The backtrace then finds, for the one label
/// chosen at each position, which predecessor gave that score: the first of the
/// allowed ones in label order, as a plain argmax would.
pub fn viterbi(emit: &[f32], trans: &[f32], n: usize) -> Vec<usize> {
    let l = LABELS.len();
    if n == 0 {
        return Vec::new();
    }
    let neg = f32::NEG_INFINITY;
    // rows[p][y]: transition p -> y where allowed, else minus infinity; padded
    let mut rows = [[neg; LANES]; NL];
    for (p, row) in rows.iter_mut().enumerate() {
        for (y, r) in row.iter_mut().enumerate().take(l) {
            if allowed(Some(p), y) {
                *r = trans[p * l + y];
            }
        }
    }
    let mut score = vec![[neg; LANES]; n];
    for y in 0..l {
        if allowed(None, y) {
            score[0][y] = trans[l * l + y] + emit[y];
        }
    }
    for i in 1..n {
        let prev = score[i - 1];
        let mut best = [neg; LANES];
        for (&v, row) in prev.iter().zip(&rows) {
            for (b, &t) in best.iter_mut().zip(row) {
                *b = larger(*b, v + t);
            }
        }
        let e = &emit[i * l..(i + 1) * l];
        for ((s, b), &e) in score[i].iter_mut().zip(best).zip(e) {
            *s = b + e;
        }
    }
    let mut y = (0..l).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b])).unwrap();
    let mut out = vec![0; n];
    for i in (0..n).rev() {
        out[i] = y;
        if i > 0 {
            // the predecessors `allowed` permits, whose best is not minus
            // infinity; the first of the greatest
            let v: [f32; NL] = std::array::from_fn(|p| score[i - 1][p] + rows[p][y]);
            let best = v.iter().fold(neg, |m, &x| larger(m, x));
            y = if best == neg { 0 } else { v.iter().position(|&x| x == best).unwrap_or(0) };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_table_grows_and_finds() {
        let mut t = FeatureTable::with_capacity(2);
        for k in 0..1000u32 {
            t.insert(k.wrapping_mul(2654435761), (k, (k % 7) as u8));
        }
        assert_eq!(t.len(), 1000);
        for k in 0..1000u32 {
            assert_eq!(t.get(k.wrapping_mul(2654435761)), Some((k, (k % 7) as u8)));
        }
        assert_eq!(t.get(12345), None);
        t.insert(0, (5, 1));
        assert_eq!(t.get(0), Some((5, 1)));
        assert_eq!(t.len(), 1000);
    }

    #[test]
    fn transition_table_matches_bio_rule() {
        assert_eq!(LABELS.len(), NL);
        // viterbi's predecessor lists assume I- labels sit at even indices after their B-
        for (k, lab) in LABELS.iter().enumerate() {
            assert_eq!(lab.starts_with("I-"), k >= 2 && k % 2 == 0, "{lab}");
        }
        for to in 0..NL {
            assert_eq!(allowed(None, to), allowed_by_name(None, to));
            for from in 0..NL {
                assert_eq!(allowed(Some(from), to), allowed_by_name(Some(from), to), "{} -> {}", LABELS[from], LABELS[to]);
            }
        }
    }

    #[test]
    fn round_trips_and_decodes_under_bio_constraints() {
        let l = LABELS.len();
        let mut w = vec![0f32; 2 * l];
        w[1] = 2.0; // feature 10 -> B-PER
        w[l + 2] = 3.0; // feature 20 -> I-PER
        let m = Model::from_dense(&[10, 20], &w, vec![0.0; (l + 1) * l], 0.0);
        let m2 = Model::from_bytes(&m.to_bytes()).unwrap();
        // "I-PER" alone cannot start a sentence: decoding [20] must not give I-PER
        let labels = m2.decode(&[20], &[0, 1]);
        assert_ne!(LABELS[labels[0]], "I-PER");
        let labels = m2.decode(&[10, 20], &[0, 1, 2]);
        assert_eq!(labels.iter().map(|&y| LABELS[y]).collect::<Vec<_>>(), ["B-PER", "I-PER"]);
        let bytes = m.to_bytes();
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"HSYNER01").is_err());
    }

    #[test]
    fn dense_rows_sum_like_the_pairs_and_repeated_labels_are_refused() {
        let l = LABELS.len();
        let mut w = vec![0f32; 2 * l];
        (w[0], w[3], w[l + 5], w[l + 12]) = (1.5, -2.0, 4.0, 3.0);
        let m = Model::from_dense(&[7, 9], &w, vec![0.0; (l + 1) * l], 0.0);
        let mut acc = [0i32; NL];
        m.add_scores(&[7, 9, 7, 1234], &mut acc);
        let mut want = [0i32; NL];
        for f in [7u32, 9, 7] {
            let (row, count) = m.index.get(f).unwrap();
            let start = m.starts[row as usize] as usize;
            for &(y, v) in &m.weights[start..start + count as usize] {
                want[y as usize] += v as i32;
            }
        }
        assert_eq!(acc, want);
        assert!(acc.iter().any(|&a| a != 0));
        // feature 7's pairs are (0, w) then (3, w): make the second read label 0 again
        let mut bytes = m.to_bytes();
        let first_pair = bytes.len() - 2 * 3 - 1 - 2 * 3;
        bytes[first_pair + 3] = 0;
        let err = Model::from_bytes(&bytes).unwrap_err();
        assert!(err.message().contains("repeated or out of order"), "{}", err.message());
    }
}
