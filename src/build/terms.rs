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
/// FreeDict English–Arabic (Debian `dict-freedict-eng-ara`, GPL-2.0+), read in reverse.
pub const ENG_ARA_DEB_FILE: &str = "dict-freedict-eng-ara_2022.04.21-1_all.deb";
const ENG_ARA_INDEX: &str = "freedict-eng-ara.index";
const ENG_ARA_DICT: &str = "freedict-eng-ara.dict.dz";
/// ArWikiCats (PyPI `arwikicats`, MIT): the English → Arabic term tables its
/// Wikipedia category translator is built on.
pub const ARWIKICATS_FILE: &str = "arwikicats-0.2.3-py3-none-any.whl";
/// The tables of general terms read from it (its other tables are place, people,
/// club and film names, which the entity layer covers).
const ARWIKICATS_TABLES: [&str; 5] = [
    "ArWikiCats/jsons/keys/keys2.json",
    "ArWikiCats/jsons/keys/keys2_py.json",
    "ArWikiCats/jsons/population/keys_of_with_in.json",
    "ArWikiCats/jsons/population/pop_All_2018.json",
    "ArWikiCats/jsons/population/pop_final_3.json",
];
/// Tables of ArWikiCats mostly of place and state names ("Portuguese empire",
/// "Middle East"): they teach word senses (see [`collocation_senses`]) but are not
/// listed as phrases, since the entity layer names places.
const ARWIKICATS_NAME_TABLES: [&str; 2] = ["ArWikiCats/jsons/geography/P17_2_final_ll.json", "ArWikiCats/jsons/geography/popopo.json"];
/// Arabic words that show an English→Arabic "sense" is a definition, not a
/// phrase with the headword's meaning ("متعلق بملاحة الفضاء").
const DEFINITION_WORDS: [&str; 16] =
    ["في", "من", "إلى", "على", "عن", "الذي", "التي", "أو", "ما", "مع", "متعلق", "خاص", "نوع", "يتعلق", "حرف", "شخص"];
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

/// The dictd index (text) and dictionary (decompressed) out of the ara-eng `.deb`.
pub fn read_dictd_from_deb(deb: &Path) -> Result<(String, Vec<u8>), Error> {
    read_dictd_files(deb, INDEX_NAME, DICT_NAME, "freedict-ara-eng")
}

/// The dictd files `index_name` and `dict_name` out of a FreeDict `.deb` (`id`: its
/// id in data/sources.json, for the message when it is missing).
pub fn read_dictd_files(deb: &Path, index_name: &str, dict_name: &str, id: &str) -> Result<(String, Vec<u8>), Error> {
    let what = deb.display().to_string();
    let bytes = std::fs::read(deb).map_err(|e| {
        Error::new(ErrorKind::Io, format!("{what}: {e} (run `node scripts/fetch-data.mjs {id}` to fetch it)"))
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
        if path.ends_with(index_name) {
            let mut s = String::new();
            entry.read_to_string(&mut s).map_err(io)?;
            index = Some(s);
        } else if path.ends_with(dict_name) {
            let mut gz = Vec::new();
            entry.read_to_end(&mut gz).map_err(io)?;
            dict = Some(crate::build::archive::gunzip(&gz, &format!("{what}: {dict_name}"))?);
        }
    }
    let missing = |n: &str| Error::data(format!("{what}: has no file {n}; has the package changed?"));
    Ok((index.ok_or_else(|| missing(index_name))?, dict.ok_or_else(|| missing(dict_name))?))
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

/// Whether two English senses are the same but for case, hyphens and spaces
/// ("Teacups" and "teacups", "Mad-doctor" and "maddoctor"): FreeDict's ara-eng
/// entries write a sense with a capital and the reversed eng-ara ones in lower case,
/// so most merged phrases had each sense twice ("Teacups; teacups": 18,071 of the
/// 22,859 phrases). Keeping the first of such senses takes the phrases' English
/// 533 → 303 KB raw, 189 → 128 KB gzipped.
fn same_sense(a: &str, b: &str) -> bool {
    let fold = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    fold(a) == fold(b)
}

/// The multiword entries as (phrase key, headword, English), merged by key and
/// sorted by key; senses that are the same but for case, hyphens and spaces
/// ([`same_sense`]) kept once, the first. Single words, non-Arabic headwords and
/// keys of three letters or fewer are dropped.
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
            // one sense however it is cased, hyphenated or spaced, as the first source
            // writes it (see `same_sense`: "Precautions; precautions" was shown)
            if slot.1.len() < MAX_SENSES && !slot.1.iter().any(|x| same_sense(x, s)) {
                slot.1.push(s.clone());
            }
        }
    }
    let mut out: Vec<(String, String, String)> = by_key.into_iter().map(|(k, (a, s))| (k, a, s.join("; "))).collect();
    out.sort();
    out
}

