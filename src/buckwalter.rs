//! Buckwalter transliteration: the ASCII spelling the lexicon tables use, and a
//! readable Latin transliteration for people.
//!
//! ```
//! use hashiya::buckwalter::{to_arabic, readable};
//! assert_eq!(to_arabic("kitAb"), "كِتاب");
//! assert_eq!(readable("kitAb"), "kitāb");
//! ```

/// Buckwalter character → Arabic character.
const TABLE: &[(u8, char)] = &[
    (b'\'', 'ء'), (b'|', 'آ'), (b'>', 'أ'), (b'O', 'أ'), (b'&', 'ؤ'), (b'W', 'ؤ'),
    (b'<', 'إ'), (b'I', 'إ'), (b'}', 'ئ'), (b'A', 'ا'), (b'b', 'ب'), (b'p', 'ة'),
    (b't', 'ت'), (b'v', 'ث'), (b'j', 'ج'), (b'H', 'ح'), (b'x', 'خ'), (b'd', 'د'),
    (b'*', 'ذ'), (b'r', 'ر'), (b'z', 'ز'), (b's', 'س'), (b'$', 'ش'), (b'S', 'ص'),
    (b'D', 'ض'), (b'T', 'ط'), (b'Z', 'ظ'), (b'E', 'ع'), (b'g', 'غ'), (b'_', 'ـ'),
    (b'f', 'ف'), (b'q', 'ق'), (b'k', 'ك'), (b'l', 'ل'), (b'm', 'م'), (b'n', 'ن'),
    (b'h', 'ه'), (b'w', 'و'), (b'Y', 'ى'), (b'y', 'ي'), (b'F', '\u{64B}'),
    (b'N', '\u{64C}'), (b'K', '\u{64D}'), (b'a', '\u{64E}'), (b'u', '\u{64F}'),
    (b'i', '\u{650}'), (b'~', '\u{651}'), (b'o', '\u{652}'), (b'`', '\u{670}'),
    (b'{', 'ا'), // alif wasla, shown as the plain alif readers expect
];

/// Converts a Buckwalter string to Arabic script. Unknown bytes pass through.
pub fn to_arabic(bw: &str) -> String {
    // every Arabic letter and mark is two bytes in UTF-8
    let mut out = String::with_capacity(2 * bw.len());
    push_arabic(bw, &mut out);
    out
}

/// Appends [`to_arabic`] of `bw` to `out`.
pub fn push_arabic(bw: &str, out: &mut String) {
    for b in bw.bytes() {
        match TO_ARABIC.get(usize::from(b)) {
            Some(&c) if c != '\0' => out.push(c),
            _ => out.push(b as char),
        }
    }
}

/// `TO_ARABIC[b]` is the Arabic character of ASCII byte `b` in [`TABLE`] (its
/// first entry), or NUL: looked up, where a search of the table for each byte
/// and a string grown character by character were 1 % of an all-layer pass
/// (lemmas are written in Arabic for the term layer).
const TO_ARABIC: [char; 128] = {
    let mut t = ['\0'; 128];
    let mut i = TABLE.len();
    // backwards, so the first entry of a byte wins, as in a search from the start
    while i > 0 {
        i -= 1;
        let (b, c) = TABLE[i];
        t[b as usize] = c;
    }
    t
};

/// Arabic character → Buckwalter byte, for the letters and marks the tables use.
pub const fn from_arabic_char(c: char) -> Option<u8> {
    // The Arabic block U+0621..U+0670 covers every letter and mark in the table.
    let i = (c as u32).wrapping_sub(0x621) as usize;
    if i >= FROM_ARABIC.len() || FROM_ARABIC[i] == 0 {
        return None;
    }
    Some(FROM_ARABIC[i])
}

/// `FROM_ARABIC[c - U+0621]` is the Buckwalter byte of `c`, or 0.
static FROM_ARABIC: [u8; 0x50] = {
    let mut t = [0u8; 0x50];
    let mut i = 0;
    while i < TABLE.len() {
        let (b, c) = TABLE[i];
        let cp = c as u32;
        // O, W, I duplicate >, &, <; { (alif wasla) is outside the block.
        if !matches!(b, b'O' | b'W' | b'I' | b'{') && cp >= 0x621 && cp < 0x621 + 0x50 {
            t[(cp - 0x621) as usize] = b;
        }
        i += 1;
    }
    t
};

