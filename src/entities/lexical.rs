//! What the word analyser knows about a word, as features for the entity model:
//! whether the lexicon knows the word at all (transliterated foreign names such as
//! فوتل or كويليام are not in it), the part of speech of its best analysis, and
//! whether one of its readings is a proper noun.
//!
//! The recogniser works without it (the features are then absent); the committed
//! model is trained with it, so passing the analyser gives the figures in the README.

use crate::analyze::Analyzer;

/// Lexical facts about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexInfo<'a> {
    /// The lexicon has at least one analysis of the word.
    pub known: bool,
    /// Part of speech (Buckwalter tag, e.g. `NOUN`, `ADJ`, `PV`) of the best analysis.
    pub pos: Option<&'a str>,
    /// Some analysis reads the word as a proper noun (`NOUN_PROP`).
    pub proper: bool,
    /// The best analysis is a closed-class word: a preposition, conjunction,
    /// pronoun or particle (على, عن, من, أن), which never names anything.
    pub closed: bool,
    /// The best analysis has a proclitic (وعلى, واين: and + where).
    pub prefixed: bool,
    /// The best analysis's stem ends in alif maqsura ى (على, إلى); with
    /// [`LexInfo::closed`], tells a word written with ي (علي) that the lexicon
    /// reads as the particle only by folding ي to ى.
    pub maqsura: bool,
}

/// A source of [`LexInfo`] for words as written (with any hamza, vowel marks or
/// tatweel the text has: what the word analyser reads).
pub trait Lexical {
    fn lex_info(&self, word: &str) -> LexInfo<'_>;

    /// A short English gloss of a noun or adjective (its best analysis's first
    /// sense), with its role: `"noun"`, `"adj"`, or `"name"` for a proper noun
    /// (الإنترنت → Internet), for naming organisations word by word (شبكة
    /// الإنترنت → Internet Network). `None` for other words.
    fn gloss(&self, _norm: &str) -> Option<(String, &'static str)> {
        None
    }

    /// The vocalised Buckwalter form (stem and suffix, as the tables spell them:
    /// `waHod` + `ap`) of a noun's or adjective's best analysis, for writing an
    /// Arabic name word with the dictionary's vowels. `None` for other words.
    fn vocalised(&self, _norm: &str) -> Option<String> {
        None
    }

    /// The caller's reading of the text, when it has one ([`Precomputed`]).
    fn precomputed(&self) -> Option<&Precomputed<'_>> {
        None
    }
}

/// The first sense of a gloss line, tidied: "internet;web" → "Internet".
pub fn first_sense(gloss: &str) -> Option<String> {
    let sense = gloss.split([';', '/', ',']).next()?.trim();
    let sense = sense.split('(').next()?.trim();
    if sense.is_empty() || sense.split_whitespace().count() > 3 || !sense.chars().all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '\'') {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    for w in sense.split_whitespace() {
        if matches!(w, "the" | "a" | "an") {
            continue;
        }
        words.push(super::translit::capitalize(w));
    }
    if words.is_empty() { None } else { Some(words.join(" ")) }
}

impl Lexical for Analyzer {
    fn lex_info(&self, word: &str) -> LexInfo<'_> {
        LexInfo::from_analyses(self, &self.analyze_word(word))
    }

    fn gloss(&self, norm: &str) -> Option<(String, &'static str)> {
        stem_gloss(self, self.analyze_word(norm).first()?.stem)
    }

    fn vocalised(&self, norm: &str) -> Option<String> {
        let best = *self.analyze_word(norm).first()?;
        let stem = self.lexicon.stem(best.stem);
        if !matches!(stem.pos, "NOUN" | "ADJ") {
            return None;
        }
        Some(format!("{}{}", stem.voc, self.lexicon.suffixes[best.suffix as usize].voc))
    }
}

