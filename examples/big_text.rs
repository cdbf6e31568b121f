//! Native time of `annotate()` (all layers) on the sentence `scripts/measure-wasm-limits.mjs`
//! repeats, per size in MB: `cargo run --release --example big_text -- 1 2 5 10`.
fn main() {
    let d = |f: &str| std::fs::read(format!("build/data/{f}")).unwrap();
    let ann = hashiya::Annotator::from_lexicon_bytes(d("lexicon.bin")).unwrap().with_entities(&d("ner.model"), &d("gazetteer.bin")).unwrap().with_terms(&d("terms.bin")).unwrap();
    let s = "قال وزير الداخلية الإيطالي ماركو مينيتي إن الحكومة تدرس الخطة في العراق.\n";
    for mb in std::env::args().skip(1).map(|a| a.parse::<f64>().unwrap()) {
        let units = s.encode_utf16().count();
        let text = s.repeat((mb * 1048576.0 / (units as f64 * 2.0)).ceil() as usize);
        let t = std::time::Instant::now();
        let doc = ann.annotate(&text);
        println!("{mb} MB: {} spans in {:.2} s", doc.spans.len(), t.elapsed().as_secs_f64());
    }
}
