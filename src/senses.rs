//! The team's table of usual newswire senses (`data/senses.tsv`, compiled in): for
//! frequent words whose everyday sense loses to a rarer reading in the frequency
//! model (دور "role", not "houses"; قدرة "ability", not "estimate"), the reading
//! the table names wins.
//!
//! A line names a lemma as written without vowels and an English sense. A stem gets
//! the table's weight when its lemma (or the stem itself, for broken plurals such as
//! قوات) is spelt so and its gloss holds the sense's words. The weights are worked
//! out once per lexicon, per stem, so analysing a word costs one more array read.
//!
//! A line whose sense starts with `+` adds a sense the tables lack (مكافحة
//! "+combat": they have only "confrontation; battle"): it is shown first in the
//! gloss line of the lemma's readings, and those readings are named as above. A
//! third column limits it to the readings whose gloss holds its words (كان "+be"
//! only where the gloss says "is": the imperfect يكون، يكن، تكون, not the perfect
//! "was").

use std::collections::HashMap;


/// The table, as the team wrote it.
// (data/senses.tsv without its comments, see build.rs)
const TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/senses.tsv"));

/// Log-weight of a reading the table names: more than the frequency model's
/// margins between senses (which run to 6 or more where it learnt a rare sense
/// from an ambiguous spelling: عقد "complicate" for "hold"), less than a certain grammatical context (see
/// [`crate::context`]), so "after لم a verb" still beats the table's noun.
pub const USUAL_SENSE: f32 = 10.0;

/// Lower-case words of an English gloss or sense.
pub fn words_of(s: &str) -> Vec<String> {
    s.to_lowercase().split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect()
}

/// The key a lemma or stem's vocalised Buckwalter form folds to (as
/// [`crate::normalize::key`] folds the written word), its `_1` numbering off.
fn folded(voc: &str) -> String {
    crate::normalize::fold_buckwalter(voc.split('_').next().unwrap_or(voc))
}

/// A sense the tables lack, added by a `+` line: the sense as shown, and the words
/// a reading's gloss must hold to get it (none: every reading of the lemma).
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    pub sense: String,
    pub only_where: Vec<String>,
}

/// One line of the table: its folded lemma key, the words that name its readings
/// (a listed sense's words; for an added sense, its third column's, possibly none),
/// and the sense it adds, if it is a `+` line.
fn parse_line(line: &str) -> Option<(String, Vec<String>, Option<Added>)> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let mut cols = line.split('\t');
    let (arabic, english, third) = (cols.next()?, cols.next()?, cols.next());
    let key = crate::normalize::key(arabic.trim())?;
    match english.trim().strip_prefix('+') {
        Some(sense) => {
            let only_where = third.map(words_of).unwrap_or_default();
            Some((key, only_where.clone(), Some(Added { sense: sense.trim().to_string(), only_where })))
        }
        None => Some((key, words_of(english), None)).filter(|(_, w, _)| !w.is_empty()),
    }
}

/// The parsed table: folded lemma key → the lists of words that name its readings
/// (see [`parse_line`]). Malformed lines are a programming error caught by the unit
/// test below.
pub fn table() -> HashMap<String, Vec<Vec<String>>> {
    let mut out: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for (key, words, _) in TABLE.lines().filter_map(parse_line) {
        out.entry(key).or_default().push(words);
    }
    out
}

/// The senses the table adds: folded lemma key → its `+` lines' senses.
pub fn added() -> HashMap<String, Vec<Added>> {
    let mut out: HashMap<String, Vec<Added>> = HashMap::new();
    for (key, _, added) in TABLE.lines().filter_map(parse_line) {
        if let Some(a) = added {
            out.entry(key).or_default().push(a);
        }
    }
    out
}

/// Whether a gloss (the tables' `;`-separated senses) holds all the words of one
/// of `senses`.
pub fn gloss_holds(gloss: &str, senses: &[Vec<String>]) -> bool {
    let got = words_of(gloss);
    senses.iter().any(|sense| sense.iter().all(|w| got.iter().any(|g| g == w)))
}

