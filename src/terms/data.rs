//! The built-in term data, `terms.bin`: FreeDict's multiword entries and the
//! background word frequencies key-term scoring compares a document against.
//!
//! Made by the data builder (`hashiya-build`, see `build::terms`) from the registry
//! packages and read here from bytes. In memory the strings live in a few large
//! blobs with offset arrays (sorted where looked up by binary search), so loading
//! allocates a handful of vectors, not one per entry.
//!
//! # File format 4 (integers little-endian)
//!
//! The framing of [`crate::datafile`] (magic `"HSYTERM\0"`, version 4, FNV-1a
//! checksum), then:
//!
//! ```text
//! u32 + bytes   the sources' attribution (UTF-8)
//! front table   the phrases' headwords (Arabic script, in the phrase keys' order)
//! plain table   the phrases' English
//! front table   the single-word keys (sorted)
//! plain table   their English
//! front table   the collocation keys (sorted)
//! plain table   their senses
//! front table   the background keys (sorted)
//! u32 + bytes   the background frequencies, one byte per key (tenths of a Zipf unit)
//! ```
//!
//! A *plain table* is a u32 count, then the strings as [`crate::datafile::read_table`]
//! reads them (the text, Arabic-packed when it can be, each string followed by a 0);
//! a *front table* is a u32 count, then the strings front-coded
//! ([`crate::datafile::read_front_coded`]: the shared lengths, then the rests, each
//! followed by a 0). Both are unpacked into [`StrTable`]s at load.
//!
//! The phrase keys are not stored: each is the [`phrase_key`] of its headword (the
//! builder checks that it is), made at load, and they must come out sorted. That
//! and the lengths in place of format 2's u32 offsets (bincode) take the file from
//! 639 to 430 KB gzipped, the Arabic headwords packed a byte a letter to 403 KB,
//! a phrase's senses that differ only in case or hyphens kept once by the builder
//! (`build::terms`, the content, not the format) to 341 KB; format 4's strings ended
//! by a 0 rather than lengths, and the headwords front-coded (in key order, a
//! headword mostly shares its start with the one before), to 302 KB; see
//! BENCHMARKS.md.

use crate::datafile::{frame, read_front_coded, read_table, unframe, write_front_coded, write_table, FrameError};
use crate::error::Error;
use crate::terms::keys::phrase_key;

const MAGIC: &[u8; 8] = b"HSYTERM\0";
const VERSION: u32 = 4;

/// Strings stored end to end, with `offs.len() == count + 1`.
#[derive(Debug, Clone, Default)]
pub struct StrTable {
    /// The strings end to end, checked UTF-8 with every offset on a character
    /// boundary when read (see [`StrTable::new`]), so [`StrTable::get`] only slices:
    /// the per-call `from_utf8` it replaces cost 4.2 M instructions per newswire pass.
    text: String,
    offs: Vec<u32>,
}

impl StrTable {
    /// Builds a table from strings (kept in the given order).
    pub fn from_strings<S: AsRef<str>>(items: &[S]) -> StrTable {
        let mut t = StrTable { text: String::new(), offs: vec![0] };
        for s in items {
            t.text.push_str(s.as_ref());
            t.offs.push(t.text.len() as u32);
        }
        t
    }

    /// A table read from a file: an error unless the bytes are UTF-8 and every
    /// entry starts and ends on a character boundary (so each is UTF-8 itself).
    fn new(bytes: Vec<u8>, offs: Vec<u32>) -> Result<StrTable, String> {
        let text = String::from_utf8(bytes).map_err(|_| "is not UTF-8")?;
        if offs.first() != Some(&0) || offs.last().map(|&o| o as usize) != Some(text.len()) {
            return Err("has offsets that do not span its text".into());
        }
        if offs.windows(2).any(|w| w[0] > w[1]) || !offs.iter().all(|&o| text.is_char_boundary(o as usize)) {
            return Err("has an entry that is not UTF-8".into());
        }
        Ok(StrTable { text, offs })
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
        // on character boundaries, checked at load; "" cannot happen
        self.text.get(a..b).unwrap_or("")
    }

    /// The strings in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn bytes_at(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.offs[i] as usize..self.offs[i + 1] as usize]
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

    /// Checks that a table (read as UTF-8 on character boundaries) is sorted and
    /// its strings distinct.
    fn validate(&self, what: &str, sorted: bool) -> Result<(), String> {
        for i in 1..self.len() {
            if sorted && self.bytes_at(i - 1) >= self.bytes_at(i) {
                return Err(format!("{what}: not sorted at entry {i}"));
            }
        }
        Ok(())
    }
}

/// Everything in `terms.bin`.
#[derive(Debug, Clone, Default)]
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

