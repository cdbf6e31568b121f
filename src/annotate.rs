//! The annotator: text in, spans and their details out.

use serde::Serialize;

use crate::analyze::{Analysis, Analyzer};
use crate::context::Context;
use crate::entities::lexical::Precomputed;
use crate::error::Error;
use crate::lexicon::Lexicon;

/// Which layer of the page a span belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Word = 0,
    Term = 1,
    Entity = 2,
}

/// A compact span: UTF-16 offsets into the input, its layer, and the index of its
/// details in [`Document::details`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub layer: Layer,
    pub id: u32,
}

/// One affix or clitic of an analysed word, with its meaning ("and", "the", "his").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Affix {
    /// The affix in Arabic script, vocalised.
    pub form: String,
    /// English meaning from the lexicon.
    pub meaning: String,
    /// Buckwalter tag, e.g. `CONJ`, `DET`, `POSS_PRON_3MS`.
    pub tag: String,
}

/// What a tooltip shows for a word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordDetails {
    /// The word as written in the input.
    pub text: String,
    /// The lemma, vocalised, in Arabic script.
    pub lemma: String,
    /// The analysed stem, vocalised, in Arabic script.
    pub vocalized: String,
    /// Part of speech, e.g. `noun`, `adjective`, `verb (perfect)`.
    pub pos: String,
    /// English glosses, best first. Each entry is one sense line of one analysis.
    pub glosses: Vec<String>,
    /// Where a gloss line belongs to another reading than the first (another lemma or part
    /// of speech: حكم the noun "rule", the verb "ruled"), that reading, so a tooltip can say
    /// whose sense each line is: `(line index in glosses, lemma, part of speech)`. Empty when
    /// every line is a sense of the first reading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<OtherReading>,
    /// A readable Latin transliteration of the whole word.
    pub translit: String,
    pub prefixes: Vec<Affix>,
    pub suffixes: Vec<Affix>,
}

/// A gloss line of [`WordDetails`] that belongs to another reading than the first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherReading {
    /// Index of the line in `glosses`.
    pub line: usize,
    /// That reading's lemma, vocalised, in Arabic script.
    pub lemma: String,
    /// That reading's part of speech.
    pub pos: String,
}

/// What a tooltip shows for a named entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityDetails {
    /// The mention as written in the input.
    pub text: String,
    /// `PER`, `LOC`, `ORG`, `NORP`, `FAC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The English name.
    pub english: String,
    /// True when the English name is a guess from the Arabic letters
    /// (transliteration), not a listed name: the tooltip says so.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub transliterated: bool,
}

/// What a tooltip shows for a multiword term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermDetails {
    /// The term as written in the input.
    pub text: String,
    /// The headword as the dictionary or glossary writes it.
    pub headword: String,
    pub english: String,
    /// `dictionary` (FreeDict), `glossary` (a custom glossary), ...
    pub source: crate::terms::TermSource,
}

/// Details of one span, by layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "layer", rename_all = "lowercase")]
pub enum Details {
    Word(WordDetails),
    Term(TermDetails),
    Entity(EntityDetails),
}

/// What a span's id points to. Word details are rendered only when asked for
/// ([`Annotator::details`]), so annotating a long text allocates little more than
/// its spans: a page shows a handful of tooltips, not every word's glosses.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// An analysed word: its spelling and its analyses, best first.
    Word { text: Box<str>, analyses: Box<[Analysis]> },
    /// Details built when the span was found (entities, terms).
    Ready(Details),
}

/// The result of annotating one text.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Sorted by start, then by end descending (outer spans first).
    pub spans: Vec<Span>,
    /// Indexed by [`Span::id`]. Words with the same spelling share one entry.
    pub entries: Vec<Entry>,
    /// The terms that carry the text, best first (empty without term data).
    pub key_terms: Vec<crate::terms::KeyTerm>,
}

/// Reads text and annotates it. Build once from the data files, then call
/// [`Annotator::annotate`] as often as needed; it does not change.
pub struct Annotator {
    analyzer: Analyzer,
    entities: Option<crate::entities::EntityRecognizer>,
    terms: Option<crate::terms::TermIndex>,
    glossary: Option<crate::terms::Glossary>,
    key_term_options: crate::terms::KeyTermOptions,
}

