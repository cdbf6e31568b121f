//! The adapter from the core's analyser to [`TermToken`]s.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::analyze::{Analysis, Analyzer};
use crate::annotate::{Document, Entry, Layer};
use crate::terms::{keys, AltReading, Pos, TermToken};
use crate::tokenize::{tokenize, Tok as TextTok};

/// A text's gloss lines with the team's usual sense first, by (lemma, gloss id):
/// the line, and whether its first sense is the table's.
type UsualGlosses = FxHashMap<(u32, u32), (String, bool)>;

/// In the `words` of [`Analysed::from_tokens`]: a token that is no Arabic word.
pub const NO_WORD: u32 = u32::MAX;

#[derive(Debug, Clone)]
struct Reading<'a> {
    bare: u8,
    det: bool,
    enclitic: bool,
    /// Index into `Analysed::lemmas`, or `u32::MAX` when unknown.
    lemma: u32,
    /// The best analysis's English senses in the order the word layer shows them:
    /// as the lexicon holds them, or with the team's usual sense first (`usual`).
    gloss: Cow<'a, str>,
    usual: bool,
    pos: Pos,
    logp: Option<f32>,
    /// Other lemmas the analyser read in the same letters with the same affixes
    /// and kind of word (homographs such as تقويم "rating" / "calendar").
    alternatives: Vec<AltReading>,
    /// Some reading of the word is a month or a weekday (see [`TermToken::date`]).
    date: bool,
    /// A participle in the indefinite accusative (see [`TermToken::circumstantial`]).
    circumstantial: bool,
    /// A noun serving as a preposition or adverb (see [`TermToken::adverbial`]).
    adverbial: bool,
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
pub struct Analysed<'a> {
    toks: Vec<Tok>,
    keys: Packed,
    readings: Vec<Reading<'a>>,
    lemmas: Packed,
}

/// Strings end to end in one buffer: the keys of a text's words and their
/// lemmas, without an allocation (and a free) for each (a String each was 2 %
/// of an all-layer pass over the newswire corpus).
#[derive(Debug, Clone, Default)]
struct Packed {
    text: String,
    /// Where each string ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
}

impl Packed {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Ends the string written to `text` since the last one ended; its index.
    fn seal(&mut self) -> u32 {
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }
}

