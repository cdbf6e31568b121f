//! Text handling for entity recognition: the normalised spelling the model and the
//! gazetteers meet on, and the clitic prefixes (و ف ب ل ك + ال) that real pages
//! attach to names. The tokens are [`crate::tokenize`]'s, which every layer reads.
//!
//! The normal form matches the NER training data: no marks or tatweel, the hamza
//! forms of alif folded to ا, alif maqsura to ي, Persian/Urdu letter variants to their
//! Arabic counterparts. Ta marbuta and the hamza seats ؤ ئ are kept.

/// The tokenizer lives in [`crate::tokenize`], the one every layer reads.
pub use crate::tokenize::{is_arabic_letter, tokenize, Kind, Tok};

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
