//! Features of a token in its sentence, as 32-bit hashes. The training tool and
//! the recogniser call the same code, so a model always sees features made the way
//! it was trained.
//!
//! A feature is a template number and a value; its id mixes the template into a
//! hash of the value ([`str_hash`]). The word and its core are hashed once per
//! word ([`TokInfo::norm_hash`], [`TokInfo::core_hash`]) and every feature made of
//! them, alone or in pairs with a neighbour, is a few arithmetic steps from those.
//!
//! Features do not depend on clitics being split off: each word is also seen with
//! its article and proclitics removed (والرقة → رقة) and looked up in the gazetteer
//! that way, so the model works on running text as well as on the clitic-split
//! training data.


use super::gazetteer::{GazKind, Gazetteer};
use super::lexical::{LexInfo, Lexical};
use super::model::{Model, Scores, NL};
use super::text::{proclitic_strips, strip_article, Kind};

/// Words that announce a person's name after them (title, role), in normal form
/// without the article.
const PER_CUES: &[&str] = &[
    "وزير", "وزيرة", "رئيس", "رئيسة", "جنرال", "لواء", "عقيد", "عميد", "باحث", "باحثة", "خبير", "كاتب", "كاتبة", "شيخ", "امام",
    "سيد", "سيدة", "دكتور", "متحدث", "ناطق", "ملك", "امير", "زعيم", "قائد", "مدرب", "لاعب", "نجم", "فنان", "فنانة", "مخرج",
    "ممثل", "ممثلة", "مغني", "مطرب", "مطربة", "مستشار", "نائب", "سفير", "مبعوث", "قاضي", "محامي", "بروفيسور", "مدير", "مديرة",
    "مراسل", "صحفي", "روائي", "شاعر", "عالم", "نظيره", "الاميركي", "السيد", "الرئيس", "المستشارة", "البابا", "الاسقف",
];

/// Words that head an organisation's name.
const ORG_CUES: &[&str] = &[
    "وكالة", "مركز", "شركة", "منظمة", "حزب", "جمعية", "مؤسسة", "جامعة", "وزارة", "هيئة", "مجلس", "اتحاد", "نادي", "نادى", "بنك",
    "مصرف", "صحيفة", "مجلة", "قناة", "اذاعة", "تنظيم", "جماعة", "حركة", "جبهة", "لجنة", "معهد", "مكتب", "محكمة", "جيش",
    "قيادة", "برلمان", "فريق", "منتخب", "مجموعة", "مصنع", "شبكة", "دار", "كلية", "مستشفي", "مستشفى", "صندوق", "رابطة",
];

/// Words that announce a place.
const LOC_CUES: &[&str] = &[
    "مدينة", "بلدة", "قرية", "محافظة", "ولاية", "منطقة", "اقليم", "عاصمة", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي",
    "نهر", "جبل", "بحر", "جزيرة", "دولة", "بلاد", "مخيم", "حي", "ريف", "سواحل", "خليج", "صحراء", "مطار", "ميناء", "شارع",
];

/// The cue class of a word (normal form, article removed), if it is a cue.
pub fn cue_class(core: &str) -> Option<&'static str> {
    static CUES: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static str>> = std::sync::OnceLock::new();
    let cues = CUES.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        // first listed wins: a word that is both a title and a head keeps "P"
        for (list, class) in [(LOC_CUES, "L"), (ORG_CUES, "O"), (PER_CUES, "P")] {
            for w in list {
                m.insert(*w, class);
            }
        }
        m
    });
    cues.get(core).copied()
}

/// One token as the feature extractor sees it.
#[derive(Debug, Clone, Copy)]
pub struct TokView<'a> {
    /// The word as written (what the word analyser reads).
    pub word: &'a str,
    /// Its normal form ([`super::text::normalize`]).
    pub norm: &'a str,
    pub kind: Kind,
}

