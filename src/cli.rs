//! What the command-line tool does, kept in the library so tests can drive it:
//! input checks, finding the data, and the JSON and HTML outputs.

use std::path::{Path, PathBuf};

use crate::annotate::{Annotator, Details, WordDetails};
use crate::error::{Error, ErrorKind};

/// Larger inputs are refused: annotating is fast, but the JSON for a 50 MB text
/// runs to gigabytes. Split such files.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    /// The key terms as a spreadsheet or as Anki notes ([`key_terms_export`]).
    Export(crate::terms::export::ExportFormat),
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
    let read = |name: &str, what: &str| -> Result<(PathBuf, Vec<u8>), Error> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| {
            Error::new(ErrorKind::Data, format!("cannot read the {what} {}: {e}; build it with `npm run build:data`", path.display()))
        })?;
        Ok((path, bytes))
    };
    let wrap = |path: &Path| {
        let shown = path.display().to_string();
        move |e: Error| Error::new(ErrorKind::Data, format!("{shown}: {e}; rebuild it with `npm run build:data`"))
    };
    let (path, lexicon) = read("lexicon.bin", "lexicon")?;
    let annotator = Annotator::from_lexicon_bytes(lexicon).map_err(wrap(&path))?;
    let (model_path, model) = read("ner.model", "entity model")?;
    let (gaz_path, gazetteer) = read("gazetteer.bin", "gazetteer")?;
    let annotator = annotator.with_entities(&model, &gazetteer).map_err(|e| {
        Error::new(
            ErrorKind::Data,
            format!("{} or {}: {e}; rebuild them with `npm run build:data`", model_path.display(), gaz_path.display()),
        )
    })?;
    let (terms_path, terms) = read("terms.bin", "term data")?;
    annotator.with_terms(&terms).map_err(wrap(&terms_path))
}

/// Reads a custom glossary file (`.json`, else TSV) and reports its malformed
/// entries by line on stderr; the good entries load.
pub fn load_glossary(path: &Path) -> Result<crate::terms::Glossary, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
    let format = if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")) {
        crate::terms::GlossaryFormat::Json
    } else {
        crate::terms::GlossaryFormat::Tsv
    };
    let (glossary, issues) = crate::terms::Glossary::parse(&text, format);
    for issue in issues {
        eprintln!("hashiya: {}: {issue}", path.display());
    }
    Ok(glossary)
}

/// One annotation as the JSON reports it: its span, then its details flattened in
/// (`{"start":…,"end":…,"layer":…, …}`).
#[derive(Debug, Clone)]
pub struct JsonAnnotation {
    pub start: u32,
    pub end: u32,
    /// The details as a JSON object, shared by the annotations of the same word.
    details: std::rc::Rc<str>,
}

impl JsonAnnotation {
    /// The details as a JSON object (`{"layer":…, …}`).
    pub fn details_json(&self) -> &str {
        &self.details
    }
}

#[derive(Debug, Clone)]
pub struct Output {
    pub annotations: Vec<JsonAnnotation>,
    pub key_terms: Vec<crate::terms::KeyTerm>,
}

/// Word details as JSON, by spelling and readings, kept from one text to the next.
///
/// A text repeats its words and a corpus repeats them far more: building a word's
/// details (its lemma, glosses, affixes, in Arabic script) and writing them as JSON
/// was about 60 % of a batch's instructions when done for every token. A word's
/// details depend only on its spelling and its analyses in order, so they are
/// built once per distinct pair and the JSON shared. Bounded: emptied when it holds
/// [`DetailsCache::MAX_WORDS`] words, so memory stays flat over any stream. One cache
/// serves one annotator (its lexicon and glossary made the JSON).
#[derive(Debug, Default)]
pub struct DetailsCache {
    words: rustc_hash::FxHashMap<Vec<u8>, std::rc::Rc<str>>,
    /// The key being looked up: spelling, a 0xFF byte, then each analysis's ids.
    key: Vec<u8>,
}

impl DetailsCache {
    /// Most words kept (about 1 KB of JSON each).
    pub const MAX_WORDS: usize = 20_000;

    fn word(&mut self, annotator: &Annotator, text: &str, analyses: &[crate::analyze::Analysis]) -> Option<std::rc::Rc<str>> {
        self.key.clear();
        self.key.extend_from_slice(text.as_bytes());
        self.key.push(0xFF);
        for a in analyses {
            self.key.extend_from_slice(&a.prefix.to_le_bytes());
            self.key.extend_from_slice(&a.stem.to_le_bytes());
            self.key.extend_from_slice(&a.suffix.to_le_bytes());
        }
        if let Some(json) = self.words.get(self.key.as_slice()) {
            return Some(json.clone());
        }
        let json: std::rc::Rc<str> = details_json(&Details::Word(annotator.word_details(text, analyses)?)).into();
        if self.words.len() >= Self::MAX_WORDS {
            self.words.clear();
        }
        self.words.insert(self.key.clone(), json.clone());
        Some(json)
    }
}

fn details_json(details: &Details) -> String {
    serde_json::to_string(details).expect("details serialise")
}

/// Annotates text (or HTML, when `html` is set; offsets then refer to the HTML).
pub fn annotate(annotator: &Annotator, input: &str, html: bool) -> Output {
    annotate_with(annotator, input, html, &mut DetailsCache::default())
}

