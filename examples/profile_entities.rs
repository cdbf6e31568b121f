//! Annotates a file many times with words and entities, for a profiler:
//! `cargo run --release --example profile_entities -- FILE [ROUNDS]`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let dir = hashiya::cli::default_data_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let annotator = hashiya::Annotator::from_lexicon_bytes(read("lexicon.bin")).unwrap().with_entities(&read("ner.model"), &read("gazetteer.bin")).unwrap();
    let mut n = 0;
    for _ in 0..rounds {
        n += annotator.annotate(&text).spans.len();
    }
    println!("{n}");
}
