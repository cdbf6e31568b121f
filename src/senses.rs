//! The team's table of usual newswire senses (`data/senses.tsv`, compiled in): for
//! frequent words whose everyday sense loses to a rarer reading in the frequency
//! model (دور "role", not "houses"; قدرة "ability", not "estimate"), the reading
//! the table names wins.
//!
//! A line names a lemma as written without vowels and an English sense. A stem gets
//! the table's weight when its lemma (or the stem itself, for broken plurals such as
//! قوات) is spelt so and its gloss holds the sense's words. The weights are worked
//! out once per lexicon, per stem, so analysing a word costs one more array read.

use std::collections::HashMap;


/// The table, as the team wrote it.
const TABLE: &str = include_str!("../data/senses.tsv");

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

/// The parsed table: folded lemma key → the senses listed for it (each a list of
/// words). Malformed lines are a programming error caught by the unit test below.
pub fn table() -> HashMap<String, Vec<Vec<String>>> {
    let mut out: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for line in TABLE.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((arabic, english)) = line.split_once('\t') else { continue };
        let (Some(key), words) = (crate::normalize::key(arabic.trim()), words_of(english)) else { continue };
        if !words.is_empty() {
            out.entry(key).or_default().push(words);
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
    lemma_senses: HashMap<u32, Vec<Vec<String>>>,
}

impl UsualSenses {
    pub fn new(lexicon: &crate::lexicon::Lexicon) -> UsualSenses {
        let table = table();
        // The lemmas and stems each line may name, found through the stem index
        // (a lemma's citation form is one of its stems, ة or the plural ات aside) rather than by
        // folding every stem of the lexicon: loading stays cheap.
        let mut lemmas: HashMap<u32, &Vec<Vec<String>>> = HashMap::new();
        let mut stems: HashMap<u32, &Vec<Vec<String>>> = HashMap::new();
        for (key, senses) in &table {
            // (an adverb in -an such as بدلا "instead" is written with its alif, which
            // its stem lacks: the alif carries the suffix's tanween)
            let (bare, singular) = (key.strip_suffix('p').unwrap_or(key), key.strip_suffix("At").unwrap_or(key));
            let adverb = key.strip_suffix('A').unwrap_or(key);
            for si in lexicon.stems_for(key).chain(lexicon.stems_for(bare)).chain(lexicon.stems_for(singular)).chain(lexicon.stems_for(adverb)) {
                let stem = lexicon.stem(si);
                if folded(lexicon.lemma_voc(stem.lemma)) == *key {
                    lemmas.insert(stem.lemma, senses);
                }
                if folded(stem.voc) == *key {
                    stems.insert(si, senses);
                }
            }
        }
        let mut stem_weight = vec![0.0; lexicon.stem_count()];
        let mut lemma_senses = HashMap::new();
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
                lemma_senses.entry(stem.lemma).or_insert_with(|| (*senses).clone());
            }
        }
        UsualSenses { stem_weight, lemma_senses }
    }

    /// Reorders one reading's senses so those the table names come first (a
    /// stable partition): the reader sees "role; turn", not "turn; role".
    pub fn sense_first(&self, lemma: u32, senses: &mut [&str]) {
        if let Some(named) = self.lemma_senses.get(&lemma) {
            senses.sort_by_key(|s| !gloss_holds(s, named));
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
        let Some((arabic, english)) = line.split_once('\t') else { continue };
        let key = crate::normalize::key(arabic.trim()).unwrap_or_default();
        if !used.contains(&(key, words_of(english))) {
            out.push(line.to_string());
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
            assert_eq!(cols.len(), 2, "data/senses.tsv line {}: want lemma<TAB>sense", n + 1);
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
        let us = UsualSenses { stem_weight: vec![], lemma_senses: [(7, named)].into_iter().collect() };
        us.sense_first(7, &mut senses);
        assert_eq!(senses, ["role", "turn", "houses"]);
    }
}
