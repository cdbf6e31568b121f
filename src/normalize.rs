//! Normalisation of Arabic words into lookup keys.
//!
//! A key is the word in Buckwalter letters with the spelling differences that
//! readers and newspapers ignore folded away: short vowels and other marks
//! (tashkeel), tatweel, the hamza forms of alif (أ إ آ ٱ → ا), alif maqsura
//! (ى → ي), and Persian/Urdu letter variants (ک → ك, ی → ي, ...). The lexicon's keys
//! are folded the same way, so both sides meet.
//!
//! Normalisation works per token, so the map back to the input is the token's own
//! span: offsets never move.
//!
//! ```
//! use hashiya::normalize::key;
//! assert_eq!(key("أَنصارُهُ").as_deref(), Some("AnSArh"));
//! assert_eq!(key("إلى").as_deref(), Some("Aly"));
//! assert_eq!(key("hello"), None);
//! ```

use crate::buckwalter::from_arabic_char;

/// True for marks that do not change the letters of a word: tashkeel, the dagger
/// alif, Quranic annotation marks and tatweel.
pub const fn is_ignorable_mark(c: char) -> bool {
    matches!(c, '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{6D6}'..='\u{6ED}' | '\u{640}')
}

/// The Arabic letter a Persian/Urdu (or rarer Arabic) variant stands for, hamza
/// forms and alif maqsura kept: ک → ك, ی → ي, ٲ → أ. Other characters pass through.
#[inline]
pub const fn standard_letter(c: char) -> char {
    match c {
        'ٱ' => 'ا',
        'ٲ' => 'أ',
        'ٳ' => 'إ',
        'ی' | 'ې' | 'ۍ' | 'ێ' => 'ي',
        'ک' | 'ڪ' | 'گ' => 'ك',
        'ە' | 'ہ' | 'ھ' => 'ه',
        'ۀ' | 'ۃ' => 'ة',
        'پ' => 'ب',
        'چ' => 'ج',
        'ژ' => 'ز',
        'ڤ' | 'ڥ' => 'ف',
        'ٶ' => 'ؤ',
        'ٸ' => 'ئ',
        other => other,
    }
}

/// One Arabic letter as the Buckwalter letter it is spelt with (hamza forms and
/// alif maqsura kept, variants mapped by [`standard_letter`]), or `None` when it is
/// not an Arabic letter the lexicon knows.
pub const fn spelling_letter(c: char) -> Option<u8> {
    match from_arabic_char(standard_letter(c)) {
        Some(b) if b.is_ascii_alphabetic() || matches!(b, b'\'' | b'&' | b'}' | b'*' | b'$' | b'|' | b'>' | b'<') => Some(b),
        _ => None,
    }
}

/// In [`SPELLING_06`]: an ignorable mark (no letter is this byte).
const MARK: u8 = 1;

/// What each character of U+0600..U+06FF is in a spelling: its
/// [`spelling_letter`], [`MARK`] for an [`is_ignorable_mark`], 0 for neither.
/// Every character a key or spelling holds lies in that block, so
/// [`each_spelling_letter`] reads a word two bytes at a time from this table,
/// where decoding each character and matching it against the variants and the
/// letter table took about 600 instructions a word (normalize::key was 4 % of
/// an all-layer pass over the newswire corpus).
const SPELLING_06: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = match char::from_u32(0x600 + i as u32) {
            Some(c) => c,
            None => panic!("U+0600..U+06FF are characters"),
        };
        t[i] = if is_ignorable_mark(c) {
            MARK
        } else {
            match spelling_letter(c) {
                Some(b) => b,
                None => 0,
            }
        };
        i += 1;
    }
    t
};

