//! The distinct words of a text, each looked at once.
//!
//! A news article repeats its words: the newswire corpus has about four tokens
//! per distinct word. What the model needs of a word by itself (its gazetteer
//! kinds, clitics, lexical facts, and the scores its features give the token it is
//! on or next to) is the same at every occurrence, so it is worked out once per
//! distinct word here; per token only the features that join several words
//! ([`features::context_features`]) are looked up. What a word's features know
//! besides its letters (its [`features::WordClass`]) is shared by many words, so
//! those scores are summed once per class, and kept across texts
//! ([`ClassRows`]). Per token, the features with few values (shapes, quotes,
//! gazetteer kinds) come from rows summed once per model
//! ([`features::ContextRows`]) and only word pairs are looked up, a sentence's
//! together ([`Model::add_scores_to`]). The sums are of integers, so
//! the scores are exactly those of [`features::token_features`], which the trainer
//! uses (a test checks it).

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::features::{self, Place, TokInfo, TokView, WordBrief, WordClass, PLACES};
use super::gazetteer::Gazetteer;
use super::lexical::{Lexical, Precomputed};
use super::model::{Model, Scores, NL};
use super::text::{Kind, Tok};

/// The places other than [`Place::Own`], in [`PLACES`] order: the rows a word
/// gives its neighbours.
const NEAR: usize = PLACES.len() - 1;

/// The scores a word gives its neighbours, a row per place of [`NEAR`] order
/// ([`PLACES`] without `Own`).
type NearRows = [Scores; NEAR];

/// The scores of each word class a model has met ([`features::class_features`]),
/// kept across texts. They depend on the model alone, and an article has about
/// as many classes as it has distinct words of its own (120 in the seed
/// article's 263): summed afresh for every text they were a third of the
/// feature lookups of a short one. Behind a lock, so a recogniser can be shared
/// between threads; bounded, so it cannot grow without end.
#[derive(Default)]
pub struct ClassRows(Mutex<Kept>);

/// What [`ClassRows`] keeps: the rows of each class, keyed by the class with
/// its clitic apart ([`WordClass::apart`]) and the clitic's number in
/// `clitics` (a few dozen strings: looking one up there allocates nothing,
/// where owning it in every key allocated for every look-up).
#[derive(Default)]
struct Kept {
    clitics: Vec<Box<str>>,
    rows: FxHashMap<(WordClass<'static>, u32), (Scores, NearRows)>,
}

/// [`ClassRows`] locked for one text.
struct KeptRows<'c>(std::sync::MutexGuard<'c, Kept>);

impl ClassRows {
    /// Most classes kept; past it the rows are forgotten and summed again.
    const MAX: usize = 1 << 14;

    /// The rows, locked for the words of one text (a panic elsewhere while the
    /// lock was held leaves the rows as they were).
    fn lock(&self) -> KeptRows<'_> {
        KeptRows(self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl KeptRows<'_> {
    /// The rows of `class`, from `sum` when they are not kept yet.
    fn get(&mut self, class: &WordClass, sum: impl FnOnce() -> (Scores, NearRows)) -> (Scores, NearRows) {
        let (bare, clitic) = class.apart();
        let kept = &mut *self.0;
        // a new clitic comes with a new class: the clitics are bounded with the rows
        if kept.rows.len() >= ClassRows::MAX {
            kept.rows.clear();
            kept.clitics.clear();
        }
        let clitic = match kept.clitics.iter().position(|c| **c == *clitic) {
            Some(k) => k as u32,
            None => {
                kept.clitics.push(clitic.into());
                kept.clitics.len() as u32 - 1
            }
        };
        *kept.rows.entry((bare, clitic)).or_insert_with(sum)
    }
}

/// What label_words reads of a distinct word for each token whose window it is in.
#[derive(Clone, Copy)]
struct Word {
    /// The scores it gives the token it is on ([`Place::Own`]).
    own: Scores,
    /// Where in [`TextWords::near`] its rows for its neighbours are.
    near: u32,
}

/// The distinct words of a tokenised text.
pub struct TextWords<'t> {
    /// The distinct word of each token (an index into `views` and `info`).
    pub ids: Vec<u32>,
    /// Each token's kind, a byte per token: the passes that only ask what a token
    /// is read this rather than the tokens themselves (a tenth of the memory).
    pub kinds: Vec<Kind>,
    /// Each distinct word as the feature extractor sees it.
    pub views: Vec<TokView<'t>>,
    /// What is known of each distinct word by itself ([`features::word_info`]).
    pub info: Vec<TokInfo<'t>>,
    /// What each distinct word gives the token it is on, and where its rows for
    /// its neighbours are; last, at [`TextWords::boundary`], the sentence
    /// boundary's.
    own: Vec<Word>,
    /// Each distinct word's [`WordBrief`] (then the boundary's), apart from its
    /// rows: the passes over a sentence's context read these alone, and 16
    /// bytes a word stay in the cache where 72 did not.
    briefs: Vec<WordBrief>,
    /// Rows for the neighbours. Most words' letters give their neighbours
    /// nothing (the model knows four words in five only as the token itself),
    /// so their rows are their class's, shared: a word's record is a fifth of
    /// what it would be with every row its own, and the rows that tokens read
    /// most stay in the cache.
    near: Vec<NearRows>,
}

