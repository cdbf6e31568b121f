//! What entity recognition adds to `annotate`, timed natively with the layer
//! configurations taking turns pass by pass (as `npm run bench:browser` does in
//! the browser), so a slow spell of a shared machine falls on all of them alike:
//! `cargo run --release --example layer_times -- FILE [PASSES]`.
//!
//! Prints the median time of a pass for words only, words + terms (annotate
//! without entities), words + entities and all layers, and what entities add to
//! annotate without them, as a median of the per-round differences.

use std::time::Instant;

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: layer_times FILE [PASSES]");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let passes: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(15);
    let dir = hashiya::cli::default_data_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let lexicon = read("lexicon.bin");
    let base = || hashiya::Annotator::from_lexicon_bytes(&lexicon).unwrap();
    let with_entities = |a: hashiya::Annotator| {
        a.with_entities(&read("ner.model"), &read("gazetteer.bin"))
            .unwrap()
    };
    let with_terms = |a: hashiya::Annotator| a.with_terms(&read("terms.bin")).unwrap();
    let configs = [
        ("words", base()),
        ("words + terms", with_terms(base())),
        ("words + entities", with_entities(base())),
        ("all layers", with_terms(with_entities(base()))),
    ];
    let mut times = vec![Vec::new(); configs.len()];
    for round in 0..=passes {
        for ((_, a), t) in configs.iter().zip(&mut times) {
            let t0 = Instant::now();
            std::hint::black_box(a.annotate(&text).spans.len());
            // the first round warms the caches and the allocator
            if round > 0 {
                t.push(t0.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let mut added: Vec<f64> = times[3].iter().zip(&times[1]).map(|(a, t)| a - t).collect();
    let mut ratio: Vec<f64> = times[3]
        .iter()
        .zip(&times[1])
        .map(|(a, t)| a / t - 1.0)
        .collect();
    for ((name, _), t) in configs.iter().zip(&mut times) {
        println!("{name:<18} {:8.2} ms", median(t));
    }
    println!("entities add       {:8.2} ms = {:.0} % of annotate without them (medians of {passes} rounds)", median(&mut added), 100.0 * median(&mut ratio));
}
