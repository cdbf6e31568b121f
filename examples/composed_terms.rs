//! The key terms whose English is built word by word, over a corpus of articles
//! (split at blank lines), by how many articles list them: the candidates for the
//! team's phrase table (`data/phrases.tsv`), and what the table now renders.
//!
//! `cargo run --release --example composed_terms -- FILE [TOP]` prints, for every
//! multiword key term among each article's first TOP (default 25): its count of
//! articles, source, Arabic and English, most frequent first; then how many of the
//! multiword key terms are composed and how many the phrase table renders.
//!
//! `cargo run --release --example composed_terms -- FILE TOP ARTICLES...` prints
//! instead the top TOP key terms of the articles numbered ARTICLES (0-based), to
//! compare rankings before and after a change.

use std::collections::HashMap;

use hashiya::terms::TermSource;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: composed_terms FILE [TOP [ARTICLE...]]");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let top: usize = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(25);
    let annotator = hashiya::cli::load_annotator(&hashiya::cli::default_data_dir()).expect("built data (npm run build:data)");
    let articles: Vec<&str> = text.split("\n\n").map(str::trim).filter(|a| !a.is_empty()).collect();

    let picked: Vec<usize> = args[3.min(args.len())..].iter().filter_map(|a| a.parse().ok()).collect();
    if !picked.is_empty() {
        for i in picked {
            let Some(article) = articles.get(i) else { continue };
            println!("== article {i}: {}…", article.chars().take(60).collect::<String>());
            for (r, k) in annotator.annotate(article).key_terms.iter().take(top).enumerate() {
                println!("{:2}. {:<30} {:<34} ×{} {:.1} {:?}", r + 1, k.text, k.english, k.count, k.score, k.source);
            }
        }
        return;
    }

    // folded phrase → (articles, source, text, english)
    let mut seen: HashMap<String, (usize, TermSource, String, String)> = HashMap::new();
    for article in &articles {
        for k in annotator.annotate(article).key_terms.iter().take(top).filter(|k| k.text.contains(' ')) {
            let key = hashiya::terms::keys::phrase_key(&k.text).unwrap_or_else(|| k.text.clone());
            let e = seen.entry(key).or_insert_with(|| (0, k.source, k.text.clone(), k.english.clone()));
            e.0 += 1;
        }
    }
    let mut rows: Vec<_> = seen.into_values().collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    for (n, source, text, english) in &rows {
        println!("{n:4}  {source:<10?} {text:<32} {english}");
    }
    let count = |s: TermSource| rows.iter().filter(|r| r.1 == s).count();
    println!(
        "{} articles; multiword key terms in their top {top}: {} distinct, {} composed word by word, {} from the phrase table, {} from the dictionary",
        articles.len(),
        rows.len(),
        count(TermSource::Composed),
        rows.iter().filter(|r| format!("{:?}", r.1) == "Phrasebook").count(),
        count(TermSource::Dictionary)
    );
}
