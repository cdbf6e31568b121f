//! The lexicon: the Buckwalter analyser's prefix, stem and suffix tables and their
//! compatibility tables, with ranking weights, read from one binary file.
//!
//! The file is made by the data builder (`hashiya-build`, see [`crate::build`]) from
//! the registry package and loaded here from bytes, so the browser fetches it as a
//! separate cacheable asset. Layout: an 8-byte magic, a little-endian u32 format
//! version, a u64 FNV-1a checksum of the payload, then the bincode payload.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::datafile::{frame, unframe, FrameError};
use crate::error::Error;

const MAGIC: &[u8; 8] = b"HSYLEX\0\0";
const VERSION: u32 = 3;

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
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// A stem of a lemma with its vocalisation, category and sense.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stem {
    pub voc: String,
    pub cat: u16,
    pub lemma: u32,
    /// Index into [`LexiconData::glosses`].
    pub gloss: u32,
    /// Buckwalter POS tag (`NOUN`, `ADJ`, `VERB_PERFECT`, ...).
    pub pos: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lemma {
    /// Vocalised Buckwalter form, e.g. `tanoZiym`.
    pub voc: String,
    /// Log probability of the lemma, learnt from word frequencies.
    pub logp: f32,
}

/// Everything in the lexicon file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LexiconData {
    pub prefixes: Vec<Affix>,
    pub suffixes: Vec<Affix>,
    /// Stem keys, sorted; `stem_ranges[i]` are the stems with key `stem_keys[i]`.
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

impl LexiconData {
    /// Serialises to the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        frame(MAGIC, VERSION, &bincode::serialize(self).expect("lexicon data serialises"))
    }

    /// Parses the file format, checking magic, version and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<LexiconData, Error> {
        let payload = unframe(bytes, MAGIC, VERSION).map_err(|e| match e {
            FrameError::Magic => Error::data("not a Hashiya lexicon file (wrong magic bytes)"),
            FrameError::Version(v) => Error::data(format!("lexicon format version {v}, this build reads version {VERSION}")),
            FrameError::Checksum => Error::data("lexicon file is corrupt or truncated (checksum mismatch)"),
        })?;
        bincode::deserialize(payload).map_err(|e| Error::data(format!("lexicon file is corrupt: {e}")))
    }
}

/// A square-ish bit matrix of allowed category pairs.
#[derive(Debug, Clone)]
struct PairTable {
    cols: usize,
    bits: Vec<u64>,
}

impl PairTable {
    fn new(rows: usize, cols: usize, pairs: &[(u16, u16)]) -> Result<PairTable, Error> {
        let mut t = PairTable { cols, bits: vec![0; (rows * cols).div_ceil(64).max(1)] };
        for &(a, b) in pairs {
            if a as usize >= rows || b as usize >= cols {
                return Err(Error::data("lexicon file is corrupt: compatibility table names an unknown category"));
            }
            let i = a as usize * cols + b as usize;
            t.bits[i / 64] |= 1 << (i % 64);
        }
        Ok(t)
    }
    #[inline]
    fn allows(&self, a: u16, b: u16) -> bool {
        let i = a as usize * self.cols + b as usize;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The lexicon, indexed for lookup.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub data: LexiconData,
    prefix_index: HashMap<String, Vec<u16>>,
    suffix_index: HashMap<String, Vec<u16>>,
    stem_index: HashMap<String, (u32, u32)>,
    ab: PairTable,
    ac: PairTable,
    bc: PairTable,
    pub max_prefix_len: usize,
    pub max_suffix_len: usize,
    /// Per stem: its spelling with hamza forms and alif maqsura (see
    /// [`crate::normalize::spelling`]), to prefer the reading the writer spelt.
    pub stem_spellings: Vec<Box<str>>,
    /// Per stem category: its class (see [`class_of`]).
    pub stem_cat_class: Vec<u8>,
    /// Per lemma: whether FreeDict agrees with it (see [`LexiconData::agreed_lemmas`]).
    pub lemma_agreed: Vec<bool>,
}

impl Lexicon {
    /// Loads a lexicon file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Lexicon, Error> {
        Lexicon::from_data(LexiconData::from_bytes(bytes)?)
    }