/// Calls `letter` with each [`spelling_letter`] of `word` in order, marks
/// skipped; `None` as soon as a character is neither a letter nor a mark.
#[inline]
fn each_spelling_letter(word: &str, mut letter: impl FnMut(u8)) -> Option<()> {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // U+0600..U+06FF are the two bytes 0xD8..=0xDB, 0x80..=0xBF
        let lead = bytes[i];
        if !matches!(lead, 0xD8..=0xDB) {
            return None;
        }
        // `word` is UTF-8, so a continuation byte follows the lead byte
        let at = (usize::from(lead & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
        match SPELLING_06[at] {
            0 => return None,
            MARK => {}
            b => letter(b),
        }
        i += 2;
    }
    Some(())
}

/// Folds a spelling letter to its key letter.
#[inline]
pub const fn fold(b: u8) -> u8 {
    match b {
        b'>' | b'<' | b'|' | b'{' => b'A',
        b'Y' => b'y',
        other => other,
    }
}

/// The spelling of an Arabic word in Buckwalter letters: marks dropped, hamza
/// forms and alif maqsura kept. Its bytes align one to one with [`key`]'s.
pub fn spelling(word: &str) -> Option<String> {
    let mut out = Vec::with_capacity(word.len() / 2);
    each_spelling_letter(word, |b| out.push(b))?;
    ascii_string(out)
}

/// [`key`] and [`spelling`] of a word together, in one reading of it (a word has
/// either both or neither).
pub fn key_and_spelling(word: &str) -> Option<(String, String)> {
    let mut key = Vec::with_capacity(word.len() / 2);
    let mut spelt = Vec::with_capacity(word.len() / 2);
    each_spelling_letter(word, |b| {
        key.push(fold(b));
        spelt.push(b);
    })?;
    Some((ascii_string(key)?, ascii_string(spelt)?))
}

/// [`key_and_spelling`] written into `buf` (the key in its first half, the
/// spelling in its second) without allocating: `None` when the word has none or
/// more letters than half of `buf` holds. Analysis reads every distinct word of a
/// text this way; the two `String`s it saves cost 9 M instructions per newswire pass.
pub fn key_and_spelling_into<'b>(word: &str, buf: &'b mut [u8]) -> Option<(&'b str, &'b str)> {
    let half = buf.len() / 2;
    let (keys, spelt) = buf.split_at_mut(half);
    let mut n = 0;
    let mut room = true;
    each_spelling_letter(word, |b| {
        if n < half {
            keys[n] = fold(b);
            spelt[n] = b;
            n += 1;
        } else {
            room = false;
        }
    })?;
    if !room || n == 0 {
        return None;
    }
    // ASCII, as in `ascii_string`
    Some((std::str::from_utf8(&keys[..n]).ok()?, std::str::from_utf8(&spelt[..n]).ok()?))
}

/// Appends the [`key`] of `word` to `out`; false (and `out` as it was) when the
/// word has none. For a caller that keeps many words' keys in one string.
pub fn push_key(word: &str, out: &mut String) -> bool {
    let start = out.len();
    let read = each_spelling_letter(word, |b| out.push(char::from(fold(b))));
    if read.is_none() || out.len() == start {
        out.truncate(start);
        return false;
    }
    true
}

/// The [`spelling`] of `word` written into `buf`, without allocating: `None`
/// when the word has no spelling or more letters than `buf` holds.
pub fn spelling_into<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0;
    let mut room = true;
    each_spelling_letter(word, |b| {
        if n < buf.len() {
            buf[n] = b;
            n += 1;
        } else {
            room = false;
        }
    })?;
    (room && n > 0).then_some(&buf[..n])
}

/// Buckwalter letters (ASCII) as a string; `None` when there are none.
fn ascii_string(letters: Vec<u8>) -> Option<String> {
    if letters.is_empty() {
        return None;
    }
    debug_assert!(letters.is_ascii());
    // SPELLING_06 holds only ASCII letters, and `fold` maps ASCII to ASCII
    Some(String::from_utf8(letters).expect("Buckwalter letters are ASCII"))
}

/// The spelling of a vocalised Buckwalter form: its letters without vowels and marks.
pub fn spelling_of_vocalised(voc: &str) -> String {
    voc.bytes().filter_map(vocalised_letter).map(char::from).collect()
}

/// One byte of a vocalised Buckwalter form as [`spelling_of_vocalised`] spells it: `None`
/// for a vowel or mark, else the letter as the spelling writes it (the vocalised tables'
/// `{`, `O`, `I`, `W` become `A`, `>`, `<`, `&`).
pub fn vocalised_letter(b: u8) -> Option<u8> {
    match b {
        b'a' | b'u' | b'i' | b'o' | b'~' | b'F' | b'N' | b'K' | b'`' | b'_' => None,
        b'{' => Some(b'A'),
        b'O' => Some(b'>'),
        b'I' => Some(b'<'),
        b'W' => Some(b'&'),
        other => Some(other),
    }
}

/// Folds a Buckwalter string (from the lexicon tables) the same way as [`key`].
/// Vowel and mark letters are dropped.
pub fn fold_buckwalter(bw: &str) -> String {
    bw.bytes().filter_map(fold_buckwalter_byte).map(char::from).collect()
}