/// Whether `s` is Arabic letters (marks allowed) and single spaces only.
fn arabic_words(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c == ' ' || ('\u{0621}'..='\u{0652}').contains(&c) || c == '\u{0670}')
}

/// Whether `s` reads as an English term: letters, spaces, hyphens, apostrophes, at
/// most four words.
fn english_term(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '\''))
        && s.split_whitespace().count() <= 4
}

/// FreeDict English–Arabic read in reverse: each Arabic rendering of two to four
/// words becomes a phrase whose English is the headword, so the dictionary's own
/// English compound stands for the Arabic phrase ("Counterterrorism" → its Arabic
/// gives that Arabic phrase "Counterterrorism"). Renderings holding a preposition,
/// a relative or a word such as متعلق are definitions, not equivalents, and are left out.
pub fn reverse_entries(eng_ara: &[DictEntry]) -> Vec<DictEntry> {
    let mut out = Vec::new();
    for e in eng_ara {
        let english = e.headword.trim();
        if !english_term(english) {
            continue;
        }
        for arabic in &e.senses {
            let arabic = arabic.split_whitespace().collect::<Vec<_>>().join(" ");
            let n = arabic.split(' ').count();
            if !(2..=4).contains(&n) || !arabic_words(&arabic) {
                continue;
            }
            let plain = |w: &str| w.chars().filter(|c| !crate::normalize::is_ignorable_mark(*c)).collect::<String>();
            if arabic.split(' ').any(|w| DEFINITION_WORDS.contains(&plain(w).as_str())) {
                continue;
            }
            out.push(DictEntry { headword: arabic, senses: vec![english.to_string()] });
        }
    }
    out
}

/// The general terms of ArWikiCats (English → Arabic JSON maps) as entries with the
/// Arabic as headword; the English gets a capital first letter, as FreeDict writes
/// its senses. Keys with placeholders (`{country1}`) are templates and are skipped.
pub fn arwikicats_entries(wheel: &Path, tables: &[&str]) -> Result<Vec<DictEntry>, Error> {
    let mut out = Vec::new();
    for &name in tables {
        let bytes = crate::build::archive::read_from_zip(wheel, name)?;
        let what = format!("{name} in {}", wheel.display());
        let map: HashMap<String, serde_json::Value> =
            serde_json::from_slice(&bytes).map_err(|e| Error::data(format!("{what}: not a JSON object: {e}; has the package changed?")))?;
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for english in keys {
            let Some(arabic) = map[english].as_str() else { continue };
            let arabic = arabic.split_whitespace().collect::<Vec<_>>().join(" ");
            let english = english.trim();
            if !english_term(english) || !arabic_words(&arabic) || arabic.split(' ').count() > MAX_WORDS {
                continue;
            }
            let mut sense: Vec<char> = english.chars().collect();
            sense[0] = sense[0].to_ascii_uppercase();
            out.push(DictEntry { headword: arabic, senses: vec![sense.into_iter().collect()] });
        }
    }
    if out.len() < 500 * tables.len() {
        return Err(Error::data(format!("{}: only {} terms found; has the package changed?", wheel.display(), out.len())));
    }
    Ok(out)
}

