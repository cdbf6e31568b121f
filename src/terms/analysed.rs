//! The adapter from the core's analyser to [`TermToken`]s.

use std::collections::HashMap;

use crate::analyze::{Analysis, Analyzer};
use crate::annotate::{Document, Entry, Layer};
use crate::terms::{keys, AltReading, Pos, TermToken};
use crate::tokenize::{tokenize, TokenKind};

#[derive(Debug, Clone)]
struct Reading {
    bare: u8,
    det: bool,
    enclitic: bool,
    /// Index into `Analysed::lemmas`, or `u32::MAX` when unknown.
    lemma: u32,
    gloss: String,
    pos: Pos,
    logp: Option<f32>,
    /// Other lemmas the analyser read in the same letters with the same affixes
    /// and kind of word (homographs such as تقويم "rating" / "calendar").
    alternatives: Vec<AltReading>,
}

#[derive(Debug, Clone)]
struct Tok {
    start: u32,
    end: u32,
    /// Index into `Analysed::keys`/`readings`, or `u32::MAX` for non-Arabic tokens.
    word: u32,
}

/// A text's tokens with their analyses, for term matching and key-term scoring.
#[derive(Debug, Clone, Default)]
pub struct Analysed {
    toks: Vec<Tok>,
    keys: Vec<String>,
    readings: Vec<Reading>,
    lemmas: Vec<String>,
}

impl Analysed {
    /// Reads the word analyses of an annotated document (best analysis per word)
    /// and the text's other tokens (which end phrases). `analyzer` is the one
    /// that annotated it.
    pub fn new(analyzer: &Analyzer, text: &str, doc: &Document) -> Analysed {
        let lex = &analyzer.lexicon;
        let mut out = Analysed::default();
        // Best analysis of each word span, in order of start offset.
        let mut best: Vec<(u32, &[Analysis])> = Vec::with_capacity(doc.spans.len());
        for s in doc.spans.iter().filter(|s| s.layer == Layer::Word) {
            if let Some(Entry::Word { analyses, .. }) = doc.entries.get(s.id as usize) {
                if !analyses.is_empty() {
                    best.push((s.start, &analyses[..]));
                }
            }
        }
        best.sort_by_key(|b| b.0);
        let mut next = 0;
        // Words spelt the same have the same analysis (the annotator analyses each
        // spelling once), so they share one entry here too.
        let mut by_text: HashMap<&str, u32> = HashMap::new();
        let mut lemma_ix: HashMap<u32, u32> = HashMap::new();
        for t in tokenize(text) {
            if t.kind != TokenKind::Arabic {
                out.toks.push(Tok { start: t.start, end: t.end, word: u32::MAX });
                continue;
            }
            while next < best.len() && best[next].0 < t.start {
                next += 1;
            }
            let found = best.get(next).filter(|b| b.0 == t.start).map(|b| b.1);
            let written = t.text(text);
            if let Some(&w) = by_text.get(written) {
                out.toks.push(Tok { start: t.start, end: t.end, word: w });
                continue;
            }
            let Some(key) = keys::word_key(written) else {
                out.toks.push(Tok { start: t.start, end: t.end, word: u32::MAX });
                continue;
            };
            let analysis = found.map(|a| (a[0].prefix, a[0].stem, a[0].suffix));
            let key = &key;
            let reading = match analysis {
                Some((pi, si, xi)) => {
                    let stem = lex.stem(si);
                    let prefix = &lex.prefixes[pi as usize];
                    let suffix = &lex.suffixes[xi as usize];
                    let next = out.lemmas.len() as u32;
                    let li = *lemma_ix.entry(stem.lemma).or_insert(next);
                    if li == next {
                        out.lemmas.push(crate::buckwalter::to_arabic(lex.lemma_voc(stem.lemma)));
                    }
                    let pos = Pos::from_buckwalter(stem.pos);
                    let mut alternatives: Vec<AltReading> = Vec::new();
                    for alt in found.unwrap_or(&[]).iter().skip(1) {
                        let st = lex.stem(alt.stem);
                        if alt.prefix != pi || alt.suffix != xi || st.lemma == stem.lemma || Pos::from_buckwalter(st.pos) != pos {
                            continue;
                        }
                        if alternatives.iter().any(|a| a.lemma_id == st.lemma) {
                            continue;
                        }
                        alternatives.push(AltReading {
                            lemma_id: st.lemma,
                            lemma: crate::buckwalter::to_arabic(lex.lemma_voc(st.lemma)),
                            gloss: lex.gloss(st.gloss).to_string(),
                            logp: lex.lemma_logp(st.lemma),
                        });
                    }
                    Reading {
                        alternatives,
                        bare: prefix.key.len().min(key.len()) as u8,
                        det: prefix.tags.contains("/DET"),
                        enclitic: suffix.tags.contains("PRON"),
                        lemma: li,
                        gloss: lex.gloss(stem.gloss).to_string(),
                        pos,
                        logp: Some(lex.lemma_logp(stem.lemma)),
                    }
                }
                None => {
                    let (bare, det) = keys::guess_prefix(key);
                    Reading { bare: bare as u8, det, enclitic: false, lemma: u32::MAX, gloss: String::new(), pos: Pos::Unknown, logp: None, alternatives: Vec::new() }
                }
            };
            let w = out.keys.len() as u32;
            out.keys.push(key.clone());
            by_text.insert(written, w);
            out.readings.push(reading);
            out.toks.push(Tok { start: t.start, end: t.end, word: w });
        }
        out
    }

    /// The tokens, for [`crate::terms::TermIndex`].
    pub fn tokens(&self) -> Vec<TermToken<'_>> {
        self.toks
            .iter()
            .map(|t| {
                if t.word == u32::MAX {
                    return TermToken::other(t.start, t.end);
                }
                let r = &self.readings[t.word as usize];
                TermToken {
                    start: t.start,
                    end: t.end,
                    key: &self.keys[t.word as usize],
                    bare: r.bare,
                    det: r.det,
                    enclitic: r.enclitic,
                    lemma: if r.lemma == u32::MAX { "" } else { &self.lemmas[r.lemma as usize] },
                    gloss: &r.gloss,
                    pos: r.pos,
                    logp: r.logp,
                    alternatives: &r.alternatives,
                }
            })
            .collect()
    }
}
