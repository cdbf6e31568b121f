//! Builds the entity gazetteer and trains/evaluates the entity model.
//!
//! ```text
//! hashiya-train-ner gazetteer [--out build/data/gazetteer.bin]
//! hashiya-train-ner train     [--data FILE] [--gazetteer FILE] [--out data/entities/ner.model] [--epochs N]
//! hashiya-train-ner eval      [--data FILE] [--gazetteer FILE] [--model FILE]
//! hashiya-train-ner all       (gazetteer, then train, then eval)
//! hashiya-train-ner tune      [--folds 5] [--epochs N] [--min-count N] [--min-weight W] [--fold-models DIR]
//! hashiya-train-ner convert   --model OLD --out NEW
//! ```
//!
//! `convert` reads a model of format 2 (or 3) and writes it in format 3, its weights
//! quantised as training now leaves them ([`Model::quantize`]): how the committed
//! model was brought to format 3 without retraining.
//!
//! `tune` is for choosing settings without looking at the development split:
//! cross-validation over the training split with the given settings (see
//! [`tune_cmd`]); nothing is saved, unless `--fold-models DIR` is given: then each
//! fold's model is kept there (`fold1.model`, ...) and read back by the next run
//! with the same DIR instead of being trained again, so a change to the rules
//! after the model is scored over the folds in seconds. (Use a new DIR when the
//! features or the training settings change.)
//!
//! `--seed N` (train, tune) shuffles the training sentences from another seed:
//! models trained from different seeds differ by about 0.01 F1 on the development
//! split, a measure of how much a difference there can be trusted.
//!
//! `train` and `eval` use the word analyser's lexicon (`--lexicon`, default
//! `build/data/lexicon.bin`, built by `hashiya-build`) for lexical features;
//! `--lexicon none` trains/evaluates without them.
//!
//! Paths are relative to the checkout (the current directory). The training data
//! defaults to `../shared/data/ner/newsfane-train.tsv`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use hashiya::build::entities::{evaluate, evaluate_recognizer, read_tsv, reattach, report, report_recognizer, split, train, Score, TrainConfig};
use hashiya::build::gazetteer::{build, Paths};
use hashiya::entities::gazetteer::Gazetteer;
use hashiya::entities::lexical::Lexical;
use hashiya::entities::model::Model;
use hashiya::entities::EntityRecognizer;
use hashiya::analyze::Analyzer;
use hashiya::lexicon::Lexicon;
use hashiya::Error;

struct Args {
    cmd: String,
    data: PathBuf,
    gazetteer: PathBuf,
    model: PathBuf,
    /// `convert`'s output (`--out` after `--model`).
    out: Option<PathBuf>,
    lexicon: Option<PathBuf>,
    epochs: Option<usize>,
    min_count: Option<u32>,
    min_weight: Option<f32>,
    folds: usize,
    fold_models: Option<PathBuf>,
    seed: Option<u64>,
}

fn parse() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let cmd = it.next().ok_or("usage: hashiya-train-ner gazetteer|train|eval|tune|convert|all [options]")?;
    let mut a = Args {
        cmd,
        data: PathBuf::from("../shared/data/ner/newsfane-train.tsv"),
        gazetteer: PathBuf::from("build/data/gazetteer.bin"),
        model: PathBuf::from("data/entities/ner.model"),
        out: None,
        lexicon: Some(PathBuf::from("build/data/lexicon.bin")),
        epochs: None,
        min_count: None,
        min_weight: None,
        folds: 5,
        fold_models: None,
        seed: None,
    };
    while let Some(flag) = it.next() {
        let val = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--data" => a.data = val.into(),
            "--gazetteer" => a.gazetteer = val.into(),
            "--out" | "--model" => {
                if a.cmd == "gazetteer" {
                    a.gazetteer = val.into()
                } else if a.cmd == "convert" && flag == "--out" {
                    a.out = Some(val.into())
                } else {
                    a.model = val.into()
                }
            }
            "--lexicon" => a.lexicon = if val == "none" { None } else { Some(val.into()) },
            "--min-weight" => a.min_weight = Some(val.parse().map_err(|_| "--min-weight needs a number")?),
            "--min-count" => a.min_count = Some(val.parse().map_err(|_| "--min-count needs a number")?),
            "--folds" => a.folds = val.parse().map_err(|_| "--folds needs a number")?,
            "--fold-models" => a.fold_models = Some(val.into()),
            "--seed" => a.seed = Some(val.parse().map_err(|_| "--seed needs a number")?),
            "--epochs" => a.epochs = Some(val.parse().map_err(|_| "--epochs needs a number")?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(a)
}

fn read(path: &PathBuf, how: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::data(format!("{}: {e}; {how}", path.display())))
}

