//! Property tests (proptest) for the offsets contract (DESIGN.md, "Offsets") and for
//! custom glossaries, complementing the fixed generator of `tests/offsets.rs`:
//! proptest draws texts from random mixes of Arabic letters, diacritics, tatweel,
//! ZWJ/ZWNJ, bidi marks, emoji, Latin and digits, and shrinks a failure to a small
//! counterexample.
//!
//! The offsets are checked where a user of the CLI sees them, in its JSON
//! (`cli::annotate` → `cli::to_json`, as `hashiya annotate` prints it): every span
//! lies on UTF-16 boundaries of the input, never splits a surrogate pair, spans are
//! sorted (start ascending, outer first) and the input's UTF-16 units at each span
//! read exactly its `text`. For HTML input (`--html`) the offsets refer to the HTML,
//! and the text extracted from the HTML at each span is its `text`.
//!
//! Case counts keep this file at a few seconds in `cargo test --release`.

#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency (Cargo.toml)

mod common;

use std::sync::OnceLock;

use hashiya::terms::{keys, Glossary, GlossaryFormat};
use proptest::prelude::*;

fn annotator() -> &'static hashiya::Annotator {
    static A: OnceLock<hashiya::Annotator> = OnceLock::new();
    A.get_or_init(common::annotator)
}

/// Pieces texts are made of. Whole words and names are in so that entities and
/// multiword terms (longer, overlapping spans) occur, not only single words.
const PIECES: &[&str] = &[
    // letters (with the article and clitics)
    "ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل",
    "م", "ن", "ه", "و", "ي", "ة", "ى", "أ", "إ", "آ", "ؤ", "ئ", "ء", "ال", "وال", "بال", "لل", "پ", "ک", "ی",
    // diacritics, shadda, dagger alif, tatweel
    "\u{64B}", "\u{64C}", "\u{64D}", "\u{64E}", "\u{64F}", "\u{650}", "\u{651}", "\u{652}", "\u{670}", "\u{640}",
    // joiners, bidi marks and overrides, BOM
    "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{061C}", "\u{202B}", "\u{202E}", "\u{202C}", "\u{2067}", "\u{2069}",
    "\u{FEFF}",
    // emoji and other astral characters (surrogate pairs in UTF-16)
    "😀", "👩\u{200D}💻", "🇸🇦", "𝔸", "𐤀", "\u{1EE00}",
    // Latin, digits, punctuation, spaces
    "abc", "Z", "é", "2017", "١٢٣", "٫", "،", "؛", "؟", ".", "(", ")", "«", "»", "“", "”", "-", "/", " ", " ", " ", " ",
    "\u{A0}", "\n", "\t", "\r\n",
    // words, names and terms the data knows
    "وزير", "الداخلية", "العراق", "داعش", "الشرق الأوسط", "ماركو مينيتي", "مكافحة الإرهاب", "الأمم المتحدة", "وقال",
    "بالإرهاب", "الفضاء الإلكتروني", "كتب", "كِتَابٌ", "مـــدرسة",
];

fn text_strategy(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..max_pieces).prop_map(|v| v.concat())
}