impl<'t> TextWords<'t> {
    /// Interns the tokens' words and works out each distinct word's facts and
    /// scores.
    /// `classes` must hold rows of `model`'s.
    pub fn new(text: &'t str, toks: &'t [Tok], gaz: &Gazetteer, lex: Option<&dyn Lexical>, model: &Model, classes: &ClassRows) -> TextWords<'t> {
        let kinds = toks.iter().map(|t| t.kind).collect();
        let read = lex.and_then(|l| l.precomputed());
        let (ids, views, read_as) = intern(text, toks, read);
        // the facts of the words the caller read are at hand; others' are looked up
        let info: Vec<TokInfo> = views
            .iter()
            .zip(&read_as)
            .map(|(v, &at)| match (read, at) {
                (Some(read), Some(at)) => features::word_info_with(v, gaz, || Some(read.facts(at, v.word))),
                _ => features::word_info(v, gaz, lex),
            })
            .collect();
        let mut buf = PlacedFeatures::default();
        // a word's scores at each place: those of its letters, plus those of its
        // class, summed once per class (its own row, and where its neighbour rows
        // are in `near`)
        let mut near: Vec<NearRows> = Vec::new();
        let mut class_scores: FxHashMap<WordClass, (Scores, u32)> = FxHashMap::default();
        let mut kept = classes.lock();
        let mut own = Vec::with_capacity(views.len() + 1);
        let mut briefs = Vec::with_capacity(views.len() + 1);
        for (t, inf) in views.iter().zip(&info) {
            let class = features::word_class(t, inf);
            let (mut own_row, class_near) = *class_scores.entry(class).or_insert_with(|| {
                let (own_row, rows) = kept.get(&class, || buf.rows(model, |place, f| features::class_features(place, &class, f)));
                near.push(with_lex(rows));
                (own_row, (near.len() - 1) as u32)
            });
            let (letters_own, letters) = buf.rows(model, |place, f| features::letter_features(place, Some((t, inf)), f));
            add(&mut own_row, &letters_own);
            let word_near = if letters == [[0; NL]; NEAR] {
                class_near
            } else {
                let mut rows = near[class_near as usize];
                for (row, letter) in rows.iter_mut().zip(&with_lex(letters)) {
                    add(row, letter);
                }
                near.push(rows);
                (near.len() - 1) as u32
            };
            own.push(Word { own: own_row, near: word_near });
            briefs.push(WordBrief::new(t, inf));
        }
        // the boundary gives the token it is on nothing (there is none)
        let (boundary_own, boundary) = buf.rows(model, |place, f| features::word_features(place, None, f));
        near.push(with_lex(boundary));
        own.push(Word { own: boundary_own, near: (near.len() - 1) as u32 });
        briefs.push(WordBrief::default());
        TextWords { ids, kinds, views, info, own, briefs, near }
    }

    /// The sentence of tokens `a..b`.
    pub fn sentence(&self, a: usize, b: usize) -> WordSentence<'_, 't> {
        WordSentence { ids: &self.ids[a..b], kinds: &self.kinds[a..b], words: self }
    }

    /// The number that stands for the sentence boundary in [`TextWords::own`] and
    /// [`TextWords::near`].
    pub fn boundary(&self) -> u32 {
        self.views.len() as u32
    }

    /// Asks the processor to fetch the rows word `id` gives its neighbours, which
    /// the tokens around it read soon: a text's rarer words are not in the cache,
    /// and fetched ahead they arrive while other tokens are summed. (A hint only:
    /// nothing changes where there is no such instruction, as in WebAssembly.)
    #[inline]
    pub fn prefetch_near(&self, id: u32) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            let rows = &self.near[self.own[id as usize].near as usize];
            let start = rows.as_ptr() as *const i8;
            for line in (0..std::mem::size_of::<NearRows>()).step_by(64) {
                // SAFETY: a prefetch reads nothing; the address is inside `rows`.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(line)) };
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = id;
    }

    /// The scores word `id` gives the token it is on.
    #[inline]
    pub fn own(&self, id: u32) -> &Scores {
        &self.own[id as usize].own
    }

    /// The scores word `id` (or the [`TextWords::boundary`]) gives the token it
    /// stands at `place` from; `place` is not [`Place::Own`]. At
    /// [`Place::PrevLex`] and [`Place::NextLex`] they are those of the token with
    /// lexical features, so with [`Place::Prev`]'s and [`Place::Next`]'s in them:
    /// one row to add for each of those neighbours rather than two.
    #[inline]
    pub fn near(&self, id: u32, place: Place) -> &Scores {
        &self.near[self.own[id as usize].near as usize][place as usize - 1]
    }
}

