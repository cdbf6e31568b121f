//! Key terms and multiword terms.
//!
//! Everything here works over *analysed tokens* ([`TermToken`]): the word's span
//! in UTF-16 code units of the input, its lookup key, where its proclitics end, its
//! lemma, best gloss and part of speech, and the background probability of its
//! lemma. The annotator makes them from its analyses (a thin adapter); tests and
//! benchmarks can make them directly.
//!
//! - [`TermIndex::match_terms`]: multiword terms from the built-in phrase list
//!   (FreeDict, `terms.bin`), the team's phrase table ([`phrases`], compiled in)
//!   and custom glossaries, longest match first, clitics (و ف ب ل ك and the
//!   article) allowed on the first word.
//! - [`TermIndex::key_terms`]: the terms that carry a document, scored by keyness
//!   against background word frequencies, merged across inflected forms and
//!   clitics (by lemma), with an English translation each, counts and positions.
//!   Besides dictionary phrases, frequent noun–adjective and construct-state pairs
//!   get compositional glosses from their words' best glosses.
//! - [`glossary`]: custom glossaries (TSV, JSON) that win over built-in glosses.
//! - [`export`]: CSV and Anki TSV of key terms and looked-up words.
//!
//! A [`KeyTerm`] serialises (CLI `"key_terms"`) as
//!
//! ```json
//! {"text": "الفضاء الإلكتروني", "lemma": "فَضاء إِلِكْترُونِيّ", "english": "electronic space",
//!  "count": 2, "score": 13.2, "occurrences": [[124, 141], [1445, 1462]], "source": "composed"}
//! ```
//!
//! `text` is the term as it most often appears (without و/ف/ب/ل/ك), `lemma` the
//! vocalised lemma(s) or dictionary headword, `occurrences` UTF-16 `[start, end)`
//! spans of the input in order, `source` one of `word` (a word's gloss), `composed`
//! (a noun–adjective or construct pair glossed from its words), `dictionary`
//! (FreeDict phrase), `phrasebook` (the team's phrase table, `data/phrases.tsv`),
//! `glossary` (a custom glossary) or `entity` (the entity layer's English name).
//!
//! ```no_run
//! use hashiya::terms::{Analysed, KeyTermOptions, TermIndex};
//! let annotator = hashiya::Annotator::from_lexicon_bytes(std::fs::read("build/data/lexicon.bin").unwrap()).unwrap();
//! let index = TermIndex::from_bytes(&std::fs::read("build/data/terms.bin").unwrap(), "terms.bin").unwrap();
//! let text = "تحذير من الدعاية في الفضاء الإلكتروني. الفضاء الإلكتروني ساحة للدعاية.";
//! let doc = annotator.annotate(text);
//! let analysed = Analysed::new(annotator.analyzer(), text, &doc);
//! for k in index.key_terms(text, &analysed.tokens(), &[], None, &KeyTermOptions::default()) {
//!     println!("{} — {} ({}×)", k.text, k.english, k.count);
//! }
//! ```

pub mod analysed;
pub mod data;
pub mod export;
pub mod glossary;
pub mod keys;
pub mod phrases;
mod score;

use std::collections::HashMap;

use serde::Serialize;

pub use analysed::Analysed;
pub use data::TermData;
pub use glossary::{GlossEntry, Glossary, GlossaryFormat, GlossaryIssue};

use crate::error::Error;

/// Coarse part of speech, as far as terms care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Noun,
    Adjective,
    ProperNoun,
    Verb,
    /// Particles, pronouns, prepositions, conjunctions, ...
    Function,
    Number,
    /// An Arabic word the analyser does not know.
    Unknown,
    /// Not an Arabic word (punctuation, Latin, digits): ends any phrase.
    Other,
}

impl Pos {
    /// From a Buckwalter POS tag (`NOUN`, `ADJ`, `NOUN_PROP`, `VERB_PERFECT`, ...).
    pub fn from_buckwalter(tag: &str) -> Pos {
        match tag {
            "NOUN" | "NOUN.VN" | "NOUN_QUANT" => Pos::Noun,
            "ADJ" | "ADJ.VN" | "ADJ_COMP" => Pos::Adjective,
            "NOUN_PROP" => Pos::ProperNoun,
            "NUM" | "NOUN_NUM" => Pos::Number,
            t if t.starts_with("VERB") || t.starts_with("PV") || t.starts_with("IV") || t.starts_with("CV") => Pos::Verb,
            t if t.starts_with("NOUN") => Pos::Noun,
            t if t.starts_with("ADJ") => Pos::Adjective,
            _ => Pos::Function,
        }
    }

