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
}

/// A source of [`LexInfo`] for words in the entity module's normal form.
pub trait Lexical {
    fn lex_info(&self, norm: &str) -> LexInfo<'_>;
}

impl Lexical for Analyzer {
    fn lex_info(&self, norm: &str) -> LexInfo<'_> {
        let analyses = self.analyze_word(norm);
        let stems = &self.lexicon.data.stems;
        let pos = analyses.first().map(|a| stems[a.stem as usize].pos.as_str());
        let proper = analyses.iter().any(|a| stems[a.stem as usize].pos == "NOUN_PROP");
        LexInfo { known: !analyses.is_empty(), pos, proper }
    }
}
