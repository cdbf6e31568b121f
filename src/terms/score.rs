//! Key-term scoring: keyness of lemmas, multiword terms and entities against
//! background frequencies.
//!
//! Candidates:
//! - single nouns (and proper nouns that the entity layer does not claim as a
//!   person or place), grouped by lemma so inflected forms and clitics merge, and
//!   lemmas of one derivational family (إرهاب/إرهابي, تطرف/متطرف, دعاية/دعائي: the
//!   same letters up to ة, the nisba ي and a participle's م, *and* English glosses
//!   that start alike) merged into one term. An adjective is a term only inside a
//!   family with a noun or in a pair: key terms are things, not qualities;
//! - multiword terms from the phrase list or a custom glossary;
//! - noun–adjective and construct-state pairs, with a compositional gloss;
//! - entities (organisations; people and places only on request, since the entity
//!   layer already shows them), with their English names.
//!
//! A candidate with `c` occurrences among the document's `n` words and background
//! probability `p` scores `(1 + ln c) · ln(1 / np)`: a tf·idf whose "document
//! frequency" is the expected count `np` in a text of this length (sublinear in the
//! count, so a term said five times is not five times as key as one said once).
//! In long texts, where a word is expected more than once (`np ≥ 1`), the second
//! factor becomes `ln(c / np) − ln(c) / np`, so key terms do not vanish.
//! Probabilities below a floor (Zipf 4.5, three in 100,000 words) are raised to it:
//! rarer than that, one occurrence of an unusual word would otherwise outrank a
//! theme the document returns to. A phrase from the dictionary, the team's phrase
//! table or a glossary gets the probability `p₁ p₂ … · A^(k−1)` from its words (each
//! floored as above; `A`: how much more often than by chance the words of a
//! collocation follow one another), and is floored at what its floored words give,
//! `FLOOR^k · A^(k−1)`, not at a single word's floor: a listed phrase of rare words
//! is a better key term than a single rare word said as often (القنابل العنقودية
//! "cluster bombs" said once ranks above موازاة "parallel" said once). A composed pair is as
//! key as the weaker of its two words' terms, raised with its own repetitions; it
//! must occur at least twice.
//! Every score is weighted by how early the term first appears, by paragraph (a
//! news text states its topic in its first paragraphs): ×2 in the first, down to
//! ×1 after the last; a text of one paragraph weighs all terms alike.
//!
//! A noun that names the source of a statement (the subject of a verb of saying:
//! يحذر خبراء "experts warn", ويقول مسؤولون) is not counted: news attributes nearly
//! every statement, and who says it is not what the text is about.
//!
//! Ranking drops a term when most of its occurrences lie inside one better-ranked
//! term (الخلافة after الخلافة الافتراضية), or all of them inside better ones.


use std::borrow::Cow;

use crate::normalize::is_ignorable_mark;
use crate::terms::{
    keys, EntityKind, FastMap, EntityMention, Glossary, KeyTerm, KeyTermOptions, Pos, TermIndex, TermMatch, TermSource, TermToken,
};

/// Lowest background probability used (per word): Zipf 4.5
/// ([`crate::terms::BACKGROUND_FLOOR_ZIPF`]), about three in 100,000 words (a
/// word a newspaper reader meets every few days).
pub(crate) const FLOOR: f64 = 3.1622776601683795e-5;
/// Association factor of adjacent words in a dictionary phrase.
pub(crate) const ASSOC: f64 = 2e3;
/// Fewest occurrences of a composed pair for it to be a term.
pub(crate) const MIN_PAIR_COUNT: usize = 2;
/// Weight of an early first occurrence.
pub(crate) const POSITION_WEIGHT: f64 = 1.0;

#[derive(Debug, Default)]
struct Group<'a> {
    kind: Option<TermSource>,
    lemma: Cow<'a, str>,
    english: Cow<'a, str>,
    /// Background probability.
    p: f64,
    /// The floor `p` is raised to ([`phrase_floor`] for listed phrases); 0 means
    /// [`FLOOR`].
    floor: f64,
    occurrences: Vec<(u32, u32)>,
    /// Token ranges of the occurrences, and whether each is a single word (shown
    /// by its lemma when it carries a pronoun suffix).
    spans: Vec<(u32, u32, bool)>,
    /// Token index of the first occurrence.
    first: usize,
    /// For single words: noun (not adjective), and the key used for families.
    noun: bool,
    family: String,
    score: f64,
}

impl Group<'_> {
    fn add(&mut self, span: (u32, u32), tokens: (usize, usize), single: bool) {
        if self.occurrences.is_empty() {
            self.first = tokens.0;
        }
        self.first = self.first.min(tokens.0);
        self.occurrences.push(span);
        self.spans.push((tokens.0 as u32, tokens.1 as u32, single));
    }
}