/// What is known of a word by itself, before features: the same wherever it
/// occurs ([`word_info`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo<'a> {
    /// The word without article and proclitics when it has an article, else the word.
    pub core: &'a str,
    /// [`str_hash`] of the normal form and of `core`.
    pub norm_hash: u64,
    pub core_hash: u64,
    /// What came off before the core ("وال", "ال", "لل", ...), empty if nothing.
    pub clitic: &'a str,
    /// Gazetteer kinds (bit per [`GazKind`]) of the word as written or with its
    /// article removed.
    pub gaz: u16,
    /// Gazetteer kinds of the word with a one- or two-letter proclitic removed.
    pub gaz_strip: u16,
    /// The longest multiword gazetteer key starting with this word, in words.
    pub mw_first: u8,
    pub cue: Option<&'static str>,
    /// Known as a country, region or city of 100,000+ people.
    pub big_place: bool,
    /// Lexical features (hashed), when an analyser is given.
    pub lex: [u32; 3],
}

/// What a token's place in its sentence adds to its word's [`TokInfo`]
/// ([`sentence_context`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokContext {
    /// Multiword gazetteer match: bit per kind, begin and inside.
    pub mw_begin: u16,
    pub mw_inside: u16,
    /// An odd number of quote marks comes before the token in its sentence.
    pub in_quotes: bool,
}

/// A sentence as the features read it: each token's view and its word's facts.
/// The trainer keeps them per token ([`Tokens`]); the recogniser keeps them per
/// distinct word of the text and reads them through each token's word, so no
/// sentence is copied.
pub trait Sentence<'a> {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn view(&self, i: usize) -> &TokView<'a>;
    /// What the context features read of token `i`'s word.
    fn brief(&self, i: usize) -> WordBrief;
    /// `view(i).kind`, which the recogniser keeps a byte per token: every token's
    /// kind is asked, and most tokens' views are not needed otherwise.
    fn kind(&self, i: usize) -> Kind {
        self.view(i).kind
    }
}

/// What the features that join several words read of a word: its [`TokInfo`] in
/// brief, which the recogniser keeps beside each distinct word's scores (one
/// record to read per word of a token's window, not two).
#[derive(Debug, Clone, Copy, Default)]
pub struct WordBrief {
    pub core_hash: u64,
    pub gaz: u16,
    pub mw_first: u8,
    pub big_place: bool,
    /// The word has lexical features ([`TokInfo::lex`]).
    pub has_lex: bool,
    /// The word is و alone (the coordination cue).
    pub is_wa: bool,
}

impl WordBrief {
    pub fn new(view: &TokView, info: &TokInfo) -> WordBrief {
        WordBrief {
            core_hash: info.core_hash,
            gaz: info.gaz,
            mw_first: info.mw_first,
            big_place: info.big_place,
            has_lex: info.lex[0] != 0,
            is_wa: view.norm == "و",
        }
    }
}

/// A sentence's tokens with their words' facts, side by side.
pub struct Tokens<'s, 'a> {
    pub views: &'s [TokView<'a>],
    pub info: &'s [TokInfo<'a>],
}

impl<'a> Sentence<'a> for Tokens<'_, 'a> {
    #[inline]
    fn len(&self) -> usize {
        self.views.len()
    }
    #[inline]
    fn view(&self, i: usize) -> &TokView<'a> {
        &self.views[i]
    }
    #[inline]
    fn brief(&self, i: usize) -> WordBrief {
        WordBrief::new(&self.views[i], &self.info[i])
    }
}

/// The gazetteer kinds of `key`'s entries, a bit per kind (bit `kind as u16`, as
/// in [`TokInfo::gaz`]).
pub fn gaz_mask(gaz: &Gazetteer, key: &str) -> u16 {
    gaz.facts(key).kinds
}

/// [`gaz_mask`] of each of `forms`, together.
pub fn forms_mask(gaz: &Gazetteer, forms: &[&str]) -> u16 {
    forms.iter().fold(0, |m, f| m | gaz_mask(gaz, f))
}

/// The forms under which a word is looked up in the gazetteer: as written, and
/// without its article and any proclitics before it (والعراق → عراق). The
/// gazetteer holds every key with an article also without it (see
/// [`Gazetteer::from_bytes`]), so these two forms meet both.
#[derive(Debug, Clone, Copy)]
pub struct Forms<'a> {
    forms: [&'a str; 2],
    len: usize,
}

