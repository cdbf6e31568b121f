//! Export of an article's key terms and the words a reader looked up, as CSV and
//! as a TSV that Anki imports as notes (Arabic, vocalised lemma, English, the
//! sentence the word appeared in).

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

impl ExportRow {
    /// A row for a word the reader looked up: `text` is the whole input and
    /// `start..end` the word's span in UTF-16 code units.
    pub fn from_span(text: &str, start: u32, end: u32, lemma: &str, english: &str) -> ExportRow {
        let (a, b) = utf16_to_byte_range(text, start, end);
        ExportRow {
            arabic: text[a..b].to_string(),
            lemma: if lemma.is_empty() { text[a..b].to_string() } else { lemma.to_string() },
            english: english.to_string(),
            sentence: sentence_around(text, a, b).to_string(),
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
                sentence_around(text, a, b).to_string()
            })
            .unwrap_or_default();
        ExportRow {
            arabic: term.text.clone(),
            lemma: if term.lemma.is_empty() { term.text.clone() } else { term.lemma.clone() },
            english: term.english.clone(),
            sentence,
        }
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
/// `www/export.js` writes the same (`tests/export-cases.json` checks both).
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

/// The sentence around bytes `a..b` of `text`: from after the previous sentence
/// end to the next one (included), trimmed.
pub fn sentence_around(text: &str, a: usize, b: usize) -> &str {
    let start = text[..a].char_indices().rev().find(|(_, c)| is_sentence_end(*c)).map(|(i, c)| i + c.len_utf8()).unwrap_or(0);
    let end = text[b..]
        .char_indices()
        .find(|(_, c)| is_sentence_end(*c))
        .map(|(i, c)| b + i + if c == '\n' { 0 } else { c.len_utf8() })
        .unwrap_or(text.len());
    text[start..end].trim()
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

    /// The cases both exports must write byte for byte (www/export.js reads the same file
    /// in tests/browser/keyterms.test.mjs), and every field read back exactly, but for the
    /// apostrophe that neutralises a formula.
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
}