/// Keyness of `c` occurrences in `n` words against background probability `p`
/// (floored); 0 when the term is not more frequent than expected.
pub(crate) fn keyness(c: f64, n: f64, p: f64) -> f64 {
    keyness_floored(c, n, p, FLOOR)
}

/// The floor of a listed phrase of `k` words: its words' floors together,
/// `FLOOR^k · ASSOC^(k−1)` (at most a single word's floor).
pub(crate) fn phrase_floor(k: usize) -> f64 {
    (FLOOR.powi(k as i32) * ASSOC.powi(k.saturating_sub(1) as i32)).min(FLOOR)
}

/// [`keyness`] with background probabilities raised to `floor` instead of [`FLOOR`].
pub(crate) fn keyness_floored(c: f64, n: f64, p: f64, floor: f64) -> f64 {
    let e = n * p.max(floor);
    if c <= e || c <= 0.0 {
        return 0.0;
    }
    // ln(1/e) for the short texts this was tuned on (e < 1); for long texts,
    // where a word is expected more than once, it turns smoothly into ln(c/e),
    // so key terms do not vanish once every word is expected at least once.
    ((1.0 + c.ln()) * ((c / e).ln() - c.ln() * (1.0 / e).min(1.0))).max(0.0)
}

/// Byte ranges of the tokens' UTF-16 spans, in one pass (tokens sorted by start).
fn byte_ranges(text: &str, tokens: &[TermToken]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut chars = text.char_indices();
    let (mut u, mut at) = (0u32, 0usize);
    let mut advance_to = |target: u32, u: &mut u32, at: &mut usize| {
        while *u < target {
            match chars.next() {
                Some((i, c)) => {
                    *u += c.len_utf16() as u32;
                    *at = i + c.len_utf8();
                }
                None => break,
            }
        }
    };
    for t in tokens {
        if t.start < u {
            out.push(crate::terms::export::utf16_to_byte_range(text, t.start, t.end));
            continue;
        }
        advance_to(t.start, &mut u, &mut at);
        let a = at;
        advance_to(t.end, &mut u, &mut at);
        out.push((a, at));
    }
    out
}

/// Drops the first `k` letters of a word (marks go with their letter).
fn drop_letters(word: &str, k: usize) -> &str {
    if k == 0 {
        return word;
    }
    let mut seen = 0;
    for (i, c) in word.char_indices() {
        if is_ignorable_mark(c) {
            continue;
        }
        if seen == k {
            return &word[i..];
        }
        seen += 1;
    }
    ""
}

fn strip_marks(s: &str) -> String {
    s.chars().filter(|c| !is_ignorable_mark(*c)).collect()
}

/// The word as a reader would look it up: without و/ف/ب/ل/ك, with the article
/// when it had one; for a word with a pronoun suffix, its lemma.
fn citation(surface: &str, t: &TermToken, allow_lemma: bool) -> String {
    if allow_lemma && t.enclitic && !t.lemma.is_empty() {
        return strip_marks(t.lemma);
    }
    let bare = t.bare as usize;
    if bare == 0 || !matches!(t.pos, Pos::Noun | Pos::Adjective | Pos::ProperNoun | Pos::Unknown) {
        return surface.to_string();
    }
    if t.det && bare >= 2 {
        if t.key.get(bare - 2..bare) == Some("Al") {
            return drop_letters(surface, bare - 2).to_string();
        }
        // لل: lām + article with its alif dropped.
        return format!("ال{}", drop_letters(surface, bare));
    }
    drop_letters(surface, bare).to_string()
}

/// The first of `gloss`'s senses (separated by `;`, in the lexicon's order) that
/// the dictionary also gives for the word (by its bare key) or for the lemma,
/// with its rank among the dictionary's senses (0: its first sense).
fn confirmed<'g, 'i>(index: &'i TermIndex, bare_key: &str, lemma: &str, gloss: &'g str, lemmas: &mut LemmaSenses<'i>) -> Option<(&'g str, usize)> {
    let dict = match index.word_senses(bare_key) {
        Some(d) => d,
        None if lemma.is_empty() => return None,
        None => {
            // Lemmas repeat across spellings: their dictionary entry is looked up once.
            let ix = match lemmas.get(lemma) {
                Some(&ix) => ix,
                None => {
                    let ix = keys::word_key(lemma).and_then(|k| index.word_senses(&k));
                    lemmas.insert(lemma.to_string(), ix);
                    ix
                }
            };
            ix?
        }
    };
    gloss
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .find_map(|sense| dict.split(';').position(|d| d.trim().eq_ignore_ascii_case(sense)).map(|rank| (sense, rank)))
}

/// Dictionary senses of lemmas, by lemma.
type LemmaSenses<'i> = FastMap<String, Option<&'i str>>;

