//! Batch annotation for the command line: many documents (files, or a JSON Lines
//! stream) annotated on every core, written one JSON object a line in input order.
//!
//! Three kinds of thread share one [`Annotator`] by reference (it is `Sync`):
//!
//! ```text
//!  reader ──(bounded channel)──▶ N workers ──(channel)──▶ writer (calling thread)
//!     ▲                                                     │
//!     └──────────────── one permit per written result ◀─────┘
//! ```
//!
//! The reader takes a permit before it reads each document, and the writer gives
//! one back after it has written a result, so at most [`Options::window`] documents
//! are in memory at once (read, being annotated, or waiting for an earlier one to be
//! written): memory stays flat however long the stream is. A document whose result
//! is not written yet waits in the writer's reorder buffer, which the permits bound
//! the same way.
//!
//! A bad document (a line that is not JSON, a file that is not UTF-8, an empty
//! text) gives an error object on its own line, `{"id":…,"error":"line 17: …"}`,
//! and the batch goes on; only a failure to read the input or write the output
//! stops it.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::annotate::Annotator;
use crate::cli::{self, MAX_INPUT_BYTES};

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads (at least one).
    pub jobs: usize,
    /// The input documents are HTML: markup is skipped, offsets are the HTML's.
    pub html: bool,
    /// Most documents in memory at once (at least `jobs`).
    pub window: usize,
    /// Print a progress line on stderr (the binary sets it when stderr is a terminal).
    pub progress: bool,
}

impl Options {
    /// `jobs` workers, and a window of four documents per worker: enough that a
    /// long document does not leave the other workers idle while it is annotated.
    pub fn new(jobs: usize) -> Options {
        let jobs = jobs.max(1);
        Options { jobs, html: false, window: jobs * 4, progress: false }
    }
}

/// The cores this machine offers (1 when it cannot tell).
pub fn available_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// What was done, for the caller's closing note.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub documents: u64,
    pub errors: u64,
}

/// One document as read: where it came from and its raw bytes (or why they could
/// not be read).
enum Raw {
    /// A line of a JSON Lines stream; `label` is "line 17" or "a.jsonl line 17".
    Line { number: u64, label: String, bytes: Vec<u8> },
    /// A whole file.
    File { path: PathBuf, bytes: std::io::Result<Vec<u8>> },
}

/// A result line, or an error line, numbered so the writer can put it in order.
struct Done {
    seq: u64,
    line: String,
    error: bool,
    bytes: usize,
}

#[derive(Serialize)]
struct Failed<'a> {
    id: &'a Value,
    error: &'a str,
}

/// Annotates the documents of JSON Lines `inputs` (each a name for error messages,
/// `None` for stdin, and a reader), and writes one result line per document to `out`.
///
/// A line is `{"id": …, "text": "…"}` (the id is any JSON value and is echoed; the
/// line number stands in when it is absent) or a bare JSON string (its id is its line
/// number). Lines of whitespace only are skipped.
pub fn annotate_jsonl<W: Write>(
    annotator: &Annotator,
    inputs: Vec<(Option<String>, Box<dyn BufRead + Send + '_>)>,
    options: &Options,
    out: W,
) -> std::io::Result<Summary> {
    let read = |emit: &mut dyn FnMut(Raw) -> bool| -> std::io::Result<()> {
        for (name, mut input) in inputs {
            let mut number = 0u64;
            let mut buf = Vec::new();
            loop {
                buf.clear();
                let Some(too_long) = read_line_bounded(&mut input, &mut buf, MAX_INPUT_BYTES)? else { break };
                number += 1;
                if !too_long && buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let label = match &name {
                    Some(n) => format!("{n} line {number}"),
                    None => format!("line {number}"),
                };
                if too_long {
                    // Said here, not in a worker: the line itself was not kept.
                    buf.clear();
                    buf.extend_from_slice(TOO_LONG.as_bytes());
                }
                if !emit(Raw::Line { number, label, bytes: std::mem::take(&mut buf) }) {
                    return Ok(());
                }
            }
        }
        Ok(())
    };
    run(annotator, options, read, out)
}

/// Stands in for a line over [`MAX_INPUT_BYTES`]; it is not valid JSON, so the
/// worker reports it (see [`doc_from_line`]).
const TOO_LONG: &str = "\u{0}too long";

/// Annotates files (a directory stands for the files under it, in name order,
/// hidden ones skipped) and writes one result line per file, its id the path.
pub fn annotate_files<W: Write>(annotator: &Annotator, paths: &[PathBuf], options: &Options, out: W) -> std::io::Result<Summary> {
    let read = |emit: &mut dyn FnMut(Raw) -> bool| -> std::io::Result<()> {
        for path in paths {
            if !walk(path, emit)? {
                break;
            }
        }
        Ok(())
    };
    run(annotator, options, read, out)
}

/// Emits `path` if it is a file, else the files under it, depth first in name order.
/// Returns false when the batch has stopped.
fn walk(path: &Path, emit: &mut dyn FnMut(Raw) -> bool) -> std::io::Result<bool> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            if !walk(&entry, emit)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let bytes = std::fs::File::open(path).and_then(|f| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_INPUT_BYTES as u64 + 1), &mut bytes)?;
        Ok(bytes)
    });
    Ok(emit(Raw::File { path: path.to_path_buf(), bytes }))
}

