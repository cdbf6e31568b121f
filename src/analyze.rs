//! Word analysis by the Buckwalter method: every prefix + stem + suffix split of a
//! word's key, kept only where the lexicon's three compatibility tables allow the
//! pair categories, then ranked by learnt probabilities of lemma and affixes.
//!
//! The ranking is a unigram morphological model, `P(prefix) · P(lemma) · P(suffix)`,
//! whose weights the builder learns by expectation–maximisation over wordfreq's
//! Arabic word frequencies (see `build::lexicon`). This is what picks هزيمة →
//! "defeat" over the rarer "thunder" reading.

use crate::lexicon::Lexicon;

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
///
/// Closed-class words (prepositions, conjunctions, pronouns, particles) get a lift
/// too: a form that can be على "on" is almost never عَلِيّ "high", but the frequency
/// model alone shares such a form's mass evenly and cannot break the tie.
pub fn reading_prior(pos: &str, voc: &str) -> f32 {
    match pos {
        "NOUN_PROP" => -3.0,
        "ADJ" if voc.ends_with("iy~") => 1.0,
        // news prose rarely gives orders: كل is "every", not "eat!"
        "VERB_IMPERATIVE" => -2.0,
        p if is_closed_class(p) => 1.0,
        _ => 0.0,
    }
}

/// True for the parts of speech of closed-class words: prepositions,
/// conjunctions, pronouns, particles and the like (Buckwalter tags).
pub fn is_closed_class(pos: &str) -> bool {
    matches!(
        pos,
        "PREP" | "CONJ" | "SUB_CONJ" | "FUNC_WORD" | "REL_PRON" | "NEG_PART" | "PART" | "FUT_PART" | "VERB_PART" | "ADV"
            | "INTERROG_PART" | "INTERROG_PRON" | "INTERROG_ADV" | "EXCEPT_PART" | "FOCUS_PART"
    ) || pos.starts_with("PRON")
        || pos.starts_with("DEM_PRON")
}

/// How well the writer's spelling fits a stem's: an explicit hamza or alif maqsura
/// the stem does not have speaks against it; a hamza left off (common in news
/// text) speaks only a little.
pub fn spelling_fit(surface: &[u8], stem: &[u8]) -> f32 {
    if surface.len() != stem.len() {
        return 0.0;
    }
    surface.iter().zip(stem).map(|(&s, &l)| letter_fit(s, l)).sum()
}

/// One letter of [`spelling_fit`]: the writer's `s` against the stem's `l`.
#[inline]
fn letter_fit(s: u8, l: u8) -> f32 {
    match (s, l) {
        _ if s == l => 0.0,
        (b'A', b'>' | b'<' | b'|') => -0.6,
        (b'>' | b'<' | b'|', _) => -2.0,
        (b'Y', b'y') => -1.5,
        (b'y', b'Y') => -0.5,
        _ => 0.0,
    }
}

/// [`spelling_fit`] against a stem's vocalised Buckwalter form, read as
/// [`crate::normalize::spelling_of_vocalised`] spells it, without building that string
/// (the lexicon used to keep one per stem: 71,036 strings made at every load).
pub fn spelling_fit_vocalised(surface: &[u8], voc: &[u8]) -> f32 {
    let mut letters = voc.iter().filter_map(|&b| crate::normalize::vocalised_letter(b));
    let mut score = 0.0;
    for &s in surface {
        let Some(l) = letters.next() else { return 0.0 };
        score += letter_fit(s, l);
    }
    if letters.next().is_some() { 0.0 } else { score }
}

/// Log-weight for a lemma a second dictionary agrees with (see
/// [`crate::lexicon::LexiconData::agreed_lemmas`]): it breaks ties the frequency
/// model leaves, like عدة "several" against "promise".
const DICTIONARY_AGREES: f32 = 1.5;

/// Log-weight for an analysis whose suffix carries the tanween the writer wrote.
const TANWEEN_FIT: f32 = 5.0;

/// Log-weight of a hollow verb's short imperfect stem with no ending (يَعُدْ، يَقُلْ،
/// تُرِدْ: the tables' `IV_C` categories before the null suffix): that form is a
/// jussive, which stands after لم (or in a condition or a prohibition), so news
/// prose read without that context wants the full form of another verb (يجب "must",
/// not the jussive of جاب "explore"; يقل "is less", not the jussive of قال "say").
/// As strong as a reading grammar rules out (more than the usual-sense table's
/// weight, which names قال "say"); after لم, [`Analyzer::context_weight`] takes it back.
pub const SHORT_FORM: f32 = -20.0;