impl<'a> Forms<'a> {
    pub fn as_slice(&self) -> &[&'a str] {
        &self.forms[..self.len]
    }
    pub fn iter(&self) -> std::slice::Iter<'_, &'a str> {
        self.as_slice().iter()
    }
}

impl<'a> IntoIterator for Forms<'a> {
    type Item = &'a str;
    type IntoIter = std::iter::Take<std::array::IntoIter<&'a str, 2>>;
    fn into_iter(self) -> Self::IntoIter {
        self.forms.into_iter().take(self.len)
    }
}

/// See [`Forms`].
pub fn lookup_forms(norm: &str) -> Forms<'_> {
    match strip_article(norm) {
        Some((_, core)) => Forms { forms: [norm, core], len: 2 },
        None => Forms { forms: [norm, ""], len: 1 },
    }
}

/// What the feature extractor needs of one word on its own, wherever it occurs
/// (what depends on the sentence is in [`TokContext`]). The recogniser computes
/// it once per distinct word of a text.
pub fn word_info<'a>(t: &TokView<'a>, gaz: &Gazetteer, lex: Option<&dyn Lexical>) -> TokInfo<'a> {
    word_info_with(t, gaz, || lex.map(|l| l.lex_info(t.word)))
}

/// [`word_info`] with the word's lexical facts from `facts` (asked only of
/// Arabic words; `None` when there is no analyser).
#[inline]
pub fn word_info_with<'a, 'l>(t: &TokView<'a>, gaz: &Gazetteer, facts: impl FnOnce() -> Option<LexInfo<'l>>) -> TokInfo<'a> {
    if t.kind != Kind::Arabic {
        let norm_hash = str_hash(t.norm);
        return TokInfo { core: t.norm, norm_hash, core_hash: norm_hash, ..TokInfo::default() };
    }
    let (core, clitic) = match strip_article(t.norm) {
        Some((_, core)) => (core, &t.norm[..t.norm.len() - core.len()]),
        None => (t.norm, ""),
    };
    let mut g = 0u16;
    let mut big_place = false;
    let mut mw_first = 0usize;
    // the forms of `lookup_forms`, from the article already found
    let forms = [t.norm, core];
    for &f in &forms[..if clitic.is_empty() { 1 } else { 2 }] {
        let facts = gaz.facts(f);
        g |= facts.kinds;
        big_place |= facts.big_place;
        mw_first = mw_first.max(facts.longest as usize);
    }
    let mut gs = 0u16;
    if clitic.is_empty() {
        for (_, s) in proclitic_strips(t.norm) {
            gs |= gaz_mask(gaz, s);
            if let Some((_, c)) = strip_article(s) {
                gs |= gaz_mask(gaz, c);
            }
        }
    }
    let cue = cue_class(core).or_else(|| cue_class(t.norm));
    let mut lexf = [0u32; 3];
    if let Some(li) = facts() {
        lexf[0] = h(40, if li.known { "k" } else { "u" });
        lexf[1] = h(41, li.pos.unwrap_or("-"));
        lexf[2] = h(42, if li.proper { "p" } else { "-" });
    }
    TokInfo {
        core,
        norm_hash: str_hash(t.norm),
        core_hash: str_hash(core),
        clitic,
        gaz: g,
        gaz_strip: gs,
        mw_first: mw_first.min(u8::MAX as usize) as u8,
        cue,
        big_place,
        lex: lexf,
    }
}

