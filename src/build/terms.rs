//! Builds `terms.bin` (see [`crate::terms::data`]): the multiword entries of the
//! FreeDict Arabic–English dictionary (Debian `dict-freedict-ara-eng`, GPL-2.0+)
//! and background word frequencies from `wordfreq` (data CC BY-SA 4.0) for words
//! the analyser does not know.
//!
//! The `.deb` is an `ar` archive; its `data.tar.xz` holds the dictd files
//! `freedict-ara-eng.index` (headword, base-64 offset, base-64 length) and
//! `freedict-ara-eng.dict.dz` (dictzip, which is gzip with an index in the header).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind};
use crate::terms::data::{freq_to_zipf, StrTable, TermData};
use crate::terms::keys::phrase_key;

pub const DEB_FILE: &str = "dict-freedict-ara-eng_2022.04.21-1_all.deb";
const INDEX_NAME: &str = "freedict-ara-eng.index";
const DICT_NAME: &str = "freedict-ara-eng.dict.dz";
/// Most words a phrase may have (the matcher looks no further).
const MAX_WORDS: usize = 6;
/// Most senses kept per phrase.
const MAX_SENSES: usize = 4;
/// Background words rarer than this (Zipf) are left out: scoring raises anything
/// below its floor to the floor anyway; half a unit below it leaves room to tune.
const MIN_ZIPF: f64 = crate::terms::BACKGROUND_FLOOR_ZIPF - 0.5;

/// One dictionary entry: headword and English senses.
#[derive(Debug, Clone, PartialEq)]
pub struct DictEntry {
    pub headword: String,
    pub senses: Vec<String>,
}

/// The members of an `ar` archive (a `.deb`), as (name, bytes).
pub fn ar_members(bytes: &[u8], what: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let bad = |m: &str| Error::data(format!("{what}: {m}; has the package changed?"));
    if !bytes.starts_with(b"!<arch>\n") {
        return Err(bad("not an ar archive (.deb)"));
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at + 60 <= bytes.len() {
        let header = &bytes[at..at + 60];
        if &header[58..60] != b"`\n" {
            return Err(bad("corrupt ar member header"));
        }
        let name = String::from_utf8_lossy(&header[..16]).trim().trim_end_matches('/').to_string();
        let size: usize = String::from_utf8_lossy(&header[48..58]).trim().parse().map_err(|_| bad("bad ar member size"))?;
        let start = at + 60;
        let end = start.checked_add(size).filter(|e| *e <= bytes.len()).ok_or_else(|| bad("truncated ar member"))?;
        out.push((name, bytes[start..end].to_vec()));
        at = end + (size & 1);
    }
    Ok(out)
}

/// Decompresses a `data.tar.*` member by its name.
fn untar_member(name: &str, bytes: &[u8], what: &str) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    if name.ends_with(".xz") {
        lzma_rs::xz_decompress(&mut std::io::BufReader::new(bytes), &mut out)
            .map_err(|e| Error::data(format!("{what}: {name} is not valid xz: {e:?}")))?;
    } else if name.ends_with(".gz") {
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| Error::data(format!("{what}: {name} is not valid gzip: {e}")))?;
    } else if name.ends_with(".tar") {
        out = bytes.to_vec();
    } else {
        return Err(Error::data(format!("{what}: {name}: unsupported compression; has the package changed?")));
    }
    Ok(out)
}

/// The dictd index (text) and dictionary (decompressed) out of the `.deb`.
pub fn read_dictd_from_deb(deb: &Path) -> Result<(String, Vec<u8>), Error> {
    let what = deb.display().to_string();
    let bytes = std::fs::read(deb).map_err(|e| {
        Error::new(ErrorKind::Io, format!("{what}: {e} (run `node scripts/fetch-data.mjs freedict-ara-eng` to fetch it)"))
    })?;
    let members = ar_members(&bytes, &what)?;
    let (name, data) = members
        .iter()
        .find(|(n, _)| n.starts_with("data.tar"))
        .ok_or_else(|| Error::data(format!("{what}: has no data.tar member; has the package changed?")))?;
    let tar_bytes = untar_member(name, data, &what)?;
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let (mut index, mut dict) = (None, None);
    let io = |e: std::io::Error| Error::data(format!("{what}: {name}: {e}"));
    for entry in archive.entries().map_err(io)? {
        let mut entry = entry.map_err(io)?;
        let path = entry.path().map_err(io)?.to_string_lossy().into_owned();
        if path.ends_with(INDEX_NAME) {
            let mut s = String::new();
            entry.read_to_string(&mut s).map_err(io)?;
            index = Some(s);
        } else if path.ends_with(DICT_NAME) {
            let mut gz = Vec::new();
            entry.read_to_end(&mut gz).map_err(io)?;
            dict = Some(crate::build::archive::gunzip(&gz, &format!("{what}: {DICT_NAME}"))?);
        }
    }
    let missing = |n: &str| Error::data(format!("{what}: has no file {n}; has the package changed?"));
    Ok((index.ok_or_else(|| missing(INDEX_NAME))?, dict.ok_or_else(|| missing(DICT_NAME))?))
}

