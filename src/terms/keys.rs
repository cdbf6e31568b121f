//! Lookup keys for terms: the core's word keys (see [`crate::normalize::key`]),
//! with the proclitics and the article a term may carry taken off.
//!
//! Keys are Buckwalter letters, so the clitics are ASCII: `w`/`f` (and, so),
//! `b`/`l`/`k` (with/for/like), `Al` (the). A word's *bare* key is what is left; a
//! phrase key is the bare keys of its words joined by single spaces.

use crate::normalize;

/// Letters (bytes of a key) a bare key must keep after stripping.
const MIN_BARE: usize = 2;

/// The key of one word as the core makes it, or `None` for a non-Arabic token.
pub fn word_key(word: &str) -> Option<String> {
    normalize::key(word)
}

/// The readings of a key as proclitics + article + word (see [`proclitic_splits`]),
/// without allocating. Derefs to a slice of `(bare start in bytes, has the article)`.
#[derive(Debug, Clone, Copy)]
pub struct Splits {
    items: [(usize, bool); 12],
    len: usize,
}

impl Splits {
    fn push(&mut self, key: &str, start: usize, det: bool) {
        if key.len() - start >= MIN_BARE && !self[..].contains(&(start, det)) && self.len < self.items.len() {
            self.items[self.len] = (start, det);
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Splits {
    type Target = [(usize, bool)];
    fn deref(&self) -> &[(usize, bool)] {
        &self.items[..self.len]
    }
}

impl IntoIterator for Splits {
    type Item = (usize, bool);
    type IntoIter = std::iter::Take<std::array::IntoIter<(usize, bool), 12>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

/// The ways a key can be read as proclitics + article + word, as
/// `(bare start in bytes, has the article)`, fewest clitics first. The key as it
/// is always comes first or second (after taking off an article). `لل` reads as
/// لِ + ال.
pub fn proclitic_splits(key: &str) -> Splits {
    let mut out = Splits { items: [(0, false); 12], len: 0 };
    let b = key.as_bytes();
    let art = |at: usize| key[at..].starts_with("Al") && key.len() - at - 2 >= MIN_BARE;
    // No clitic (the word may still carry the article).
    if art(0) {
        out.push(key, 2, true);
    }
    out.push(key, 0, false);
    let mut starts = [0usize; 4];
    let mut n = 1;
    if matches!(b.first(), Some(b'w' | b'f')) {
        starts[n] = 1;
        n += 1;
    }
    // A preposition may follow the start of the word or the conjunction.
    let clitic_starts = n;
    for i in 0..clitic_starts {
        let s = starts[i];
        if matches!(b.get(s), Some(b'b' | b'l' | b'k')) {
            starts[n] = s + 1;
            n += 1;
        }
    }
    for &s in &starts[1..n] {
        // لل: the preposition lām fused with the article (alif dropped).
        if b.get(s - 1) == Some(&b'l') && b.get(s) == Some(&b'l') && key.len() - s > MIN_BARE {
            out.push(key, s + 1, true);
        }
        if art(s) {
            out.push(key, s + 2, true);
        }
        out.push(key, s, false);
    }
    out
}

/// Number of letters in a key, spaces not counted.
pub fn letters(key: &str) -> usize {
    key.bytes().filter(|b| *b != b' ').count()
}

/// The key of a word of a written phrase with its article taken off. The article
/// is recognised on the written form (plain alif + lām), since keys fold إ and أ
/// into ا: إلكتروني keeps its first letters, الإلكتروني loses two.
pub fn written_bare_key(word: &str) -> Option<String> {
    let k = word_key(word)?;
    let mut letters = word.chars().filter(|c| !normalize::is_ignorable_mark(*c));
    if letters.next() == Some('ا') && letters.next() == Some('ل') && k.len() - 2 >= MIN_BARE {
        return Some(k[2..].to_string());
    }
    Some(k)
}

/// The key of a token after the first one of a phrase: the word with its article
/// taken off (`bare` and `det` as the analyser found them). Words with other
/// proclitics keep their whole key, so they do not continue a phrase.
pub fn inner_key(key: &str, bare: usize, det: bool) -> &str {
    if det && bare == 2 && key.starts_with("Al") {
        &key[2..]
    } else {
        key
    }
}

/// The phrase key of an Arabic phrase (any spelling, vowelled or not): each word's
/// key with the article taken off, joined by spaces. `None` when a word is not
/// Arabic, a word is a single letter, or the phrase has three letters or fewer.
pub fn phrase_key(phrase: &str) -> Option<String> {
    let mut out = String::new();
    for word in phrase.split_whitespace() {
        let bare = written_bare_key(word)?;
        if bare.len() < MIN_BARE {
            return None;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&bare);
    }
    if letters(&out) <= 3 {
        return None;
    }
    Some(out)
}

/// Heuristic proclitic split for a word the analyser did not know: the article
/// when present, the conjunction/preposition only in front of the article (where
/// it cannot be part of the word). Returns `(bare start, has the article)`.
pub fn guess_prefix(key: &str) -> (usize, bool) {
    for (start, det) in proclitic_splits(key) {
        if det {
            return (start, true);
        }
    }
    (0, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let k = word_key("للخلافة").unwrap();
        assert!(proclitic_splits(&k).contains(&(2, true)), "{:?}", proclitic_splits(&k));
        let k = word_key("والفضاء").unwrap();
        assert_eq!(&k[proclitic_splits(&k).iter().find(|s| s.1).unwrap().0..], word_key("فضاء").unwrap());
        let k = word_key("وزير").unwrap();
        assert_eq!(proclitic_splits(&k)[0], (0, false));
        assert_eq!(guess_prefix(&k), (0, false));
        assert_eq!(guess_prefix(&word_key("بالإنترنت").unwrap()), (3, true));
    }

    #[test]
    fn phrase_keys() {
        assert_eq!(phrase_key("الشَّرق الأوسط"), phrase_key("شرق أوسط"));
        assert_eq!(phrase_key("دعاية لـ"), None);
        assert_eq!(phrase_key("ما"), None);
        assert_eq!(phrase_key("الذي"), None);
        assert_eq!(phrase_key("triped المغناطيسي"), None);
        assert!(phrase_key("مكافحة الإرهاب").is_some());
        assert_eq!(phrase_key("الفضاء الإلكتروني"), phrase_key("فضاء إلكتروني"));
        assert_eq!(phrase_key("إلكتروني").as_deref(), Some("Alktrwny"));
    }
}
