//! The lexicon: the Buckwalter analyser's prefix, stem and suffix tables and their
//! compatibility tables, with ranking weights, read from one binary file.
//!
//! The file is made by the data builder (`hashiya-build`, see [`crate::build`]) from
//! the registry package and loaded here from bytes, so the browser fetches it as a
//! separate cacheable asset. Framing: an 8-byte magic, a little-endian u32 format
//! version, a u64 checksum of the payload (FNV-1a over 8-byte words, see
//! [`crate::datafile::fnv1a_words`]).
//!
//! **Read where it lies (format 6).** The payload is a run of sections, each a u32
//! count followed by its items: numbers as little-endian columns (one column per
//! field: all stems' categories, then all their lemmas, ...) or varints, and strings
//! as their bytes end to end, each followed by a 0 ([`crate::datafile::read_strings`]).
//! Most of the big tables (71,036 stems, 38,597 lemmas, 37,567 glosses) are not
//! unpacked: [`Lexicon`] keeps the file's bytes and reads a stem's category and
//! gloss, a lemma's weight and the glosses from them when asked. At load it checks
//! the sections, finds where each string of a column starts (one `Vec<u32>` per
//! column), unpacks the varint columns and the forms (lemmas' and stems', into one
//! buffer, 0.5 MB), makes the stem keys and where each key's stems start, and hashes
//! the keys into an open-addressing index.
//!
//! What the file leaves out, because the loader can make it (format 4 stored it all;
//! sizes gzipped, see BENCHMARKS.md):
//! - The stem keys (37,323): a key is the folded form
//!   ([`crate::normalize::fold_buckwalter_byte`], byte by byte) of its first stem's
//!   vocalised form, but for the few keys where it is not (the builder lists those,
//!   with their index, in the key exceptions: 12 today). Keys and starts took 144 KB.
//! - Where each key's stems start (format 5: a count per key, 11 KB): stems are in
//!   key order, and a key starts where a stem's folded form differs from the one
//!   before's, but at the stems listed in the key starts (9 today).
//! - A stem's form when it is its lemma's (36,605 of 71,036 stems): a flag per stem
//!   says whether its form is stored, as its difference from what most stems of its
//!   category do (a flag per category; 11 → 6 KB); a stored form is stored as the
//!   bytes it shares with its lemma's form and the rest (91 → 64 KB). The lemmas'
//!   forms, in the order of their folded forms, are front-coded
//!   ([`crate::datafile::read_front_coded`], inline; 119 → 88 KB). Both are unpacked
//!   at load into one buffer, which the stems' forms are read from.
//! - A stem's gloss as a u32 (111 KB): each lemma lists the glosses of its stems
//!   (increasing, stored as zigzag varints of each one's difference from one past the
//!   greatest before it: the builder numbers the glosses in the order the lemmas
//!   first use them, `build::lexicon::number_by_form`, so that is mostly 0), and a
//!   stem stores its gloss's place in its lemma's list, a u8 (29 KB together).
//! - A stem's lemma as a u32 (101 KB): the builder numbers the lemmas in the order
//!   of their folded forms, so a stem's lemma (stems are in key order) is mostly
//!   near that of the stem before with its own form or without as it has; the file
//!   stores the difference, the stems without their own form first (46 KB).
//! - A stem's POS tag as a u8 (18 KB): its place among its category's tags,
//!   commonest first, which a category nearly fixes (6 KB; the tags per stem are
//!   made at load). A stem's category is a u8 (159 categories).
//!
//! Sections, in order: the prefixes and the suffixes (key, vocalised form, gloss,
//! tags: strings; category: u16), the prefix, stem and suffix category names and
//! the POS tags (strings), the key exceptions (u32 key indices, increasing; then
//! the keys as strings), the key starts (the stems where the folded-form rule is
//! wrong: varints, each the gap from one past the one before), per stem category
//! whether most of its stems have their own form (u8), the stems (whether the form
//! is stored, against its category's: u8; the stored forms: a u32 count, then per
//! form a varint of the bytes it shares with its lemma's form, the rest and a 0;
//! category u8; lemma: varints, the zigzag of the difference from the stem before's
//! in its run, the run of stems without their own form then the run with; gloss's
//! place u8), per category its number of POS tags (varints) and the tags (u8s), per
//! stem its POS tag's place among its category's (u8), the lemmas (vocalised form:
//! a u32 count, then front-coded inline; log probability: f32s in byte planes, the
//! high bytes of all first; number of glosses: varints; the glosses: varints), the
//! glosses (strings), the compatibility tables AB, AC, BC (bit matrices: bit
//! `a * columns + b` set for an allowed pair, a u32 count of bytes first), the
//! prefix and suffix weights (f32) and the agreed lemmas (varints, each the gap
//! from one past the one before).
//!
//! Format 3 (bincode of owned structs, one `String` per field) cost, measured on this
//! machine: 62 ms natively and ~260 ms in wasm to decode, 24.5 MiB of wasm memory,
//! 1.37 MB gzipped; format 4: see BENCHMARKS.md, "Cold start, memory, size".
//! Only the small tables (917 affixes, category and POS names, weights) are decoded.

use rustc_hash::FxHashMap as HashMap;

use crate::datafile::{
    fnv1a_words, frame_with, push_varint, read_front_coded, read_strings, read_varint, sep_str, string_end, unframe_with, write_front_coded_as,
    write_strings, FrameError, END,
};
use crate::error::Error;
use crate::normalize::fold_buckwalter_byte;

const MAGIC: &[u8; 8] = b"HSYLEX\0\0";
const VERSION: u32 = 6;

/// Coarse classes of stem categories; affix probabilities are conditioned on them
/// (a verb always carries a subject suffix, a noun rarely does).
pub const CLASSES: usize = 5;

/// The class of a stem category name: nominal, perfect, imperfect, imperative verb,
/// or function word.
pub fn class_of(category: &str) -> u8 {
    match category.as_bytes().first().copied() {
        _ if category.starts_with("PV") => 1,
        _ if category.starts_with("IV") => 2,
        _ if category.starts_with("CV") => 3,
        Some(b'F') => 4,
        _ => 0,
    }
}

/// A prefix or suffix (possibly several clitics fused, like `wAl` "and + the").
#[derive(Debug, Clone, PartialEq)]
pub struct Affix {
    /// Folded key (see [`crate::normalize`]); empty for the null affix.
    pub key: String,
    /// Vocalised Buckwalter form.
    pub voc: String,
    /// Index into the category names of its table.
    pub cat: u16,
    /// English meaning, parts joined by " + ".
    pub gloss: String,
    /// Buckwalter morpheme tags, e.g. `wa/CONJ+Al/DET+`.
    pub tags: String,
}

/// A stem of a lemma with its vocalisation, category and sense (the builder's form).
#[derive(Debug, Clone, PartialEq)]
pub struct Stem {
    pub voc: String,
    pub cat: u16,
    pub lemma: u32,
    /// Index into [`LexiconData::glosses`].
    pub gloss: u32,
    /// Buckwalter POS tag (`NOUN`, `ADJ`, `VERB_PERFECT`, ...).
    pub pos: String,
}

/// A stem as the loaded [`Lexicon`] gives it: read from the file's columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StemRef<'a> {
    pub voc: &'a str,
    pub cat: u16,
    pub lemma: u32,
    /// Index of its gloss ([`Lexicon::gloss`]).
    pub gloss: u32,
    /// Buckwalter POS tag (`NOUN`, `ADJ`, `VERB_PERFECT`, ...).
    pub pos: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lemma {
    /// Vocalised Buckwalter form, e.g. `tanoZiym`.
    pub voc: String,
    /// Log probability of the lemma, learnt from word frequencies.
    pub logp: f32,
}

