//! The annotator: text in, spans and their details out.

use serde::Serialize;

use crate::analyze::{Analysis, Analyzer};
use crate::error::Error;
use crate::lexicon::Lexicon;
use crate::tokenize::{tokenize, TokenKind};

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
    /// A readable Latin transliteration of the whole word.
    pub translit: String,
    pub prefixes: Vec<Affix>,
    pub suffixes: Vec<Affix>,
}

/// Details of one span, by layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "layer", rename_all = "lowercase")]
pub enum Details {
    Word(WordDetails),
}

/// The result of annotating one text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Sorted by start, then by end descending (outer spans first).
    pub spans: Vec<Span>,
    /// Indexed by [`Span::id`]. Words with the same spelling share one entry.
    pub details: Vec<Details>,
}

/// Reads text and annotates it. Build once from the data files, then call
/// [`Annotator::annotate`] as often as needed; it does not change.
pub struct Annotator {
    analyzer: Analyzer,
}
