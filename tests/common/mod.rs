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

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("build/data")
}

/// The annotator with every layer (lexicon, entities, terms), loaded as the CLI
/// loads it from the built data (`npm run build:data`).
pub fn annotator() -> hashiya::Annotator {
    hashiya::cli::load_annotator(&data_dir()).expect("the lexicon is built (run `npm run build:data`)")
}

