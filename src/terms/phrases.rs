//! The team's phrase table (`data/phrases.tsv`, compiled in): multiword terms of
//! Arabic news with the English a translator writes, where building the English
//! word by word reads wrong (وزير الخارجية "foreign minister", not "minister of
//! foreign ministry"; الفضاء الإلكتروني "cyberspace", not "electronic space").
//!
//! The table is read with the custom-glossary reader ([`Glossary`], TSV) once, on
//! first use, and matched by [`crate::terms::TermIndex::match_terms`] the way
//! dictionary phrases are: keyed as the core keys words, article off each word,
//! with و/ف/ب/ل/ك and the article allowed on the first word. Where several
//! sources have a phrase of the same length, a site's glossary wins, then this
//! table, then the dictionary (FreeDict), then word-by-word composition: the
//! table is written for news readers, the dictionary's phrases are not (its
//! English is often a definition or a rarer sense). A longer match still wins
//! over a shorter one, whatever its source.

use std::sync::OnceLock;

use crate::terms::{Glossary, GlossaryFormat};

/// The table, as the team wrote it.
// (data/phrases.tsv without its comments, see build.rs)
pub const TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/phrases.tsv"));

/// The parsed table (parsed on first use). Malformed lines are a programming
/// error caught by the tests (`tests/phrases.rs`), and skipped here.
pub fn table() -> &'static Glossary {
    static PARSED: OnceLock<Glossary> = OnceLock::new();
    PARSED.get_or_init(|| Glossary::parse(TABLE, GlossaryFormat::Tsv).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_phrase_with_english() {
        let (g, issues) = Glossary::parse(TABLE, GlossaryFormat::Tsv);
        assert!(issues.is_empty(), "{issues:?}");
        assert!(g.len() >= 250, "{} phrases", g.len());
        for e in g.entries() {
            assert!(e.words() >= 2, "line {}: {} is one word", e.line, e.arabic);
            assert!(!e.english.is_empty(), "line {}", e.line);
        }
    }
}
