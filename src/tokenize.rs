//! The one tokenizer: `annotate` splits a text into tokens once, and every layer
//! (words, entities, terms) reads the same tokens. Each token has its offsets in
//! UTF-16 code units (what the page and the JSON report) and in UTF-8 bytes (to
//! slice the `&str`), its kind, and its normal form ([`crate::entities::text::normalize`]:
//! what the entity model and the gazetteers meet on; most words are written in it,
//! so it borrows the text).
//!
//! ```
//! use hashiya::tokenize::{tokenize, Kind};
//! let text = "قال «وزير» 80";
//! let tokens = tokenize(text);
//! assert_eq!(tokens[0].kind, Kind::Arabic);
//! assert_eq!((tokens[0].start, tokens[0].end), (0, 3));
//! assert_eq!(tokens[2].text(text), "وزير");
//! assert_eq!(tokens[4].kind, Kind::Digit);
//! ```

use std::borrow::Cow;

use crate::entities::text::{fold_char, is_mark, is_quote};

/// Arabic letters of the Arabic, Supplement and Presentation-free ranges.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}' | '\u{671}'..='\u{6D3}' | '\u{6D5}' | '\u{6EE}'..='\u{6EF}' | '\u{6FA}'..='\u{6FC}' | '\u{6FF}' | '\u{750}'..='\u{77F}')
}

/// The basic Arabic letters that are their own normal form, by their UTF-8 bytes:
/// bit `n` of word `lead & 1` for the letter `lead`, `0x80 | n` (lead byte 0xD8 or
/// 0xD9, U+0600–U+067F). That is all of U+0621–U+064A but آ أ إ (U+0622, U+0623,
/// U+0625) and ى (U+0649), which fold. Most characters of an Arabic text are among
/// them; a shift and a test find them, where the ranges would be a chain of
/// comparisons.
const NORMAL_LETTERS: [u64; 2] = {
    let mut bits = [0; 2];
    let mut n = 0;
    while n < 128 {
        if matches!(0x600 + n, 0x621 | 0x624 | 0x626..=0x63A | 0x641..=0x648 | 0x64A) {
            bits[n / 64] |= 1 << (n % 64);
        }
        n += 1;
    }
    bits
};

/// True when `lead`, `next` are the UTF-8 bytes of a letter in [`NORMAL_LETTERS`].
#[inline(always)]
fn is_normal_letter_bytes(lead: u8, next: u8) -> bool {
    matches!(lead, 0xD8 | 0xD9) && (NORMAL_LETTERS[usize::from(lead & 1)] >> (next & 0x3F)) & 1 != 0
}

/// True for a letter in [`NORMAL_LETTERS`].
#[inline(always)]
fn is_normal_letter(c: char) -> bool {
    let n = (c as u32).wrapping_sub(0x600);
    n < 128 && (NORMAL_LETTERS[(n / 64) as usize] >> (n % 64)) & 1 != 0
}

/// True when a character of a word is its own normal form (kept as it is by
/// [`tokenize`]). The common Arabic letters and ASCII are tested first: the
/// tokenizer asks this of every character it does not skip by its bytes.
#[inline(always)]
fn is_normal(c: char) -> bool {
    matches!(c, ' '..='~') || is_normal_letter(c) || folds_to_itself(c)
}

/// [`is_normal`] for the rarer characters.
#[inline(never)]
fn folds_to_itself(c: char) -> bool {
    c != '\u{200C}' && fold_char(c) == Some(c)
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
pub struct Tok<'t> {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The normal form (see [`crate::entities::text::normalize`]): most words are written in it, and
    /// then it is the word in the text (no allocation per token).
    pub norm: Cow<'t, str>,
}