impl<'a> Analysed<'a> {
    /// Reads the word analyses of an annotated document (best analysis per word)
    /// and the text's other tokens (which end phrases). `analyzer` is the one
    /// that annotated it. For tools and tests: `annotate` builds its own with
    /// [`Analysed::from_tokens`] from the tokens it read.
    pub fn new(analyzer: &'a Analyzer, text: &str, doc: &Document) -> Analysed<'a> {
        // Analyses of each word span, by start offset.
        let mut best: Vec<(u32, &[Analysis])> = Vec::with_capacity(doc.spans.len());
        for s in doc.spans.iter().filter(|s| s.layer == Layer::Word) {
            if let Some(Entry::Word { analyses, .. }) = doc.entries.get(s.id as usize) {
                if !analyses.is_empty() {
                    best.push((s.start, &analyses[..]));
                }
            }
        }
        best.sort_by_key(|b| b.0);
        let toks = tokenize(text);
        // each spelling's number, and the analyses at its first token
        let mut by_text: FxHashMap<&str, u32> = FxHashMap::default();
        let mut first: Vec<Option<&[Analysis]>> = Vec::new();
        let mut next = 0;
        let words: Vec<u32> = toks
            .iter()
            .map(|t| {
                if !t.is_arabic_word(text) {
                    return NO_WORD;
                }
                while next < best.len() && best[next].0 < t.start {
                    next += 1;
                }
                let found = best.get(next).filter(|b| b.0 == t.start).map(|b| b.1);
                *by_text.entry(t.text(text)).or_insert_with(|| {
                    first.push(found);
                    first.len() as u32 - 1
                })
            })
            .collect();
        Analysed::from_tokens(analyzer, text, &toks, &words, |w| first[w as usize])
    }

    /// The term layer's reading of a text's tokens ([`crate::tokenize::tokenize`]):
    /// `words[i]` is token `i`'s distinct word (words spelt the same share one, as
    /// the annotator analyses each spelling once; [`NO_WORD`] for a token that is
    /// no Arabic word) and `analyses(word)` that word's analyses, best first, at
    /// its first token (`None` when it has none). Line breaks are skipped: a
    /// phrase may run across one, as it may across other spaces.
    pub fn from_tokens<'w>(analyzer: &'a Analyzer, text: &str, toks: &[TextTok], words: &[u32], analyses: impl Fn(u32) -> Option<&'w [Analysis]>) -> Analysed<'a> {
        let mut out = Analysed::default();
        out.toks.reserve(toks.len());
        // each distinct word's entry in `keys`/`readings` once worked out
        // (`UNREAD` before, `u32::MAX` for a word with no key)
        const UNREAD: u32 = u32::MAX - 1;
        let mut entry: Vec<u32> = Vec::new();
        let mut lemma_ix: FxHashMap<u32, u32> = FxHashMap::default();
        let mut usual_glosses = UsualGlosses::default();
        for (t, &word) in toks.iter().zip(words) {
            if t.is_line_break() {
                continue;
            }
            if word == NO_WORD {
                out.toks.push(Tok { start: t.start, end: t.end, word: u32::MAX });
                continue;
            }
            if entry.len() <= word as usize {
                entry.resize(word as usize + 1, UNREAD);
            }
            if entry[word as usize] == UNREAD {
                let start = out.keys.text.len();
                entry[word as usize] = if crate::normalize::push_key(t.text(text), &mut out.keys.text) {
                    let key = &out.keys.text[start..];
                    let reading = Analysed::reading(analyzer, key, analyses(word), &mut out.lemmas, &mut lemma_ix, &mut usual_glosses);
                    out.readings.push(reading);
                    out.keys.seal()
                } else {
                    u32::MAX
                };
            }
            out.toks.push(Tok { start: t.start, end: t.end, word: entry[word as usize] });
        }
        out
    }

    /// The reading of a word with key `key` from its analyses, best first.
    fn reading(analyzer: &'a Analyzer, key: &str, found: Option<&[Analysis]>, lemmas: &mut Packed, lemma_ix: &mut FxHashMap<u32, u32>, usual_glosses: &mut UsualGlosses) -> Reading<'a> {
        let lex = &analyzer.lexicon;
        let Some(best) = found.and_then(|a| a.first()) else {
            let (bare, det) = keys::guess_prefix(key);
            return Reading { bare: bare as u8, det, enclitic: false, lemma: u32::MAX, gloss: Cow::Borrowed(""), usual: false, pos: Pos::Unknown, logp: None, alternatives: Vec::new(), date: false, circumstantial: false, adverbial: false };
        };
        let (pi, si, xi) = (best.prefix, best.stem, best.suffix);
        let stem = lex.stem(si);
        let prefix = &lex.prefixes[pi as usize];
        let suffix = &lex.suffixes[xi as usize];
        let next = lemmas.len() as u32;
        let li = *lemma_ix.entry(stem.lemma).or_insert(next);
        if li == next {
            crate::buckwalter::push_arabic(lex.lemma_voc(stem.lemma), &mut lemmas.text);
            lemmas.seal();
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
        // كانون reads "stove" first and is also the month; the months and days
        // are proper nouns, so only those readings' senses are looked at, and
        // only with the best reading's affixes (باب "door" is not ب + آب "August")
        // (asked only of the words key terms take: nouns, adjectives, names)
        let date = matches!(pos, Pos::Noun | Pos::Adjective | Pos::ProperNoun) && found.unwrap_or(&[]).iter().any(|a| {
            a.prefix == pi && a.suffix == xi && lex.stem_pos(a.stem) == "NOUN_PROP" && lex.gloss(lex.stem_gloss(a.stem)).split(';').any(super::score::is_date_name)
        });
        let circumstantial = matches!(pos, Pos::Noun | Pos::Adjective) && suffix.tags.contains("ACC_INDEF") && is_active_participle(lex.lemma_voc(stem.lemma));
        let adverbial = matches!(pos, Pos::Noun | Pos::Adjective | Pos::ProperNoun) && analyzer.is_adverbial_lemma(stem.lemma);
        // the senses in the order the word layer shows them (the team's usual one first)
        let (gloss, usual) = if analyzer.usual.names(stem.lemma) {
            // once per lemma and gloss in a text: the reordering compares words of
            // English (2.7 % of words + terms when done per spelling)
            let (gloss, usual) = usual_glosses.entry((stem.lemma, stem.gloss)).or_insert_with(|| {
                let senses = analyzer.usual.ordered(stem.lemma, lex.gloss(stem.gloss));
                let usual = senses.first().is_some_and(|s| analyzer.usual.is_usual(stem.lemma, s));
                (senses.join(";"), usual)
            });
            (Cow::Owned(gloss.clone()), *usual)
        } else {
            (Cow::Borrowed(lex.gloss(stem.gloss)), false)
        };
        Reading {
            alternatives,
            bare: prefix.key.len().min(key.len()) as u8,
            det: prefix.tags.contains("/DET"),
            enclitic: suffix.tags.contains("PRON"),
            lemma: li,
            gloss,
            usual,
            pos,
            logp: Some(lex.lemma_logp(stem.lemma)),
            date,
            circumstantial,
            adverbial,
        }
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
                    key: self.keys.get(t.word as usize),
                    bare: r.bare,
                    det: r.det,
                    enclitic: r.enclitic,
                    lemma: if r.lemma == u32::MAX { "" } else { self.lemmas.get(r.lemma as usize) },
                    gloss: &r.gloss,
                    usual: r.usual,
                    pos: r.pos,
                    logp: r.logp,
                    alternatives: &r.alternatives,
                    date: r.date,
                    circumstantial: r.circumstantial,
                    adverbial: r.adverbial,
                }
            })
            .collect()
    }
}

/// True for the vocalised (Buckwalter) lemma of an active participle: a derived
/// verb's (مُ… with an i before its last root letter: مُؤَكِّد, مُشِير, مُعْتَبِر) or
/// a plain verb's (فاعِل: داعِي, قائِل, لافِت).
fn is_active_participle(voc: &str) -> bool {
    let b = voc.as_bytes();
    let derived = voc.starts_with("mu") && b.len() > 4 && b[3..].contains(&b'i');
    let plain = b.len() >= 5 && b[1] == b'A' && b[3] == b'i';
    derived || plain
}
