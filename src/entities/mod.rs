//! Named entities: people, places, organisations (and nationalities, facilities,
//! other names) found in Arabic text, typed, and named in English.
//!
//! Recognition runs a linear-chain model (averaged structured perceptron, BIO
//! labels, Viterbi decoding) over features of each word: its form, its form with
//! clitics and article removed, affixes, gazetteer membership, cue words around it
//! (وزير, الجنرال, وكالة, مركز, مدينة, ...), quotes and neighbouring words. Then
//! each entity gets an English name from the gazetteer or, failing that, from
//! [`render`] and [`translit`].
//!
//! ```no_run
//! use hashiya::entities::EntityRecognizer;
//! let model = std::fs::read("data/entities/ner.model").unwrap();
//! let gaz = std::fs::read("build/data/gazetteer.bin").unwrap();
//! let rec = EntityRecognizer::from_bytes(&model, &gaz).unwrap();
//! for e in rec.recognize("قال وزير الداخلية الإيطالي ماركو مينيتي") {
//!     println!("{}..{} {} {}", e.start, e.end, e.kind, e.english);
//! }
//! ```
//!
//! Spans are in UTF-16 code units of the input, sorted, and leave out the
//! conjunctions and prepositions written onto a name (وسوريا → سوريا), but keep
//! its article (الموصل).

pub mod features;
pub mod gazetteer;
pub mod lexical;
pub mod model;
pub mod render;
pub mod text;
pub mod translit;
pub mod viterbi;
pub mod words;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::Error;
use features::{sentence_features, Place, Sentence, TokInfo, TokView};
use gazetteer::{GazKind, Gazetteer, KeyFacts, SPELLING_FOREIGN};
use lexical::Lexical;
use model::{Model, Scores, LABELS};
use text::{proclitic_strips, strip_article, tokenize, Kind, Tok};
use words::TextWords;

/// One recognised entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// UTF-16 offsets into the input.
    pub start: u32,
    pub end: u32,
    /// UTF-8 byte offsets into the input.
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
    /// `PER`, `LOC`, `ORG`, `NORP`, `FAC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The English name.
    pub english: String,
    /// True when the English name is a guess made from the Arabic letters (a
    /// romanisation, or the English name they come closest to), not a name
    /// listed in the gazetteer or the team's tables.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub transliterated: bool,
}

/// Finds entities. Build once from the model and gazetteer bytes; recognition does
/// not change what it finds (it only keeps the scores of the word classes it has
/// met, [`words::ClassRows`]).
pub struct EntityRecognizer {
    model: Model,
    gaz: Gazetteer,
    /// The model's scores of the context features with few values.
    context_rows: features::ContextRows,
    /// The model's scores of the word classes met so far.
    class_rows: words::ClassRows,
}

/// Longest sentence the decoder sees at once; longer runs are cut.
const MAX_SENTENCE: usize = 256;