/// The class of a character: the kind of token it belongs to, `None` for spaces and
/// other characters between tokens.
#[inline(always)]
fn class(c: char) -> Option<Kind> {
    // the common cases first, inline, as [`full_class`] classifies them: the
    // basic Arabic letters, the space and the rest of ASCII
    if matches!(c, '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}') {
        Some(Kind::Arabic)
    } else if c == ' ' {
        None
    } else if c.is_ascii() {
        ASCII_CLASSES[c as usize]
    } else if matches!(c, '،' | '؛') {
        // the Arabic comma and semicolon, as common as the Latin ones
        Some(Kind::Punct)
    } else {
        full_class(c)
    }
}

/// [`full_class`] of the ASCII characters, looked up rather than worked out:
/// punctuation and digits are common in Arabic text too.
const ASCII_CLASSES: [Option<Kind>; 128] = {
    let mut classes = [Some(Kind::Punct); 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        classes[b] = if c.is_ascii_alphabetic() {
            Some(Kind::Latin)
        } else if c.is_ascii_digit() {
            Some(Kind::Digit)
        } else if c.is_ascii_whitespace() || c.is_ascii_control() {
            None
        } else if matches!(c, b'"' | b'\'') {
            Some(Kind::Quote)
        } else if matches!(c, b'.' | b'!' | b'?') {
            Some(Kind::End)
        } else {
            Some(Kind::Punct)
        };
        b += 1;
    }
    classes
};

/// The class of any character ([`class`] tests the common ones first).
#[inline(never)]
fn full_class(c: char) -> Option<Kind> {
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

impl Tok<'_> {
    /// The token as written in `text` (the text it was made from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }

    /// True for the zero-width token a line break leaves: it ends the entity
    /// model's sentences; the word and term layers read across it.
    pub fn is_line_break(&self) -> bool {
        self.kind == Kind::End && self.start == self.end
    }

    /// True for a token the word analyser reads: Arabic letters, or marks and
    /// tatweel with no letter (a [`Kind::Punct`] for the other layers, as its
    /// normal form is empty; the word layer has always read it as a word).
    pub fn is_arabic_word(&self, text: &str) -> bool {
        self.kind == Kind::Arabic || (self.kind == Kind::Punct && self.norm == "_" && self.text(text).starts_with(is_mark))
    }
}

/// A place in the text: its offset in UTF-8 bytes and in UTF-16 code units.
#[derive(Debug, Clone, Copy)]
struct Pos {
    byte: usize,
    utf16: u32,
}

/// The character at `at` and the place after it, or `None` at the end of the text.
/// One- and two-byte characters (ASCII, the Arabic block) are decoded here from
/// the bytes; `chars` is left the rarer, longer ones.
#[inline(always)]
fn char_at(text: &str, at: Pos) -> Option<(char, Pos)> {
    let bytes = text.as_bytes();
    let lead = *bytes.get(at.byte)?;
    let c = if lead < 0x80 {
        char::from(lead)
    } else if lead < 0xE0 {
        // `text` is valid UTF-8: a lead byte below 0xE0 starts a two-byte
        // character, U+0080–U+07FF, never a surrogate
        let code = (u32::from(lead & 0x1F) << 6) | u32::from(bytes[at.byte + 1] & 0x3F);
        char::from_u32(code).expect("two-byte UTF-8 decodes to a char")
    } else {
        text[at.byte..].chars().next()?
    };
    Some((c, Pos { byte: at.byte + c.len_utf8(), utf16: at.utf16 + c.len_utf16() as u32 }))
}

/// The place after the run of basic Arabic letters in normal form that starts at
/// `at` (most of every Arabic word). Each is two bytes and one UTF-16 unit, so the
/// run is read from the bytes without decoding characters.
#[inline(always)]
fn skip_normal_letters(bytes: &[u8], at: Pos) -> Pos {
    let mut end = at.byte;
    while end + 1 < bytes.len() && is_normal_letter_bytes(bytes[end], bytes[end + 1]) {
        end += 2;
    }
    Pos { byte: end, utf16: at.utf16 + ((end - at.byte) / 2) as u32 }
}