    fn is_word(self) -> bool {
        self != Pos::Other
    }
}

/// One analysed token of the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermToken<'a> {
    /// Span of the whole word in UTF-16 code units of the input.
    pub start: u32,
    pub end: u32,
    /// The word's lookup key ([`crate::normalize::key`]), clitics included; empty
    /// for tokens that are not Arabic words.
    pub key: &'a str,
    /// Bytes of `key` taken by proclitics and the article (`key[bare..]` is the word).
    pub bare: u8,
    /// The word carries the article.
    pub det: bool,
    /// The word carries a pronoun suffix (possessive or object).
    pub enclitic: bool,
    /// Vocalised lemma in Arabic script; empty when unknown. Inflected forms of one
    /// lemma share it, so key terms merge on it.
    pub lemma: &'a str,
    /// English senses of the best analysis, best first, separated by `;`; empty
    /// when unknown.
    pub gloss: &'a str,
    /// `gloss`'s first sense is the team's usual newswire sense of the word
    /// (`data/senses.tsv`): key terms take it without asking the dictionary.
    pub usual: bool,
    pub pos: Pos,
    /// Natural log of the lemma's background probability per word, when the
    /// analyser has one; otherwise the whole word is looked up in `terms.bin`.
    pub logp: Option<f32>,
    /// Other lemmas read in the same letters with the same affixes (homographs),
    /// best first. Key terms take one of them instead when the dictionary
    /// confirms its sense and not the first reading's (تقويم: "calendar", not
    /// "rating").
    pub alternatives: &'a [AltReading],
    /// Some reading of the word's letters is a month or a weekday (شباط
    /// "February"; كانون, read "stove" first, is also the month of كانون الثاني):
    /// in news it is nearly always the date, and a date is no key term.
    pub date: bool,
    /// The word is an active participle in the indefinite accusative: a
    /// circumstantial (حال) such as مؤكدا "stressing", داعيا "calling for",
    /// مشيرا "pointing out", which says how something was said, not what the text
    /// is about: no key term (unless it follows a number, whose counted noun
    /// takes the same ending: عشرين مقاتلا "twenty fighters").
    pub circumstantial: bool,
    /// The word's lemma is a noun serving as a preposition or an adverb of time
    /// or place (في غضون "within", أمام "before", قبيل "shortly before"): it says
    /// where and when, and is no key term.
    pub adverbial: bool,
}

/// Another reading of a word: a homograph of its best analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct AltReading {
    /// Lemma index in the lexicon.
    pub lemma_id: u32,
    /// Vocalised lemma in Arabic script.
    pub lemma: String,
    /// English senses separated by `;`.
    pub gloss: String,
    /// Natural log of the lemma's background probability.
    pub logp: f32,
}

impl<'a> TermToken<'a> {
    /// A token that ends phrases (punctuation, Latin, digits).
    pub fn other(start: u32, end: u32) -> TermToken<'static> {
        TermToken { start, end, key: "", bare: 0, det: false, enclitic: false, lemma: "", gloss: "", usual: false, pos: Pos::Other, logp: None, alternatives: &[], date: false, circumstantial: false, adverbial: false }
    }

    /// The word without proclitics and article.
    pub fn bare_key(&self) -> &'a str {
        &self.key[(self.bare as usize).min(self.key.len())..]
    }

    /// The word's key as a non-first word of a phrase (see [`keys::inner_key`]).
    pub fn inner_key(&self) -> &'a str {
        keys::inner_key(self.key, self.bare as usize, self.det)
    }
}

/// Kind of a named entity, for key terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organization,
    /// Nationalities and peoples (الإيطالي "Italian").
    Nationality,
    Other,
}

impl EntityKind {
    /// From the entity layer's type tags (`PER`, `LOC`, `ORG`, `NORP`, `FAC`, `MISC`).
    pub fn from_tag(tag: &str) -> EntityKind {
        match tag {
            "PER" => EntityKind::Person,
            "LOC" | "GPE" | "FAC" => EntityKind::Place,
            "ORG" => EntityKind::Organization,
            "NORP" => EntityKind::Nationality,
            _ => EntityKind::Other,
        }
    }
}