/// A sentence of a text, read through its tokens' distinct words
/// ([`TextWords::sentence`]).
pub struct WordSentence<'s, 't> {
    ids: &'s [u32],
    kinds: &'s [Kind],
    words: &'s TextWords<'t>,
}

impl<'t> features::Sentence<'t> for WordSentence<'_, 't> {
    #[inline]
    fn len(&self) -> usize {
        self.ids.len()
    }
    #[inline]
    fn view(&self, i: usize) -> &TokView<'t> {
        &self.words.views[self.ids[i] as usize]
    }
    #[inline]
    fn brief(&self, i: usize) -> WordBrief {
        self.words.briefs[self.ids[i] as usize]
    }
    #[inline]
    fn kind(&self, i: usize) -> Kind {
        self.kinds[i]
    }
}

/// Room for the features of a word at every place, reused from word to word.
#[derive(Default)]
struct PlacedFeatures {
    feats: Vec<u32>,
    /// Each feature with its place's index in [`PLACES`].
    placed: Vec<(u32, u16)>,
}

impl PlacedFeatures {
    /// The scores of the features `feats_at` gives at each place, looked up
    /// together: the [`Place::Own`] row and the rows for the neighbours.
    fn rows(&mut self, model: &Model, mut feats_at: impl FnMut(Place, &mut Vec<u32>)) -> (Scores, NearRows) {
        self.placed.clear();
        for (k, place) in PLACES.into_iter().enumerate() {
            self.feats.clear();
            feats_at(place, &mut self.feats);
            self.placed.extend(self.feats.iter().map(|&f| (f, k as u16)));
        }
        let mut rows = [[0; NL]; PLACES.len()];
        model.add_scores_to(&self.placed, &mut rows);
        (rows[0], std::array::from_fn(|k| rows[k + 1]))
    }
}

/// Each token's distinct word, the distinct words in order of first occurrence,
/// and where each is in `read` (the caller's reading of the text, if any).
///
/// The caller read the same tokens ([`crate::tokenize::tokenize`]), so it names
/// each Arabic token's word by the token's place, without hashing its letters
/// again. Other words are keyed by their letters (as written, which the analyser
/// reads; line breaks are empty there, and their normal form stands in), first
/// in `read`, so a word has one number whichever way its tokens find it.
fn intern<'t>(text: &'t str, toks: &'t [Tok], read: Option<&Precomputed>) -> (Vec<u32>, Vec<TokView<'t>>, Vec<Option<u32>>) {
    // about four tokens per distinct word in news
    let mut views = Vec::with_capacity(toks.len() / 3);
    let mut read_as = Vec::with_capacity(toks.len() / 3);
    // the words not in `read`, and the number of each word `read` has
    let mut by_word: FxHashMap<&'t str, u32> = FxHashMap::default();
    let mut by_read = vec![u32::MAX; read.map_or(0, |r| r.len())];
    let read_words: &[u32] = read.map_or(&[], |r| r.token_words());
    let ids = toks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let word = t.text(text);
            // what the caller read are Arabic words; a word's kind is its first letter's
            let found = read.filter(|_| t.kind == Kind::Arabic).and_then(|r| match read_words.get(i) {
                Some(&at) if at != u32::MAX => Some(at),
                _ => r.get(word),
            });
            // a caller's token naming no word it gave counts as not read
            let found = found.filter(|&at| (at as usize) < by_read.len());
            let mut add = |at: Option<u32>| {
                views.push(TokView { word, norm: &t.norm, kind: t.kind });
                read_as.push(at);
                (views.len() - 1) as u32
            };
            match found {
                Some(at) => {
                    let id = &mut by_read[at as usize];
                    if *id == u32::MAX {
                        *id = add(Some(at));
                    }
                    *id
                }
                None => {
                    let key = if word.is_empty() { &*t.norm } else { word };
                    *by_word.entry(key).or_insert_with(|| add(None))
                }
            }
        })
        .collect();
    (ids, views, read_as)
}

/// `rows` with [`Place::Prev`]'s added into [`Place::PrevLex`]'s and
/// [`Place::Next`]'s into [`Place::NextLex`]'s (see [`TextWords::near`]).
fn with_lex(mut rows: NearRows) -> NearRows {
    for (lex, plain) in [(Place::PrevLex, Place::Prev), (Place::NextLex, Place::Next)] {
        let plain = rows[plain as usize - 1];
        add(&mut rows[lex as usize - 1], &plain);
    }
    rows
}

/// Adds `b` to `a`, label by label.
#[inline]
pub fn add(a: &mut Scores, b: &Scores) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

#[cfg(test)]
mod tests {
    use super::PLACES;

    #[test]
    fn each_place_sits_at_its_discriminant() {
        // `TextWords::near` finds a place's row at `place as usize - 1`
        for (k, place) in PLACES.iter().enumerate() {
            assert_eq!(*place as usize, k, "{place:?}");
        }
    }
}
