//! The team's list of entities from Arabic news (`tests/data/entities-150.tsv`):
//! each sentence is annotated, the entity covering the listed name is found, and it
//! counts as acceptable when its type is one of the accepted types and its English
//! is one of the accepted names (case-insensitive, ignoring punctuation and
//! diacritics). Prints the figure and every miss; fails below the floor reached.
//!
//! Needs `build/data/gazetteer.bin`, `build/data/lexicon.bin` and the committed
//! `data/entities/ner.model`; skips with a message when the built files are
//! missing, unless CI=true.

mod common;

use std::path::PathBuf;

use hashiya::entities::EntityRecognizer;

/// The share of the list that must be rendered acceptably: issue 15 asks 90 %; the
/// floor is what the recogniser reaches (218 of 236, 92.4 %).
const FLOOR: f64 = 0.92;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn setup() -> Option<(EntityRecognizer, hashiya::analyze::Analyzer)> {
    common::recognizer()
}

/// Lowercase ASCII letters and digits, words separated by one space: accents
/// dropped (é → e, ğ → g), punctuation (hyphens, apostrophes, dots) a space.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ğ' => 'g',
            'ş' => 's',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        };
        out.push(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One line of the list.
struct Item<'a> {
    line: usize,
    sentence: &'a str,
    name: &'a str,
    types: Vec<&'a str>,
    english: Vec<&'a str>,
}

fn items(text: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "tests/data/entities-150.tsv:{}: expected 4 tab-separated columns", n + 1);
        assert!(cols[0].contains(cols[1]), "tests/data/entities-150.tsv:{}: {} is not in the sentence", n + 1, cols[1]);
        out.push(Item { line: n + 1, sentence: cols[0], name: cols[1], types: cols[2].split('|').collect(), english: cols[3].split('|').collect() });
    }
    out
}

#[test]
fn the_teams_list_is_rendered_acceptably() {
    let text = std::fs::read_to_string(root().join("tests/data/entities-150.tsv")).expect("tests/data/entities-150.tsv is committed");
    let list = items(&text);
    assert!(list.len() >= 150, "the list has {} entities, at least 150 expected", list.len());
    let Some((rec, an)) = setup() else { return };
    let mut good = 0;
    let mut misses = Vec::new();
    for it in &list {
        let start = it.sentence.find(it.name).unwrap();
        let end = start + it.name.len();
        let entities = rec.recognize_with(it.sentence, Some(&an));
        // the entity covering most of the name
        let covering = entities
            .iter()
            .map(|e| (e.byte_end.min(end).saturating_sub(e.byte_start.max(start)), e))
            .filter(|(overlap, _)| *overlap > 0)
            .max_by_key(|(overlap, _)| *overlap)
            .map(|(_, e)| e);
        let verdict = match covering {
            None => Err("no entity".to_string()),
            Some(e) => {
                let type_ok = it.types.contains(&e.kind);
                let name_ok = it.english.iter().any(|a| fold(a) == fold(&e.english));
                let shown = format!("{} {} {:?}", &it.sentence[e.byte_start..e.byte_end], e.kind, e.english);
                match (type_ok, name_ok) {
                    (true, true) => Ok(()),
                    (false, true) => Err(format!("type: {shown}")),
                    (true, false) => Err(format!("name: {shown}")),
                    (false, false) => Err(format!("type and name: {shown}")),
                }
            }
        };
        match verdict {
            Ok(()) => good += 1,
            Err(why) => misses.push(format!("  line {}: {} ({} {}) → {why}", it.line, it.name, it.types.join("|"), it.english[0])),
        }
    }
    let share = good as f64 / list.len() as f64;
    println!("team's list: {good} of {} acceptable ({:.1} %)", list.len(), 100.0 * share);
    for m in &misses {
        println!("{m}");
    }
    assert!(share >= FLOOR, "{good} of {} ({:.1} %) is below the floor of {:.0} %", list.len(), 100.0 * share, 100.0 * FLOOR);
}

#[test]
fn folding_ignores_case_punctuation_and_diacritics() {
    assert_eq!(fold("Recep Tayyip Erdoğan"), fold("recep tayyip erdogan"));
    assert_eq!(fold("Abdel Fattah el-Sisi"), "abdel fattah el sisi");
    assert_eq!(fold("Sana'a"), "sana a");
    assert_ne!(fold("Bill Getts"), fold("Bill Gates"));
}

#[test]
fn guessed_english_is_marked_transliterated() {
    let Some((rec, an)) = setup() else { return };
    // names from the tables: not guesses
    let text = "وقال بيل غيتس إن صحيفة نيويورك تايمز ووكالة بلومبرغ نشرتا الخبر.";
    let entities = rec.recognize_with(text, Some(&an));
    let got: Vec<(&str, &str, &str, bool)> =
        entities.iter().map(|e| (&text[e.byte_start..e.byte_end], e.kind, e.english.as_str(), e.transliterated)).collect();
    for want in [("بيل غيتس", "PER", "Bill Gates"), ("نيويورك تايمز", "ORG", "The New York Times"), ("بلومبرغ", "ORG", "Bloomberg")] {
        // the mention may keep its organisation word (صحيفة نيويورك تايمز)
        assert!(got.iter().any(|g| g.0.ends_with(want.0) && (g.1, g.2) == (want.1, want.2) && !g.3), "{want:?} not found as a listed name: {got:?}");
    }
    // a made-up family name no table lists: its English is a guess, and says so
    let text = "وقال الوزير سليم قشطوني إن الحكومة ستعلن خطتها.";
    let entities = rec.recognize_with(text, Some(&an));
    let e = entities.iter().find(|e| text[e.byte_start..e.byte_end].contains("قشطوني")).expect("the person is found");
    assert!(e.transliterated, "{} should be marked transliterated", e.english);
    let json = serde_json::to_string(e).unwrap();
    assert!(json.contains("\"transliterated\":true"), "{json}");
}
