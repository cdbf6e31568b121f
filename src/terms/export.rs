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

/// CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, quote or line break) with a header row.
pub fn to_csv(rows: &[ExportRow]) -> String {
    let mut out = String::from("arabic,lemma,english,sentence\r\n");
    for r in rows {
        let fields = [&r.arabic, &r.lemma, &r.english, &r.sentence];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if f.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&f.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(f);
            }
        }
        out.push_str("\r\n");
    }
    out
}

/// Anki-ready TSV: Anki's file headers (tab separator, plain text, column names),
/// then one note a line: Arabic, vocalised lemma, English, sentence. Tabs and line
/// breaks inside fields become spaces, so every line is one note.
pub fn to_anki_tsv(rows: &[ExportRow]) -> String {
    let mut out = String::from("#separator:tab\n#html:false\n#columns:Arabic\tLemma\tEnglish\tSentence\n");
    for r in rows {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ").trim().to_string();
        out.push_str(&format!("{}\t{}\t{}\t{}\n", clean(&r.arabic), clean(&r.lemma), clean(&r.english), clean(&r.sentence)));
    }
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
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[3].split('\t').collect::<Vec<_>>(), vec!["التطرف", "تَطَرُّف", "a b c", "قال الوزير إن \"التطرف\", خطر؟"]);
    }

    #[test]
    fn utf16_ranges_past_astral_chars() {
        let text = "😀 كلمة";
        assert_eq!(utf16_to_byte_range(text, 3, 7), (5, text.len()));
        assert_eq!(sentence_around(text, 5, text.len()), text);
    }
}