fn gazetteer(a: &Args) -> Result<(), Error> {
    let t = Instant::now();
    let st = build(&Paths::from_root(&std::env::current_dir().unwrap()), &a.gazetteer)?;
    eprintln!(
        "gazetteer: {} keys ({} countries, {} regions, {} city names, {} nationalities, {} given names, {} listed, {} org words, {} people, {} club names, {} organisation names), {} English names, {} bytes -> {} ({:.1}s)",
        st.keys, st.countries, st.regions, st.cities, st.norp, st.given, st.listed, st.org_words, st.people, st.clubs, st.orgs, st.english_names, st.bytes,
        a.gazetteer.display(), t.elapsed().as_secs_f32()
    );
    Ok(())
}

fn load_gaz(a: &Args) -> Result<Gazetteer, Error> {
    Gazetteer::from_bytes(&read(&a.gazetteer, "build it with `hashiya-train-ner gazetteer`")?)
}

fn load_lex(a: &Args) -> Result<Option<Analyzer>, Error> {
    match &a.lexicon {
        None => Ok(None),
        Some(p) => {
            let bytes = read(p, "build it with `cargo run --release --features build-tools --bin hashiya-build` (or pass --lexicon none)")?;
            Ok(Some(Analyzer::new(Lexicon::from_bytes(&bytes)?)))
        }
    }
}

fn train_cmd(a: &Args) -> Result<(), Error> {
    let gaz = load_gaz(a)?;
    let lex = load_lex(a)?;
    let lex: Option<&dyn Lexical> = lex.as_ref().map(|l| l as &dyn Lexical);
    let (tr, dev) = split(read_tsv(&a.data)?);
    eprintln!("train: {} sentences, dev: {} sentences (every 10th, never trained on)", tr.len(), dev.len());
    let cfg = config(a);
    let t = Instant::now();
    let model = train(&tr, &gaz, lex, &cfg, &mut |m| eprintln!("  {m}"));
    let bytes = model.to_bytes();
    if let Some(dir) = a.model.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::data(format!("{}: {e}", dir.display())))?;
    }
    std::fs::write(&a.model, &bytes).map_err(|e| Error::data(format!("{}: {e}", a.model.display())))?;
    eprintln!("model: {} features, {} weights, {} bytes -> {} ({:.1}s)", model.index.len(), model.weights.len(), bytes.len(), a.model.display(), t.elapsed().as_secs_f32());
    Ok(())
}

/// Cross-validation on the training split (the dev split is not read): the
/// training split is cut into `--folds` parts (every k-th sentence), each part is
/// scored by a model trained on the others, and the counts are summed over the
/// parts, so settings are chosen on some 3,500 sentences rather than on the dev
/// split's 391.
fn tune_cmd(a: &Args) -> Result<(), Error> {
    let gaz = load_gaz(a)?;
    let lex = load_lex(a)?;
    let lex: Option<&dyn Lexical> = lex.as_ref().map(|l| l as &dyn Lexical);
    let (all, _dev) = split(read_tsv(&a.data)?);
    let k = a.folds.max(2);
    let cfg = config(a);
    let types = ["PER", "LOC", "ORG"];
    // per view: (type, tp, pred, gold) summed over the folds
    let views = ["model, running text", "recogniser with rules, running text"];
    let mut sums = vec![vec![(0usize, 0usize, 0usize); types.len()]; views.len()];
    for fold in 0..k {
        let (mut tr, mut held) = (Vec::new(), Vec::new());
        for (i, s) in all.iter().enumerate() {
            if i % k == fold { held.push(s.clone()) } else { tr.push(s.clone()) }
        }
        let kept = a.fold_models.as_ref().map(|d| d.join(format!("fold{}.model", fold + 1)));
        let model = match kept.as_ref().filter(|p| p.exists()) {
            Some(p) => Model::from_bytes(&read(p, "a fold's model kept by an earlier run")?)?,
            None => {
                let m = train(&tr, &gaz, lex, &cfg, &mut |_| {});
                if let Some(p) = &kept {
                    std::fs::create_dir_all(p.parent().unwrap_or(p)).and_then(|_| std::fs::write(p, m.to_bytes())).map_err(|e| Error::data(format!("{}: {e}", p.display())))?;
                }
                m
            }
        };
        let attached: Vec<_> = held.iter().map(reattach).collect();
        let sc_model = evaluate(&model, &gaz, lex, &attached, &types);
        let rec = EntityRecognizer::new(model, load_gaz(a)?);
        let sc_rec = evaluate_recognizer(&rec, lex, &attached, &types, 1);
        for (v, sc) in [sc_model, sc_rec].iter().enumerate() {
            for (t, (_, tp, p, g)) in sc.per_type.iter().enumerate() {
                sums[v][t].0 += tp;
                sums[v][t].1 += p;
                sums[v][t].2 += g;
            }
        }
        eprintln!("  fold {}/{k}: {} sentences held out, F1 {:.3} (model) {:.3} (recogniser)", fold + 1, held.len(), f1_so_far(&sums, 0), f1_so_far(&sums, 1));
    }
    println!("| {k}-fold cross-validation on the training split | type | precision | recall | F1 | gold spans |\n| --- | --- | --- | --- | --- | --- |");
    for (v, name) in views.iter().enumerate() {
        let mut all = Score::default();
        for (t, &(tp, p, g)) in sums[v].iter().enumerate() {
            let s = Score { per_type: vec![], tp, pred: p, gold: g };
            println!("| {name} | {} | {:.3} | {:.3} | {:.3} | {g} |", types[t], s.p(), s.r(), s.f1());
            all.tp += tp;
            all.pred += p;
            all.gold += g;
        }
        println!("| {name} | **PER+LOC+ORG** | **{:.3}** | **{:.3}** | **{:.3}** | {} |", all.p(), all.r(), all.f1(), all.gold);
    }
    Ok(())
}