/// Everything in the lexicon file, as owned collections: what the builder makes and
/// writes ([`LexiconData::to_bytes`]); the runtime reads the file through [`Lexicon`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LexiconData {
    pub prefixes: Vec<Affix>,
    pub suffixes: Vec<Affix>,
    /// Stem keys, sorted; `stem_ranges[i]` are the stems with key `stem_keys[i]`
    /// (consecutive ranges, in order: the file stores where each starts).
    pub stem_keys: Vec<String>,
    pub stem_ranges: Vec<(u32, u32)>,
    pub stems: Vec<Stem>,
    pub lemmas: Vec<Lemma>,
    pub glosses: Vec<String>,
    pub prefix_cats: Vec<String>,
    pub stem_cats: Vec<String>,
    pub suffix_cats: Vec<String>,
    /// Allowed (prefix, stem), (prefix, suffix) and (stem, suffix) category pairs.
    pub table_ab: Vec<(u16, u16)>,
    pub table_ac: Vec<(u16, u16)>,
    pub table_bc: Vec<(u16, u16)>,
    /// log P(prefix | class) and log P(suffix | class), learnt from word
    /// frequencies; index `affix * CLASSES + class`.
    pub prefix_logp: Vec<f32>,
    pub suffix_logp: Vec<f32>,
    /// Lemmas a second dictionary (FreeDict) agrees with: for some headword that
    /// has several readings, this lemma's gloss shares a word with FreeDict's.
    /// Sorted lemma indices.
    pub agreed_lemmas: Vec<u32>,
}

/// The file's writer: counts and numbers little-endian, strings as varint lengths
/// then bytes.
#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&u32::try_from(n).expect("lexicon tables fit u32 counts").to_le_bytes());
    }
    fn strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.count(items.len());
        write_strings(&mut self.0, items);
    }
    fn varints(&mut self, items: &[u32]) {
        self.count(items.len());
        items.iter().for_each(|&v| push_varint(&mut self.0, v as u64));
    }
    fn u8s(&mut self, items: &[u8]) {
        self.count(items.len());
        self.0.extend_from_slice(items);
    }
    fn u16s(&mut self, items: &[u16]) {
        self.count(items.len());
        items.iter().for_each(|v| self.0.extend_from_slice(&v.to_le_bytes()));
    }
    fn u32s(&mut self, items: &[u32]) {
        self.count(items.len());
        items.iter().for_each(|v| self.0.extend_from_slice(&v.to_le_bytes()));
    }
    fn f32s(&mut self, items: &[f32]) {
        self.count(items.len());
        items.iter().for_each(|v| self.0.extend_from_slice(&v.to_le_bytes()));
    }
    fn affixes(&mut self, items: &[Affix]) {
        self.strs(&items.iter().map(|a| a.key.as_str()).collect::<Vec<_>>());
        self.strs(&items.iter().map(|a| a.voc.as_str()).collect::<Vec<_>>());
        self.strs(&items.iter().map(|a| a.gloss.as_str()).collect::<Vec<_>>());
        self.strs(&items.iter().map(|a| a.tags.as_str()).collect::<Vec<_>>());
        self.u16s(&items.iter().map(|a| a.cat).collect::<Vec<_>>());
    }
}

/// A signed difference as an unsigned number, small for small differences either
/// way (0, -1, 1, -2, ... → 0, 1, 2, 3, ...).
fn zigzag(d: i64) -> u32 {
    u32::try_from(if d >= 0 { 2 * d } else { -2 * d - 1 }).expect("a difference of indices fits u32")
}

/// The inverse of [`zigzag`].
fn unzigzag(z: u32) -> i64 {
    if z % 2 == 0 { (z / 2) as i64 } else { -((z / 2) as i64) - 1 }
}

/// Allowed category pairs as a bit matrix: bit `a * cols + b` (bit i % 8 of byte
/// i / 8) for the pair (a, b). 5.4 KB gzipped as u16 pairs, 1.1 KB so.
fn pair_bits(rows: usize, cols: usize, pairs: &[(u16, u16)]) -> Vec<u8> {
    let mut bits = vec![0u8; (rows * cols).div_ceil(8)];
    for &(a, b) in pairs {
        assert!((a as usize) < rows && (b as usize) < cols, "a compatibility pair names an unknown category");
        let i = a as usize * cols + b as usize;
        bits[i / 8] |= 1 << (i % 8);
    }
    bits
}

