//! Export of an article's key terms and the words a reader looked up, as CSV and
//! as a TSV that Anki imports as notes (Arabic, vocalised lemma, English, the
//! sentence the word appeared in).
//!
//! This is the one implementation of the formats: the command line
//! (`hashiya annotate --format csv|anki`) calls it here, and every browser front through the
//! core (`Hashiya#exportRows` and `Hashiya#sentenceAround` of the wasm build, wrapped by
//! `www/hashiya.js` and `www/remote-core.js`).
//!
//! ```
//! use hashiya::terms::export::{to_csv, ExportRow};
//! let text = "قال الوزير: =SUM(A1)";
//! let row = ExportRow::from_span(text, 4, 10, "وَزِير", "=minister");
//! assert_eq!(row.sentence, "قال الوزير: =SUM(A1)");
//! // A field that a spreadsheet would run as a formula gets a leading apostrophe.
//! assert_eq!(to_csv(&[row]), "arabic,lemma,english,sentence\r\nالوزير,وَزِير,'=minister,قال الوزير: =SUM(A1)\r\n");
//! ```

use serde::Deserialize;

use crate::terms::KeyTerm;

/// One row of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// The word or term as it appeared (clitics as written).
    pub arabic: String,
    /// Vocalised lemma (or the term again when there is none).
    pub lemma: String,
    pub english: String,
    /// The sentence of the first occurrence, from the input text.
    pub sentence: String,
}

/// A row as a front hands it over (JSON-like): the sentence given, or found in the text
/// from the occurrence's UTF-16 span `start..end`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RowSpec {
    pub arabic: String,
    pub lemma: String,
    pub english: String,
    pub sentence: Option<String>,
    pub start: Option<u32>,
    pub end: Option<u32>,
}

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 4180 CSV with a header row ([`to_csv`]).
    Csv,
    /// Anki's notes TSV with its file headers ([`to_anki_tsv`]).
    Anki,
}

impl ExportFormat {
    /// `"csv"` or `"anki"` (case-insensitive); the error says what was given.
    pub fn parse(name: &str) -> Result<ExportFormat, String> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "anki" | "tsv" => Ok(ExportFormat::Anki),
            _ => Err(format!("unknown export format {name:?}: use \"csv\" or \"anki\"")),
        }
    }

    /// `rows` written in this format.
    pub fn write(self, rows: &[ExportRow]) -> String {
        match self {
            ExportFormat::Csv => to_csv(rows),
            ExportFormat::Anki => to_anki_tsv(rows),
        }
    }
}

impl ExportRow {
    /// A row for a word the reader looked up: `text` is the whole input and
    /// `start..end` the word's span in UTF-16 code units.
    pub fn from_span(text: &str, start: u32, end: u32, lemma: &str, english: &str) -> ExportRow {
        let (a, b) = utf16_to_byte_range(text, start, end);
        ExportRow {
            arabic: text[a..b].to_string(),
            lemma: if lemma.is_empty() { text[a..b].to_string() } else { lemma.to_string() },
            english: english.to_string(),
            sentence: sentence_around(text, a, b),
        }
    }

    /// A row for a word the reader looked up, from its tooltip details (lemma and
    /// first gloss line).
    pub fn from_word(text: &str, start: u32, end: u32, details: &crate::annotate::WordDetails) -> ExportRow {
        ExportRow::from_span(text, start, end, &details.lemma, details.glosses.first().map(String::as_str).unwrap_or(""))
    }

    /// A row for a key term, with the sentence of its first occurrence.
    pub fn from_key_term(text: &str, term: &KeyTerm) -> ExportRow {
        let sentence = term
            .occurrences
            .first()
            .map(|&(s, e)| {
                let (a, b) = utf16_to_byte_range(text, s, e);
                sentence_around(text, a, b)
            })
            .unwrap_or_default();
        ExportRow {
            arabic: term.text.clone(),
            lemma: if term.lemma.is_empty() { term.text.clone() } else { term.lemma.clone() },
            english: term.english.clone(),
            sentence,
        }
    }