/// Reads one line (without its `\n`, or `\r\n`) into `buf`, keeping at most `max`
/// bytes of it; the rest of a longer line is read and dropped. Returns `None` at the
/// end of the input, else whether the line was longer than `max`.
fn read_line_bounded(input: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Option<bool>> {
    let mut any = false;
    let mut too_long = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, used, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        if !too_long {
            if buf.len() + part.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        input.consume(used);
        if end {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(too_long))
}

/// The pipeline itself (see the module's comment). `read` calls its `emit` for
/// each document and stops when `emit` returns false.
fn run<W: Write>(
    annotator: &Annotator,
    options: &Options,
    read: impl FnOnce(&mut dyn FnMut(Raw) -> bool) -> std::io::Result<()> + Send,
    mut out: W,
) -> std::io::Result<Summary> {
    let jobs = options.jobs.max(1);
    let window = options.window.max(jobs);
    let (work_tx, work_rx) = sync_channel::<(u64, Raw)>(jobs);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = sync_channel::<Done>(window);
    let (permit_tx, permit_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        permit_tx.send(()).expect("the channel holds the window");
    }
    let mut progress = options.progress.then(Progress::new);

    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut seq = 0u64;
            let mut emit = |raw: Raw| -> bool {
                // No permit: the writer has stopped (an output error).
                if permit_rx.recv().is_err() {
                    return false;
                }
                seq += 1;
                work_tx.send((seq - 1, raw)).is_ok()
            };
            read(&mut emit)
            // work_tx drops here: the workers finish what is queued and stop.
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            s.spawn(move || {
                // each worker keeps the words it has written (bounded)
                let mut cache = cli::DetailsCache::default();
                loop {
                    // The lock is held only while waiting for the next document.
                    let next = work_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((seq, raw)) = next else { break };
                    let done = annotate_raw(annotator, seq, raw, options.html, &mut cache);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        // The writer: results in sequence order, each line as soon as its turn comes.
        let mut summary = Summary::default();
        let mut next = 0u64;
        let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
        let written: std::io::Result<()> = (|| {
            for done in &done_rx {
                waiting.insert(done.seq, done);
                while let Some(done) = waiting.remove(&next) {
                    out.write_all(done.line.as_bytes())?;
                    out.write_all(b"\n")?;
                    next += 1;
                    summary.documents += 1;
                    summary.errors += done.error as u64;
                    if let Some(p) = progress.as_mut() {
                        p.update(summary, done.bytes);
                    }
                    // Ignored: the reader has finished and dropped its end.
                    let _ = permit_tx.send(());
                }
            }
            out.flush()
        })();
        // On an output error, stop the reader (no more permits) and the workers
        // (nobody receives their results).
        drop(permit_tx);
        drop(done_rx);
        if let Some(p) = progress.as_mut() {
            p.finish(summary);
        }
        let read = reader.join().expect("the reader does not panic");
        written?;
        read?;
        Ok(summary)
    })
}

/// Annotates one document (in a worker) into its result line, or its error line.
fn annotate_raw(annotator: &Annotator, seq: u64, raw: Raw, html: bool, cache: &mut cli::DetailsCache) -> Done {
    let bytes = match &raw {
        Raw::Line { bytes, .. } => bytes.len(),
        Raw::File { bytes, .. } => bytes.as_ref().map_or(0, Vec::len),
    };
    let (id, text, label) = match raw {
        Raw::Line { number, label, bytes } => match doc_from_line(number, &bytes) {
            Ok((id, text)) => (id, text, label),
            Err((id, e)) => return failed(seq, &id, &format!("{label}: {e}"), bytes.len()),
        },
        Raw::File { path, bytes } => {
            let label = path.display().to_string();
            let id = Value::String(label.clone());
            match bytes {
                Ok(b) => match cli::check_input(&b) {
                    Ok(_) => (id, String::from_utf8(b).expect("checked as UTF-8"), label),
                    Err(e) => return failed(seq, &id, &format!("{label}: {e}"), b.len()),
                },
                Err(e) => return failed(seq, &id, &format!("{label}: {e}"), 0),
            }
        }
    };
    if let Err(e) = cli::check_input(text.as_bytes()) {
        return failed(seq, &id, &format!("{label}: {e}"), bytes);
    }
    let output = cli::annotate_with(annotator, &text, html, cache);
    let line = cli::to_json_with_id(Some(&id), &output);
    Done { seq, line, error: false, bytes }
}

fn failed(seq: u64, id: &Value, error: &str, bytes: usize) -> Done {
    let line = serde_json::to_string(&Failed { id, error }).expect("error serialises");
    Done { seq, line, error: true, bytes }
}

/// The id and text of a JSON Lines line, or its id (when it could be read) and
/// what is wrong with it.
fn doc_from_line(number: u64, bytes: &[u8]) -> Result<(Value, String), (Value, String)> {
    let by_number = Value::from(number);
    if bytes == TOO_LONG.as_bytes() {
        return Err((by_number, format!("the line is longer than the limit of {} MB; split the document", MAX_INPUT_BYTES / (1024 * 1024))));
    }
    let line = std::str::from_utf8(bytes).map_err(|e| {
        (by_number.clone(), format!("not valid UTF-8: bad byte 0x{:02x} at byte {}", bytes[e.valid_up_to()], e.valid_up_to()))
    })?;
    let value: Value = serde_json::from_str(line).map_err(|e| (by_number.clone(), format!("not JSON: {e}")))?;
    match value {
        Value::String(text) => Ok((by_number, text)),
        Value::Object(mut map) => {
            let id = map.remove("id").unwrap_or(by_number);
            match map.remove("text") {
                Some(Value::String(text)) => Ok((id, text)),
                Some(other) => Err((id, format!("\"text\" is {}, not a string", kind(&other)))),
                None => Err((id, "no \"text\" field: expected {\"id\": …, \"text\": \"…\"}".into())),
            }
        }
        other => Err((by_number, format!("expected an object {{\"id\": …, \"text\": \"…\"}} or a JSON string, not {}", kind(&other)))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The progress line on stderr: documents, errors, input read and its rate,
/// redrawn at most five times a second.
struct Progress {
    start: Instant,
    last: Instant,
    bytes: u64,
}

impl Progress {
    fn new() -> Progress {
        let now = Instant::now();
        Progress { start: now, last: now.checked_sub(Duration::from_secs(1)).unwrap_or(now), bytes: 0 }
    }

    fn update(&mut self, summary: Summary, bytes: usize) {
        self.bytes += bytes as u64;
        if self.last.elapsed() >= Duration::from_millis(200) {
            self.last = Instant::now();
            self.draw(summary);
        }
    }

    fn draw(&self, summary: Summary) {
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        eprint!(
            "\r\x1b[Khashiya: {} documents ({} errors), {mb:.1} MB, {:.2} MB/s, {secs:.0} s",
            summary.documents,
            summary.errors,
            mb / secs
        );
    }

    fn finish(&mut self, summary: Summary) {
        self.draw(summary);
        eprintln!();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_bounded_and_split() {
        let mut input: &[u8] = b"one\r\ntwo-is-long\n\nlast";
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        while let Some(too_long) = read_line_bounded(&mut input, &mut buf, 5).unwrap() {
            lines.push((String::from_utf8(buf.clone()).unwrap(), too_long));
            buf.clear();
        }
        assert_eq!(lines, [("one".into(), false), ("".into(), true), ("".into(), false), ("last".into(), false)]);
    }

    #[test]
    fn ids_and_errors_of_lines() {
        assert_eq!(doc_from_line(3, br#"{"id":"a","text":"x"}"#).unwrap(), (Value::from("a"), "x".into()));
        assert_eq!(doc_from_line(3, br#"{"text":"x"}"#).unwrap(), (Value::from(3), "x".into()));
        assert_eq!(doc_from_line(4, br#""x""#).unwrap(), (Value::from(4), "x".into()));
        let (id, e) = doc_from_line(5, br#"{"id":7,"text":1}"#).unwrap_err();
        assert_eq!((id, e.as_str()), (Value::from(7), "\"text\" is a number, not a string"));
        assert!(doc_from_line(6, b"{oops").unwrap_err().1.starts_with("not JSON"));
        assert!(doc_from_line(6, b"[1]").unwrap_err().1.contains("not an array"));
    }
}