/// Reads the sections of a term file in order.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn count(&mut self) -> Result<usize, String> {
        let b = self.bytes.get(self.pos..self.pos + 4).ok_or("truncated")?;
        self.pos += 4;
        Ok(u32::from_le_bytes(b.try_into().unwrap()) as usize)
    }
    fn raw(&mut self) -> Result<&[u8], String> {
        let n = self.count()?;
        let b = self.bytes.get(self.pos..self.pos.saturating_add(n)).ok_or("truncated")?;
        self.pos += n;
        Ok(b)
    }
    fn plain(&mut self, what: &str) -> Result<StrTable, String> {
        let n = self.count()?;
        let (bytes, offs) = read_table(self.bytes, &mut self.pos, n).map_err(|e| format!("{what} {e}"))?;
        StrTable::new(bytes, offs).map_err(|e| format!("{what} {e}"))
    }
    fn front(&mut self, what: &str) -> Result<StrTable, String> {
        let n = self.count()?;
        let (bytes, offs) = read_front_coded(self.bytes, &mut self.pos, n).map_err(|e| format!("{what} {e}"))?;
        StrTable::new(bytes, offs).map_err(|e| format!("{what} {e}"))
    }
}

impl TermData {
    /// Serialises to the file format (see the module's documentation).
    ///
    /// Panics when a phrase key is not its headword's [`phrase_key`] (the file
    /// does not store them).
    pub fn to_bytes(&self) -> Vec<u8> {
        for (key, arabic) in self.phrase_keys.iter().zip(self.phrase_arabic.iter()) {
            assert_eq!(phrase_key(arabic).as_deref(), Some(key), "a phrase key that is not its headword's");
        }
        let mut out = Vec::new();
        let count = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&u32::try_from(n).expect("term tables fit u32 counts").to_le_bytes());
        count(&mut out, self.sources.len());
        out.extend_from_slice(self.sources.as_bytes());
        let plain = |out: &mut Vec<u8>, t: &StrTable| {
            count(out, t.len());
            write_table(out, &t.iter().collect::<Vec<_>>());
        };
        let front = |out: &mut Vec<u8>, t: &StrTable| {
            count(out, t.len());
            write_front_coded(out, &t.iter().collect::<Vec<_>>());
        };
        front(&mut out, &self.phrase_arabic);
        plain(&mut out, &self.phrase_english);
        front(&mut out, &self.word_keys);
        plain(&mut out, &self.word_english);
        front(&mut out, &self.coll_keys);
        plain(&mut out, &self.coll_english);
        front(&mut out, &self.bg_keys);
        count(&mut out, self.bg_zipf10.len());
        out.extend_from_slice(&self.bg_zipf10);
        frame(MAGIC, VERSION, &out)
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
        let mut c = Cursor { bytes: payload, pos: 0 };
        let mut read = || -> Result<TermData, String> {
            let sources = String::from_utf8(c.raw()?.to_vec()).map_err(|_| "the sources are not UTF-8")?;
            let phrase_arabic = c.front("phrase headwords")?;
            let phrase_english = c.plain("phrase translations")?;
            let word_keys = c.front("word keys")?;
            let word_english = c.plain("word translations")?;
            let coll_keys = c.front("collocation keys")?;
            let coll_english = c.plain("collocation senses")?;
            let bg_keys = c.front("background keys")?;
            let bg_zipf10 = c.raw()?.to_vec();
            if c.pos != payload.len() {
                return Err("bytes left after the last table".into());
            }
            // the phrase keys, made from the headwords
            let mut keys = Vec::with_capacity(phrase_arabic.len());
            for a in phrase_arabic.iter() {
                keys.push(phrase_key(a).ok_or("a phrase headword has no key")?);
            }
            let phrase_keys = StrTable::from_strings(&keys);
            Ok(TermData { phrase_keys, phrase_arabic, phrase_english, word_keys, word_english, coll_keys, coll_english, bg_keys, bg_zipf10, sources })
        };
        let data = read().map_err(&bad)?;
        data.phrase_keys.validate("phrase keys", true).map_err(&bad)?;
        data.bg_keys.validate("background keys", true).map_err(&bad)?;
        data.word_keys.validate("word keys", true).map_err(&bad)?;
        data.coll_keys.validate("collocation keys", true).map_err(&bad)?;
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
        let mut phrases: Vec<(String, &str)> = ["شرق أوسط", "مكافحة الإرهاب", "مكافحة جاسوسية"].iter().map(|a| (phrase_key(a).unwrap(), *a)).collect();
        phrases.sort();
        TermData {
            phrase_keys: StrTable::from_strings(&phrases.iter().map(|p| p.0.as_str()).collect::<Vec<_>>()),
            phrase_arabic: StrTable::from_strings(&phrases.iter().map(|p| p.1).collect::<Vec<_>>()),
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
