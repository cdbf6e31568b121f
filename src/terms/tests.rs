//! Unit tests over hand-made analysed tokens (a stand-in for the analyser).

use super::data::StrTable;
use super::*;

/// A tiny lexicon: bare word → (lemma, gloss, pos, probability).
type Lex = &'static [(&'static str, &'static str, &'static str, Pos, f64)];

const LEX: Lex = &[
    ("خلافة", "خِلافَة", "caliphate", Pos::Noun, 2e-5),
    ("افتراضية", "اِفْتِراضِيّ", "virtual;hypothetical", Pos::Adjective, 1e-5),
    ("فضاء", "فَضاء", "space;cosmos", Pos::Noun, 3e-5),
    ("إلكتروني", "إِلِكْترُونِيّ", "electronic", Pos::Adjective, 3e-5),
    ("مكافحة", "مُكافَحَة", "combating;fight", Pos::Noun, 3e-5),
    ("إرهاب", "إِرْهاب", "terrorism", Pos::Noun, 4e-5),
    ("شرق", "شَرْق", "east", Pos::Noun, 1e-4),
    ("أوسط", "أَوْسَط", "middle", Pos::Adjective, 5e-5),
    ("قال", "قال", "say", Pos::Verb, 1e-3),
    ("في", "فِي", "in", Pos::Function, 2e-2),
    ("من", "مِن", "from", Pos::Function, 2e-2),
    ("وزير", "وَزِير", "minister", Pos::Noun, 2e-4),
    ("يوم", "يَوْم", "day", Pos::Noun, 1e-3),
    ("دعاية", "دِعايَة", "propaganda", Pos::Noun, 1e-5),
    ("تقرير", "تَقْرِير", "report", Pos::Noun, 3e-4),
];

struct Doc {
    keys: Vec<String>,
    spans: Vec<(u32, u32, bool)>, // start, end, is word
}

fn doc(text: &str) -> Doc {
    let mut keys = Vec::new();
    let mut spans = Vec::new();
    let mut u = 0u32;
    let mut cur: Option<(u32, String)> = None;
    let flush = |cur: &mut Option<(u32, String)>, u: u32, keys: &mut Vec<String>, spans: &mut Vec<(u32, u32, bool)>| {
        if let Some((s, w)) = cur.take() {
            match keys::word_key(&w) {
                Some(k) => {
                    keys.push(k);
                    spans.push((s, u, true));
                }
                None => {
                    keys.push(String::new());
                    spans.push((s, u, false));
                }
            }
        }
    };
    for c in text.chars() {
        if c.is_whitespace() || c.is_ascii_punctuation() || "،؛؟“”".contains(c) {
            flush(&mut cur, u, &mut keys, &mut spans);
            if !c.is_whitespace() {
                keys.push(String::new());
                spans.push((u, u + 1, false));
            }
        } else {
            cur.get_or_insert((u, String::new())).1.push(c);
        }
        u += c.len_utf16() as u32;
    }
    flush(&mut cur, u, &mut keys, &mut spans);
    Doc { keys, spans }
}

fn tokens<'a>(d: &'a Doc, lex: Lex) -> Vec<TermToken<'a>> {
    d.keys
        .iter()
        .zip(&d.spans)
        .map(|(k, &(s, e, word))| {
            if !word {
                return TermToken::other(s, e);
            }
            // The analysis: the split whose bare word the lexicon knows.
            for (start, det) in keys::proclitic_splits(k) {
                let bare = &k[start..];
                for &(w, lemma, gloss, pos, p) in lex {
                    if keys::word_key(w).as_deref() == Some(bare) {
                        return TermToken { start: s, end: e, key: k, bare: start as u8, det, enclitic: false, lemma, gloss, usual: false, pos, logp: Some(p.ln() as f32), alternatives: &[], date: false, circumstantial: false, adverbial: false };
                    }
                }
            }
            let (bare, det) = keys::guess_prefix(k);
            TermToken { start: s, end: e, key: k, bare: bare as u8, det, enclitic: false, lemma: "", gloss: "", usual: false, pos: Pos::Unknown, logp: None, alternatives: &[], date: false, circumstantial: false, adverbial: false }
        })
        .collect()
}