/// An entity found in the input (from the entity layer).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityMention<'a> {
    /// UTF-16 span in the input.
    pub start: u32,
    pub end: u32,
    pub kind: EntityKind,
    /// English name.
    pub english: &'a str,
}

/// Where a term's translation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermSource {
    /// The built-in phrase list (FreeDict).
    Dictionary,
    /// The team's phrase table (`data/phrases.tsv`, see [`phrases`]).
    Phrasebook,
    /// A custom glossary.
    Glossary,
    /// Composed from the words' glosses.
    Composed,
    /// One word's gloss.
    Word,
    /// An entity's English name.
    Entity,
}

/// A multiword term found in the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermMatch {
    /// UTF-16 span from the first word's start to the last word's end.
    pub start: u32,
    pub end: u32,
    /// Token range `[first, last + 1)` in the token slice given.
    #[serde(skip)]
    pub tokens: (usize, usize),
    /// Phrase key.
    pub key: String,
    /// The headword as the dictionary or glossary writes it.
    pub arabic: String,
    pub english: String,
    pub source: TermSource,
}

/// A key term of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyTerm {
    /// The term as it most often appears (without و/ف/ب/ل/ك).
    pub text: String,
    /// Vocalised lemma (single words) or headword (phrases), when known.
    pub lemma: String,
    pub english: String,
    /// Occurrences in the document.
    pub count: u32,
    /// Keyness (higher is more characteristic of the document).
    pub score: f32,
    /// UTF-16 spans of the occurrences, in order.
    pub occurrences: Vec<(u32, u32)>,
    /// Where `english` comes from.
    pub source: TermSource,
}

/// Options of [`TermIndex::key_terms`].
#[derive(Debug, Clone)]
pub struct KeyTermOptions {
    /// At most this many key terms.
    pub limit: usize,
    /// Keep people's names (they already have the entity layer).
    pub include_people: bool,
    /// Keep place names (and facilities).
    pub include_places: bool,
    /// Keep nationalities and peoples ("Italian").
    pub include_nationalities: bool,
}

impl Default for KeyTermOptions {
    fn default() -> Self {
        KeyTermOptions { limit: 25, include_people: false, include_places: false, include_nationalities: false }
    }
}

/// Key-term scoring raises background probabilities below this Zipf value to it
/// (see the `score` module), so the builder need not store rarer words.
pub const BACKGROUND_FLOOR_ZIPF: f64 = 4.5;

/// Longest phrase (in words) looked for.
const MAX_PHRASE_WORDS: usize = 6;

const FNV_OFFSET: u64 = 0xcbf29ce484222325;

fn fnv_extend(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[derive(Default)]
struct IdHasher(u64);
impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
/// A fast non-cryptographic hasher (FNV-1a over the bytes) for the scorer's
/// small, short-lived maps; their keys are not chosen by an adversary in a way
/// that matters (worst case: slower scoring of one text).
#[derive(Clone, Copy)]
pub(crate) struct FnvHasher(u64);
impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(FNV_OFFSET)
    }
}
impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv_extend(self.0, bytes);
    }
}
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FnvHasher>>;

/// Hashes of phrase keys and of their word prefixes → [`ENDS`] | [`GOES_ON`].
type PrefixMap = HashMap<u64, u8, std::hash::BuildHasherDefault<IdHasher>>;
/// A dictionary phrase ends here.
const ENDS: u8 = 1;
/// A longer dictionary phrase starts with this.
const GOES_ON: u8 = 2;
/// A phrase of the team's table ends here.
const TABLE_ENDS: u8 = 4;
/// A longer phrase of the team's table starts with this.
const TABLE_GOES_ON: u8 = 8;

/// Marks a phrase key and its word prefixes in `prefixes` with `ends` / `goes_on`.
fn mark_prefixes(prefixes: &mut PrefixMap, key: &str, ends: u8, goes_on: u8) {
    let mut h = FNV_OFFSET;
    for (n, w) in key.split(' ').enumerate() {
        if n > 0 {
            *prefixes.entry(h).or_default() |= goes_on;
            h = fnv_extend(h, b" ");
        }
        h = fnv_extend(h, w.as_bytes());
    }
    *prefixes.entry(h).or_default() |= ends;
}

/// Where a phrase match comes from, while matching.
enum Found {
    Glossary,
    Table,
    Dictionary(usize),
}