/// Splits text into tokens: runs of Arabic letters (marks and tatweel join the
/// word), runs of other letters, runs of digits, and single punctuation marks.
/// A line break is returned as an [`Kind::End`] token of zero width so sentences
/// never run across paragraphs.
pub fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 6);
    let mut at = Pos { byte: 0, utf16: 0 };
    loop {
        // the commonest cases first, by their bytes: the space between words, and
        // an Arabic word beginning with basic letters in normal form
        if bytes.get(at.byte) == Some(&b' ') {
            at = Pos { byte: at.byte + 1, utf16: at.utf16 + 1 };
            continue;
        }
        let start = at;
        let letters = skip_normal_letters(bytes, at);
        let (kind, end, normal) = if letters.byte > at.byte {
            let (end, normal) = read_word(text, Kind::Arabic, letters, true);
            (Kind::Arabic, end, normal)
        } else {
            let Some((c, next)) = char_at(text, at) else { break };
            let Some(kind) = class(c) else {
                // between tokens
                if c == '\n' {
                    out.push(Tok { kind: Kind::End, start: at.utf16, end: at.utf16, byte_start: at.byte, byte_end: at.byte, norm: Cow::Borrowed("\n") });
                }
                at = next;
                continue;
            };
            let (end, normal) = match kind {
                Kind::Arabic | Kind::Latin | Kind::Digit => read_word(text, kind, next, is_normal(c)),
                _ => (next, is_normal(c)),
            };
            (kind, end, normal)
        };
        out.push(finish(text, kind, start.utf16, end.utf16, start.byte, end.byte, normal));
        at = end;
    }
    out
}

/// Reads the rest of a word of `kind` whose first character ends at `at`:
/// characters of the same class, and zero-width non-joiners inside Arabic words.
/// Returns where the word ends and whether all its characters are in normal form
/// (`normal`: whether the first one is), tested as they are read rather than in a
/// second pass over the word.
#[inline(always)]
fn read_word(text: &str, kind: Kind, mut at: Pos, mut normal: bool) -> (Pos, bool) {
    loop {
        if kind == Kind::Arabic {
            at = skip_normal_letters(text.as_bytes(), at);
        }
        let Some((c, next)) = char_at(text, at) else { break };
        let joins = class(c) == Some(kind) || (kind == Kind::Arabic && c == '\u{200C}');
        if !joins {
            break;
        }
        normal &= is_normal(c);
        at = next;
    }
    (at, normal)
}

