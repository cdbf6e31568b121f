//! Experiment (issue 16): a context model learnt without labels. For each context the
//! annotator knows (`hashiya::context::Context`, set by the word before, and the
//! Opening / Construct leans set by a definite word after), EM over the analyses of
//! raw text learns how the context shifts the stem classes (noun, perfect, imperfect,
//! imperative, function word): each token's readings weighted by the context-free score
//! plus the context's log-weight, expected class counts per context, and the weight
//! `ln P(class | context) − ln P(class | no context)`. Prints the learnt weights.
//!
//! `cargo run --release --example train_context -- ../shared/data/articles/newswire-corpus.txt [ITERATIONS]`
//!
//! Result on the newswire corpus (114,908 tokens; converged by 15 iterations): after
//! الذي/التي/ما (Clause) verbs +1.9 to +2.2 and nouns −2.05; at a sentence's opening
//! before a definite noun perfect +1.71, noun −0.85; before a definite noun inside a
//! sentence (Construct) almost nothing (−0.26 … +0.41); after a number the imperfect
//! −1.88 but the perfect only −0.61. Used in place of the hand-set leans (−3 against
//! the reading the context speaks against), keeping the certain rules, they lost: the
//! team's set 471 of 496 against 472 (gained فتحت, تحدث at an opening; lost طالب
//! المتظاهرون, قتل المدنيين, لتلقي), the held-out set 129 of 137 against 130 (lost ألف
//! دار نشر: after a number the learnt weight against a verb is too weak). So the
//! hand-set leans stay; the learnt figures say where they could be tried next (a
//! Clause lean toward verbs).

use hashiya::context::{is_definite, Context};

const CONTEXTS: [Context; 11] = [
    Context::Free,
    Context::Preposition,
    Context::Min,
    Context::Imperfect,
    Context::Jussive,
    Context::An,
    Context::Verb,
    Context::Clause,
    Context::Number,
    Context::Opening,
    Context::Construct,
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let iterations: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let annotator = hashiya::cli::load_annotator(std::path::Path::new("build/data")).unwrap();
    let analyzer = annotator.analyzer();
    let lex = &analyzer.lexicon;
    // (context index, [(class, score)]) per word token with two or more classes among its analyses
    let mut items: Vec<(usize, Vec<(u8, f32)>)> = Vec::new();
    let mut cache: std::collections::HashMap<&str, Vec<(u8, f32)>> = Default::default();
    let toks = hashiya::tokenize::tokenize(&text);
    let mut context = Context::Free;
    let mut opening = true;
    let mut prev_free: Option<usize> = None; // index in items of a word in Free context, awaiting the next word
    for t in &toks {
        if !t.is_arabic_word(&text) {
            if !t.is_line_break() {
                context = if t.kind == hashiya::tokenize::Kind::Digit { Context::Number } else { Context::Free };
                opening = true;
                prev_free = None;
            }
            continue;
        }
        let word = t.text(&text);
        let before = std::mem::replace(&mut context, Context::after(word));
        let definite = is_definite(word);
        if let Some(i) = prev_free.take() {
            if definite {
                items[i].0 = if items[i].0 == 100 { 9 } else { 10 };
            }
        }
        let readings = cache
            .entry(word)
            .or_insert_with(|| analyzer.analyze_word(word).iter().map(|a| (lex.stem_class(a.stem), a.score)).collect())
            .clone();
        let ci = CONTEXTS.iter().position(|&c| c == before).unwrap();
        items.push((ci, readings));
        if !definite && before == Context::Free {
            // 100: opening, 101: inside; resolved when the next word is definite, else Free
            items.last_mut().unwrap().0 = if opening { 100 } else { 101 };
            prev_free = Some(items.len() - 1);
        }
        opening = false;
    }
    for it in items.iter_mut() {
        if it.0 >= 100 {
            it.0 = 0;
        }
    }
    let mut w = [[0f64; 5]; 11];
    for iter in 0..iterations {
        let mut n = [[0.5f64; 5]; 11];
        for (ci, readings) in &items {
            if readings.is_empty() {
                continue;
            }
            let ps: Vec<f64> = readings.iter().map(|&(c, s)| (s as f64 + w[*ci][c as usize]).exp()).collect();
            let z: f64 = ps.iter().sum();
            for (&(c, _), p) in readings.iter().zip(&ps) {
                n[*ci][c as usize] += p / z;
            }
        }
        let p = |row: &[f64; 5]| {
            let s: f64 = row.iter().sum();
            row.map(|x| x / s)
        };
        let free = p(&n[0]);
        for ci in 0..11 {
            let pc = p(&n[ci]);
            for k in 0..5 {
                w[ci][k] = (pc[k] / free[k]).ln();
            }
        }
        if iter == iterations - 1 {
            for ci in 0..11 {
                let total: f64 = n[ci].iter().sum();
                println!("{:?}\tn={:.0}\t{}", CONTEXTS[ci], total, w[ci].iter().map(|x| format!("{x:+.2}")).collect::<Vec<_>>().join("\t"));
            }
        }
    }
}