fn index(phrases: &[(&str, &str)], bg: &[(&str, f64)]) -> TermIndex {
    let mut p: Vec<(String, &str, &str)> = phrases.iter().map(|(a, e)| (keys::phrase_key(a).unwrap(), *a, *e)).collect();
    p.sort();
    let mut b: Vec<(String, u8)> = bg.iter().map(|(w, f)| (keys::word_key(w).unwrap(), (data::freq_to_zipf(*f) * 10.0).round() as u8)).collect();
    b.sort();
    TermIndex::from_data(TermData {
        phrase_keys: StrTable::from_strings(&p.iter().map(|x| x.0.clone()).collect::<Vec<_>>()),
        phrase_arabic: StrTable::from_strings(&p.iter().map(|x| x.1).collect::<Vec<_>>()),
        phrase_english: StrTable::from_strings(&p.iter().map(|x| x.2).collect::<Vec<_>>()),
        bg_keys: StrTable::from_strings(&b.iter().map(|x| x.0.clone()).collect::<Vec<_>>()),
        bg_zipf10: b.iter().map(|x| x.1).collect(),
        word_keys: Default::default(),
        word_english: Default::default(),
        sources: String::new(),
        ..Default::default()
    })
    // these tests are about the dictionary and composition on their own
    .without_phrase_table()
}

fn span_text(text: &str, s: u32, e: u32) -> String {
    let (a, b) = export::utf16_to_byte_range(text, s, e);
    text[a..b].to_string()
}

#[test]
fn longest_match_with_clitics_on_the_first_word_only() {
    let ix = index(&[("الشرق الأوسط", "Middle East"), ("مكافحة الإرهاب", "counter-terrorism"), ("مكافحة", "x")], &[]);
    let text = "قال وزير وللشرق الأوسط يوم، مكافحة الإرهاب. الشرق والأوسط";
    let d = doc(text);
    let toks = tokens(&d, LEX);
    let m = ix.match_terms(&toks, None);
    let found: Vec<(String, &str)> = m.iter().map(|m| (span_text(text, m.start, m.end), m.english.as_str())).collect();
    assert_eq!(found, vec![("وللشرق الأوسط".to_string(), "Middle East"), ("مكافحة الإرهاب".to_string(), "counter-terrorism")]);
    assert_eq!(m[0].source, TermSource::Dictionary);
}

#[test]
fn the_team_table_wins_over_the_dictionary_and_composition() {
    let ix = index(&[("الشرق الأوسط", "Middle East (dictionary)")], &[]);
    let with_table = TermIndex::from_data(ix.data);
    let text = "في الشرق الأوسط وبالفضاء الإلكتروني";
    let d = doc(text);
    let m = with_table.match_terms(&tokens(&d, LEX), None);
    let found: Vec<(String, &str, TermSource)> = m.iter().map(|m| (span_text(text, m.start, m.end), m.english.as_str(), m.source)).collect();
    assert_eq!(
        found,
        vec![
            ("الشرق الأوسط".to_string(), "Middle East", TermSource::Phrasebook),
            ("وبالفضاء الإلكتروني".to_string(), "cyberspace", TermSource::Phrasebook)
        ]
    );
    // a site's glossary still wins over the table
    let (g, _) = Glossary::parse("الفضاء الإلكتروني\tcyber space (site)\n", GlossaryFormat::Tsv);
    let m = with_table.match_terms(&tokens(&d, LEX), Some(&g));
    assert_eq!((m[1].english.as_str(), m[1].source), ("cyber space (site)", TermSource::Glossary));
}

#[test]
fn matches_do_not_cross_punctuation() {
    let ix = index(&[("الشرق الأوسط", "Middle East")], &[]);
    let text = "الشرق، الأوسط";
    let d = doc(text);
    assert!(ix.match_terms(&tokens(&d, LEX), None).is_empty());
}

#[test]
fn glossary_phrases_win_and_can_be_longer() {
    let ix = index(&[("الشرق الأوسط", "Middle East")], &[]);
    let (g, issues) = Glossary::parse("الشرق الأوسط\tthe Middle East (region)\nالخلافة الافتراضية الرقمية\tdigital virtual caliphate\n", GlossaryFormat::Tsv);
    assert!(issues.is_empty());
    let text = "في الشرق الأوسط وبالخلافة الافتراضية الرقمية";
    let d = doc(text);
    let m = ix.match_terms(&tokens(&d, LEX), Some(&g));
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].english.as_str(), m[0].source), ("the Middle East (region)", TermSource::Glossary));
    assert_eq!(span_text(text, m[1].start, m[1].end), "وبالخلافة الافتراضية الرقمية");
}

