//! Trains and evaluates the entity model (`data/entities/ner.model`).
//!
//! Data: the NewsFANE Gold training file (CC BY-SA 3.0), one token and its
//! fine-grained BIO tag per line, clitics split off as their own tokens. Tags are
//! mapped to PER, LOC, ORG, NORP, FAC, MISC (see [`coarse`]). Every 10th sentence
//! is the development split and is never trained on.
//!
//! Real pages are not clitic-split, so each training sentence is used twice: as
//! given, and with its clitics written back onto their words ([`reattach`]:
//! و ب ل ك ف س + ال before, possessive and object pronouns after). Evaluation
//! reports both views of the development split.
//!
//! Learning: averaged structured perceptron, Viterbi decoding under BIO
//! constraints, features of [`crate::entities::features`]; features seen fewer
//! than `min_count` times are dropped. Sentence order is shuffled each epoch with a
//! fixed seed, so the same command gives the same model.

use std::collections::HashMap;
use std::path::Path;

use crate::entities::features::{sentence_features, TokView};
use crate::entities::gazetteer::Gazetteer;
use crate::entities::lexical::Lexical;
use crate::entities::model::{allowed, IdMap, Model, LABELS};
use crate::entities::text::{is_arabic_letter, normalize, Kind};
use crate::entities::viterbi::viterbi;
use crate::entities::EntityRecognizer;
use crate::error::{Error, ErrorKind};

/// A sentence: tokens and coarse BIO labels.
pub type Sentence = Vec<(String, String)>;

/// Maps a fine NewsFANE type to the coarse type, per the data's README.
pub fn coarse(fine: &str) -> &'static str {
    match fine {
        "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist" | "Businessperson" | "Lawyer" | "Engineer" | "Police" => "PER",
        "Non-Governmental" | "Sports" | "Government" | "Media" | "Commercial" | "Educational" | "Medical-Science" | "Entertainment" | "Religious_ORG" => "ORG",
        "Nation" | "Population-Center" | "State-or-Province" | "County-or-District" | "GPE-Cluster" | "Continent" | "Water-Body" | "Land-Region-Natural" => "LOC",
        "Building-Grounds" | "Airport" | "Path" | "Subarea-Facility" | "Plant" => "FAC",
        "Group" => "NORP",
        _ => "MISC",
    }
}

/// Reads the training file into sentences with coarse labels.
pub fn read_tsv(path: &Path) -> Result<Vec<Sentence>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
    let mut out = Vec::new();
    let mut cur: Sentence = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let Some((tok, tag)) = line.split_once('\t') else {
            return Err(Error::data(format!("{}:{}: expected token<TAB>tag", path.display(), n + 1)));
        };
        let tag = tag.trim();
        let label = if tag == "O" {
            "O".to_string()
        } else if let Some((bio, fine)) = tag.split_once('-') {
            if bio != "B" && bio != "I" {
                return Err(Error::data(format!("{}:{}: bad tag {tag}", path.display(), n + 1)));
            }
            format!("{bio}-{}", coarse(fine))
        } else {
            return Err(Error::data(format!("{}:{}: bad tag {tag}", path.display(), n + 1)));
        };
        cur.push((tok.trim().to_string(), label));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

const PREFIXES: &[&str] = &["و", "ف", "ب", "ل", "ك", "س", "ال", "لل"];
const SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما", "هن", "نا", "كم", "ني", "ي"];

fn is_arabic_word(s: &str) -> bool {
    s.chars().next().is_some_and(is_arabic_letter)
}

