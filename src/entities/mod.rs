//! Named entities: people, places, organisations (and nationalities, facilities,
//! other names) found in Arabic text, typed, and named in English.
//!
//! Recognition runs a linear-chain model (averaged structured perceptron, BIO
//! labels, Viterbi decoding) over features of each word: its form, its form with
//! clitics and article removed, affixes, gazetteer membership, cue words around it
//! (وزير, الجنرال, وكالة, مركز, مدينة, ...), quotes and neighbouring words. Then
//! each entity gets an English name from the gazetteer or, failing that, from
//! [`render`] and [`translit`].
//!
//! ```no_run
//! use hashiya::entities::EntityRecognizer;
//! let model = std::fs::read("data/entities/ner.model").unwrap();
//! let gaz = std::fs::read("build/data/gazetteer.bin").unwrap();
//! let rec = EntityRecognizer::from_bytes(&model, &gaz).unwrap();
//! for e in rec.recognize("قال وزير الداخلية الإيطالي ماركو مينيتي") {
//!     println!("{}..{} {} {}", e.start, e.end, e.kind, e.english);
//! }
//! ```
//!
//! Spans are in UTF-16 code units of the input, sorted, and leave out the
//! conjunctions and prepositions written onto a name (وسوريا → سوريا), but keep
//! its article (الموصل).

pub mod features;
pub mod gazetteer;
pub mod model;
pub mod render;
pub mod text;
pub mod translit;

use std::collections::HashSet;

use serde::Serialize;

use crate::error::Error;
use features::{sentence_features, TokView};
use gazetteer::{GazKind, Gazetteer};
use model::{Model, LABELS};
use text::{proclitic_strips, strip_article, tokenize, Kind, Tok};

/// One recognised entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// UTF-16 offsets into the input.
    pub start: u32,
    pub end: u32,
    /// UTF-8 byte offsets into the input.
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
    /// `PER`, `LOC`, `ORG`, `NORP`, `FAC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The English name.
    pub english: String,
}

/// Finds entities. Build once from the model and gazetteer bytes; recognition does
/// not change it.
pub struct EntityRecognizer {
    model: Model,
    gaz: Gazetteer,
}

/// Longest sentence the decoder sees at once; longer runs are cut.
const MAX_SENTENCE: usize = 256;

