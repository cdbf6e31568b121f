//! Key-term scoring of a 10,000-word article (the first 10,000 words of the
//! newswire corpus): multiword matching, grouping, families, composed pairs and
//! ranking over already analysed tokens (what `key_terms` adds to `annotate`).
//! Also reports the whole path (annotate + adapter + key terms) for comparison.
//!
//! Run: `cargo bench --bench terms` (needs `build/data/lexicon.bin`,
//! `build/data/terms.bin` and `../shared/data/articles/newswire-corpus.txt`).

use hashiya::terms;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const WORDS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let corpus = match std::fs::read_to_string("../shared/data/articles/newswire-corpus.txt") {
        Ok(t) => t,
        Err(_) => {
            eprintln!("skipping: ../shared/data/articles/newswire-corpus.txt is absent");
            return;
        }
    };
    // The first 10,000 words, whole lines, as one article.
    let mut article = String::new();
    let mut words = 0;
    for line in corpus.lines() {
        if words >= WORDS {
            break;
        }
        words += line.split_whitespace().count();
        article.push_str(line);
        article.push('\n');
    }
    let lexicon = std::fs::read("build/data/lexicon.bin").expect("build/data/lexicon.bin (run `npm run build:data`)");
    let annotator = hashiya::Annotator::from_lexicon_bytes(lexicon).unwrap();
    let terms_bin = std::fs::read("build/data/terms.bin").expect("build/data/terms.bin (built by hashiya-build)");
    let index = terms::TermIndex::from_bytes(&terms_bin, "build/data/terms.bin").unwrap();
    let doc = annotator.annotate(&article);
    let analysed = terms::Analysed::new(annotator.analyzer(), &article, &doc);
    let tokens = analysed.tokens();
    let options = terms::KeyTermOptions::default();
    let top = index.key_terms(&article, &tokens, &[], None, &options);
    eprintln!("{words} words, {} tokens; top key terms: {:?}", tokens.len(), top.iter().take(5).map(|k| (&k.text, &k.english, k.count)).collect::<Vec<_>>());

    let mut group = c.benchmark_group("key_terms_10k_words");
    group.throughput(Throughput::Elements(words as u64));
    group.bench_function("score", |b| b.iter(|| index.key_terms(&article, &tokens, &[], None, &options).len()));
    group.bench_function("match_terms", |b| b.iter(|| index.match_terms(&tokens, None).len()));
    group.sample_size(10);
    group.bench_function("annotate+adapter+score", |b| {
        b.iter(|| {
            let doc = annotator.annotate(&article);
            let analysed = terms::Analysed::new(annotator.analyzer(), &article, &doc);
            index.key_terms(&article, &analysed.tokens(), &[], None, &options).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
