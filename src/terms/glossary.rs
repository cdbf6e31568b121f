//! Custom glossaries: a site's or a reader's own terms, layered over the built-in
//! lexicon and phrase list and winning over them.
//!
//! Two formats, both UTF-8:
//!
//! **TSV**, one entry a line: `arabic<TAB>english[<TAB>lemma[<TAB>note]]`. Lines
//! starting with `#` and blank lines are skipped; the first other line is taken
//! as a header when it reads `arabic<TAB>english…`. `english` may hold several senses separated by `;`,
//! best first. `lemma` is an optional vocalised form shown to the reader.
//!
//! **JSON**: an array of entries, or an object whose `terms` member is one:
//! `[{"arabic": "الفضاء الإلكتروني", "english": "cyberspace", "lemma": "...", "note": "..."}]`.
//! `english` may also be an array of senses.
//!
//! The Arabic side is one word or a phrase, in any spelling: it is keyed like the
//! core keys words (marks, tatweel, alif and yā' forms folded) with the article
//! taken off each word, so `الفضاء الإلكتروني`, `فضاء إلكتروني` and `الفَضاءُ
//! الإلكترونيّ` are the same entry. In text, a term also matches with و/ف/ب/ل/ك and
//! the article on its first word. A malformed entry is reported with its line
//! number and skipped; the rest loads. When two entries have the same key, the
//! later one wins.

use std::collections::HashMap;

use crate::terms::keys::{self, phrase_key};

/// One glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct GlossEntry {
    /// The Arabic as the glossary writes it.
    pub arabic: String,
    /// Phrase key (see [`keys::phrase_key`]).
    pub key: String,
    /// English senses, best first.
    pub english: Vec<String>,
    /// Optional vocalised form.
    pub lemma: Option<String>,
    /// Optional note for the reader.
    pub note: Option<String>,
    /// 1-based line of the entry in its file.
    pub line: usize,
}

impl GlossEntry {
    /// The senses joined for display ("a; b").
    pub fn english_text(&self) -> String {
        self.english.join("; ")
    }
    /// Number of words of the Arabic side.
    pub fn words(&self) -> usize {
        self.key.split(' ').count()
    }
}

/// A malformed entry: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryIssue {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for GlossaryIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A loaded glossary (possibly several layered).
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<GlossEntry>,
    by_key: HashMap<String, usize>,
    max_words: usize,
}

/// Which format a glossary text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlossaryFormat {
    Tsv,
    Json,
    /// JSON when the first non-blank character is `[` or `{`, else TSV.
    Auto,
}

impl Glossary {
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Parses a glossary text. Returns the glossary of the good entries and the
    /// issues found. Only a JSON syntax error stops the whole file (reported with
    /// its line); then the glossary is empty.
    pub fn parse(text: &str, format: GlossaryFormat) -> (Glossary, Vec<GlossaryIssue>) {
        let json = match format {
            GlossaryFormat::Json => true,
            GlossaryFormat::Tsv => false,
            GlossaryFormat::Auto => matches!(text.trim_start_matches('\u{feff}').trim_start().chars().next(), Some('[' | '{')),
        };
        let mut g = Glossary::new();
        let issues = if json { g.add_json(text) } else { g.add_tsv(text) };
        (g, issues)
    }