/// The usual senses of a lexicon: per stem, the table's weight for it (0 when the
/// table does not name it), and per lemma the senses named, to put the named sense
/// first in the gloss line (see [`UsualSenses::sense_first`]).
#[derive(Debug, Clone, Default)]
pub struct UsualSenses {
    pub stem_weight: Vec<f32>,
    lemma_senses: rustc_hash::FxHashMap<u32, Vec<Vec<String>>>,
    /// Per lemma: the senses the table adds to its readings (see [`Added`]).
    lemma_added: rustc_hash::FxHashMap<u32, Vec<Added>>,
}

impl UsualSenses {
    pub fn new(lexicon: &crate::lexicon::Lexicon) -> UsualSenses {
        let (table, added) = (table(), added());
        // the lemmas named, with their line's key (for the senses it adds)
        let mut lemma_key: HashMap<u32, &String> = HashMap::new();
        // The lemmas and stems each line may name, found through the stem index
        // (a lemma's citation form is one of its stems, ة or the plural ات aside) rather than by
        // folding every stem of the lexicon: loading stays cheap.
        let mut lemmas: HashMap<u32, &Vec<Vec<String>>> = HashMap::new();
        let mut stems: HashMap<u32, &Vec<Vec<String>>> = HashMap::new();
        for (key, senses) in &table {
            // (an adverb in -an such as بدلا "instead" is written with its alif, which
            // its stem lacks: the alif carries the suffix's tanween)
            let (bare, singular) = (key.strip_suffix('p').unwrap_or(key), key.strip_suffix("At").unwrap_or(key));
            // (and the tens, عشرون "twenty", are the stem of ten and the ending ون)
            let adverb = key.strip_suffix('A').unwrap_or(key);
            let tens = key.strip_suffix("wn").unwrap_or(key);
            let candidates = [key, bare, singular, adverb, tens];
            for si in candidates.iter().enumerate().filter(|(i, k)| !candidates[..*i].contains(k)).flat_map(|(_, k)| lexicon.stems_for(k)) {
                let stem = lexicon.stem(si);
                if folded(lexicon.lemma_voc(stem.lemma)) == *key {
                    lemmas.insert(stem.lemma, senses);
                    lemma_key.insert(stem.lemma, key);
                }
                if folded(stem.voc) == *key {
                    stems.insert(si, senses);
                }
            }
        }
        let mut stem_weight = vec![0.0; lexicon.stem_count()];
        let mut lemma_senses = rustc_hash::FxHashMap::default();
        // Which lemmas and stems the table names, as flags: the scan over every stem
        // then reads one column and two flags per stem instead of two hash look-ups
        // (20-26 ms of a 40 ms lexicon load natively, measured; more in wasm).
        let mut named_lemma = vec![false; lexicon.lemma_count()];
        lemmas.keys().for_each(|&l| named_lemma[l as usize] = true);
        let mut named_stem = vec![false; lexicon.stem_count()];
        stems.keys().for_each(|&s| named_stem[s as usize] = true);
        for i in 0..lexicon.stem_count() {
            if !named_stem[i] && !named_lemma[lexicon.stem_lemma(i as u32) as usize] {
                continue;
            }
            let stem = lexicon.stem(i as u32);
            let gloss = lexicon.gloss(stem.gloss);
            let named = [lemmas.get(&stem.lemma), stems.get(&(i as u32))].into_iter().flatten().find(|senses| gloss_holds(gloss, senses));
            if let Some(senses) = named {
                stem_weight[i] = USUAL_SENSE;
                lemma_senses.entry(stem.lemma).or_insert_with(|| senses.iter().filter(|s| !s.is_empty()).cloned().collect());
            }
        }
        let lemma_added = lemma_key.iter().filter_map(|(&lemma, key)| Some((lemma, added.get(*key)?.clone()))).collect();
        UsualSenses { stem_weight, lemma_senses, lemma_added }
    }

    /// True when the table names a sense of `lemma` (or adds one to it).
    pub fn names(&self, lemma: u32) -> bool {
        self.lemma_senses.contains_key(&lemma) || self.lemma_added.contains_key(&lemma)
    }