/// Checks the contract on the CLI's JSON for `input`; `visible(start, end)` gives
/// the text a reader sees at a span of the input.
fn check_json(input: &str, html: bool, visible: impl Fn(usize, usize) -> String) -> Result<(), TestCaseError> {
    let units: Vec<u16> = input.encode_utf16().collect();
    let out = hashiya::cli::annotate(annotator(), input, html);
    let json: serde_json::Value = serde_json::from_str(&hashiya::cli::to_json(&out)).expect("the CLI's JSON parses");
    let on_boundary = |at: usize| at == units.len() || (at < units.len() && !(0xDC00..0xE000).contains(&units[at]));
    let mut last: Option<(u64, u64)> = None;
    for a in json["annotations"].as_array().expect("annotations array") {
        let (start, end) = (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
        prop_assert!(start < end && end as usize <= units.len(), "span {start}..{end} outside the input ({} units)", units.len());
        prop_assert!(on_boundary(start as usize) && on_boundary(end as usize), "span {start}..{end} splits a surrogate pair");
        if let Some((ls, le)) = last {
            prop_assert!(start > ls || (start == ls && end <= le), "spans out of order: {ls}..{le} then {start}..{end}");
        }
        last = Some((start, end));
        let text = a["text"].as_str().expect("every annotation has its text");
        prop_assert_eq!(visible(start as usize, end as usize), text, "span {}..{}", start, end);
    }
    for term in json["key_terms"].as_array().expect("key_terms array") {
        for occ in term["occurrences"].as_array().unwrap() {
            let (s, e) = (occ[0].as_u64().unwrap() as usize, occ[1].as_u64().unwrap() as usize);
            prop_assert!(s < e && e <= units.len() && on_boundary(s) && on_boundary(e), "key term occurrence {s}..{e}");
        }
    }
    Ok(())
}

/// Inline markup and character references put between the pieces of an HTML input.
const MARKUP: &[&str] = &[
    "", "", "", "<b>", "</b>", "<span class=\"x\">", "</span>", "<i title='a > b'>", "</i>", "<!-- تعليق -->", "&amp;",
    "&#1575;", "&#x644;", "&nbsp;", "&rlm;", "&zwnj;", "<p>", "</p>", "<br>", "<script>var s='وزير';</script>",
    "<style>p{}</style>", " < ", "&unknown;",
];

fn html_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), prop::sample::select(MARKUP)), 1..40)
        .prop_map(|v| v.into_iter().map(|(a, b)| format!("{a}{b}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cli_json_spans_keep_the_offsets_contract(text in text_strategy(60)) {
        let units: Vec<u16> = text.encode_utf16().collect();
        check_json(&text, false, |s, e| String::from_utf16(&units[s..e]).expect("a span on boundaries is valid UTF-16"))?;
    }

    #[test]
    fn cli_json_spans_of_html_input_point_at_their_text(html in html_strategy()) {
        let units: Vec<u16> = html.encode_utf16().collect();
        // The source at a span, read as HTML, is the span's text (tags inside a
        // word are dropped, references decoded).
        check_json(&html, true, |s, e| hashiya::html::extract(&String::from_utf16(&units[s..e]).unwrap()).text)?;
    }

    #[test]
    fn arbitrary_text_keeps_the_contract(text in "\\PC{0,80}") {
        let units: Vec<u16> = text.encode_utf16().collect();
        check_json(&text, false, |s, e| String::from_utf16(&units[s..e]).expect("a span on boundaries is valid UTF-16"))?;
    }
}

// ---- glossaries ------------------------------------------------------------

const LETTERS: &[&str] = &[
    "ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل",
    "م", "ن", "ه", "و", "ي", "ة", "ى", "أ", "إ", "آ", "ئ",
];
const MARKS: &[&str] = &["", "", "", "\u{64E}", "\u{64F}", "\u{650}", "\u{651}", "\u{652}", "\u{640}"];

/// An Arabic word of 2 to 7 letters, some with marks or tatweel after them.
fn arabic_word() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(LETTERS), prop::sample::select(MARKS)), 2..8)
        .prop_map(|v| v.into_iter().map(|(l, m)| format!("{l}{m}")).collect())
}

fn arabic_phrase() -> impl Strategy<Value = String> {
    (prop::bool::ANY, prop::collection::vec(arabic_word(), 1..4))
        .prop_map(|(article, words)| format!("{}{}", if article { "ال" } else { "" }, words.join(" ")))
}

/// An English field: any printable text (markup, quotes, formulas, RTL marks,
/// emoji) but no tab, line break or `;` (the TSV separators), trimmed.
fn english_field() -> impl Strategy<Value = String> {
    "[^\t\r\n;\u{85}\u{2028}\u{2029}]{1,30}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("non-empty after trimming", |s| !s.is_empty())
}

#[derive(Debug, Clone)]
struct Entry {
    arabic: String,
    english: Vec<String>,
    lemma: Option<String>,
    note: Option<String>,
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        arabic_phrase(),
        prop::collection::vec(english_field(), 1..4),
        prop::option::of(arabic_word()),
        prop::option::of(english_field()),
    )
        .prop_map(|(arabic, english, lemma, note)| Entry { arabic, english, lemma, note })
}

fn to_tsv(entries: &[Entry]) -> String {
    let mut out = String::from("# a generated glossary\narabic\tenglish\tlemma\tnote\n");
    for e in entries {
        out.push_str(&format!("{}\t{}", e.arabic, e.english.join("; ")));
        match (&e.lemma, &e.note) {
            (None, None) => {}
            (l, None) => out.push_str(&format!("\t{}", l.as_deref().unwrap())),
            (l, Some(n)) => out.push_str(&format!("\t{}\t{n}", l.as_deref().unwrap_or(""))),
        }
        out.push('\n');
    }
    out
}

