//! Text handling for entity recognition: the normalised spelling the model and the
//! gazetteers meet on, a small tokenizer with UTF-16 offsets, and the clitic
//! prefixes (و ف ب ل ك + ال) that real pages attach to names.
//!
//! The normal form matches the NER training data: no marks or tatweel, the hamza
//! forms of alif folded to ا, alif maqsura to ي, Persian/Urdu letter variants to their
//! Arabic counterparts. Ta marbuta and the hamza seats ؤ ئ are kept.

/// True for an Arabic letter (basic block and the extended letters Persian and
/// Urdu use).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}' | '\u{671}'..='\u{6D3}' | '\u{6D5}' | '\u{6EE}'..='\u{6EF}' | '\u{6FA}'..='\u{6FC}' | '\u{6FF}' | '\u{750}'..='\u{77F}')
}

/// Marks that do not change the letters: tashkeel, dagger alif, Quranic marks, tatweel.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{6D6}'..='\u{6ED}' | '\u{640}')
}

/// Folds one letter to the normal form; `None` drops it (marks).
#[inline(always)]
pub fn fold_char(c: char) -> Option<char> {
    if is_mark(c) {
        return None;
    }
    // Variants first (the core's table), then the alif and yā' folding the
    // core does in its keys.
    Some(match crate::normalize::standard_letter(c) {
        'أ' | 'إ' | 'آ' => 'ا',
        'ى' => 'ي',
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
        '“' | '”' | '«' | '»' | '„' | '″' => '"',
        other => other,
    })
}

/// True when a character of a word is its own normal form (kept as it is by
/// [`tokenize`]). The common Arabic letters and ASCII are tested first: the
/// tokenizer asks this of every character.
#[inline]
fn is_normal(c: char) -> bool {
    // all but آ أ إ (U+0622, U+0623, U+0625) and ى (U+0649), which fold
    matches!(c, ' '..='~' | '\u{621}' | '\u{624}' | '\u{626}'..='\u{63A}' | '\u{641}'..='\u{648}' | '\u{64A}')
        || (c != '\u{200C}' && fold_char(c) == Some(c))
}

/// The normal form of a word (see the module docs).
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if let Some(f) = fold_char(c) {
            out.push(f);
        }
    }
    out
}

/// True for characters that open or close a quotation.
pub fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '″' | '\'' | '‘' | '’')
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Arabic,
    Latin,
    Digit,
    Quote,
    /// Sentence-ending punctuation (. ! ? ؟ and line breaks between paragraphs).
    End,
    Punct,
}

/// A token of the input with its offsets in UTF-16 code units and UTF-8 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The normal form (see [`normalize`]).
    pub norm: String,
}

fn class(c: char) -> Option<Kind> {
    // the common cases first, as the tests below would classify them: the basic
    // Arabic letters, ASCII letters and the space
    if matches!(c, '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}') {
        return Some(Kind::Arabic);
    }
    if c.is_ascii_alphabetic() {
        return Some(Kind::Latin);
    }
    if c == ' ' {
        return None;
    }
    if is_arabic_letter(c) || is_mark(c) {
        Some(Kind::Arabic)
    } else if c.is_ascii_digit() || matches!(c, '٠'..='٩' | '۰'..='۹') {
        Some(Kind::Digit)
    } else if c.is_alphabetic() {
        Some(Kind::Latin)
    } else if c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}') {
        None
    } else if is_quote(c) {
        Some(Kind::Quote)
    } else if matches!(c, '.' | '!' | '?' | '؟' | '۔') {
        Some(Kind::End)
    } else {
        Some(Kind::Punct)
    }
}

impl Tok {
    /// The token as written in `text` (the text it was made from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Splits text into tokens: runs of Arabic letters (marks and tatweel join the
/// word), runs of other letters, runs of digits, and single punctuation marks.
/// A line break is returned as an [`Kind::End`] token of zero width so sentences
/// never run across paragraphs.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 6);
    // the token being read: its kind, UTF-16 start and byte start (its normal form
    // is made once it ends, in one allocation of the right size), and whether its
    // characters so far are all in normal form (tested as they are read, rather
    // than in a second pass over the word)
    let mut cur: Option<(Kind, u32, usize)> = None;
    let mut normal = true;
    let mut u16pos: u32 = 0;
    for (b, c) in text.char_indices() {
        let w = c.len_utf16() as u32;
        let k = class(c);
        let joins = match (cur, k) {
            (Some((ck, ..)), Some(k)) => ck == k && matches!(k, Kind::Arabic | Kind::Latin | Kind::Digit),
            (Some((ck, ..)), None) => ck == Kind::Arabic && c == '\u{200C}',
            _ => false,
        };
        if !joins {
            if let Some((kind, start, byte_start)) = cur.take() {
                out.push(finish(text, kind, start, u16pos, byte_start, b, normal));
            }
            if c == '\n' {
                out.push(Tok { kind: Kind::End, start: u16pos, end: u16pos, byte_start: b, byte_end: b, norm: String::from("\n") });
            }
            cur = k.map(|k| (k, u16pos, b));
            normal = true;
        }
        if cur.is_some() {
            normal &= is_normal(c);
        }
        u16pos += w;
    }
    if let Some((kind, start, byte_start)) = cur {
        out.push(finish(text, kind, start, u16pos, byte_start, text.len(), normal));
    }
    out
}

