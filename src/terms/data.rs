//! The built-in term data, `terms.bin`: FreeDict's multiword entries and the
//! background word frequencies key-term scoring compares a document against.
//!
//! Made by the data builder (`hashiya-build`, see `build::terms`) from the registry
//! packages and read here from bytes. Layout: an 8-byte magic, a little-endian u32
//! format version, a u64 FNV-1a checksum of the payload, then the bincode payload.
//! Strings live in a few large blobs with offset arrays (sorted where looked up by
//! binary search), so loading allocates a handful of vectors, not one per entry.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::datafile::{frame, unframe, FrameError};

const MAGIC: &[u8; 8] = b"HSYTERM\0";
const VERSION: u32 = 2;

/// Strings stored end to end, with `offs.len() == count + 1`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StrTable {
    bytes: Vec<u8>,
    offs: Vec<u32>,
}

impl StrTable {
    /// Builds a table from strings (kept in the given order).
    pub fn from_strings<S: AsRef<str>>(items: &[S]) -> StrTable {
        let mut t = StrTable { bytes: Vec::new(), offs: vec![0] };
        for s in items {
            t.bytes.extend_from_slice(s.as_ref().as_bytes());
            t.offs.push(t.bytes.len() as u32);
        }
        t
    }

    pub fn len(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The string at `i`.
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = (self.offs[i] as usize, self.offs[i + 1] as usize);
        // Checked once at load time (see `validate`).
        std::str::from_utf8(&self.bytes[a..b]).unwrap_or("")
    }

    fn bytes_at(&self, i: usize) -> &[u8] {
        &self.bytes[self.offs[i] as usize..self.offs[i + 1] as usize]
    }

