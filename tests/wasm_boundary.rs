//! The wasm boundary, tested where it runs: in headless Chromium through wasm-bindgen-test
//! (`CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test
//! wasm_boundary`; `npm test` runs it). The lexicon is the built one, embedded in the test.
#![cfg(target_arch = "wasm32")]

use hashiya::wasm::Hashiya;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

static LEXICON: &[u8] = include_bytes!("../build/data/lexicon.bin");
static NER_MODEL: &[u8] = include_bytes!("../build/data/ner.model");
static GAZETTEER: &[u8] = include_bytes!("../build/data/gazetteer.bin");
static TERMS: &[u8] = include_bytes!("../build/data/terms.bin");

fn hashiya() -> Hashiya {
    Hashiya::new(LEXICON.to_vec()).unwrap_or_else(|e| panic!("{}", message(e.into())))
}

fn message(err: JsValue) -> String {
    err.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

/// UTF-16 offset of `needle` in `text`, as a DOM Range would count it.
fn utf16_offset(text: &str, needle: &str) -> u32 {
    text[..text.find(needle).unwrap()].encode_utf16().count() as u32
}

#[wasm_bindgen_test]
fn spans_are_sorted_utf16_quadruples() {
    let mut h = hashiya();
    // The emoji is two UTF-16 code units and four UTF-8 bytes: offsets must count the former.
    let text = "😀 قال وزير الداخلية: 𝔸 العالم";
    let flat = h.annotate(text);
    assert!(!flat.is_empty() && flat.len() % 4 == 0, "flat quadruples, got {} values", flat.len());
    let len16 = text.encode_utf16().count() as u32;
    let quads: Vec<&[u32]> = flat.chunks(4).collect();
    for w in quads.windows(2) {
        assert!((w[0][0], std::cmp::Reverse(w[0][1])) <= (w[1][0], std::cmp::Reverse(w[1][1])), "unsorted: {w:?}");
    }
    for q in &quads {
        assert!(q[0] < q[1] && q[1] <= len16, "span out of range: {q:?}");
        assert!(q[2] <= 2, "unknown layer {}", q[2]);
    }
    let start = utf16_offset(text, "وزير");
    assert!(
        quads.iter().any(|q| q[0] == start && q[1] == start + 4 && q[2] == 0),
        "no word span at UTF-16 {start}..{} for وزير in {quads:?}",
        start + 4
    );
    let start = utf16_offset(text, "العالم");
    assert!(quads.iter().any(|q| q[0] == start && q[1] == start + 6), "no span for العالم after a non-BMP letter");
}

#[wasm_bindgen_test]
fn details_carry_glosses_and_affixes() {
    let mut h = hashiya();
    let text = "قال وزير الداخلية";
    let flat = h.annotate(text);
    let start = utf16_offset(text, "وزير");
    let quad = flat.chunks(4).find(|q| q[0] == start && q[2] == 0).expect("a word span for وزير");
    let d = h.details(quad[3]).unwrap_or_else(|e| panic!("{}", message(e.into())));
    assert_eq!(get(&d, "layer").as_string().as_deref(), Some("word"));
    assert_eq!(get(&d, "text").as_string().as_deref(), Some("وزير"));
    let glosses: js_sys::Array = get(&d, "glosses").dyn_into().expect("glosses is an array");
    let first = glosses.get(0).as_string().unwrap_or_default();
    assert!(first.contains("minister"), "first gloss of وزير: {first:?}");
    assert!(get(&d, "lemma").as_string().is_some_and(|s| !s.is_empty()));

    // "the interior": the article's meaning comes through as a prefix.
    let start = utf16_offset(text, "الداخلية");
    let quad = flat.chunks(4).find(|q| q[0] == start && q[2] == 0).expect("a word span for الداخلية");
    let d = h.details(quad[3]).unwrap_or_else(|e| panic!("{}", message(e.into())));
    let prefixes: js_sys::Array = get(&d, "prefixes").dyn_into().expect("prefixes is an array");
    let meanings: Vec<String> = prefixes.iter().filter_map(|p| get(&p, "meaning").as_string()).collect();
    assert!(meanings.iter().any(|m| m.contains("the")), "prefix meanings of الداخلية: {meanings:?}");
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_panic() {
    let mut h = hashiya();
    assert!(h.annotate("").is_empty());
    let latin = h.annotate("no Arabic here, 123");
    assert!(latin.chunks(4).all(|q| q[2] != 0), "word spans in Latin text: {latin:?}");
    let err = message(h.details(1_000_000).err().expect("an unknown id is an error").into());
    assert!(err.contains("1000000"), "message names the id: {err}");

    for bad in [&b""[..], &b"not a lexicon at all"[..], &LEXICON[..LEXICON.len() / 2]] {
        let err = message(Hashiya::new(bad.to_vec()).err().expect("a bad lexicon is an error").into());
        assert!(err.to_lowercase().contains("lexicon"), "message says what is wrong: {err}");
    }
}

#[wasm_bindgen_test]
fn entity_and_term_layers_come_through_the_boundary() {
    let mut h = hashiya();
    assert!(h.add_entities(b"junk", GAZETTEER).is_err(), "a corrupt model is an error");
    h.add_entities(NER_MODEL, GAZETTEER).unwrap_or_else(|e| panic!("{}", message(e.into())));
    h.add_terms(TERMS).unwrap_or_else(|e| panic!("{}", message(e.into())));
    let text = "قال وزير الداخلية الإيطالي ماركو مينيتي إن داعش يستقطب أنصاره في الشرق الأوسط عبر الإنترنت";
    let flat = h.annotate(text);
    let start = utf16_offset(text, "داعش");
    let entity = flat.chunks(4).find(|q| q[0] == start && q[2] == 2).expect("an entity span for داعش");
    let d = h.details(entity[3]).unwrap_or_else(|e| panic!("{}", message(e.into())));
    assert_eq!(get(&d, "layer").as_string().as_deref(), Some("entity"));
    assert!(get(&d, "english").as_string().is_some_and(|s| !s.is_empty()), "entity has an English name");
    assert!(flat.chunks(4).any(|q| q[2] == 1), "some term span in {flat:?}");
    let terms: js_sys::Array = h.key_terms().ok().and_then(|v| v.dyn_into().ok()).expect("key terms array");
    assert!(terms.length() > 0, "key terms of the text");
}