/// What each token's place in its sentence adds: quotes, and multiword gazetteer
/// matches (longest first from each start). Fills `out`, one per token.
pub fn sentence_context<'a>(s: &impl Sentence<'a>, gaz: &Gazetteer, out: &mut Vec<TokContext>) {
    let n = s.len();
    out.clear();
    let mut quotes = 0;
    for i in 0..n {
        out.push(TokContext { in_quotes: quotes % 2 == 1, ..TokContext::default() });
        if s.kind(i) == Kind::Quote {
            quotes += 1;
        }
    }
    let mut i = 0;
    // one buffer for every key tried (about one word in six starts some multiword key)
    let mut key = String::new();
    while i < n {
        let mut matched = 0;
        if s.brief(i).mw_first >= 2 && s.kind(i) == Kind::Arabic {
            // keys are made of Arabic words; the form as written wins a tie
            let most = s.brief(i).mw_first as usize;
            let forms = lookup_forms(s.view(i).norm).into_iter().map(|f| (f, most));
            let word = |k: usize| (i + k < n && s.kind(i + k) == Kind::Arabic).then(|| s.view(i + k).norm);
            if let Some((len, m)) = gaz.longest_key(forms, word, |_, facts| (facts.kinds != 0).then_some(facts.kinds), &mut key) {
                out[i].mw_begin |= m;
                for o in &mut out[i + 1..i + len] {
                    o.mw_inside |= m;
                }
                matched = len;
            }
        }
        i += matched.max(1);
    }
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A hash of a string, eight bytes (little-endian, the last word padded with
/// zeros) at a step: the words here are short, one or two steps. A `const fn`, so
/// the features of fixed strings (the sentence boundary, gazetteer kinds) are
/// worked out when compiling.
#[inline]
pub const fn str_hash(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut x = (bytes.len() as u64).wrapping_mul(K);
    let mut at = 0;
    while at < bytes.len() {
        let mut word = 0u64;
        let mut k = 0;
        while k < 8 && at + k < bytes.len() {
            word |= (bytes[at + k] as u64) << (8 * k);
            k += 1;
        }
        x = (x.rotate_left(5) ^ word).wrapping_mul(K);
        at += 8;
    }
    x
}

/// Mixes the bits of `x` well into 32 (the finaliser of MurmurHash3's 64-bit hash).
#[inline]
const fn finish(mut x: u64) -> u32 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^= x >> 33;
    x as u32
}

/// The id of the feature of template `template` whose value hashes to `value`.
#[inline]
const fn feature(template: u8, value: u64) -> u32 {
    finish(value ^ (template as u64 + 1).wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
}

/// The id of a feature whose value is the pair (a, b), in that order.
#[inline]
const fn pair_feature(template: u8, a: u64, b: u64) -> u32 {
    feature(template, a.wrapping_mul(K).rotate_left(31) ^ b)
}

/// The id of the feature of template `template` with value `s`.
#[inline]
const fn h(template: u8, s: &str) -> u32 {
    feature(template, str_hash(s))
}

const fn shape(k: Kind) -> &'static str {
    match k {
        Kind::Arabic => "A",
        Kind::Latin => "L",
        Kind::Digit => "D",
        Kind::Quote => "Q",
        Kind::End => "E",
        Kind::Punct => "P",
    }
}

/// The kinds of token in [`shape`] order, for tables by kind.
const KINDS: [Kind; 6] = [Kind::Arabic, Kind::Latin, Kind::Digit, Kind::Quote, Kind::End, Kind::Punct];

/// [`str_hash`] of the shape of each kind of token (at `kind as usize`), and of
/// the sentence boundary, "B", last.
const SHAPE_HASHES: [u64; 7] = {
    let mut out = [str_hash("B"); 7];
    let mut k = 0;
    while k < KINDS.len() {
        out[KINDS[k] as usize] = str_hash(shape(KINDS[k]));
        k += 1;
    }
    out
};

/// [`str_hash`] of each gazetteer kind's tag ([`GazKind::tag`]), by kind number.
const KIND_HASHES: [u64; GazKind::COUNT] = {
    let mut out = [0; GazKind::COUNT];
    let mut k = 0;
    while k < GazKind::COUNT {
        out[k] = match GazKind::from_u8(k as u8) {
            Some(kind) => str_hash(kind.tag()),
            None => 0,
        };
        k += 1;
    }
    out
};

/// The hashed tags of the gazetteer kinds in `mask`.
fn kinds(mask: u16) -> impl Iterator<Item = u64> {
    kind_bits(mask).map(|b| KIND_HASHES[b])
}

/// The gazetteer kinds (bit numbers) in `mask`.
#[inline]
fn kind_bits(mask: u16) -> impl Iterator<Item = usize> {
    // most words are in no gazetteer: skip the loop then
    (0..if mask == 0 { 0 } else { GazKind::COUNT }).filter(move |b| mask & (1 << b) != 0)
}

/// Where a word stands relative to the token whose features are made. A token's
/// features are the sum of its own word's, its neighbours' (each in its place) and
/// those of the sentence around it ([`context_features`]); the recogniser caches
/// the word parts per distinct word of a text, the trainer calls
/// [`token_features`], and both get the same features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The token itself.
    Own = 0,
    /// One before; `Prev` features are made whatever the token is.
    Prev,
    /// One before, made only when the token itself has lexical features.
    PrevLex,
    Next,
    NextLex,
    /// Two before.
    Prev2,
    Next2,
}

