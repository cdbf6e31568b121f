//! Prints every analysis of each word given, best first, with its score: the
//! quickest way to see why a word got the gloss it got.
//!
//! `cargo run --release --example analyses -- خليفة اندحار` (with `AFFIXES=1` in the
//! environment, each analysis's affixes and their learnt log-weight too)

fn main() {
    let annotator = hashiya::cli::load_annotator(&hashiya::cli::default_data_dir()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let lex = &annotator.analyzer().lexicon;
    for word in std::env::args().skip(1) {
        let Some(key) = hashiya::normalize::key(&word) else { continue };
        println!("{word} ({key})");
        for a in annotator.analyzer().analyze_word(&word) {
            let (p, s, x) = (&lex.prefixes[a.prefix as usize], lex.stem(a.stem), &lex.suffixes[a.suffix as usize]);
            println!(
                "  {:7.2}  {}+{}+{}  lemma {} ({:.2})  {} [{}]  {}",
                a.score, p.voc, s.voc, x.voc, lex.lemma_voc(s.lemma), lex.lemma_logp(s.lemma), s.pos, lex.stem_cats[s.cat as usize], lex.gloss(s.gloss)
            );
            if std::env::var("AFFIXES").is_ok() {
                let class = lex.stem_class(a.stem);
                println!("           prefix #{} suffix #{}: affix log-weight {:.2} (class {class})", a.prefix, a.suffix, lex.affix_logp(a.prefix, a.suffix, class));
            }
        }
    }
}