impl LexiconData {
    /// Serialises to the file format (see the module's documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Out::default();
        out.affixes(&self.prefixes);
        out.affixes(&self.suffixes);
        out.strs(&self.prefix_cats);
        out.strs(&self.stem_cats);
        out.strs(&self.suffix_cats);
        // POS tags: 39 distinct names over 71,036 stems, stored once and indexed by a u8
        let mut pos_names: Vec<&str> = self.stems.iter().map(|s| s.pos.as_str()).collect();
        pos_names.sort_unstable();
        pos_names.dedup();
        assert!(pos_names.len() <= 256, "more than 256 POS tags");
        out.strs(&pos_names);
        // the keys the loader cannot make from their first stem, and each key's stems
        assert!(self.stem_ranges.first().is_none_or(|r| r.0 == 0), "stem ranges start at the first stem");
        assert!(self.stem_ranges.windows(2).all(|w| w[0].1 == w[1].0), "stem ranges are consecutive (stems sorted by key)");
        assert_eq!(self.stem_ranges.last().map_or(0, |r| r.1) as usize, self.stems.len(), "stem ranges cover the stems");
        let (mut exc_ix, mut exc_keys) = (Vec::new(), Vec::new());
        for (i, (key, r)) in self.stem_keys.iter().zip(&self.stem_ranges).enumerate() {
            if r.0 == r.1 || !self.stems[r.0 as usize].voc.bytes().filter_map(fold_buckwalter_byte).eq(key.bytes()) {
                exc_ix.push(i as u32);
                exc_keys.push(key.as_str());
            }
        }
        out.u32s(&exc_ix);
        out.strs(&exc_keys);
        // where each key's stems start: where a stem's folded form differs from the one
        // before's, but for the stems listed here (where that rule is wrong: 9 today;
        // as gaps between increasing indices). 11 KB gzipped as counts per key.
        assert!(self.stem_ranges.iter().all(|r| r.0 < r.1), "every stem key has stems");
        let folded = |i: usize| self.stems[i].voc.bytes().filter_map(fold_buckwalter_byte);
        let mut starts = self.stem_ranges.iter().map(|r| r.0 as usize).peekable();
        let mut flips = Vec::new();
        for i in 0..self.stems.len() {
            let starts_key = starts.next_if_eq(&i).is_some();
            if starts_key != (i == 0 || !folded(i).eq(folded(i - 1))) {
                flips.push(i as u32);
            }
        }
        out.varints(&flips.iter().enumerate().map(|(k, &i)| if k == 0 { i } else { i - flips[k - 1] - 1 }).collect::<Vec<_>>());
        // a stem's form only when it is not its lemma's
        let own = |s: &Stem| s.voc != self.lemmas[s.lemma as usize].voc;
        // per stem category, whether most of its stems have their own form; per stem,
        // whether it differs from its category's (1 in 8: 11 → 6 KB gzipped)
        let mut cat_own = vec![(0usize, 0usize); self.stem_cats.len()];
        for s in &self.stems {
            let c = &mut cat_own[s.cat as usize];
            *(if own(s) { &mut c.1 } else { &mut c.0 }) += 1;
        }
        let cat_own: Vec<u8> = cat_own.iter().map(|&(same, own)| (own > same) as u8).collect();
        out.u8s(&cat_own);
        out.u8s(&self.stems.iter().map(|s| own(s) as u8 ^ cat_own[s.cat as usize]).collect::<Vec<_>>());
        // each as the bytes it shares with its lemma's form (at a character) and the rest
        let owned: Vec<&Stem> = self.stems.iter().filter(|s| own(s)).collect();
        out.count(owned.len());
        for s in owned {
            let (voc, lemma) = (s.voc.as_str(), self.lemmas[s.lemma as usize].voc.as_str());
            let mut shared = voc.bytes().zip(lemma.bytes()).take_while(|(a, b)| a == b).count();
            while !voc.is_char_boundary(shared) {
                shared -= 1;
            }
            push_varint(&mut out.0, shared as u64);
            assert!(!voc.as_bytes().contains(&END), "a stem's form holds a 0 byte");
            out.0.extend_from_slice(&voc.as_bytes()[shared..]);
            out.0.push(END);
        }
        assert!(self.stem_cats.len() <= 256, "more than 256 stem categories");
        out.u8s(&self.stems.iter().map(|s| s.cat as u8).collect::<Vec<_>>());
        // a stem's lemma as the difference from the lemma of the stem before with its
        // own form or without as it has (two runs: without, then with; 50 → 46 KB
        // gzipped against one run in stem order)
        let mut lemma_codes = [Vec::new(), Vec::new()];
        let mut prev = [0i64; 2];
        for s in &self.stems {
            let o = own(s) as usize;
            lemma_codes[o].push(zigzag(s.lemma as i64 - prev[o]));
            prev[o] = s.lemma as i64;
        }
        out.varints(&lemma_codes.concat());
        // each lemma's glosses (those of its stems, increasing), and each stem's gloss
        // as its place among them
        let mut lemma_glosses: Vec<Vec<u32>> = vec![Vec::new(); self.lemmas.len()];
        for s in &self.stems {
            lemma_glosses[s.lemma as usize].push(s.gloss);
        }
        for list in &mut lemma_glosses {
            list.sort_unstable();
            list.dedup();
            assert!(list.len() <= 256, "more than 256 glosses for a lemma");
        }
        out.u8s(&self.stems.iter().map(|s| lemma_glosses[s.lemma as usize].binary_search(&s.gloss).unwrap() as u8).collect::<Vec<_>>());
        // a stem's POS tag as its place among its category's tags, commonest first
        // (mostly 0: a category nearly fixes the tag), each category's list stored
        let pos_ix = |s: &Stem| pos_names.binary_search(&s.pos.as_str()).unwrap() as u8;
        let mut per_cat: Vec<Vec<(u32, u8)>> = vec![Vec::new(); self.stem_cats.len()];
        for s in &self.stems {
            let list = &mut per_cat[s.cat as usize];
            match list.iter_mut().find(|(_, p)| *p == pos_ix(s)) {
                Some(e) => e.0 += 1,
                None => list.push((1, pos_ix(s))),
            }
        }
        for list in &mut per_cat {
            list.sort_by_key(|&(n, p)| (std::cmp::Reverse(n), p));
        }
        out.varints(&per_cat.iter().map(|l| l.len() as u32).collect::<Vec<_>>());
        out.u8s(&per_cat.iter().flatten().map(|&(_, p)| p).collect::<Vec<_>>());
        out.u8s(&self.stems.iter().map(|s| per_cat[s.cat as usize].iter().position(|&(_, p)| p == pos_ix(s)).unwrap() as u8).collect::<Vec<_>>());
        // the lemmas are in the order of their folded forms (see build::lexicon::number_by_form)
        out.count(self.lemmas.len());
        write_front_coded_as(&mut out.0, &self.lemmas.iter().map(|l| l.voc.as_str()).collect::<Vec<_>>(), true);
        // the weights' bytes in planes, the high bytes (sign, exponent: nearly all the
        // same) first, then the next: 108 → 104 KB gzipped against f32 after f32
        out.count(self.lemmas.len());
        for k in (0..4).rev() {
            out.0.extend(self.lemmas.iter().map(|l| l.logp.to_bits().to_le_bytes()[k]));
        }
        out.varints(&lemma_glosses.iter().map(|l| l.len() as u32).collect::<Vec<_>>());
        let mut next = 0i64;
        let flat: Vec<u32> = lemma_glosses.iter().flatten().map(|&g| {
            let d = g as i64 - next;
            next = next.max(g as i64 + 1);
            zigzag(d)
        }).collect();
        out.varints(&flat);
        out.strs(&self.glosses);
        // the compatibility tables as the bit matrices the loader makes of them
        let (np, ns, nx) = (self.prefix_cats.len(), self.stem_cats.len(), self.suffix_cats.len());
        out.u8s(&pair_bits(np, ns, &self.table_ab));
        out.u8s(&pair_bits(np, nx, &self.table_ac));
        out.u8s(&pair_bits(ns, nx, &self.table_bc));
        out.f32s(&self.prefix_logp);
        out.f32s(&self.suffix_logp);
        assert!(self.agreed_lemmas.windows(2).all(|w| w[0] < w[1]), "the agreed lemmas are sorted and distinct");
        out.varints(&self.agreed_lemmas.iter().enumerate().map(|(i, &l)| if i == 0 { l } else { l - self.agreed_lemmas[i - 1] - 1 }).collect::<Vec<_>>());
        frame_with(MAGIC, VERSION, &out.0, fnv1a_words)
    }
}

/// A column of fixed-width numbers in the file: where it starts, how many.
#[derive(Debug, Clone, Copy, Default)]
struct Col {
    at: usize,
    len: usize,
}

/// A column of strings in the file: where its bytes start, and each string's start
/// from there (`len + 1` offsets, the last past the end: see
/// [`crate::datafile::sep_str`]), found at load.
#[derive(Debug, Clone, Default)]
struct Strs {
    at: usize,
    offs: Vec<u32>,
}

impl Strs {
    fn len(&self) -> usize {
        self.offs.len() - 1
    }
    fn bytes<'a>(&self, buf: &'a [u8], i: usize) -> &'a [u8] {
        &buf[sep_str(self.at, &self.offs, i)]
    }
    /// String `i` of the column read from `buf`, the bytes it was read from.
    fn get<'a>(&self, buf: &'a [u8], i: usize) -> &'a str {
        let b = self.bytes(buf, i);
        // SAFETY: `Cursor::strs` checked that the column's text in `buf` is UTF-8 and
        // each string is on character boundaries (`read_strings`: every string ends
        // at a 0, which is ASCII), and the callers pass the bytes it was read from,
        // which the lexicon never changes. Not checking again here saves about 3 % of
        // the words layer's instructions (glosses are read for every word shown).
        debug_assert!(std::str::from_utf8(b).is_ok());
        unsafe { std::str::from_utf8_unchecked(b) }
    }
    fn owned(&self, buf: &[u8]) -> Vec<String> {
        (0..self.len()).map(|i| self.get(buf, i).to_string()).collect()
    }
}

/// Reads the sections in order, checking each against the bytes left.
struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn corrupt(what: &str) -> Error {
    Error::data(format!("lexicon file is corrupt: {what}"))
}