/// All the places, each at the index of its discriminant.
pub const PLACES: [Place; 7] = [Place::Own, Place::Prev, Place::PrevLex, Place::Next, Place::NextLex, Place::Prev2, Place::Next2];

impl Place {
    /// Where the word stands, in tokens from the token whose features are made.
    #[inline]
    pub fn offset(self) -> isize {
        match self {
            Place::Own => 0,
            Place::Prev | Place::PrevLex => -1,
            Place::Next | Place::NextLex => 1,
            Place::Prev2 => -2,
            Place::Next2 => 2,
        }
    }

    /// True when the place gives features to a token with (`has_lex`) or without
    /// lexical features of its own.
    #[inline]
    pub fn applies(self, has_lex: bool) -> bool {
        has_lex || !matches!(self, Place::PrevLex | Place::NextLex)
    }
}

/// Features a word gives the token at `place` relative to it. `None` is the
/// sentence boundary (before the first or after the last token). They are those
/// of its letters ([`letter_features`]) and of its class ([`class_features`]).
pub fn word_features(place: Place, word: Option<(&TokView, &TokInfo)>, out: &mut Vec<u32>) {
    letter_features(place, word, out);
    if let Some((t, inf)) = word {
        class_features(place, &word_class(t, inf), out);
    }
}

/// What a word's features know of it besides its letters. Many words share a
/// class (most are unlisted, uncued, of a handful of lengths and analyses), so
/// the recogniser sums a class's scores once per text ([`class_features`] sees
/// nothing else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordClass<'a> {
    shape: &'static str,
    /// Letters of the core, up to 8.
    core_len: u8,
    clitic: &'a str,
    gaz: u16,
    gaz_strip: u16,
    cue: Option<&'static str>,
    lex: [u32; 3],
    big_place: bool,
}

impl WordClass<'_> {
    /// The class with its clitic apart, and the clitic: a key that outlives the
    /// text with the clitic kept apart (see [`ClassRows`](super::words::ClassRows)).
    pub fn apart(&self) -> (WordClass<'static>, &str) {
        (WordClass { clitic: "", ..*self }, self.clitic)
    }
}

/// The class of a word.
pub fn word_class<'a>(t: &TokView, inf: &TokInfo<'a>) -> WordClass<'a> {
    WordClass {
        shape: shape(t.kind),
        core_len: inf.core.chars().take(8).count() as u8,
        clitic: inf.clitic,
        gaz: inf.gaz,
        gaz_strip: inf.gaz_strip,
        cue: inf.cue,
        lex: inf.lex,
        big_place: inf.big_place,
    }
}

/// The features of a word's letters (its forms and affixes) at `place`, and
/// those of the sentence boundary.
pub fn letter_features(place: Place, word: Option<(&TokView, &TokInfo)>, out: &mut Vec<u32>) {
    match (place, word) {
        (Place::Own, Some((_, inf))) => own_letter_features(inf, out),
        (Place::Own, None) => {}
        (Place::Prev, Some((_, inf))) => {
            out.push(feature(14, inf.norm_hash));
            out.push(feature(16, inf.core_hash));
        }
        (Place::Prev, None) => {
            out.push(const { h(14, "<s>") });
            out.push(const { h(16, "<s>") });
        }
        (Place::Next, Some((_, inf))) => {
            out.push(feature(15, inf.norm_hash));
            out.push(feature(17, inf.core_hash));
        }
        (Place::Next, None) => {
            out.push(const { h(15, "</s>") });
            out.push(const { h(17, "</s>") });
        }
        (Place::PrevLex | Place::NextLex, _) => {}
        (Place::Prev2, Some((_, inf))) => out.push(feature(18, inf.core_hash)),
        (Place::Prev2, None) => out.push(const { h(18, "<s>") }),
        (Place::Next2, Some((_, inf))) => out.push(feature(19, inf.core_hash)),
        (Place::Next2, None) => out.push(const { h(19, "</s>") }),
    }
}

