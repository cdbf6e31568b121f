//! Prints every entity found in a file, for checking that a change to the
//! recogniser leaves its output as it was: `cargo run --release --example
//! dump_entities -- FILE > before.txt`, change, run again, `cmp` the two.
//!
//! The file is read whole and line by line, each with the analyser (as
//! `annotate` runs it) and without; each entity is printed with its offsets,
//! type and English name. Then the whole `annotate` document's entity and term
//! spans and key terms follow.

fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_entities FILE");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let dir = hashiya::cli::default_data_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let annotator = hashiya::Annotator::from_lexicon_bytes(read("lexicon.bin"))
        .unwrap()
        .with_entities(&read("ner.model"), &read("gazetteer.bin"))
        .unwrap()
        .with_terms(&read("terms.bin"))
        .unwrap();
    let rec = hashiya::entities::EntityRecognizer::from_bytes(&read("ner.model"), &read("gazetteer.bin")).unwrap();
    let analyzer = annotator.analyzer();
    let print = |label: &str, part: &str| {
        for (with, lex) in [("lex", Some(analyzer as &dyn hashiya::entities::lexical::Lexical)), ("bare", None)] {
            for e in rec.recognize_with(part, lex) {
                println!("{label} {with} {}..{} {} {}", e.start, e.end, e.kind, e.english);
            }
        }
    };
    print("whole", &text);
    for (n, line) in text.lines().enumerate() {
        print(&format!("line{n}"), line);
    }
    let doc = annotator.annotate(&text);
    for s in doc.spans.iter().filter(|s| s.layer != hashiya::annotate::Layer::Word) {
        println!("span {:?} {}..{} {:?}", s.layer, s.start, s.end, doc.entries[s.id as usize]);
    }
    for k in &doc.key_terms {
        println!("key {k:?}");
    }
}