impl Cursor<'_> {
    fn count(&mut self, what: &str) -> Result<usize, Error> {
        let b = self.buf.get(self.pos..self.pos + 4).ok_or_else(|| corrupt(&format!("truncated before {what}")))?;
        self.pos += 4;
        Ok(u32::from_le_bytes(b.try_into().unwrap()) as usize)
    }
    fn col(&mut self, width: usize, what: &str) -> Result<Col, Error> {
        let len = self.count(what)?;
        let end = len.checked_mul(width).and_then(|n| n.checked_add(self.pos)).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| corrupt(&format!("{what} runs past the end")))?;
        let col = Col { at: self.pos, len };
        self.pos = end;
        Ok(col)
    }
    fn strs(&mut self, what: &str) -> Result<Strs, Error> {
        let n = self.count(what)?;
        let (at, offs) = read_strings(self.buf, &mut self.pos, n).map_err(|e| corrupt(&format!("{what} {e}")))?;
        Ok(Strs { at, offs })
    }
    /// The stems' own forms: a count, then per form the bytes it shares with its
    /// lemma's form (a varint) and the rest, ended by a 0. Gives (shared, where the
    /// rest starts, its length) per form.
    fn own_forms(&mut self, what: &str) -> Result<Vec<(usize, usize, usize)>, Error> {
        let n = self.count(what)?;
        if n > (self.buf.len() - self.pos) / 2 {
            return Err(corrupt(&format!("{what} run past the end")));
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let shared = read_varint(self.buf, &mut self.pos).map_err(|e| corrupt(&format!("{what}: {e}")))? as usize;
            let len = string_end(&self.buf[self.pos..]).ok_or_else(|| corrupt(&format!("{what} run past the end")))?;
            out.push((shared, self.pos, len));
            self.pos += len + 1;
        }
        Ok(out)
    }
    fn varints(&mut self, what: &str) -> Result<Vec<u32>, Error> {
        let n = self.count(what)?;
        if n > self.buf.len() - self.pos {
            return Err(corrupt(&format!("{what} run past the end")));
        }
        (0..n).map(|_| read_varint(self.buf, &mut self.pos).map_err(|e| corrupt(&format!("{what}: {e}")))).collect()
    }
    fn u16s(&mut self, what: &str) -> Result<Vec<u16>, Error> {
        let c = self.col(2, what)?;
        Ok(self.buf[c.at..c.at + 2 * c.len].chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect())
    }
    fn f32s(&mut self, what: &str) -> Result<Vec<f32>, Error> {
        let c = self.col(4, what)?;
        Ok(self.buf[c.at..c.at + 4 * c.len].chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect())
    }
    fn affixes(&mut self, what: &str) -> Result<Vec<Affix>, Error> {
        let [key, voc, gloss, tags] = [self.strs(what)?, self.strs(what)?, self.strs(what)?, self.strs(what)?];
        let cats = self.u16s(what)?;
        let n = key.len();
        if [voc.len(), gloss.len(), tags.len(), cats.len()].iter().any(|&m| m != n) {
            return Err(corrupt(&format!("{what} columns differ in length")));
        }
        Ok((0..n)
            .map(|i| Affix {
                key: key.get(self.buf, i).to_string(),
                voc: voc.get(self.buf, i).to_string(),
                gloss: gloss.get(self.buf, i).to_string(),
                tags: tags.get(self.buf, i).to_string(),
                cat: cats[i],
            })
            .collect())
    }
}

/// A square-ish bit matrix of allowed category pairs.
#[derive(Debug, Clone)]
struct PairTable {
    cols: usize,
    bits: Vec<u64>,
}

impl PairTable {
    /// The table from the file's bit matrix ([`pair_bits`]).
    fn from_bits(rows: usize, cols: usize, bytes: &[u8]) -> Result<PairTable, Error> {
        let n = rows * cols;
        if bytes.len() != n.div_ceil(8) || (n % 8 != 0 && bytes.last().is_some_and(|&b| b >> (n % 8) != 0)) {
            return Err(corrupt("a compatibility table does not fit its categories"));
        }
        let mut t = PairTable { cols, bits: vec![0; n.div_ceil(64).max(1)] };
        for (i, &b) in bytes.iter().enumerate() {
            t.bits[i / 8] |= (b as u64) << (8 * (i % 8));
        }
        Ok(t)
    }
    #[inline]
    fn allows(&self, a: u16, b: u16) -> bool {
        let i = a as usize * self.cols + b as usize;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The affixes (prefixes or suffixes) with each key. Analysis looks a word's every
/// beginning and ending up here (about 12 lookups a word); a key of up to 7 bytes
/// (all of Buckwalter's) is packed into a `u64`, whose hash is one multiply, where
/// hashing and comparing a `String` key cost 7 M instructions more per newswire pass.
#[derive(Debug, Clone, Default)]
struct AffixIndex {
    short: HashMap<u64, Vec<u16>>,
    long: HashMap<String, Vec<u16>>,
}

impl AffixIndex {
    fn new<'k>(keys: impl Iterator<Item = &'k str>) -> AffixIndex {
        let mut index = AffixIndex::default();
        for (i, key) in keys.enumerate() {
            let list = match pack_key(key.as_bytes()) {
                Some(k) => index.short.entry(k).or_default(),
                None => index.long.entry(key.to_string()).or_default(),
            };
            list.push(i as u16);
        }
        index
    }

    /// The affixes whose key is `key`, in the lexicon's order.
    #[inline]
    fn get(&self, key: &str) -> &[u16] {
        let found = match pack_key(key.as_bytes()) {
            Some(k) => self.short.get(&k),
            None => self.long.get(key),
        };
        found.map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A key of up to 7 bytes as one number: its bytes, then its length in the top
/// byte (so keys that differ only by trailing zero bytes stay apart).
#[inline]
fn pack_key(key: &[u8]) -> Option<u64> {
    if key.len() > 7 {
        return None;
    }
    Some(key.iter().rev().fold(0u64, |acc, &b| (acc << 8) | b as u64) | (key.len() as u64) << 56)
}

fn hash_key(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(key);
    h.finish()
}

/// The lexicon, read in place from the file's bytes and indexed for lookup.
#[derive(Clone)]
pub struct Lexicon {
    /// The whole file; the big tables are read from it where they lie.
    buf: Vec<u8>,
    pub prefixes: Vec<Affix>,
    pub suffixes: Vec<Affix>,
    pub prefix_cats: Vec<String>,
    pub stem_cats: Vec<String>,
    pub suffix_cats: Vec<String>,
    pos_names: Vec<String>,
    /// The stem keys' text (made at load) and each key's end in it (`len + 1`
    /// offsets, the first 0).
    key_text: Vec<u8>,
    key_ends: Vec<u32>,
    /// `key_ends.len()` entries: where each key's stems start, then the number of stems.
    stem_starts: Vec<u32>,
    /// The lemmas' forms, then the stems' own forms (unpacked at load); per stem,
    /// where its form lies in `forms` (start, end); per lemma, its form's end (`len + 1`
    /// offsets, the first 0).
    forms: String,
    voc_at: Vec<[u32; 2]>,
    lemma_ends: Vec<u32>,
    stem_cat: Col,
    /// Per stem, its lemma (unpacked at load).
    stem_lemma: Vec<u32>,
    /// Per stem, its gloss's place among its lemma's glosses (u8).
    stem_gloss: Col,
    /// Per lemma, where its glosses start in `lemma_glosses`; then their number.
    lemma_gloss_first: Vec<u32>,
    lemma_glosses: Vec<u32>,
    /// Per stem, its POS tag (an index of `pos_names`), made at load from the file's
    /// place among its category's tags: looked up for every analysis, where the
    /// two-step read cost 1.3 M instructions a pass over the newswire corpus.
    stem_pos: Vec<u8>,
    lemma_logp: Col,
    glosses: Strs,
    prefix_logp: Vec<f32>,
    suffix_logp: Vec<f32>,
    /// Open addressing over the stem keys: `key index + 1`, 0 for an empty slot.
    key_slots: Vec<u32>,
    prefix_index: AffixIndex,
    suffix_index: AffixIndex,
    ab: PairTable,
    ac: PairTable,
    bc: PairTable,
    pub max_prefix_len: usize,
    pub max_suffix_len: usize,
    /// Per stem category: its class (see [`class_of`]).
    pub stem_cat_class: Vec<u8>,
    /// Per lemma: whether FreeDict agrees with it (see [`LexiconData::agreed_lemmas`]).
    pub lemma_agreed: Vec<bool>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon {{ {} bytes, {} stems, {} lemmas }}", self.buf.len(), self.stem_count(), self.lemma_count())
    }
}

/// 0 and the running sums of `counts` (`None` past u32).
fn running_sums(counts: &[u32]) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    out.push(0u32);
    for &n in counts {
        out.push(out.last().unwrap().checked_add(n)?);
    }
    Some(out)
}

/// `*n`, then adds one to it.
fn post_inc(n: &mut usize) -> usize {
    *n += 1;
    *n - 1
}

#[inline]
fn u32_at(buf: &[u8], col: Col, i: usize) -> u32 {
    assert!(i < col.len, "index {i} out of a column of {}", col.len);
    u32::from_le_bytes(buf[col.at + 4 * i..col.at + 4 * i + 4].try_into().unwrap())
}

impl Lexicon {
    /// Loads a lexicon file's bytes (copies them; [`Lexicon::from_vec`] does not).
    pub fn from_bytes(bytes: &[u8]) -> Result<Lexicon, Error> {
        Lexicon::from_vec(bytes.to_vec())
    }

