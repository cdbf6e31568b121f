//! What the command-line tool does, kept in the library so tests can drive it:
//! input checks, finding the data, and the JSON and HTML outputs.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::annotate::{Annotator, Details, WordDetails};
use crate::error::{Error, ErrorKind};

/// Larger inputs are refused: annotating is fast, but the JSON for a 50 MB text
/// runs to gigabytes. Split such files.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

/// Checks raw input and returns it as text, or says what is wrong and where.
pub fn check_input(bytes: &[u8]) -> Result<&str, Error> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::new(
            ErrorKind::Input,
            format!("input is larger than the limit of {} MB; split it into smaller files", MAX_INPUT_BYTES / (1024 * 1024)),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::new(
            ErrorKind::Input,
            format!("input is not valid UTF-8: bad byte 0x{:02x} at byte {at} (line {line}); convert it to UTF-8 first", bytes[at]),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Input, "input is empty: there is no text to annotate"));
    }
    Ok(text)
}

/// Where the built data is: `$HASHIYA_DATA`, else the `build/data` of the checkout
/// the binary was built in (found by walking up from the executable), else
/// `build/data` under the current directory.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HASHIYA_DATA") {
        return dir.into();
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            let candidate = dir.join("build").join("data");
            if candidate.join("lexicon.bin").exists() {
                return candidate;
            }
        }
    }
    PathBuf::from("build").join("data")
}

/// Loads the annotator from a data directory, with errors that name the file and
/// say how to rebuild it.
pub fn load_annotator(dir: &Path) -> Result<Annotator, Error> {
    let path = dir.join("lexicon.bin");
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::new(ErrorKind::Data, format!("cannot read the lexicon {}: {e}; build it with `npm run build:data`", path.display()))
    })?;
    Annotator::from_lexicon_bytes(bytes)
        .map_err(|e| Error::new(ErrorKind::Data, format!("{}: {e}; rebuild it with `npm run build:data`", path.display())))
}

/// One annotation as the JSON reports it: its span, then its details flattened in.
#[derive(Debug, Clone, Serialize)]
pub struct JsonAnnotation {
    pub start: u32,
    pub end: u32,
    #[serde(flatten)]
    pub details: Details,
}

#[derive(Debug, Clone, Serialize)]
pub struct Output {
    pub annotations: Vec<JsonAnnotation>,
    pub key_terms: Vec<serde_json::Value>,
}

/// Annotates text (or HTML, when `html` is set; offsets then refer to the HTML).
pub fn annotate(annotator: &Annotator, input: &str, html: bool) -> Output {
    let extracted = html.then(|| crate::html::extract(input));
    let text = extracted.as_ref().map(|e| e.text.as_str()).unwrap_or(input);
    let doc = annotator.annotate(text);
    let annotations = doc
        .spans
        .iter()
        .map(|s| {
            let (start, end) = match &extracted {
                Some(e) => e.source_range(s.start, s.end),
                None => (s.start, s.end),
            };
            JsonAnnotation { start, end, details: annotator.details(&doc, s.id).expect("span ids index entries") }
        })
        .collect();
    Output { annotations, key_terms: Vec::new() }
}

pub fn to_json(output: &Output) -> String {
    serde_json::to_string(output).expect("output serialises")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn title(w: &WordDetails) -> String {
    let mut t = format!("{} ({}) · {} · {}", w.lemma, w.translit, w.pos, w.glosses.first().map(String::as_str).unwrap_or(""));
    let affixes: Vec<&str> = w.prefixes.iter().chain(&w.suffixes).map(|a| a.meaning.as_str()).filter(|m| !m.is_empty()).collect();
    if !affixes.is_empty() {
        t.push_str(&format!(" · {}", affixes.join(", ")));
    }
    t
}

/// The text as a standalone HTML page, each annotated word marked with its details
/// as a tooltip. For HTML input the page shows the extracted text.
pub fn to_html(annotator: &Annotator, input: &str, html: bool) -> String {
    let text: String = if html { crate::html::extract(input).text } else { input.to_string() };
    let units: Vec<u16> = text.encode_utf16().collect();
    let doc = annotator.annotate(&text);
    let mut body = String::new();
    let mut pos = 0usize;
    for span in &doc.spans {
        let (s, e) = (span.start as usize, span.end as usize);
        if s < pos {
            continue;
        }
        let Some(Details::Word(w)) = annotator.details(&doc, span.id) else { continue };
        body.push_str(&escape(&String::from_utf16_lossy(&units[pos..s])));
        body.push_str(&format!(
            "<span class=\"w\" title=\"{}\">{}</span>",
            escape(&title(&w)),
            escape(&String::from_utf16_lossy(&units[s..e]))
        ));
        pos = e;
    }
    body.push_str(&escape(&String::from_utf16_lossy(&units[pos..])));
    format!(
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>Hashiya</title>\n<style>body{{font:20px/2 serif;max-width:40em;margin:2em auto;white-space:pre-wrap}}.w{{border-bottom:1px dotted #888}}.w:hover{{background:#fe8}}</style></head>\n<body>{body}</body></html>"
    )
}
