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
pub mod words;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::error::Error;
use features::{sentence_features, Place, TokInfo, TokView};
use gazetteer::{GazKind, Gazetteer};
use lexical::Lexical;
use model::{Model, Scores, LABELS};
use words::TextWords;
use text::{proclitic_strips, strip_article, tokenize, Kind, Tok};

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
}

/// Finds entities. Build once from the model and gazetteer bytes; recognition does
/// not change it.
pub struct EntityRecognizer {
    model: Model,
    gaz: Gazetteer,
}

/// Longest sentence the decoder sees at once; longer runs are cut.
const MAX_SENTENCE: usize = 256;

impl EntityRecognizer {
    /// Loads the model (`data/entities/ner.model`) and gazetteer
    /// (`build/data/gazetteer.bin`) from bytes. Errors name the file and say how
    /// to rebuild it.
    pub fn from_bytes(model: &[u8], gazetteer: &[u8]) -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer { model: Model::from_bytes(model)?, gaz: Gazetteer::from_bytes(gazetteer)? })
    }

    /// A recogniser from a loaded model and gazetteer.
    pub fn new(model: Model, gaz: Gazetteer) -> EntityRecognizer {
        EntityRecognizer { model, gaz }
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
        self.label_words(&TextWords::new(text, toks, &self.gaz, lex, &self.model), toks)
    }

    /// [`EntityRecognizer::label_tokens`] over the text's distinct words, already
    /// worked out.
    fn label_words(&self, words: &TextWords, toks: &[Tok]) -> Vec<&'static str> {
        let mut labels = vec!["O"; toks.len()];
        let mut feats = Vec::new();
        let mut scores: Vec<Scores> = Vec::new();
        let mut padded: Vec<u32> = Vec::new();
        for (a, b) in sentences(toks) {
            let ids = &words.ids[a..b];
            let views: Vec<TokView> = ids.iter().map(|&w| words.views[w as usize]).collect();
            let mut info: Vec<TokInfo> = ids.iter().map(|&w| words.info[w as usize]).collect();
            features::add_context(&views, &mut info, &self.gaz);
            let n = ids.len();
            // the sentence's words between two boundaries on each side, so every
            // neighbour of token i is at a fixed offset from i + 2 in `padded`
            let edge = words.boundary();
            padded.clear();
            padded.extend([edge, edge]);
            padded.extend_from_slice(ids);
            padded.extend([edge, edge]);
            scores.clear();
            for i in 0..n {
                // the places of `features::token_features` (`Place::applies`)
                let at = |j: usize, place: Place| &words.scores(padded[j])[place as usize];
                let mut acc = *at(i + 2, Place::Own);
                words::add(&mut acc, at(i + 1, Place::Prev));
                words::add(&mut acc, at(i + 3, Place::Next));
                words::add(&mut acc, at(i, Place::Prev2));
                words::add(&mut acc, at(i + 4, Place::Next2));
                if info[i].lex[0] != 0 {
                    words::add(&mut acc, at(i + 1, Place::PrevLex));
                    words::add(&mut acc, at(i + 3, Place::NextLex));
                }
                feats.clear();
                features::context_features(&views, &info, i, &mut feats);
                self.model.add_scores(&feats, &mut acc);
                scores.push(acc);
            }
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
        let words = TextWords::new(text, toks, &self.gaz, lex, &self.model);
        let labels = self.label_words(&words, toks);
        // token spans (a..b) with their type
        let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if let Some(t) = labels[i].strip_prefix("B-") {
                let mut j = i + 1;
                while j < toks.len() && labels[j].strip_prefix("I-") == Some(t) {
                    j += 1;
                }
                spans.push((i, j, type_name(t)));
                i = j;
            } else {
                i += 1;
            }
        }
        // Spans never overlap (each rule removes what its additions overlap), so
        // their order before sorting does not matter.
        let distinct = Distinct::new(&words);
        // English-name searches and spellings, shared by the rules and the rendering
        let mut names = render::NameCache::new();
        self.add_quoted_orgs(toks, &mut spans);
        self.add_listed(toks, &distinct, &mut spans);
        self.add_institutions(toks, &distinct, &mut spans);
        if lex.is_none() {
            // with the analyser the model finds these itself, and better (dev split)
            self.add_titled_persons(toks, &mut spans, lex, &mut names);
        }
        spans.sort();
        self.add_coordinated_places(toks, &mut spans);
        self.add_repeated(toks, &distinct, &mut spans);
        spans.sort();
        let mut out = Vec::with_capacity(spans.len());
        // the same name recurs: render it once
        let mut rendered: FxHashMap<(&'static str, String), String> = FxHashMap::default();
        for (mut a, mut b, kind) in spans {
            // a mention starts and ends on a word, never on a quote or bracket
            let wordy = |t: &Tok| matches!(t.kind, Kind::Arabic | Kind::Latin | Kind::Digit);
            while a < b && !wordy(&toks[a]) {
                a += 1;
            }
            while b > a && !wordy(&toks[b - 1]) {
                b -= 1;
            }
            if a == b {
                continue;
            }
            let first = &toks[a];
            // words that stand alone somewhere in the document (for clitic
            // decisions): the text's distinct words (a clitic strip of an Arabic
            // word can only equal an Arabic word)
            let mut trim = self.clitic_trim(&first.norm, &distinct.index);
            if trim == 0 && kind == "PER" {
                trim = self.foreign_name_trim(&first.norm, &mut names);
            }
            let trimmed_first = skip_chars(&first.norm, trim);
            if trimmed_first.is_empty() || (trimmed_first.chars().count() < 2 && b - a == 1) {
                continue;
            }
            // a bare word that heads organisation names (حزب, وكالة) names nothing
            if b - a == 1 && self.is_bare_head(trimmed_first) {
                continue;
            }
            let mut words: Vec<&str> = vec![trimmed_first];
            words.extend(toks[a + 1..b].iter().filter(|t| t.kind == Kind::Arabic || t.kind == Kind::Latin).map(|t| t.norm.as_str()));
            let (start, byte_start) = skip_letters(text, first, trim);
            let english = if toks[a..b].iter().all(|t| t.kind == Kind::Latin || t.kind == Kind::Digit) {
                text[byte_start..toks[b - 1].byte_end].to_string()
            } else {
                let key = (kind, words.join(" "));
                match rendered.get(&key) {
                    Some(e) => e.clone(),
                    None => {
                        let e = render::english_cached(&words, kind, &self.gaz, &mut names, lex);
                        rendered.insert(key, e.clone());
                        e
                    }
                }
            };
            if english.trim().is_empty() {
                continue;
            }
            out.push(Entity { start, end: toks[b - 1].end, byte_start, byte_end: toks[b - 1].byte_end, kind, english });
        }
        out
    }

    /// A name in quotes right after a word that heads organisation names (وكالة
    /// “أعماق”, لـ“مركز كويليام”) is an organisation: the quoted words, with the head
    /// word when it is inside the quotes. Replaces whatever the model found there.
    fn add_quoted_orgs(&self, toks: &[Tok], spans: &mut Vec<(usize, usize, &'static str)>) {
        let is_head = |t: &Tok| {
            t.kind == Kind::Arabic && {
                let core = strip_article(&t.norm).map_or(t.norm.as_str(), |(_, c)| c);
                let stripped = proclitic_strips(&t.norm).map(|(_, s)| s);
                std::iter::once(core).chain(stripped).any(|c| features::cue_class(c) == Some("O"))
            }
        };
        let mut i = 0;
        while i + 2 < toks.len() {
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
                    spans.retain(|&(x, y, _)| y <= i || x > close);
                    spans.push((first, close, "ORG"));
                    i = close + 1;
                }
                _ => i += 1,
            }
        }
    }

    /// A definite institution word followed by nationality or other adjectives
    /// (القيادة الأميركية الوسطى, الجيش السوري) names an organisation.
    fn add_institutions(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<(usize, usize, &'static str)>) {
        // the span covering each token, if any
        let mut owner: Vec<Option<usize>> = vec![None; toks.len()];
        for (k, &(a, b, _)) in spans.iter().enumerate() {
            owner[a..b].iter_mut().for_each(|o| *o = Some(k));
        }
        let role_of = |w: &str| -> Option<&'static str> {
            let mut place = false;
            for f in features::lookup_forms(w) {
                for e in self.gaz.get(f) {
                    match e.kind {
                        GazKind::Norp => return Some("norp"),
                        GazKind::OrgWord if e.english.starts_with("head:") => return Some("head"),
                        GazKind::OrgWord if e.english.starts_with("adj:") => return Some("adj"),
                        GazKind::OrgWord => return Some("noun"),
                        GazKind::Country | GazKind::City | GazKind::Region => place = true,
                        _ => {}
                    }
                }
            }
            place.then_some("place")
        };
        // each distinct word's role, and whether it is a head word, possibly after
        // a conjunction or preposition (ووزارة, لجامعة), and then definite
        let facts: Vec<(Option<&str>, Option<bool>)> = distinct
            .words
            .iter()
            .map(|&w| {
                let role = role_of(w);
                let head = if role == Some("head") {
                    Some(strip_article(w).is_some())
                } else {
                    proclitic_strips(w).find(|(_, rest)| role_of(rest) == Some("head")).map(|(_, rest)| strip_article(rest).is_some())
                };
                (role, head)
            })
            .collect();
        let arabic_fact = |i: usize| if toks[i].kind == Kind::Arabic { facts[distinct.id[i] as usize] } else { (None, None) };
        let role = |i: usize| arabic_fact(i).0;
        let head_at = |i: usize| arabic_fact(i).1;
        let mut add: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i + 1 < toks.len() {
            let Some(definite) = head_at(i) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            let (mut strong, mut any) = (false, false);
            while j < toks.len() && toks[j].kind == Kind::Arabic {
                let r = role(j);
                let has_article = strip_article(&toks[j].norm).is_some();
                match r {
                    Some("norp") | Some("adj") if has_article => strong = true,
                    Some("noun") if has_article && !definite => {}
                    // a place right after a bare head: جامعة القاهرة, وزارة خارجية مصر
                    Some("place") if !definite && j == i + 1 => strong = true,
                    _ => break,
                }
                any = true;
                j += 1;
            }
            let ok = if definite { strong } else { any && (strong || j > i + 1) };
            // existing spans must lie inside the institution (a place or nationality
            // the model found in it), not cross its edges
            let crosses = (i..j).filter_map(|k| owner[k]).any(|k| spans[k].0 < i || spans[k].1 > j);
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
        let mut within: Vec<Option<usize>> = vec![None; toks.len()];
        for (n, &(x, y)) in add.iter().enumerate() {
            within[x..y].iter_mut().for_each(|w| *w = Some(n));
        }
        spans.retain(|&(a, b, _)| within[a].is_none() || within[a] != within[b - 1]);
        spans.extend(add.into_iter().map(|(a, b)| (a, b, "ORG")));
    }

    /// A title or role (الباحث, الجنرال, وزير الداخلية الإيطالي) followed by words
    /// that read as names (Arabic given names, English names by transliteration,
    /// words the lexicon does not know) names a person. Used when no analyser is
    /// given, to make up for the model's missing lexical features.
    fn add_titled_persons(&self, toks: &[Tok], spans: &mut Vec<(usize, usize, &'static str)>, lex: Option<&dyn Lexical>, names: &mut render::NameCache) {
        let mut owner: Vec<Option<usize>> = vec![None; toks.len()];
        for (k, &(a, b, _)) in spans.iter().enumerate() {
            owner[a..b].iter_mut().for_each(|o| *o = Some(k));
        }
        let is_title = |t: &Tok| {
            t.kind == Kind::Arabic && {
                let core = strip_article(&t.norm).map_or(t.norm.as_str(), |(_, c)| c);
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
                let inside_other = (a..b).filter_map(|k| owner[k]).all(|k| spans[k].0 >= a && spans[k].1 <= b && spans[k].2 != "PER");
                let has_per = (a..b).filter_map(|k| owner[k]).any(|k| spans[k].2 == "PER");
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
    fn add_repeated(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<(usize, usize, &'static str)>) {
        let mut names: FxHashMap<&str, &'static str> = FxHashMap::default();
        for &(a, b, kind) in spans.iter() {
            let mut words = toks[a..b].iter().filter(|t| t.kind == Kind::Arabic).map(|t| t.norm.as_str());
            let Some(first) = words.next() else { continue };
            // the last Arabic word and the number of them
            let (last, n) = words.fold((first, 1), |(_, n), w| (w, n + 1));
            if kind == "PER" || n == 1 {
                let last = if a + 1 == b { strip_lead_clitics(last) } else { last };
                if last.chars().count() >= 3 && !matches!(last, "ابو" | "بن" | "ابن" | "عبد") {
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
        // a one-word mention of a person's name typed otherwise is that person
        for s in spans.iter_mut() {
            if s.1 == s.0 + 1 && s.2 != "PER" && toks[s.0].kind == Kind::Arabic {
                let w = toks[s.0].norm.as_str();
                let mut forms = std::iter::once(w).chain(proclitic_strips(w).map(|(_, x)| x));
                if forms.any(|f| names.get(f) == Some(&"PER")) && features::lookup_forms(w).iter().all(|f| self.gaz.get(f).is_empty()) {
                    s.2 = "PER";
                }
            }
        }
        let mut taken = vec![false; toks.len()];
        for &(a, b, _) in spans.iter() {
            taken[a..b].iter_mut().for_each(|t| *t = true);
        }
        // the name each distinct word repeats, if any
        let repeats: Vec<Option<&'static str>> = distinct
            .words
            .iter()
            .map(|&w| {
                let mut kind = names.get(w).copied();
                if kind.is_none() && w.starts_with(text::is_proclitic_letter) {
                    kind = proclitic_strips(w).find_map(|(_, s)| names.get(s).copied());
                    if kind.is_none() {
                        kind = names.get(strip_lead_clitics(w)).copied();
                    }
                }
                kind
            })
            .collect();
        for (i, t) in toks.iter().enumerate() {
            if taken[i] || t.kind != Kind::Arabic {
                continue;
            }
            if let Some(kind) = repeats[distinct.id[i] as usize] {
                spans.push((i, i + 1, kind));
            }
        }
    }

    /// Adds mentions of the project's well-known people and organisations and of
    /// multiword place names the model missed (never overlapping its entities).
    fn add_listed(&self, toks: &[Tok], distinct: &Distinct, spans: &mut Vec<(usize, usize, &'static str)>) {
        let maxw = self.gaz.max_words();
        // each distinct word: the most words of a listed name it may start, and the
        // type of the well-known person or organisation it names alone, if any
        let facts: Vec<(usize, Option<&'static str>)> = distinct
            .words
            .iter()
            .map(|&w| {
                let forms = features::lookup_forms(w);
                let first_max = forms.iter().map(|f| self.gaz.first_word_max(f)).max().unwrap_or(0).max(1);
                let alone = forms.iter().flat_map(|f| self.gaz.get(f)).find(|e| matches!(e.kind, GazKind::Person | GazKind::Org));
                (first_max, alone.and_then(|e| e.kind.entity_type()))
            })
            .collect();
        // Spans never overlap: the span covering each token (an index into
        // `spans`), and which spans are still there (removed at the end).
        let mut owner: Vec<Option<usize>> = vec![None; toks.len()];
        for (k, &(a, b, _)) in spans.iter().enumerate() {
            owner[a..b].iter_mut().for_each(|o| *o = Some(k));
        }
        let mut live = vec![true; spans.len()];
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind != Kind::Arabic {
                i += 1;
                continue;
            }
            let (first_max, alone) = facts[distinct.id[i] as usize];
            // names of several words, longest first; the first listed entry found
            // decides (even one without a type)
            let mut found = None;
            'len: for len in (2..=first_max.min(maxw).min(toks.len() - i)).rev() {
                if toks[i..i + len].iter().any(|t| t.kind != Kind::Arabic) {
                    continue;
                }
                for f in features::lookup_forms(&toks[i].norm) {
                    key.clear();
                    key.push_str(f);
                    for t in &toks[i + 1..i + len] {
                        key.push(' ');
                        key.push_str(&t.norm);
                    }
                    for e in self.gaz.get(&key) {
                        if matches!(e.kind, GazKind::Person | GazKind::Org | GazKind::Country | GazKind::Region) {
                            found = Some(e.kind.entity_type().map(|t| (len, t)));
                            break 'len;
                        }
                    }
                }
            }
            // else the word alone (when the gazetteer has keys at all)
            let found = found.unwrap_or_else(|| alone.filter(|_| maxw >= 1).map(|t| (1, t)));
            let Some((len, t)) = found else {
                i += 1;
                continue;
            };
            let (a, b) = (i, i + len);
            // a longer model mention of the same type around it stands (تنظيم داعش);
            // otherwise the listed name replaces what overlaps it (a span around it
            // covers its first token)
            let inside_same = owner[a].is_some_and(|k| {
                let (x, y, kind) = spans[k];
                x <= a && b <= y && (x, y) != (a, b) && kind == t
            });
            if !inside_same {
                for p in a..b {
                    if let Some(k) = owner[p] {
                        live[k] = false;
                        let (x, y, _) = spans[k];
                        owner[x..y].iter_mut().for_each(|o| *o = None);
                    }
                }
                owner[a..b].iter_mut().for_each(|o| *o = Some(spans.len()));
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

    /// "X وY" with X a place the text names and Y a known place: Y is a place
    /// too (الموصل والرقة).
    fn add_coordinated_places(&self, toks: &[Tok], spans: &mut Vec<(usize, usize, &'static str)>) {
        let mut taken = vec![false; toks.len()];
        for &(a, b, _) in spans.iter() {
            taken[a..b].iter_mut().for_each(|t| *t = true);
        }
        let ends: FxHashSet<usize> = spans.iter().filter(|s| s.2 == "LOC").map(|s| s.1).collect();
        let mut add = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if taken[i] || t.kind != Kind::Arabic || !ends.contains(&i) || !t.norm.starts_with('و') {
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

    /// A person's first word starting with و/ف/ب/ل/ك: leave the letter out when
    /// the rest reads as an English name and the whole does not (وهيلاري → هيلاري,
    /// but وينتر stays Winter).
    fn foreign_name_trim(&self, norm: &str, names: &mut render::NameCache) -> usize {
        if !norm.starts_with(text::is_proclitic_letter) || translit::looks_arabic(norm) {
            return 0;
        }
        if names.english_match(norm, &self.gaz).is_some() {
            return 0;
        }
        proclitic_strips(norm).find(|(_, rest)| names.english_match(rest, &self.gaz).is_some()).map_or(0, |(k, _)| k)
    }

    fn is_bare_head(&self, word: &str) -> bool {
        let forms = features::lookup_forms(word);
        let entries = || forms.iter().flat_map(|f| self.gaz.get(f).iter());
        entries().any(|e| e.kind == GazKind::OrgWord) && !entries().any(|e| e.kind.entity_type().is_some())
    }

    /// How many letters of conjunction/preposition to leave out of a mention's
    /// first word: those before its article (والرقة → الرقة), or a one- or
    /// two-letter proclitic when the rest is a known name (وسوريا → سوريا) or
    /// stands alone elsewhere in the text while the whole does not name anything.
    fn clitic_trim(&self, norm: &str, standalone: &FxHashMap<&str, u32>) -> usize {
        if let Some((k, _)) = strip_article(norm) {
            // k counts the article; never cut into لل (ل + ال)
            let before = k - 2;
            if norm.chars().nth(before) == Some('ا') {
                return before;
            }
            return 0;
        }
        let whole_known = features::lookup_forms(norm).iter().any(|f| self.gaz.get(f).iter().any(|e| e.kind.entity_type().is_some()));
        if whole_known {
            return 0;
        }
        for (k, rest) in proclitic_strips(norm) {
            let known = features::lookup_forms(rest).iter().any(|f| {
                self.gaz.get(f).iter().any(|e| e.kind.entity_type().is_some() || matches!(e.kind, GazKind::GivenName | GazKind::OrgWord))
            });
            if known || standalone.contains_key(rest) {
                return k;
            }
        }
        0
    }
}

/// A one-word mention without the conjunction or preposition before its article
/// (والرقة → الرقة); other words as they are.
fn strip_lead_clitics(norm: &str) -> &str {
    match strip_article(norm) {
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

/// The distinct words of a text (tokens' normal forms) and each token's word, so
/// that the rules look up a word's gazetteer facts once per text rather than once
/// per occurrence.
struct Distinct<'t> {
    /// Each word's number.
    index: FxHashMap<&'t str, u32>,
    /// The words by number.
    words: Vec<&'t str>,
    /// Each token's word number.
    id: Vec<u32>,
}

impl<'t> Distinct<'t> {
    /// The normal forms of the words the model saw (distinct as written, which
    /// several spellings of one normal form can be): numbered once per written
    /// form, not once per token.
    fn new(written: &TextWords<'t>) -> Distinct<'t> {
        let mut index: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(written.views.len(), Default::default());
        let mut words = Vec::with_capacity(written.views.len());
        let by_written: Vec<u32> = written
            .views
            .iter()
            .map(|v| {
                *index.entry(v.norm).or_insert_with(|| {
                    words.push(v.norm);
                    words.len() as u32 - 1
                })
            })
            .collect();
        let id = written.ids.iter().map(|&w| by_written[w as usize]).collect();
        Distinct { index, words, id }
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
    let mut out = Vec::new();
    let mut a = 0;
    for (i, t) in toks.iter().enumerate() {
        let end = t.kind == Kind::End;
        if end || i + 1 - a >= MAX_SENTENCE {
            // a line break token is not part of any sentence
            let b = if t.norm == "\n" { i } else { i + 1 };
            if b > a {
                out.push((a, b));
            }
            a = i + 1;
        }
    }
    if a < toks.len() {
        out.push((a, toks.len()));
    }
    out
}