/// Log-weight for a reading the tables give only in the accusative with tanween
/// (stem category `NF`: مشيراً "indicating", مضيفاً "adding", مثلاً "for example",
/// مؤخراً "recently", مجاناً "free"): the word written in that form is most often
/// that adverbial accusative, the ḥāl of news prose (وقال…، مشيراً إلى "pointing
/// out"), not the noun of the same letters in the accusative ("a field marshal",
/// "a host"), which the frequency model would put first, often by more than 6.
/// Less than the usual-sense table's weight ([`crate::senses::USUAL_SENSE`]) and
/// a ruled-out context; a written tanween fits both readings alike.
const ADVERBIAL_ACCUSATIVE: f32 = 8.0;

/// Whether a stem category is a hollow verb's short imperfect stem (`IV_C`,
/// `IV_C_yu`, `IV_C_intr`, `IV_C_Pass_yu`, ...).
fn is_short_stem_category(cat: &str) -> bool {
    cat == "IV_C" || cat.starts_with("IV_C_")
}

/// Analyses words against a [`Lexicon`].
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub lexicon: Lexicon,
    /// The team's usual newswire senses (see [`crate::senses`]), weighed per stem.
    pub usual: crate::senses::UsualSenses,
    /// Per prefix and per suffix: [`FIRST_PERSON`] for a first-person singular
    /// subject marker, else 0.
    prefix_prior: Vec<f32>,
    suffix_prior: Vec<f32>,
    /// Per stem: what its score owes to the stem alone (the lemma's weight,
    /// [`reading_prior`], [`DICTIONARY_AGREES`], the usual-sense weight), summed once
    /// at load rather than for every analysis.
    stem_base: Vec<f32>,
    /// Per stem category: whether it is a short imperfect stem (see [`SHORT_FORM`]).
    short_cat: Vec<bool>,
    /// Per stem category: whether its stems are read only in the accusative with
    /// tanween (see [`ADVERBIAL_ACCUSATIVE`]).
    accusative_cat: Vec<bool>,
    /// Per suffix: whether it has no letters (the null suffix, whatever its mood).
    null_suffix: Vec<bool>,
    /// Per suffix: whether it is the feminine singular ending ة.
    feminine_suffix: Vec<bool>,
    /// Per stem: its part in [`Analyzer::prefer_verbal_nouns`].
    shape: Vec<Shape>,
    /// The lemmas [`Analyzer::is_adverbial_lemma`] takes, sorted; worked out the
    /// first time it is asked (only the term layer asks).
    adverbial_lemmas: std::sync::OnceLock<Vec<u32>>,
}

/// What a stem is to [`Analyzer::prefer_verbal_nouns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Other,
    /// A derived verb's participle (مُ…) written as its dictionary form: with ة
    /// it is the participle's feminine (مُناقِشَة "(female) debater").
    Participle,
    /// A noun of a derived verb (مُ…) whose dictionary form ends in ة
    /// (مُناقَشَة "discussion").
    VerbalNoun,
}

/// How far [`Analyzer::prefer_verbal_nouns`] puts a verbal noun above the
/// participle spelt the same.
const VERBAL_NOUN: f32 = 0.5;

/// True when the vocalised `participle` (مُناقِش `munAqi$`) is `noun` (مُناقَش
/// `munAqa$`, a verbal noun without its ة) with an `i` for the `a` of its last
/// syllable. (A noun that is the participle itself with ة is left alone: مُضِيفَة
/// "stewardess", مُكَلَّفَة "terrier".)
fn same_but_last_vowel(participle: &str, noun: &str) -> bool {
    let (p, n) = (participle.as_bytes(), noun.as_bytes());
    let Some(last) = n.iter().rposition(|&c| c == b'a') else { return false };
    p.len() == n.len() && p[last] == b'i' && p.iter().zip(n).enumerate().all(|(k, (&x, &y))| x == y || k == last)
}