    /// Adds the entries of a TSV text (later entries win). Returns the issues.
    pub fn add_tsv(&mut self, text: &str) -> Vec<GlossaryIssue> {
        let mut issues = Vec::new();
        let mut first = true;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim_start_matches('\u{feff}').trim_end_matches('\r');
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = l.split('\t').map(str::trim).collect();
            let header = first && fields.len() >= 2 && fields[0].eq_ignore_ascii_case("arabic") && fields[1].eq_ignore_ascii_case("english");
            first = false;
            if header {
                continue;
            }
            if fields.len() < 2 {
                issues.push(GlossaryIssue { line, message: "expected `arabic<TAB>english`, found no tab".into() });
                continue;
            }
            if fields.len() > 4 {
                issues.push(GlossaryIssue { line, message: format!("expected at most 4 tab-separated fields, found {}", fields.len()) });
                continue;
            }
            let english: Vec<String> = fields[1].split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            let opt = |i: usize| fields.get(i).filter(|s| !s.is_empty()).map(|s| s.to_string());
            match self.add_entry(fields[0], english, opt(2), opt(3), line) {
                Ok(()) => {}
                Err(message) => issues.push(GlossaryIssue { line, message }),
            }
        }
        issues
    }

    /// Adds the entries of a JSON text (later entries win). Returns the issues;
    /// a syntax error is one issue at its line and adds nothing.
    pub fn add_json(&mut self, text: &str) -> Vec<GlossaryIssue> {
        let text = text.trim_start_matches('\u{feff}');
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => return vec![GlossaryIssue { line: e.line().max(1), message: format!("not valid JSON: {e}") }],
        };
        let elements = match &value {
            serde_json::Value::Array(_) => json_array_elements(text, 0),
            serde_json::Value::Object(map) if matches!(map.get("terms"), Some(serde_json::Value::Array(_))) => {
                json_array_elements(text, 1)
            }
            _ => {
                return vec![GlossaryIssue { line: 1, message: "expected an array of entries or an object with a `terms` array".into() }]
            }
        };
        let mut issues = Vec::new();
        for (start, end) in elements {
            let line = 1 + text[..start].bytes().filter(|b| *b == b'\n').count();
            let item: serde_json::Value = match serde_json::from_str(&text[start..end]) {
                Ok(v) => v,
                Err(e) => {
                    issues.push(GlossaryIssue { line, message: format!("cannot read entry: {e}") });
                    continue;
                }
            };
            let Some(obj) = item.as_object() else {
                issues.push(GlossaryIssue { line, message: "entry is not an object".into() });
                continue;
            };
            let Some(arabic) = obj.get("arabic").and_then(|v| v.as_str()) else {
                issues.push(GlossaryIssue { line, message: "entry has no string `arabic`".into() });
                continue;
            };
            let english: Option<Vec<String>> = match obj.get("english") {
                Some(serde_json::Value::String(s)) => Some(s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()),
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .map(|v| v.as_str().map(|s| s.trim().to_string()))
                    .collect::<Option<Vec<_>>>()
                    .map(|v| v.into_iter().filter(|s| !s.is_empty()).collect()),
                _ => None,
            };
            let Some(english) = english else {
                issues.push(GlossaryIssue { line, message: "entry has no `english` string or array of strings".into() });
                continue;
            };
            let opt = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(String::from);
            if let Err(message) = self.add_entry(arabic, english, opt("lemma"), opt("note"), line) {
                issues.push(GlossaryIssue { line, message });
            }
        }
        issues
    }

    fn add_entry(&mut self, arabic: &str, english: Vec<String>, lemma: Option<String>, note: Option<String>, line: usize) -> Result<(), String> {
        let arabic = arabic.trim();
        if arabic.is_empty() {
            return Err("the Arabic field is empty".into());
        }
        if english.is_empty() {
            return Err("the English field is empty".into());
        }
        let key = match phrase_key(arabic) {
            Some(k) => k,
            None if arabic.split_whitespace().all(|w| keys::word_key(w).is_some()) => {
                return Err(format!("`{arabic}` is too short to match reliably (3 letters or fewer without the article)"))
            }
            None => return Err(format!("`{arabic}` is not Arabic words (letters and marks only)")),
        };
        let entry = GlossEntry { arabic: arabic.to_string(), key: key.clone(), english, lemma, note, line };
        self.max_words = self.max_words.max(entry.words());
        match self.by_key.get(&key) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.by_key.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
        Ok(())
    }

    /// Layers `other` over this glossary: its entries win.
    pub fn layer(&mut self, other: &Glossary) {
        for e in &other.entries {
            self.max_words = self.max_words.max(e.words());
            match self.by_key.get(&e.key) {
                Some(&i) => self.entries[i] = e.clone(),
                None => {
                    self.by_key.insert(e.key.clone(), self.entries.len());
                    self.entries.push(e.clone());
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[GlossEntry] {
        &self.entries
    }

    /// The most words any entry has.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The entry with this phrase key.
    pub fn get_key(&self, key: &str) -> Option<&GlossEntry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    /// The entry for a word as written in text (clitics on it allowed), or for its
    /// lemma (vocalised or not) when the surface form has none.
    pub fn lookup_word(&self, word: &str, lemma: Option<&str>) -> Option<&GlossEntry> {
        if self.entries.is_empty() {
            return None;
        }
        let k = keys::word_key(word)?;
        for (start, _) in keys::proclitic_splits(&k) {
            if let Some(e) = self.get_key(&k[start..]) {
                return Some(e);
            }
        }
        let lk = keys::word_key(lemma?)?;
        self.get_key(&lk)
    }

    /// Puts the glossary's senses first in a word's gloss list when it has an
    /// entry for the word or its lemma. Returns whether it did.
    pub fn apply_to_glosses(&self, word: &str, lemma: Option<&str>, glosses: &mut Vec<String>) -> bool {
        let Some(e) = self.lookup_word(word, lemma) else { return false };
        let mut out = e.english.clone();
        out.extend(glosses.drain(..).filter(|g| !e.english.contains(g)));
        *glosses = out;
        true
    }
}

/// Byte ranges of the elements of the first array at object depth `depth`
/// (0: the top-level array; 1: an array member of the top-level object). Only
/// called on text serde_json has accepted.
fn json_array_elements(text: &str, depth: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut level, mut in_str, mut esc) = (0usize, false, false);
    let mut target: Option<usize> = None; // the level inside the target array
    let mut start: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
            continue;
        }
        match c {
            b'"' => {
                in_str = true;
                if target == Some(level) && start.is_none() {
                    start = Some(i);
                }
            }
            b'[' | b'{' => {
                if target == Some(level) && start.is_none() {
                    start = Some(i);
                }
                level += 1;
                if target.is_none() && c == b'[' && level == depth + 1 {
                    target = Some(level);
                }
            }
            b']' | b'}' => {
                if target == Some(level) {
                    if let Some(s) = start.take() {
                        out.push((s, trim_end(text, i)));
                    }
                    return out;
                }
                level -= 1;
            }
            b',' if target == Some(level) => {
                if let Some(s) = start.take() {
                    out.push((s, trim_end(text, i)));
                }
            }
            c if !c.is_ascii_whitespace() && target == Some(level) && start.is_none() => start = Some(i),
            _ => {}
        }
    }
    out
}