/// Senses of words as bilingual phrases use them: in every two-word phrase whose
/// English has two words, when one Arabic word's senses in the lexicon hold one of
/// the English words, the other Arabic word is taken to mean the other English word
/// (اقتصاد افتراضي "virtual economy": اقتصاد is "economy", so افتراضي is "virtual",
/// where the lexicon only says "hypothetical"). `word` gives an Arabic word's lemma key
/// and its senses in the lexicon (lowercased). Every aligned English word counts,
/// one of the lexicon's senses or not; a lemma gets a sense when most of its
/// alignments agree on one that the lexicon does not give it.
/// Returns (lemma key, sense), sorted by key. Composed key terms use it (see `terms::score`).
pub fn collocation_senses(entries: &[DictEntry], word: impl Fn(&str) -> Option<(String, Vec<String>)>) -> Vec<(String, String)> {
    const SMALL: [&str; 8] = ["of", "the", "and", "for", "in", "on", "to", "a"];
    const MIN_COLLOCATIONS: usize = 1;
    let same = |a: &str, b: &str| a == b || a.trim_end_matches('s') == b.trim_end_matches('s');
    let mut counts: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    let mut seen: HashMap<String, Option<(String, Vec<String>)>> = HashMap::new();
    // each lemma's senses in the lexicon
    let mut lexicon_senses: HashMap<String, Vec<String>> = HashMap::new();
    for e in entries {
        let ar: Vec<&str> = e.headword.split_whitespace().collect();
        if ar.len() != 2 {
            continue;
        }
        for sense in &e.senses {
            let en: Vec<String> = sense.split_whitespace().map(str::to_lowercase).collect();
            if en.len() != 2 || en.iter().any(|w| SMALL.contains(&w.as_str()) || !w.chars().all(|c| c.is_ascii_alphabetic())) {
                continue;
            }
            let mut info = |w: &str| seen.entry(w.to_string()).or_insert_with(|| word(w)).clone();
            let (Some(a), Some(b)) = (info(ar[0]), info(ar[1])) else { continue };
            for x in [&a, &b] {
                lexicon_senses.entry(x.0.clone()).or_insert_with(|| x.1.clone());
            }
            for (known, other) in [(&a, &b), (&b, &a)] {
                for k in 0..2 {
                    if known.1.iter().any(|s| same(s, &en[k])) && !other.1.iter().any(|s| same(s, &en[k])) && !known.1.iter().any(|s| same(s, &en[1 - k])) {
                        let slot = counts.entry(other.0.clone()).or_default();
                        match slot.iter_mut().find(|(s, _)| *s == en[1 - k]) {
                            Some((_, n)) => *n += 1,
                            None => slot.push((en[1 - k].clone(), 1)),
                        }
                    }
                }
            }
        }
    }
    // A sense most of a lemma's phrases agree on and that the lexicon lacks: phrases
    // fill a gap in the tables (افتراضي "virtual"), they do not re-rank the tables' own
    // senses (عام stays "general", though category names say "public" more often:
    // "public transport"; مؤتمر stays "conference"); one category label ("defunct X"
    // for X سابقة) does not rename a word.
    let mut out: Vec<(String, String)> = counts
        .into_iter()
        .filter_map(|(k, senses)| {
            let total: usize = senses.iter().map(|(_, n)| *n).sum();
            let (sense, best) = senses.iter().max_by_key(|(_, n)| *n)?.clone();
            let known = lexicon_senses.get(&k).is_some_and(|l| l.iter().any(|x| same(x, &sense)));
            (best >= MIN_COLLOCATIONS && 2 * best > total && !known).then_some((k, sense))
        })
        .collect();
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
pub fn assemble(
    phrases: &[(String, String, String)],
    words: &[(String, String)],
    collocations: &[(String, String)],
    background: &[(String, u8)],
) -> TermData {
    TermData {
        coll_keys: StrTable::from_strings(&collocations.iter().map(|w| w.0.as_str()).collect::<Vec<_>>()),
        coll_english: StrTable::from_strings(&collocations.iter().map(|w| w.1.as_str()).collect::<Vec<_>>()),
        word_keys: StrTable::from_strings(&words.iter().map(|w| w.0.as_str()).collect::<Vec<_>>()),
        word_english: StrTable::from_strings(&words.iter().map(|w| w.1.as_str()).collect::<Vec<_>>()),
        phrase_keys: StrTable::from_strings(&phrases.iter().map(|p| p.0.as_str()).collect::<Vec<_>>()),
        phrase_arabic: StrTable::from_strings(&phrases.iter().map(|p| p.1.as_str()).collect::<Vec<_>>()),
        phrase_english: StrTable::from_strings(&phrases.iter().map(|p| p.2.as_str()).collect::<Vec<_>>()),
        bg_keys: StrTable::from_strings(&background.iter().map(|b| b.0.as_str()).collect::<Vec<_>>()),
        bg_zipf10: background.iter().map(|b| b.1).collect(),
        sources: "Phrases: FreeDict Arabic-English and English-Arabic (Arabeyes.org), GPL-2.0-or-later, via Debian dict-freedict-ara-eng \
                  and dict-freedict-eng-ara 2022.04.21-1; ArWikiCats 0.2.3 term tables, MIT. \
                  Background frequencies: wordfreq 3.1.1 (Robyn Speer), data CC BY-SA 4.0."
            .to_string(),
    }
}

/// Every sense (lowercased) the lexicon gives in any analysis of a word, as the
/// scorer sees them (the stems' gloss lists).
fn lexicon_senses(annotator: &crate::annotate::Annotator, word: &str) -> Vec<String> {
    let lex = &annotator.analyzer().lexicon;
    let mut out = Vec::new();
    for entry in &annotator.annotate(word).entries {
        if let crate::annotate::Entry::Word { analyses, .. } = entry {
            for a in analyses.iter() {
                let gloss = lex.gloss(lex.stem_gloss(a.stem));
                out.extend(gloss.split(';').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()));
            }
        }
    }
    out
}

