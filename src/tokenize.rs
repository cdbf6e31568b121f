//! Tokenisation with offsets in both UTF-8 bytes (to slice the `&str`) and UTF-16
//! code units (what the page and the JSON report).
//!
//! ```
//! use hashiya::tokenize::{tokenize, TokenKind};
//! let text = "قال «وزير» 80";
//! let tokens = tokenize(text);
//! assert_eq!(tokens[0].kind, TokenKind::Arabic);
//! assert_eq!((tokens[0].start, tokens[0].end), (0, 3));
//! assert_eq!(tokens[2].text(text), "وزير");
//! assert_eq!(tokens[4].kind, TokenKind::Number);
//! ```

use crate::normalize::{digit_value, is_ignorable_mark};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Arabic letters (with any marks and tatweel inside).
    Arabic,
    /// Letters of other scripts (Latin, ...).
    Other,
    /// Digits, Western or Arabic-Indic.
    Number,
    /// One punctuation or symbol character (quotes, brackets, ...).
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// UTF-16 offsets into the input.
    pub start: u32,
    pub end: u32,
    /// UTF-8 byte offsets into the input.
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Token {
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.byte_start..self.byte_end]
    }
}

/// Arabic letters of the Arabic, Supplement and Presentation-free ranges.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}' | '\u{671}'..='\u{6D3}' | '\u{6D5}' | '\u{6EE}'..='\u{6EF}' | '\u{6FA}'..='\u{6FC}' | '\u{6FF}' | '\u{750}'..='\u{77F}')
}

fn class(c: char) -> Option<TokenKind> {
    if is_arabic_letter(c) || is_ignorable_mark(c) {
        Some(TokenKind::Arabic)
    } else if digit_value(c).is_some() {
        Some(TokenKind::Number)
    } else if c.is_alphabetic() {
        Some(TokenKind::Other)
    } else if c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}') {
        None
    } else {
        Some(TokenKind::Punct)
    }
}

/// Splits text into tokens. Whitespace, controls and bidi marks separate tokens and
/// are not returned. A mark or tatweel joins the word before it. ZWNJ inside an
/// Arabic word does not split it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let mut current: Option<Token> = None;
    let mut u16_pos: u32 = 0;
    for (byte, c) in text.char_indices() {
        let width = c.len_utf16() as u32;
        let kind = class(c);
        let joins = match (&current, kind) {
            (Some(t), Some(k)) => t.kind == k && k != TokenKind::Punct,
            (Some(t), None) => t.kind == TokenKind::Arabic && c == '\u{200C}',
            _ => false,
        };
        if joins {
            let t = current.as_mut().unwrap();
            t.end = u16_pos + width;
            t.byte_end = byte + c.len_utf8();
        } else {
            if let Some(t) = current.take() {
                tokens.push(t);
            }
            current = kind.map(|kind| Token { kind, start: u16_pos, end: u16_pos + width, byte_start: byte, byte_end: byte + c.len_utf8() });
        }
        u16_pos += width;
    }
    tokens.extend(current);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_offsets() {
        let text = "و“داعش” 😀 abc ١٢٣ الـــدولة";
        let tokens = tokenize(text);
        let got: Vec<(TokenKind, &str, u32, u32)> = tokens.iter().map(|t| (t.kind, t.text(text), t.start, t.end)).collect();
        assert_eq!(
            got,
            vec![
                (TokenKind::Arabic, "و", 0, 1),
                (TokenKind::Punct, "“", 1, 2),
                (TokenKind::Arabic, "داعش", 2, 6),
                (TokenKind::Punct, "”", 6, 7),
                (TokenKind::Punct, "😀", 8, 10),
                (TokenKind::Other, "abc", 11, 14),
                (TokenKind::Number, "١٢٣", 15, 18),
                (TokenKind::Arabic, "الـــدولة", 19, 28),
            ]
        );
    }

    #[test]
    fn empty_and_space() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t\u{200F}").is_empty());
    }
}