fn trim_end(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_with_bad_lines() {
        let text = "arabic\tenglish\n# a comment\n\nالفضاء الإلكتروني\tcyberspace\nبلا تبويب\nداعش\tISIS; Daesh\t\tthe group\nabc\tnot arabic\nمن\tfrom\nالإرهاب\t\n";
        let (g, issues) = Glossary::parse(text, GlossaryFormat::Auto);
        assert_eq!(g.len(), 2);
        let lines: Vec<usize> = issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![5, 7, 8, 9], "{issues:?}");
        assert!(issues[0].message.contains("no tab"));
        assert!(issues[2].message.contains("too short"));
        assert!(issues[3].message.contains("English field is empty"));
        assert_eq!(g.lookup_word("وداعش", None).unwrap().english, vec!["ISIS", "Daesh"]);
        assert_eq!(g.lookup_word("داعش", None).unwrap().note.as_deref(), Some("the group"));
        assert_eq!(g.get_key(&phrase_key("فضاء إلكتروني").unwrap()).unwrap().line, 4);
    }

    #[test]
    fn json_entries_report_their_lines() {
        let text = "{\"terms\": [\n  {\"arabic\": \"الخلافة الافتراضية\", \"english\": \"virtual caliphate\"},\n  {\"arabic\": \"تجنيد\"},\n  {\"arabic\": \"التطرف\",\n   \"english\": [\"extremism\", \"radicalism\"]},\n  42\n]}";
        let (g, issues) = Glossary::parse(text, GlossaryFormat::Auto);
        assert_eq!(g.len(), 2);
        assert_eq!(issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![3, 6], "{issues:?}");
        assert_eq!(g.lookup_word("والتطرف", None).unwrap().english[1], "radicalism");
        assert_eq!(g.lookup_word("التطرف", None).unwrap().line, 4);
        let (g, issues) = Glossary::parse("[{\"arabic\": \"تجنيد\", \"english\": \"recruitment\"}]", GlossaryFormat::Json);
        assert!(issues.is_empty() && g.len() == 1);
    }

    #[test]
    fn json_syntax_error_has_a_line() {
        let (g, issues) = Glossary::parse("[\n{\"arabic\": \"تجنيد\",\n \"english\": }\n]", GlossaryFormat::Json);
        assert!(g.is_empty());
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].line, 3);
    }

    #[test]
    fn later_entries_and_layers_win() {
        let (mut a, _) = Glossary::parse("تجنيد\trecruiting\nتجنيد\trecruitment\n", GlossaryFormat::Tsv);
        assert_eq!(a.len(), 1);
        assert_eq!(a.lookup_word("تجنيد", None).unwrap().english, vec!["recruitment"]);
        let (b, _) = Glossary::parse("تَجْنِيد\tenlistment\n", GlossaryFormat::Tsv);
        a.layer(&b);
        let mut glosses = vec!["recruitment".to_string(), "mobilization".to_string()];
        assert!(a.apply_to_glosses("وتجنيد", None, &mut glosses));
        assert_eq!(glosses, vec!["enlistment", "recruitment", "mobilization"]);
        assert!(!a.apply_to_glosses("كتاب", None, &mut glosses));
        assert!(a.lookup_word("مجندين", Some("تَجْنِيد")).is_some());
    }
}
