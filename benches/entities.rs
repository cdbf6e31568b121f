//! Cost of entity recognition per token on the newswire corpus, next to
//! `annotate` on the same text in the same run: recognition alone with the
//! analyser's lexical features (as the committed model is trained), without them,
//! given analyses the annotator already has, and `annotate` for scale.
//!
//! Run: `cargo bench --bench entities` (needs `build/data/lexicon.bin`,
//! `build/data/gazetteer.bin` and `../shared/data/articles/newswire-corpus.txt`).


use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hashiya::entities::lexical::Lexical;
use hashiya::entities::EntityRecognizer;

fn bench(c: &mut Criterion) {
    let corpus = match std::fs::read_to_string("../shared/data/articles/newswire-corpus.txt") {
        Ok(t) => t,
        Err(_) => {
            eprintln!("skipping: ../shared/data/articles/newswire-corpus.txt is absent");
            return;
        }
    };
    let lexicon = std::fs::read(std::env::var("HASHIYA_LEXICON").unwrap_or_else(|_| "build/data/lexicon.bin".into()))
        .expect("build/data/lexicon.bin (run `npm run build:data`)");
    let gaz = std::fs::read("build/data/gazetteer.bin").expect("build/data/gazetteer.bin (run `hashiya-train-ner gazetteer`)");
    let model = std::fs::read("data/entities/ner.model").expect("data/entities/ner.model is committed");
    let annotator = hashiya::Annotator::from_lexicon_bytes(lexicon).unwrap();
    let rec = EntityRecognizer::from_bytes(&model, &gaz).unwrap();
    let lex: &dyn Lexical = annotator.analyzer();
    let tokens = hashiya::tokenize::tokenize(&corpus).len() as u64;
    let found = rec.recognize_with(&corpus, Some(lex)).len();
    eprintln!("newswire corpus: {tokens} tokens, {found} entities");
    let mut group = c.benchmark_group("newswire");
    group.throughput(Throughput::Elements(tokens));
    group.sample_size(10);
    group.bench_function("annotate", |b| b.iter(|| annotator.annotate(&corpus).spans.len()));
    group.bench_function("entities (lexical features)", |b| b.iter(|| rec.recognize_with(&corpus, Some(lex)).len()));
    group.bench_function("entities (no lexicon)", |b| b.iter(|| rec.recognize(&corpus).len()));
    // the annotator has analysed every word already: recognition given those analyses
    let mut seen = std::collections::HashSet::new();
    let words: Vec<(&str, Vec<hashiya::analyze::Analysis>)> = hashiya::tokenize::tokenize(&corpus)
        .iter()
        .map(|t| t.text(&corpus))
        .filter(|w| seen.insert(*w))
        .map(|w| (w, annotator.analyzer().analyze_word(w)))
        .collect();
    group.bench_function("entities (analyses given)", |b| {
        b.iter(|| {
            let pre = hashiya::entities::lexical::Precomputed::new(annotator.analyzer(), words.iter().map(|(w, a)| (*w, a.as_slice())));
            rec.recognize_with(&corpus, Some(&pre)).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