impl EntityRecognizer {
    /// Loads the model (`data/entities/ner.model`) and gazetteer
    /// (`build/data/gazetteer.bin`) from bytes. Errors name the file and say how
    /// to rebuild it.
    pub fn from_bytes(model: &[u8], gazetteer: &[u8]) -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer { model: Model::from_bytes(model)?, gaz: Gazetteer::from_bytes(gazetteer)? })
    }

    /// The gazetteer (for callers that want English names of places directly).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Finds the entities of a text, sorted by start.
    pub fn recognize(&self, text: &str) -> Vec<Entity> {
        let toks = tokenize(text);
        self.recognize_tokens(text, &toks)
    }

    /// Labels for each token (BIO label strings); for tools and tests.
    pub fn label_tokens(&self, toks: &[Tok]) -> Vec<&'static str> {
        let mut labels = vec!["O"; toks.len()];
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        for (a, b) in sentences(toks) {
            let views: Vec<TokView> = toks[a..b].iter().map(|t| TokView { norm: t.norm.clone(), kind: t.kind }).collect();
            sentence_features(&views, &self.gaz, &mut feats, &mut offsets);
            for (k, y) in self.model.decode(&feats, &offsets).into_iter().enumerate() {
                labels[a + k] = LABELS[y];
            }
        }
        labels
    }

    /// Finds entities over tokens from [`text::tokenize`].
    pub fn recognize_tokens(&self, text: &str, toks: &[Tok]) -> Vec<Entity> {
        let labels = self.label_tokens(toks);
        // token spans (a..b) with their type
        let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if let Some(t) = labels[i].strip_prefix("B-") {
                let mut j = i + 1;
                while j < toks.len() && labels[j].strip_prefix("I-") == Some(t) {
                    j += 1;
                }
                spans.push((i, j, type_name(t)));
                i = j;
            } else {
                i += 1;
            }
        }
        self.add_listed(toks, &mut spans);
        spans.sort();
        // words that stand alone somewhere in the document (for clitic decisions)
        let standalone: HashSet<&str> = toks.iter().filter(|t| t.kind == Kind::Arabic).map(|t| t.norm.as_str()).collect();
        let mut out = Vec::with_capacity(spans.len());
        for (a, b, kind) in spans {
            let first = &toks[a];
            let trim = self.clitic_trim(&first.norm, &standalone);
            let trimmed_first: String = first.norm.chars().skip(trim).collect();
            if trimmed_first.is_empty() || (trimmed_first.chars().count() < 2 && b - a == 1) {
                continue;
            }
            let mut words: Vec<&str> = vec![trimmed_first.as_str()];
            words.extend(toks[a + 1..b].iter().filter(|t| t.kind == Kind::Arabic || t.kind == Kind::Latin).map(|t| t.norm.as_str()));
            let (start, byte_start) = skip_letters(text, first, trim);
            let english = if toks[a..b].iter().all(|t| t.kind == Kind::Latin || t.kind == Kind::Digit) {
                text[byte_start..toks[b - 1].byte_end].to_string()
            } else {
                render::english(&words, kind, &self.gaz)
            };
            out.push(Entity { start, end: toks[b - 1].end, byte_start, byte_end: toks[b - 1].byte_end, kind, english });
        }
        out
    }

    /// Adds mentions of the project's well-known people and organisations and of
    /// multiword place names the model missed (never overlapping its entities).
    fn add_listed(&self, toks: &[Tok], spans: &mut Vec<(usize, usize, &'static str)>) {
        let mut taken = vec![false; toks.len()];
        for &(a, b, _) in spans.iter() {
            taken[a..b].iter_mut().for_each(|t| *t = true);
        }
        let maxw = self.gaz.max_words();
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind != Kind::Arabic || taken[i] {
                i += 1;
                continue;
            }
            let mut found = None;
            for len in (1..=maxw.min(toks.len() - i)).rev() {
                if toks[i..i + len].iter().any(|t| t.kind != Kind::Arabic) || taken[i..i + len].iter().any(|&t| t) {
                    continue;
                }
                let words: Vec<&str> = toks[i..i + len].iter().map(|t| t.norm.as_str()).collect();
                let forms = features::lookup_forms(words[0]);
                for f in &forms {
                    let mut key = f.clone();
                    for w in &words[1..] {
                        key.push(' ');
                        key.push_str(w);
                    }
                    for e in self.gaz.get(&key) {
                        let listed = matches!(e.kind, GazKind::Person | GazKind::Org)
                            || (len >= 2 && matches!(e.kind, GazKind::Country | GazKind::Region));
                        if listed {
                            found = e.kind.entity_type().map(|t| (len, t));
                            break;
                        }
                    }
                    if found.is_some() {
                        break;
                    }
                }
                if found.is_some() {
                    break;
                }
            }
            if let Some((len, t)) = found {
                spans.push((i, i + len, t));
                taken[i..i + len].iter_mut().for_each(|t| *t = true);
                i += len;
            } else {
                i += 1;
            }
        }
    }

    /// How many letters of conjunction/preposition to leave out of a mention's
    /// first word: those before its article (والرقة → الرقة), or a one- or
    /// two-letter proclitic when the rest is a known name (وسوريا → سوريا) or
    /// stands alone elsewhere in the text while the whole does not name anything.
    fn clitic_trim(&self, norm: &str, standalone: &HashSet<&str>) -> usize {
        if let Some((k, _)) = strip_article(norm) {
            // k counts the article; never cut into لل (ل + ال)
            let before = k - 2;
            if norm.chars().nth(before) == Some('ا') {
                return before;
            }
            return 0;
        }
        let whole_known = features::lookup_forms(norm).iter().any(|f| self.gaz.get(f).iter().any(|e| e.kind.entity_type().is_some()));
        if whole_known {
            return 0;
        }
        for (k, rest) in proclitic_strips(norm) {
            let known = features::lookup_forms(rest).iter().any(|f| self.gaz.get(f).iter().any(|e| e.kind.entity_type().is_some() || e.kind == GazKind::GivenName));
            if known || standalone.contains(rest) {
                return k;
            }
        }
        0
    }
}

/// The UTF-16 and byte offsets after the first `letters` letters of a token (marks
/// after a skipped letter are skipped with it).
fn skip_letters(text: &str, tok: &Tok, letters: usize) -> (u32, usize) {
    if letters == 0 {
        return (tok.start, tok.byte_start);
    }
    let mut u16pos = tok.start;
    let mut seen = 0;
    for (b, c) in text[tok.byte_start..tok.byte_end].char_indices() {
        let is_letter = text::fold_char(c).is_some() && c != '\u{200C}';
        if is_letter {
            if seen == letters {
                return (u16pos, tok.byte_start + b);
            }
            seen += 1;
        }
        u16pos += c.len_utf16() as u32;
    }
    (tok.end, tok.byte_end)
}

fn type_name(t: &str) -> &'static str {
    match t {
        "PER" => "PER",
        "LOC" => "LOC",
        "ORG" => "ORG",
        "NORP" => "NORP",
        "FAC" => "FAC",
        _ => "MISC",
    }
}

/// Sentence ranges of a token list: cut at sentence-ending punctuation and line
/// breaks, and at [`MAX_SENTENCE`] tokens.
pub fn sentences(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, t) in toks.iter().enumerate() {
        let end = t.kind == Kind::End;
        if end || i + 1 - a >= MAX_SENTENCE {
            // a line break token is not part of any sentence
            let b = if t.norm == "\n" { i } else { i + 1 };
            if b > a {
                out.push((a, b));
            }
            a = i + 1;
        }
    }
    if a < toks.len() {
        out.push((a, toks.len()));
    }
    out
}