/// The gloss [`Lexical::gloss`] gives for a word whose best analysis has stem
/// `stem`.
fn stem_gloss(analyzer: &Analyzer, stem: u32) -> Option<(String, &'static str)> {
    let stem = analyzer.lexicon.stem(stem);
    let role = match stem.pos {
        // proper nouns too (الإنترنت → Internet); callers try English names
        // first, as the tables read some foreign names as others (كويليام → William)
        "NOUN" => "noun",
        "NOUN_PROP" => "name",
        "ADJ" => "adj",
        _ => return None,
    };
    let gloss = analyzer.lexicon.gloss(stem.gloss);
    if analyzer.usual.names(stem.lemma) {
        // the team's usual sense first, as the word layer shows it (ملعب
        // "stadium", which the tables give after "playground")
        return analyzer.usual.ordered(stem.lemma, gloss).first().and_then(|s| first_sense(s)).map(|g| (g, role));
    }
    first_sense(gloss).map(|g| (g, role))
}

#[cfg(test)]
mod tests {
    use super::first_sense;

    #[test]
    fn first_senses_read_as_name_parts() {
        assert_eq!(first_sense("internet;web").as_deref(), Some("Internet"));
        assert_eq!(first_sense("the network (of roads)").as_deref(), Some("Network"));
        assert_eq!(first_sense("global/world").as_deref(), Some("Global"));
        assert_eq!(first_sense("to go out of one's way to do something"), None);
    }
}

/// A text's words as the caller (the annotator) read them: each distinct word
/// once, with the facts of its analyses, and the word of each token of the
/// text's one token list ([`crate::tokenize::tokenize`]). Recognition reads the
/// facts from here rather than analyse every word again, and each token's word
/// by its place rather than by hashing its letters a second time
/// ([`super::words::TextWords::new`]). Words not given are analysed on demand.
pub struct Precomputed<'a> {
    analyzer: &'a Analyzer,
    /// Each word given, as written → (the caller's number for it, its index).
    /// The caller's number rides along so that the annotator needs no map of
    /// its own (one lookup a token, not two maps of the same words).
    by_word: rustc_hash::FxHashMap<&'a str, (u32, u32)>,
    /// The number of words given.
    words: u32,
    /// By index (empty in a [`Precomputed::words_only`] table).
    known: Vec<Known<'a>>,
    /// The word index of each token of the text, in order (`u32::MAX` for a
    /// token that is no word the caller read); empty when the caller gave none.
    token_words: Vec<u32>,
    /// False for [`Precomputed::words_only`].
    keep_facts: bool,
    /// [`Precomputed::read_word`]'s room for a word's analyses, reused from word
    /// to word.
    analyses: Vec<crate::analyze::Analysis>,
}

/// What [`Precomputed`] keeps of a word's analyses.
#[derive(Clone, Copy)]
struct Known<'a> {
    info: LexInfo<'a>,
    /// The stem of the best analysis, for [`Lexical::gloss`].
    best_stem: Option<u32>,
}

