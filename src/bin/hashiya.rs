//! The command-line front: `hashiya annotate [--format json|html] [--html] [--glossary FILE] [FILE]`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hashiya::cli;

const USAGE: &str = "usage: hashiya annotate [--format json|html] [--html] [--glossary FILE] [--data DIR] [FILE]
  Annotates Arabic text (UTF-8) from FILE, or stdin when no FILE is given.
  --format json   JSON with annotations and key terms (default)
  --format html   the text as an HTML page with the annotations marked
  --html          the input is HTML: markup is skipped, offsets stay those of the input
  --glossary FILE a custom glossary (TSV, or JSON when FILE ends in .json) that wins over
                  the built-in glosses; malformed lines are reported and skipped
  --data DIR      where the data files are (default: $HASHIYA_DATA, else build/data of the checkout)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("hashiya: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), (u8, String)> {
    let usage = |m: &str| (2, format!("{m}\n{USAGE}"));
    let mut it = args.into_iter();
    match it.next().as_deref() {
        Some("annotate") => {}
        Some("-h" | "--help") | None => return Err(usage("")),
        Some(other) => return Err(usage(&format!("unknown command `{other}`"))),
    }
    let mut format = cli::Format::Json;
    let mut html_input = false;
    let mut data_dir: Option<PathBuf> = None;
    let mut file: Option<PathBuf> = None;
    let mut glossary: Option<PathBuf> = None;
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => {
                format = match it.next().as_deref() {
                    Some("json") => cli::Format::Json,
                    Some("html") => cli::Format::Html,
                    other => return Err(usage(&format!("--format takes json or html, not {}", other.unwrap_or("nothing")))),
                }
            }
            "--html" => html_input = true,
            "--data" => data_dir = Some(it.next().ok_or_else(|| usage("--data needs a directory"))?.into()),
            "--glossary" => glossary = Some(it.next().ok_or_else(|| usage("--glossary needs a file"))?.into()),
            "-h" | "--help" => return Err(usage("")),
            a if a.starts_with('-') && a != "-" => return Err(usage(&format!("unknown option `{a}`"))),
            a => {
                if file.is_some() {
                    return Err(usage("give at most one FILE"));
                }
                file = Some(a.into());
            }
        }
    }
    let name = file.as_ref().map(|f| f.display().to_string()).unwrap_or_else(|| "stdin".into());
    let bytes = read_input(file.as_deref()).map_err(|e| (1, format!("{name}: {e}")))?;
    let text = cli::check_input(&bytes).map_err(|e| (1, format!("{name}: {e}")))?;
    let dir = data_dir.unwrap_or_else(cli::default_data_dir);
    let mut annotator = cli::load_annotator(&dir).map_err(|e| (1, e.to_string()))?;
    if let Some(path) = glossary {
        annotator.set_glossary(Some(cli::load_glossary(&path).map_err(|e| (1, e.to_string()))?));
    }
    let out = match format {
        cli::Format::Json => {
            let result = cli::annotate(&annotator, text, html_input);
            if result.annotations.is_empty() {
                eprintln!("hashiya: note: {name}: no Arabic words found");
            }
            cli::to_json(&result)
        }
        cli::Format::Html => cli::to_html(&annotator, text, html_input),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|_| stdout.write_all(b"\n")).map_err(|e| (1, format!("writing output: {e}")))
}

fn read_input(file: Option<&Path>) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match file {
        Some(p) if p != Path::new("-") => {
            let f = std::fs::File::open(p)?;
            f.take(cli::MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes)?;
        }
        _ => {
            std::io::stdin().lock().take(cli::MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes)?;
        }
    }
    Ok(bytes)
}
