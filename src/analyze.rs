//! Word analysis by the Buckwalter method: every prefix + stem + suffix split of a
//! word's key, kept only where the lexicon's three compatibility tables allow the
//! pair categories, then ranked by learnt probabilities of lemma and affixes.
//!
//! The ranking is a unigram morphological model, `P(prefix) · P(lemma) · P(suffix)`,
//! whose weights the builder learns by expectation–maximisation over wordfreq's
//! Arabic word frequencies (see `build::lexicon`). This is what picks هزيمة →
//! "defeat" over the rarer "thunder" reading.

use crate::lexicon::{Lexicon, Stem};

/// One analysis of a word: indices into the lexicon's tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analysis {
    pub prefix: u16,
    pub stem: u32,
    pub suffix: u16,
    /// Log probability (higher is better).
    pub score: f32,
}

/// Log-weight for readings the frequency model cannot tell apart, from how Arabic
/// news prose uses them: a word that can be a common word or a name is usually the
/// common word (names are the entity layer's job), and a nisba form (-iyy) is
/// usually the adjective ("military") rather than the noun ("soldier").
fn reading_prior(stem: &Stem) -> f32 {
    match stem.pos.as_str() {
        "NOUN_PROP" => -3.0,
        "ADJ" if stem.voc.ends_with("iy~") => 1.0,
        _ => 0.0,
    }
}

/// Analyses words against a [`Lexicon`].
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub lexicon: Lexicon,
}

impl Analyzer {
    pub fn new(lexicon: Lexicon) -> Analyzer {
        Analyzer { lexicon }
    }

    /// All analyses of a word key (see [`crate::normalize::key`]), best first. When
    /// nothing fits, falls back to common misspellings: final ه for ة, ة for ت.
    pub fn analyze(&self, key: &str) -> Vec<Analysis> {
        let mut out = Vec::new();
        self.collect(key, &mut out);
        if out.is_empty() && key.ends_with('h') {
            let mut alt = key[..key.len() - 1].to_string();
            alt.push('p');
            self.collect(&alt, &mut out);
        }
        // ة kept before a suffix (حياةه for حياته) is a common slip of typing and of
        // text rebuilt from segmented corpora: read it as ت.
        if out.is_empty() && key[..key.len().saturating_sub(1)].contains('p') {
            let alt: String = key.char_indices().map(|(i, c)| if c == 'p' && i + 1 < key.len() { 't' } else { c }).collect();
            self.collect(&alt, &mut out);
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.stem.cmp(&b.stem)));
        out
    }

    /// Analyses without ranking weights applied (for the builder's EM).
    pub fn collect(&self, key: &str, out: &mut Vec<Analysis>) {
        let lex = &self.lexicon;
        let data = &lex.data;
        let n = key.len();
        for p in 0..=lex.max_prefix_len.min(n.saturating_sub(1)) {
            if !key.is_char_boundary(p) {
                continue;
            }
            let prefixes = lex.prefixes_for(&key[..p]);
            if prefixes.is_empty() {
                continue;
            }
            let min_stem_end = p + 1;
            let first_stem_end = n.saturating_sub(lex.max_suffix_len).max(min_stem_end);
            for e in first_stem_end..=n {
                if !key.is_char_boundary(e) {
                    continue;
                }
                let stems = lex.stems_for(&key[p..e]);
                if stems.is_empty() {
                    continue;
                }
                let suffixes = lex.suffixes_for(&key[e..]);
                for &pi in prefixes {
                    for si in stems.clone() {
                        for &xi in suffixes {
                            if lex.compatible(pi, si, xi) {
                                let stem = &data.stems[si as usize];
                                let score = data.prefixes[pi as usize].logp
                                    + data.lemmas[stem.lemma as usize].logp
                                    + data.suffixes[xi as usize].logp
                                    + reading_prior(stem);
                                out.push(Analysis { prefix: pi, stem: si, suffix: xi, score });
                            }
                        }
                    }
                }
            }
        }
    }
}
