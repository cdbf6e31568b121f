//! Copies the team's tables that the core compiles in (`data/senses.tsv`,
//! `data/phrases.tsv`) into `OUT_DIR` with their comment lines emptied. The
//! comments tell whoever edits a table why each line is there; compiled in, they
//! would ship in every download of the browser's core (about 3 KB gzipped of a
//! 2 MB budget). Emptied rather than dropped, so every line keeps its number for
//! the messages that cite one.

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["senses.tsv", "phrases.tsv"] {
        let src = Path::new("data").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let text = fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        let mut kept = String::with_capacity(text.len());
        for line in text.lines() {
            if !line.starts_with('#') {
                kept.push_str(line);
            }
            kept.push('\n');
        }
        fs::write(Path::new(&out).join(name), kept).unwrap_or_else(|e| panic!("{name} in OUT_DIR: {e}"));
    }
}
