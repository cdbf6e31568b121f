//! Shared helpers for the integration tests: the test data in ../shared and the
//! built lexicon.
#![allow(dead_code)]

use std::path::PathBuf;

/// Reads a file from `../shared/data/`. When it is absent the test is skipped with a
/// message (returns `None`), except under `CI=true`, where its absence fails.
pub fn shared(rel: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(rel);
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{} is required under CI=true: {e}", path.display());
            }
            eprintln!("SKIPPED: {} is absent ({e}); this test needs the shared test data", path.display());
            None
        }
    }
}

/// The built data: `build/data`, or the directory `HASHIYA_DATA` names (as the CLI
/// reads it), to try data built elsewhere.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("HASHIYA_DATA") {
        Some(dir) => dir.into(),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("build/data"),
    }
}

/// The annotator with every layer (lexicon, entities, terms), loaded as the CLI
/// loads it from the built data (`npm run build:data`).
pub fn annotator() -> hashiya::Annotator {
    hashiya::cli::load_annotator(&data_dir()).expect("the lexicon is built (run `npm run build:data`)")
}


/// The entity recogniser and the analyser it was trained with, read from the built data
/// and the committed model, or `None` (with a message) when the data files are not built;
/// under `CI=true` their absence fails.
pub fn recognizer() -> Option<(hashiya::entities::EntityRecognizer, hashiya::analyze::Analyzer)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let read = |rel: &str| {
        let p = root.join(rel);
        let bytes = std::fs::read(&p);
        if bytes.is_err() {
            assert!(!ci, "{} is missing: run `npm run build:data`", p.display());
            eprintln!("SKIP: {} is missing (run `npm run build:data`)", p.display());
        }
        bytes.ok()
    };
    let (gaz, lexicon) = (read("build/data/gazetteer.bin")?, read("build/data/lexicon.bin")?);
    let model = std::fs::read(root.join("data/entities/ner.model")).expect("data/entities/ner.model is committed");
    let rec = hashiya::entities::EntityRecognizer::from_bytes(&model, &gaz).expect("model and gazetteer load");
    let an = hashiya::analyze::Analyzer::new(hashiya::lexicon::Lexicon::from_bytes(&lexicon).expect("lexicon loads"));
    Some((rec, an))
}
