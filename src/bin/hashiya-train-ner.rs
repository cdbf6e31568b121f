//! Builds the entity gazetteer and trains/evaluates the entity model.
//!
//! ```text
//! hashiya-train-ner gazetteer [--out build/data/gazetteer.bin]
//! hashiya-train-ner train     [--data FILE] [--gazetteer FILE] [--out data/entities/ner.model] [--epochs N]
//! hashiya-train-ner eval      [--data FILE] [--gazetteer FILE] [--model FILE]
//! hashiya-train-ner all       (gazetteer, then train, then eval)
//! ```
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

use hashiya::build::entities::{read_tsv, report, report_recognizer, split, train, TrainConfig};
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
    lexicon: Option<PathBuf>,
    epochs: Option<usize>,
    min_count: Option<u32>,
    min_weight: Option<f32>,
}

fn parse() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let cmd = it.next().ok_or("usage: hashiya-train-ner gazetteer|train|eval|all [options]")?;
    let mut a = Args {
        cmd,
        data: PathBuf::from("../shared/data/ner/newsfane-train.tsv"),
        gazetteer: PathBuf::from("build/data/gazetteer.bin"),
        model: PathBuf::from("data/entities/ner.model"),
        lexicon: Some(PathBuf::from("build/data/lexicon.bin")),
        epochs: None,
        min_count: None,
        min_weight: None,
    };
    while let Some(flag) = it.next() {
        let val = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--data" => a.data = val.into(),
            "--gazetteer" => a.gazetteer = val.into(),
            "--out" | "--model" => {
                if a.cmd == "gazetteer" {
                    a.gazetteer = val.into()
                } else {
                    a.model = val.into()
                }
            }
            "--lexicon" => a.lexicon = if val == "none" { None } else { Some(val.into()) },
            "--min-weight" => a.min_weight = Some(val.parse().map_err(|_| "--min-weight needs a number")?),
            "--min-count" => a.min_count = Some(val.parse().map_err(|_| "--min-count needs a number")?),
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
        "gazetteer: {} keys ({} countries, {} regions, {} city names, {} nationalities, {} given names, {} listed, {} org words), {} English names, {} bytes -> {} ({:.1}s)",
        st.keys, st.countries, st.regions, st.cities, st.norp, st.given, st.listed, st.org_words, st.english_names, st.bytes,
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
        "all" => gazetteer(&a).and_then(|_| train_cmd(&a)).and_then(|_| eval_cmd(&a)),
        other => {
            eprintln!("hashiya-train-ner: unknown command {other} (gazetteer, train, eval, all)");
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