    /// Indexes lexicon data (also used by the builder before the file exists).
    pub fn from_data(data: LexiconData) -> Result<Lexicon, Error> {
        let (np, ns, nx) = (data.prefix_cats.len(), data.stem_cats.len(), data.suffix_cats.len());
        let ab = PairTable::new(np, ns, &data.table_ab)?;
        let ac = PairTable::new(np, nx, &data.table_ac)?;
        let bc = PairTable::new(ns, nx, &data.table_bc)?;
        let mut prefix_index: HashMap<String, Vec<u16>> = HashMap::default();
        for (i, p) in data.prefixes.iter().enumerate() {
            prefix_index.entry(p.key.clone()).or_default().push(i as u16);
        }
        let mut suffix_index: HashMap<String, Vec<u16>> = HashMap::default();
        for (i, s) in data.suffixes.iter().enumerate() {
            suffix_index.entry(s.key.clone()).or_default().push(i as u16);
        }
        if data.stem_keys.len() != data.stem_ranges.len() {
            return Err(Error::data("lexicon file is corrupt: stem index sizes differ"));
        }
        let mut stem_index = HashMap::with_capacity_and_hasher(data.stem_keys.len(), Default::default());
        for (k, &(a, b)) in data.stem_keys.iter().zip(&data.stem_ranges) {
            if a > b || b as usize > data.stems.len() {
                return Err(Error::data("lexicon file is corrupt: stem range out of bounds"));
            }
            stem_index.insert(k.clone(), (a, b));
        }
        for s in &data.stems {
            if s.lemma as usize >= data.lemmas.len() || s.gloss as usize >= data.glosses.len() || s.cat as usize >= ns {
                return Err(Error::data("lexicon file is corrupt: a stem points outside the tables"));
            }
        }
        for a in data.prefixes.iter() {
            if a.cat as usize >= np {
                return Err(Error::data("lexicon file is corrupt: a prefix has an unknown category"));
            }
        }
        for a in data.suffixes.iter() {
            if a.cat as usize >= nx {
                return Err(Error::data("lexicon file is corrupt: a suffix has an unknown category"));
            }
        }
        let weights_ok = |v: &Vec<f32>, n: usize| v.is_empty() || v.len() == n * CLASSES;
        if !weights_ok(&data.prefix_logp, data.prefixes.len()) || !weights_ok(&data.suffix_logp, data.suffixes.len()) {
            return Err(Error::data("lexicon file is corrupt: affix weight tables have the wrong size"));
        }
        let max_prefix_len = data.prefixes.iter().map(|p| p.key.len()).max().unwrap_or(0);
        let max_suffix_len = data.suffixes.iter().map(|p| p.key.len()).max().unwrap_or(0);
        let stem_spellings = data.stems.iter().map(|s| crate::normalize::spelling_of_vocalised(&s.voc).into()).collect();
        let stem_cat_class = data.stem_cats.iter().map(|c| class_of(c)).collect();
        let mut lemma_agreed = vec![false; data.lemmas.len()];
        for &i in &data.agreed_lemmas {
            *lemma_agreed.get_mut(i as usize).ok_or_else(|| Error::data("lexicon file is corrupt: an agreed lemma is out of range"))? = true;
        }
        Ok(Lexicon {
            data,
            prefix_index,
            suffix_index,
            stem_index,
            ab,
            ac,
            bc,
            max_prefix_len,
            max_suffix_len,
            stem_spellings,
            stem_cat_class,
            lemma_agreed,
        })
    }

    pub fn prefixes_for(&self, key: &str) -> &[u16] {
        self.prefix_index.get(key).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn suffixes_for(&self, key: &str) -> &[u16] {
        self.suffix_index.get(key).map(Vec::as_slice).unwrap_or(&[])
    }
    /// Indices of the stems whose key is `key`.
    pub fn stems_for(&self, key: &str) -> std::ops::Range<u32> {
        self.stem_index.get(key).map(|&(a, b)| a..b).unwrap_or(0..0)
    }
    /// The class of a stem (see [`class_of`]).
    #[inline]
    pub fn stem_class(&self, stem: u32) -> u8 {
        self.stem_cat_class[self.data.stems[stem as usize].cat as usize]
    }

    /// log P(prefix | class) + log P(suffix | class); 0 before weights are learnt.
    #[inline]
    pub fn affix_logp(&self, prefix: u16, suffix: u16, class: u8) -> f32 {
        let c = class as usize;
        let p = self.data.prefix_logp.get(prefix as usize * CLASSES + c).copied().unwrap_or(0.0);
        let s = self.data.suffix_logp.get(suffix as usize * CLASSES + c).copied().unwrap_or(0.0);
        p + s
    }

    /// Whether the prefix's category may precede the stem's (table AB alone).
    #[inline]
    pub fn prefix_fits_stem(&self, prefix: u16, stem: u32) -> bool {
        self.ab.allows(self.data.prefixes[prefix as usize].cat, self.data.stems[stem as usize].cat)
    }

    #[inline]
    pub fn compatible(&self, prefix: u16, stem: u32, suffix: u16) -> bool {
        let pc = self.data.prefixes[prefix as usize].cat;
        let sc = self.data.stems[stem as usize].cat;
        let xc = self.data.suffixes[suffix as usize].cat;
        self.ab.allows(pc, sc) && self.bc.allows(sc, xc) && self.ac.allows(pc, xc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_bytes() {
        let table = [
            (&b""[..], "wrong magic"),
            (&b"HSYLEX\0\0\x09\0\0\0\0\0\0\0\0\0\0\0"[..], "version 9"),
        ];
        for (bytes, want) in table {
            let err = LexiconData::from_bytes(bytes).unwrap_err();
            assert!(err.to_string().contains(want), "{err}");
        }
        let mut good = LexiconData::default().to_bytes();
        assert!(LexiconData::from_bytes(&good).is_ok());
        good.push(0);
        assert!(LexiconData::from_bytes(&good).unwrap_err().to_string().contains("checksum"));
    }
}
