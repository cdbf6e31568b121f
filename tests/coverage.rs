//! Issue 2's coverage bar: at least 95 % of the Arabic content words of the newswire
//! corpus get a word annotation with a gloss. Content words are the Arabic tokens
//! that are not stopwords (stopwords-iso's Arabic list, via the `stop-words` crate,
//! folded like the lexicon keys). Prints the figure and the most frequent misses.

mod common;

use std::collections::{HashMap, HashSet};

#[test]
fn newswire_content_words_are_glossed() {
    let Some(text) = common::shared("articles/newswire-corpus.txt") else { return };
    let annotator = common::annotator();
    let stop: HashSet<String> = stop_words::get(stop_words::LANGUAGE::Arabic).iter().filter_map(|w| hashiya::normalize::key(w)).collect();
    let doc = annotator.annotate(&text);
    let glossed: HashSet<u32> = doc
        .spans
        .iter()
        .filter(|s| matches!(annotator.details(&doc, s.id), Some(hashiya::Details::Word(w)) if !w.glosses.is_empty()))
        .map(|s| s.start)
        .collect();
    let (mut content, mut hit) = (0usize, 0usize);
    let mut misses: HashMap<&str, usize> = HashMap::new();
    for t in hashiya::tokenize::tokenize(&text) {
        if t.kind != hashiya::tokenize::Kind::Arabic {
            continue;
        }
        let word = t.text(&text);
        if hashiya::normalize::key(word).is_none_or(|k| stop.contains(&k)) {
            continue;
        }
        content += 1;
        if glossed.contains(&t.start) {
            hit += 1;
        } else {
            *misses.entry(word).or_default() += 1;
        }
    }
    let share = hit as f64 / content as f64;
    eprintln!("newswire coverage: {hit} of {content} Arabic content words glossed ({:.2} %)", share * 100.0);
    let mut top: Vec<_> = misses.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1));
    eprintln!("most frequent unglossed: {:?}", &top[..top.len().min(30)]);
    assert!(share >= 0.95, "coverage {:.2} % is below 95 %", share * 100.0);
}