/// The built-in term data, ready to match and score.
pub struct TermIndex {
    data: TermData,
    /// Hashes of the phrases (dictionary and team table) and their word prefixes,
    /// so matching hashes its way along the tokens and searches a table only for a
    /// likely hit.
    prefixes: PrefixMap,
    /// The team's phrase table ([`phrases::table`]), unless left out.
    table: Option<&'static Glossary>,
    /// Hash of a single word's key → its index in the dictionary's single words
    /// (checked against the key on lookup).
    words: HashMap<u64, u32, std::hash::BuildHasherDefault<IdHasher>>,
}

impl TermIndex {
    /// Loads `terms.bin` from bytes; `what` names the file in errors.
    pub fn from_bytes(bytes: &[u8], what: &str) -> Result<TermIndex, Error> {
        Ok(TermIndex::from_data(TermData::from_bytes(bytes, what)?))
    }

    /// The index of term data, with the team's phrase table.
    pub fn from_data(data: TermData) -> TermIndex {
        TermIndex::from_data_and_table(data, Some(phrases::table()))
    }

    /// The same index without the team's phrase table: dictionary phrases and
    /// composition only (to test or measure them on their own).
    pub fn without_phrase_table(self) -> TermIndex {
        TermIndex::from_data_and_table(self.data, None)
    }

    fn from_data_and_table(data: TermData, table: Option<&'static Glossary>) -> TermIndex {
        let mut prefixes = PrefixMap::default();
        for i in 0..data.phrase_keys.len() {
            mark_prefixes(&mut prefixes, data.phrase_keys.get(i), ENDS, GOES_ON);
        }
        for e in table.map(|t| t.entries()).unwrap_or_default() {
            mark_prefixes(&mut prefixes, &e.key, TABLE_ENDS, TABLE_GOES_ON);
        }
        let mut words: HashMap<u64, u32, std::hash::BuildHasherDefault<IdHasher>> = HashMap::default();
        for i in 0..data.word_keys.len() {
            words.entry(fnv_extend(FNV_OFFSET, data.word_keys.get(i).as_bytes())).or_insert(i as u32);
        }
        TermIndex { data, prefixes, table, words }
    }

    /// An index with no phrases and no background (scores then use the lemma
    /// probabilities of the tokens alone).
    pub fn empty() -> TermIndex {
        TermIndex::from_data(TermData::default())
    }

    pub fn data(&self) -> &TermData {
        &self.data
    }