/// Writes split-off clitics back onto their words, as running text has them:
/// `و ب ال مدينة` → `وبالمدينة`, `ل ال اتحاد` → `للاتحاد`, `مدينة ها` → `مدينتها`.
/// A merged word takes its content word's label (B- if any part began the entity).
pub fn reattach(s: &Sentence) -> Sentence {
    let mut out: Sentence = Vec::with_capacity(s.len());
    let mut pending = String::new();
    let mut pending_b: Option<String> = None;
    let mut last_was_word = false;
    for (i, (tok, label)) in s.iter().enumerate() {
        let next_is_word = s.get(i + 1).is_some_and(|(t, _)| is_arabic_word(t));
        if PREFIXES.contains(&tok.as_str()) && next_is_word {
            if tok == "ال" && pending.ends_with('ل') {
                // ل + ال → لل
                pending.push('ل');
            } else {
                pending.push_str(tok);
            }
            if label.starts_with("B-") && pending_b.is_none() {
                pending_b = Some(label.clone());
            }
            continue;
        }
        if pending.is_empty() && SUFFIXES.contains(&tok.as_str()) && last_was_word {
            let prev = out.last_mut().unwrap();
            if prev.0.ends_with('ة') {
                prev.0.pop();
                prev.0.push('ت');
            }
            prev.0.push_str(tok);
            continue;
        }
        let mut word = String::new();
        let mut label = label.clone();
        if !pending.is_empty() {
            if pending.ends_with('ل') && tok.starts_with("ال") && !pending.ends_with("ال") {
                // ل + ال → لل
                word.push_str(&pending);
                word.push_str(&tok['ا'.len_utf8()..]);
            } else {
                word.push_str(&pending);
                word.push_str(tok);
            }
            if let Some(b) = pending_b.take() {
                if label == "O" || label.get(2..) == b.get(2..) {
                    label = b;
                }
            }
            pending.clear();
        } else {
            word.push_str(tok);
        }
        last_was_word = is_arabic_word(&word);
        out.push((word, label));
    }
    if !pending.is_empty() {
        out.push((pending, "O".to_string()));
    }
    out
}

/// The token kind of a training token.
pub fn kind_of(tok: &str) -> Kind {
    let c = tok.chars().next().unwrap_or(' ');
    if is_arabic_letter(c) {
        Kind::Arabic
    } else if c.is_ascii_digit() || matches!(c, '٠'..='٩') {
        Kind::Digit
    } else if c.is_alphabetic() {
        Kind::Latin
    } else if crate::entities::text::is_quote(c) {
        Kind::Quote
    } else if matches!(c, '.' | '!' | '?' | '؟') {
        Kind::End
    } else {
        Kind::Punct
    }
}

/// Normal forms of a sentence's tokens (kept alive while their views are used).
fn norms(s: &Sentence) -> Vec<(String, String, Kind)> {
    s.iter()
        .map(|(t, _)| {
            let mut norm = normalize(t);
            if norm.is_empty() {
                norm.push('_');
            }
            (t.clone(), norm, kind_of(t))
        })
        .collect()
}

fn views(n: &[(String, String, Kind)]) -> Vec<TokView<'_>> {
    n.iter().map(|(word, norm, kind)| TokView { word, norm, kind: *kind }).collect()
}

fn label_ids(s: &Sentence) -> Vec<usize> {
    s.iter().map(|(_, l)| LABELS.iter().position(|x| x == l).unwrap_or(0)).collect()
}

/// Settings for training.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub min_count: u32,
    /// Averaged weights smaller than this are dropped from the saved model.
    pub min_weight: f32,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 20, min_count: 3, min_weight: 1.0, seed: 20170601 }
    }
}

/// Splits sentences into (train, dev): every 10th sentence is dev.
pub fn split(all: Vec<Sentence>) -> (Vec<Sentence>, Vec<Sentence>) {
    let mut train = Vec::new();
    let mut dev = Vec::new();
    for (i, s) in all.into_iter().enumerate() {
        if i % 10 == 9 {
            dev.push(s);
        } else {
            train.push(s);
        }
    }
    (train, dev)
}

struct Prepared {
    feats: Vec<u32>,
    offsets: Vec<usize>,
    gold: Vec<usize>,
}

