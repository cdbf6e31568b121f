//! How long each data file takes to load natively, median of ROUNDS, and what the
//! loaded gazetteer holds (issue 17's cold start, memory and size):
//! `cargo run --release --example load_parts -- [DATA_DIR=build/data] [ROUNDS=9]`.
use hashiya::entities::gazetteer::Gazetteer;
use hashiya::entities::model::Model;
use std::time::Instant;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "build/data".into());
    let rounds: usize = args.next().map_or(9, |r| r.parse().expect("ROUNDS: a number"));
    let read = |f: &str| std::fs::read(format!("{dir}/{f}")).unwrap_or_else(|e| panic!("{dir}/{f}: {e}"));
    let (model, gaz) = (read("ner.model"), read("gazetteer.bin"));
    let time = |f: &mut dyn FnMut()| {
        median((0..rounds).map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        }).collect())
    };
    let m = time(&mut || {
        std::hint::black_box(Model::from_bytes(&model).unwrap());
    });
    let g = time(&mut || {
        std::hint::black_box(Gazetteer::from_bytes(&gaz).unwrap());
    });
    let loaded = Gazetteer::from_bytes(&gaz).unwrap();
    let (lex, terms) = (read("lexicon.bin"), read("terms.bin"));
    let l = time(&mut || {
        std::hint::black_box(hashiya::lexicon::Lexicon::from_bytes(&lex).unwrap());
    });
    let t = time(&mut || {
        std::hint::black_box(hashiya::terms::TermIndex::from_bytes(&terms, "terms.bin").unwrap());
    });
    println!("lexicon.bin {} bytes: {l:.2} ms", lex.len());
    println!("terms.bin {} bytes: {t:.2} ms (with the term index)", terms.len());
    println!("ner.model {} bytes: {m:.2} ms", model.len());
    println!(
        "gazetteer.bin {} bytes: {g:.2} ms ({} keys, {} English names; {:.2} MiB held)",
        gaz.len(),
        loaded.len(),
        loaded.name_count(),
        loaded.heap_bytes() as f64 / (1 << 20) as f64
    );
}
