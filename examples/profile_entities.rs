//! Annotates a file many times with the layers asked for, for a profiler or an
//! instruction count: `cargo run --release --example profile_entities -- FILE
//! [ROUNDS] [LAYERS]`, LAYERS one of `words`, `entities`, `terms`, `all` (default).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let layers = args.get(3).map(String::as_str).unwrap_or("all");
    let dir = hashiya::cli::default_data_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let mut annotator = hashiya::Annotator::from_lexicon_bytes(read("lexicon.bin")).unwrap();
    if matches!(layers, "entities" | "all") {
        annotator = annotator.with_entities(&read("ner.model"), &read("gazetteer.bin")).unwrap();
    }
    if matches!(layers, "terms" | "all") {
        annotator = annotator.with_terms(&read("terms.bin")).unwrap();
    }
    let mut n = 0;
    for _ in 0..rounds {
        n += annotator.annotate(&text).spans.len();
    }
    println!("{n}");
}