/// Log-weight against a first-person singular verb ("I flow", "I did"): news prose
/// speaks in the third person and quotes the first, so أجرى is "he conducted", not
/// "I flow".
const FIRST_PERSON: f32 = -2.0;

/// [`FIRST_PERSON`] for an affix whose tags mark a first-person singular subject.
fn person_prior(tags: &str) -> f32 {
    if tags.contains("IV1S") || tags.contains("SUBJ:1S") { FIRST_PERSON } else { 0.0 }
}

impl Analyzer {
    pub fn new(lexicon: Lexicon) -> Analyzer {
        let usual = crate::senses::UsualSenses::new(&lexicon);
        let prefix_prior = lexicon.prefixes.iter().map(|a| person_prior(&a.tags)).collect();
        let suffix_prior = lexicon.suffixes.iter().map(|a| person_prior(&a.tags)).collect();
        let stem_base = (0..lexicon.stem_count() as u32)
            .map(|si| {
                let lemma = lexicon.stem_lemma(si);
                let agreed = if lexicon.lemma_agreed[lemma as usize] { DICTIONARY_AGREES } else { 0.0 };
                lexicon.lemma_logp(lemma) + reading_prior(lexicon.stem_pos(si), lexicon.stem_voc(si)) + agreed + usual.stem_weight[si as usize]
            })
            .collect();
        let short_cat = lexicon.stem_cats.iter().map(|c| is_short_stem_category(c)).collect();
        let accusative_cat = lexicon.stem_cats.iter().map(|c| c == "NF").collect();
        let null_suffix = lexicon.suffixes.iter().map(|x| x.key.is_empty()).collect();
        let feminine_suffix = lexicon.suffixes.iter().map(|x| x.tags.contains("NSUFF_FEM_SG")).collect();
        let shape = (0..lexicon.stem_count() as u32)
            .map(|si| {
                let lemma = lexicon.lemma_voc(lexicon.stem_lemma(si));
                match lexicon.stem_pos(si) {
                    "NOUN" if lemma.starts_with("mu") && lemma.ends_with("ap") => Shape::VerbalNoun,
                    "NOUN" if lemma.starts_with("mu") && lemma == lexicon.stem_voc(si) => Shape::Participle,
                    _ => Shape::Other,
                }
            })
            .collect();
        Analyzer { lexicon, usual, prefix_prior, suffix_prior, stem_base, short_cat, accusative_cat, null_suffix, feminine_suffix, shape, adverbial_lemmas: Default::default() }
    }

    /// Whether lemma `lemma` is a noun that serves as a preposition or an adverb
    /// of time or place (ظرف): في غضون "within", في ظل "amid", أمام "before", قبيل
    /// "shortly before", خلال "during". A closed class of the grammar, so a list,
    /// compared by letters with the hamzas kept (أمام "before" is not إمام "imam").
    /// The lemmas are found once, by a pass over the lexicon's lemmas, when first asked.
    pub fn is_adverbial_lemma(&self, lemma: u32) -> bool {
        const NOUNS: &[&str] = &[
            "غضون", "ظل", "أمام", "قبيل", "قبل", "بعد", "خلال", "أثناء", "عقب", "إثر", "وسط", "نحو", "حول", "حوالي", "لدى",
            "عبر", "ضمن", "جراء", "إزاء", "حيال", "تجاه", "صوب", "قرابة", "طيلة", "طوال", "بين", "دون", "فوق", "تحت", "خلف",
            "وراء", "قرب", "جانب", "عند", "لدن", "حين", "بعيد", "مقابل",
        ];
        let lemmas = self.adverbial_lemmas.get_or_init(|| {
            let spelt: Vec<String> = NOUNS.iter().filter_map(|w| crate::normalize::spelling(w)).collect();
            let lex = &self.lexicon;
            (0..lex.lemma_count() as u32)
                .filter(|&l| {
                    let voc = lex.lemma_voc(l);
                    voc.len() <= 16 && spelt.contains(&crate::normalize::spelling_of_vocalised(voc))
                })
                .collect()
        });
        lemmas.binary_search(&lemma).is_ok()
    }

    /// Whether analysis `a` is a hollow verb's short stem with no ending: a jussive.
    pub fn is_jussive_form(&self, a: &Analysis) -> bool {
        self.short_cat[self.lexicon.stem_cat(a.stem) as usize] && self.null_suffix[a.suffix as usize]
    }