/// A readable transliteration of a vocalised Buckwalter string, in the style of
/// English-language Arabic grammars: long vowels with macrons, emphatics with dots,
/// ʿayn and hamza as ʿ and ʾ, doubled consonants for shadda.
pub fn readable(bw: &str) -> String {
    let bytes = bw.as_bytes();
    let mut out = String::with_capacity(bw.len() + 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let piece: &str = match b {
            b'\'' | b'>' | b'<' | b'&' | b'}' | b'O' | b'W' | b'I' => {
                // A word-initial hamza on alif is not written in this style.
                if out.is_empty() || out.ends_with('-') { "" } else { "ʾ" }
            }
            b'|' => if out.is_empty() || out.ends_with('-') { "ā" } else { "ʾā" },
            b'A' => {
                // Alif after a fatha lengthens it; word-initially it carries a vowel.
                if out.ends_with('a') { out.pop(); "ā" } else if out.is_empty() || out.ends_with('-') { "a" } else { "ā" }
            }
            b'{' => "",
            b'Y' => { if out.ends_with('a') { out.pop(); } "ā" }
            b'y' => {
                if out.ends_with('i') && !matches!(next, Some(b'a' | b'u' | b'i' | b'~' | b'A')) { out.pop(); "ī" } else { "y" }
            }
            b'w' => {
                if out.ends_with('u') && !matches!(next, Some(b'a' | b'u' | b'i' | b'~' | b'A')) { out.pop(); "ū" } else { "w" }
            }
            b'p' => if next.is_some() && next != Some(b'N') && next != Some(b'F') && next != Some(b'K') { "t" } else { "h" },
            b'b' => "b", b't' => "t", b'v' => "th", b'j' => "j", b'H' => "ḥ", b'x' => "kh",
            b'd' => "d", b'*' => "dh", b'r' => "r", b'z' => "z", b's' => "s", b'$' => "sh",
            b'S' => "ṣ", b'D' => "ḍ", b'T' => "ṭ", b'Z' => "ẓ", b'E' => "ʿ", b'g' => "gh",
            b'f' => "f", b'q' => "q", b'k' => "k", b'l' => "l", b'm' => "m", b'n' => "n",
            b'h' => "h",
            b'a' => "a", b'u' => "u", b'i' => "i",
            b'F' => "an", b'N' => "un", b'K' => "in",
            b'`' => "ā",
            b'~' => {
                // Shadda doubles the consonant just written (one or two letters).
                let last = previous_consonant(&out);
                out.push_str(&last);
                ""
            }
            b'o' | b'_' => "",
            b'-' => "-",
            other => { out.push(other as char); "" }
        };
        out.push_str(piece);
        i += 1;
    }
    out
}

fn previous_consonant(out: &str) -> String {
    for digraph in ["th", "kh", "dh", "sh", "gh"] {
        if out.ends_with(digraph) {
            return digraph.to_string();
        }
    }
    out.chars().last().filter(|c| !matches!(c, 'a' | 'i' | 'u' | 'ā' | 'ī' | 'ū')).map(String::from).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_byte_is_written_as_the_table_says() {
        for b in 0..128u8 {
            let want = TABLE.iter().find(|(k, _)| *k == b).map_or(b as char, |(_, c)| *c);
            assert_eq!(to_arabic(&char::from(b).to_string()), want.to_string(), "byte {b}");
        }
    }

    #[test]
    fn readable_forms() {
        let cases = [
            ("kitAb", "kitāb"),
            ("tanoZiym", "tanẓīm"),
            ("xilAfap", "khilāfah"),
            ("muHam~ad", "muḥammad"),
            ("Eilom", "ʿilm"),
            (">amiyn", "amīn"),
            ("quwl", "qūl"),
        ];
        for (bw, want) in cases {
            assert_eq!(readable(bw), want, "{bw}");
        }
    }

    #[test]
    fn round_trip_letters() {
        for (b, c) in TABLE {
            if matches!(b, b'O' | b'W' | b'I' | b'{') {
                continue;
            }
            assert_eq!(from_arabic_char(*c), Some(*b));
        }
    }
}
