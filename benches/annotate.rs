//! Throughput of `annotate` on the newswire corpus (tokens per second), with a
//! plain tokenizer pass over the same text as the peer measured in the same run.
//!
//! Run: `cargo bench --bench annotate` (needs `build/data/lexicon.bin` and
//! `../shared/data/articles/newswire-corpus.txt`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let corpus = match std::fs::read_to_string("../shared/data/articles/newswire-corpus.txt") {
        Ok(t) => t,
        Err(_) => {
            eprintln!("skipping: ../shared/data/articles/newswire-corpus.txt is absent");
            return;
        }
    };
    let lexicon = std::fs::read("build/data/lexicon.bin").expect("build/data/lexicon.bin (run `npm run build:data`)");
    let annotator = hashiya::Annotator::from_lexicon_bytes(lexicon).unwrap();
    let tokens = hashiya::tokenize::tokenize(&corpus).len() as u64;
    let mut group = c.benchmark_group("newswire");
    group.throughput(Throughput::Elements(tokens));
    group.sample_size(10);
    group.bench_function("tokenize", |b| b.iter(|| hashiya::tokenize::tokenize(&corpus).len()));
    group.bench_function("annotate", |b| b.iter(|| annotator.annotate(&corpus).spans.len()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