    /// The weight `context` (what the word before allows) gives analysis `a`: the
    /// context's weight for the stem's class (and for an adjective, see
    /// [`crate::context::Context::adjective_weight`]), and after لم the jussive's
    /// [`SHORT_FORM`] weight taken back.
    pub fn context_weight(&self, context: crate::context::Context, a: &Analysis) -> f32 {
        let mut w = context.weight(self.lexicon.stem_class(a.stem));
        if self.lexicon.stem_pos(a.stem) == "ADJ" {
            w += context.adjective_weight();
        }
        if context == crate::context::Context::Jussive && self.is_jussive_form(a) { w - SHORT_FORM } else { w }
    }

    /// All analyses of a word key (see [`crate::normalize::key`]), best first. When
    /// nothing fits, falls back to common misspellings: final ه for ة, ة for ت.
    pub fn analyze(&self, key: &str) -> Vec<Analysis> {
        self.analyze_spelt(key, key, None)
    }

    /// All analyses of a word as written, best first. Besides its key, the
    /// writer's spelling counts (an explicit hamza or ى, see [`spelling_fit`]) and so
    /// does a written tanween (دوراً is the noun "role", not the verb "rotated").
    pub fn analyze_word(&self, word: &str) -> Vec<Analysis> {
        let mut out = Vec::new();
        self.analyze_word_into(word, &mut out);
        out
    }

    /// [`Analyzer::analyze_word`] into `out` (cleared first): a caller that reads
    /// many words reuses one buffer rather than grow a new one for each word (the
    /// growing was 2 % of an all-layer pass over the newswire corpus).
    pub fn analyze_word_into(&self, word: &str, out: &mut Vec<Analysis>) {
        out.clear();
        // a word of up to 32 letters is spelt on the stack; a longer one (or one
        // with no letters, which gets `None` again) in `String`s
        let mut buf = [0u8; 64];
        let owned;
        let (key, spelling) = match crate::normalize::key_and_spelling_into(word, &mut buf) {
            Some(parts) => parts,
            None => match crate::normalize::key_and_spelling(word) {
                Some(parts) => {
                    owned = parts;
                    (owned.0.as_str(), owned.1.as_str())
                }
                None => return,
            },
        };
        let tanween = word.chars().find_map(|c| match c {
            '\u{64B}' => Some(b'F'),
            '\u{64C}' => Some(b'N'),
            '\u{64D}' => Some(b'K'),
            _ => None,
        });
        self.analyze_spelt_into(key, spelling, tanween, out)
    }

    /// [`Analyzer::analyze_word`] from the parts: key, spelling, written tanween.
    pub fn analyze_spelt(&self, key: &str, spelling: &str, tanween: Option<u8>) -> Vec<Analysis> {
        let mut out = Vec::new();
        self.analyze_spelt_into(key, spelling, tanween, &mut out);
        out
    }