impl<'a> Known<'a> {
    fn of(analyzer: &'a Analyzer, analyses: &[crate::analyze::Analysis]) -> Known<'a> {
        Known { info: LexInfo::from_analyses(analyzer, analyses), best_stem: analyses.first().map(|a| a.stem) }
    }
}

impl<'a> Precomputed<'a> {
    /// An empty table over `analyzer`; add words with [`Precomputed::insert`].
    pub fn empty(analyzer: &'a Analyzer) -> Precomputed<'a> {
        Precomputed { analyzer, by_word: Default::default(), words: 0, known: Vec::new(), token_words: Vec::new(), keep_facts: true, analyses: Vec::new() }
    }

    /// An empty table that keeps nothing of the words [`Precomputed::read_word`]
    /// reads but the caller's numbers (the annotator's, without the entity layer).
    pub fn words_only(analyzer: &'a Analyzer) -> Precomputed<'a> {
        Precomputed { keep_facts: false, ..Precomputed::empty(analyzer) }
    }

    /// `words`: each word as written with its analyses, best first, as
    /// [`Analyzer::analyze_word`] returns them.
    pub fn new(analyzer: &'a Analyzer, words: impl IntoIterator<Item = (&'a str, &'a [crate::analyze::Analysis])>) -> Precomputed<'a> {
        let mut table = Precomputed::empty(analyzer);
        for (word, analyses) in words {
            table.insert(word, analyses);
        }
        table
    }

    /// The index of a word given, as written.
    #[inline]
    pub fn get(&self, word: &str) -> Option<u32> {
        self.by_word.get(word).map(|&(_, index)| index)
    }

    /// Adds a word as written with its analyses and returns its index (a word
    /// given before keeps its first analyses). Pass the full list: cutting it
    /// short can hide a proper-noun reading the model was trained to see.
    pub fn insert(&mut self, word: &'a str, analyses: &[crate::analyze::Analysis]) -> u32 {
        if let Some(index) = self.get(word) {
            return index;
        }
        let index = self.words;
        self.words += 1;
        self.known.push(Known::of(self.analyzer, analyses));
        // `insert`, not `entry`: the annotator's loop has the map's one `entry`
        // call, which is inlined there while it is the only one
        self.by_word.insert(word, (0, index));
        index
    }

    /// Reads one token's word: the caller's number for it and its index. A word
    /// read for the first time is analysed here; the facts of its analyses are
    /// kept (unless the table is [`Precomputed::words_only`]), and `number` is
    /// given the analyses to make the caller's number.
    #[inline]
    pub fn read_word(&mut self, word: &'a str, number: impl FnOnce(&[crate::analyze::Analysis]) -> u32) -> (u32, u32) {
        let Precomputed { analyzer, by_word, words, known, keep_facts, analyses, .. } = self;
        *by_word.entry(word).or_insert_with(|| {
            analyzer.analyze_word_into(word, analyses);
            let index = *words;
            *words += 1;
            if *keep_facts {
                known.push(Known::of(analyzer, analyses));
            }
            (number(analyses), index)
        })
    }

    /// Makes room for `words` distinct words and `tokens` tokens, so that reading
    /// a long text does not grow the tables step by step.
    pub fn reserve(&mut self, words: usize, tokens: usize) {
        self.by_word.reserve(words);
        if self.keep_facts {
            self.known.reserve(words);
            self.token_words.reserve(tokens);
        }
    }

    /// Records the word index of the next token of the text (`u32::MAX` for a
    /// token that is no word): one call per token of [`crate::tokenize::tokenize`],
    /// in order.
    pub fn push_token(&mut self, word: u32) {
        self.token_words.push(word);
    }

    /// The word index of each token recorded, in the order of the text.
    pub fn token_words(&self) -> &[u32] {
        &self.token_words
    }

    /// The number of words given (indices are `0..len`).
    pub fn len(&self) -> usize {
        self.words as usize
    }

    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// The facts of word `index`.
    #[inline]
    pub fn facts(&self, index: u32, word: &str) -> LexInfo<'_> {
        match self.known.get(index as usize) {
            Some(known) => known.info,
            None => self.analyzer.lex_info(word),
        }
    }
}

impl<'a> LexInfo<'a> {
    /// The facts of a word from its analyses, best first.
    pub fn from_analyses(analyzer: &'a Analyzer, analyses: &[crate::analyze::Analysis]) -> LexInfo<'a> {
        let lex = &analyzer.lexicon;
        let pos = analyses.first().map(|a| lex.stem_pos(a.stem));
        let proper = analyses.iter().any(|a| lex.stem_pos(a.stem) == "NOUN_PROP");
        let closed = pos.is_some_and(crate::analyze::is_closed_class);
        // the stem's vocalised Buckwalter form: Y is alif maqsura (diacritics after it)
        let maqsura = analyses.first().is_some_and(|a| lex.stem_voc(a.stem).trim_end_matches(|c| "aiuoFNK~`".contains(c)).ends_with('Y'));
        let prefixed = analyses.first().is_some_and(|a| !lex.prefixes[a.prefix as usize].key.is_empty());
        LexInfo { known: !analyses.is_empty(), pos, proper, closed, prefixed, maqsura }
    }
}

impl Lexical for Precomputed<'_> {
    fn lex_info(&self, word: &str) -> LexInfo<'_> {
        match self.get(word) {
            Some(index) => self.facts(index, word),
            None => self.analyzer.lex_info(word),
        }
    }

    fn gloss(&self, norm: &str) -> Option<(String, &'static str)> {
        // a word given as written is analysed already: its analyses are those of
        // the same string as a normal form
        match self.get(norm).and_then(|index| self.known.get(index as usize)) {
            Some(known) => stem_gloss(self.analyzer, known.best_stem?),
            None => self.analyzer.gloss(norm),
        }
    }

    fn vocalised(&self, norm: &str) -> Option<String> {
        self.analyzer.vocalised(norm)
    }

    fn precomputed(&self) -> Option<&Precomputed<'_>> {
        Some(self)
    }
}