/// [`annotate`], with word details kept in `cache` from one call to the next (a batch).
pub fn annotate_with(annotator: &Annotator, input: &str, html: bool, cache: &mut DetailsCache) -> Output {
    use crate::annotate::Entry;
    let extracted = html.then(|| crate::html::extract(input));
    let text = extracted.as_ref().map(|e| e.text.as_str()).unwrap_or(input);
    let doc = annotator.annotate(text);
    let units: Vec<u16> = text.encode_utf16().collect();
    // the JSON of this text's entities, by entry
    let mut ready: Vec<Option<std::rc::Rc<str>>> = vec![None; doc.entries.len()];
    let annotations = doc
        .spans
        .iter()
        .map(|s| {
            let (start, end) = match &extracted {
                Some(e) => e.source_range(s.start, s.end),
                None => (s.start, s.end),
            };
            let details = match &doc.entries[s.id as usize] {
                Entry::Word { text, analyses } => cache.word(annotator, text, analyses).expect("a word entry has analyses"),
                // A term's details are shared by every occurrence of the term and carry the
                // first one's spelling; each annotation reports the text at its own span
                // (found by tests/offsets_prop.rs: الأمم المتحدة, then الأمم المتحدةً).
                Entry::Ready(Details::Term(t)) => {
                    let mut t = t.clone();
                    t.text = String::from_utf16_lossy(&units[s.start as usize..s.end as usize]);
                    details_json(&Details::Term(t)).into()
                }
                Entry::Ready(d) => ready[s.id as usize].get_or_insert_with(|| details_json(d).into()).clone(),
            };
            JsonAnnotation { start, end, details }
        })
        .collect();
    let mut key_terms = doc.key_terms;
    if let Some(e) = &extracted {
        for term in &mut key_terms {
            for occ in &mut term.occurrences {
                *occ = e.source_range(occ.0, occ.1);
            }
        }
    }
    Output { annotations, key_terms }
}

/// The text's key terms, best first, as CSV or Anki notes (the Arabic as written, the
/// vocalised lemma, the English, the sentence of the first occurrence); for HTML input the
/// sentences come from the extracted text. The formats are `terms::export`'s, which every
/// front's export also goes through.
pub fn key_terms_export(annotator: &Annotator, input: &str, html: bool, format: crate::terms::export::ExportFormat) -> String {
    let text: String = if html { crate::html::extract(input).text } else { input.to_string() };
    let doc = annotator.annotate(&text);
    format.write(&crate::terms::export::key_term_rows(&text, &doc.key_terms))
}

/// The CLI's JSON: `{"annotations":[…],"key_terms":[…]}`.
pub fn to_json(output: &Output) -> String {
    to_json_with_id(None, output)
}

/// [`to_json`], with `"id"` first when given (a batch's result line).
pub fn to_json_with_id(id: Option<&serde_json::Value>, output: &Output) -> String {
    use std::fmt::Write;
    let mut json = String::with_capacity(64 + output.annotations.iter().map(|a| a.details.len() + 24).sum::<usize>());
    json.push('{');
    if let Some(id) = id {
        json.push_str("\"id\":");
        json.push_str(&serde_json::to_string(id).expect("an id serialises"));
        json.push(',');
    }
    json.push_str("\"annotations\":[");
    for (i, a) in output.annotations.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        // `{"start":S,"end":E,` then the details object's fields (it opens with `{"layer"`)
        let _ = write!(json, "{{\"start\":{},\"end\":{},", a.start, a.end);
        json.push_str(&a.details[1..]);
    }
    json.push_str("],\"key_terms\":");
    json.push_str(&serde_json::to_string(&output.key_terms).expect("key terms serialise"));
    json.push('}');
    json
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn title(d: &Details) -> String {
    match d {
        Details::Word(w) => word_title(w),
        Details::Term(t) => format!("{} · {}", t.headword, t.english),
        Details::Entity(e) => format!("{} · {}", e.english, e.kind),
    }
}

fn word_title(w: &WordDetails) -> String {
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
        // Words only: entities and terms overlap them; their names go in the title.
        if span.layer != crate::annotate::Layer::Word {
            continue;
        }
        let Some(d) = annotator.details(&doc, span.id) else { continue };
        let mut t = title(&d);
        for outer in doc.spans.iter().filter(|o| o.layer != crate::annotate::Layer::Word && o.start <= span.start && o.end >= span.end) {
            if let Some(od) = annotator.details(&doc, outer.id) {
                t.push_str(&format!(" — {}", title(&od)));
            }
        }
        body.push_str(&escape(&String::from_utf16_lossy(&units[pos..s])));
        body.push_str(&format!(
            "<span class=\"w\" title=\"{}\">{}</span>",
            escape(&t),
            escape(&String::from_utf16_lossy(&units[s..e]))
        ));
        pos = e;
    }
    body.push_str(&escape(&String::from_utf16_lossy(&units[pos..])));
    format!(
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>Hashiya</title>\n<style>body{{font:20px/2 serif;max-width:40em;margin:2em auto;white-space:pre-wrap}}.w{{border-bottom:1px dotted #888}}.w:hover{{background:#fe8}}</style></head>\n<body>{body}</body></html>"
    )
}