fn to_json(entries: &[Entry]) -> String {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| serde_json::json!({"arabic": e.arabic, "english": e.english, "lemma": e.lemma, "note": e.note}))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "terms": items })).unwrap()
}

/// The glossary read back holds, for each key, the last entry written with it, at
/// its line, and reports every entry whose Arabic cannot be keyed, at its line.
fn check_read_back(entries: &[Entry], lines: &[usize], g: &Glossary, issues: &[hashiya::terms::GlossaryIssue]) -> Result<(), TestCaseError> {
    let mut expected_issue_lines = Vec::new();
    let mut last_for_key = std::collections::HashMap::new();
    for (e, &line) in entries.iter().zip(lines) {
        match keys::phrase_key(&e.arabic) {
            Some(k) => {
                last_for_key.insert(k, (e, line));
            }
            None => expected_issue_lines.push(line),
        }
    }
    let issue_lines: Vec<usize> = issues.iter().map(|i| i.line).collect();
    prop_assert_eq!(issue_lines, expected_issue_lines, "issues: {:?}", issues);
    prop_assert_eq!(g.len(), last_for_key.len());
    for (key, (e, line)) in &last_for_key {
        let got = g.get_key(key).expect("every keyed entry loads");
        prop_assert_eq!(&got.arabic, &e.arabic);
        prop_assert_eq!(&got.english, &e.english);
        prop_assert_eq!(&got.lemma, &e.lemma);
        prop_assert_eq!(&got.note, &e.note);
        prop_assert_eq!(got.line, *line);
        // A one-word entry is found for the word as written, and with a clitic on it.
        if !e.arabic.contains(' ') {
            let found = g.lookup_word(&e.arabic, None).map(|x| x.key.clone());
            prop_assert_eq!(found.as_ref(), Some(key), "lookup of {}", e.arabic);
            let with_and = format!("و{}", e.arabic);
            prop_assert!(g.lookup_word(&with_and, None).is_some(), "lookup of {}", with_and);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn glossary_tsv_round_trips(entries in prop::collection::vec(entry(), 0..12)) {
        let text = to_tsv(&entries);
        let lines: Vec<usize> = (0..entries.len()).map(|i| i + 3).collect();
        let (g, issues) = Glossary::parse(&text, GlossaryFormat::Auto);
        check_read_back(&entries, &lines, &g, &issues)?;
        // Re-serialised from what was read, it reads back the same.
        let again: Vec<Entry> = g.entries().iter().map(|e| Entry { arabic: e.arabic.clone(), english: e.english.clone(), lemma: e.lemma.clone(), note: e.note.clone() }).collect();
        let (g2, issues2) = Glossary::parse(&to_tsv(&again), GlossaryFormat::Tsv);
        prop_assert!(issues2.is_empty());
        prop_assert_eq!(g2.entries().iter().map(|e| (&e.key, &e.english, &e.lemma, &e.note)).collect::<Vec<_>>(),
                        g.entries().iter().map(|e| (&e.key, &e.english, &e.lemma, &e.note)).collect::<Vec<_>>());
    }

    #[test]
    fn glossary_json_round_trips(entries in prop::collection::vec(entry(), 0..12)) {
        let text = to_json(&entries);
        // Entry i of the pretty-printed `terms` array opens on its line: count them.
        let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| *l == "    {").map(|(i, _)| i + 1).collect();
        prop_assert_eq!(lines.len(), entries.len());
        let (g, issues) = Glossary::parse(&text, GlossaryFormat::Auto);
        check_read_back(&entries, &lines, &g, &issues)?;
    }

    #[test]
    fn any_glossary_text_loads_or_reports_by_line(text in "(\\PC|\t|\n|\\[|\\{|\"|,|:){0,200}") {
        for format in [GlossaryFormat::Tsv, GlossaryFormat::Json, GlossaryFormat::Auto] {
            let (g, issues) = Glossary::parse(&text, format);
            let lines = text.split('\n').count(); // a JSON error at the end may name the line after the last break
            for i in &issues {
                prop_assert!(i.line >= 1 && i.line <= lines, "issue {} outside the text's {} lines", i, lines);
            }
            for e in g.entries() {
                prop_assert!(!e.english.is_empty() && g.get_key(&e.key).is_some());
            }
        }
    }
}