/// Decodes dictd's base-64 numbers.
fn b64(s: &str) -> Option<usize> {
    let mut n: usize = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as usize;
        n = n.checked_mul(64)?.checked_add(v)?;
    }
    Some(n)
}

/// A sense as the dictionary writes it (FreeDict capitalises each one, which
/// keeps names such as "Mideast" right), trimmed of trailing punctuation.
fn tidy_sense(s: &str) -> String {
    s.trim().trim_end_matches(['.', ',', ';']).trim().to_string()
}

/// Parses dictd index + dictionary into entries (metadata entries `00database…`
/// skipped). Body: a first line `headword /pronunciation/`, then senses, numbered
/// (`1. …`) or one bare line.
pub fn parse_dictd(index: &str, dict: &[u8], what: &str) -> Result<Vec<DictEntry>, Error> {
    let mut out = Vec::new();
    for (i, line) in index.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            return Err(Error::data(format!("{what}: index line {} is not `word<TAB>offset<TAB>length`", i + 1)));
        }
        if f[0].starts_with("00database") || f[0].starts_with("00-database") {
            continue;
        }
        let (off, len) = match (b64(f[1]), b64(f[2])) {
            (Some(o), Some(l)) if o + l <= dict.len() => (o, l),
            _ => return Err(Error::data(format!("{what}: index line {} points outside the dictionary", i + 1))),
        };
        let body = String::from_utf8_lossy(&dict[off..off + len]);
        let mut lines = body.lines();
        lines.next(); // headword and pronunciation
        let mut senses: Vec<String> = Vec::new();
        for l in lines {
            let l = l.trim();
            let l = match l.split_once(". ") {
                Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
                _ => l,
            };
            let sense = tidy_sense(l);
            if !sense.is_empty() && !senses.contains(&sense) {
                senses.push(sense);
            }
        }
        if !senses.is_empty() {
            out.push(DictEntry { headword: f[0].trim().to_string(), senses });
        }
    }
    Ok(out)
}

/// The multiword entries as (phrase key, headword, English), merged by key and
/// sorted by key. Single words, non-Arabic headwords and keys of three letters
/// or fewer are dropped.
pub fn phrases(entries: &[DictEntry]) -> Vec<(String, String, String)> {
    let mut by_key: HashMap<String, (String, Vec<String>)> = HashMap::new();
    for e in entries {
        let words = e.headword.split_whitespace().count();
        if !(2..=MAX_WORDS).contains(&words) {
            continue;
        }
        let Some(key) = phrase_key(&e.headword) else { continue };
        let slot = by_key.entry(key).or_insert_with(|| (e.headword.clone(), Vec::new()));
        for s in &e.senses {
            if slot.1.len() < MAX_SENSES && !slot.1.contains(s) {
                slot.1.push(s.clone());
            }
        }
    }
    let mut out: Vec<(String, String, String)> = by_key.into_iter().map(|(k, (a, s))| (k, a, s.join("; "))).collect();
    out.sort();
    out
}

