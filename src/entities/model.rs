//! The sequence model: a linear model over hashed features with label transition
//! weights, decoded with Viterbi under BIO constraints (an I- label only continues
//! a B- or I- of the same type). Trained as an averaged structured perceptron by
//! `hashiya-train-ner` (see `src/build/entities.rs`).
//!
//! # File format 3 (`ner.model`, integers little-endian)
//!
//! ```text
//! magic   "HSYNER03"
//! u8      number of labels L, then L strings (u8 length + UTF-8)
//! u8      flags: bit 0 = trained with lexical features (see `lexical`)
//! f32     scale (weight = stored i16 × scale)
//! f32×(L+1)×L  transition weights; row L is the start row
//! u32     number of features F
//! u8, u32 the feature hashes, strictly increasing, as their differences (the first
//!         from 0) Rice-coded with that parameter k: per difference d, d >> k in
//!         unary (that many 1 bits, then a 0), then its k low bits, low bit first;
//!         bits fill each byte from its low bit; the u32 is the code's length in bytes
//! u8×F, u8×F   per feature, its labels (bit y set when it has a weight for label
//!              y): all the masks' low bytes, then all their high bytes
//! u32     number of weights W (the labels' bits, counted)
//! u16, i16×B   the B distinct weights (1 ≤ B ≤ 256), increasing
//! u8×W    the weights as their places among the B, feature by feature and label
//!         by label
//! ```
//!
//! What each part buys, gzipped (the committed model, 37,294 features, 97,414
//! weights; BENCHMARKS.md, "Size"): the hashes as varint differences took 98 KB
//! (random numbers: gzip finds little), Rice-coded 85 KB, near their entropy; the
//! masks' bytes apart 40 → 37 KB. The weights: format 2 kept each as an i16 (11,273
//! distinct values, 12.5 bits of entropy, 161 KB with the low and high bytes apart).
//! Format 3 keeps at most 256 distinct values ([`Model::quantize`]: each weight
//! rounded to a multiple of 128 of the i16 units, the committed model's largest
//! error 64 units, 0.2 % of the largest weight), a byte each: 78 KB. That is lossy, and was
//! kept because the entity evaluation did not get worse (dev F1 of the whole
//! recogniser 0.831 → 0.832, see BENCHMARKS.md).
//!
//! Format 1 stored the hashes as u32 (146 KB gzipped), a count and a label byte
//! per weight (50 KB) and the weights' two bytes side by side (168 KB).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::viterbi::Transitions;
use crate::datafile::{read_rice, write_rice};
#[cfg(feature = "build-tools")]
use crate::datafile::read_varint;
use crate::error::Error;

/// The magic bytes at the start of `ner.model`.
pub const MAGIC: &[u8; 8] = b"HSYNER03";

/// The magic bytes of format 2 (the converter reads it: `hashiya-train-ner convert`).
pub const MAGIC_2: &[u8; 8] = b"HSYNER02";

/// The most distinct weight values format 3 stores (a byte each).
pub const MAX_DISTINCT: usize = 256;

/// The smallest rounding step [`Model::quantize`] tries, in the stored i16 units.
const MIN_STEP: u32 = 128;

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
/// probing, a power of two of slots at most three quarters full, key and value side
/// by side. Faster than a general hash map for the ~40 lookups each token needs.
///
/// Half the lookups of a text are for features the model does not have (pairs of
/// words it never saw), and almost every lookup is for a different feature than
/// the one before: the table is read at random, so its size is what it costs. At
/// the model's 37,000 features it is 512 KiB, which with the weights (~400 KiB)
/// stays within a core's 1 MiB second-level cache on the machines we measure on.
///
/// In front of it is a bit per possible low 19 bits of a key, set for the keys in
/// the table: 64 KiB, which stays in the fast caches, and answers most lookups
/// of absent features (about nine in ten at the model's size) without touching
/// the table.
#[derive(Debug, Clone)]
pub struct FeatureTable {
    /// (key, value) per slot; value `EMPTY` marks a free slot (a real value has
    /// `start < 2^24`, so never equals it).
    slots: Vec<(u32, u32)>,
    len: usize,
    /// Bit `key & PRESENT_MASK` is set for every key in the table.
    present: Vec<u64>,
}

const PRESENT_BITS: u32 = 19;
const PRESENT_MASK: u32 = (1 << PRESENT_BITS) - 1;

const EMPTY: u32 = u32::MAX;