/// A word's lemma key (of its best analysis) and every sense the lexicon gives it.
fn lemma_and_senses(annotator: &crate::annotate::Annotator, word: &str) -> Option<(String, Vec<String>)> {
    let analyzer = annotator.analyzer();
    let best = *analyzer.analyze_word(word).first()?;
    let lex = &analyzer.lexicon;
    let lemma = crate::terms::keys::word_key(&crate::buckwalter::to_arabic(lex.lemma_voc(lex.stem(best.stem).lemma)))?;
    Some((lemma, lexicon_senses(annotator, word)))
}

/// The downloaded packages the term builder reads.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// FreeDict ara-eng `.deb`.
    pub ara_eng: &'a Path,
    /// FreeDict eng-ara `.deb`.
    pub eng_ara: &'a Path,
    /// The arwikicats wheel.
    pub arwikicats: &'a Path,
    pub wordfreq: &'a Path,
}

/// Builds `terms.bin` from the downloaded packages. Phrases come from FreeDict
/// ara-eng first, then eng-ara read in reverse, then ArWikiCats (merged by phrase
/// key in that order, at most four senses). With the lexicon's bytes, the background
/// keeps only words the analyser cannot analyse (the others get their lemma's
/// probability from the lexicon), and phrases teach word senses (see
/// [`collocation_senses`]).
pub fn build(src: &Sources, lexicon: Option<&[u8]>) -> Result<Vec<u8>, Error> {
    let deb = src.ara_eng;
    let (index, dict) = read_dictd_from_deb(deb)?;
    let entries = parse_dictd(&index, &dict, &deb.display().to_string())?;
    let (index, dict) = read_dictd_files(src.eng_ara, ENG_ARA_INDEX, ENG_ARA_DICT, "freedict-eng-ara")?;
    let reversed = reverse_entries(&parse_dictd(&index, &dict, &src.eng_ara.display().to_string())?);
    let wiki = arwikicats_entries(src.arwikicats, &ARWIKICATS_TABLES)?;
    let wiki_names = arwikicats_entries(src.arwikicats, &ARWIKICATS_NAME_TABLES)?;
    let all: Vec<DictEntry> = entries.iter().chain(&reversed).chain(&wiki).cloned().collect();
    let phrases = phrases(&all);
    if phrases.len() < 5_000 {
        return Err(Error::data(format!(
            "{}: only {} multiword entries found; has the package changed?",
            deb.display(),
            phrases.len()
        )));
    }
    let words = crate::build::wordfreq::load_arabic(src.wordfreq)?;
    let annotator = match lexicon {
        Some(bytes) => Some(crate::annotate::Annotator::from_lexicon_bytes(bytes)?),
        None => None,
    };
    let background = background(&words, |w| annotator.as_ref().map_or(true, |a| a.analyze_word(w).is_none()));
    let words = single_words(&entries, |w| annotator.as_ref().map(|a| lexicon_senses(a, w)));
    let collocations = match &annotator {
        Some(a) => collocation_senses(&[&all[..], &wiki_names[..]].concat(), |w| lemma_and_senses(a, w)),
        None => Vec::new(),
    };
    eprintln!(
        "terms: {} phrases from {} ara-eng, {} eng-ara (reversed) and {} ArWikiCats entries; {} collocation senses",
        phrases.len(),
        entries.len(),
        reversed.len(),
        wiki.len(),
        collocations.len()
    );
    Ok(assemble(&phrases, &words, &collocations, &background).to_bytes())
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
        // a sense two sources write in two cases is one, as the first writes it
        let entry = |senses: &[&str]| DictEntry { headword: "الإجراءات الوقائية".into(), senses: senses.iter().map(|s| s.to_string()).collect() };
        let p = phrases(&[entry(&["Precautions"]), entry(&["precautions", "preventive measures"])]);
        assert_eq!(p[0].2, "Precautions; preventive measures");
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
    fn reversed_entries_and_collocation_senses() {
        let eng_ara = vec![
            DictEntry { headword: "Counterterrorism".into(), senses: vec!["مكافحة الإرهاب".into(), "إرهاب".into()] },
            DictEntry { headword: "Astronautic".into(), senses: vec!["متعلق بملاحة الفضاء".into()] },
            DictEntry { headword: "A&M".into(), senses: vec!["زراعي وميكانيكي".into()] },
        ];
        let r = reverse_entries(&eng_ara);
        assert_eq!(r, vec![DictEntry { headword: "مكافحة الإرهاب".into(), senses: vec!["Counterterrorism".into()] }]);
        // اقتصاد is "economy" in the lexicon, so افتراضي is "virtual" in "virtual economy".
        let phrases = vec![
            DictEntry { headword: "اقتصاد افتراضي".into(), senses: vec!["Virtual economy".into()] },
            DictEntry { headword: "واقع افتراضي".into(), senses: vec!["Virtual reality".into()] },
            DictEntry { headword: "عالم افتراضي".into(), senses: vec!["Hypothetical world".into()] },
        ];
        let lexicon = |w: &str| -> Option<(String, Vec<String>)> {
            match w {
                "اقتصاد" => Some(("AqtSAd".into(), vec!["economy".into()])),
                "واقع" => Some(("wAqE".into(), vec!["reality".into(), "fact".into()])),
                "عالم" => Some(("EAlm".into(), vec!["world".into()])),
                "افتراضي" => Some(("AftrADy".into(), vec!["hypothetical".into()])),
                _ => None,
            }
        };
        let c = collocation_senses(&phrases, lexicon);
        // "hypothetical" is the lexicon's own sense, so that phrase teaches nothing new
        // about افتراضي; the two others agree on "virtual".
        assert!(c.contains(&("AftrADy".to_string(), "virtual".to_string())), "{c:?}");
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