/// F1 of view `v` over the folds so far.
fn f1_so_far(sums: &[Vec<(usize, usize, usize)>], v: usize) -> f64 {
    let (tp, p, g) = sums[v].iter().fold((0, 0, 0), |a, x| (a.0 + x.0, a.1 + x.1, a.2 + x.2));
    Score { per_type: vec![], tp, pred: p, gold: g }.f1()
}

fn config(a: &Args) -> TrainConfig {
    let mut cfg = TrainConfig::default();
    if let Some(e) = a.epochs {
        cfg.epochs = e;
    }
    if let Some(m) = a.min_count {
        cfg.min_count = m;
    }
    if let Some(m) = a.min_weight {
        cfg.min_weight = m;
    }
    if let Some(s) = a.seed {
        cfg.seed = s;
    }
    cfg
}

/// Reads `--model` (format 2 or 3) and writes it to `--out` in format 3, quantised.
fn convert_cmd(a: &Args) -> Result<(), Error> {
    let out = a.out.as_ref().ok_or_else(|| Error::data("convert needs --out FILE"))?;
    let bytes = read(&a.model, "give the model to convert with --model")?;
    let mut model = if bytes.starts_with(hashiya::entities::model::MAGIC_2) { Model::from_format2(&bytes)? } else { Model::from_bytes(&bytes)? };
    let (features, weights) = (model.index.len(), model.weights.len());
    let step = model.quantize();
    let new = model.to_bytes();
    std::fs::write(out, &new).map_err(|e| Error::data(format!("{}: {e}", out.display())))?;
    eprintln!(
        "convert: {features} features, {weights} weights -> {} features, {} weights (rounded to multiples of {step}), {} -> {} bytes -> {}",
        model.index.len(), model.weights.len(), bytes.len(), new.len(), out.display()
    );
    Ok(())
}

fn eval_cmd(a: &Args) -> Result<(), Error> {
    let gaz = load_gaz(a)?;
    let model = Model::from_bytes(&read(&a.model, "train it with `hashiya-train-ner train`")?)?;
    let lex = if model.lexical { load_lex(a)? } else { None };
    let lex: Option<&dyn Lexical> = lex.as_ref().map(|l| l as &dyn Lexical);
    let (_, dev) = split(read_tsv(&a.data)?);
    println!("lexical features: {}\n", if lex.is_some() { "yes" } else { "no" });
    print!("{}", report(&model, &gaz, lex, &dev));
    let rec = EntityRecognizer::new(model, gaz);
    println!("{}", report_recognizer(&rec, lex, &dev).trim_end());
    Ok(())
}

fn main() -> ExitCode {
    let a = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("hashiya-train-ner: {e}");
            return ExitCode::from(2);
        }
    };
    let r = match a.cmd.as_str() {
        "gazetteer" => gazetteer(&a),
        "train" => train_cmd(&a),
        "eval" => eval_cmd(&a),
        "tune" => tune_cmd(&a),
        "convert" => convert_cmd(&a),
        "all" => gazetteer(&a).and_then(|_| train_cmd(&a)).and_then(|_| eval_cmd(&a)),
        other => {
            eprintln!("hashiya-train-ner: unknown command {other} (gazetteer, train, eval, tune, convert, all)");
            return ExitCode::from(2);
        }
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hashiya-train-ner: {e}");
            ExitCode::FAILURE
        }
    }
}