/// The text from the token that starts at UTF-16 offset `start` to the one that
/// ends at `end` (a span of whole tokens of `toks`, the tokens of `text`).
fn between<'t>(text: &'t str, toks: &[crate::tokenize::Tok], start: u32, end: u32) -> &'t str {
    let first = &toks[toks.partition_point(|t| t.start < start)];
    let last = &toks[toks.partition_point(|t| t.end < end)];
    debug_assert!(first.start == start && last.end == end);
    &text[first.byte_start..last.byte_end]
}

/// A readable name for a Buckwalter POS tag.
pub fn pos_name(tag: &str) -> &'static str {
    match tag {
        "NOUN" => "noun",
        "NOUN_PROP" => "proper noun",
        "ADJ" => "adjective",
        "VERB_PERFECT" => "verb (perfect)",
        "VERB_IMPERFECT" => "verb (imperfect)",
        "VERB_IMPERATIVE" => "verb (imperative)",
        "VERB" | "PSEUDO_VERB" => "verb",
        "PREP" => "preposition",
        "CONJ" => "conjunction",
        "SUB_CONJ" => "subordinating conjunction",
        "ADV" => "adverb",
        "PRON" | "PRON_1S" | "PRON_2MS" | "PRON_3MS" | "PRON_3FS" | "PRON_3MP" | "PRON_3D" => "pronoun",
        "DEM_PRON" | "DEM_PRON_MS" | "DEM_PRON_FS" | "DEM_PRON_F" | "DEM_PRON_MP" | "DEM_PRON_MD" | "DEM_PRON_FD" => "demonstrative pronoun",
        "REL_PRON" => "relative pronoun",
        "NEG_PART" => "negative particle",
        "INTERROG_PART" | "INTERROG_PRON" | "INTERROG_ADV" => "interrogative",
        "NUM" => "number",
        "ABBREV" => "abbreviation",
        "INTERJ" => "interjection",
        "FUNC_WORD" | "PART" | "VERB_PART" | "FOCUS_PART" | "FUT_PART" | "EXCEPT_PART" | "RESULT_CLAUSE_PARTICLE" | "EMPHATIC_PARTICLE" => "particle",
        t if t.starts_with("PRON") => "pronoun",
        t if t.starts_with("DEM") => "demonstrative pronoun",
        t if t.starts_with("NOUN") => "noun",
        t if t.ends_with("PART") || t.ends_with("PARTICLE") => "particle",
        _ => "word",
    }
}

/// The vocalised form of an affix: its morphemes' forms when tagged (the tables
/// leave some vowels out of the form field, e.g. `h` for `hu`), else the form.
fn affix_voc(voc: &str, tags: &str) -> String {
    let forms: String = tags
        .split('+')
        .filter_map(|m| m.rsplit_once('/'))
        .map(|(f, _)| f)
        .filter(|f| *f != "(null)")
        .collect();
    if forms.is_empty() { voc.to_string() } else { forms }
}