    /// Multiword terms in the tokens, left to right, longest match first; among
    /// matches of the same length a custom glossary's phrase wins, then the team's
    /// table, then the dictionary.
    pub fn match_terms(&self, tokens: &[TermToken], glossary: Option<&Glossary>) -> Vec<TermMatch> {
        let gmax = glossary.map(|g| g.max_words()).unwrap_or(0).max(1);
        let mut out = Vec::new();
        let mut buf = String::with_capacity(64);
        // Where a phrase may start in each distinct key, worked out once per key
        // rather than at every token (splitting off the clitics and hashing each
        // reading: 3.5 M instructions less per all-layer pass over the newswire
        // corpus, 0.35 %; most words start no phrase): the key's readings as (bare start, hash of the
        // bare word, whether a dictionary or table phrase starts so), in
        // `starts[from..to]` for `starts_of[key] = (from, to)`, only those that
        // can start a match.
        let mut starts: Vec<(usize, u64, bool)> = Vec::new();
        let mut starts_of: rustc_hash::FxHashMap<&str, (u32, u32)> = Default::default();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if !t.pos.is_word() || t.key.is_empty() || i + 1 >= tokens.len() || !tokens[i + 1].pos.is_word() {
                i += 1;
                continue;
            }
            // (words, where from, key)
            let mut best: Option<(usize, Found, String)> = None;
            let (from, to) = *starts_of.entry(t.key).or_insert_with(|| {
                let from = starts.len() as u32;
                for (start, _) in keys::proclitic_splits(t.key) {
                    let h = fnv_extend(FNV_OFFSET, t.key[start..].as_bytes());
                    // a dictionary or table phrase may start here
                    let dict_on = self.prefixes.get(&h).is_some_and(|f| f & (GOES_ON | TABLE_GOES_ON) != 0);
                    if dict_on || gmax >= 2 {
                        starts.push((start, h, dict_on));
                    }
                }
                (from, starts.len() as u32)
            });
            for &(start, h, dict_on) in &starts[from as usize..to as usize] {
                let (mut h, mut dict_on) = (h, dict_on);
                let first = &t.key[start..];
                buf.clear();
                buf.push_str(first);
                for j in i + 1..tokens.len() {
                    let u = &tokens[j];
                    if !u.pos.is_word() || u.key.is_empty() {
                        break;
                    }
                    let word = u.inner_key();
                    buf.push(' ');
                    buf.push_str(word);
                    let words = j - i + 1;
                    let better = best.as_ref().map_or(true, |b| words > b.0);
                    let mut found = false;
                    if let Some(g) = glossary {
                        if words <= gmax && g.get_key(&buf).is_some() {
                            found = true;
                            if better {
                                best = Some((words, Found::Glossary, buf.clone()));
                            }
                        }
                    }
                    if dict_on {
                        h = fnv_extend(fnv_extend(h, b" "), word.as_bytes());
                        let flags = self.prefixes.get(&h).copied().unwrap_or(0);
                        if flags & TABLE_ENDS != 0 && !found && better && self.table.is_some_and(|t| t.get_key(&buf).is_some()) {
                            found = true;
                            best = Some((words, Found::Table, buf.clone()));
                        }
                        if flags & ENDS != 0 && !found && better {
                            if let Some(ix) = self.data.phrase_keys.find(&buf) {
                                best = Some((words, Found::Dictionary(ix), buf.clone()));
                            }
                        }
                        dict_on = flags & (GOES_ON | TABLE_GOES_ON) != 0 && words < MAX_PHRASE_WORDS;
                    }
                    if !dict_on && words >= gmax {
                        break;
                    }
                }
            }
            match best {
                Some((words, ix, key)) => {
                    let last = &tokens[i + words - 1];
                    let (arabic, english, source) = match ix {
                        Found::Dictionary(ix) => (
                            self.data.phrase_arabic.get(ix).to_string(),
                            self.data.phrase_english.get(ix).to_string(),
                            TermSource::Dictionary,
                        ),
                        Found::Table => {
                            let e = self.table.and_then(|g| g.get_key(&key)).expect("matched table key");
                            (e.arabic.clone(), e.english_text(), TermSource::Phrasebook)
                        }
                        Found::Glossary => {
                            let e = glossary.and_then(|g| g.get_key(&key)).expect("matched glossary key");
                            (e.arabic.clone(), e.english_text(), TermSource::Glossary)
                        }
                    };
                    out.push(TermMatch { start: t.start, end: last.end, tokens: (i, i + words), key, arabic, english, source });
                    i += words;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The dictionary's English senses ("a; b") of a single word by its key.
    pub fn word_senses(&self, key: &str) -> Option<&str> {
        let &i = self.words.get(&fnv_extend(FNV_OFFSET, key.as_bytes()))?;
        if self.data.word_keys.get(i as usize) == key {
            Some(self.data.word_english.get(i as usize))
        } else {
            self.data.word_senses(key)
        }
    }

    /// Background probability (per word) of a whole-word key from `terms.bin`.
    pub fn background(&self, key: &str) -> Option<f64> {
        self.data.background(key)
    }

    /// The document's key terms, best first. `text` is the input the tokens'
    /// spans point into; `entities` the entity layer's mentions (may be empty).
    pub fn key_terms(
        &self,
        text: &str,
        tokens: &[TermToken],
        entities: &[EntityMention],
        glossary: Option<&Glossary>,
        options: &KeyTermOptions,
    ) -> Vec<KeyTerm> {
        let matches = self.match_terms(tokens, glossary);
        self.key_terms_of_matches(text, tokens, &matches, entities, glossary, options)
    }

    /// [`TermIndex::key_terms`] given the terms [`TermIndex::match_terms`] found in
    /// `tokens` with `glossary`: the annotator marks those in the text anyway, and
    /// matching them twice was a tenth of the term layer (50 M instructions a
    /// pass over the newswire corpus).
    pub fn key_terms_of_matches(
        &self,
        text: &str,
        tokens: &[TermToken],
        matches: &[TermMatch],
        entities: &[EntityMention],
        glossary: Option<&Glossary>,
        options: &KeyTermOptions,
    ) -> Vec<KeyTerm> {
        score::key_terms(self, text, tokens, matches, entities, glossary, options)
    }
}

#[cfg(test)]
mod tests;