/// The single-word entries as (key, English), merged by key and sorted by key.
/// They serve to pick among the lexicon's senses of a word, so with
/// `lexicon_senses` (a word → all its senses in the lexicon, lowercased) only the
/// first sense and the senses both dictionaries give are kept, and words whose
/// senses the lexicon does not know are dropped.
pub fn single_words(entries: &[DictEntry], lexicon_senses: impl Fn(&str) -> Option<Vec<String>>) -> Vec<(String, String)> {
    let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
    for e in entries {
        if e.headword.split_whitespace().count() != 1 {
            continue;
        }
        let Some(key) = crate::terms::keys::written_bare_key(e.headword.trim()) else { continue };
        let known = lexicon_senses(e.headword.trim());
        let in_lexicon = |s: &String| known.as_ref().map_or(true, |k| k.iter().any(|x| x.eq_ignore_ascii_case(s)));
        if !e.senses.iter().any(in_lexicon) {
            continue;
        }
        // The dictionary's first sense stays first (the scorer trusts a first
        // sense most), then the others the lexicon also gives.
        let kept: Vec<&String> = e.senses.iter().enumerate().filter(|(i, s)| *i == 0 || in_lexicon(s)).map(|(_, s)| s).collect();
        let slot = by_key.entry(key).or_default();
        for s in kept {
            if slot.len() < 2 * MAX_SENSES && !slot.contains(s) {
                slot.push(s.clone());
            }
        }
    }
    let mut out: Vec<(String, String)> = by_key.into_iter().map(|(k, s)| (k, s.join("; "))).collect();
    out.sort();
    out
}

/// Background frequencies by word key (frequencies of spellings that fold to the
/// same key are added), as tenths of a Zipf unit, sorted by key. `keep` decides
/// from a word's most frequent spelling whether to store it (e.g. only words the
/// analyser does not know).
pub fn background(words: &[(String, f32)], keep: impl Fn(&str) -> bool) -> Vec<(String, u8)> {
    let mut by_key: HashMap<String, (f64, &str)> = HashMap::new();
    for (w, f) in words {
        if let Some(k) = crate::normalize::key(w) {
            by_key.entry(k).or_insert((0.0, w.as_str())).0 += *f as f64;
        }
    }
    let mut out: Vec<(String, u8)> = by_key
        .into_iter()
        .filter(|(_, (f, w))| freq_to_zipf(*f) >= MIN_ZIPF && keep(w))
        .map(|(k, (f, _))| (k, (freq_to_zipf(f) * 10.0).round().clamp(0.0, 255.0) as u8))
        .collect();
    out.sort();
    out
}

/// Puts phrases and background together.
pub fn assemble(phrases: &[(String, String, String)], words: &[(String, String)], background: &[(String, u8)]) -> TermData {
    TermData {
        word_keys: StrTable::from_strings(&words.iter().map(|w| w.0.as_str()).collect::<Vec<_>>()),
        word_english: StrTable::from_strings(&words.iter().map(|w| w.1.as_str()).collect::<Vec<_>>()),
        phrase_keys: StrTable::from_strings(&phrases.iter().map(|p| p.0.as_str()).collect::<Vec<_>>()),
        phrase_arabic: StrTable::from_strings(&phrases.iter().map(|p| p.1.as_str()).collect::<Vec<_>>()),
        phrase_english: StrTable::from_strings(&phrases.iter().map(|p| p.2.as_str()).collect::<Vec<_>>()),
        bg_keys: StrTable::from_strings(&background.iter().map(|b| b.0.as_str()).collect::<Vec<_>>()),
        bg_zipf10: background.iter().map(|b| b.1).collect(),
        sources: "Phrases: FreeDict Arabic-English (Arabeyes.org), GPL-2.0-or-later, via Debian dict-freedict-ara-eng 2022.04.21-1. \
                  Background frequencies: wordfreq 3.1.1 (Robyn Speer), data CC BY-SA 4.0."
            .to_string(),
    }
}

/// Every sense (lowercased) the lexicon gives in any analysis of a word, as the
/// scorer sees them (the stems' gloss lists).
fn lexicon_senses(annotator: &crate::annotate::Annotator, word: &str) -> Vec<String> {
    let data = &annotator.analyzer().lexicon.data;
    let mut out = Vec::new();
    for entry in &annotator.annotate(word).entries {
        if let crate::annotate::Entry::Word { analyses, .. } = entry {
            for a in analyses.iter() {
                let gloss = &data.glosses[data.stems[a.stem as usize].gloss as usize];
                out.extend(gloss.split(';').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()));
            }
        }
    }
    out
}