/// Spells out the tables' grammatical notes: `[fem.sg.]` → `(feminine singular)`.
fn readable_meaning(meaning: &str) -> String {
    if !meaning.contains('[') {
        return meaning.to_string();
    }
    let mut out = String::with_capacity(meaning.len() + 16);
    let mut rest = meaning;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(']') else { break };
        let note = &rest[open + 1..open + close];
        let words: Vec<&str> = note
            .split('.')
            .filter(|w| !w.is_empty())
            .map(|w| match w {
                "fem" => "feminine",
                "masc" => "masculine",
                "sg" => "singular",
                "pl" => "plural",
                "du" => "dual",
                "acc" => "accusative",
                "nom" => "nominative",
                "gen" => "genitive",
                "def" => "definite",
                "indef" => "indefinite",
                other => other,
            })
            .collect();
        out.push('(');
        out.push_str(&words.join(" "));
        out.push(')');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Splits an affix's tags (`wa/CONJ+Al/DET+`) and gloss (`and + the`) into parts.
fn affix_parts(voc: &str, tags: &str, gloss: &str) -> Vec<Affix> {
    let morphemes: Vec<(&str, &str)> = tags
        .split('+')
        .filter_map(|m| m.rsplit_once('/'))
        .filter(|(form, _)| !form.is_empty() && *form != "(null)")
        .collect();
    let meanings: Vec<&str> = gloss.split(" + ").map(str::trim).collect();
    if morphemes.is_empty() {
        if voc.is_empty() {
            return Vec::new();
        }
        return vec![Affix { form: crate::buckwalter::to_arabic(voc), meaning: readable_meaning(gloss), tag: String::new() }];
    }
    let aligned = meanings.len() == morphemes.len();
    morphemes
        .iter()
        .enumerate()
        .map(|(i, (form, tag))| Affix {
            form: crate::buckwalter::to_arabic(form),
            meaning: readable_meaning(if aligned { meanings[i] } else if i == 0 { gloss } else { "" }),
            tag: tag.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammatical_notes_are_spelt_out() {
        let cases = [
            ("[fem.sg.]", "(feminine singular)"),
            ("[masc.pl]", "(masculine plural)"),
            ("its/his", "its/his"),
            ("which/who/whom [fem.sg.]", "which/who/whom (feminine singular)"),
            ("[broken", "[broken"),
        ];
        for (raw, want) in cases {
            assert_eq!(readable_meaning(raw), want);
        }
    }
}

const MAX_GLOSSES: usize = 6;
/// Analyses kept per word: enough for [`MAX_GLOSSES`] readings in practice.
const MAX_ANALYSES: usize = 16;

impl Annotator {
    /// Loads the lexicon file's bytes (`lexicon.bin`).
    /// Words only; add the other layers with [`Annotator::with_entities`] and
    /// [`Annotator::with_terms`].
    /// The bytes are copied, then read in place (see [`crate::lexicon`]);
    /// [`Annotator::from_lexicon_vec`] takes them without the copy.
    pub fn from_lexicon_bytes(bytes: impl AsRef<[u8]>) -> Result<Annotator, Error> {
        Annotator::from_lexicon_vec(bytes.as_ref().to_vec())
    }

    /// [`Annotator::from_lexicon_bytes`] keeping the bytes given.
    pub fn from_lexicon_vec(bytes: Vec<u8>) -> Result<Annotator, Error> {
        Ok(Annotator {
            analyzer: Analyzer::new(Lexicon::from_vec(bytes)?),
            entities: None,
            terms: None,
            glossary: None,
            key_term_options: crate::terms::KeyTermOptions { limit: 20, ..Default::default() },
        })
    }

    /// Adds the entity layer from the model (`ner.model`) and gazetteer
    /// (`gazetteer.bin`) bytes.
    pub fn with_entities(mut self, model: &[u8], gazetteer: &[u8]) -> Result<Annotator, Error> {
        self.load_entities(model, gazetteer)?;
        Ok(self)
    }

    /// [`Annotator::with_entities`] in place; on error the annotator is unchanged.
    pub fn load_entities(&mut self, model: &[u8], gazetteer: &[u8]) -> Result<(), Error> {
        self.entities = Some(crate::entities::EntityRecognizer::from_bytes(model, gazetteer)?);
        Ok(())
    }

    /// Adds multiword terms and key terms from the term data (`terms.bin`).
    pub fn with_terms(mut self, terms: &[u8]) -> Result<Annotator, Error> {
        self.load_terms(terms)?;
        Ok(self)
    }

    /// [`Annotator::with_terms`] in place; on error the annotator is unchanged.
    pub fn load_terms(&mut self, terms: &[u8]) -> Result<(), Error> {
        self.terms = Some(crate::terms::TermIndex::from_bytes(terms, "terms.bin")?);
        Ok(())
    }

    /// Layers a custom glossary over the built-in data: its entries win over the
    /// lexicon's glosses and the dictionary's phrases. Replaces any earlier one.
    pub fn set_glossary(&mut self, glossary: Option<crate::terms::Glossary>) {
        self.glossary = glossary;
    }

    pub fn glossary(&self) -> Option<&crate::terms::Glossary> {
        self.glossary.as_ref()
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The details of one word, or `None` when the lexicon has no analysis of it.
    pub fn analyze_word(&self, text: &str) -> Option<WordDetails> {
        let analyses = self.analyzer.analyze_word(text);
        self.word_details(text, &analyses)
    }

    /// The details of span id `id` of `doc` (what a tooltip shows).
    pub fn details(&self, doc: &Document, id: u32) -> Option<Details> {
        match doc.entries.get(id as usize)? {
            Entry::Word { text, analyses } => self.word_details(text, analyses).map(Details::Word),
            Entry::Ready(d) => Some(d.clone()),
        }
    }

    pub(crate) fn word_details(&self, text: &str, analyses: &[Analysis]) -> Option<WordDetails> {
        let best = analyses.first()?;
        let lex = &self.analyzer.lexicon;
        let stem = lex.stem(best.stem);
        let prefix = &lex.prefixes[best.prefix as usize];
        let suffix = &lex.suffixes[best.suffix as usize];
        // One gloss line per reading: analyses that differ only in the stem's
        // category (same lemma and affixes) are one word with several senses.
        let mut readings: Vec<((u16, u32, u16), Vec<&str>, &str)> = Vec::new();
        for a in analyses {
            let st = lex.stem(a.stem);
            let reading = (a.prefix, st.lemma, a.suffix);
            let senses = lex.gloss(st.gloss).split(';').map(str::trim).filter(|s| !s.is_empty());
            match readings.iter_mut().find(|(r, _, _)| *r == reading) {
                Some((_, list, _)) => list.extend(senses),
                None => readings.push((reading, senses.collect(), pos_name(st.pos))),
            }
        }
        let best_pos = pos_name(stem.pos);
        let mut glosses: Vec<String> = Vec::new();
        // Each line's reading (lemma id, part of speech), in step with `glosses`.
        let mut line_readings: Vec<(u32, &str)> = Vec::new();
        for ((_, lemma, _), mut senses, pos) in readings {
            // the sense the team's table names for this lemma first (see crate::senses)
            self.analyzer.usual.sense_first(lemma, &mut senses);
            let mut seen = Vec::new();
            senses.retain(|s| if seen.contains(s) { false } else { seen.push(*s); true });
            let line = readable_meaning(&senses.join("; "));
            if !glosses.contains(&line) {
                glosses.push(line);
                line_readings.push((lemma, pos));
            }
            if glosses.len() == MAX_GLOSSES {
                break;
            }
        }
        let lemma = crate::buckwalter::to_arabic(lex.lemma_voc(stem.lemma));
        if let Some(entry) = self.glossary.as_ref().and_then(|g| g.lookup_word(text, Some(&lemma))) {
            let line = entry.english_text();
            if let Some(at) = glosses.iter().position(|g| *g == line) {
                glosses.remove(at);
                line_readings.remove(at);
            }
            glosses.insert(0, line);
            line_readings.insert(0, (stem.lemma, best_pos));
            glosses.truncate(MAX_GLOSSES);
            line_readings.truncate(MAX_GLOSSES);
        }
        // Compared as shown (two lemma entries may be written alike: حُكْم "judgment", حُكْم "rule").
        let readings = line_readings
            .iter()
            .enumerate()
            .map(|(line, &(l, pos))| OtherReading { line, lemma: crate::buckwalter::to_arabic(lex.lemma_voc(l)), pos: pos.to_string() })
            .filter(|r| r.lemma != lemma || r.pos != best_pos)
            .collect();
        let prefix_voc = affix_voc(&prefix.voc, &prefix.tags);
        let suffix_voc = affix_voc(&suffix.voc, &suffix.tags);
        let whole = format!("{prefix_voc}{}{suffix_voc}", stem.voc);
        let mut translit = String::new();
        for m in prefix.tags.split('+').filter_map(|m| m.rsplit_once('/')).map(|(f, _)| f).filter(|f| !f.is_empty() && *f != "(null)") {
            translit.push_str(&crate::buckwalter::readable(m));
            translit.push('-');
        }
        translit.push_str(&crate::buckwalter::readable(&format!("{}{suffix_voc}", stem.voc)));
        Some(WordDetails {
            text: text.to_string(),
            lemma,
            vocalized: crate::buckwalter::to_arabic(&whole),
            pos: best_pos.to_string(),
            glosses,
            readings,
            translit,
            prefixes: affix_parts(&prefix.voc, &prefix.tags, &prefix.gloss),
            suffixes: affix_parts(&suffix.voc, &suffix.tags, &suffix.gloss),
        })
    }

    /// The entry of word entry `id` read in `context`: `id` itself when the context
    /// leaves its best reading first, else a new entry with its analyses re-ranked
    /// (a preposition before عمل makes it the noun "work", not the verb "worked").
    fn rerank_in_context(&self, entries: &mut Vec<Entry>, id: u32, context: Context) -> u32 {
        let Some(Entry::Word { text, analyses }) = entries.get(id as usize) else { return id };
        let lex = &self.analyzer.lexicon;
        let mut ranked: Vec<Analysis> =
            analyses.iter().map(|a| Analysis { score: a.score + self.analyzer.context_weight(context, a), ..*a }).collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.stem.cmp(&b.stem)));
        let (old, new) = (&analyses[0], &ranked[0]);
        if (old.prefix, lex.stem_lemma(old.stem), old.suffix) == (new.prefix, lex.stem_lemma(new.stem), new.suffix) {
            return id;
        }
        let text = text.clone();
        entries.push(Entry::Word { text, analyses: ranked.into() });
        (entries.len() - 1) as u32
    }

    /// Annotates text: one word span per analysable Arabic word, in UTF-16 offsets
    /// of `text`. Words spelt the same share one details entry.
    ///
    /// The text is tokenised once ([`crate::tokenize::tokenize`]) and each distinct
    /// spelling analysed once; every layer reads those tokens and analyses:
    /// text → tokens → analyses → spans.
    pub fn annotate(&self, text: &str) -> Document {
        let mut doc = Document::default();
        let toks = crate::tokenize::tokenize(text);
        // each distinct word's details entry (`NONE` when it has no analyses) as
        // `read`'s number for it; with the entity layer, the facts of its
        // analyses and each token's word too, which the recogniser reads rather
        // than analyse and hash every word again
        const NONE: u32 = u32::MAX;
        let want_lexical = self.entities.is_some();
        let mut read = if want_lexical { Precomputed::empty(&self.analyzer) } else { Precomputed::words_only(&self.analyzer) };
        // room for the spans and words of a news text (about a word span per
        // token, a distinct word per four), so long texts do not grow them step
        // by step
        read.reserve(toks.len() / 4, toks.len());
        doc.spans.reserve(toks.len() + toks.len() / 8);
        doc.entries.reserve(toks.len() / 4);
        // for the term layer: each token's distinct word (`NONE` for other
        // tokens), and each distinct word's span at its first token (`NONE` when
        // it has no analyses)
        let mut token_words: Vec<u32> = Vec::with_capacity(toks.len());
        let mut first_span: Vec<u32> = Vec::new();
        // the context the word before sets (after في a noun, after لم a verb, ...),
        // and each (word entry, context) re-ranked once: its entry in that context
        let mut context = Context::Free;
        let mut in_context: rustc_hash::FxHashMap<(u32, Context), u32> = Default::default();
        // the word before while the word after may still re-rank it (its span, its
        // entry, the lean a definite noun after it gives: see Context::Opening),
        // and whether the next word opens a sentence
        let mut pending: Option<(usize, u32, Context)> = None;
        let mut opening = true;
        for token in &toks {
            if !token.is_arabic_word(text) {
                token_words.push(NONE);
                if want_lexical {
                    read.push_token(NONE);
                }
                // punctuation or Latin between two words break the context; digits
                // set a number's (20 عاما: the counted noun follows); a line break
                // changes nothing
                if !token.is_line_break() {
                    context = if token.kind == crate::tokenize::Kind::Digit { Context::Number } else { Context::Free };
                    pending = None;
                    opening = true;
                }
                continue;
            }
            let word = token.text(text);
            let before = std::mem::replace(&mut context, Context::after(word));
            let (mut id, index) = read.read_word(word, |analyses| {
                if analyses.is_empty() {
                    return NONE;
                }
                let analyses = &analyses[..analyses.len().min(MAX_ANALYSES)];
                doc.entries.push(Entry::Word { text: word.into(), analyses: analyses.into() });
                (doc.entries.len() - 1) as u32
            });
            token_words.push(index);
            if want_lexical {
                read.push_token(index);
            }
            if id != NONE && before.ranks() {
                id = *in_context.entry((id, before)).or_insert_with(|| self.rerank_in_context(&mut doc.entries, id, before));
            }
            let definite = crate::context::is_definite(word);
            if let Some((span, entry, lean)) = pending.take() {
                if definite {
                    doc.spans[span].id = *in_context.entry((entry, lean)).or_insert_with(|| self.rerank_in_context(&mut doc.entries, entry, lean));
                }
            }
            let new_word = index as usize == first_span.len();
            if new_word {
                first_span.push(NONE);
            }
            if id != NONE {
                doc.spans.push(Span { start: token.start, end: token.end, layer: Layer::Word, id });
                if new_word {
                    first_span[index as usize] = (doc.spans.len() - 1) as u32;
                }
                if !definite && before == Context::Free {
                    pending = Some((doc.spans.len() - 1, id, if opening { Context::Opening } else { Context::Construct }));
                }
            }
            opening = false;
        }
        let entities = match &self.entities {
            Some(rec) => rec.recognize_tokens(text, &toks, Some(&read)),
            None => Vec::new(),
        };
        // the entities' details move into the document; the key terms read them
        // back from there
        let entity_spans = doc.spans.len()..doc.spans.len() + entities.len();
        for e in entities {
            doc.entries.push(Entry::Ready(Details::Entity(EntityDetails { text: text[e.byte_start..e.byte_end].to_string(), kind: e.kind, english: e.english, transliterated: e.transliterated })));
            doc.spans.push(Span { start: e.start, end: e.end, layer: Layer::Entity, id: (doc.entries.len() - 1) as u32 });
        }
        if let Some(terms) = &self.terms {
            // the word analyses as the term layer reads them: each word's at its
            // first token (re-ranked there by its context, if it was)
            let analyses = |word: u32| match doc.entries.get(doc.spans.get(first_span[word as usize] as usize)?.id as usize) {
                Some(Entry::Word { analyses, .. }) => Some(&analyses[..]),
                _ => None,
            };
            let analysed = crate::terms::Analysed::from_tokens(&self.analyzer, text, &toks, &token_words, analyses);
            let tokens = analysed.tokens();
            let glossary = self.glossary.as_ref();
            let matches = terms.match_terms(&tokens, glossary);
            let mut term_ids: rustc_hash::FxHashMap<&str, u32> = Default::default();
            for m in &matches {
                let id = *term_ids.entry(&m.key).or_insert_with(|| {
                    doc.entries.push(Entry::Ready(Details::Term(TermDetails {
                        text: between(text, &toks, m.start, m.end).to_string(),
                        headword: m.arabic.clone(),
                        english: m.english.clone(),
                        source: m.source,
                    })));
                    (doc.entries.len() - 1) as u32
                });
                doc.spans.push(Span { start: m.start, end: m.end, layer: Layer::Term, id });
            }
            let mentions: Vec<crate::terms::EntityMention> = doc.spans[entity_spans]
                .iter()
                .filter_map(|s| match &doc.entries[s.id as usize] {
                    Entry::Ready(Details::Entity(e)) => Some(crate::terms::EntityMention {
                        start: s.start,
                        end: s.end,
                        kind: crate::terms::EntityKind::from_tag(e.kind),
                        english: &e.english,
                    }),
                    _ => None,
                })
                .collect();
            doc.key_terms = terms.key_terms_of_matches(text, &tokens, &matches, &mentions, glossary, &self.key_term_options);
            // Composed pairs (الفضاء الإلكتروني "electronic space") exist only as key
            // terms; mark them in the text too, so the reader sees the phrase.
            for k in doc.key_terms.iter().filter(|k| k.source == crate::terms::TermSource::Composed) {
                doc.entries.push(Entry::Ready(Details::Term(TermDetails {
                    text: k.text.clone(),
                    headword: k.lemma.clone(),
                    english: k.english.clone(),
                    source: k.source,
                })));
                let id = (doc.entries.len() - 1) as u32;
                for &(start, end) in &k.occurrences {
                    doc.spans.push(Span { start, end, layer: Layer::Term, id });
                }
            }
        }
        // Outer spans first where they start together, so a painter can nest.
        doc.spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then((a.layer as u8).cmp(&(b.layer as u8))));
        doc
    }
}
