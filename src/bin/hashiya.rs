//! The command-line front: `hashiya annotate [--format json|html] [--html] [--glossary FILE] [FILE]`,
//! and its batch form over many files or a JSON Lines stream (`hashiya::batch`).

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hashiya::cli;

const USAGE: &str = "usage: hashiya annotate [--format json|html|csv|anki] [--html] [--glossary FILE] [--data DIR] [FILE]
       hashiya annotate [--jsonl] [--jobs N] [options] FILE|DIR...
  Annotates Arabic text (UTF-8) from FILE, or stdin when no FILE is given.
  Batch: with several FILEs, a directory (its files, in name order) or --jsonl, writes
  JSON Lines, one {\"id\",\"annotations\",\"key_terms\"} per document in input order
  (a bad document gives {\"id\",\"error\"} and the batch goes on), on every core.
  --jsonl         the input (FILEs, or stdin) is JSON Lines: {\"id\": …, \"text\": \"…\"} or a
                  JSON string per line
  --jobs N        worker threads for a batch (default: the machine's cores)
  --format json   JSON with annotations and key terms (default)
  --format html   the text as an HTML page with the annotations marked
  --format csv    the key terms as CSV (Arabic, lemma, English, sentence; for a spreadsheet)
  --format anki   the key terms as a TSV Anki imports as notes
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
    let mut files: Vec<PathBuf> = Vec::new();
    let mut glossary: Option<PathBuf> = None;
    let mut jsonl = false;
    let mut jobs: Option<usize> = None;
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => {
                format = match it.next().as_deref() {
                    Some("json") => cli::Format::Json,
                    Some("html") => cli::Format::Html,
                    Some("csv") => cli::Format::Export(hashiya::terms::export::ExportFormat::Csv),
                    Some("anki") => cli::Format::Export(hashiya::terms::export::ExportFormat::Anki),
                    other => return Err(usage(&format!("--format takes json, html, csv or anki, not {}", other.unwrap_or("nothing")))),
                }
            }
            "--html" => html_input = true,
            "--data" => data_dir = Some(it.next().ok_or_else(|| usage("--data needs a directory"))?.into()),
            "--glossary" => glossary = Some(it.next().ok_or_else(|| usage("--glossary needs a file"))?.into()),
            "--jsonl" => jsonl = true,
            "--jobs" => {
                let n = it.next();
                jobs = Some(n.as_deref().and_then(|n| n.parse().ok()).filter(|&n| n > 0).ok_or_else(|| {
                    usage(&format!("--jobs takes a number of threads (1 or more), not {}", n.as_deref().unwrap_or("nothing")))
                })?);
            }
            "-h" | "--help" => return Err(usage("")),
            a if a.starts_with('-') && a != "-" => return Err(usage(&format!("unknown option `{a}`"))),
            a => files.push(a.into()),
        }
    }
    if jsonl || files.len() > 1 || files.iter().any(|f| f.is_dir()) {
        if format != cli::Format::Json {
            let name = match format {
                cli::Format::Html => "html",
                cli::Format::Export(hashiya::terms::export::ExportFormat::Csv) => "csv",
                _ => "anki",
            };
            return Err(usage(&format!("a batch writes JSON Lines: --format {name} takes one FILE")));
        }
        let dir = data_dir.unwrap_or_else(cli::default_data_dir);
        let annotator = load(&dir, glossary.as_deref())?;
        let mut options = hashiya::batch::Options::new(jobs.unwrap_or_else(hashiya::batch::available_jobs));
        options.html = html_input;
        options.progress = std::io::stderr().is_terminal();
        return batch(&annotator, files, jsonl, &options);
    }
    if files.len() > 1 {
        return Err(usage("give at most one FILE"));
    }
    let file = files.pop();
    let name = file.as_ref().map(|f| f.display().to_string()).unwrap_or_else(|| "stdin".into());
    let bytes = read_input(file.as_deref()).map_err(|e| (1, format!("{name}: {e}")))?;
    let text = cli::check_input(&bytes).map_err(|e| (1, format!("{name}: {e}")))?;
    let dir = data_dir.unwrap_or_else(cli::default_data_dir);
    let annotator = load(&dir, glossary.as_deref())?;
    let out = match format {
        cli::Format::Json => {
            let result = cli::annotate(&annotator, text, html_input);
            if result.annotations.is_empty() {
                eprintln!("hashiya: note: {name}: no Arabic words found");
            }
            cli::to_json(&result)
        }
        cli::Format::Html => cli::to_html(&annotator, text, html_input),
        // Already ends its last line (CRLF for CSV): no newline added.
        cli::Format::Export(f) => cli::key_terms_export(&annotator, text, html_input, f),
    };
    let end: &[u8] = if matches!(format, cli::Format::Export(_)) { b"" } else { b"\n" };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|_| stdout.write_all(end)).map_err(|e| (1, format!("writing output: {e}")))
}

fn load(dir: &Path, glossary: Option<&Path>) -> Result<hashiya::Annotator, (u8, String)> {
    let mut annotator = cli::load_annotator(dir).map_err(|e| (1, e.to_string()))?;
    if let Some(path) = glossary {
        annotator.set_glossary(Some(cli::load_glossary(path).map_err(|e| (1, e.to_string()))?));
    }
    Ok(annotator)
}

/// Runs a batch: JSON Lines from the FILEs (or stdin), or the FILEs and directories
/// themselves, one result line each on stdout.
fn batch(annotator: &hashiya::Annotator, files: Vec<PathBuf>, jsonl: bool, options: &hashiya::batch::Options) -> Result<(), (u8, String)> {
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let summary = if jsonl {
        let inputs: Vec<(Option<String>, Box<dyn BufRead + Send>)> = if files.is_empty() || files == [PathBuf::from("-")] {
            vec![(None, Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin())))]
        } else {
            let mut inputs: Vec<(Option<String>, Box<dyn BufRead + Send>)> = Vec::new();
            for f in &files {
                let file = std::fs::File::open(f).map_err(|e| (1, format!("{}: {e}", f.display())))?;
                inputs.push((Some(f.display().to_string()), Box::new(std::io::BufReader::with_capacity(1 << 16, file))));
            }
            inputs
        };
        hashiya::batch::annotate_jsonl(annotator, inputs, options, out)
    } else {
        hashiya::batch::annotate_files(annotator, &files, options, out)
    }
    .map_err(|e| (1, format!("batch stopped: {e}")))?;
    if summary.errors > 0 {
        eprintln!("hashiya: {} of {} documents could not be annotated (see their \"error\" lines)", summary.errors, summary.documents);
    }
    Ok(())
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