    /// The builder's data, through the file format (the builder analyses with it
    /// before the file exists).
    pub fn from_data(data: &LexiconData) -> Result<Lexicon, Error> {
        Lexicon::from_vec(data.to_bytes())
    }

    /// Loads a lexicon file, keeping its bytes: checks the framing and every section,
    /// and builds the small indexes.
    pub fn from_vec(buf: Vec<u8>) -> Result<Lexicon, Error> {
        let payload_len = unframe_with(&buf, MAGIC, VERSION, fnv1a_words)
            .map_err(|e| match e {
                FrameError::Magic => Error::data("not a Hashiya lexicon file (wrong magic bytes)"),
                FrameError::Version(v) => Error::data(format!("lexicon format version {v}, this build reads version {VERSION}")),
                FrameError::Checksum => Error::data("lexicon file is corrupt or truncated (checksum mismatch)"),
            })?
            .len();
        let mut c = Cursor { pos: buf.len() - payload_len, buf: &buf };
        let prefixes = c.affixes("the prefix table")?;
        let suffixes = c.affixes("the suffix table")?;
        let prefix_cats = c.strs("the prefix categories")?.owned(&buf);
        let stem_cats = c.strs("the stem categories")?.owned(&buf);
        let suffix_cats = c.strs("the suffix categories")?.owned(&buf);
        let pos_names = c.strs("the POS tags")?.owned(&buf);
        let exc_ix = c.col(4, "the key exceptions")?;
        let exc_keys = c.strs("the key exceptions")?;
        let key_flips = c.varints("the key starts")?;
        let cat_own = c.col(1, "the categories' own forms")?;
        let voc_own = c.col(1, "the stems' own forms")?;
        let own_forms = c.own_forms("the stems' forms")?;
        let stem_cat = c.col(1, "the stems' categories")?;
        let lemma_codes = c.varints("the stems' lemmas")?;
        let stem_gloss = c.col(1, "the stems' glosses")?;
        let cat_pos_counts = c.varints("the categories' POS tags")?;
        let cat_pos = c.col(1, "the categories' POS tags")?;
        let cat_pos = &buf[cat_pos.at..cat_pos.at + cat_pos.len];
        let stem_pos_col = c.col(1, "the stems' POS tags")?;
        let n_lemmas = c.count("the lemmas")?;
        let (mut forms, lemma_ends) = read_front_coded(&buf, &mut c.pos, n_lemmas).map_err(|e| corrupt(&format!("the lemmas {e}")))?;
        let lemma_logp = c.col(4, "the lemma weights")?;
        let lemma_gloss_counts = c.varints("the lemmas' glosses")?;
        let lemma_gloss_codes = c.varints("the lemmas' glosses")?;
        let glosses = c.strs("the glosses")?;
        let table_ab = c.col(1, "compatibility table AB")?;
        let table_ac = c.col(1, "compatibility table AC")?;
        let table_bc = c.col(1, "compatibility table BC")?;
        let prefix_logp = c.f32s("the prefix weights")?;
        let suffix_logp = c.f32s("the suffix weights")?;
        let agreed = c.varints("the agreed lemmas")?;
        if c.pos != buf.len() {
            return Err(corrupt("bytes left after the last table"));
        }

        let (np, ns, nx) = (prefix_cats.len(), stem_cats.len(), suffix_cats.len());
        let n_stems = voc_own.len;
        if [stem_cat.len, lemma_codes.len(), stem_gloss.len, stem_pos_col.len].iter().any(|&n| n != n_stems) {
            return Err(corrupt("the stem columns differ in length"));
        }
        if lemma_logp.len != n_lemmas || lemma_gloss_counts.len() != n_lemmas {
            return Err(corrupt("the lemma columns differ in length"));
        }
        // one pass over the stem columns: every index they hold must point inside its
        // table; and where each stem's form lies
        let (n_lemmas, n_glosses) = (n_lemmas as u32, glosses.len() as u32);
        let lemma_gloss_first = running_sums(&lemma_gloss_counts).ok_or_else(|| corrupt("too many lemma glosses"))?;
        let cat_pos_first = running_sums(&cat_pos_counts).ok_or_else(|| corrupt("too many POS tags"))?;
        if cat_pos_counts.len() != ns || *cat_pos_first.last().unwrap() as usize != cat_pos.len() {
            return Err(corrupt("the categories' POS tags do not add up"));
        }
        if cat_pos.iter().any(|&p| p as usize >= pos_names.len()) {
            return Err(corrupt("a category's POS tag is out of range"));
        }
        if *lemma_gloss_first.last().unwrap() as usize != lemma_gloss_codes.len() {
            return Err(corrupt("the lemmas' glosses do not add up"));
        }
        let mut next = 0i64;
        let mut lemma_glosses = Vec::with_capacity(lemma_gloss_codes.len());
        for &z in &lemma_gloss_codes {
            let g = next + unzigzag(z);
            if !(0..n_glosses as i64).contains(&g) {
                return Err(corrupt("a lemma's gloss is out of range"));
            }
            next = next.max(g + 1);
            lemma_glosses.push(g as u32);
        }
        let mut stem_lemma = Vec::with_capacity(n_stems);
        let mut stem_pos = Vec::with_capacity(n_stems);
        let mut voc_at = Vec::with_capacity(n_stems);
        let lemma_text = forms.len();
        forms.reserve(own_forms.iter().map(|&(shared, _, len)| shared.saturating_add(len)).fold(0usize, usize::saturating_add).min(buf.len() * 4));
        // the lemma codes of the stems without their own form, then of those with
        let mut lemma = [0i64; 2];
        if own_forms.len() > n_stems {
            return Err(corrupt("more stem forms than stems"));
        }
        let n_plain = n_stems - own_forms.len();
        let mut own = 0;
        for i in 0..n_stems {
            let cat = buf[stem_cat.at + i];
            if cat as usize >= cat_own.len {
                return Err(corrupt("the categories' own forms do not match the categories"));
            }
            let is_own = buf[voc_own.at + i] ^ buf[cat_own.at + cat as usize];
            let (o, code) = match is_own {
                0 if i - own < n_plain => (0, lemma_codes[i - own]),
                1 if own < own_forms.len() => (1, lemma_codes[n_plain + own]),
                _ => return Err(corrupt("a stem's form is missing")),
            };
            lemma[o] += unzigzag(code);
            if !(0..n_lemmas as i64).contains(&lemma[o]) {
                return Err(corrupt("a stem points outside the tables"));
            }
            let lemma = lemma[o] as u32;
            stem_lemma.push(lemma);
            if lemma >= n_lemmas
                || buf[stem_gloss.at + i] as u32 >= lemma_gloss_counts[lemma as usize]
                || cat as usize >= ns
                || buf[stem_pos_col.at + i] as u32 >= cat_pos_first[cat as usize + 1] - cat_pos_first[cat as usize]
            {
                return Err(corrupt("a stem points outside the tables"));
            }
            stem_pos.push(cat_pos[(cat_pos_first[cat as usize] + buf[stem_pos_col.at + i] as u32) as usize]);
            let (a, b) = (lemma_ends[lemma as usize], lemma_ends[lemma as usize + 1]);
            match is_own {
                0 => voc_at.push([a, b]),
                1 if own < own_forms.len() => {
                    // its lemma's form's first `shared` bytes, then its own
                    let (shared, at, len) = own_forms[post_inc(&mut own)];
                    if shared > (b - a) as usize {
                        return Err(corrupt("a stem's form shares more than its lemma's has"));
                    }
                    let start = forms.len();
                    forms.extend_from_within(a as usize..a as usize + shared);
                    forms.extend_from_slice(&buf[at..at + len]);
                    let end = u32::try_from(forms.len()).map_err(|_| corrupt("the stems' forms are too long"))?;
                    voc_at.push([start as u32, end]);
                }
                _ => return Err(corrupt("a stem's form is missing")),
            }
        }
        if own != own_forms.len() {
            return Err(corrupt("stem forms are left over"));
        }
        // the stems' own forms UTF-8, each on character boundaries (the lemmas' forms
        // were checked as they were read); kept as a `String`, so that reading a form
        // needs no check of its text
        let forms = String::from_utf8(forms).map_err(|_| corrupt("a stem's form is not UTF-8"))?;
        if !voc_at.iter().flatten().all(|&o| o as usize <= lemma_text || forms.is_char_boundary(o as usize)) {
            return Err(corrupt("a stem's form splits a character"));
        }
        if exc_ix.len != exc_keys.len() {
            return Err(corrupt("the key exception columns differ in length"));
        }
        // in one pass over the stems' folded forms: where each key's stems start (where
        // a stem's folded form differs from the one before's, but at the stems listed:
        // see `LexiconData::to_bytes`), and the keys (each its first stem's folded form,
        // or its exception)
        let mut stem_starts = Vec::with_capacity(n_stems / 2 + 1);
        let (mut key_text, mut key_ends) = (Vec::with_capacity(n_stems * 3), Vec::with_capacity(n_stems / 2 + 2));
        key_ends.push(0u32);
        let mut flips = key_flips.iter().scan(0usize, |next, &gap| {
            let i = next.saturating_add(gap as usize);
            *next = i.saturating_add(1);
            Some(i)
        }).peekable();
        let (mut folded, mut before) = (Vec::new(), Vec::new());
        let mut exc = 0;
        for i in 0..n_stems {
            let [a, b] = voc_at[i];
            folded.clear();
            folded.extend(forms.as_bytes()[a as usize..b as usize].iter().filter_map(|&b| fold_buckwalter_byte(b)));
            let flip = flips.next_if_eq(&i).is_some();
            if flip != (i == 0 || folded != before) {
                if exc < exc_ix.len && u32_at(&buf, exc_ix, exc) as usize == stem_starts.len() {
                    key_text.extend_from_slice(exc_keys.bytes(&buf, exc));
                    exc += 1;
                } else {
                    key_text.extend_from_slice(&folded);
                }
                key_ends.push(u32::try_from(key_text.len()).map_err(|_| corrupt("the keys are too long"))?);
                stem_starts.push(i as u32);
            }
            std::mem::swap(&mut folded, &mut before);
        }
        if flips.next().is_some() {
            return Err(corrupt("the key starts are out of order or range"));
        }
        if n_stems > 0 && stem_starts.first() != Some(&0) {
            return Err(corrupt("the first stem starts no key"));
        }
        if exc != exc_ix.len {
            return Err(corrupt("the key exceptions are out of order or range"));
        }
        let n_keys = stem_starts.len();
        stem_starts.push(n_stems as u32);
        if prefixes.iter().any(|a| a.cat as usize >= np) {
            return Err(corrupt("a prefix has an unknown category"));
        }
        if suffixes.iter().any(|a| a.cat as usize >= nx) {
            return Err(corrupt("a suffix has an unknown category"));
        }
        let weights_ok = |v: &Vec<f32>, n: usize| v.is_empty() || v.len() == n * CLASSES;
        if !weights_ok(&prefix_logp, prefixes.len()) || !weights_ok(&suffix_logp, suffixes.len()) {
            return Err(corrupt("affix weight tables have the wrong size"));
        }
        let ab = PairTable::from_bits(np, ns, &buf[table_ab.at..table_ab.at + table_ab.len])?;
        let ac = PairTable::from_bits(np, nx, &buf[table_ac.at..table_ac.at + table_ac.len])?;
        let bc = PairTable::from_bits(ns, nx, &buf[table_bc.at..table_bc.at + table_bc.len])?;
        let prefix_index = AffixIndex::new(prefixes.iter().map(|a| a.key.as_str()));
        let suffix_index = AffixIndex::new(suffixes.iter().map(|a| a.key.as_str()));
        // the stem keys' hash index: at most half full
        let size = (n_keys * 2).next_power_of_two().max(2);
        let mut key_slots = vec![0u32; size];
        for i in 0..n_keys {
            let mut slot = hash_key(&key_text[key_ends[i] as usize..key_ends[i + 1] as usize]) as usize & (size - 1);
            while key_slots[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            key_slots[slot] = i as u32 + 1;
        }
        let max_prefix_len = prefixes.iter().map(|p| p.key.len()).max().unwrap_or(0);
        let max_suffix_len = suffixes.iter().map(|p| p.key.len()).max().unwrap_or(0);
        let stem_cat_class = stem_cats.iter().map(|c| class_of(c)).collect();
        let mut lemma_agreed = vec![false; n_lemmas as usize];
        let mut next = 0usize;
        for &gap in &agreed {
            let l = next.checked_add(gap as usize).filter(|&l| l < lemma_agreed.len()).ok_or_else(|| corrupt("an agreed lemma is out of range"))?;
            lemma_agreed[l] = true;
            next = l + 1;
        }
        Ok(Lexicon {
            prefixes,
            suffixes,
            prefix_cats,
            stem_cats,
            suffix_cats,
            pos_names,
            key_text,
            key_ends,
            stem_starts,
            forms,
            voc_at,
            lemma_ends,
            stem_cat,
            stem_lemma,
            stem_gloss,
            lemma_gloss_first,
            lemma_glosses,
            stem_pos,
            lemma_logp,
            glosses,
            prefix_logp,
            suffix_logp,
            key_slots,
            prefix_index,
            suffix_index,
            ab,
            ac,
            bc,
            max_prefix_len,
            max_suffix_len,
            stem_cat_class,
            lemma_agreed,
            buf,
        })
    }

    /// Stem key `i`'s bytes.
    #[inline]
    fn key(&self, i: usize) -> &[u8] {
        &self.key_text[self.key_ends[i] as usize..self.key_ends[i + 1] as usize]
    }

    /// The file's bytes as loaded.
    pub fn file_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn stem_count(&self) -> usize {
        self.voc_at.len()
    }
    pub fn lemma_count(&self) -> usize {
        self.lemma_ends.len() - 1
    }
    pub fn gloss_count(&self) -> usize {
        self.glosses.len()
    }

    /// Stem `i`, read from the file's columns.
    pub fn stem(&self, i: u32) -> StemRef<'_> {
        StemRef { voc: self.stem_voc(i), cat: self.stem_cat(i), lemma: self.stem_lemma(i), gloss: self.stem_gloss(i), pos: self.stem_pos(i) }
    }
    /// Stem `i`'s vocalised Buckwalter form.
    #[inline]
    pub fn stem_voc(&self, i: u32) -> &str {
        let [a, b] = self.voc_at[i as usize];
        // on character boundaries, checked at load; "" cannot happen
        self.forms.get(a as usize..b as usize).unwrap_or("")
    }
    /// [`Lexicon::stem_voc`]'s bytes, without the UTF-8 check (the hot path of analysis).
    #[inline]
    pub fn stem_voc_bytes(&self, i: u32) -> &[u8] {
        let [a, b] = self.voc_at[i as usize];
        &self.forms.as_bytes()[a as usize..b as usize]
    }
    #[inline]
    pub fn stem_cat(&self, i: u32) -> u16 {
        let i = i as usize;
        assert!(i < self.stem_cat.len);
        self.buf[self.stem_cat.at + i] as u16
    }
    #[inline]
    pub fn stem_lemma(&self, i: u32) -> u32 {
        self.stem_lemma[i as usize]
    }
    #[inline]
    pub fn stem_gloss(&self, i: u32) -> u32 {
        assert!((i as usize) < self.stem_gloss.len);
        let lemma = self.stem_lemma(i);
        self.lemma_glosses[(self.lemma_gloss_first[lemma as usize] + self.buf[self.stem_gloss.at + i as usize] as u32) as usize]
    }
    /// Stem `i`'s Buckwalter POS tag.
    #[inline]
    pub fn stem_pos(&self, i: u32) -> &str {
        &self.pos_names[self.stem_pos[i as usize] as usize]
    }
    /// Lemma `i`'s vocalised Buckwalter form.
    pub fn lemma_voc(&self, i: u32) -> &str {
        let i = i as usize;
        // on character boundaries, checked at load; "" cannot happen
        self.forms.get(self.lemma_ends[i] as usize..self.lemma_ends[i + 1] as usize).unwrap_or("")
    }
    /// Lemma `i`'s log probability.
    #[inline]
    pub fn lemma_logp(&self, i: u32) -> f32 {
        let (i, n, at) = (i as usize, self.lemma_logp.len, self.lemma_logp.at);
        assert!(i < n, "lemma {i} out of {n}");
        // byte planes, the high bytes first (see `LexiconData::to_bytes`)
        let b = &self.buf;
        f32::from_bits(u32::from_le_bytes([b[at + 3 * n + i], b[at + 2 * n + i], b[at + n + i], b[at + i]]))
    }
    /// Gloss `i` (senses separated by `;`).
    pub fn gloss(&self, i: u32) -> &str {
        self.glosses.get(&self.buf, i as usize)
    }

