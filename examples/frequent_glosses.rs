//! Prints wordfreq's most frequent Arabic words with the first gloss the core gives
//! each one standing alone: the list to review when extending the team's usual-sense
//! table (`data/senses.tsv`), chosen by frequency rather than by any test's misses.
//!
//! `cargo run --release --features build-tools --example frequent_glosses -- 1500 > /tmp/frequent.tsv`
//! (columns: rank, word, lemma, part of speech, first gloss line, second gloss line).

#[cfg(feature = "build-tools")]
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let wheel = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("build/downloads/wordfreq-3.1.1-py3-none-any.whl");
    let words = hashiya::build::wordfreq::load_arabic(&wheel).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let annotator = hashiya::cli::load_annotator(&hashiya::cli::default_data_dir()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    for (rank, (word, _)) in words.iter().take(n).enumerate() {
        if let Some(d) = annotator.analyze_word(word) {
            let second = d.glosses.get(1).cloned().unwrap_or_default();
            println!("{}\t{word}\t{}\t{}\t{}\t{second}", rank + 1, d.lemma, d.pos, d.glosses[0]);
        }
    }
}

#[cfg(not(feature = "build-tools"))]
fn main() {
    eprintln!("run with --features build-tools (it reads the wordfreq wheel in build/downloads)");
}