    /// True when `sense` (one sense of a gloss line) is the table's for `lemma`.
    pub fn is_usual(&self, lemma: u32, sense: &str) -> bool {
        self.lemma_senses.get(&lemma).is_some_and(|named| gloss_holds(sense, named)) || self.lemma_added.get(&lemma).is_some_and(|added| added.iter().any(|a| a.sense == sense))
    }

    /// The senses of `gloss` (a gloss line of `lemma`'s, `;` between senses), trimmed,
    /// in the order the word layer shows them: the table's first ([`UsualSenses::sense_first`]).
    pub fn ordered<'a>(&'a self, lemma: u32, gloss: &'a str) -> Vec<&'a str> {
        let mut senses: Vec<&str> = gloss.split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
        self.sense_first(lemma, &mut senses);
        senses
    }

    /// Reorders one reading's senses so those the table names come first (a
    /// stable partition): the reader sees "role; turn", not "turn; role". A sense
    /// the table adds to the lemma goes first of all, where its line allows.
    pub fn sense_first<'a>(&'a self, lemma: u32, senses: &mut Vec<&'a str>) {
        if let Some(named) = self.lemma_senses.get(&lemma) {
            senses.sort_by_key(|s| !gloss_holds(s, named));
        }
        if let Some(added) = self.lemma_added.get(&lemma) {
            let gloss = senses.join(";");
            for a in added.iter().rev() {
                if gloss_holds(&gloss, std::slice::from_ref(&a.only_where)) && !senses.contains(&a.sense.as_str()) {
                    senses.insert(0, &a.sense);
                }
            }
        }
    }
}

/// The table's lines (lemma, sense) that name no reading of the lexicon: a sense
/// not worded as the lexicon's glosses word it, or a lemma it does not have.
pub fn unused_lines(lexicon: &crate::lexicon::Lexicon) -> Vec<String> {
    let table = table();
    let weights = UsualSenses::new(lexicon).stem_weight;
    let mut used: std::collections::HashSet<(String, Vec<String>)> = Default::default();
    for stem in (0..lexicon.stem_count() as u32).filter(|&i| weights[i as usize] > 0.0).map(|i| lexicon.stem(i)) {
        for key in [folded(lexicon.lemma_voc(stem.lemma)), folded(stem.voc)] {
            for sense in table.get(&key).into_iter().flatten() {
                if gloss_holds(lexicon.gloss(stem.gloss), std::slice::from_ref(sense)) {
                    used.insert((key.clone(), sense.clone()));
                }
            }
        }
    }
    let mut out = Vec::new();
    for line in TABLE.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        match parse_line(line) {
            Some((key, words, _)) if used.contains(&(key.clone(), words.clone())) => {}
            _ => out.push(line.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_parses() {
        for (n, line) in TABLE.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let added = cols.get(1).is_some_and(|c| c.starts_with('+'));
            assert!(cols.len() == 2 || (added && cols.len() == 3), "data/senses.tsv line {}: want lemma<TAB>sense, or lemma<TAB>+sense[<TAB>where]", n + 1);
            assert!(crate::normalize::key(cols[0]).is_some(), "data/senses.tsv line {}: {:?} is not Arabic", n + 1, cols[0]);
            assert!(!words_of(cols[1]).is_empty(), "data/senses.tsv line {}: no English sense", n + 1);
        }
    }

    #[test]
    fn senses_match_on_whole_words() {
        let named = vec![vec!["role".to_string()]];
        assert!(gloss_holds("turn;role", &named));
        assert!(!gloss_holds("roles;parts", &named));
        let mut senses = vec!["turn", "role", "houses"];
        let added = vec![Added { sense: "be".into(), only_where: vec!["is".into()] }];
        let us = UsualSenses {
            stem_weight: vec![],
            lemma_senses: [(7, named)].into_iter().collect(),
            lemma_added: [(8, added)].into_iter().collect(),
        };
        us.sense_first(7, &mut senses);
        assert_eq!(senses, ["role", "turn", "houses"]);
        let (mut imperfect, mut perfect) = (vec!["is", "are"], vec!["was", "were"]);
        us.sense_first(8, &mut imperfect);
        us.sense_first(8, &mut perfect);
        assert_eq!((imperfect, perfect), (vec!["be", "is", "are"], vec!["was", "were"]));
    }
}