    pub fn prefixes_for(&self, key: &str) -> &[u16] {
        self.prefix_index.get(key)
    }
    pub fn suffixes_for(&self, key: &str) -> &[u16] {
        self.suffix_index.get(key)
    }
    /// Indices of the stems whose key is `key`.
    pub fn stems_for(&self, key: &str) -> std::ops::Range<u32> {
        let key = key.as_bytes();
        let mask = self.key_slots.len() - 1;
        let mut slot = hash_key(key) as usize & mask;
        loop {
            let k = self.key_slots[slot];
            if k == 0 {
                return 0..0;
            }
            let i = (k - 1) as usize;
            if self.key(i) == key {
                return self.stem_starts[i]..self.stem_starts[i + 1];
            }
            slot = (slot + 1) & mask;
        }
    }
    /// The class of a stem (see [`class_of`]).
    #[inline]
    pub fn stem_class(&self, stem: u32) -> u8 {
        self.stem_cat_class[self.stem_cat(stem) as usize]
    }

    /// log P(prefix | class) + log P(suffix | class); 0 before weights are learnt.
    #[inline]
    pub fn affix_logp(&self, prefix: u16, suffix: u16, class: u8) -> f32 {
        let c = class as usize;
        let p = self.prefix_logp.get(prefix as usize * CLASSES + c).copied().unwrap_or(0.0);
        let s = self.suffix_logp.get(suffix as usize * CLASSES + c).copied().unwrap_or(0.0);
        p + s
    }

