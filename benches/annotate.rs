//! Throughput of `annotate` on the newswire corpus and on the seed article (tokens
//! per second), layer by layer, with a plain tokenizer pass over the same text as the peer measured in
//! the same run:
//!
//! - `tokenize`: the tokenizer alone;
//! - `words`: word analysis only (lexicon);
//! - `words+entities`: plus entity recognition;
//! - `words+terms`: words, multiword terms and key terms, without entities;
//! - `all`: words, entities, multiword terms and key terms (what the CLI and the
//!   page run).
//!
//! What recognition adds to `annotate` is `all` minus `words+terms` (and, against
//! the word layer alone, `words+entities` minus `words`).
//!
//! Run: `cargo bench --bench annotate` (needs `npm run build:data` and
//! `../shared/data/articles/newswire-corpus.txt`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("build/data/{name}")).unwrap_or_else(|e| panic!("build/data/{name}: {e} (run `npm run build:data`)"))
}

fn bench(c: &mut Criterion) {
    let corpus = match std::fs::read_to_string("../shared/data/articles/newswire-corpus.txt") {
        Ok(t) => t,
        Err(_) => {
            eprintln!("skipping: ../shared/data/articles/newswire-corpus.txt is absent");
            return;
        }
    };
    let lexicon = read("lexicon.bin");
    let words = hashiya::Annotator::from_lexicon_bytes(&lexicon).unwrap();
    let entities = hashiya::Annotator::from_lexicon_bytes(&lexicon).unwrap().with_entities(&read("ner.model"), &read("gazetteer.bin")).unwrap();
    let terms = hashiya::Annotator::from_lexicon_bytes(&lexicon).unwrap().with_terms(&read("terms.bin")).unwrap();
    let all = hashiya::Annotator::from_lexicon_bytes(&lexicon)
        .unwrap()
        .with_entities(&read("ner.model"), &read("gazetteer.bin"))
        .unwrap()
        .with_terms(&read("terms.bin"))
        .unwrap();
    // the whole corpus (throughput), and one article as a reader opens it
    let article = std::fs::read_to_string("../shared/data/articles/virtual-caliphate.txt").unwrap_or_default();
    for (name, text) in [("newswire", &corpus), ("article", &article)] {
        if text.is_empty() {
            continue;
        }
        let tokens = hashiya::tokenize::tokenize(text).len() as u64;
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(tokens));
        group.sample_size(10);
        group.bench_function("tokenize", |b| b.iter(|| hashiya::tokenize::tokenize(text).len()));
        group.bench_function("words", |b| b.iter(|| words.annotate(text).spans.len()));
        group.bench_function("words+entities", |b| b.iter(|| entities.annotate(text).spans.len()));
        group.bench_function("words+terms", |b| b.iter(|| terms.annotate(text).spans.len()));
        group.bench_function("all", |b| b.iter(|| all.annotate(text).spans.len()));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