/// The token of `text[byte_start..byte_end]` with its normal form (zero-width
/// non-joiners inside a word are left out of it); `normal` says whether all its
/// characters are their own normal form ([`is_normal`]).
fn finish(text: &str, kind: Kind, start: u32, end: u32, byte_start: usize, byte_end: usize, normal: bool) -> Tok {
    let word = &text[byte_start..byte_end];
    // most words are in normal form already: copy those whole
    let mut norm = if normal {
        word.to_string()
    } else {
        let mut norm = String::with_capacity(word.len());
        norm.extend(word.chars().filter(|&c| c != '\u{200C}').filter_map(fold_char));
        norm
    };
    let mut kind = kind;
    if norm.is_empty() {
        // only marks or tatweel (e.g. the tatweel of "لـ" after a letter is joined
        // already): no word; give it something stable
        norm.push('_');
        kind = Kind::Punct;
    }
    Tok { kind, start, end, byte_start, byte_end, norm }
}

/// Single-letter proclitics: conjunctions و ف, prepositions ب ل ك.
pub fn is_proclitic_letter(c: char) -> bool {
    matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك')
}

/// The word with its definite article and any proclitics before it removed, when
/// the word has that shape: (و|ف)?(ب|ك|ل)?ال+core, or ل+ل+core (ل + ال).
/// Returns (number of chars removed, core), or `None` when the word has no article.
pub fn strip_article(norm: &str) -> Option<(usize, &str)> {
    // Every letter this looks at (و ف ب ك ل ا) is two bytes in UTF-8, so while the
    // letters before letter k are among them, letter k starts at byte 2k: read the
    // pairs of bytes there rather than decoding the word (the feature extractor and
    // the rules ask this of nearly every word).
    let b = norm.as_bytes();
    let letter = |k: usize| -> char {
        match b.get(2 * k..2 * k + 2) {
            Some(&[x @ 0xD8..=0xD9, y]) => char::from_u32(((x as u32 & 0x1F) << 6) | (y as u32 & 0x3F)).unwrap_or('\0'),
            _ => '\0',
        }
    };
    let two_more = |from: usize| {
        let mut rest = norm[from..].chars();
        rest.next().is_some() && rest.next().is_some()
    };
    let mut i = 0;
    if matches!(letter(i), 'و' | 'ف') {
        i += 1;
    }
    if matches!(letter(i), 'ب' | 'ك' | 'ل') {
        i += 1;
    }
    // the core must keep at least two letters
    for start in (0..=i).rev() {
        if letter(start) == 'ا' && letter(start + 1) == 'ل' && two_more(2 * start + 4) {
            return Some((start + 2, &norm[2 * start + 4..]));
        }
        if start >= 1 && letter(start - 1) == 'ل' && letter(start) == 'ل' && two_more(2 * start + 2) {
            // لل + core: ل + ال with the alif dropped
            return Some((start + 1, &norm[2 * start + 2..]));
        }
    }
    None
}

/// The word with one or two single-letter proclitics removed (و/ف then ب/ك/ل), for
/// words long enough that a clitic reading is plausible. Yields every strip that
/// leaves at least three letters, shortest strip first (no allocation: the rules
/// call this for many words).
pub fn proclitic_strips(norm: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    let mut out = [(0, ""); 2];
    let mut n = 0;
    let mut it = norm.char_indices();
    if let (Some((_, c0)), Some((b1, c1))) = (it.next(), it.next()) {
        // at least four letters: two read already, two more
        let len4 = it.clone().nth(1).is_some();
        if matches!(c0, 'و' | 'ف' | 'ب' | 'ك' | 'ل') && len4 {
            out[0] = (1, &norm[b1..]);
            n = 1;
            if matches!(c0, 'و' | 'ف') && matches!(c1, 'ب' | 'ك' | 'ل') && it.nth(2).is_some() {
                let b2 = b1 + c1.len_utf8();
                out[1] = (2, &norm[b2..]);
                n = 2;
            }
        }
    }
    out.into_iter().take(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_the_training_data() {
        assert_eq!(normalize("الإيطاليّ"), "الايطالي");
        assert_eq!(normalize("آسيا"), "اسيا");
        assert_eq!(normalize("إلى"), "الي");
        assert_eq!(normalize("“"), "\"");
    }

    #[test]
    fn quick_normal_test_agrees_with_folding() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_normal(c), c != '\u{200C}' && fold_char(c) == Some(c), "{c:?}");
        }
    }

    #[test]
    fn tokens_have_utf16_offsets() {
        let text = "قال 😀 «وزير» لـ“مركز”";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.byte_start..t.byte_end]).collect();
        assert_eq!(words, ["قال", "😀", "«", "وزير", "»", "لـ", "“", "مركز", "”"]);
        // the emoji is two UTF-16 code units
        assert_eq!((toks[1].start, toks[1].end), (4, 6));
        assert_eq!(toks[3].start, 8);
        assert_eq!(toks[5].norm, "ل");
    }

    #[test]
    fn strips_articles_and_clitics() {
        assert_eq!(strip_article("والرقة"), Some((3, "رقة")));
        assert_eq!(strip_article("للخلافة"), Some((2, "خلافة")));
        assert_eq!(strip_article("العراق"), Some((2, "عراق")));
        assert_eq!(strip_article("فوتل"), None);
        assert_eq!(proclitic_strips("وسوريا").collect::<Vec<_>>(), vec![(1, "سوريا")]);
        assert_eq!(proclitic_strips("وبغداد").collect::<Vec<_>>(), vec![(1, "بغداد"), (2, "غداد")]);
        assert_eq!(proclitic_strips("وبلد").collect::<Vec<_>>(), vec![(1, "بلد")]);
        assert!(proclitic_strips("وزن").next().is_none());
    }
}
