//! Prints every analysis of each word given, best first, with its score: the
//! quickest way to see why a word got the gloss it got.
//!
//! `cargo run --release --example analyses -- خليفة اندحار`

fn main() {
    let annotator = hashiya::cli::load_annotator(&hashiya::cli::default_data_dir()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let data = &annotator.analyzer().lexicon.data;
    for word in std::env::args().skip(1) {
        let Some(key) = hashiya::normalize::key(&word) else { continue };
        println!("{word} ({key})");
        for a in annotator.analyzer().analyze_word(&word) {
            let (p, s, x) = (&data.prefixes[a.prefix as usize], &data.stems[a.stem as usize], &data.suffixes[a.suffix as usize]);
            let lemma = &data.lemmas[s.lemma as usize];
            println!(
                "  {:7.2}  {}+{}+{}  lemma {} ({:.2})  {} [{}]  {}",
                a.score, p.voc, s.voc, x.voc, lemma.voc, lemma.logp, s.pos, data.stem_cats[s.cat as usize], data.glosses[s.gloss as usize]
            );
        }
    }
}