/// The features a word of class `class` gives at `place`.
pub fn class_features(place: Place, class: &WordClass, out: &mut Vec<u32>) {
    match place {
        Place::Own => own_class_features(class, out),
        Place::Prev => {
            if let Some(cue) = class.cue {
                out.push(h(30, cue));
            }
        }
        Place::PrevLex => {
            out.push(class.lex[0].rotate_left(7) ^ const { h(44, "") });
            out.push(class.lex[2].rotate_left(7) ^ const { h(44, "") });
        }
        Place::NextLex => {
            out.push(class.lex[0].rotate_left(13) ^ const { h(45, "") });
            out.push(class.lex[2].rotate_left(13) ^ const { h(45, "") });
        }
        Place::Prev2 => {
            if let Some(cue) = class.cue {
                out.push(h(31, cue));
            }
        }
        Place::Next | Place::Next2 => {}
    }
}

/// Features of a word's own letters: its forms and affixes.
fn own_letter_features(inf: &TokInfo, out: &mut Vec<u32>) {
    out.push(feature(1, inf.norm_hash));
    out.push(feature(2, inf.core_hash));
    // affixes of 1..3 letters, as slices of the core (no allocation)
    let core = inf.core;
    let mut bounds = [0usize; 4];
    let mut len = 0;
    for (b, _) in core.char_indices() {
        if len < 4 {
            bounds[len] = b;
        }
        len += 1;
    }
    let mut tail = [core.len(); 4];
    for (k, (b, _)) in core.char_indices().rev().take(3).enumerate() {
        tail[k + 1] = b;
    }
    for k in 1..=3 {
        if len > k {
            out.push(h(5 + k as u8, &core[..bounds[k]]));
            out.push(h(9 + k as u8, &core[tail[k]..]));
        }
    }
}

/// Features of a word's own class.
fn own_class_features(class: &WordClass, out: &mut Vec<u32>) {
    out.push(const { h(0, "") });
    let clitic = str_hash(class.clitic);
    out.push(feature(3, clitic));
    out.push(h(4, class.shape));
    const LENS: [u64; 9] = {
        let digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];
        let mut out = [0; 9];
        let mut k = 0;
        while k < 9 {
            out[k] = str_hash(digits[k]);
            k += 1;
        }
        out
    };
    out.push(feature(13, LENS[class.core_len as usize]));
    for g in kinds(class.gaz) {
        out.push(feature(23, g));
        out.push(pair_feature(24, g, clitic));
    }
    for g in kinds(class.gaz_strip) {
        out.push(feature(25, g));
    }
    if let Some(cue) = class.cue {
        out.push(h(32, cue));
    }
    if class.lex[0] != 0 {
        out.extend_from_slice(&class.lex);
        out.push(class.lex[0] ^ h(43, class.shape));
    }
    if class.big_place {
        out.push(const { h(35, "") });
        out.push(feature(36, clitic));
    }
}

/// A context feature whose values are few (shapes, gazetteer kinds, quotes,
/// coordination): the recogniser has the scores of each summed once per model
/// ([`ContextRows`]) rather than looking them up for every token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Few {
    /// The shapes of the tokens before and after ([`SHAPE_HASHES`] indices).
    Shapes(usize, usize),
    /// A gazetteer kind (bit number) of a multiword match beginning at the token
    /// (template 26), inside one (27), of the token before (28) or after (29).
    Kind(u8, usize),
    /// "X و Y" with X a known place.
    Coordination,
    InQuotes,
    /// Just after a quote mark; the shape of the token after.
    AfterQuote(usize),
}