/// Builds `terms.bin` from the downloaded `.deb` and wordfreq wheel. With the
/// lexicon's bytes, the background keeps only words the analyser cannot analyse
/// (the others get their lemma's probability from the lexicon).
pub fn build(deb: &Path, wordfreq_wheel: &Path, lexicon: Option<&[u8]>) -> Result<Vec<u8>, Error> {
    let (index, dict) = read_dictd_from_deb(deb)?;
    let entries = parse_dictd(&index, &dict, &deb.display().to_string())?;
    let phrases = phrases(&entries);
    if phrases.len() < 5_000 {
        return Err(Error::data(format!(
            "{}: only {} multiword entries found; has the package changed?",
            deb.display(),
            phrases.len()
        )));
    }
    let words = crate::build::wordfreq::load_arabic(wordfreq_wheel)?;
    let annotator = match lexicon {
        Some(bytes) => Some(crate::annotate::Annotator::from_lexicon_bytes(bytes)?),
        None => None,
    };
    let background = background(&words, |w| annotator.as_ref().map_or(true, |a| a.analyze_word(w).is_none()));
    let words = single_words(&entries, |w| annotator.as_ref().map(|a| lexicon_senses(a, w)));
    Ok(assemble(&phrases, &words, &background).to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_numbers() {
        assert_eq!(b64("A"), Some(0));
        assert_eq!(b64("B"), Some(1));
        assert_eq!(b64("BA"), Some(64));
        assert_eq!(b64("c"), Some(28));
        assert_eq!(b64("*"), None);
    }

    #[test]
    fn dictd_entries_and_phrases() {
        let dict = "الشرق الأوسط /x/\nMiddle East\nالخطبة /y/\n1. Allocution\n2. Harangue\nدعاية لـ /z/\nAdvertise\n";
        let a = dict.find("الخطبة").unwrap();
        let b = dict.find("دعاية").unwrap();
        let enc = |n: usize| {
            let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let (mut n, mut s) = (n, Vec::new());
            loop {
                s.push(alphabet[n % 64]);
                n /= 64;
                if n == 0 {
                    break;
                }
            }
            s.reverse();
            String::from_utf8(s).unwrap()
        };
        let index = format!(
            "00databaseinfo\tA\tB\nالشرق الأوسط\tA\t{}\nالخطبة\t{}\t{}\nدعاية لـ\t{}\t{}\n",
            enc(a),
            enc(a),
            enc(b - a),
            enc(b),
            enc(dict.len() - b)
        );
        let entries = parse_dictd(&index, dict.as_bytes(), "t").unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].senses, vec!["Allocution", "Harangue"]);
        assert_eq!(entries[0].senses, vec!["Middle East"]);
        let p = phrases(&entries);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, phrase_key("شرق أوسط").unwrap());
        assert_eq!(p[0].2, "Middle East");
        let w = single_words(&entries, |_| None);
        let filtered = single_words(&entries, |_| Some(vec!["harangue".to_string()]));
        assert_eq!(filtered[0].1, "Allocution; Harangue");
        let filtered = single_words(&entries, |_| Some(vec!["allocution".to_string()]));
        assert_eq!(filtered[0].1, "Allocution");
        assert!(single_words(&entries, |_| Some(vec![])).is_empty());
        assert_eq!(w, vec![(crate::terms::keys::written_bare_key("خطبة").unwrap(), "Allocution; Harangue".to_string())]);
        assert!(parse_dictd("x\tA\tzzzz\n", dict.as_bytes(), "t").unwrap_err().message().contains("outside"));
    }

    #[test]
    fn ar_archive() {
        let mut deb = b"!<arch>\n".to_vec();
        for (name, body) in [("debian-binary", &b"2.0\n"[..]), ("data.tar", &b"abc"[..])] {
            deb.extend_from_slice(format!("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", name, 0, 0, 0, 100644, body.len()).as_bytes());
            deb.extend_from_slice(body);
            if body.len() % 2 == 1 {
                deb.push(b'\n');
            }
        }
        let m = ar_members(&deb, "t").unwrap();
        assert_eq!(m.iter().map(|(n, b)| (n.as_str(), b.len())).collect::<Vec<_>>(), vec![("debian-binary", 4), ("data.tar", 3)]);
        assert!(ar_members(b"nope", "x.deb").unwrap_err().message().contains("x.deb"));
    }

    #[test]
    fn background_folds_spellings() {
        let words = vec![("أمس".to_string(), 1e-4f32), ("امس".to_string(), 1e-4), ("hello".to_string(), 1e-3), ("نادرة".to_string(), 1e-7)];
        let bg = background(&words, |_| true);
        assert_eq!(bg.len(), 1);
        assert_eq!(bg[0].1, (freq_to_zipf(2e-4) * 10.0).round() as u8);
    }
}