impl FeatureTable {
    pub fn with_capacity(n: usize) -> FeatureTable {
        let cap = (n.max(6) * 4 / 3 + 1).next_power_of_two();
        FeatureTable { slots: vec![(0, EMPTY); cap], len: 0, present: vec![0; 1 << (PRESENT_BITS - 6)] }
    }

    #[inline]
    fn may_have(&self, key: u32) -> bool {
        let bit = key & PRESENT_MASK;
        self.present[(bit >> 6) as usize] & (1 << (bit & 63)) != 0
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) as usize) & (self.slots.len() - 1)
    }

    /// Inserts or replaces. `start` must be below 2^24.
    pub fn insert(&mut self, key: u32, (start, count): (u32, u8)) {
        assert!(start < 1 << 24, "too many weights for the feature table");
        if (self.len + 1) * 4 > self.slots.len() * 3 {
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
        let bit = key & PRESENT_MASK;
        self.present[(bit >> 6) as usize] |= 1 << (bit & 63);
        self.slots[i] = (key, start | (count as u32) << 24);
    }

    #[inline]
    pub fn get(&self, key: u32) -> Option<(u32, u8)> {
        if !self.may_have(key) {
            return None;
        }
        self.get_from(key, self.slots[self.slot(key)])
    }

    /// [`FeatureTable::get`], given what is in the key's first slot.
    #[inline]
    fn get_from(&self, key: u32, (mut k, mut v): (u32, u32)) -> Option<(u32, u8)> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            if v == EMPTY {
                return None;
            }
            if k == key {
                return Some((v & 0x00FF_FFFF, (v >> 24) as u8));
            }
            i = (i + 1) & mask;
            (k, v) = self.slots[i];
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
    trans: Vec<f32>,
    /// The same, laid out for decoding.
    steps: Transitions,
    /// Feature hash → (where its pairs start in `weights`, how many there are).
    pub index: FeatureTable,
    /// (label, weight) pairs as the file stores them, labels increasing within a
    /// feature; a weight is the stored i16 times `scale`. A feature has 2.6 of its
    /// 13 labels' weights on average: kept sparse they take a fifth of the memory
    /// of dense rows, and memory is what lookups cost (see [`FeatureTable`]).
    pub weights: Vec<(u8, i16)>,
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
                index.insert(feats[k], (start as u32, count as u8));
            }
        }
        Model { steps: Transitions::new(&trans), trans, index, weights, scale, lexical: false }
    }

    /// Rounds each weight to a multiple of the smallest step (from 128 of the stored
    /// i16 units up) that leaves at most [`MAX_DISTINCT`] distinct values, as format 3
    /// stores them (see the module's documentation); weights that round to 0 and
    /// features left without weights are dropped. Returns the step.
    pub fn quantize(&mut self) -> u32 {
        let round = |w: i16, step: u32| ((w as f64 / step as f64).round() * step as f64).clamp(-32767.0, 32767.0) as i16;
        let mut step = MIN_STEP;
        loop {
            let mut distinct: Vec<i16> = self.weights.iter().map(|&(_, w)| round(w, step)).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() <= MAX_DISTINCT {
                break;
            }
            step += 1;
        }
        let mut keys: Vec<u32> = self.index.keys().collect();
        keys.sort_unstable();
        let mut index = FeatureTable::with_capacity(keys.len());
        let mut weights = Vec::with_capacity(self.weights.len());
        for k in keys {
            let (start, count) = self.index.get(k).expect("key from the table");
            let first = weights.len();
            for &(y, w) in &self.weights[start as usize..start as usize + count as usize] {
                match round(w, step) {
                    0 => {}
                    v => weights.push((y, v)),
                }
            }
            if weights.len() > first {
                index.insert(k, (first as u32, (weights.len() - first) as u8));
            }
        }
        (self.index, self.weights) = (index, weights);
        step
    }

    /// Serialises the model in format 3 (see the module's documentation). The
    /// weights must have at most [`MAX_DISTINCT`] distinct values: [`Model::quantize`]
    /// first (a model from [`Model::from_dense`] may have more).
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
        write_rice(&mut out, &keys);
        let mut weights: Vec<i16> = Vec::new();
        let mut masks = Vec::with_capacity(keys.len());
        for k in &keys {
            let (start, count) = self.index.get(*k).expect("key from the table");
            let mut mask = 0u16;
            for &(y, v) in &self.weights[start as usize..start as usize + count as usize] {
                mask |= 1 << y;
                weights.push(v);
            }
            masks.push(mask);
        }
        out.extend(masks.iter().map(|m| m.to_le_bytes()[0]));
        out.extend(masks.iter().map(|m| m.to_le_bytes()[1]));
        out.extend_from_slice(&(weights.len() as u32).to_le_bytes());
        let mut book = weights.clone();
        book.sort_unstable();
        book.dedup();
        assert!(!book.is_empty() || weights.is_empty(), "no weights");
        assert!(book.len() <= MAX_DISTINCT, "{} distinct weights: quantise the model first (Model::quantize)", book.len());
        let book = if book.is_empty() { vec![0] } else { book };
        out.extend_from_slice(&(book.len() as u16).to_le_bytes());
        for v in &book {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend(weights.iter().map(|w| book.binary_search(w).expect("in the book") as u8));
        out
    }

    /// Reads a model from bytes (format 3).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        Model::parse(bytes, 3)
    }

    /// Reads a model of format 2 (for `hashiya-train-ner convert`, which writes it
    /// again in format 3).
    #[cfg(feature = "build-tools")]
    pub fn from_format2(bytes: &[u8]) -> Result<Model, Error> {
        Model::parse(bytes, 2)
    }

    fn parse(bytes: &[u8], version: u32) -> Result<Model, Error> {
        let bad = |what: &str| {
            Error::data(format!(
                "ner.model: {what}; the file is corrupt or from another version. It is committed at \
                 data/entities/ner.model; retrain it with \
                 `cargo run --release --features build-tools --bin hashiya-train-ner -- train`"
            ))
        };
        if version == 3 {
            for (old, n) in [(b"HSYNER01", 1), (MAGIC_2, 2)] {
                if bytes.starts_with(old) {
                    return Err(bad(&format!(
                        "format {n}, and this build reads format 3 (convert a format 2 model with \
                         `hashiya-train-ner convert --model OLD --out NEW`)"
                    )));
                }
            }
        }
        let magic = if version == 3 { MAGIC } else { MAGIC_2 };
        if bytes.len() < 9 || &bytes[..8] != magic {
            return Err(bad("not a Hashiya entity model (bad magic bytes)"));
        }
        let mut pos: usize = 8;
        let mut take = |n: usize| -> Result<&[u8], Error> {
            let s = bytes.get(pos..pos.checked_add(n).ok_or_else(|| bad("truncated"))?).ok_or_else(|| bad("truncated"))?;
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
        // each label mask takes two bytes
        if nf > bytes.len() / 2 {
            return Err(bad("truncated"));
        }
        let keys = match version {
            3 => read_rice(bytes, &mut pos, nf).map_err(|e| bad(&format!("the feature hashes {e}")))?,
            _ => Model::read_format2_keys(bytes, &mut pos, nf).map_err(|e| bad(e))?,
        };
        let mut take = |n: usize| -> Result<&[u8], Error> {
            let s = bytes.get(pos..pos.checked_add(n).ok_or_else(|| bad("truncated"))?).ok_or_else(|| bad("truncated"))?;
            pos += n;
            Ok(s)
        };
        let masks = take(2 * nf)?;
        let mask_of = |k: usize| match version {
            3 => u16::from_le_bytes([masks[k], masks[nf + k]]),
            _ => u16::from_le_bytes([masks[2 * k], masks[2 * k + 1]]),
        };
        let b = take(4)?;
        let nw = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        if nw >= 1 << 24 {
            return Err(bad("more weights than a model can hold (2^24)"));
        }
        // format 3: the distinct values, then a byte per weight; format 2: the low
        // bytes, then the high bytes
        let (book, low, high) = if version == 3 {
            let b = take(2)?;
            let nb = u16::from_le_bytes([b[0], b[1]]) as usize;
            if nb == 0 || nb > MAX_DISTINCT {
                return Err(bad("a bad number of distinct weights"));
            }
            let book: Vec<i16> = take(2 * nb)?.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
            (book, take(nw)?, &[][..])
        } else {
            (Vec::new(), take(nw)?, take(nw)?)
        };
        if pos != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        let mut index = FeatureTable::with_capacity(nf);
        let mut weights = Vec::with_capacity(nw);
        for (k, &key) in keys.iter().enumerate() {
            let mask = mask_of(k);
            if mask >> l != 0 {
                return Err(bad("label index out of range"));
            }
            let start = weights.len();
            for y in (0..l).filter(|y| mask & 1 << y != 0) {
                let j = weights.len();
                if j >= nw {
                    return Err(bad("fewer weights than the labels name"));
                }
                let w = match version {
                    3 => *book.get(low[j] as usize).ok_or_else(|| bad("a weight's place is past the distinct weights"))?,
                    _ => i16::from_le_bytes([low[j], high[j]]),
                };
                weights.push((y as u8, w));
            }
            index.insert(key, (start as u32, (weights.len() - start) as u8));
        }
        if weights.len() != nw {
            return Err(bad("more weights than the labels name"));
        }
        Ok(Model { steps: Transitions::new(&trans), trans, index, weights, scale, lexical })
    }

    /// Format 2's feature hashes: varints of their differences.
    #[cfg(feature = "build-tools")]
    fn read_format2_keys(bytes: &[u8], pos: &mut usize, nf: usize) -> Result<Vec<u32>, &'static str> {
        let mut keys = Vec::with_capacity(nf);
        let mut prev: Option<u32> = None;
        for _ in 0..nf {
            let d = read_varint(bytes, pos).map_err(|_| "truncated or a bad feature hash")?;
            let key = match prev {
                None => d,
                Some(p) if d > 0 => p.checked_add(d).ok_or("feature hashes out of range")?,
                Some(_) => return Err("feature hashes out of order"),
            };
            keys.push(key);
            prev = Some(key);
        }
        Ok(keys)
    }

    #[cfg(not(feature = "build-tools"))]
    fn read_format2_keys(_: &[u8], _: &mut usize, _: usize) -> Result<Vec<u32>, &'static str> {
        Err("format 2")
    }

    /// Adds the weights of `feats` to `acc`, label by label, in the stored integer
    /// units (integer sums are exact, so scores summed in any order or in parts are
    /// the same).
    #[inline]
    pub fn add_scores(&self, feats: &[u32], acc: &mut Scores) {
        for f in feats {
            if let Some((start, count)) = self.index.get(*f) {
                for &(y, w) in &self.weights[start as usize..start as usize + count as usize] {
                    acc[y as usize] += w as i32;
                }
            }
        }
    }

    /// Adds the weights of each feature `f` of `feats` to `accs[k]`, for the
    /// pairs `(f, k)`: the same sums as [`Model::add_scores`] feature by
    /// feature.
    ///
    /// A text's rarer words send the lookups far from the cache, and one at a
    /// time each waits for its memory before the next can start. Here the
    /// lookups go in batches, stage by stage (presence bits, then first slots,
    /// then weights), each stage's loads independent of one another, so the
    /// processor has them all on the way at once.
    pub fn add_scores_to(&self, feats: &[(u32, u16)], accs: &mut [Scores]) {
        const BATCH: usize = 16;
        for chunk in feats.chunks(BATCH) {
            let t = &self.index;
            let mut present = [false; BATCH];
            for (p, &(f, _)) in present.iter_mut().zip(chunk) {
                *p = t.may_have(f);
            }
            let mut first = [(0, EMPTY); BATCH];
            for ((slot, &p), &(f, _)) in first.iter_mut().zip(&present).zip(chunk) {
                if p {
                    *slot = t.slots[t.slot(f)];
                }
            }
            let mut found = [(0u32, 0u8, 0u16); BATCH];
            let mut n = 0;
            for ((&p, &slot), &(f, k)) in present.iter().zip(&first).zip(chunk) {
                if p {
                    if let Some((start, count @ 1..)) = t.get_from(f, slot) {
                        found[n] = (start, count, k);
                        n += 1;
                    }
                }
            }
            let mut firsts = [(0u8, 0i16); BATCH];
            for (w, &(start, _, _)) in firsts.iter_mut().zip(&found[..n]) {
                *w = self.weights[start as usize];
            }
            for (&(start, count, k), &(y, w)) in found[..n].iter().zip(&firsts) {
                let acc = &mut accs[k as usize];
                acc[y as usize] += w as i32;
                for &(y, w) in &self.weights[start as usize + 1..start as usize + count as usize] {
                    acc[y as usize] += w as i32;
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
        self.steps.decode(scores.iter().map(|acc| acc.map(|a| a as f32 * self.scale)))
    }
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
        assert!(Model::from_bytes(b"HSYNER02").is_err());
        assert!(Model::from_bytes(b"HSYNER01 a model of format 1").unwrap_err().message().contains("format 1"));
        assert!(Model::from_bytes(b"HSYNER02 a model of format 2").unwrap_err().message().contains("convert"));
        // every truncation is an error, not a panic
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn quantized_weights_round_trip() {
        // 600 distinct weights: more than a byte's worth, so the step grows past 128
        let l = LABELS.len();
        let feats: Vec<u32> = (0..600u32).map(|k| k * 7 + 3).collect();
        let mut w = vec![0f32; feats.len() * l];
        for k in 0..feats.len() {
            w[k * l + k % l] = (k as f32 - 300.0) * 0.5;
        }
        let mut m = Model::from_dense(&feats, &w, vec![0.0; (l + 1) * l], 0.0);
        let before = m.weights.clone();
        let step = m.quantize();
        assert!(step > MIN_STEP, "{step}");
        let mut distinct: Vec<i16> = m.weights.iter().map(|w| w.1).collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() <= MAX_DISTINCT && !distinct.contains(&0));
        // each weight kept is a multiple of the step (or the largest an i16 holds), and those rounded to 0 are gone
        let kept: std::collections::HashMap<(u32, u8), i16> =
            m.index.keys().flat_map(|k| { let (s, c) = m.index.get(k).unwrap(); m.weights[s as usize..(s + c as u32) as usize].iter().map(move |&(y, v)| ((k, y), v)) }).collect();
        assert!(before.len() > kept.len());
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.weights, m.weights);
        for &v in kept.values() {
            assert_eq!(v as i32 % step as i32 == 0 || v.abs() == 32767, true, "{v}");
        }
    }

    #[test]
    fn batched_lookups_sum_as_one_by_one() {
        // 40 features, every third unknown to the model, each to one of 3 rows:
        // more than a batch, and batches with and without hits
        let l = LABELS.len();
        let known: Vec<u32> = (0..30u32).map(|k| k.wrapping_mul(0x9E37_79B9) | 1).collect();
        let w: Vec<f32> = (0..known.len() * l).map(|k| ((k * 7919) % 23) as f32 - 11.0).collect();
        let m = Model::from_dense(&known, &w, vec![0.0; (l + 1) * l], 0.5);
        let feats: Vec<(u32, u16)> = (0..40u32).map(|k| (if k % 3 == 0 { k * 2 } else { known[k as usize % 30] }, (k % 3) as u16)).collect();
        let mut batched = [[0i32; NL]; 3];
        m.add_scores_to(&feats, &mut batched);
        let mut one_by_one = [[0i32; NL]; 3];
        for &(f, k) in &feats {
            m.add_scores(&[f], &mut one_by_one[k as usize]);
        }
        assert_eq!(batched, one_by_one);
        assert_ne!(batched, [[0; NL]; 3]);
    }

    #[test]
    fn scores_sum_each_features_pairs_and_bad_labels_are_refused() {
        let l = LABELS.len();
        let mut w = vec![0f32; 2 * l];
        (w[0], w[3], w[l + 5], w[l + 12]) = (1.5, -2.0, 4.0, 3.0);
        let m = Model::from_dense(&[7, 9], &w, vec![0.0; (l + 1) * l], 0.0);
        let mut acc = [0i32; NL];
        m.add_scores(&[7, 9, 7, 1234], &mut acc);
        // feature 7 twice, feature 9 once, the unknown feature 1234 not at all
        let mut want = [0f32; NL];
        (want[0], want[3], want[5], want[12]) = (3.0, -4.0, 4.0, 3.0);
        for (y, (&a, &w)) in acc.iter().zip(&want).enumerate() {
            assert!((a as f32 * m.scale - w).abs() < 1e-3, "label {y}: {} for {w}", a as f32 * m.scale);
        }
        // the file ends with the two label masks' low bytes, then their high bytes, the
        // weight count, the 4 distinct weights (a u16 count, i16 each) and a byte per
        // weight: give feature 7 label 15, which does not exist
        let mut bytes = m.to_bytes();
        let masks = bytes.len() - 4 - 2 * 4 - 2 - 4 - 2 * 2;
        bytes[masks + 2] = 0x80;
        let err = Model::from_bytes(&bytes).unwrap_err();
        assert!(err.message().contains("label index out of range"), "{}", err.message());
        // a mask with fewer labels than the weights stored
        let mut bytes = m.to_bytes();
        bytes[masks] = 0;
        assert!(Model::from_bytes(&bytes).unwrap_err().message().contains("more weights than the labels name"));
    }
}