    /// A row from what a front handed over, its fields as given: its own sentence if it
    /// gave one, else the sentence around `start..end` of `text` (none when it gave no span).
    pub fn from_spec(text: &str, spec: RowSpec) -> ExportRow {
        let sentence = match (spec.sentence, spec.start, spec.end) {
            (Some(s), _, _) => s,
            (None, Some(start), Some(end)) => {
                let (a, b) = utf16_to_byte_range(text, start, end.max(start));
                sentence_around(text, a, b)
            }
            _ => String::new(),
        };
        ExportRow { arabic: spec.arabic, lemma: spec.lemma, english: spec.english, sentence }
    }
}

/// Rows for key terms, in their order.
pub fn key_term_rows(text: &str, terms: &[KeyTerm]) -> Vec<ExportRow> {
    terms.iter().map(|t| ExportRow::from_key_term(text, t)).collect()
}

/// A field as text a spreadsheet will not run: a leading `'` before a first character
/// that makes a cell a formula (`=`, `+`, `-`, `@`) or that some spreadsheets strip before
/// reading one (tab, CR). OWASP's advice for CSV injection; the cell shows the text.
pub fn neutralise(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// `field` in double quotes (quotes doubled) when it holds one of `special`.
fn push_quoted(out: &mut String, field: &str, special: &[char]) {
    if field.contains(special) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Writes `rows` as lines of fields joined by `sep`, each neutralised and quoted when it
/// holds one of `special`, every line ended by `eol`.
fn push_rows(out: &mut String, rows: &[ExportRow], sep: char, special: &[char], eol: &str) {
    for r in rows {
        for (i, f) in [&r.arabic, &r.lemma, &r.english, &r.sentence].into_iter().enumerate() {
            if i > 0 {
                out.push(sep);
            }
            push_quoted(out, &neutralise(f), special);
        }
        out.push_str(eol);
    }
}

/// CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, quote or line break) with a header row; formula-like fields neutralised.
/// Every front writes it through the core (`tests/export-cases.json` checks it natively and in the browser).
pub fn to_csv(rows: &[ExportRow]) -> String {
    let mut out = String::from("arabic,lemma,english,sentence\r\n");
    push_rows(&mut out, rows, ',', &[',', '"', '\n', '\r'], "\r\n");
    out
}

/// Anki's file headers (tab separator, plain text, column names), then one note a
/// line; fields holding a tab, quote or line break are quoted as Anki's importer
/// reads them (so they come back exactly), formula-like fields neutralised.
pub fn to_anki_tsv(rows: &[ExportRow]) -> String {
    let mut out = String::from("#separator:tab\n#html:false\n#columns:Arabic\tLemma\tEnglish\tSentence\n");
    push_rows(&mut out, rows, '\t', &['\t', '"', '\n', '\r'], "\n");
    out
}

/// Byte range of a UTF-16 range of `text` (clamped to the text, snapped to chars).
pub fn utf16_to_byte_range(text: &str, start: u32, end: u32) -> (usize, usize) {
    let (mut a, mut b) = (text.len(), text.len());
    let mut u = 0u32;
    for (i, c) in text.char_indices() {
        if u >= start && a == text.len() {
            a = i;
        }
        if u >= end {
            b = i;
            break;
        }
        u += c.len_utf16() as u32;
    }
    (a.min(b), b)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '\n' | '…' | '۔')
}

/// Longest sentence exported whole, in UTF-16 code units: a longer one is cut to the
/// words around the occurrence, with "…" where it was cut (a flash card holds a line,
/// not a page).
pub const MAX_SENTENCE: usize = 300;

/// The sentence around bytes `a..b` of `text`: from after the previous sentence end to
/// the next one (included, except a line break), trimmed; cut to about
/// [`MAX_SENTENCE`] UTF-16 units around the occurrence, at word boundaries, when longer.
pub fn sentence_around(text: &str, a: usize, b: usize) -> String {
    let start = text[..a].char_indices().rev().find(|(_, c)| is_sentence_end(*c)).map(|(i, c)| i + c.len_utf8()).unwrap_or(0);
    let end = text[b..]
        .char_indices()
        .find(|(_, c)| is_sentence_end(*c))
        .map(|(i, c)| b + i + if c == '\n' { 0 } else { c.len_utf8() })
        .unwrap_or(text.len());
    if utf16_len(&text[start..end]) <= MAX_SENTENCE {
        return text[start..end].trim().to_string();
    }
    // A window of MAX_SENTENCE units with the occurrence in its middle, inside the
    // sentence; then shrunk to whole words at each cut end.
    let lead = MAX_SENTENCE.saturating_sub(utf16_len(&text[a..b])) / 2;
    let mut from = units_back(text, start, a, lead);
    let to = units_forward(text, from, end, MAX_SENTENCE);
    if to == end {
        from = units_back(text, start, end, MAX_SENTENCE);
    }
    let mut head = from;
    if head > start {
        if let Some((i, c)) = text[head..a.max(head)].char_indices().find(|(_, c)| c.is_whitespace()) {
            head += i + c.len_utf8();
        }
    }
    let mut tail = to;
    if tail < end {
        if let Some(i) = text[b.min(tail)..tail].rfind(char::is_whitespace) {
            tail = b.min(tail) + i;
        }
    }
    let cut_head = if head > start { "… " } else { "" };
    let cut_tail = if tail < end { " …" } else { "" };
    format!("{cut_head}{}{cut_tail}", text[head..tail.max(head)].trim())
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte index `units` UTF-16 units before byte `at`, not before byte `floor`.
fn units_back(text: &str, floor: usize, at: usize, units: usize) -> usize {
    let (mut n, mut i) = (0, at);
    for (j, c) in text[floor..at].char_indices().rev() {
        if n + c.len_utf16() > units {
            break;
        }
        n += c.len_utf16();
        i = floor + j;
    }
    i
}

/// The byte index `units` UTF-16 units after byte `from`, not after byte `ceil`.
fn units_forward(text: &str, from: usize, ceil: usize, units: usize) -> usize {
    let mut n = 0;
    for (j, c) in text[from..ceil].char_indices() {
        if n + c.len_utf16() > units {
            return from + j;
        }
        n += c.len_utf16();
    }
    ceil
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_formats() {
        let text = "مقدمة قصيرة. قال الوزير إن \"التطرف\", خطر؟ وانتهى";
        let w: Vec<u16> = text.encode_utf16().collect();
        let s = text.find("التطرف").unwrap();
        let start = text[..s].encode_utf16().count() as u32;
        let end = start + "التطرف".encode_utf16().count() as u32;
        assert!(end as usize <= w.len());
        let row = ExportRow::from_span(text, start, end, "تَطَرُّف", "extremism, radicalism");
        assert_eq!(row.arabic, "التطرف");
        assert_eq!(row.sentence, "قال الوزير إن \"التطرف\", خطر؟");
        let csv = to_csv(&[row.clone()]);
        assert_eq!(csv, "arabic,lemma,english,sentence\r\nالتطرف,تَطَرُّف,\"extremism, radicalism\",\"قال الوزير إن \"\"التطرف\"\", خطر؟\"\r\n");
        let mut tabbed = row.clone();
        tabbed.english = "a\tb\nc".into();
        let tsv = to_anki_tsv(&[tabbed]);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "#separator:tab");
        assert_eq!(parse(tsv.splitn(4, '\n').nth(3).unwrap(), '\t'), vec![vec!["التطرف", "تَطَرُّف", "a\tb\nc", "قال الوزير إن \"التطرف\", خطر؟"]]);
    }

    /// Reads back fields written by `push_rows` (RFC 4180 quoting with any separator),
    /// as a spreadsheet or Anki would.
    fn parse(text: &str, sep: char) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() => quoted = true,
                (false, c) if c == sep => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        if !field.is_empty() || !row.is_empty() {
            row.push(field);
            rows.push(row);
        }
        rows
    }

    /// The cases the exports must write byte for byte (tests/browser/keyterms.test.mjs
    /// checks the same file through the wasm wrapper), and every field read back exactly,
    /// but for the apostrophe that neutralises a formula.
    #[test]
    fn shared_cases_written_and_read_back() {
        let cases: serde_json::Value = serde_json::from_str(include_str!("../../tests/export-cases.json")).unwrap();
        let field = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap().to_string();
        let rows: Vec<ExportRow> = cases["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| ExportRow { arabic: field(r, "arabic"), lemma: field(r, "lemma"), english: field(r, "english"), sentence: field(r, "sentence") })
            .collect();
        let csv = to_csv(&rows);
        let tsv = to_anki_tsv(&rows);
        assert_eq!(csv, cases["csv"].as_str().unwrap());
        assert_eq!(tsv, cases["anki_tsv"].as_str().unwrap());
        let expected: Vec<Vec<String>> = rows.iter().map(|r| [&r.arabic, &r.lemma, &r.english, &r.sentence].iter().map(|f| neutralise(f).into_owned()).collect()).collect();
        assert_eq!(parse(&csv, ',')[1..], expected[..]);
        let body = tsv.splitn(4, '\n').nth(3).unwrap(); // after the three header lines
        assert_eq!(parse(body, '\t'), expected);
        // No cell starts a formula.
        for row in parse(&csv, ',').iter().chain(&parse(body, '\t')) {
            for f in row {
                assert!(!f.starts_with(['=', '+', '-', '@', '\t', '\r']), "{f:?}");
            }
        }
    }

    #[test]
    fn utf16_ranges_past_astral_chars() {
        let text = "😀 كلمة";
        assert_eq!(utf16_to_byte_range(text, 3, 7), (5, text.len()));
        assert_eq!(sentence_around(text, 5, text.len()), text);
    }

    /// A line break ends a sentence and is not part of it; a very long sentence is cut to
    /// whole words around the occurrence, marked with "…" on each cut side.
    #[test]
    fn sentences_bounded_and_cut() {
        let text = "عنوان\nقال الوزير";
        assert_eq!(ExportRow::from_span(text, 8, 14, "", "").sentence, "قال الوزير");
        let long = format!("{}هدف {}.", "كلمة ".repeat(100), "كلمة ".repeat(100));
        let at = long.find("هدف").unwrap();
        let cut = sentence_around(&long, at, at + "هدف".len());
        assert!(utf16_len(&cut) <= MAX_SENTENCE + 4 && cut.contains(" هدف "), "{cut}");
        assert!(cut.starts_with("… كلمة ") && cut.ends_with("كلمة …"), "{cut}");
        // Near the sentence's end the window keeps its length and ends at the end.
        let tail = long.rfind("كلمة").unwrap();
        let cut = sentence_around(&long, tail, tail + "كلمة".len());
        assert!(cut.starts_with("… ") && cut.ends_with("كلمة ."), "{cut}");
        assert!(utf16_len(&cut) > 250 && utf16_len(&cut) <= MAX_SENTENCE + 2, "{cut}");
        // Astral characters are never split by a cut.
        let emoji = format!("{}هدف{}", "😀".repeat(200), "😀".repeat(200));
        let at = emoji.find("هدف").unwrap();
        let cut = sentence_around(&emoji, at, at + "هدف".len());
        assert!(cut.contains("هدف") && cut.chars().all(|c| c == '😀' || c == '…' || c == ' ' || "هدف".contains(c)), "{cut}");
    }

    #[test]
    fn rows_from_specs() {
        let text = "مقدمة. قال الوزير إن التطرف خطر.";
        let at = text[..text.find("التطرف").unwrap()].encode_utf16().count() as u32;
        let spec = RowSpec { arabic: "التطرف".into(), english: "extremism".into(), start: Some(at), end: Some(at + 6), ..Default::default() };
        let row = ExportRow::from_spec(text, spec);
        assert_eq!((row.lemma.as_str(), row.sentence.as_str()), ("", "قال الوزير إن التطرف خطر."));
        let given = RowSpec { arabic: "خطر".into(), sentence: Some("جملة".into()), ..Default::default() };
        assert_eq!(ExportRow::from_spec(text, given).sentence, "جملة");
        assert_eq!(ExportFormat::parse("CSV"), Ok(ExportFormat::Csv));
        assert!(ExportFormat::parse("xlsx").unwrap_err().contains("xlsx"));
    }
}
