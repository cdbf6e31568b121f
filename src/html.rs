//! Text out of HTML, with a map back to the HTML source, so that annotations of an
//! HTML input are reported in UTF-16 offsets of the HTML the user gave.
//!
//! This is a tolerant reader for article pages, not a validating parser: tags,
//! comments and the contents of `script`/`style` are skipped, character references
//! decoded, and block-level tags separate words.
//!
//! ```
//! let page = "<p>قال <b>الوزير</b> &amp; مضى</p>";
//! let text = hashiya::html::extract(page);
//! assert_eq!(text.text, "\nقال الوزير & مضى\n");
//! // "الوزير" starts at UTF-16 offset 5 of the text and 10 of the HTML.
//! assert_eq!(text.source_range(5, 11), (10, 16));
//! ```

/// Text extracted from HTML, with each UTF-16 unit's source range.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub text: String,
    /// For UTF-16 unit `i` of `text`, its range in UTF-16 units of the source.
    ranges: Vec<(u32, u32)>,
}

impl Extracted {
    /// Maps a UTF-16 range of the text to the UTF-16 range of the source it came from.
    pub fn source_range(&self, start: u32, end: u32) -> (u32, u32) {
        let s = self.ranges.get(start as usize).map(|r| r.0).unwrap_or(0);
        let e = if end > start { self.ranges.get(end as usize - 1).map(|r| r.1).unwrap_or(s) } else { s };
        (s, e)
    }

    fn push(&mut self, c: char, src: (u32, u32)) {
        self.text.push(c);
        for _ in 0..c.len_utf16() {
            self.ranges.push(src);
        }
    }
}

const BLOCK_TAGS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
    "section", "article", "header", "footer", "blockquote", "hr", "title", "figcaption", "dd", "dt", "pre",
];

/// Extracts the readable text of an HTML document.
pub fn extract(html: &str) -> Extracted {
    // Positions in UTF-16 units, walking chars.
    let chars: Vec<(u32, char)> = {
        let mut pos = 0u32;
        html.chars().map(|c| { let p = pos; pos += c.len_utf16() as u32; (p, c) }).collect()
    };
    let end_pos = |i: usize| chars.get(i).map(|c| c.0).unwrap_or_else(|| chars.last().map(|c| c.0 + c.1.len_utf16() as u32).unwrap_or(0));
    let mut out = Extracted::default();
    let mut i = 0;
    let mut skip_until: Option<&str> = None;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c == '<' {
            let rest: String = chars[i..chars.len().min(i + 4)].iter().map(|c| c.1).collect();
            if rest.starts_with("<!--") {
                // Comment: skip to -->.
                let mut j = i + 4;
                while j < chars.len() && !(chars[j].1 == '>' && j >= 2 && chars[j - 1].1 == '-' && chars[j - 2].1 == '-') {
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            // A tag: read its name, skip to the closing '>' outside quotes.
            let mut j = i + 1;
            let mut name = String::new();
            if j < chars.len() && chars[j].1 == '/' {
                name.push('/');
                j += 1;
            }
            while j < chars.len() && chars[j].1.is_ascii_alphanumeric() {
                name.push(chars[j].1.to_ascii_lowercase());
                j += 1;
            }
            if name.is_empty() || name == "/" {
                if !(rest.starts_with("<!") || rest.starts_with("<?")) {
                    // A lone '<' in text.
                    if skip_until.is_none() {
                        out.push('<', (pos, pos + 1));
                    }
                    i += 1;
                    continue;
                }
            }
            let mut quote: Option<char> = None;
            while j < chars.len() {
                let ch = chars[j].1;
                match quote {
                    Some(q) if ch == q => quote = None,
                    Some(_) => {}
                    None if ch == '"' || ch == '\'' => quote = Some(ch),
                    None if ch == '>' => break,
                    None => {}
                }
                j += 1;
            }
            let bare = name.trim_start_matches('/');
            match skip_until {
                Some(closing) if name == closing => skip_until = None,
                Some(_) => {}
                None if name == "script" => skip_until = Some("/script"),
                None if name == "style" => skip_until = Some("/style"),
                None if BLOCK_TAGS.contains(&bare) => out.push('\n', (pos, pos)),
                None => {}
            }
            i = j + 1;
            continue;
        }
        if skip_until.is_some() {
            i += 1;
            continue;
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(&chars[i..]) {
                out.push(decoded, (pos, end_pos(i + len)));
                i += len;
                continue;
            }
        }
        out.push(c, (pos, pos + c.len_utf16() as u32));
        i += 1;
    }
    out
}

/// Decodes a character reference at the start of `chars`: (char, length in chars).
fn entity(chars: &[(u32, char)]) -> Option<(char, usize)> {
    let body: String = chars.iter().skip(1).take(10).map(|c| c.1).take_while(|c| *c != ';').collect();
    if body.len() >= 10 || chars.get(body.chars().count() + 1).map(|c| c.1) != Some(';') {
        return None;
    }
    let len = body.chars().count() + 2;
    let c = match body.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "laquo" => '«',
        "raquo" => '»',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "rlm" => '\u{200F}',
        "lrm" => '\u{200E}',
        b if b.starts_with("#x") || b.starts_with("#X") => char::from_u32(u32::from_str_radix(&b[2..], 16).ok()?)?,
        b if b.starts_with('#') => char::from_u32(b[1..].parse().ok()?)?,
        _ => return None,
    };
    Some((c, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_markup_and_maps_back() {
        let cases = [
            ("<script>var a='<p>';</script>كلمة", "كلمة"),
            ("a<!-- <b>x</b> -->b", "ab"),
            ("<a href=\"x>y\">نص</a>", "نص"),
            ("&#1575;&#x644;", "ال"),
            ("1 < 2", "1 < 2"),
            ("&unknown; &", "&unknown; &"),
        ];
        for (html, want) in cases {
            assert_eq!(extract(html).text, want, "{html}");
        }
        let html = "<b>&amp;😀</b>";
        let e = extract(html);
        assert_eq!(e.source_range(0, 1), (3, 8));
        assert_eq!(e.source_range(1, 3), (8, 10));
    }
}