/// The reading of a token that key terms use. The dictionary (FreeDict) is a
/// second opinion on senses: the first of the best analysis's senses that it
/// also gives wins; a homograph (another lemma in the same letters and affixes) takes
/// over only when it matches the dictionary's *first* sense and none of the best
/// analysis's senses is in the dictionary (التقويم: "calendar", not "rating").
/// Without a confirmation, the best analysis and its first sense.
#[derive(Debug, Clone, Copy)]
struct Chosen<'a> {
    lemma: &'a str,
    sense: &'a str,
    logp: Option<f32>,
}

fn reading<'a, 'i>(index: &'i TermIndex, t: &TermToken<'a>, lemmas: &mut LemmaSenses<'i>) -> Chosen<'a> {
    if t.usual {
        // the team's usual sense wins where it applies (المستشار "adviser", where
        // the dictionary confirms only "counselor")
        let first = t.gloss.split(';').map(str::trim).find(|s| !s.is_empty()).unwrap_or("");
        return Chosen { lemma: t.lemma, sense: first, logp: t.logp };
    }
    let own = confirmed(index, t.bare_key(), t.lemma, t.gloss, lemmas);
    if own.is_none() {
        for alt in t.alternatives {
            let first = alt.gloss.split(';').map(str::trim).filter(|s| !s.is_empty()).find(|sense| {
                confirmed(index, t.bare_key(), &alt.lemma, sense, lemmas).is_some_and(|(_, rank)| rank == 0)
            });
            if let Some(sense) = first {
                return Chosen { lemma: &alt.lemma, sense, logp: Some(alt.logp) };
            }
        }
    }
    if let Some((sense, _)) = own {
        return Chosen { lemma: t.lemma, sense, logp: t.logp };
    }
    let first = t.gloss.split(';').map(str::trim).find(|s| !s.is_empty()).unwrap_or("");
    Chosen { lemma: t.lemma, sense: first, logp: t.logp }
}

/// True when the English of a proper noun's sense names a month or a weekday
/// ("February", "Thursday", "Kanun (part of month names Dec. and Jan.)").
pub(super) fn is_date_name(sense: &str) -> bool {
    const NAMES: &[&str] = &[
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ];
    let sense = sense.trim();
    // the dictionary writes the months and days as proper nouns, capitalised: a
    // common sense ("may", "march") is none
    sense.starts_with(|c: char| c.is_ascii_uppercase()) && (sense.contains("month names") || NAMES.iter().any(|n| sense.eq_ignore_ascii_case(n)))
}

/// An adjective's sense for a composed term: the one bilingual phrases give its lemma
/// (الافتراضية "virtual", as in "virtual economy", where the lexicon says only
/// "hypothetical"), else the chosen reading's.
fn phrase_sense<'a>(index: &'a TermIndex, ch: &Chosen<'a>) -> &'a str {
    if ch.lemma.is_empty() {
        return ch.sense;
    }
    keys::word_key(ch.lemma).and_then(|k| index.data().collocation_sense(&k)).unwrap_or(ch.sense)
}

/// Background probability of one token's lemma (or, unknown to the analyser, of
/// the word in `terms.bin`); 0 when unknown.
fn token_p(index: &TermIndex, t: &TermToken) -> f64 {
    logp_p(index, t, t.logp)
}

fn logp_p(index: &TermIndex, t: &TermToken, logp: Option<f32>) -> f64 {
    match logp {
        Some(lp) => (lp as f64).exp(),
        None => index.background(t.bare_key()).or_else(|| index.background(t.key)).unwrap_or(0.0),
    }
}

/// Derivational family of a single-word term: the lemma's letters without ة, the
/// nisba ي and a participle's مـ (when four letters remain), plus the first four
/// letters of its English, so إرهاب "terrorism" and إرهابي "terrorist" meet but
/// دولة "state" and دولي "international" do not.
fn family_key(lemma_or_key: &str, is_key: bool, english: &str) -> String {
    let mut k = if is_key { lemma_or_key.to_string() } else { keys::word_key(lemma_or_key).unwrap_or_default() };
    k = k.replace('}', "y");
    if k.ends_with('p') {
        k.pop();
    }
    while k.len() > 3 && k.ends_with('y') {
        k.pop();
    }
    if k.starts_with('m') && k.len() >= 5 {
        k.remove(0);
    }
    let e: String = english.split_whitespace().next().unwrap_or("").to_lowercase().chars().take(4).collect();
    format!("{k}\u{0}{e}")
}

/// Whether an adjective can describe the noun before it as far as gender shows: a
/// feminine adjective (ending in ة) does not follow a masculine singular noun
/// (الهلال الفلكية: the adjective belongs to an earlier noun). Plural nouns take
/// feminine adjectives, so they pass (plural read from the noun's ending or its
/// English gloss).
fn agrees_in_gender(index: &TermIndex, noun: &TermToken, adj: &TermToken) -> bool {
    let (n, a) = (noun.bare_key(), adj.bare_key());
    if !a.ends_with('p') || n.ends_with('p') || n.ends_with("At") || n.ends_with("wn") || n.ends_with("yn") {
        return true;
    }
    // A broken plural: its English sense is plural.
    let english = reading(index, noun, &mut LemmaSenses::default()).sense;
    english.split_whitespace().last().is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"))
}

fn position_boost(paragraph: usize, n_paragraphs: usize) -> f64 {
    1.0 + POSITION_WEIGHT * (1.0 - paragraph as f64 / n_paragraphs.max(1) as f64)
}

/// The paragraph (line) of each token, and how many there are; blank lines and
/// line breaks before the first word do not count.
fn paragraphs(text: &str, ranges: &[(usize, usize)]) -> (Vec<usize>, usize) {
    let mut out = Vec::with_capacity(ranges.len());
    let (mut para, mut at, mut seen_word) = (0usize, 0usize, false);
    for &(a, b) in ranges {
        if a >= at {
            if seen_word && text[at..a].contains('\n') {
                para += 1;
            }
            at = b;
        }
        seen_word = true;
        out.push(para);
    }
    (out, para + 1)
}

/// First English senses of the verbs that introduce what someone says or thinks.
/// Their complement is a clause (أن …) or من …, so the noun right after one is its
/// subject, not its object.
const SAYING: &[&str] = &["say", "said", "warn", "caution", "believe", "think", "add", "stress", "emphasize", "explain", "point out"];

/// Which tokens name the source of a statement: the noun right after a verb of
/// saying ([`SAYING`], by the verb's first English sense), a noun joined to it by
/// و and an adjective that follows it (يحذر خبراء ومسؤولون "experts and officials
/// warn", يقول الخبراء الأمنيون). News attributes nearly every statement (experts,
/// officials, sources, analysts say), so counted as words these would rank among any
/// article's key terms; who says it is not what the text is about. Entities are
/// another layer and keep their mentions.
fn sources(tokens: &[TermToken]) -> Vec<bool> {
    let mut source = vec![false; tokens.len()];
    for i in 1..tokens.len() {
        let (before, t) = (&tokens[i - 1], &tokens[i]);
        source[i] = match t.pos {
            Pos::Noun => {
                (before.pos == Pos::Verb && SAYING.contains(&before.gloss.split(';').next().unwrap_or("").trim()))
                    // و + noun after a source: خبراء ومسؤولون.
                    || (source[i - 1] && t.bare > 0 && t.key.starts_with('w'))
            }
            // An adjective of a source, with no clitic but the article.
            Pos::Adjective => source[i - 1] && t.bare as usize == if t.det { 2 } else { 0 },
            _ => false,
        };
    }
    source
}

/// A nationality or people's adjective or noun: a nisba (ending ي, ية, يون, يين,
/// يات) whose English is one proper adjective ("Jordanian", "British", "Iraqi"),
/// not an abstract noun (المسيحية "Christianity", الصهيونية "Zionism").
fn is_nationality(t: &TermToken, sense: &str) -> bool {
    let nisba = ["y", "yp", "ywn", "yyn", "yAt"].iter().any(|e| t.key.ends_with(e));
    let proper_adjective = sense.starts_with(|c: char| c.is_ascii_uppercase()) && !sense.contains(' ') && !sense.ends_with("ity") && !sense.ends_with("ism");
    nisba && proper_adjective
}

fn is_content(pos: Pos) -> bool {
    matches!(pos, Pos::Noun | Pos::Adjective | Pos::ProperNoun | Pos::Unknown)
}

pub(crate) fn key_terms<'a>(
    index: &TermIndex,
    text: &str,
    tokens: &[TermToken<'a>],
    matches: &[TermMatch],
    entities: &[EntityMention<'a>],
    glossary: Option<&Glossary>,
    options: &KeyTermOptions,
) -> Vec<KeyTerm> {
    let ranges = byte_ranges(text, tokens);
    let surface = |i: usize| &text[ranges[i].0..ranges[i].1];
    let n_words = tokens.iter().filter(|t| t.pos.is_word()).count().max(1) as f64;
    let (para, n_paras) = paragraphs(text, &ranges);

    // Which tokens belong to an entity mention (index into `entities`).
    let mut in_entity: Vec<Option<usize>> = vec![None; tokens.len()];
    // UTF-16 units of a token before the entity in it (the و of وغوغل): a name's
    // key term is cited as the entity layer wrote it, clitics left out
    let mut entity_lead: Vec<u32> = vec![0; tokens.len()];
    let mut e = 0;
    for (i, t) in tokens.iter().enumerate() {
        while e < entities.len() && entities[e].end <= t.start {
            e += 1;
        }
        // Overlap, not containment: the entity layer leaves clitics out of a
        // name's span (وسوريا → سوريا) while the token keeps them.
        if e < entities.len() && entities[e].start < t.end && t.start < entities[e].end {
            in_entity[i] = Some(e);
            entity_lead[i] = entities[e].start.saturating_sub(t.start);
        }
    }
    let mut in_match = vec![false; tokens.len()];
    for m in matches {
        in_match[m.tokens.0..m.tokens.1].iter_mut().for_each(|f| *f = true);
    }
    // A phrase listed on purpose (the team's table, a site's glossary) that holds a
    // name and more is the term there, not the name: فيروس كورونا "coronavirus", not
    // the place "Corona"; حرب الخليج "Gulf War", not "Gulf". Such a name's tokens are
    // the phrase's (`inside_phrase`), and it is no term at that occurrence.
    let listed = |m: &TermMatch| matches!(m.source, TermSource::Phrasebook | TermSource::Glossary);
    let mut inside_phrase = vec![false; tokens.len()];
    let mut name_tokens = vec![0usize; entities.len()];
    in_entity.iter().flatten().for_each(|&e| name_tokens[e] += 1);
    for m in matches.iter().filter(|m| listed(m)) {
        let (a, b) = m.tokens;
        // every name the phrase touches lies wholly inside it, and the phrase has more
        let mut names = (a..b).filter_map(|k| in_entity[k]).peekable();
        let whole = |e: usize| (a..b).filter(|&k| in_entity[k] == Some(e)).count() == name_tokens[e];
        if names.peek().is_some() && names.all(whole) && (a..b).any(|k| in_entity[k].is_none()) {
            inside_phrase[a..b].iter_mut().for_each(|f| *f = true);
            // cited whole, as the phrase is written (not from where the name starts)
            entity_lead[a..b].iter_mut().for_each(|l| *l = 0);
        }
    }

    let mut groups: Vec<Group> = Vec::with_capacity(tokens.len() / 2 + 16);
    // the group of each entity name (lowercased) and of each phrase key
    let mut by_name: FastMap<String, usize> = FastMap::default();
    let mut by_phrase: FastMap<&str, usize> = FastMap::default();
    let cite = |i: usize, j: usize, single: bool| {
        let mut c = match entity_lead[i] {
            0 => citation(surface(i), &tokens[i], single),
            lead => surface(i).chars().skip(lead as usize).collect(),
        };
        for k in i + 1..j {
            c.push(' ');
            c.push_str(surface(k));
        }
        c
    };
    let phrase_p = |i: usize, j: usize| {
        (i..j).map(|k| token_p(index, &tokens[k]).max(FLOOR)).product::<f64>() * ASSOC.powi((j - i - 1) as i32)
    };

    // Entities.
    let mut i = 0;
    while i < tokens.len() {
        let Some(e) = in_entity[i].filter(|_| !inside_phrase[i]) else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j < tokens.len() && in_entity[j] == Some(e) {
            j += 1;
        }
        let m = &entities[e];
        let wanted = match m.kind {
            EntityKind::Person => options.include_people,
            EntityKind::Place => options.include_places,
            EntityKind::Nationality => options.include_nationalities,
            _ => true,
        };
        if wanted && !m.english.is_empty() {
            let g = *by_name.entry(m.english.to_lowercase()).or_insert_with(|| {
                groups.push(Group { kind: Some(TermSource::Entity), english: Cow::Borrowed(m.english), p: phrase_p(i, j), ..Default::default() });
                groups.len() - 1
            });
            groups[g].add((tokens[i].start, tokens[j - 1].end), (i, j), false);
        }
        i = j;
    }

    // Dictionary, table and glossary phrases (not a dictionary phrase that
    // begins or ends with a function word: "in fact" is a phrase, not a term).
    // The team's table and a user's glossary list terms on purpose, whatever the
    // analyser reads their words as: ولي العهد "crown prince" starts with a word
    // that also reads و + لي "and to me".
    for m in matches {
        let (a, b) = m.tokens;
        let function_word_edge = !is_content(tokens[a].pos) || !is_content(tokens[b - 1].pos);
        let holds_name = (a..b).any(|k| in_entity[k].is_some());
        if (holds_name && !(listed(m) && inside_phrase[a])) || (m.source == TermSource::Dictionary && function_word_edge) {
            continue;
        }
        let g = *by_phrase.entry(&m.key).or_insert_with(|| {
            // A glossary's own vocalised form, else the headword as written.
            let lemma = glossary
                .filter(|_| m.source == TermSource::Glossary)
                .and_then(|g| g.get_key(&m.key))
                .and_then(|e| e.lemma.clone())
                .unwrap_or_else(|| m.arabic.clone());
            groups.push(Group {
                kind: Some(m.source),
                lemma: Cow::Owned(lemma),
                english: Cow::Owned(m.english.clone()),
                p: phrase_p(a, b),
                floor: phrase_floor(b - a),
                ..Default::default()
            });
            groups.len() - 1
        });
        groups[g].add((m.start, m.end), (a, b), false);
    }

    // Single words, by lemma (not the sources of statements, see `sources`).
    let source = sources(tokens);
    let singles_from = groups.len();
    let mut tok_group: Vec<Option<usize>> = vec![None; tokens.len()];
    let cap = tokens.len() / 4 + 16;
    let mut by_lemma: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(cap, Default::default());
    // each word's reading, and whether it names a date or serves as a preposition
    // (see below), once per spelling
    let mut chosen: FastMap<(&str, &str), (Chosen, bool, bool)> = FastMap::with_capacity_and_hasher(cap, Default::default());
    let mut lemma_senses = LemmaSenses::default();
    let mut chosen_of: Vec<Option<Chosen>> = vec![None; tokens.len()];
    // whether token `i` is a number (in digits, or a number word's first sense)
    let counts = |i: usize| {
        surface(i).starts_with(|c: char| c.is_numeric()) || crate::entities::is_number(tokens[i].gloss.split(';').next().unwrap_or("").trim())
    };
    for (i, t) in tokens.iter().enumerate() {
        if in_entity[i].is_some() || !t.pos.is_word() {
            continue;
        }
        let custom = glossary.and_then(|g| g.lookup_word(surface(i), (!t.lemma.is_empty()).then_some(t.lemma)));
        if custom.is_none() && (source[i] || !matches!(t.pos, Pos::Noun | Pos::Adjective | Pos::ProperNoun)) {
            continue;
        }
        let (ch, date, number) = *chosen.entry((t.key, t.lemma)).or_insert_with(|| {
            let ch = reading(index, t, &mut lemma_senses);
            (ch, t.date || t.adverbial || is_date_name(ch.sense), crate::entities::is_number(ch.sense))
        });
        // A number word (ثلاثين "thirty", مئة "hundred", مليون "million") says how
        // much, not what the text is about: no term, alone or in a pair.
        if custom.is_none() && number {
            continue;
        }
        // A month or a weekday (أيلول "September", كانون of كانون الثاني
        // "January", الخميس "Thursday") says when, not what: no term either; nor
        // does a noun serving as a preposition (في غضون "within", أمام "before").
        if custom.is_none() && date {
            continue;
        }
        // A circumstantial participle (مؤكدا "stressing", داعيا "calling for") says
        // how something was said: no term, unless a number counts it.
        if custom.is_none() && t.circumstantial && !(i > 0 && counts(i - 1)) {
            continue;
        }
        chosen_of[i] = Some(ch);
        let lemma_key: &str = if ch.lemma.is_empty() { t.bare_key() } else { ch.lemma };
        let g = *by_lemma.entry(lemma_key).or_insert_with(|| {
            let (english, kind) = match custom {
                Some(e) => (Cow::Owned(e.english_text()), TermSource::Glossary),
                None => (Cow::Borrowed(ch.sense), TermSource::Word),
            };
            let lemma = match custom.and_then(|e| e.lemma.as_deref()) {
                Some(l) => Cow::Owned(l.to_string()),
                None => Cow::Borrowed(ch.lemma),
            };
            // The family is the word's own, glossary or not (from its built-in sense): a
            // glossary names a term, it must not split it from its family and so rank it
            // lower than without the glossary. A glossary member heads its family below.
            let family = if ch.lemma.is_empty() { family_key(t.bare_key(), true, ch.sense) } else { family_key(ch.lemma, false, ch.sense) };
            // A nationality the entity layer did not mark (الحكومة الأردنية: "Jordanian")
            // is, like its entities, a term only when nationalities are asked for; it
            // counts as an adjective, so it still forms pairs.
            let nationality = custom.is_none() && !options.include_nationalities && is_nationality(t, ch.sense);
            let noun = t.pos != Pos::Adjective && !nationality;
            groups.push(Group { kind: Some(kind), lemma, english, p: logp_p(index, t, ch.logp), noun, family, ..Default::default() });
            groups.len() - 1
        });
        groups[g].add((t.start, t.end), (i, i + 1), true);
        tok_group[i] = Some(g);
    }

    // Families: lemma groups with the same family key become one term, shown as
    // its base member (shortest lemma, a noun before an adjective, then the most
    // frequent); its background probability is the sum of its members'.
    let mut redirect: Vec<usize> = (0..groups.len()).collect();
    let mut families: FastMap<String, Vec<usize>> = FastMap::default();
    for gi in singles_from..groups.len() {
        families.entry(groups[gi].family.clone()).or_default().push(gi);
    }
    for members in families.values() {
        if !members.iter().any(|&m| groups[m].noun) {
            // Adjectives alone are not terms (they still form pairs below).
            for &m in members {
                groups[m].score = -1.0;
            }
            continue;
        }
        if members.len() < 2 {
            continue;
        }
        // A member from the site's glossary first: the term is shown as the glossary names it.
        let head = *members
            .iter()
            .min_by_key(|&&m| (groups[m].kind != Some(TermSource::Glossary), groups[m].lemma.chars().count(), !groups[m].noun, std::cmp::Reverse(groups[m].occurrences.len())))
            .unwrap();
        for &m in members {
            if m == head {
                continue;
            }
            let moved = std::mem::take(&mut groups[m]);
            let h = &mut groups[head];
            h.p += moved.p;
            h.first = h.first.min(moved.first);
            h.occurrences.extend(moved.occurrences);
            h.spans.extend(moved.spans);
            redirect[m] = head;
        }
    }

    // Scores of everything so far.
    for g in groups.iter_mut().filter(|g| !g.occurrences.is_empty() && g.score == 0.0) {
        let floor = if g.floor > 0.0 { g.floor } else { FLOOR };
        g.score = keyness_floored(g.occurrences.len() as f64, n_words, g.p, floor) * position_boost(para[g.first], n_paras);
    }

    // Composed pairs: noun + adjective agreeing in definiteness, and the construct
    // state (indefinite noun + definite noun), outside dictionary matches.
    let mut pairs: FastMap<(&str, &str), (usize, f64)> = FastMap::default();
    for i in 0..tokens.len().saturating_sub(1) {
        let (a, b) = (&tokens[i], &tokens[i + 1]);
        if in_match[i] || in_match[i + 1] || in_entity[i].is_some() || in_entity[i + 1].is_some() {
            continue;
        }
        let (Some(fa), Some(fb)) = (tok_group[i].map(|g| redirect[g]), tok_group[i + 1].map(|g| redirect[g])) else { continue };
        if a.pos != Pos::Noun || a.enclitic || b.enclitic || groups[fa].english.is_empty() || groups[fb].english.is_empty() {
            continue;
        }
        // The second word carries no clitic but the article: والمشغولات after
        // التحف is "and ...", not an adjective or a genitive.
        if b.bare as usize != if b.det { 2 } else { 0 } {
            continue;
        }
        let construct = match b.pos {
            Pos::Adjective if a.det == b.det && agrees_in_gender(index, a, b) => false,
            Pos::Noun if !a.det && b.det => true,
            _ => continue,
        };
        let (Some(ca), Some(cb)) = (chosen_of[i], chosen_of[i + 1]) else { continue };
        let la = if ca.lemma.is_empty() { a.bare_key() } else { ca.lemma };
        let lb = if cb.lemma.is_empty() { b.bare_key() } else { cb.lemma };
        let g = match pairs.get(&(la, lb)) {
            Some(&(g, _)) => g,
            None => {
                let single = |g: &Group| if g.score > 0.0 { g.score } else { keyness(g.occurrences.len() as f64, n_words, g.p) * position_boost(para[g.first], n_paras) };
                let base = single(&groups[fa]).min(single(&groups[fb]));
                // English and lemma are made for the terms that are listed.
                groups.push(Group { kind: Some(TermSource::Composed), noun: construct, ..Default::default() });
                pairs.insert((la, lb), (groups.len() - 1, base));
                groups.len() - 1
            }
        };
        groups[g].add((a.start, b.end), (i, i + 2), false);
    }
    for (g, base) in pairs.into_values() {
        let c = groups[g].occurrences.len();
        // Only pairs the document repeats: one noun with one adjective is a
        // phrase, not yet a term.
        groups[g].score = if c >= MIN_PAIR_COUNT { base * (1.0 + (c as f64).ln()) } else { -1.0 };
    }

    if std::env::var_os("HASHIYA_TERMS_DEBUG").is_some() {
        for g in groups.iter().filter(|g| !g.occurrences.is_empty()) {
            let c: Vec<String> = g.spans.iter().map(|&(a, b, single)| cite(a as usize, b as usize, single)).collect();
            eprintln!("{:?} {:?} c={} zipf={:.2} first={} score={:.1}", c, g.english, g.occurrences.len(), crate::terms::data::freq_to_zipf(g.p), g.first, g.score);
        }
    }

    // Rank; drop terms all of whose occurrences lie inside better ones.
    let composed = |g: &Group| g.kind == Some(TermSource::Composed);
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&i| !groups[i].occurrences.is_empty() && (!groups[i].english.is_empty() || composed(&groups[i])) && groups[i].score > 0.0)
        .collect();
    order.sort_by(|&a, &b| groups[b].score.total_cmp(&groups[a].score).then(a.cmp(&b)));
    // The occurrences of the terms taken so far, by start: (start, end, order taken,
    // term). Looking up only those starting at most `longest` before a span keeps this
    // loop linear in the text; a scan of every taken occurrence for every occurrence
    // was quadratic (86 % of annotate() on 3 MB of one repeated sentence; 5 MB took
    // 13.9 s natively, 33 s in wasm).
    let mut taken: std::collections::BTreeSet<(u32, u32, usize, usize)> = Default::default();
    let mut longest = 0u32;
    // the terms kept, each with the order it was taken in (its `owner` in `taken`)
    let mut out: Vec<(usize, KeyTerm)> = Vec::new();
    let mut terms_taken = 0;
    for gi in order {
        if out.len() >= options.limit {
            break;
        }
        let g = &mut groups[gi];
        let within = |s: &(u32, u32), t: &(u32, u32)| t.0 <= s.0 && s.1 <= t.1 && (t.1 - t.0) > (s.1 - s.0);
        // the term that first took an occurrence holding `s`, if any
        let owner_of = |s: &(u32, u32)| {
            taken
                .range((s.0.saturating_sub(longest), 0, 0, 0)..=(s.0, u32::MAX, usize::MAX, usize::MAX))
                .filter(|&&(a, b, _, _)| within(s, &(a, b)))
                .min_by_key(|&&(_, _, k, _)| k)
                .map(|&(_, _, _, owner)| owner)
        };
        if g.occurrences.iter().all(|s| owner_of(s).is_some()) {
            continue;
        }
        // Most occurrences inside one better term.
        let mut inside_of: FastMap<usize, usize> = FastMap::default();
        for s in &g.occurrences {
            if let Some(owner) = owner_of(s) {
                *inside_of.entry(owner).or_default() += 1;
            }
        }
        if inside_of.values().any(|&k| 2 * k > g.occurrences.len()) {
            continue;
        }
        g.occurrences.sort_unstable();
        g.occurrences.dedup();
        for &(a, b) in &g.occurrences {
            longest = longest.max(b.saturating_sub(a));
            taken.insert((a, b, taken.len(), terms_taken));
        }
        // A term taken before whose every occurrence lies inside longer terms taken
        // since says less than they do (الباردة "frigid" beside الحرب الباردة "Cold
        // War", حفظ "preservation" beside حفظ السلام "peacekeeping" and قوات حفظ السلام
        // "peacekeeping forces"): it leaves the list and the next term takes its place.
        let held_by_other = |s: &(u32, u32), id: usize| {
            taken
                .range((s.0.saturating_sub(longest), 0, 0, 0)..=(s.0, u32::MAX, usize::MAX, usize::MAX))
                .any(|&(a, b, _, owner)| owner != id && within(s, &(a, b)))
        };
        out.retain(|(id, k)| !k.occurrences.iter().all(|s| held_by_other(s, *id)));
        let mut citations: Vec<(String, u32)> = Vec::new();
        for &(a, b, single) in &g.spans {
            let c = cite(a as usize, b as usize, single);
            match citations.iter_mut().find(|(x, _)| *x == c) {
                Some((_, n)) => *n += 1,
                None => citations.push((c, 1)),
            }
        }
        let mut text = String::new();
        let mut most = 0;
        for (c, k) in citations {
            if k > most {
                most = k;
                text = c;
            }
        }
        // A table phrase whose first word the analyser reads as a function word or a
        // verb (ولي "and to me", وتغير "and changed") keeps its clitics when cited:
        // the table's own writing of it is the citation then.
        if g.kind == Some(TermSource::Phrasebook) && !is_content(tokens[g.spans[0].0 as usize].pos) {
            text = g.lemma.to_string();
        }
        if composed(g) {
            let i = g.spans[0].0 as usize;
            let (a, b) = (&tokens[i], &tokens[i + 1]);
            let (ra, rb) = (reading(index, a, &mut lemma_senses), reading(index, b, &mut lemma_senses));
            // The adjective of a noun–adjective pair takes the sense phrases give it;
            // nouns keep theirs (السيارات stays "cars", not "auto" as in category names).
            let (ga, gb) = (ra.sense, if g.noun { rb.sense } else { phrase_sense(index, &rb) });
            g.english = Cow::Owned(if g.noun { format!("{ga} of {gb}") } else { format!("{gb} {ga}") });
            g.lemma = Cow::Owned(format!("{} {}", ra.lemma, rb.lemma).trim().to_string());
        }
        out.push((terms_taken, KeyTerm {
            text,
            lemma: std::mem::take(&mut g.lemma).into_owned(),
            english: std::mem::take(&mut g.english).into_owned(),
            count: g.occurrences.len() as u32,
            score: g.score as f32,
            occurrences: std::mem::take(&mut g.occurrences),
            source: g.kind.unwrap_or(TermSource::Word),
        }));
        terms_taken += 1;
    }
    out.into_iter().map(|(_, k)| k).collect()
}