/// One byte of [`fold_buckwalter`]: `None` for a vowel or mark.
#[inline]
pub fn fold_buckwalter_byte(b: u8) -> Option<u8> {
    match b {
        b'>' | b'<' | b'|' | b'{' | b'O' | b'I' => Some(b'A'),
        b'W' => Some(b'&'),
        b'Y' => Some(b'y'),
        b'a' | b'u' | b'i' | b'o' | b'~' | b'F' | b'N' | b'K' | b'`' | b'_' => None,
        other => Some(other),
    }
}

/// The lookup key of an Arabic word, or `None` when it holds a character that is
/// not an Arabic letter or mark (such a token is not looked up).
pub fn key(word: &str) -> Option<String> {
    let mut out = Vec::with_capacity(word.len() / 2);
    each_spelling_letter(word, |b| out.push(fold(b)))?;
    ascii_string(out)
}

/// The value of an Arabic-Indic or extended Arabic-Indic digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let cases = [
            ("تنظيم", Some("tnZym")),
            ("تَنْظِيمٌ", Some("tnZym")),
            ("الإنترنت", Some("AlAntrnt")),
            ("آسيا", Some("AsyA")),
            ("مـــدرسة", Some("mdrsp")),
            ("ی", Some("y")),
            ("پاکستان", Some("bAkstAn")),
            ("مسؤول", Some("ms&wl")),
            ("abc", None),
            ("", None),
        ];
        for (word, want) in cases {
            assert_eq!(key(word).as_deref(), want, "{word}");
        }
    }

    #[test]
    fn spelling_into_a_buffer_matches_the_strings_or_says_it_does_not_fit() {
        let mut buf = [0u8; 64];
        assert_eq!(key_and_spelling_into("وَمَسْؤُولَة", &mut buf), Some(("wms&wlp", "wms&wlp")));
        let owned = key_and_spelling("أحمد").unwrap();
        assert_eq!(key_and_spelling_into("أحمد", &mut buf), Some((owned.0.as_str(), owned.1.as_str())));
        assert_eq!(owned.1, ">Hmd");
        assert_eq!(key_and_spelling_into("abc", &mut buf), None);
        let long = "ب".repeat(33);
        assert_eq!(key_and_spelling_into(&long, &mut buf), None);
        assert_eq!(key_and_spelling(&long).map(|(k, _)| k.len()), Some(33));
    }

    #[test]
    fn lexicon_side_matches_text_side() {
        assert_eq!(fold_buckwalter(">anoSAr"), "AnSAr");
        assert_eq!(fold_buckwalter("EalaY"), "Ely");
        assert_eq!(key("عَلى").as_deref(), Some("Ely"));
    }

    #[test]
    fn the_table_reads_each_character_as_the_letter_functions_do() {
        // the definitions SPELLING_06 is built from, character by character
        let reference = |word: &str| -> Option<String> {
            let mut out = String::new();
            for c in word.chars() {
                if is_ignorable_mark(c) {
                    continue;
                }
                out.push(spelling_letter(c)? as char);
            }
            (!out.is_empty()).then_some(out)
        };
        for cp in (0x500..0x800).chain([0x200C, 0xFEFB, 0x41]) {
            let Some(c) = char::from_u32(cp) else { continue };
            for word in [c.to_string(), format!("ب{c}ت")] {
                let spelt = reference(&word);
                assert_eq!(spelling(&word), spelt, "U+{cp:04X}");
                assert_eq!(key(&word), spelt.as_deref().map(|s| s.bytes().map(|b| fold(b) as char).collect()), "U+{cp:04X}");
                assert_eq!(key_and_spelling(&word), key(&word).zip(spelling(&word)), "U+{cp:04X}");
                let mut buf = [0u8; 64];
                let into = key_and_spelling_into(&word, &mut buf).map(|(k, s)| (k.to_string(), s.to_string()));
                assert_eq!(into, key_and_spelling(&word), "U+{cp:04X}");
                let mut keys = String::from("x");
                assert_eq!(push_key(&word, &mut keys), key(&word).is_some(), "U+{cp:04X}");
                assert_eq!(keys, format!("x{}", key(&word).unwrap_or_default()), "U+{cp:04X}");
                let mut buf = [0u8; 8];
                assert_eq!(spelling_into(&word, &mut buf).map(|s| s.to_vec()), spelling(&word).map(String::into_bytes), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn a_spelling_longer_than_the_buffer_is_none() {
        assert_eq!(spelling_into("والمسؤولين", &mut [0; 8]), None);
        assert_eq!(spelling_into("والمسؤولين", &mut [0; 10]), Some(&b"wAlms&wlyn"[..]));
    }

    #[test]
    fn digits() {
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۷'), Some(7));
        assert_eq!(digit_value('x'), None);
    }
}