/// The token of `text[byte_start..byte_end]` with its normal form (zero-width
/// non-joiners inside a word are left out of it); `normal` says whether all its
/// characters are their own normal form ([`is_normal`]).
fn finish(text: &str, kind: Kind, start: u32, end: u32, byte_start: usize, byte_end: usize, normal: bool) -> Tok<'_> {
    let word = &text[byte_start..byte_end];
    // most words are in normal form already: borrow those
    let mut norm = if normal {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.chars().filter(|&c| c != '\u{200C}').filter_map(fold_char).collect())
    };
    let mut kind = kind;
    if norm.is_empty() {
        // only marks or tatweel (e.g. the tatweel of "لـ" after a letter is joined
        // already): no word; give it something stable
        norm = Cow::Borrowed("_");
        kind = Kind::Punct;
    }
    Tok { kind, start, end, byte_start, byte_end, norm }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::text::fold_char;

    #[test]
    fn quick_normal_test_agrees_with_folding() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_normal(c), c != '\u{200C}' && fold_char(c) == Some(c), "{c:?}");
        }
    }

    #[test]
    fn quick_class_agrees_with_the_full_one() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(class(c), full_class(c), "{c:?}");
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

    /// The tokenizer's definition, one character at a time (what [`tokenize`] did
    /// before it read letters by their bytes), with each normal form made by
    /// folding every character: the fast tokenizer must agree with it.
    fn tokenize_by_chars(text: &str) -> Vec<Tok<'_>> {
        let token = |kind, start, end, byte_start, byte_end| {
            let norm: String = text[byte_start..byte_end].chars().filter(|&c| c != '\u{200C}').filter_map(fold_char).collect();
            match norm.is_empty() {
                true => Tok { kind: Kind::Punct, start, end, byte_start, byte_end, norm: Cow::Borrowed("_") },
                false => Tok { kind, start, end, byte_start, byte_end, norm: Cow::Owned(norm) },
            }
        };
        let mut out = Vec::new();
        let mut cur: Option<(Kind, u32, usize)> = None;
        let mut u16pos: u32 = 0;
        for (b, c) in text.char_indices() {
            let k = class(c);
            let joins = match (cur, k) {
                (Some((ck, ..)), Some(k)) => ck == k && matches!(k, Kind::Arabic | Kind::Latin | Kind::Digit),
                (Some((ck, ..)), None) => ck == Kind::Arabic && c == '\u{200C}',
                _ => false,
            };
            if !joins {
                if let Some((kind, start, byte_start)) = cur.take() {
                    out.push(token(kind, start, u16pos, byte_start, b));
                }
                if c == '\n' {
                    out.push(Tok { kind: Kind::End, start: u16pos, end: u16pos, byte_start: b, byte_end: b, norm: Cow::Borrowed("\n") });
                }
                cur = k.map(|k| (k, u16pos, b));
            }
            u16pos += c.len_utf16() as u32;
        }
        if let Some((kind, start, byte_start)) = cur {
            out.push(token(kind, start, u16pos, byte_start, text.len()));
        }
        out
    }

    /// Characters where the byte-level reading could go wrong: every basic letter
    /// (the folded آ أ إ ى among them), marks, tatweel, ZWNJ and other format
    /// characters, Persian letters, both Arabic digit sets, quotes, punctuation,
    /// line breaks, Latin with accents, and characters of three and four bytes.
    const TRICKY: &[&str] = &[
        "قال", "الإيطاليّ", "آسيا", "إلى", "مصطفى", "ؤئء", "لـ", "ـ", "ـــ", "مُحَمَّد", "ٱلله", "\u{670}", "\u{610}",
        "\u{200C}", "\u{200B}", "\u{200D}", "\u{200F}", "\u{FEFF}", "می\u{200C}خواهم", "\u{200C}کتاب",
        "پژوهش", "گچ", "ی", "ک", "ە", "ھ", "ے", "٠١٢٣", "۴۵۶", "123", "12٫5", "٬",
        "“", "”", "«", "»", "„", "″", "‘", "’", "\"", "'", ".", "!", "?", "؟", "۔", "،", "؛", "-", "(", ")",
        "\n", "\r\n", "\t", " ", "\u{A0}", "\u{2028}",
        "café", "Ñandú", "ÆØÅ", "ß", "Qaeda", "ISIS", "😀", "𝐀𝐁", "中文", "€", "\u{FFFD}", "ﻻ", "ﷲ",
        "\u{600}", "\u{61C}", "\u{63B}", "\u{63F}", "\u{64B}", "\u{65F}", "\u{660}", "\u{66A}", "\u{66D}", "\u{67F}", "\u{6FF}", "\u{750}", "\u{7FF}",
    ];

    #[test]
    fn fast_tokenizer_agrees_with_the_char_by_char_one() {
        let mut cases: Vec<String> = TRICKY.iter().map(|s| s.to_string()).collect();
        cases.extend(["قال 😀 «وزير» لـ“مركز”", "الـ\u{200C}ـدولة\n\nأبو بكر البغدادي؟ café 2014 و٣", "ab😀cd ق😀ل x\u{301}y"].map(String::from));
        // every basic letter and mark, alone and inside a word
        for c in ('\u{600}'..='\u{6FF}').chain('\u{80}'..='\u{24F}') {
            cases.push(format!("{c}"));
            cases.push(format!("ب{c}ت {c}س"));
        }
        // and many mixtures of the tricky pieces (a fixed pseudo-random sequence)
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut random = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..5000 {
            let pieces = 1 + random(8);
            cases.push((0..pieces).map(|_| TRICKY[random(TRICKY.len())]).collect());
        }
        for text in &cases {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }

}