/// Trains a model on the sentences (both views of each) and returns it.
pub fn train(sentences: &[Sentence], gaz: &Gazetteer, lex: Option<&dyn Lexical>, cfg: &TrainConfig, log: &mut dyn FnMut(String)) -> Model {
    let l = LABELS.len();
    // features of every sentence, in both views
    let mut raw: Vec<(Vec<u32>, Vec<usize>, Vec<usize>)> = Vec::with_capacity(sentences.len() * 2);
    let mut counts: IdMap<u32> = IdMap::default();
    for s in sentences {
        for v in [s.clone(), reattach(s)] {
            let mut feats = Vec::new();
            let mut offsets = Vec::new();
            sentence_features(&views(&norms(&v)), gaz, lex, &mut feats, &mut offsets);
            for f in &feats {
                *counts.entry(*f).or_insert(0) += 1;
            }
            raw.push((feats, offsets, label_ids(&v)));
        }
    }
    // feature hash -> dense index, for features seen often enough
    let mut hashes: Vec<u32> = counts.iter().filter(|(_, &c)| c >= cfg.min_count).map(|(&h, _)| h).collect();
    hashes.sort_unstable();
    let index: IdMap<u32> = hashes.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
    log(format!("{} sentences ({} views), {} features kept of {}", sentences.len(), raw.len(), hashes.len(), counts.len()));
    let data: Vec<Prepared> = raw
        .into_iter()
        .map(|(feats, offsets, gold)| {
            // keep offsets consistent after dropping rare features
            let mut nf = Vec::with_capacity(feats.len());
            let mut no = vec![0];
            for i in 0..offsets.len() - 1 {
                for f in &feats[offsets[i]..offsets[i + 1]] {
                    if let Some(&k) = index.get(f) {
                        nf.push(k);
                    }
                }
                no.push(nf.len());
            }
            Prepared { feats: nf, offsets: no, gold }
        })
        .collect();

    let nfeat = hashes.len();
    let mut w = vec![0f32; nfeat * l];
    let mut u = vec![0f32; nfeat * l];
    let mut t = vec![0f32; (l + 1) * l];
    let mut tu = vec![0f32; (l + 1) * l];
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = cfg.seed;
    let mut emit = Vec::new();
    for epoch in 0..cfg.epochs {
        // Fisher-Yates with a fixed-seed LCG
        for i in (1..order.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = ((rng >> 33) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        let mut tokens = 0usize;
        for &si in &order {
            let p = &data[si];
            let n = p.gold.len();
            emit.clear();
            emit.resize(n * l, 0.0);
            for i in 0..n {
                for &f in &p.feats[p.offsets[i]..p.offsets[i + 1]] {
                    let row = &w[f as usize * l..(f as usize + 1) * l];
                    for y in 0..l {
                        emit[i * l + y] += row[y];
                    }
                }
            }
            let pred = viterbi(&emit, &t, n);
            tokens += n;
            if pred != p.gold {
                for i in 0..n {
                    let (g, y) = (p.gold[i], pred[i]);
                    if g != y {
                        errors += 1;
                        for &f in &p.feats[p.offsets[i]..p.offsets[i + 1]] {
                            let base = f as usize * l;
                            w[base + g] += 1.0;
                            u[base + g] += c;
                            w[base + y] -= 1.0;
                            u[base + y] -= c;
                        }
                    }
                    let gp = if i == 0 { l } else { p.gold[i - 1] };
                    let yp = if i == 0 { l } else { pred[i - 1] };
                    if (gp, g) != (yp, y) {
                        // gold transitions are always allowed by construction; keep it so
                        if gp == l || allowed(Some(gp), g) {
                            t[gp * l + g] += 1.0;
                            tu[gp * l + g] += c;
                        }
                        t[yp * l + y] -= 1.0;
                        tu[yp * l + y] -= c;
                    }
                }
            }
            c += 1.0;
        }
        log(format!("epoch {}: {} token errors of {} ({:.2}%)", epoch + 1, errors, tokens, 100.0 * errors as f32 / tokens as f32));
    }
    let avg: Vec<f32> = w.iter().zip(&u).map(|(w, u)| w - u / c).collect();
    let tavg: Vec<f32> = t.iter().zip(&tu).map(|(w, u)| w - u / c).collect();
    let mut m = Model::from_dense(&hashes, &avg, tavg, cfg.min_weight);
    // at most 256 distinct weights, a byte each in the file (format 3; lossy, checked
    // on the dev split: see `Model::quantize`)
    m.quantize();
    m.lexical = lex.is_some();
    m
}

/// Precision, recall and F1 of exact entity spans for some types.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub per_type: Vec<(String, usize, usize, usize)>,
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Score {
    pub fn p(&self) -> f64 {
        if self.pred == 0 { 0.0 } else { self.tp as f64 / self.pred as f64 }
    }
    pub fn r(&self) -> f64 {
        if self.gold == 0 { 0.0 } else { self.tp as f64 / self.gold as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Entity spans (start, end, type) of a label sequence.
pub fn spans(labels: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        if let Some(t) = labels[i].strip_prefix("B-") {
            let mut j = i + 1;
            while j < labels.len() && labels[j].strip_prefix("I-") == Some(t) {
                j += 1;
            }
            out.push((i, j, t.to_string()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Scores a model on sentences, exact spans, for the given types.
pub fn evaluate(model: &Model, gaz: &Gazetteer, lex: Option<&dyn Lexical>, sentences: &[Sentence], types: &[&str]) -> Score {
    let mut counts: HashMap<String, (usize, usize, usize)> = HashMap::new();
    let mut feats = Vec::new();
    let mut offsets = Vec::new();
    for s in sentences {
        sentence_features(&views(&norms(s)), gaz, lex, &mut feats, &mut offsets);
        let pred: Vec<&str> = model.decode(&feats, &offsets).into_iter().map(|y| LABELS[y]).collect();
        let gold: Vec<&str> = s.iter().map(|(_, l)| l.as_str()).collect();
        let ps = spans(&pred);
        let gs = spans(&gold);
        for t in types {
            let e = counts.entry(t.to_string()).or_default();
            let pt: Vec<_> = ps.iter().filter(|s| s.2 == *t).collect();
            let gt: Vec<_> = gs.iter().filter(|s| s.2 == *t).collect();
            e.0 += pt.iter().filter(|s| gt.contains(s)).count();
            e.1 += pt.len();
            e.2 += gt.len();
        }
    }
    let mut sc = Score::default();
    for t in types {
        let (tp, p, g) = counts.get(*t).copied().unwrap_or_default();
        sc.per_type.push((t.to_string(), tp, p, g));
        sc.tp += tp;
        sc.pred += p;
        sc.gold += g;
    }
    sc
}

/// Scores the whole recogniser (model plus its rules: listed names, quoted
/// organisations, document-level consistency) on running text: each sentence's
/// tokens joined by spaces, one sentence per line. A predicted entity counts when
/// it covers exactly the gold tokens (a clitic it leaves out of its first word
/// still counts as that word).
/// Scores the recogniser on `sentences` written out as running text, `per_doc` sentences to a
/// document (1: each sentence alone; `usize::MAX`: the whole split as one text, so the
/// document-level rules, one name one type, see every sentence at once).
pub fn evaluate_recognizer(rec: &EntityRecognizer, lex: Option<&dyn Lexical>, sentences: &[Sentence], types: &[&str], per_doc: usize) -> Score {
    let mut text = String::new();
    // per token: (byte start, byte end, sentence, index in sentence)
    let mut tokpos: Vec<(usize, usize)> = Vec::new();
    let mut gold: Vec<(usize, usize, String)> = Vec::new();
    for s in sentences {
        let base = tokpos.len();
        for (k, (t, _)) in s.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(t);
            tokpos.push((a, text.len()));
        }
        text.push('\n');
        let labels: Vec<&str> = s.iter().map(|(_, l)| l.as_str()).collect();
        gold.extend(spans(&labels).into_iter().map(|(a, b, t)| (base + a, base + b, t)));
    }
    let tok_at = |byte: usize| tokpos.partition_point(|&(_, e)| e <= byte);
    // The corpus does not mark articles: documents are runs of `per_doc` sentences (lines).
    let mut pred: Vec<(usize, usize, String)> = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut doc_start = 0;
    for doc in lines.chunks(per_doc.max(1)) {
        let doc_text = doc.concat();
        for e in rec.recognize_with(&doc_text, lex) {
            let (a, b) = (doc_start + e.byte_start, doc_start + e.byte_end);
            pred.push((tok_at(a), tok_at(b - 1) + 1, e.kind.to_string()));
        }
        doc_start += doc_text.len();
    }
    if std::env::var("HASHIYA_NER_DEBUG").is_ok() {
        for p in &pred {
            if !gold.contains(p) {
                let words: Vec<&str> = (p.0..p.1).map(|k| &text[tokpos[k].0..tokpos[k].1]).collect();
                eprintln!("FP {} {}", p.2, words.join(" "));
            }
        }
        for g in &gold {
            if !pred.contains(g) {
                let words: Vec<&str> = (g.0..g.1).map(|k| &text[tokpos[k].0..tokpos[k].1]).collect();
                eprintln!("FN {} {}", g.2, words.join(" "));
            }
        }
    }
    let mut sc = Score::default();
    for t in types {
        let pt: Vec<_> = pred.iter().filter(|s| s.2 == *t).collect();
        let gt: Vec<_> = gold.iter().filter(|s| s.2 == *t).collect();
        let tp = pt.iter().filter(|s| gt.contains(s)).count();
        sc.per_type.push((t.to_string(), tp, pt.len(), gt.len()));
        sc.tp += tp;
        sc.pred += pt.len();
        sc.gold += gt.len();
    }
    sc
}

/// A markdown table of scores for the two views of the development split.
pub fn report(model: &Model, gaz: &Gazetteer, lex: Option<&dyn Lexical>, dev: &[Sentence]) -> String {
    let attached: Vec<Sentence> = dev.iter().map(reattach).collect();
    let types = ["PER", "LOC", "ORG"];
    let mut out = String::from("| dev split | type | precision | recall | F1 | gold spans |\n| --- | --- | --- | --- | --- | --- |\n");
    for (name, data) in [("clitics split (as in the corpus)", dev), ("clitics re-attached (running text)", &attached[..])] {
        let sc = evaluate(model, gaz, lex, data, &types);
        for (t, tp, p, g) in &sc.per_type {
            let s = Score { per_type: vec![], tp: *tp, pred: *p, gold: *g };
            out.push_str(&format!("| {name} | {t} | {:.3} | {:.3} | {:.3} | {g} |\n", s.p(), s.r(), s.f1()));
        }
        out.push_str(&format!("| {name} | **PER+LOC+ORG** | **{:.3}** | **{:.3}** | **{:.3}** | {} |\n", sc.p(), sc.r(), sc.f1(), sc.gold));
    }
    out
}

/// The same table for the whole recogniser on re-attached running text.
pub fn report_recognizer(rec: &EntityRecognizer, lex: Option<&dyn Lexical>, dev: &[Sentence]) -> String {
    let attached: Vec<Sentence> = dev.iter().map(reattach).collect();
    let mut out = String::new();
    for (name, per_doc) in [("recogniser with rules, running text", 1), ("the same, the whole dev split as one text", usize::MAX)] {
        let sc = evaluate_recognizer(rec, lex, &attached, &["PER", "LOC", "ORG"], per_doc);
        for (t, tp, p, g) in &sc.per_type {
            let s = Score { per_type: vec![], tp: *tp, pred: *p, gold: *g };
            out.push_str(&format!("| {name} | {t} | {:.3} | {:.3} | {:.3} | {g} |\n", s.p(), s.r(), s.f1()));
        }
        out.push_str(&format!("| {name} | **PER+LOC+ORG** | **{:.3}** | **{:.3}** | **{:.3}** | {} |\n", sc.p(), sc.r(), sc.f1(), sc.gold));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[(&str, &str)]) -> Sentence {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn reattaches_clitics() {
        let got = reattach(&s(&[("و", "O"), ("قال", "O"), ("ل", "O"), ("ال", "O"), ("اتحاد", "B-ORG"), ("مدينة", "O"), ("ها", "O"), ("ب", "O"), ("العراق", "B-LOC"), (".", "O")]));
        let want = s(&[("وقال", "O"), ("للاتحاد", "B-ORG"), ("مدينتها", "O"), ("بالعراق", "B-LOC"), (".", "O")]);
        assert_eq!(got, want);
    }

    #[test]
    fn maps_fine_tags() {
        assert_eq!(coarse("Politician"), "PER");
        assert_eq!(coarse("Population-Center"), "LOC");
        assert_eq!(coarse("Media"), "ORG");
        assert_eq!(coarse("Group"), "NORP");
        assert_eq!(coarse("Book"), "MISC");
    }

    #[test]
    fn exact_span_scoring() {
        let sp = spans(&["B-PER", "I-PER", "O", "B-LOC", "I-ORG"]);
        assert_eq!(sp, vec![(0, 2, "PER".to_string()), (3, 4, "LOC".to_string())]);
    }
}