    /// Whether the prefix's category may precede the stem's (table AB alone).
    #[inline]
    pub fn prefix_fits_stem(&self, prefix: u16, stem: u32) -> bool {
        self.ab.allows(self.prefixes[prefix as usize].cat, self.stem_cat(stem))
    }

    /// [`Lexicon::prefix_fits_stem`] given the stem's category (read once per stem).
    #[inline]
    pub fn prefix_fits_cat(&self, prefix: u16, stem_cat: u16) -> bool {
        self.ab.allows(self.prefixes[prefix as usize].cat, stem_cat)
    }

    /// Prefix `i`'s category.
    #[inline]
    pub fn prefix_cat(&self, prefix: u16) -> u16 {
        self.prefixes[prefix as usize].cat
    }

    /// Whether a suffix may follow a stem of category `stem_cat` after a prefix of
    /// category `prefix_cat` that [`Lexicon::prefix_fits_cat`] already let through
    /// (tables BC and AC; the categories read once per prefix and stem rather than
    /// once per affix pair as [`Lexicon::compatible_cat`] does).
    #[inline]
    pub fn suffix_fits_cats(&self, prefix_cat: u16, stem_cat: u16, suffix: u16) -> bool {
        let xc = self.suffixes[suffix as usize].cat;
        self.bc.allows(stem_cat, xc) && self.ac.allows(prefix_cat, xc)
    }

    /// [`Lexicon::compatible`] given the stem's category (read once per stem).
    #[inline]
    pub fn compatible_cat(&self, prefix: u16, stem_cat: u16, suffix: u16) -> bool {
        let pc = self.prefixes[prefix as usize].cat;
        let xc = self.suffixes[suffix as usize].cat;
        self.ab.allows(pc, stem_cat) && self.bc.allows(stem_cat, xc) && self.ac.allows(pc, xc)
    }

    #[inline]
    pub fn compatible(&self, prefix: u16, stem: u32, suffix: u16) -> bool {
        let pc = self.prefixes[prefix as usize].cat;
        let sc = self.stem_cat(stem);
        let xc = self.suffixes[suffix as usize].cat;
        self.ab.allows(pc, sc) && self.bc.allows(sc, xc) && self.ac.allows(pc, xc)
    }