    /// Index of `key` in a sorted table.
    pub fn find(&self, key: &str) -> Option<usize> {
        let key = key.as_bytes();
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.bytes_at(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The range of entries starting with `prefix` in a sorted table.
    pub fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let prefix = prefix.as_bytes();
        let lower = |pred: &dyn Fn(&[u8]) -> bool| {
            let (mut lo, mut hi) = (0usize, self.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if pred(self.bytes_at(mid)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let start = lower(&|s| s < prefix);
        let end = lower(&|s| s < prefix || s.starts_with(prefix));
        start..end.max(start)
    }

    fn validate(&self, what: &str, sorted: bool) -> Result<(), String> {
        if self.offs.first() != Some(&0) || *self.offs.last().unwrap_or(&1) as usize != self.bytes.len() {
            return Err(format!("{what}: offsets do not cover the strings"));
        }
        if self.offs.windows(2).any(|w| w[0] > w[1]) {
            return Err(format!("{what}: offsets out of order"));
        }
        if std::str::from_utf8(&self.bytes).is_err() {
            return Err(format!("{what}: not UTF-8"));
        }
        for i in 0..self.len() {
            if std::str::from_utf8(&self.bytes[self.offs[i] as usize..self.offs[i + 1] as usize]).is_err() {
                return Err(format!("{what}: entry {i} is not UTF-8"));
            }
            if sorted && i > 0 && self.get(i - 1) >= self.get(i) {
                return Err(format!("{what}: not sorted at entry {i}"));
            }
        }
        Ok(())
    }
}

/// Everything in `terms.bin`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TermData {
    /// Phrase keys (see [`crate::terms::keys::phrase_key`]), sorted.
    pub phrase_keys: StrTable,
    /// For each phrase: the headword as the dictionary writes it (Arabic script).
    pub phrase_arabic: StrTable,
    /// For each phrase: its English, senses joined by "; ".
    pub phrase_english: StrTable,
    /// Single-word headwords of the dictionary (keys, article off), sorted; used to
    /// pick, among a word's senses in the lexicon, the one both dictionaries give.
    pub word_keys: StrTable,
    /// For each single word: its English senses joined by "; ".
    pub word_english: StrTable,
    /// Lemma keys ([`crate::terms::keys::word_key`] of the vocalised lemma) of words
    /// whose sense in bilingual phrases is known, sorted (see
    /// `build::terms::collocation_senses`): افتراضي "virtual".
    pub coll_keys: StrTable,
    /// For each: the sense (lowercase English).
    pub coll_english: StrTable,
    /// Background word keys (whole words, clitics included), sorted.
    pub bg_keys: StrTable,
    /// For each background key: its frequency as tenths of a Zipf unit
    /// (zipf = log10 of occurrences per billion words).
    pub bg_zipf10: Vec<u8>,
    /// Attribution of the sources, shown by tools.
    pub sources: String,
}

impl TermData {
    /// Serialises to the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        frame(MAGIC, VERSION, &bincode::serialize(self).expect("serialising term data"))
    }

    /// Reads the file format, checking magic, version, checksum and structure.
    /// `what` names the file in error messages.
    pub fn from_bytes(bytes: &[u8], what: &str) -> Result<TermData, Error> {
        let rebuild = "rebuild it with `cargo run --release --features build-tools --bin hashiya-build -- build/downloads build/data`";
        let bad = |m: String| Error::data(format!("{what}: {m}; {rebuild}"));
        let payload = unframe(bytes, MAGIC, VERSION).map_err(|e| match e {
            FrameError::Magic => bad("not a Hashiya term file".into()),
            FrameError::Version(v) => bad(format!("format version {v}, this build reads {VERSION}")),
            FrameError::Checksum => bad("checksum mismatch (truncated or corrupt)".into()),
        })?;
        let data: TermData = bincode::deserialize(payload).map_err(|e| bad(format!("cannot decode: {e}")))?;
        data.phrase_keys.validate("phrase keys", true).map_err(&bad)?;
        data.phrase_arabic.validate("phrase headwords", false).map_err(&bad)?;
        data.phrase_english.validate("phrase translations", false).map_err(&bad)?;
        data.bg_keys.validate("background keys", true).map_err(&bad)?;
        data.word_keys.validate("word keys", true).map_err(&bad)?;
        data.word_english.validate("word translations", false).map_err(&bad)?;
        data.coll_keys.validate("collocation keys", true).map_err(&bad)?;
        data.coll_english.validate("collocation senses", false).map_err(&bad)?;
        if data.coll_keys.len() != data.coll_english.len() {
            return Err(bad("table lengths disagree".into()));
        }
        let n = data.phrase_keys.len();
        if data.phrase_arabic.len() != n || data.phrase_english.len() != n || data.bg_zipf10.len() != data.bg_keys.len()
            || data.word_english.len() != data.word_keys.len()
        {
            return Err(bad("table lengths disagree".into()));
        }
        Ok(data)
    }

    /// The dictionary's English senses ("a; b") for a single word's key.
    pub fn word_senses(&self, key: &str) -> Option<&str> {
        self.word_keys.find(key).map(|i| self.word_english.get(i))
    }

    /// The sense bilingual phrases give a lemma (by its key), when known.
    pub fn collocation_sense(&self, lemma_key: &str) -> Option<&str> {
        self.coll_keys.find(lemma_key).map(|i| self.coll_english.get(i))
    }

    /// Background frequency (per word) of a whole-word key, when known.
    pub fn background(&self, key: &str) -> Option<f64> {
        self.bg_keys.find(key).map(|i| zipf_to_freq(self.bg_zipf10[i] as f64 / 10.0))
    }
}

/// Zipf value → frequency per word.
pub fn zipf_to_freq(zipf: f64) -> f64 {
    10f64.powf(zipf - 9.0)
}

/// Frequency per word → Zipf value.
pub fn freq_to_zipf(freq: f64) -> f64 {
    freq.log10() + 9.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TermData {
        let mut keys = vec!["$rq AwsT", "mkAfHp AlArhAb", "mkAfHp jAswsyp"];
        keys.sort();
        TermData {
            phrase_keys: StrTable::from_strings(&keys),
            phrase_arabic: StrTable::from_strings(&["a", "b", "c"]),
            phrase_english: StrTable::from_strings(&["x", "y", "z"]),
            bg_keys: StrTable::from_strings(&["Al", "fy", "mn"]),
            bg_zipf10: vec![70, 72, 71],
            word_keys: StrTable::from_strings(&["xlAfp"]),
            word_english: StrTable::from_strings(&["Caliphate"]),
            coll_keys: StrTable::from_strings(&["AftrADy"]),
            coll_english: StrTable::from_strings(&["virtual"]),
            sources: "test".into(),
        }
    }

    #[test]
    fn round_trip_and_lookup() {
        let d = TermData::from_bytes(&sample().to_bytes(), "t").unwrap();
        assert_eq!(d.phrase_keys.find("$rq AwsT"), Some(0));
        assert_eq!(d.phrase_keys.find("$rq"), None);
        assert_eq!(d.phrase_keys.prefix_range("mkAfHp "), 1..3);
        assert_eq!(d.phrase_keys.prefix_range("zz "), 3..3);
        assert!((d.background("fy").unwrap() - 10f64.powf(7.2 - 9.0)).abs() < 1e-9);
        assert_eq!(d.background("qq"), None);
        assert_eq!(d.word_senses("xlAfp"), Some("Caliphate"));
        assert_eq!(d.collocation_sense("AftrADy"), Some("virtual"));
    }

    #[test]
    fn corrupt_files_are_named() {
        let mut bytes = sample().to_bytes();
        let n = bytes.len();
        bytes[n - 3] ^= 0xff;
        let e = TermData::from_bytes(&bytes, "build/data/terms.bin").unwrap_err();
        assert!(e.message().contains("build/data/terms.bin") && e.message().contains("checksum"), "{}", e.message());
        let e = TermData::from_bytes(b"nonsense", "terms.bin").unwrap_err();
        assert!(e.message().contains("not a Hashiya term file"));
        let e = TermData::from_bytes(&sample().to_bytes()[..30], "terms.bin").unwrap_err();
        assert!(e.message().contains("checksum"), "{}", e.message());
    }
}