impl Few {
    const SHAPES: usize = SHAPE_HASHES.len();
    /// The number of values, for [`Few::index`].
    const COUNT: usize = Self::SHAPES * Self::SHAPES + 4 * GazKind::COUNT + 2 + Self::SHAPES;

    fn feature(self) -> u32 {
        match self {
            Few::Shapes(a, b) => pair_feature(22, SHAPE_HASHES[a], SHAPE_HASHES[b]),
            Few::Kind(template, k) => feature(template, KIND_HASHES[k]),
            Few::Coordination => const { h(37, "") },
            Few::InQuotes => const { h(33, "in") },
            Few::AfterQuote(b) => feature(34, SHAPE_HASHES[b]),
        }
    }

    /// A number of its own below [`Few::COUNT`].
    #[inline]
    fn index(self) -> usize {
        const KINDS_AT: usize = Few::SHAPES * Few::SHAPES;
        match self {
            Few::Shapes(a, b) => a * Self::SHAPES + b,
            Few::Kind(template, k) => KINDS_AT + (template - 26) as usize * GazKind::COUNT + k,
            Few::Coordination => KINDS_AT + 4 * GazKind::COUNT,
            Few::InQuotes => KINDS_AT + 4 * GazKind::COUNT + 1,
            Few::AfterQuote(b) => KINDS_AT + 4 * GazKind::COUNT + 2 + b,
        }
    }

    fn all() -> impl Iterator<Item = Few> {
        let shapes = (0..Self::SHAPES).flat_map(|a| (0..Self::SHAPES).map(move |b| Few::Shapes(a, b)));
        let kinds = (26..=29).flat_map(|t| (0..GazKind::COUNT).map(move |k| Few::Kind(t, k)));
        let quotes = (0..Self::SHAPES).map(Few::AfterQuote);
        shapes.chain(kinds).chain([Few::Coordination, Few::InQuotes]).chain(quotes)
    }
}

/// The scores of every context feature with few values (the shapes around a
/// token, gazetteer kinds, quotes, coordination), summed once per model.
#[derive(Debug, Clone)]
pub struct ContextRows(Vec<Scores>);

impl ContextRows {
    pub fn new(model: &Model) -> ContextRows {
        let mut rows = vec![[0; NL]; Few::COUNT];
        for few in Few::all() {
            model.add_scores(&[few.feature()], &mut rows[few.index()]);
        }
        ContextRows(rows)
    }
}

/// Features of token `i` that depend on the words around it together: word
/// pairs, shapes around it, multiword and neighbouring gazetteer matches, quotes,
/// coordination.
pub fn context_features<'a>(s: &impl Sentence<'a>, ctx: &[TokContext], i: usize, out: &mut Vec<u32>) {
    context_parts(s, ctx, i, |part| {
        out.push(match part {
            Part::Pair(f) => f,
            Part::Few(few) => few.feature(),
        })
    });
}

/// Adds the scores of [`context_features`] to `acc`, those of few values from
/// `rows`; the word pairs, which are looked up, go to `pairs` with `k`, for
/// [`Model::add_scores_to`].
#[inline]
pub fn add_context_scores<'a>(s: &impl Sentence<'a>, ctx: &[TokContext], i: usize, rows: &ContextRows, acc: &mut Scores, pairs: &mut Vec<(u32, u16)>, k: u16) {
    context_parts(s, ctx, i, |part| match part {
        Part::Pair(f) => pairs.push((f, k)),
        Part::Few(few) => super::words::add(acc, &rows.0[few.index()]),
    });
}

/// A feature of [`context_parts`].
enum Part {
    /// A word pair's, looked up.
    Pair(u32),
    Few(Few),
}