impl EntityRecognizer {
    /// Loads the model (`data/entities/ner.model`) and gazetteer
    /// (`build/data/gazetteer.bin`) from bytes. Errors name the file and say how
    /// to rebuild it.
    pub fn from_bytes(model: &[u8], gazetteer: &[u8]) -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer::new(Model::from_bytes(model)?, Gazetteer::from_bytes(gazetteer)?))
    }

    /// A recogniser from a loaded model and gazetteer.
    pub fn new(model: Model, gaz: Gazetteer) -> EntityRecognizer {
        EntityRecognizer { context_rows: features::ContextRows::new(&model), class_rows: Default::default(), model, gaz }
    }

    /// The gazetteer (for callers that want English names of places directly).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Finds the entities of a text, sorted by start, without an analyser (see
    /// [`EntityRecognizer::recognize_with`]).
    pub fn recognize(&self, text: &str) -> Vec<Entity> {
        self.recognize_with(text, None)
    }

    /// Finds the entities of a text, sorted by start. The committed model is
    /// trained with lexical features ([`lexical`]): pass the word analyser for its
    /// full accuracy; without it those features are missing and recall drops.
    pub fn recognize_with(&self, text: &str, lex: Option<&dyn Lexical>) -> Vec<Entity> {
        let toks = tokenize(text);
        self.recognize_tokens(text, &toks, lex)
    }

    /// True when the model was trained with lexical features.
    pub fn wants_lexicon(&self) -> bool {
        self.model.lexical
    }

    /// Labels for each token (BIO label strings); for tools and tests.
    /// `toks` are [`text::tokenize`]'s tokens of `text`.
    pub fn label_tokens(&self, text: &str, toks: &[Tok], lex: Option<&dyn Lexical>) -> Vec<&'static str> {
        self.label_words(&TextWords::new(text, toks, &self.gaz, lex, &self.model, &self.class_rows), toks)
    }

    /// [`EntityRecognizer::label_tokens`] over the text's distinct words, already
    /// worked out.
    fn label_words(&self, words: &TextWords, toks: &[Tok]) -> Vec<&'static str> {
        let mut labels = vec!["O"; toks.len()];
        let mut scores: Vec<Scores> = Vec::new();
        let mut padded: Vec<u32> = Vec::new();
        let mut ctx = Vec::new();
        // the word-pair features of a sentence's tokens, looked up together
        let mut pairs = Vec::new();
        for (a, b) in sentence_ranges(&words.kinds, |i| toks[i].norm == "\n") {
            let ids = &words.ids[a..b];
            let sentence = words.sentence(a, b);
            for &id in ids {
                words.prefetch_near(id);
            }
            features::sentence_context(&sentence, &self.gaz, &mut ctx);
            let n = ids.len();
            // the sentence's words between two boundaries on each side, so every
            // neighbour of token i is at a fixed offset from i + 2 in `padded`
            let edge = words.boundary();
            padded.clear();
            padded.extend([edge, edge]);
            padded.extend_from_slice(ids);
            padded.extend([edge, edge]);
            scores.clear();
            pairs.clear();
            for i in 0..n {
                // the places of `features::token_features` (`Place::applies`)
                let at = |j: usize, place: Place| words.near(padded[j], place);
                let mut acc = *words.own(padded[i + 2]);
                let (prev, next) = if sentence.brief(i).has_lex { (Place::PrevLex, Place::NextLex) } else { (Place::Prev, Place::Next) };
                words::add(&mut acc, at(i + 1, prev));
                words::add(&mut acc, at(i + 3, next));
                words::add(&mut acc, at(i, Place::Prev2));
                words::add(&mut acc, at(i + 4, Place::Next2));
                features::add_context_scores(&sentence, &ctx, i, &self.context_rows, &mut acc, &mut pairs, i as u16);
                scores.push(acc);
            }
            self.model.add_scores_to(&pairs, &mut scores);
            for (k, y) in self.model.decode_scores(&scores).into_iter().enumerate() {
                labels[a + k] = LABELS[y];
            }
        }
        labels
    }

    /// Labels for each token by the trainer's path ([`features::sentence_features`]);
    /// [`EntityRecognizer::label_tokens`] must give the same.
    pub fn label_tokens_reference(&self, text: &str, toks: &[Tok], lex: Option<&dyn Lexical>) -> Vec<&'static str> {
        let mut labels = vec!["O"; toks.len()];
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        for (a, b) in sentences(toks) {
            let views: Vec<TokView> = toks[a..b].iter().map(|t| TokView { word: t.text(text), norm: &t.norm, kind: t.kind }).collect();
            sentence_features(&views, &self.gaz, lex, &mut feats, &mut offsets);
            for (k, y) in self.model.decode(&feats, &offsets).into_iter().enumerate() {
                labels[a + k] = LABELS[y];
            }
        }
        labels
    }

    /// Finds entities over tokens from [`text::tokenize`].
    pub fn recognize_tokens(&self, text: &str, toks: &[Tok], lex: Option<&dyn Lexical>) -> Vec<Entity> {
        let words = TextWords::new(text, toks, &self.gaz, lex, &self.model, &self.class_rows);
        let labels = self.label_words(&words, toks);
        // token spans (a..b) with their type
        let mut spans: Vec<Span> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if let Some(t) = labels[i].strip_prefix("B-") {
                let mut j = i + 1;
                while j < toks.len() && labels[j].strip_prefix("I-") == Some(t) {
                    j += 1;
                }
                // a bracket ends a name: هيئة الإذاعة البريطانية (بي بي سي) is two
                // mentions, the name and its short form
                let mut from = i;
                for k in i..j {
                    if is_bracket(&toks[k], text) {
                        if from < k {
                            spans.push((from, k, type_name(t)));
                        }
                        from = k + 1;
                    }
                }
                if from < j {
                    spans.push((from, j, type_name(t)));
                }
                i = j;
            } else {
                i += 1;
            }
        }
        // Spans never overlap (each rule removes what its additions overlap), so
        // their order before sorting does not matter.
        let distinct = Distinct::new(&words, &self.gaz);
        // English-name searches and spellings, shared by the rules and the rendering
        let mut naming = Naming::default();
        self.add_quoted_orgs(toks, &distinct, &mut spans);
        self.add_listed(toks, &distinct, &mut spans);
        self.add_institutions(toks, &distinct, &mut spans);
        self.add_clubs_in_sport(toks, &distinct, &mut spans);
        if lex.is_none() {
            // with the analyser the model finds these itself, and better (dev split)
            self.add_titled_persons(toks, &mut spans, lex, &mut naming.names);
        }
        spans.sort();
        self.add_coordinated_places(toks, &mut spans);
        if words.kinds.contains(&Kind::Latin) {
            self.latin_names(toks, &words.kinds, &mut spans);
        }
        // What the lexicon says of the words at the mentions' edges: a name is
        // repeated on a word only where that word is not a function word here
        // (على after محمد علي); then function words, dates and numbers come off
        // the mentions' edges. (Names are repeated as the mentions were found: a
        // one-word mention left by trimming, انت of "انت لي", is no name to
        // spread.)
        let arabic = words.views.iter().filter(|v| v.kind == Kind::Arabic).map(|v| v.word);
        let mut closed = lex.map(|l| ClosedWords::new(text, arabic, l));
        self.add_repeated(toks, &distinct, &mut spans, |i| closed.as_mut().is_none_or(|c| c.may_name(toks, i)));
        if let Some(c) = &mut closed {
            // a word that reads as a foreign name by its letters (لي: Lee)
            let names = &mut naming.names;
            let mut words: Vec<&str> = Vec::new();
            let listed = |(a, b, kind): Span| {
                words.clear();
                words.extend(toks[a..b].iter().map(|t| &*t.norm));
                render::lookup_mention(&words, &self.gaz, kind).is_some()
            };
            c.trim_spans(toks, &mut spans, |w| !translit::looks_arabic(w) && names.english_match(w, &self.gaz).is_some(), listed);
        }
        spans.sort();
        self.add_foreign_names(toks, &mut spans, |t| closed.as_mut().is_some_and(|c| c.edge(t).closed));
        self.add_coordinated_org_words(toks, &distinct, &mut spans);
        let mut out = Vec::with_capacity(spans.len());
        let mut homographs = Homographs::default();
        for &span in &spans {
            if let Some(mut e) = self.entity(text, toks, span, &distinct, lex, &mut naming) {
                if e.kind == "LOC" {
                    self.city_by_country(toks, span, &distinct, &mut homographs, &mut e);
                }
                out.push(e);
            }
        }
        out
    }

    /// A place named like a country and like a city of another country (عمان:
    /// Oman, and Amman in Jordan; [`GazKind::CityCountry`]) is the city where the
    /// text points to its country: a word before it that says city (مدينة عمان,
    /// العاصمة عمان), else the place or nationality of the city's country named in
    /// its sentence (العاهل الأردني, الأردن) and none of the other country's
    /// (العماني), else the same in the whole text. A word before it that says
    /// country (سلطنة عمان, عاصمة عمان) keeps the country.
    fn city_by_country<'g>(&'g self, toks: &[Tok], (a, b, _): Span, distinct: &Distinct, memo: &mut Homographs<'g>, e: &mut Entity) {
        // the mention's key (its first word as listed, the rest as written), with
        // a country entry of the English given it and the city's country
        let first = distinct.at(a);
        let look = |rest: &[&str]| {
            first.forms().map(|(f, _)| f).chain(first.strips().iter().map(|s| s.rest)).find_map(|f| {
                let key = if rest.is_empty() { f.to_string() } else { format!("{f} {}", rest.join(" ")) };
                let entries = self.gaz.get(&key);
                let country = entries.iter().find(|x| x.kind == GazKind::Country && x.english == e.english)?;
                let of = entries.iter().find(|x| x.kind == GazKind::CityCountry)?;
                let city = entries.iter().find(|x| x.kind == GazKind::City)?;
                Some((country.english, of.english, city.english))
            })
        };
        // a one-word place is looked up once per word of the text (most places are
        // one word, and recur: العراق hundreds of times in a long text)
        let found = if b == a + 1 {
            let id = distinct.id(a) as usize;
            if memo.one_word.len() <= id {
                memo.one_word.resize(id + 1, None);
            }
            match &memo.one_word[id] {
                Some((english, found)) if *english == e.english => *found,
                _ => {
                    let found = look(&[]);
                    memo.one_word[id] = Some((e.english.clone(), found));
                    found
                }
            }
        } else {
            look(&toks[a + 1..b].iter().filter(|t| t.kind == Kind::Arabic).map(|t| &*t.norm).collect::<Vec<_>>())
        };
        let Some((country, of, city)) = found else { return };
        // the word before: a city's or a country's
        if let Some(before) = a.checked_sub(1).filter(|&i| distinct.kinds[i] == Kind::Arabic) {
            let w = distinct.at(before);
            let core = w.article.map(|(_, c)| c);
            let plain = w.strips().iter().map(|s| s.rest).chain(std::iter::once(w.word)).find(|f| COUNTRY_WORDS.contains(f) || *f == "مدينة");
            if plain.is_some_and(|f| COUNTRY_WORDS.contains(&f)) {
                return;
            }
            if plain == Some("مدينة") || matches!(core, Some("عاصمة" | "مدينة")) {
                e.english = city.to_string();
                return;
            }
        }
        // the places and nationalities named in the sentence, else in the text
        let sentences = memo.sentences.get_or_insert_with(|| sentences(toks));
        let at = sentences.partition_point(|&(_, y)| y <= a);
        let (x, y) = sentences.get(at).copied().unwrap_or((0, toks.len()));
        let mut votes = self.country_votes(x..y, (a, b), distinct, country, of);
        if votes == (0, 0) || (votes.0 > 0 && votes.1 > 0) {
            // over the text's distinct words, once per pair of countries
            votes = match memo.text_votes.iter().find(|(pair, _)| *pair == (country, of)) {
                Some(&(_, v)) => v,
                None => {
                    let words = distinct.facts.iter().filter(|w| !std::ptr::eq(*w, first));
                    let v = self.words_votes(words, country, of);
                    memo.text_votes.push(((country, of), v));
                    v
                }
            };
        }
        if votes.1 > 0 && votes.0 == 0 {
            e.english = city.to_string();
        }
    }

    /// The words of `range` outside the mention `a..b` that name the country
    /// `country` by its nationality and that name the country `of` or its
    /// nationality: how many of each.
    fn country_votes(&self, range: std::ops::Range<usize>, (a, b): (usize, usize), distinct: &Distinct, country: &str, of: &str) -> (usize, usize) {
        let words = range.filter(|&i| (i < a || i >= b) && distinct.kinds[i] == Kind::Arabic).map(|i| distinct.at(i));
        self.words_votes(words, country, of)
    }

    /// [`EntityRecognizer::country_votes`] over words.
    fn words_votes<'w, 't: 'w>(&self, words: impl Iterator<Item = &'w WordFacts<'t>>, country: &str, of: &str) -> (usize, usize) {
        const KINDS: KindSet = bit(GazKind::Country) | bit(GazKind::Norp);
        let (mut for_country, mut for_of) = (0, 0);
        for w in words {
            let forms = w.forms().map(|(f, _)| f).filter(|_| w.kinds & KINDS != 0);
            let strips = w.strips().iter().filter(|s| s.kinds & KINDS != 0).map(|s| s.rest);
            let (mut c, mut o) = (false, false);
            for f in forms.chain(strips) {
                for x in self.gaz.get(f) {
                    match x.kind {
                        GazKind::Country if x.english == of => o = true,
                        GazKind::Norp if nationality_of(of, x.english) => o = true,
                        GazKind::Norp if nationality_of(country, x.english) => c = true,
                        _ => {}
                    }
                }
            }
            for_country += c as usize;
            for_of += o as usize;
        }
        (for_country, for_of)
    }

    /// The entity a span of tokens names, if any: the span without the quotes and
    /// brackets at its edges and the clitics written onto its first word, with its
    /// English name.
    fn entity<'t>(&self, text: &str, toks: &'t [Tok], (mut a, mut b, kind): Span, distinct: &Distinct, lex: Option<&dyn Lexical>, naming: &mut Naming<'t>) -> Option<Entity> {
        // a mention starts and ends on a word, never on a quote or bracket
        let wordy = |t: &Tok| matches!(t.kind, Kind::Arabic | Kind::Latin | Kind::Digit);
        while a < b && !wordy(&toks[a]) {
            a += 1;
        }
        while b > a && !wordy(&toks[b - 1]) {
            b -= 1;
        }
        if a == b {
            return None;
        }
        // a person's title is not part of the name (المشير خليفة حفتر → خليفة حفتر),
        // unless the list names the whole (الملك سلمان, البابا فرنسيس)
        if kind == "PER" {
            while b - a >= 2 && is_title(&toks[a]) && !self.is_listed(toks, a, b, kind) {
                a += 1;
            }
        }
        let first = &toks[a];
        let first_facts = distinct.at(a);
        // words that stand alone somewhere in the document (for clitic decisions):
        // the text's distinct words (a clitic strip of an Arabic word can only
        // equal an Arabic word)
        let mut trim = first_facts.clitic_trim(&distinct.index, &self.gaz);
        // the conjunction or preposition before a listed name of several words
        // (لحلف شمال الأطلسي → حلف شمال الأطلسي), when the mention is that name and the
        // word is no name as written (بلال, بسام keep their first letter)
        if let Some((letters, rest)) = first_facts.conj_rest.filter(|_| trim == 0 && b - a >= 2 && !first_facts.whole_name && first_facts.kinds & bit(GazKind::GivenName) == 0) {
            let mut words: Vec<&str> = vec![rest];
            words.extend(toks[a + 1..b].iter().filter(|t| t.kind == Kind::Arabic).map(|t| strip_lead_clitics(&t.norm, strip_article(&t.norm))));
            if render::lookup_mention(&words, &self.gaz, kind).is_some() {
                trim = letters;
            }
        }
        if trim == 0 && kind == "PER" {
            trim = self.foreign_name_trim(&first.norm, &mut naming.names);
        }
        let trimmed_first = skip_chars(&first.norm, trim);
        if trimmed_first.is_empty() || (b - a == 1 && trimmed_first.chars().nth(1).is_none()) {
            return None;
        }
        // a bare word that heads organisation names (حزب, وكالة) names nothing
        if b - a == 1 && is_bare_head(first_facts.kinds_without(trim, &self.gaz)) {
            return None;
        }
        let (start, byte_start) = skip_letters(text, first, trim);
        let (english, transliterated) = if toks[a..b].iter().all(|t| t.kind == Kind::Latin || t.kind == Kind::Digit) {
            (text[byte_start..toks[b - 1].byte_end].to_string(), false)
        } else {
            let rest = toks[a + 1..b].iter().filter(|t| t.kind == Kind::Arabic || t.kind == Kind::Latin).map(|t| &*t.norm);
            naming.english(kind, std::iter::once(trimmed_first).chain(rest), |words, names| render::english_cached(words, kind, &self.gaz, names, lex))
        };
        if english.trim().is_empty() {
            return None;
        }
        Some(Entity { start, end: toks[b - 1].end, byte_start, byte_end: toks[b - 1].byte_end, kind, english, transliterated })
    }

    /// A name in quotes right after a word that heads organisation names (وكالة
    /// “أعماق”, لـ“مركز كويليام”) is an organisation: the quoted words, with the head
    /// word when it is inside the quotes. Replaces whatever the model found there.
    fn add_quoted_orgs(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<Span>) {
        let is_head = |t: &Tok| {
            t.kind == Kind::Arabic && {
                let core = strip_article(&t.norm).map_or(&*t.norm, |(_, c)| c);
                let stripped = proclitic_strips(&t.norm).map(|(_, s)| s);
                std::iter::once(core).chain(stripped).any(|c| features::cue_class(c) == Some("O"))
            }
        };
        let mut add = Vec::new();
        // the tokens from each head to its closing quote, where the model's spans
        // give way (what is added lies inside; later finds lie after it)
        let mut cleared = Vec::new();
        let mut i = 0;
        while i + 2 < toks.len() {
            // a find has a quote at i or i + 1
            let Some(q) = distinct.kinds[i..].iter().position(|&k| k == Kind::Quote) else { break };
            if q >= 2 {
                i += q - 1;
                continue;
            }
            // head “name” → the name; “head name” → head and name
            let (open, first, min_len) = if toks[i + 1].kind == Kind::Quote && is_head(&toks[i]) {
                (i + 1, i + 2, 1)
            } else if toks[i].kind == Kind::Quote && is_head(&toks[i + 1]) {
                (i, i + 1, 2)
            } else {
                i += 1;
                continue;
            };
            let close = (open + 1..toks.len().min(open + 7)).find(|&j| toks[j].kind == Kind::Quote);
            match close {
                Some(close) if close - first >= min_len && toks[first..close].iter().all(|t| t.kind == Kind::Arabic || t.kind == Kind::Latin) => {
                    cleared.push((i, close + 1));
                    add.push((first, close, "ORG"));
                    i = close + 1;
                }
                _ => i += 1,
            }
        }
        if add.is_empty() {
            return;
        }
        let clear = covered(toks.len(), cleared.iter().copied());
        spans.retain(|&(x, y, _)| !clear[x..y].contains(&true));
        spans.extend(add);
    }

    /// A definite institution word followed by two or more adjectives
    /// (القيادة الأميركية الوسطى), or a bare one followed by a name (جامعة القاهرة,
    /// وزارة خارجية مصر), names an organisation.
    fn add_institutions(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<Span>) {
        let owner = Owners::new(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        let arabic = |i: usize| distinct.kinds[i] == Kind::Arabic;
        let mut add: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i + 1 < toks.len() {
            // a head word, and whether it is definite
            let Some(definite) = arabic(i).then(|| distinct.at(i).head).flatten() else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            let (mut strong, mut any) = (false, false);
            while j < toks.len() && arabic(j) {
                let word = distinct.at(j);
                let has_article = word.article.is_some();
                match word.role {
                    Some(Role::Norp) | Some(Role::Adj) if has_article => strong = true,
                    Some(Role::Noun) if has_article && !definite => {}
                    // a place right after a bare head: جامعة القاهرة, وزارة خارجية مصر
                    Some(Role::Place) if !definite && j == i + 1 => strong = true,
                    _ => break,
                }
                any = true;
                j += 1;
            }
            // A definite head with one adjective after it is a description more
            // often than a name (القوات الإسرائيلية "Israeli forces", النادي البرازيلي
            // "the Brazilian club", المنظمة الدولية): it takes two (القيادة الأميركية
            // الوسطى), and the model, which has seen such phrases in context, decides
            // the rest (cross-validation on the training split: ORG F1 0.678 → 0.689).
            let ok = if definite { strong && j > i + 2 } else { any && (strong || j > i + 1) };
            // existing spans must lie inside the institution (a place or nationality
            // the model found in it), not cross its edges
            let crosses = (i..j).filter_map(|k| owner.get(k)).any(|k| spans[k].0 < i || spans[k].1 > j);
            if ok && !crosses {
                add.push((i, j));
                i = j;
            } else {
                i += 1;
            }
        }
        if add.is_empty() {
            return;
        }
        // a span lies inside an institution when its first and last tokens are in
        // the same one (they never overlap)
        let within = Owners::new(toks.len(), add.iter().copied());
        spans.retain(|&(a, b, _)| within.get(a).is_none() || within.get(a) != within.get(b - 1));
        spans.extend(add.into_iter().map(|(a, b)| (a, b, "ORG")));
    }

    /// A title or role (الباحث, الجنرال, وزير الداخلية الإيطالي) followed by words
    /// that read as names (Arabic given names, English names by transliteration,
    /// words the lexicon does not know) names a person. Used when no analyser is
    /// given, to make up for the model's missing lexical features.
    fn add_titled_persons(&self, toks: &[Tok], spans: &mut Vec<Span>, lex: Option<&dyn Lexical>, names: &mut render::NameCache) {
        let owner = Owners::new(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        let is_title = |t: &Tok| {
            t.kind == Kind::Arabic && {
                let core = strip_article(&t.norm).map_or(&*t.norm, |(_, c)| c);
                features::cue_class(core) == Some("P") && features::cue_class(&t.norm) != Some("O")
            }
        };
        let mut name_like = |t: &Tok| -> bool {
            if t.kind != Kind::Arabic || strip_article(&t.norm).is_some() || t.norm.chars().count() < 3 || features::cue_class(&t.norm).is_some() {
                return false;
            }
            let entries = self.gaz.get(&t.norm);
            if entries.iter().any(|e| matches!(e.kind, GazKind::Country | GazKind::City | GazKind::Region | GazKind::Norp | GazKind::Org | GazKind::OrgWord)) {
                return false;
            }
            match lex {
                // with the analyser: a word it does not know, or whose best reading is a name
                Some(l) => {
                    let li = l.lex_info(&t.norm);
                    !li.known || li.pos == Some("NOUN_PROP")
                }
                None => {
                    entries.iter().any(|e| matches!(e.kind, GazKind::GivenName | GazKind::Person))
                        || (!translit::looks_arabic(&t.norm) && names.english_match(&t.norm, &self.gaz).is_some())
                }
            }
        };
        let mut add = Vec::new();
        let mut i = 0;
        while i + 1 < toks.len() {
            if !is_title(&toks[i]) {
                i += 1;
                continue;
            }
            // definite modifiers of the title (الداخلية, الإيطالي), then the name
            let mut a = i + 1;
            while a < toks.len() && a <= i + 3 && toks[a].kind == Kind::Arabic && strip_article(&toks[a].norm).is_some() {
                a += 1;
            }
            let mut b = a;
            while b < toks.len() && b < a + 4 && name_like(&toks[b]) {
                b += 1;
            }
            if b > a {
                let inside_other = (a..b).filter_map(|k| owner.get(k)).all(|k| spans[k].0 >= a && spans[k].1 <= b && spans[k].2 != "PER");
                let has_per = (a..b).filter_map(|k| owner.get(k)).any(|k| spans[k].2 == "PER");
                if inside_other && !has_per {
                    add.push((a, b));
                }
                i = b;
            } else {
                i += 1;
            }
        }
        if add.is_empty() {
            return;
        }
        spans.retain(|&(x, y, _)| !add.iter().any(|&(a, b)| x >= a && y <= b));
        spans.extend(add.into_iter().map(|(a, b)| (a, b, "PER")));
    }

    /// A name found once is the same name elsewhere in the text: later mentions of a
    /// person's surname (فوتل after جوزف فوتل) and repeated one-word names get the
    /// type of the first mention.
    /// `may_repeat(i)` says whether token `i` may be a repetition.
    fn add_repeated(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<Span>, mut may_repeat: impl FnMut(usize) -> bool) {
        let mut names: FxHashMap<&str, &'static str> = FxHashMap::default();
        for &(a, b, kind) in spans.iter() {
            let mut words = toks[a..b].iter().filter(|t| t.kind == Kind::Arabic).map(|t| &*t.norm);
            let Some(first) = words.next() else { continue };
            // the last Arabic word and the number of them
            let (last, n) = words.fold((first, 1), |(_, n), w| (w, n + 1));
            if kind == "PER" || n == 1 {
                // a one-token mention's word is token a's
                let last = if a + 1 == b { distinct.at(a).lead } else { last };
                if last.chars().nth(2).is_some() && !matches!(last, "ابو" | "بن" | "ابن" | "عبد") {
                    if kind == "PER" && n > 1 {
                        names.insert(last, kind);
                    } else {
                        names.entry(last).or_insert(kind);
                    }
                }
            }
        }
        if names.is_empty() {
            return;
        }
        let is_person = |w: &str| names.get(w) == Some(&"PER");
        // a one-word mention of a person's name typed otherwise is that person
        for s in spans.iter_mut() {
            if s.1 == s.0 + 1 && s.2 != "PER" && toks[s.0].kind == Kind::Arabic {
                let word = distinct.at(s.0);
                if word.kinds == 0 && (is_person(word.word) || word.strips().iter().any(|st| is_person(st.rest))) {
                    s.2 = "PER";
                }
            }
        }
        let taken = covered(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        // the name each distinct word repeats, if any: as it is (the names that
        // are words of the text, found by number), else after a conjunction or
        // preposition, or before its article (والرقة → الرقة)
        let mut repeats: Vec<Option<&'static str>> = vec![None; distinct.facts.len()];
        for (name, &kind) in &names {
            if let Some(&id) = distinct.index.get(name) {
                repeats[id as usize] = Some(kind);
            }
        }
        for (kind, w) in repeats.iter_mut().zip(&distinct.facts).filter(|(kind, _)| kind.is_none()) {
            let name = |s: &str| names.get(s).copied();
            *kind = w.strips().iter().find_map(|s| name(s.rest)).or_else(|| if w.lead.len() < w.word.len() { name(w.lead) } else { None });
        }
        for (i, &k) in distinct.kinds.iter().enumerate() {
            if taken[i] || k != Kind::Arabic {
                continue;
            }
            if let Some(kind) = repeats[distinct.id(i) as usize] {
                if may_repeat(i) {
                    spans.push((i, i + 1, kind));
                }
            }
        }
    }

    /// Adds mentions of the project's well-known people and organisations and of
    /// multiword place names the model missed (never overlapping its entities).
    fn add_listed(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<Span>) {
        let maxw = self.gaz.max_words();
        // Spans never overlap: the span covering each token (an index into
        // `spans`), and which spans are still there (removed at the end).
        let mut owner = Owners::new(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        let mut live = vec![true; spans.len()];
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            if distinct.kinds[i] != Kind::Arabic {
                i += 1;
                continue;
            }
            // most words start no listed name: tell from a byte per word, not the
            // word's facts
            if !distinct.listable[distinct.id(i) as usize] {
                i += 1;
                continue;
            }
            let word = distinct.at(i);
            // names of several words, longest first, else the word alone (when the
            // gazetteer has keys at all)
            let several = if word.first_max.iter().any(|&m| m >= 2) { self.listed_from(toks, i, word, &mut key) } else { None };
            let found = match several {
                Some(found) => found,
                None => word.alone.filter(|_| maxw >= 1).map(|t| (1, t)),
            };
            let Some((len, t)) = found else {
                i += 1;
                continue;
            };
            let (a, b) = (i, i + len);
            // a longer model mention of the same type around it stands (تنظيم داعش);
            // otherwise the listed name replaces what overlaps it (a span around it
            // covers its first token)
            let inside_same = owner.get(a).is_some_and(|k| {
                let (x, y, kind) = spans[k];
                // ... unless it runs on into a word after و: two names joined
                // (توم كروز وإيلون), each its own mention
                let joins_next = b < y && toks[b].norm.starts_with('و');
                // ... or into a foreign name the team's table spells (مجلس الاحتياطي
                // الفيدرالي جيروم باول: the chair named after the board)
                let runs_into_name = b < y && self.is_foreign_name(&toks[b].norm);
                x <= a && b <= y && (x, y) != (a, b) && kind == t && !joins_next && !runs_into_name
            });
            if !inside_same {
                for p in a..b {
                    if let Some(k) = owner.get(p) {
                        live[k] = false;
                        let (x, y, _) = spans[k];
                        owner.set(x..y, None);
                    }
                }
                owner.set(a..b, Some(spans.len()));
                spans.push((a, b, t));
                live.push(true);
            }
            i = b;
        }
        let mut k = 0;
        spans.retain(|_| {
            k += 1;
            live[k - 1]
        });
    }

    /// The listed name of several words starting at token `i` (whose word is
    /// `word`), longest first: the length and type of the first listed entry found,
    /// which decides even when it has no type (`Some(None)`); `None` when there is
    /// none. `key` is room for the keys tried.
    fn listed_from(&self, toks: &[Tok], i: usize, word: &WordFacts, key: &mut String) -> Option<Option<(usize, &'static str)>> {
        const NAMES: KindSet = bit(GazKind::Person) | bit(GazKind::Org) | bit(GazKind::Country) | bit(GazKind::Region);
        // keys are made of Arabic words
        let word_at = |k: usize| toks.get(i + k).filter(|t| t.kind == Kind::Arabic).map(|t| &*t.norm);
        let first_named = |key: &str, facts: KeyFacts| {
            (facts.kinds & NAMES != 0).then(|| self.gaz.get(key).iter().find(|e| bit(e.kind) & NAMES != 0).and_then(|e| e.kind.entity_type()))
        };
        let (len, kind) = self.gaz.longest_key(word.forms(), word_at, first_named, key)?;
        Some(kind.map(|t| (len, t)))
    }

    /// Near words of sport (مباراة, الدوري, فاز, تعادل: within [`SPORT_REACH`]
    /// words), a word with the article whose name after نادي is a club's (النصر:
    /// the gazetteer has نادي النصر) is that club, as sports news writes it (فاز
    /// النصر على الاتفاق). Elsewhere the word is the word: النصر "victory",
    /// الوحدة "unity". Only where no other mention is.
    fn add_clubs_in_sport(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<Span>) {
        // asked once per distinct word, not per token
        let sport: Vec<bool> = distinct.facts.iter().map(|w| is_sport_word(w.word)).collect();
        let is_sport = |i: usize| distinct.kinds[i] == Kind::Arabic && sport[distinct.id(i) as usize];
        let cues: Vec<usize> = (0..toks.len()).filter(|&i| is_sport(i)).collect();
        if cues.is_empty() {
            return;
        }
        // the tokens within reach of a word of sport, marked once (not every token
        // against every cue: a long sports text has thousands of both)
        let near = covered(toks.len(), cues.iter().map(|&c| (c.saturating_sub(SPORT_REACH), (c + SPORT_REACH + 1).min(toks.len()))));
        let taken = covered(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        for (i, t) in toks.iter().enumerate() {
            if !near[i] || taken[i] || t.kind != Kind::Arabic || is_sport(i) {
                continue;
            }
            let Some((_, core)) = strip_article(&t.norm) else { continue };
            // a nisba after a definite word describes it (الكرة الأفريقية, النادي
            // الأفريقي), whatever club bears the name
            let after_definite = i > 0 && toks[i - 1].kind == Kind::Arabic && strip_article(&toks[i - 1].norm).is_some();
            if after_definite && (core.ends_with('ي') || core.ends_with("ية")) {
                continue;
            }
            if render::club_named(core, &self.gaz).is_some() {
                spans.push((i, i + 1, "ORG"));
            }
        }
    }

    /// "X وY" with X a place the text names and Y a known place: Y is a place
    /// too (الموصل والرقة).
    fn add_coordinated_places(&self, toks: &[Tok], spans: &mut Vec<Span>) {
        let taken = covered(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        // the token right after each place, in order
        let mut after_places: Vec<usize> = spans.iter().filter(|s| s.2 == "LOC" && s.1 < toks.len()).map(|s| s.1).collect();
        after_places.sort_unstable();
        after_places.dedup();
        let mut add = Vec::new();
        for i in after_places {
            let t = &toks[i];
            if taken[i] || t.kind != Kind::Arabic || !t.norm.starts_with('و') {
                continue;
            }
            let rest = &t.norm['و'.len_utf8()..];
            let place = features::lookup_forms(rest).iter().any(|f| {
                self.gaz.get(f).iter().any(|e| matches!(e.kind, GazKind::Country | GazKind::Region | GazKind::City))
            });
            if place {
                add.push((i, i + 1, "LOC"));
            }
        }
        spans.extend(add);
    }

    /// Words in Latin letters: a name written so inside an Arabic sentence (CNN,
    /// IBM, شركة Apple) is one, but English text around Arabic (menus, captions,
    /// English paragraphs naming an Arabic word) names nothing here: the model
    /// was trained on Arabic alone and reads "Published" or "Wait" as names.
    ///
    /// A Latin word may be in a mention only when its sentence has at least as
    /// many Arabic words as Latin ones and it is in a short run of capitalised
    /// words (at most four, small words like "of" inside) next to an Arabic word.
    /// Spans are cut to leave other Latin words out. A run of acronyms (CNN) is
    /// an organisation, and so is a run right after a word that heads
    /// organisation names (شركة Apple, صحيفة The Guardian), as in
    /// [`EntityRecognizer::add_quoted_orgs`].
    fn latin_names(&self, toks: &[Tok], kinds: &[Kind], spans: &mut Vec<Span>) {
        let latin_word = |i: usize| matches!(kinds[i], Kind::Latin | Kind::Digit);
        // whether each Latin token may be in a mention
        let mut ok = vec![false; toks.len()];
        let mut add = Vec::new();
        for (a, b) in sentence_ranges(kinds, |i| toks[i].norm == "\n") {
            let arabic = kinds[a..b].iter().filter(|&&k| k == Kind::Arabic).count();
            let latin = kinds[a..b].iter().filter(|&&k| k == Kind::Latin).count();
            if latin == 0 || arabic < latin {
                continue;
            }
            let mut i = a;
            while i < b {
                if !latin_word(i) {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < b && latin_word(j) {
                    j += 1;
                }
                // the words around the run, past quotes and brackets
                let skip = |k: usize| kinds[k] == Kind::Quote || matches!(&*toks[k].norm, "(" | ")" | "[" | "]");
                let mut before = i;
                while before > a && skip(before - 1) {
                    before -= 1;
                }
                let mut after = j;
                while after < b && skip(after) {
                    after += 1;
                }
                let prev = (before > a).then(|| before - 1).filter(|&k| kinds[k] == Kind::Arabic);
                let next_arabic = after < b && kinds[after] == Kind::Arabic;
                let run = &toks[i..j];
                let capitalised = |t: &Tok| t.norm.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
                let small = |t: &Tok| t.norm.len() <= 3 && t.norm.chars().all(|c| c.is_lowercase());
                let name_like = run.len() <= 4
                    && capitalised(&run[0])
                    && capitalised(&run[run.len() - 1])
                    && run.iter().all(|t| capitalised(t) || small(t))
                    && run.iter().any(|t| t.kind == Kind::Latin);
                if name_like && (prev.is_some() || next_arabic) {
                    ok[i..j].fill(true);
                    let acronym = |t: &Tok| t.kind == Kind::Digit || (t.norm.len() >= 2 && t.norm.chars().all(|c| c.is_ascii_uppercase()));
                    let after_head = prev.is_some_and(|k| {
                        let core = strip_article(&toks[k].norm).map_or(&*toks[k].norm, |(_, c)| c);
                        std::iter::once(core).chain(proclitic_strips(core).map(|(_, s)| s)).any(|c| features::cue_class(c) == Some("O"))
                    });
                    if run.iter().all(acronym) || after_head {
                        add.push((i, j, "ORG"));
                    }
                }
                i = j;
            }
        }
        // cut other Latin words off the spans' ends; a span with one inside goes
        spans.retain_mut(|(a, b, _)| {
            while *a < *b && kinds[*a] == Kind::Latin && !ok[*a] {
                *a += 1;
            }
            while *b > *a && kinds[*b - 1] == Kind::Latin && !ok[*b - 1] {
                *b -= 1;
            }
            *a < *b && (*a..*b).all(|k| kinds[k] != Kind::Latin || ok[k])
        });
        // names added where no span touches them
        let taken = covered(toks.len(), spans.iter().map(|&(a, b, _)| (a, b)));
        spans.extend(add.into_iter().filter(|&(a, b, _)| !taken[a..b].contains(&true)));
        spans.sort();
    }

    /// True for a word the team's spelling table lists, as written, as a foreign name.
    fn is_foreign_name(&self, norm: &str) -> bool {
        self.gaz.get_kind(norm, GazKind::Spelling).is_some_and(|e| e.weight == SPELLING_FOREIGN)
    }

    /// Foreign names the team's table spells, as written (بلينكن, مبابي, إنفانتينو):
    /// a person's mention goes on over such words after it (أنتوني بلينكن, where the
    /// model stopped at أنتوني), and two or more of them together where no mention
    /// is are a person (جياني إنفانتينو, which the model missed); at most five words
    /// a name, never over a function word (`closed`). Arabic family names are left
    /// to the model: they are often words too (طيب "good"), and a word with و
    /// written onto it (والصدر) is the next name of a list. A mention of two or more
    /// such names and nothing else is a person, whatever type the model gave it.
    fn add_foreign_names(&self, toks: &[Tok], spans: &mut Vec<Span>, mut closed: impl FnMut(&Tok) -> bool) {
        let mut foreign = |t: &Tok| t.kind == Kind::Arabic && self.is_foreign_name(&t.norm) && !closed(t);
        let mut added = Vec::new();
        let mut i = 0;
        for k in 0..=spans.len() {
            let next_start = spans.get(k).map_or(toks.len(), |s| s.0);
            // the words before the next mention: runs of two or more foreign names
            while i < next_start {
                let mut j = i;
                while j < next_start && j - i < 5 && foreign(&toks[j]) {
                    j += 1;
                }
                if j - i >= 2 {
                    added.push((i, j, "PER"));
                }
                i = j.max(i + 1);
            }
            let Some(&(a, mut b, mut kind)) = spans.get(k) else { break };
            // a mention the model typed otherwise that is all foreign names of the
            // table, none of them a place or an organisation, is a person (تيدروس
            // أدهانوم غيبريسوس, which it read as an organisation)
            if kind != "PER" && b - a >= 2 && toks[a..b].iter().all(|t| foreign(t) && self.gaz.facts(&t.norm).kinds & naming_kinds() == 0) {
                kind = "PER";
                spans[k].2 = kind;
            }
            let next_start = spans.get(k + 1).map_or(toks.len(), |s| s.0);
            // a place's name that the table also spells as a foreign given name
            // (جورجيا: Georgia, and Giorgia) is that name when a person's name
            // follows it: a foreign name of the table that names nothing else
            // (جورجيا ميلوني), or a person the model found (then one mention)
            if kind != "PER" && b == a + 1 && foreign(&toks[a]) {
                let next_is_person = spans.get(k + 1).is_some_and(|s| s.0 == b && s.2 == "PER");
                if next_is_person {
                    let (_, end, _) = spans.remove(k + 1);
                    b = end;
                    kind = "PER";
                    spans[k] = (a, b, kind);
                } else if b < next_start && foreign(&toks[b]) && self.gaz.facts(&toks[b].norm).kinds & naming_kinds() == 0 {
                    kind = "PER";
                    spans[k].2 = kind;
                }
            }
            let next_start = spans.get(k + 1).map_or(toks.len(), |s| s.0);
            while kind == "PER" && b < next_start && b - a < 5 && foreign(&toks[b]) {
                b += 1;
            }
            spans[k].1 = b;
            i = b;
        }
        if !added.is_empty() {
            spans.extend(added);
            spans.sort();
        }
    }

    /// An organisation headed by an institution word (وزارة, هيئة) goes on over a
    /// definite common noun joined to it by و (وزارة التربية والتعليم, هيئة الإذاعة
    /// والتلفزيون, وزارة التعليم العالي والبحث العلمي: one name, where the model
    /// stopped at و), and over one definite adjective after that noun (العلمي).
    /// Only after a bare head (not المجلس الاقتصادي, which the model joins itself).
    /// Not when the name is listed as it stands (حزب الله), nor over a word that
    /// heads an institution itself, names something, or starts a listed name
    /// (وزارة الدفاع والجيش, جامعة القاهرة والإسكندرية, ... والأمم المتحدة): those
    /// are two names.
    fn add_coordinated_org_words(&self, toks: &[Tok], distinct: &Distinct, spans: &mut [Span]) {
        // (the spans are sorted and never overlap, so their ends are sorted too: the
        // one that may hold `i` is found by halving, not by reading them all)
        let free = |i: usize, spans: &[Span]| {
            let at = spans.partition_point(|s| s.1 <= i);
            i < toks.len() && distinct.kinds[i] == Kind::Arabic && !spans.get(at).is_some_and(|s| s.0 <= i)
        };
        // a definite common word: not a head, a name, or the start of one
        let common = |w: &WordFacts| w.role.is_none_or(|r| r != Role::Head && r != Role::Norp && r != Role::Place) && w.kinds & naming_kinds() == 0 && w.first_max.iter().all(|&m| m < 2);
        for k in 0..spans.len() {
            let (a, b, kind) = spans[k];
            // a bare head (وزارة التربية: "the ministry of education"), and a name
            // not ended by a nationality (منظمة التحرير الفلسطينية والحكومة: two)
            let head = distinct.at(a);
            if kind != "ORG" || b < a + 2 || head.role != Some(Role::Head) || head.article.is_some() || distinct.at(b - 1).role == Some(Role::Norp) || !free(b, spans) {
                continue;
            }
            // و and the article on the next word, and a core of two letters or
            // more: a word of the genitive the complement is in (not a nominative
            // plural, حزب التحرير والمهاجرون) and no title or cue of a name
            // (والعقيد, والإذاعة)
            let next = distinct.at(b);
            let joined = next.word.starts_with("وال")
                && next.article.is_some_and(|(k, core)| k == 3 && core.chars().nth(1).is_some() && !core.ends_with("ون") && features::cue_class(core).is_none());
            if !joined || !common(next) || self.is_listed(toks, a, b, kind) {
                continue;
            }
            let mut end = b + 1;
            // a definite adjective of the noun (a nisba: العلمي, الوطنية)
            if free(end, spans) {
                let adj = distinct.at(end);
                if adj.article.is_some_and(|(k, core)| k == 2 && (core.ends_with('ي') || core.ends_with("ية"))) && common(adj) {
                    end += 1;
                }
            }
            spans[k].1 = end;
        }
    }

    /// True when the gazetteer lists the words of `toks[a..b]` as one name.
    fn is_listed(&self, toks: &[Tok], a: usize, b: usize, kind: &str) -> bool {
        let words: Vec<&str> = toks[a..b].iter().filter(|t| t.kind == Kind::Arabic).map(|t| strip_lead_clitics(&t.norm, strip_article(&t.norm))).collect();
        render::lookup_mention(&words, &self.gaz, kind).is_some()
    }

    /// A person's first word starting with و/ف/ب/ل/ك: leave the letter out when
    /// the rest reads as an English name and the whole does not (وهيلاري → هيلاري,
    /// but وينتر stays Winter).
    fn foreign_name_trim(&self, norm: &str, names: &mut render::NameCache) -> usize {
        if !norm.starts_with(text::is_proclitic_letter) || translit::looks_arabic(norm) {
            return 0;
        }
        // a name as written: the team's table spells it, or it matches an English name
        if self.gaz.get_kind(norm, GazKind::Spelling).is_some() || names.english_match(norm, &self.gaz).is_some() {
            return 0;
        }
        proclitic_strips(norm).find(|(_, rest)| names.english_match(rest, &self.gaz).is_some()).map_or(0, |(k, _)| k)
    }
}

/// What the lexicon says of the words at the edges of mentions: function words
/// (على, عن, من, إلى, في, أن), weekdays and number words name nothing, so a
/// mention never ends on one and never is one.
///
/// The lexicon reads علي "Ali" and على "on" alike (it folds ي and ى), and as the
/// preposition first. What tells them apart is how the text writes them: a
/// writer who puts ى where it belongs (على, إلى, حتى) and ي where that belongs
/// (في, التي) wrote علي for the name. A writer who writes ى for ي (فى, التى), or
/// never writes ى at all, gives no such evidence, and the lexicon's reading
/// stands.
struct ClosedWords<'t, 'l> {
    text: &'t str,
    lex: &'l dyn Lexical,
    /// The text writes final ى and ي each where the lexicon expects them.
    tells_maqsura: bool,
    /// Verdicts by word as written.
    memo: FxHashMap<&'t str, Edge>,
}

/// What a word is at a mention's edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edge {
    /// The lexicon reads it as a function word.
    closed: bool,
    /// The lexicon reads it as a verb.
    verb: bool,
    /// A function word as written (علي with ي is not the particle على as
    /// written, whatever the text's habits).
    particle_as_written: bool,
    /// A function word in this text (علي is the particle in a text that
    /// does not tell ى from ي; [`ClosedWords::may_name`] reads its context).
    particle_here: bool,
    /// A function word as written with nothing written onto it (على, عن, من,
    /// أن, هو): never a mention by itself, nor its last word when a word it
    /// can govern follows. Words with a proclitic are left to the model (واين
    /// is "and where" to the lexicon, Wayne to the model, which read the
    /// context).
    particle: bool,
    /// A weekday with its article (الثلاثاء; خميس and جمعة alone are names).
    weekday: bool,
    /// A number word (ثلاثة, مليون).
    number: bool,
    /// An ordinal or number word, which a number word after it completes
    /// (الثالث عشر, خمسة عشر).
    numeral: bool,
}

/// The last letter of a word as written (marks after it skipped).
fn last_letter(written: &str) -> Option<char> {
    written.chars().rev().find(|&c| !text::is_mark(c))
}

impl<'t, 'l> ClosedWords<'t, 'l> {
    /// `written`: the text's distinct Arabic words as written.
    fn new<'w>(text: &'t str, written: impl Iterator<Item = &'w str>, lex: &'l dyn Lexical) -> ClosedWords<'t, 'l> {
        // the text's words written with a final ى: read by the lexicon as words
        // that end in ى (على, مصطفى), or as words that end in ي (فى, التى)
        let (mut right, mut wrong) = (0, 0);
        for w in written.filter(|w| last_letter(w) == Some('ى')) {
            let info = lex.lex_info(w);
            if info.known {
                if info.maqsura {
                    right += 1;
                } else {
                    wrong += 1;
                }
            }
        }
        ClosedWords { text, lex, tells_maqsura: right > 0 && wrong * 4 <= right, memo: FxHashMap::default() }
    }

    /// What an Arabic token is at a mention's edge (the lexicon reads it as
    /// written, with its clitics: وعلى is and + on).
    fn edge(&mut self, tok: &Tok) -> Edge {
        let written = tok.text(self.text);
        if let Some(&e) = self.memo.get(written) {
            return e;
        }
        let info = self.lex.lex_info(written);
        // the lexicon's ى reading of a word written with ي
        let folded = info.maqsura && last_letter(written) == Some('ي');
        let particle_as_written = info.closed && !folded;
        let particle_here = info.closed && !(folded && self.tells_maqsura);
        let particle = particle_as_written && !info.prefixed;
        let gloss = if info.closed || !info.known { None } else { self.lex.gloss(&tok.norm).map(|(g, _)| g.to_ascii_lowercase()) };
        let weekday = gloss.as_deref().is_some_and(is_weekday) && strip_article(&tok.norm).is_some();
        let number = gloss.as_deref().is_some_and(is_number);
        let numeral = number || gloss.as_deref().is_some_and(|g| matches!(g, "first" | "second" | "third") || g.ends_with("th"));
        let verb = info.pos.is_some_and(|p| p.starts_with("VERB") || p.starts_with("PV") || p.starts_with("IV") || p.starts_with("CV"));
        let e = Edge { closed: info.closed, verb, particle_as_written, particle_here, particle, weekday, number, numeral };
        self.memo.insert(written, e);
        e
    }

    /// Whether token `i` (an Arabic word) may be a name the text repeats: not a
    /// function word here. A word the lexicon reads as a preposition only by
    /// folding ي to ى (علي), in a text that gives no evidence either way, is
    /// the preposition when a word that can be its object follows (علي
    /// الأغلبية), and the name when none does (الإمام علي 63 سنة, وأضاف علي أن).
    fn may_name(&mut self, toks: &[Tok], i: usize) -> bool {
        let e = self.edge(&toks[i]);
        // A repetition is read without its context: a word the lexicon reads as a verb
        // or a number word (وكان, الثاني after عبد الله الثاني) is that, not the name.
        if e.verb || e.numeral || e.weekday {
            return false;
        }
        if !e.particle_here {
            return true;
        }
        if e.particle_as_written {
            return false;
        }
        !self.governs(toks, i + 1)
    }

    /// Whether token `i` is an Arabic word that a preposition or a number before
    /// it can govern: a noun or adjective, not a function word or a verb.
    fn governs(&mut self, toks: &[Tok], i: usize) -> bool {
        toks.get(i).is_some_and(|t| t.kind == Kind::Arabic && {
            let e = self.edge(t);
            !e.closed && !e.verb
        })
    }

    /// Ends mentions where they ran on past a name: takes off the end of a span
    /// a weekday (… جون كيري الثلاثاء), and a number word or function word
    /// followed by the word it governs (… ثلاثة وزراء, … الشعبية من جهة); a
    /// number word completing an ordinal stays (السادس عشر), and a listed name
    /// is never cut (بئر سبع). Drops a one-word span that is a particle
    /// ([`Edge::particle`]; the model's علي in a text that does not tell ى
    /// from ي stands: it read the context). `foreign(word)` says whether a word
    /// reads as a foreign name (لي is Lee, the Chinese surname), `listed(span)`
    /// whether the gazetteer names the span. Only Arabic words are judged.
    fn trim_spans(&mut self, toks: &[Tok], spans: &mut Vec<Span>, mut foreign: impl FnMut(&str) -> bool, mut listed: impl FnMut(Span) -> bool) {
        spans.retain_mut(|span| {
            let (a, b) = (&mut span.0, &mut span.1);
            // letters spelled out (سي ان ان for CNN, بي بي سي) are not words
            if *b > *a + 1 && toks[*a..*b].iter().all(|t| t.kind != Kind::Arabic || t.norm.chars().nth(2).is_none()) {
                return true;
            }
            if *b > *a + 1 && listed(*span) {
                return true;
            }
            let (a, b) = (&mut span.0, &mut span.1);
            while *b > *a + 1 && toks[*b - 1].kind == Kind::Arabic {
                // the word after عبد is part of the name (عبد الواحد, not "one")
                if toks[*b - 2].norm == "عبد" {
                    break;
                }
                let e = self.edge(&toks[*b - 1]);
                let completes = e.number && self.edge(&toks[*b - 2]).numeral;
                let run_on = e.weekday || ((e.number && !completes || e.particle) && self.governs(toks, *b) && !foreign(&toks[*b - 1].norm));
                if !run_on {
                    break;
                }
                *b -= 1;
            }
            !(*b == *a + 1 && toks[*a].kind == Kind::Arabic && self.edge(&toks[*a]).particle && !foreign(&toks[*a].norm))
        });
    }
}

/// True for the English gloss of a weekday.
fn is_weekday(gloss: &str) -> bool {
    matches!(gloss, "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")
}

/// True for the English of a number word (lower case): `thirty`, `hundred`.
pub(crate) fn is_number(gloss: &str) -> bool {
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty",
        "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "dozen",
        // the plurals that say "many" (عشرات "tens", مئات "hundreds", آلاف "thousands")
        "tens", "dozens", "hundreds", "thousands", "millions", "billions",
    ];
    WORDS.contains(&gloss)
}

/// The English names made so far for a text's mentions, and the searches and
/// spellings they were made from.
#[derive(Default)]
struct Naming<'t> {
    names: render::NameCache,
    /// Each name rendered, and whether it is a guess, keyed by type and words in
    /// one string (the same name recurs: it is rendered once).
    rendered: FxHashMap<String, (String, bool)>,
    /// The key and the words of the mention at hand (kept for their room).
    key: String,
    words: Vec<&'t str>,
}

impl<'t> Naming<'t> {
    /// The English name of a mention of type `kind` made of `words`, from
    /// `render` the first time (which is given the words and the name cache),
    /// and whether it is a guess ([`render::NameCache::guessed`]).
    fn english(&mut self, kind: &'static str, words: impl Iterator<Item = &'t str>, render: impl FnOnce(&[&'t str], &mut render::NameCache) -> String) -> (String, bool) {
        self.words.clear();
        self.words.extend(words);
        self.key.clear();
        self.key.push_str(kind);
        for w in &self.words {
            self.key.push(' ');
            self.key.push_str(w);
        }
        if let Some(e) = self.rendered.get(self.key.as_str()) {
            return e.clone();
        }
        self.names.guessed = false;
        let e = (render(&self.words, &mut self.names), self.names.guessed);
        self.rendered.insert(self.key.clone(), e.clone());
        e
    }
}

/// True for a word that titles a person (الرئيس, الشيخ, المشير, وزير): a person
/// cue of the features, with or without the article and a proclitic.
fn is_title(t: &Tok) -> bool {
    if t.kind != Kind::Arabic {
        return false;
    }
    let core = strip_article(&t.norm).map_or(&*t.norm, |(_, c)| c);
    matches!(core, "مشير" | "حاخام" | "بطريرك" | "كاردينال") || (features::cue_class(core) == Some("P") && features::cue_class(&t.norm) != Some("O"))
}

/// A span of tokens (`a..b`) with its type.
type Span = (usize, usize, &'static str);

/// Words before a place's name that make it a country's: سلطنة عمان, عاصمة عمان
/// ("the capital of Oman").
const COUNTRY_WORDS: [&str; 6] = ["سلطنة", "مملكة", "جمهورية", "دولة", "امارة", "عاصمة"];

/// What [`EntityRecognizer::city_by_country`] works out once per text.
#[derive(Default)]
struct Homographs<'g> {
    /// The text's sentences.
    sentences: Option<Vec<(usize, usize)>>,
    /// The votes of the whole text (its distinct words) for each pair of
    /// countries asked (a few: a list, where a map would cost the wasm its code).
    text_votes: Vec<((&'g str, &'g str), (usize, usize))>,
    /// What a one-word place names, by its word's number (with the English the
    /// look-up was for): the country, the city's country and the city, when it is
    /// such a homograph.
    one_word: Vec<Option<(String, Option<(&'g str, &'g str, &'g str)>)>>,
}

/// True when `norp` is the nationality of the country named `country` in
/// English: the name and an ending (Jordan → Jordanian, Oman → Omani), or the
/// name without its last vowel and an ending (Italy → Italian, Georgia → Georgian).
fn nationality_of(country: &str, norp: &str) -> bool {
    if norp.len() <= country.len() {
        return false;
    }
    norp.starts_with(country) || country.strip_suffix(['a', 'y', 'e']).is_some_and(|stem| stem.len() >= 3 && norp.starts_with(stem))
}

/// The range covering each token, if any, by its number: ranges of tokens
/// (`a..b`) that never overlap, such as spans.
struct Owners(
    /// Each token's range number plus one, 0 for none (so a new table is
    /// zeroed memory).
    Vec<u32>,
);

impl Owners {
    /// The owners of `n` tokens in `ranges`, numbered in order.
    fn new(n: usize, ranges: impl Iterator<Item = (usize, usize)>) -> Owners {
        let mut owners = Owners(vec![0; n]);
        for (k, (a, b)) in ranges.enumerate() {
            owners.set(a..b, Some(k));
        }
        owners
    }

    fn get(&self, token: usize) -> Option<usize> {
        self.0[token].checked_sub(1).map(|k| k as usize)
    }

    fn set(&mut self, tokens: std::ops::Range<usize>, owner: Option<usize>) {
        self.0[tokens].fill(owner.map_or(0, |k| k as u32 + 1));
    }
}

/// Whether each of `n` tokens is in one of the ranges (`a..b`).
fn covered(n: usize, ranges: impl Iterator<Item = (usize, usize)>) -> Vec<bool> {
    let mut taken = vec![false; n];
    for (a, b) in ranges {
        taken[a..b].fill(true);
    }
    taken
}

/// A word that heads organisation names (حزب, وكالة) and names nothing itself,
/// by the kinds of its entries.
fn is_bare_head(kinds: KindSet) -> bool {
    kinds & bit(GazKind::OrgWord) != 0 && kinds & naming_kinds() == 0
}

/// A one-word mention without the conjunction or preposition before its article
/// (والرقة → الرقة); other words as they are. `article` is [`strip_article`] of
/// the word.
fn strip_lead_clitics<'w>(norm: &'w str, article: Option<(usize, &str)>) -> &'w str {
    match article {
        Some((k, _)) if k >= 3 => match norm.char_indices().nth(k - 2) {
            Some((b, 'ا')) => &norm[b..],
            _ => norm,
        },
        _ => norm,
    }
}

/// The word without its first `n` letters.
fn skip_chars(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or("", |(b, _)| &word[b..])
}

/// Gazetteer kinds as bits, bit `kind as u16` for each kind (as in [`TokInfo::gaz`]).
type KindSet = u16;

const fn bit(kind: GazKind) -> KindSet {
    1 << kind as u16
}

/// The kinds whose entries name an entity ([`GazKind::entity_type`]).
fn naming_kinds() -> KindSet {
    static KINDS: std::sync::OnceLock<KindSet> = std::sync::OnceLock::new();
    *KINDS.get_or_init(|| (0..GazKind::COUNT as u8).filter_map(GazKind::from_u8).filter(|k| k.entity_type().is_some()).fold(0, |m, k| m | bit(k)))
}

/// A word's part in an institution's name ([`EntityRecognizer::add_institutions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A nationality (الأميركية).
    Norp,
    /// A word that heads institutions (القيادة, جيش).
    Head,
    /// An adjective listed for institutions (الوسطى).
    Adj,
    /// Another institution word.
    Noun,
    /// A country, city or region.
    Place,
}

/// The role of the first entry under the lookup forms that is a nationality or
/// an institution word, else a place if there is one.
fn role_of(forms: &[&str], gaz: &Gazetteer) -> Option<Role> {
    let mut place = false;
    for f in forms {
        for e in gaz.get(f) {
            match e.kind {
                GazKind::Norp => return Some(Role::Norp),
                GazKind::OrgWord if e.english.starts_with("head:") => return Some(Role::Head),
                GazKind::OrgWord if e.english.starts_with("adj:") => return Some(Role::Adj),
                GazKind::OrgWord => return Some(Role::Noun),
                GazKind::Country | GazKind::City | GazKind::Region => place = true,
                _ => {}
            }
        }
    }
    place.then_some(Role::Place)
}

/// A word with one or two proclitic letters removed ([`proclitic_strips`]).
#[derive(Debug, Clone, Copy, Default)]
struct Strip<'t> {
    /// How many letters came off.
    letters: usize,
    rest: &'t str,
    /// The kinds of the rest's entries under its lookup forms.
    kinds: KindSet,
}

/// What the rules ask of one distinct word, found once per text.
#[derive(Debug, Clone, Copy)]
struct WordFacts<'t> {
    word: &'t str,
    /// [`strip_article`] of the word.
    article: Option<(usize, &'t str)>,
    /// The kinds of its entries under its lookup forms ([`features::lookup_forms`]).
    kinds: KindSet,
    /// For each lookup form, the most words of a multiword key it starts (0 if none).
    first_max: [usize; 2],
    /// For a word without the article that starts with a proclitic (و، ف، ب، ل، ك,
    /// or two of them: ول، فب): the letters that come off and the rest, when the
    /// rest starts a multiword key and the word as written does not (وجاك شيراك →
    /// جاك شيراك, لريال مدريد → ريال مدريد, بتنظيم القاعدة → تنظيم القاعدة). Its count
    /// of words is then `first_max[1]`, the slot the article's core has otherwise.
    conj_rest: Option<(usize, &'t str)>,
    /// The type of the well-known person or organisation it names alone, if any.
    alone: Option<&'static str>,
    role: Option<Role>,
    /// When it is a head word, possibly after a conjunction or preposition (ووزارة,
    /// لجامعة): whether it is then definite.
    head: Option<bool>,
    /// [`proclitic_strips`] of the word, shortest first: `strips[..n_strips]`.
    strips: [Strip<'t>; 2],
    n_strips: usize,
    /// [`strip_lead_clitics`] of the word.
    lead: &'t str,
    /// The word starts with a proclitic letter and is itself a name as written:
    /// a given name (وليد, فيصل) or a name the team's table spells (لولا, كوفي).
    whole_name: bool,
}

impl<'t> WordFacts<'t> {
    /// The facts of `word` from the gazetteer. `info` is what the feature extractor
    /// found of the word already, when it saw it as Arabic ([`features::word_info`]):
    /// its article and gazetteer kinds. Most words have no entries at all, and
    /// with those kinds at hand they are not looked up again.
    fn new(word: &'t str, info: Option<&TokInfo<'t>>, gaz: &Gazetteer) -> WordFacts<'t> {
        let article = match info {
            Some(i) => (!i.clitic.is_empty()).then(|| (i.clitic.chars().count(), i.core)),
            None => strip_article(word),
        };
        // the forms of `features::lookup_forms`, from the article already found
        let pair = [word, article.map_or("", |(_, core)| core)];
        let forms = &pair[..if article.is_some() { 2 } else { 1 }];
        let kinds = info.map_or_else(|| features::forms_mask(gaz, forms), |i| i.gaz);
        let mut first_max = [0; 2];
        // keys of several words have a first word of their own (`mw_first` is 0 or at least 2)
        if info.is_none_or(|i| i.mw_first >= 2) {
            for (m, f) in first_max.iter_mut().zip(forms) {
                *m = gaz.first_word_max(f);
            }
        }
        let alone = if kinds & (bit(GazKind::Person) | bit(GazKind::Org)) != 0 {
            let e = forms.iter().flat_map(|f| gaz.get(f)).find(|e| matches!(e.kind, GazKind::Person | GazKind::Org));
            e.and_then(|e| e.kind.entity_type())
        } else {
            None
        };
        let roles = [GazKind::Norp, GazKind::OrgWord, GazKind::Country, GazKind::City, GazKind::Region];
        let role = if kinds & roles.iter().fold(0, |m, &k| m | bit(k)) != 0 { role_of(forms, gaz) } else { None };
        // the strips' kinds together, for a word without its article
        let strip_kinds = info.filter(|_| article.is_none()).map(|i| i.gaz_strip);
        let mut strips = [Strip::default(); 2];
        let mut n_strips = 0;
        let mut head = (role == Some(Role::Head)).then_some(article.is_some());
        // only a word that starts with a proclitic letter has strips (most do not)
        let stripped = word.starts_with(text::is_proclitic_letter).then(|| proclitic_strips(word));
        for (letters, rest) in stripped.into_iter().flatten() {
            let mut kinds = 0;
            if strip_kinds != Some(0) {
                let forms = features::lookup_forms(rest);
                kinds = features::forms_mask(gaz, forms.as_slice());
                if head.is_none() && kinds & bit(GazKind::OrgWord) != 0 && role_of(forms.as_slice(), gaz) == Some(Role::Head) {
                    head = Some(forms.as_slice().len() == 2);
                }
            }
            strips[n_strips] = Strip { letters, rest, kinds };
            n_strips += 1;
        }
        // a name of several words after a conjunction or preposition written onto
        // it (وجاك شيراك, لحلف شمال الأطلسي): its first word as listed, shortest strip
        // first
        let mut conj_rest = None;
        if article.is_none() && first_max[0] < 2 {
            if let Some(s) = strips[..n_strips].iter().find(|s| gaz.first_word_max(s.rest) >= 2) {
                first_max[1] = gaz.first_word_max(s.rest);
                conj_rest = Some((s.letters, s.rest));
            }
        }
        let lead = strip_lead_clitics(word, article);
        let whole_name = n_strips > 0 && (kinds & bit(GazKind::GivenName) != 0 || !gaz.get_kind(word, GazKind::Spelling).is_none());
        WordFacts { word, article, kinds, first_max, conj_rest, alone, role, head, strips, n_strips, lead, whole_name }
    }

    /// The lookup forms ([`features::lookup_forms`]) with the most words of a
    /// multiword key each starts.
    fn forms(&self) -> impl Iterator<Item = (&'t str, usize)> + '_ {
        let core = self.article.map(|(_, core)| core).or(self.conj_rest.map(|(_, rest)| rest));
        std::iter::once(self.word).chain(core).zip(self.first_max)
    }

    fn strips(&self) -> &[Strip<'t>] {
        &self.strips[..self.n_strips]
    }

    /// How many letters of conjunction/preposition to leave out of a mention's
    /// first word: those before its article (والرقة → الرقة), or a one- or
    /// two-letter proclitic when the rest is a known name (وسوريا → سوريا) or
    /// stands alone elsewhere in the text (is one of `standalone`, the text's
    /// words) while the whole does not name anything.
    fn clitic_trim(&self, standalone: &FxHashMap<&str, u32>, gaz: &Gazetteer) -> usize {
        if let Some((k, _)) = self.article {
            // a name whose first letters read as a clitic and the article, listed as
            // written (فالنسيا is Valencia, not ف + النسيا)
            if gaz.get(self.word).into_iter().any(|e| e.kind.entity_type().is_some()) {
                return 0;
            }
            // k counts the article; never cut into لل (ل + ال)
            let before = k - 2;
            if self.word.chars().nth(before) == Some('ا') {
                return before;
            }
            return 0;
        }
        // a word that names something as written, or starts a listed name of
        // several words (فرانس برس: not ف + رانس, the French town Reims)
        if self.kinds & naming_kinds() != 0 || self.first_max[0] >= 2 {
            return 0;
        }
        // the conjunction before a listed name of several words (وجاك شيراك); other
        // proclitics come off only where the mention is the listed name (`entity`)
        if matches!(self.conj_rest, Some((1, _))) && self.word.starts_with(['و', 'ف']) {
            return 1;
        }
        // a name, a given name or an institution word; a word that is a given
        // name as written (وليد, not و + ليد) loses a letter only to a name
        let known = if self.whole_name { naming_kinds() } else { naming_kinds() | bit(GazKind::GivenName) | bit(GazKind::OrgWord) };
        self.strips().iter().find(|s| s.kinds & known != 0 || (!self.whole_name && standalone.contains_key(s.rest))).map_or(0, |s| s.letters)
    }

    /// The kinds of the word without its first `letters` letters, which is the
    /// word or one of its strips (as the mention trims make it).
    fn kinds_without(&self, letters: usize, gaz: &Gazetteer) -> KindSet {
        if letters == 0 {
            return self.kinds;
        }
        match self.strips().iter().find(|s| s.letters == letters) {
            Some(s) => s.kinds,
            None => features::forms_mask(gaz, features::lookup_forms(skip_chars(self.word, letters)).as_slice()),
        }
    }
}

/// The distinct words of a text (tokens' normal forms), each token's word, and
/// each word's facts, so that the rules look up a word's gazetteer facts once per
/// text rather than once per occurrence and once per rule.
struct Distinct<'t, 'w> {
    /// Each word's number.
    index: FxHashMap<&'t str, u32>,
    /// The words' facts by number.
    facts: Vec<WordFacts<'t>>,
    /// The number of each word as written ([`TextWords::views`]): a token's
    /// number is that of its written word, found through [`TextWords::ids`]
    /// (no array per token to fill).
    by_written: Vec<u32>,
    /// Each token's written word ([`TextWords::ids`]).
    written: &'w [u32],
    /// Whether each word may start a listed name ([`EntityRecognizer::add_listed`]):
    /// it starts a multiword key or names someone alone.
    listable: Vec<bool>,
    /// Each token's kind ([`TextWords::kinds`]).
    kinds: &'w [Kind],
}

impl<'t, 'w> Distinct<'t, 'w> {
    /// The normal forms of the words the model saw (distinct as written, which
    /// several spellings of one normal form can be): numbered once per written
    /// form, not once per token.
    fn new(written: &'w TextWords<'t>, gaz: &Gazetteer) -> Distinct<'t, 'w> {
        let mut index: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(written.views.len(), Default::default());
        let mut facts = Vec::with_capacity(written.views.len());
        let by_written: Vec<u32> = written
            .views
            .iter()
            .zip(&written.info)
            .map(|(v, info)| {
                *index.entry(v.norm).or_insert_with(|| {
                    // what the feature extractor found of a word holds for its
                    // normal form when it read the word as Arabic
                    facts.push(WordFacts::new(v.norm, (v.kind == Kind::Arabic).then_some(info), gaz));
                    facts.len() as u32 - 1
                })
            })
            .collect();
        let listable = facts.iter().map(|w| w.first_max.iter().any(|&m| m >= 2) || w.alone.is_some()).collect();
        Distinct { index, facts, by_written, written: &written.ids, listable, kinds: &written.kinds }
    }

    /// The number of token `i`'s word.
    #[inline]
    fn id(&self, i: usize) -> u32 {
        self.by_written[self.written[i] as usize]
    }

    /// The facts of token `i`'s word.
    fn at(&self, i: usize) -> &WordFacts<'t> {
        &self.facts[self.id(i) as usize]
    }
}

/// The UTF-16 and byte offsets after the first `letters` letters of a token (marks
/// after a skipped letter are skipped with it).
fn skip_letters(text: &str, tok: &Tok, letters: usize) -> (u32, usize) {
    if letters == 0 {
        return (tok.start, tok.byte_start);
    }
    let mut u16pos = tok.start;
    let mut seen = 0;
    for (b, c) in text[tok.byte_start..tok.byte_end].char_indices() {
        let is_letter = text::fold_char(c).is_some() && c != '\u{200C}';
        if is_letter {
            if seen == letters {
                return (u16pos, tok.byte_start + b);
            }
            seen += 1;
        }
        u16pos += c.len_utf16() as u32;
    }
    (tok.end, tok.byte_end)
}

fn type_name(t: &str) -> &'static str {
    match t {
        "PER" => "PER",
        "LOC" => "LOC",
        "ORG" => "ORG",
        "NORP" => "NORP",
        "FAC" => "FAC",
        _ => "MISC",
    }
}

/// Sentence ranges of a token list: cut at sentence-ending punctuation and line
/// breaks, and at [`MAX_SENTENCE`] tokens.
pub fn sentences(toks: &[Tok]) -> Vec<(usize, usize)> {
    let kinds: Vec<Kind> = toks.iter().map(|t| t.kind).collect();
    sentence_ranges(&kinds, |i| toks[i].norm == "\n")
}

/// [`sentences`] from the tokens' kinds; `line_break(i)` says whether the end
/// token `i` is a line break (asked of end tokens only).
fn sentence_ranges(kinds: &[Kind], line_break: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, &k) in kinds.iter().enumerate() {
        let end = k == Kind::End;
        if end || i + 1 - a >= MAX_SENTENCE {
            // a line break token is not part of any sentence
            let b = if end && line_break(i) { i } else { i + 1 };
            if b > a {
                out.push((a, b));
            }
            a = i + 1;
        }
    }
    if a < kinds.len() {
        out.push((a, kinds.len()));
    }
    out
}