    /// The whole lexicon as owned data again (tools and tests).
    pub fn to_data(&self) -> LexiconData {
        let n = self.stem_count() as u32;
        let pairs = |t: &PairTable, rows: usize| -> Vec<(u16, u16)> {
            (0..rows).flat_map(|a| (0..t.cols).map(move |b| (a as u16, b as u16))).filter(|&(a, b)| t.allows(a, b)).collect()
        };
        LexiconData {
            prefixes: self.prefixes.clone(),
            suffixes: self.suffixes.clone(),
            stem_keys: (0..self.key_ends.len() - 1).map(|i| String::from_utf8_lossy(self.key(i)).into_owned()).collect(),
            stem_ranges: self.stem_starts.windows(2).map(|w| (w[0], w[1])).collect(),
            stems: (0..n).map(|i| {
                let s = self.stem(i);
                Stem { voc: s.voc.to_string(), cat: s.cat, lemma: s.lemma, gloss: s.gloss, pos: s.pos.to_string() }
            }).collect(),
            lemmas: (0..self.lemma_count() as u32).map(|i| Lemma { voc: self.lemma_voc(i).to_string(), logp: self.lemma_logp(i) }).collect(),
            glosses: self.glosses.owned(&self.buf),
            prefix_cats: self.prefix_cats.clone(),
            stem_cats: self.stem_cats.clone(),
            suffix_cats: self.suffix_cats.clone(),
            // the bit tables keep the set of pairs, not the file's order
            table_ab: pairs(&self.ab, self.prefix_cats.len()),
            table_ac: pairs(&self.ac, self.prefix_cats.len()),
            table_bc: pairs(&self.bc, self.stem_cats.len()),
            prefix_logp: self.prefix_logp.clone(),
            suffix_logp: self.suffix_logp.clone(),
            agreed_lemmas: (0..self.lemma_count()).filter(|&i| self.lemma_agreed[i]).map(|i| i as u32).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affix_index_finds_short_and_long_keys_and_keeps_them_apart() {
        let keys = ["", "\0", "w", "wAl", "w", "Abcdefg", "Abcdefgh", "Abcdefgh"];
        let index = AffixIndex::new(keys.iter().copied());
        assert_eq!(index.get(""), &[0]);
        assert_eq!(index.get("\0"), &[1]);
        assert_eq!(index.get("w"), &[2, 4]);
        assert_eq!(index.get("wAl"), &[3]);
        assert_eq!(index.get("Abcdefg"), &[5]);
        assert_eq!(index.get("Abcdefgh"), &[6, 7]);
        assert!(index.get("wA").is_empty() && index.get("\0\0").is_empty() && index.get("Abcdefghi").is_empty());
    }

    fn tiny() -> LexiconData {
        LexiconData {
            prefixes: vec![Affix { key: String::new(), voc: String::new(), cat: 0, gloss: String::new(), tags: String::new() }],
            suffixes: vec![Affix { key: "p".into(), voc: "ap".into(), cat: 0, gloss: "[fem.sg.]".into(), tags: "ap/NSUFF_FEM_SG".into() }],
            stem_keys: vec!["ktb".into(), "qlm".into()],
            stem_ranges: vec![(0, 2), (2, 3)],
            stems: vec![
                Stem { voc: "katab".into(), cat: 0, lemma: 0, gloss: 0, pos: "VERB_PERFECT".into() },
                Stem { voc: "kutub".into(), cat: 0, lemma: 1, gloss: 1, pos: "NOUN".into() },
                Stem { voc: "qalam".into(), cat: 0, lemma: 2, gloss: 2, pos: "NOUN".into() },
            ],
            lemmas: vec![Lemma { voc: "katab".into(), logp: -1.5 }, Lemma { voc: "kitAb".into(), logp: -2.0 }, Lemma { voc: "qalam".into(), logp: -3.0 }],
            glosses: vec!["write".into(), "books".into(), "pen; «قلم»".into()],
            prefix_cats: vec!["Pref-0".into()],
            stem_cats: vec!["PV".into()],
            suffix_cats: vec!["Suff-0".into()],
            table_ab: vec![(0, 0)],
            table_ac: vec![(0, 0)],
            table_bc: vec![(0, 0)],
            prefix_logp: vec![],
            suffix_logp: vec![],
            agreed_lemmas: vec![1],
        }
    }

    #[test]
    fn round_trips_and_reads_in_place() {
        let data = tiny();
        let lex = Lexicon::from_data(&data).unwrap();
        assert_eq!(lex.to_data(), data);
        assert_eq!(lex.stems_for("ktb"), 0..2);
        assert_eq!(lex.stems_for("qlm"), 2..3);
        assert_eq!(lex.stems_for("xyz"), 0..0);
        assert_eq!(lex.stem(1).pos, "NOUN");
        assert_eq!(lex.gloss(2), "pen; «قلم»");
        assert_eq!(lex.lemma_logp(0), -1.5);
        assert!(lex.lemma_agreed[1] && !lex.lemma_agreed[0]);
        // a key that is not its first stem's folded form is stored as it is
        let mut odd = tiny();
        odd.stem_keys[1] = "qlm2".into();
        let lex = Lexicon::from_data(&odd).unwrap();
        assert_eq!(lex.to_data(), odd);
        assert_eq!(lex.stems_for("qlm2"), 2..3);
        assert_eq!(lex.stems_for("qlm"), 0..0);
        // key starts the folded forms do not give: كتب's second stem starts a key of
        // its own, and قلم's continues it (both listed as exceptions in the file)
        let mut split = tiny();
        split.stem_keys = vec!["ktb".into(), "ktbx".into()];
        split.stem_ranges = vec![(0, 1), (1, 3)];
        let lex = Lexicon::from_data(&split).unwrap();
        assert_eq!(lex.to_data(), split);
        assert_eq!((lex.stems_for("ktb"), lex.stems_for("ktbx"), lex.stems_for("qlm")), (0..1, 1..3, 0..0));
    }

    #[test]
    fn rejects_bad_bytes() {
        let table = [
            (&b""[..], "wrong magic"),
            (&b"HSYLEX\0\0\x09\0\0\0\0\0\0\0\0\0\0\0"[..], "version 9"),
        ];
        for (bytes, want) in table {
            let err = Lexicon::from_bytes(bytes).unwrap_err();
            assert!(err.to_string().contains(want), "{err}");
        }
        let mut good = tiny().to_bytes();
        assert!(Lexicon::from_bytes(&good).is_ok());
        good.push(0);
        assert!(Lexicon::from_bytes(&good).unwrap_err().to_string().contains("checksum"));
        // every byte of the payload changed, behind a valid checksum: an error or a
        // lexicon, never a panic (the key starts, the categories' flags and POS tags, the
        // runs of lemma codes, the bit matrices: each checked against the tables)
        let payload = tiny().to_bytes()[20..].to_vec();
        for at in 0..payload.len() {
            for v in [0u8, 1, 2, 0x7f, 0x80, 0xff] {
                let mut p = payload.clone();
                p[at] = v;
                if let Ok(lex) = Lexicon::from_bytes(&frame_with(MAGIC, VERSION, &p, fnv1a_words)) {
                    let _ = (0..lex.stem_count() as u32).map(|i| (lex.stem(i), lex.gloss(lex.stem_gloss(i)))).count();
                    let _ = lex.stems_for("ktb");
                }
            }
        }
        // every truncation of the payload, behind a valid checksum, is an error, not a panic
        let payload = &tiny().to_bytes()[20..];
        for cut in 0..payload.len() {
            let framed = frame_with(MAGIC, VERSION, &payload[..cut], fnv1a_words);
            assert!(Lexicon::from_bytes(&framed).is_err(), "cut at {cut}");
        }
    }
}