#[test]
fn key_terms_merge_forms_and_compose_pairs() {
    let ix = index(&[("مكافحة الإرهاب", "counter-terrorism")], &[]);
    let text = "قال وزير إن الخلافة الافتراضية في الفضاء الإلكتروني. وفي الفضاء الإلكتروني دعاية، \
                والخلافة الافتراضية خلافة افتراضية. مكافحة الإرهاب يوم في يوم. للخلافة";
    let d = doc(text);
    let toks = tokens(&d, LEX);
    let kt = ix.key_terms(text, &toks, &[], None, &KeyTermOptions::default());
    let by_text = |t: &str| kt.iter().find(|k| k.text == t).unwrap_or_else(|| panic!("{t} not in {kt:#?}"));
    let cal = by_text("الخلافة الافتراضية");
    assert_eq!(cal.count, 3);
    assert_eq!(cal.english, "virtual caliphate");
    assert_eq!(cal.source, TermSource::Composed);
    for &(s, e) in &cal.occurrences {
        assert!(span_text(text, s, e).contains("خلافة"), "{}", span_text(text, s, e));
    }
    assert_eq!(by_text("الفضاء الإلكتروني").english, "electronic space");
    assert_eq!(by_text("مكافحة الإرهاب").english, "counter-terrorism");
    // خلافة stands alone once (للخلافة) but three of its four occurrences are
    // inside the better-ranked phrase, and الإرهاب only occurs inside its phrase:
    // neither is listed again on its own.
    assert!(kt.iter().all(|k| k.lemma != "خِلافَة" && k.lemma != "إِرْهاب"), "{kt:#?}");
    // An adjective alone is not a term.
    assert!(kt.iter().all(|k| k.lemma != "اِفْتِراضِيّ"), "{kt:#?}");
    // Function words and verbs are not key terms; a common noun ranks below the
    // rarer terms even with as many occurrences.
    assert!(kt.iter().all(|k| k.english != "in" && k.english != "say"), "{kt:#?}");
    let rank = |e: &str| kt.iter().position(|k| k.english == e).unwrap();
    assert!(rank("day") > rank("electronic space"));
    // Sorted by score.
    assert!(kt.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn noun_adjective_pairs_agree_in_gender() {
    let ix = index(&[], &[]);
    // يوم (masculine) + افتراضية (feminine): not a pair; خلافة افتراضية is.
    let text = "يوم افتراضية ويوم افتراضية. خلافة افتراضية وخلافة افتراضية.";
    let d = doc(text);
    let kt = ix.key_terms(text, &tokens(&d, LEX), &[], None, &KeyTermOptions::default());
    assert!(kt.iter().any(|k| k.english == "virtual caliphate"), "{kt:#?}");
    assert!(kt.iter().all(|k| k.english != "virtual day"), "{kt:#?}");
    // Coordination is not a pair: خلافة وافتراضية.
    let text = "خلافة وافتراضية، خلافة وافتراضية.";
    let d = doc(text);
    let kt = ix.key_terms(text, &tokens(&d, LEX), &[], None, &KeyTermOptions::default());
    assert!(kt.iter().all(|k| k.english != "virtual caliphate"), "{kt:#?}");
}

#[test]
fn keyness_prefers_repeated_and_rarer_terms() {
    // Same count: rarer wins; same background: more occurrences win.
    assert!(score::keyness(2.0, 1000.0, 1e-4) > score::keyness(2.0, 1000.0, 1e-3));
    assert!(score::keyness(3.0, 1000.0, 1e-4) > score::keyness(2.0, 1000.0, 1e-4));
    assert_eq!(score::keyness(1.0, 1000.0, 0.01), 0.0);
    assert!((data::freq_to_zipf(score::FLOOR) - BACKGROUND_FLOOR_ZIPF).abs() < 1e-9);
    // Below the floor, rarity earns nothing more.
    assert_eq!(score::keyness(1.0, 1000.0, 1e-9), score::keyness(1.0, 1000.0, 1e-6));
}

#[test]
fn construct_state_gloss_and_entities() {
    let ix = index(&[], &[("داعش", 1e-5)]);
    let text = "تقرير وزير الدعاية. داعش وداعش وزير الدعاية";
    let d = doc(text);
    let toks = tokens(&d, LEX);
    let e = |w: &str, nth: usize| {
        let s = text.match_indices(w).nth(nth).unwrap().0;
        let start = text[..s].encode_utf16().count() as u32;
        (start, start + w.encode_utf16().count() as u32)
    };
    let (s1, e1) = e("داعش", 0);
    // The entity layer's span leaves the conjunction out.
    let (s2, e2) = e("داعش", 1);
    let ents = [
        EntityMention { start: s1, end: e1, kind: EntityKind::Organization, english: "ISIS" },
        EntityMention { start: s2, end: e2, kind: EntityKind::Organization, english: "ISIS" },
    ];
    let kt = ix.key_terms(text, &toks, &ents, None, &KeyTermOptions::default());
    let isis = kt.iter().find(|k| k.english == "ISIS").expect("entity term");
    assert_eq!((isis.count, isis.source, isis.text.as_str()), (2, TermSource::Entity, "داعش"));
    let c = kt.iter().find(|k| k.text == "وزير الدعاية").expect("construct pair");
    assert_eq!(c.english, "minister of propaganda");
    assert_eq!(c.count, 2);
    // People are left to the entity layer unless asked for.
    let people = [EntityMention { start: s1, end: e1, kind: EntityKind::Person, english: "Someone" }];
    let kt = ix.key_terms(text, &toks, &people, None, &KeyTermOptions::default());
    assert!(kt.iter().all(|k| k.english != "Someone"));
    let opts = KeyTermOptions { include_people: true, ..Default::default() };
    assert!(ix.key_terms(text, &toks, &people, None, &opts).iter().any(|k| k.english == "Someone"));
}

#[test]
fn glossary_wins_over_word_glosses_in_key_terms() {
    let ix = index(&[], &[]);
    let (g, _) = Glossary::parse("دعاية\tdisinformation campaign\tدِعايَةٌ\n", GlossaryFormat::Tsv);
    let text = "الدعاية ودعاية تقرير";
    let d = doc(text);
    let toks = tokens(&d, LEX);
    let kt = ix.key_terms(text, &toks, &[], Some(&g), &KeyTermOptions::default());
    let t = kt.iter().find(|k| k.english == "disinformation campaign").unwrap();
    assert_eq!((t.lemma.as_str(), t.source, t.count), ("دِعايَةٌ", TermSource::Glossary, 2));
    let kt = ix.key_terms(text, &toks, &[], None, &KeyTermOptions::default());
    assert_eq!(kt.iter().find(|k| k.lemma == "دِعايَة").unwrap().english, "propaganda");
}

#[test]
fn export_key_terms() {
    let ix = index(&[], &[]);
    let text = "مقدمة. في الفضاء الإلكتروني دعاية. والفضاء الإلكتروني واسع.";
    let d = doc(text);
    let kt = ix.key_terms(text, &tokens(&d, LEX), &[], None, &KeyTermOptions::default());
    let rows = export::key_term_rows(text, &kt);
    let r = rows.iter().find(|r| r.arabic == "الفضاء الإلكتروني").unwrap();
    assert_eq!(r.sentence, "في الفضاء الإلكتروني دعاية.");
    assert!(export::to_anki_tsv(&rows).contains("الفضاء الإلكتروني\tفَضاء إِلِكْترُونِيّ\telectronic space\tفي الفضاء الإلكتروني دعاية."));
}

#[test]
fn empty_and_odd_input() {
    let ix = index(&[("الشرق الأوسط", "Middle East")], &[]);
    assert!(ix.key_terms("", &[], &[], None, &KeyTermOptions::default()).is_empty());
    assert!(ix.match_terms(&[], None).is_empty());
    let text = "hello, world 2024";
    let d = doc(text);
    assert!(ix.key_terms(text, &tokens(&d, LEX), &[], None, &KeyTermOptions::default()).is_empty());
    // Spans past the end of the text and a clitic count longer than the key do
    // not panic.
    let one = TermToken { start: 90, end: 99, key: "xlAfp", bare: 200, det: true, enclitic: false, lemma: "خِلافَة", gloss: "caliphate", usual: false, pos: Pos::Noun, logp: Some(-10.0), alternatives: &[], date: false, circumstantial: false, adverbial: false };
    let bad = [one, TermToken { start: 100, end: 104, ..one }];
    let kt = ix.key_terms("قصير", &bad, &[], None, &KeyTermOptions::default());
    assert_eq!(kt.len(), 1);
    assert_eq!(kt[0].count, 2);
}

#[test]
fn homographs_take_the_sense_the_dictionary_confirms() {
    let text = "التقويم الجديد والتقويم";
    let alts = [AltReading { lemma_id: 7, lemma: "تَقْوِيم".into(), gloss: "calendar;chronology".into(), logp: -11.0 }];
    let k1 = keys::word_key("التقويم").unwrap();
    let k2 = keys::word_key("والتقويم").unwrap();
    let tok = |start: u32, end: u32, key: &'static str, bare: u8| TermToken {
        start, end, key, bare, det: true, enclitic: false, lemma: "تَقْوِيم_1", gloss: "rating;valuation", usual: false, pos: Pos::Noun, logp: Some(-9.0), alternatives: &alts, date: false, circumstantial: false, adverbial: false,
    };
    let k1: &'static str = Box::leak(k1.into_boxed_str());
    let k2: &'static str = Box::leak(k2.into_boxed_str());
    let toks = [tok(0, 7, k1, 2), TermToken::other(7, 8), tok(15, 23, k2, 3)];
    let plain = index(&[], &[]);
    let kt = plain.key_terms(text, &toks, &[], None, &KeyTermOptions::default());
    assert_eq!(kt[0].english, "rating");
    let mut data = plain.data().clone();
    data.word_keys = StrTable::from_strings(&[keys::written_bare_key("تقويم").unwrap()]);
    data.word_english = StrTable::from_strings(&["Calendar"]);
    let confirmed = TermIndex::from_data(data);
    let kt = confirmed.key_terms(text, &toks, &[], None, &KeyTermOptions::default());
    assert_eq!((kt[0].english.as_str(), kt[0].lemma.as_str(), kt[0].count), ("calendar", "تَقْوِيم", 2));
}