    /// [`Analyzer::analyze_spelt`] appended to `out`, which must be empty.
    fn analyze_spelt_into(&self, key: &str, spelling: &str, tanween: Option<u8>, out: &mut Vec<Analysis>) {
        debug_assert!(out.is_empty());
        self.collect(key, spelling, out);
        if out.is_empty() && key.ends_with('h') {
            let mut alt = key[..key.len() - 1].to_string();
            alt.push('p');
            self.collect(&alt, spelling, out);
        }
        // ة kept before a suffix (حياةه for حياته) is a common slip of typing and of
        // text rebuilt from segmented corpora: read it as ت.
        if out.is_empty() && key[..key.len().saturating_sub(1)].contains('p') {
            let alt: String = key.char_indices().map(|(i, c)| if c == 'p' && i + 1 < key.len() { 't' } else { c }).collect();
            self.collect(&alt, spelling, out);
        }
        if let Some(t) = tanween {
            for a in out.iter_mut() {
                if self.lexicon.suffixes[a.suffix as usize].voc.as_bytes().contains(&t) {
                    a.score += TANWEEN_FIT;
                }
            }
        }
        self.prefer_verbal_nouns(out);
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.stem.cmp(&b.stem)));
    }

    /// A word that reads both as a derived verb's verbal noun and as the feminine
    /// of its participle is the verbal noun: مناقشة is مُناقَشَة "discussion", not
    /// مُناقِشَة "(female) debater"; مواجهة "confrontation", محاولة "attempt",
    /// متابعة "follow-up". The two differ in one short vowel (مُفاعَلَة against
    /// مُفاعِلَة), so they share every letter, and the frequency model gives the
    /// participle the mass of all its other forms as well; in news prose the
    /// verbal noun is by far the commoner. The verbal noun's score is raised
    /// just above the participle's when they have the same affixes. Only that
    /// pair is touched: مُضِيفَة "stewardess" does not outrank مُضِيف "host".
    fn prefer_verbal_nouns(&self, out: &mut [Analysis]) {
        let is = |a: &Analysis, shape| self.feminine_suffix[a.suffix as usize] && self.shape[a.stem as usize] == shape;
        if out.len() < 2 || !out.iter().any(|a| is(a, Shape::VerbalNoun)) {
            return;
        }
        let lex = &self.lexicon;
        for i in 0..out.len() {
            let noun = out[i];
            if !is(&noun, Shape::VerbalNoun) {
                continue;
            }
            let stem = lex.lemma_voc(lex.stem_lemma(noun.stem)).strip_suffix("ap").unwrap_or("");
            let rival = out
                .iter()
                .filter(|p| (p.prefix, p.suffix) == (noun.prefix, noun.suffix) && is(p, Shape::Participle))
                .filter(|p| same_but_last_vowel(lex.lemma_voc(lex.stem_lemma(p.stem)), stem))
                .map(|p| p.score)
                .fold(f32::MIN, f32::max);
            if rival >= noun.score {
                out[i].score = rival + VERBAL_NOUN;
            }
        }
    }

    /// Analyses in the lexicon's order, unsorted. `spelling` is the word's
    /// [`crate::normalize::spelling`], aligned byte for byte with `key`.
    pub fn collect(&self, key: &str, spelling: &str, out: &mut Vec<Analysis>) {
        let lex = &self.lexicon;
        let n = key.len();
        // The suffixes of each ending `key[e..]`, by `n - e`, looked up the first
        // time a prefix reaches it rather than for every prefix; most endings are
        // no suffix, and then the stem before one need not be looked up.
        let mut endings: [Option<&[u16]>; 16] = [None; 16];
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
                let suffixes = match endings.get_mut(n - e) {
                    Some(known) => *known.get_or_insert_with(|| lex.suffixes_for(&key[e..])),
                    None => lex.suffixes_for(&key[e..]),
                };
                if suffixes.is_empty() {
                    continue;
                }
                let stems = lex.stems_for(&key[p..e]);
                if stems.is_empty() {
                    continue;
                }
                for si in stems.clone() {
                    // read from the lexicon's columns once per stem
                    let cat = lex.stem_cat(si);
                    let class = lex.stem_cat_class[cat as usize];
                    // Shared by every affix pair of this stem, and worked out at the
                    // first pair that fits: many stems have none (15 M instructions
                    // less per newswire pass than working it out for every stem).
                    let mut base = None;
                    let stem_score = || {
                        self.stem_base[si as usize]
                            + spelling.get(p..e).map_or(0.0, |s| spelling_fit_vocalised(s.as_bytes(), lex.stem_voc_bytes(si)))
                            + if self.accusative_cat[cat as usize] { ADVERBIAL_ACCUSATIVE } else { 0.0 }
                    };
                    let short = self.short_cat[cat as usize];
                    for &pi in prefixes {
                        if !lex.prefix_fits_cat(pi, cat) {
                            continue;
                        }
                        // table AB passed above; the prefix's category read once
                        // (with terms' StrTable sliced rather than checked, 22 M
                        // instructions less per newswire pass, about 18 M of it here)
                        let pc = lex.prefix_cat(pi);
                        for &xi in suffixes {
                            if lex.suffix_fits_cats(pc, cat, xi) {
                                let base = *base.get_or_insert_with(stem_score);
                                let mut score = base + lex.affix_logp(pi, xi, class) + self.prefix_prior[pi as usize] + self.suffix_prior[xi as usize];
                                if short && self.null_suffix[xi as usize] {
                                    score += SHORT_FORM;
                                }
                                out.push(Analysis { prefix: pi, stem: si, suffix: xi, score });
                            }
                        }
                    }
                }
            }
        }
    }
}