/// [`context_features`], each handed to `emit`.
#[inline(always)]
fn context_parts<'a>(s: &impl Sentence<'a>, ctx: &[TokContext], i: usize, mut emit: impl FnMut(Part)) {
    let n = s.len();
    let core_hash = s.brief(i).core_hash;
    let c = |j: isize| -> u64 {
        let k = i as isize + j;
        if k < 0 {
            const { str_hash("<s>") }
        } else if k as usize >= n {
            const { str_hash("</s>") }
        } else {
            s.brief(k as usize).core_hash
        }
    };
    emit(Part::Pair(pair_feature(20, c(-1), core_hash)));
    emit(Part::Pair(pair_feature(21, core_hash, c(1))));
    // the shapes around: index into SHAPE_HASHES
    let sh = |j: isize| -> usize {
        let k = i as isize + j;
        if k < 0 || k as usize >= n {
            KINDS.len()
        } else {
            s.kind(k as usize) as usize
        }
    };
    emit(Part::Few(Few::Shapes(sh(-1), sh(1))));
    for g in kind_bits(ctx[i].mw_begin) {
        emit(Part::Few(Few::Kind(26, g)));
    }
    for g in kind_bits(ctx[i].mw_inside) {
        emit(Part::Few(Few::Kind(27, g)));
    }
    let listed = |k: usize| s.brief(k).gaz | ctx[k].mw_begin | ctx[k].mw_inside;
    if i > 0 {
        for g in kind_bits(listed(i - 1)) {
            emit(Part::Few(Few::Kind(28, g)));
        }
    }
    if i + 1 < n {
        for g in kind_bits(listed(i + 1)) {
            emit(Part::Few(Few::Kind(29, g)));
        }
    }
    // coordination: "X و Y" / "X وY" with X a known place
    if i > 1 && s.brief(i - 1).is_wa && s.brief(i - 2).big_place {
        emit(Part::Few(Few::Coordination));
    }
    // quotes: just after an opening quote, inside quotes
    if ctx[i].in_quotes {
        emit(Part::Few(Few::InQuotes));
    }
    if i > 0 && s.kind(i - 1) == Kind::Quote {
        emit(Part::Few(Few::AfterQuote(sh(1))));
    }
}

/// The word at offset `j` from token `i`, or `None` past the sentence's ends.
fn at<'s, 'a>(toks: &'s [TokView<'a>], info: &'s [TokInfo<'a>], i: usize, j: isize) -> Option<(&'s TokView<'a>, &'s TokInfo<'a>)> {
    let k = i as isize + j;
    (k >= 0 && (k as usize) < toks.len()).then(|| (&toks[k as usize], &info[k as usize]))
}

/// Appends the feature hashes of token `i` to `out`.
pub fn token_features(toks: &[TokView], info: &[TokInfo], ctx: &[TokContext], i: usize, out: &mut Vec<u32>) {
    let has_lex = info[i].lex[0] != 0;
    for place in PLACES.into_iter().filter(|p| p.applies(has_lex)) {
        word_features(place, at(toks, info, i, place.offset()), out);
    }
    context_features(&Tokens { views: toks, info }, ctx, i, out);
}

/// Features of every token of a sentence: `offsets[i]..offsets[i+1]` index `feats`.
pub fn sentence_features(
    toks: &[TokView],
    gaz: &Gazetteer,
    lex: Option<&dyn Lexical>,
    feats: &mut Vec<u32>,
    offsets: &mut Vec<usize>,
) {
    let info: Vec<TokInfo> = toks.iter().map(|t| word_info(t, gaz, lex)).collect();
    let mut ctx = Vec::new();
    sentence_context(
        &Tokens {
            views: toks,
            info: &info,
        },
        gaz,
        &mut ctx,
    );
    feats.clear();
    offsets.clear();
    offsets.push(0);
    for i in 0..toks.len() {
        token_features(toks, &info, &ctx, i, feats);
        offsets.push(feats.len());
    }
}

#[cfg(test)]
mod tests {
    use super::Few;

    #[test]
    fn each_few_valued_context_feature_has_a_row_of_its_own() {
        // `ContextRows` keeps a row at each `Few::index`: the indices must be
        // distinct and in range, and distinct values distinct features
        let all: Vec<Few> = Few::all().collect();
        assert_eq!(all.len(), Few::COUNT);
        let mut seen = vec![false; Few::COUNT];
        for few in &all {
            assert!(!std::mem::replace(&mut seen[few.index()], true), "{few:?}");
        }
        let mut feats: Vec<u32> = all.iter().map(|f| f.feature()).collect();
        feats.sort_unstable();
        feats.dedup();
        assert_eq!(feats.len(), Few::COUNT);
    }
}