/// True for a round or square bracket token.
fn is_bracket(t: &Tok, text: &str) -> bool {
    t.kind == Kind::Punct && matches!(t.text(text), "(" | ")" | "[" | "]")
}

/// How many words from a word of sport a club's bare name is read as the club.
const SPORT_REACH: usize = 12;

/// Words that say a sentence is about sport (normal form, without the article and
/// the proclitics before it): matches, leagues, goals, winning and drawing,
/// teams, players and coaches.
fn is_sport_word(norm: &str) -> bool {
    const WORDS: [&str; 36] = [
        "مباراة", "مباراتين", "مباريات", "دوري", "هدف", "هدفا", "هدفين", "اهداف", "فاز", "فوز", "تعادل", "خسر", "خسارة", "هزم", "منتخب", "لاعب", "لاعبي", "لاعبين", "لاعبو",
        "مدرب", "ملعب", "كاس", "بطولة", "شوط", "ركلة", "نقطة", "نقاط", "مرمى", "هداف", "فريق", "فرق", "مهاجم", "مدافع", "حارس", "تدريبات", "درجة",
    ];
    // a set, asked of every distinct word of a text
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| WORDS.into_iter().collect());
    let core = strip_article(norm).map_or(norm, |(_, c)| c);
    set.contains(norm) || set.contains(core) || proclitic_strips(norm).next().is_some_and(|(_, r)| set.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analyser from `build/data/lexicon.bin`, if built.
    fn analyzer() -> Option<crate::analyze::Analyzer> {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/build/data/lexicon.bin")).ok()?;
        Some(crate::analyze::Analyzer::new(crate::lexicon::Lexicon::from_bytes(&bytes).ok()?))
    }

    /// Mentions that ran on past a name (as a model trained on other text
    /// gives them) end where the name ends; names that end in a number word
    /// or a word spelled like a particle keep it.
    #[test]
    fn mentions_that_run_on_end_with_the_name() {
        let Some(an) = analyzer() else {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "build/data/lexicon.bin is missing");
            eprintln!("SKIP: build/data/lexicon.bin is missing");
            return;
        };
        // (text, the words of the mention as found, the words it must keep)
        let table: &[(&str, usize, usize)] = &[
            ("وصل جون كيري الثلاثاء إلى القاهرة", 3, 2),
            ("استقبل محمد بن سلمان ثلاثة وزراء", 4, 3),
            ("وصلت الصين الشعبية من جهة أخرى", 3, 2),
            ("قال أنسيلم جودين هو رجل", 3, 2),
            // an ordinal completed by a number word, a name that is a weekday
            // without its article, a number before a verb, a foreign name
            ("زار البابا بنديكت السادس عشر القدس", 4, 4),
            ("قال علي جمعة مفتي مصر", 2, 2),
            ("بلغوا بئر سبع صلى هناك", 2, 2),
            ("قال المخرج سبايك لي اليوم", 2, 2),
        ];
        for &(text, found, keep) in table {
            let toks = tokenize(text);
            // the mention starts at the second word (the first is the verb)
            let mut spans = vec![(1, 1 + found, "PER")];
            let mut closed = ClosedWords::new(text, toks.iter().map(|t| t.text(text)), &an);
            closed.trim_spans(&toks, &mut spans, |w| matches!(w, "لي"), |_| false);
            assert_eq!(spans, vec![(1, 1 + keep, "PER")], "{text}");
        }
        // a particle alone is no mention; a name spelled like one stays in a
        // text that writes ى where it belongs
        for (text, kept) in [("ووافق على القرار", false), ("حصل على الأغلبية وقال علي إن", true)] {
            let toks = tokenize(text);
            let i = toks.iter().rposition(|t| t.norm == "علي").unwrap();
            let mut spans = vec![(i, i + 1, "PER")];
            let mut closed = ClosedWords::new(text, toks.iter().map(|t| t.text(text)), &an);
            closed.trim_spans(&toks, &mut spans, |_| false, |_| false);
            assert_eq!(!spans.is_empty(), kept, "{text}");
            assert_eq!(closed.may_name(&toks, i), kept, "{text}");
        }
    }
}
