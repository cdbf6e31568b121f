//! English renderings of names the gazetteer does not know.
//!
//! Arabic script writes no short vowels and no doubled consonants, and one letter
//! stands for several Latin ones (ف is f or v, ك is k, c or ck, و is w, o or u). For a
//! foreign name such as مينيتي or كويليام the right spelling is one of many; this
//! module walks the lattice of spellings a letter can stand for (with optional
//! vowels between consonants) and keeps only paths that are prefixes of a real
//! English personal name (US census given names and surnames, in the gazetteer), so
//! مينيتي becomes "Minniti" and كويليام "Quilliam". A name with no such match falls
//! back to rules: Arabic names get the news romanisation (بغدادي → Baghdadi, أعماق
//! → Amaq), foreign-looking ones a vowelled spelling (فوتل → Fotel).

use super::gazetteer::{rank_cost, GazKind, Gazetteer, NameTrie};

/// Letters that only occur in names of Arabic origin (no foreign sound maps to them
/// in common transliteration).
fn is_arabic_only(c: char) -> bool {
    // غ is left out: it writes the g of foreign names (غيرهارد, لاغارد)
    matches!(c, 'ع' | 'ح' | 'ص' | 'ض' | 'ط' | 'ظ' | 'ق' | 'ث' | 'ذ' | 'ة' | 'ء' | 'ؤ' | 'ئ')
}

fn is_vowel_latin(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Spellings a letter can stand for in a foreign name, with a cost (0 = usual).
fn options(c: char, initial: bool, fin: bool) -> &'static [(&'static str, f32)] {
    match c {
        'ا' if initial => &[("a", 0.0), ("e", 0.8), ("i", 0.9), ("o", 1.2), ("ha", 2.0)],
        'ا' => &[("a", 0.0), ("e", 1.2), ("o", 1.8), ("aa", 2.0)],
        'و' if initial => &[("w", 0.0), ("v", 0.8), ("o", 1.5), ("u", 1.8)],
        'و' => &[("o", 0.0), ("u", 0.3), ("w", 0.6), ("oh", 0.7), ("v", 0.9), ("ou", 1.2), ("oo", 1.4), ("ow", 1.6), ("au", 1.8)],
        'ي' if initial => &[("y", 0.0), ("i", 1.0), ("j", 1.8)],
        'ي' if fin => &[("i", 0.0), ("y", 0.2), ("ie", 0.5), ("ey", 0.9), ("ee", 1.2), ("e", 1.3), ("ei", 1.5)],
        'ي' => &[("i", 0.0), ("y", 0.5), ("e", 0.9), ("ee", 1.3), ("ie", 1.4), ("ey", 1.6), ("ai", 1.8), ("ei", 1.8)],
        'ب' => &[("b", 0.0), ("p", 1.0), ("bb", 1.3)],
        'ت' => &[("t", 0.0), ("tt", 0.5), ("th", 1.5)],
        'ث' => &[("th", 0.0), ("s", 1.5)],
        'ج' => &[("j", 0.0), ("g", 0.4), ("ge", 1.3), ("dg", 1.8)],
        'ح' => &[("h", 0.0)],
        'خ' => &[("kh", 0.0), ("ch", 1.0), ("h", 1.5)],
        'د' => &[("d", 0.0), ("dd", 1.3)],
        'ذ' => &[("dh", 0.0), ("th", 0.5), ("z", 1.0)],
        'ر' => &[("r", 0.0), ("rr", 0.5)],
        'ز' => &[("z", 0.0), ("s", 0.6), ("zz", 1.5)],
        'س' => &[("s", 0.0), ("ss", 0.5), ("c", 1.0), ("ce", 1.8)],
        'ش' => &[("sh", 0.0), ("ch", 0.9), ("sch", 1.8)],
        'ص' => &[("s", 0.0), ("ss", 1.5)],
        'ض' => &[("d", 0.0)],
        'ط' => &[("t", 0.0), ("tt", 1.0)],
        'ظ' => &[("z", 0.0)],
        'ع' => &[("", 0.0), ("a", 0.8)],
        'غ' => &[("g", 0.0), ("gh", 0.3)],
        'ف' => &[("f", 0.0), ("v", 0.6), ("ph", 0.9), ("ff", 1.4)],
        'ق' => &[("q", 0.0), ("k", 0.5), ("c", 0.9)],
        'ك' => &[("k", 0.0), ("c", 0.25), ("ck", 1.0), ("ch", 1.5), ("q", 1.5)],
        'ل' => &[("l", 0.0), ("ll", 0.5)],
        'م' => &[("m", 0.0), ("mm", 0.5)],
        'ن' => &[("n", 0.0), ("nn", 0.5)],
        'ه' if fin => &[("h", 0.0), ("a", 0.4), ("e", 0.8), ("ah", 0.8)],
        'ه' => &[("h", 0.0), ("", 1.5)],
        'ة' => &[("a", 0.0), ("ah", 0.5), ("e", 1.0)],
        'ء' | 'ؤ' | 'ئ' => &[("", 0.0)],
        _ => &[],
    }
}

/// Digraphs of foreign names: two letters, one sound.
fn digraph(a: char, b: char) -> &'static [(&'static str, f32)] {
    match (a, b) {
        ('ت', 'ش') => &[("ch", 0.0), ("tch", 0.8)],
        ('د', 'ج') => &[("j", 0.0), ("dg", 0.8)],
        ('ك', 'س') => &[("x", 0.4)],
        ('ك', 'و') => &[("qu", 0.5)],
        ('ي', 'ي') => &[("i", 0.3), ("ee", 0.5)],
        _ => &[],
    }
}

/// Vowels that may be inserted between two consonants, with their costs.
const INSERT: [(u8, f32); 5] = [(b'e', 0.5), (b'a', 0.6), (b'i', 0.9), (b'o', 1.0), (b'u', 1.2)];

/// The search walks the trie of English names ([`NameTrie`]) along with the
/// spelling it builds, so a spelling that no name starts with is dropped at once,
/// and the budget (one unit per spelling it extends) bounds the work on long
/// words.
///
/// It is a depth-first search that keeps the first spelling of least cost, and
/// it drops a spelling (without spending budget on it) when no name it leads to
/// could replace the best so far ([`Search::hopeless`]): one that could not
/// score below the best (or while there is none, the acceptance threshold of
/// [`match_english_name`], 6 + 0.35 per letter), or could not spell the rest of
/// the word. Since `best` is only replaced by a strictly lower total, dropping
/// such spellings changes nothing the search finds, only how little it spends:
/// at every point of its order it has spent at most what the search before these
/// bounds spent (a unit for every spelling some name starts with, down to those
/// that reached the best cost). So where that search did not run out of budget
/// the answer is the same: the first path of least cost, in the same order. It
/// never did on the newswire corpus or the seed article (at most 355 of the
/// 2,500 units, over all their word forms, bare and with the article or
/// proclitics stripped), nor on about 280,000 random strings of 3 to 18 letters
/// (at most 496; the answers were the same too). Where it would, this search
/// reaches at least as far in the same order, so it can only find a better name
/// (a product decision: which steps the budget goes to changes).
struct Search<'a> {
    trie: &'a NameTrie,
    /// The word's letters, looked up once per word rather than on every step,
    /// then one more standing for the end of the word.
    letters: Vec<Letter>,
    /// The letters a complete spelling can end with (a mask, bit 0 for a; all
    /// bits when that is not known), for [`Search::hopeless`].
    last_letters: u32,
    /// The spelling being built: the path's bytes up to its length, which is
    /// passed along the search (so backing out of a path is free), then leftovers
    /// of other paths. It holds lowercase ASCII letters only.
    spelling: Vec<u8>,
    /// The cost of `best`, or while there is none, just above the acceptance
    /// threshold (compared on every step: a path that reaches it is pruned).
    best_cost: f32,
    /// The best spelling so far, if any.
    best: Option<Vec<u8>>,
    budget: usize,
}

/// What the search needs of one letter of the word.
#[derive(Clone, Copy)]
struct Letter {
    /// Its spellings ([`options`]).
    singles: &'static [(&'static str, f32)],
    /// Those of the digraph it makes with the next letter ([`digraph`]).
    pairs: &'static [(&'static str, f32)],
    /// The fewest bytes that it and the letters after it can be spelled with
    /// (at most 255), for [`Search::hopeless`].
    fewest_bytes: u8,
}

impl Search<'_> {
    /// Scores the spelling of length `len` (whose trie node is `node`) when it is
    /// a listed name.
    fn finish(&mut self, len: usize, node: u32, extra: f32, cost: f32) {
        if let Some(rank) = self.trie.rank(node) {
            let total = cost + extra + rank_cost(rank);
            if total < self.best_cost {
                self.best_cost = total;
                let best = self.best.get_or_insert_with(Vec::new);
                best.clear();
                best.extend_from_slice(&self.spelling[..len]);
            }
        }
    }

    /// True when no name through `node` (reached with the spelling cost `cost`,
    /// letters `i..` still to spell) could replace the best:
    /// - its total would not be below the best's: the spelling cost only grows
    ///   (every option and inserted vowel costs ≥ 0), and [`Search::finish`]
    ///   adds the silent e's cost (≥ 0) and the name's rank cost, at least the
    ///   least of the names below the node;
    /// - or none of the names below is long enough for the rest of the word;
    /// - or none ends with a letter a spelling of the word can end with.
    #[inline]
    fn hopeless(&self, i: usize, cost: f32, node: u32) -> bool {
        let below = self.trie.below(node);
        cost + below.least_rank_cost >= self.best_cost
            || below.longest_rest < self.letters[i].fewest_bytes
            || below.last_letters & self.last_letters == 0
    }

    /// Puts byte `b` at `at` in the spelling (which is at least `at` long: a path
    /// writes its bytes in order, so put the vowel before walking what follows).
    #[inline]
    fn put(&mut self, at: usize, b: u8) {
        match self.spelling.get_mut(at) {
            Some(x) => *x = b,
            None => self.spelling.push(b),
        }
    }

    /// The node of `node`'s prefix followed by `s`, if some name starts so;
    /// writes the bytes of `s` that get that far into the spelling from `at` on.
    #[inline]
    fn walk(&mut self, node: u32, at: usize, s: &str) -> Option<u32> {
        let mut node = node;
        for (k, &b) in s.as_bytes().iter().enumerate() {
            node = self.trie.child(node, b)?;
            self.put(at + k, b);
        }
        Some(node)
    }

    /// [`Search::go`] at `next` (the spelling now `len` long), unless hopeless.
    #[inline]
    fn step(&mut self, i: usize, len: usize, cost: f32, next: u32) {
        if !self.hopeless(i, cost, next) {
            self.go(i, len, cost, next);
        }
    }

    /// Extends the spelling of length `len` (some name starts with it; its trie
    /// node is `node`) with the spellings of the letters from `i` on.
    fn go(&mut self, i: usize, len: usize, cost: f32, node: u32) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let prev_cons = len > 0 && !is_vowel_latin(self.spelling[len - 1] as char);
        if i + 1 == self.letters.len() {
            self.finish(len, node, 0.0, cost);
            // a final silent e is common in English spellings
            if prev_cons {
                if let Some(e) = self.trie.child(node, b'e') {
                    self.put(len, b'e');
                    self.finish(len + 1, e, 1.0, cost);
                }
            }
            return;
        }
        // every name from here on goes through `node`: a spelling whose cost
        // rules them all out need not be walked (nor tried after a vowel, which
        // only costs more). The best may improve during the loop, so this is
        // asked of each spelling.
        let least = self.trie.below(node).least_rank_cost;
        let Letter { singles, pairs, .. } = self.letters[i];
        let choices = singles.iter().map(|&(s, k)| (s, k, 1)).chain(pairs.iter().map(|&(s, k)| (s, k, 2)));
        // the nodes after each optional vowel, found once for all the choices, and
        // the letters that follow any of them (a spelling whose first letter is
        // not among these has no vowel before it: no need to try each vowel)
        let mut after_vowel: Option<([Option<u32>; INSERT.len()], u32)> = None;
        for (s, k, step) in choices {
            if cost + k + least >= self.best_cost {
                continue;
            }
            if let Some(next) = self.walk(node, len, s) {
                self.step(i + step, len + s.len(), cost + k, next);
            }
            // optional vowel between a consonant and a consonant
            let Some(&first) = s.as_bytes().first() else { continue };
            if prev_cons && !is_vowel_latin(first as char) {
                let (after, follow) = after_vowel.get_or_insert_with(|| {
                    let after = INSERT.map(|(v, _)| self.trie.child(node, v));
                    (after, after.iter().flatten().fold(0, |m, &a| m | self.trie.letter_mask(a)))
                });
                // spellings are lowercase ASCII letters
                debug_assert!(first.is_ascii_lowercase());
                if *follow & (1 << (first - b'a')) == 0 {
                    continue;
                }
                let after = *after;
                for (&(v, vk), after_v) in INSERT.iter().zip(after) {
                    let Some(after_v) = after_v else { continue };
                    let cost_v = cost + k + vk;
                    // the letters from `i` on are still to spell after the vowel
                    if self.hopeless(i, cost_v, after_v) {
                        continue;
                    }
                    self.put(len, v);
                    if let Some(next) = self.walk(after_v, len + 1, s) {
                        self.step(i + step, len + 1 + s.len(), cost_v, next);
                    }
                }
            }
        }
    }
}

/// The word's letters for [`Search`], with the end of the word after them.
fn search_letters(core: &str) -> Vec<Letter> {
    let chars: Vec<char> = core.chars().collect();
    let n = chars.len();
    let end = Letter { singles: &[], pairs: &[], fewest_bytes: 0 };
    let mut letters = vec![end; n + 1];
    // from the end back: the fewest bytes of what follows are known by then
    for i in (0..n).rev() {
        let singles = options(chars[i], i == 0, i + 1 == n);
        let pairs = if i + 1 < n { digraph(chars[i], chars[i + 1]) } else { &[] };
        // the fewest bytes of each spelling and what must follow it
        let with_rest = |spellings: &'static [(&'static str, f32)], rest: u8| spellings.iter().map(move |(s, _)| rest.saturating_add(s.len() as u8));
        let after_pair = letters.get(i + 2).map_or(0, |l| l.fewest_bytes);
        let fewest_bytes = with_rest(singles, letters[i + 1].fewest_bytes).chain(with_rest(pairs, after_pair)).min().unwrap_or(0);
        letters[i] = Letter { singles, pairs, fewest_bytes };
    }
    letters
}

/// The letters a spelling of the whole word can end with, as for
/// [`Below::last_letters`](super::gazetteer::Below::last_letters): the last of a
/// spelling of the last letter, or of a digraph that ends the word, or the e of
/// a silent e (an inserted vowel always comes before a consonant). All letters
/// when the last letter can be silent.
fn last_letters(letters: &[Letter]) -> u32 {
    let n = letters.len() - 1;
    let last = letters[n - 1].singles.iter().chain(if n >= 2 { letters[n - 2].pairs } else { &[] });
    last.fold(1 << (b'e' - b'a'), |m, (s, _)| match s.as_bytes().last() {
        Some(&b) => m | 1 << (b - b'a'),
        None => u32::MAX,
    })
}

/// The English personal name (lowercase) that the Arabic spelling most likely
/// transliterates, if one is close enough.
pub fn match_english_name(core: &str, gaz: &Gazetteer) -> Option<String> {
    if core.chars().nth(2).is_none() || gaz.name_count() == 0 || core.chars().any(|c| options(c, false, false).is_empty()) {
        return None;
    }
    let letters = search_letters(core);
    let n = letters.len() - 1;
    let trie = gaz.name_trie();
    let root = trie.root()?;
    // accepted when its cost is at most this; a cost can be `< limit.next_up()`
    // only when it is `<= limit`, so `best` is only ever an accepted name
    let limit = 6.0 + 0.35 * n as f32;
    let last_letters = last_letters(&letters);
    let spelling = Vec::with_capacity(4 * n);
    let mut s = Search { trie, letters, last_letters, spelling, best_cost: limit.next_up(), best: None, budget: 2_500 };
    s.step(0, 0, 0.0, root);
    debug_assert!(s.best.is_none() || s.best_cost <= limit);
    // the spelling is ASCII
    s.best.and_then(|b| String::from_utf8(b).ok())
}

fn arabic_consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'ع' => "",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' => "h",
        'ء' | 'ؤ' | 'ئ' => "",
        _ => return None,
    })
}

/// Rule-based romanisation. `arabic` picks the Arabic-name style (short vowel a,
/// long و → u) over the foreign style (inserted e, و → o).
pub fn romanize(core: &str, arabic: bool) -> String {
    let letters: Vec<char> = core.chars().collect();
    let n = letters.len();
    let mut out = String::new();
    // consonants emitted since the last vowel (real or inserted)
    let mut run = 0usize;
    let mut inserted_before_run = false;
    let is_cons = |c: char| !matches!(c, 'ا' | 'و' | 'ي' | 'ة');
    for i in 0..n {
        let c = letters[i];
        let next = letters.get(i + 1).copied();
        let prev = if i > 0 { Some(letters[i - 1]) } else { None };
        match c {
            'ا' => {
                if i == 0 && arabic && next == Some('ل') && n > 3 {
                    out.push('a');
                } else {
                    out.push('a');
                }
                run = 0;
            }
            'و' | 'ي' => {
                let consonantal = i == 0 || matches!(prev, Some('ا')) || next == Some('ا');
                if consonantal {
                    if run >= 1 && !out.ends_with(|ch: char| is_vowel_latin(ch)) && i > 0 && !matches!(prev, Some('ا')) {
                        out.push(if arabic { 'a' } else { 'e' });
                    }
                    out.push(if c == 'و' { 'w' } else { 'y' });
                    run = 1;
                    inserted_before_run = false;
                } else {
                    out.push(match (c, arabic) {
                        ('و', true) => 'u',
                        ('و', false) => 'o',
                        _ => 'i',
                    });
                    run = 0;
                }
            }
            'ة' => {
                out.push('a');
                run = 0;
            }
            _ => {
                let Some(s) = arabic_consonant(c) else { continue };
                if run >= 1 {
                    // between two consonants: open the syllable after a word-initial
                    // consonant, never allow three in a row, and close a foreign word's
                    // last cluster with e (Winter, Fotel)
                    let insert = (run == 1 && i >= 1 && out.chars().count() <= 2 && !inserted_before_run)
                        || run >= 2
                        || (!arabic && next.is_none() && !inserted_before_run);
                    if insert && !s.is_empty() {
                        out.push(if arabic { 'a' } else { 'e' });
                        run = 0;
                        inserted_before_run = true;
                    } else if run >= 1 && !s.is_empty() {
                        inserted_before_run = false;
                    }
                }
                if !s.is_empty() {
                    out.push_str(s);
                    run += 1;
                } else if i == 0 || matches!(prev, Some('ا')) {
                    // initial ع/ء before a consonant: a vowel follows in speech
                    if next.is_some_and(is_cons) && out.is_empty() {
                        out.push('a');
                    }
                }
            }
        }
    }
    capitalize(&out)
}

/// Upper-cases the first letter.
pub fn capitalize(s: &str) -> String {
    let mut it = s.chars();
    match it.next() {
        Some(f) => f.to_uppercase().chain(it).collect(),
        None => String::new(),
    }
}

/// True when a word (normal form, no article) looks like an Arabic name rather than
/// a transliterated foreign one.
pub fn looks_arabic(core: &str) -> bool {
    core.chars().any(is_arabic_only)
}

/// An English spelling of one name word (normal form, article already removed).
/// Order: a given name from the Arabic names list when it is also a known English
/// spelling; a match against the English names; the Arabic names list; rules.
pub fn name_word(core: &str, gaz: &Gazetteer) -> String {
    name_word_with(core, gaz, |c| match_english_name(c, gaz))
}

/// [`name_word`] with the English-name search supplied by the caller (who may
/// memoise [`match_english_name`], the expensive part).
pub fn name_word_with(core: &str, gaz: &Gazetteer, english_match: impl FnOnce(&str) -> Option<String>) -> String {
    name_word_guess(core, gaz, english_match).0
}

/// [`name_word_with`], and whether the spelling is a guess (a romanisation, or
/// the English name the letters come closest to) rather than a listed one.
pub fn name_word_guess(core: &str, gaz: &Gazetteer, english_match: impl FnOnce(&str) -> Option<String>) -> (String, bool) {
    // the team's table of usual spellings comes first (غيتس → Gates, حسين → Hussein)
    if let Some(e) = gaz.get_kind(core, GazKind::Spelling) {
        return (e.english.to_string(), false);
    }
    // "-" marks a given name whose listed spelling was too poor to keep
    match gaz.get_kind(core, GazKind::GivenName) {
        // an Arabic given name: its listed spelling, or the Arabic romanisation
        Some(e) if e.english != "-" => (capitalize(&e.english.to_lowercase()), false),
        Some(_) => (romanize(core, true), true),
        None if looks_arabic(core) => (romanize(core, true), true),
        None => match english_match(core) {
            Some(m) => (capitalize(&m), true),
            None => (romanize(core, false), true),
        },
    }
}

/// English letters for an Arabic word from its vocalised Buckwalter form (the
/// lexicon's stems and suffixes: `musotaqobal`, `{it~ifAq`, `waHod` + `ap`), in
/// the plain style of English news: no marks for ʿayn or hamza, long vowels as
/// short ones, a doubled consonant for shadda, ta marbuta as -a, nisba -iyy as -i
/// (المستقبل → Mustaqbal, الاتفاق → Ittifaq, الوحدة → Wahda, الأهلي → Ahli).
/// Unlike [`romanize`], which guesses the vowels from the letters, the vowels
/// here are the dictionary's. Case endings and tanwin are left out.
pub fn romanize_vocalised(bw: &str) -> String {
    let chars: Vec<char> = bw.chars().collect();
    // drop a final case vowel or tanwin (waHodapu → waHodap; kitAbN → kitAb)
    let mut end = chars.len();
    while end > 1 && matches!(chars[end - 1], 'a' | 'u' | 'i' | 'F' | 'N' | 'K' | 'o') {
        end -= 1;
    }
    let chars = &chars[..end];
    let vowel_or_shadda = |c: Option<&char>| matches!(c, Some('a' | 'u' | 'i' | 'A' | '~' | 'Y' | 'p'));
    let mut out = String::new();
    // the letters the last consonant was written with, for a shadda to double
    let mut last = "";
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1);
        let consonant = match c {
            'b' => "b",
            't' => "t",
            'v' => "th",
            'j' => "j",
            'H' | 'h' => "h",
            'x' => "kh",
            'd' | 'D' => "d",
            '*' => "dh",
            'r' => "r",
            'z' | 'Z' => "z",
            's' | 'S' => "s",
            '$' => "sh",
            'T' => "t",
            'g' => "gh",
            'f' => "f",
            'q' => "q",
            'k' => "k",
            'l' => "l",
            'm' => "m",
            'n' => "n",
            // w and y after their own short vowel lengthen it (uw → u, iy → i)
            'w' if out.ends_with('u') && !vowel_or_shadda(next) => "",
            'y' if out.ends_with('i') && !vowel_or_shadda(next) => "",
            'w' => "w",
            'y' => "y",
            _ => {
                match c {
                    'a' | 'u' | 'i' => out.push(c),
                    // long a (alif, alif maqsura, dagger alif, madda) after its fatha
                    'A' | 'Y' | '`' | '|' if !out.ends_with('a') => out.push('a'),
                    // ta marbuta
                    'p' if !out.ends_with('a') => out.push('a'),
                    // shadda doubles a consonant of one letter (the digraphs stay single)
                    '~' if last.len() == 1 && out.ends_with(last) => {
                        // nisba -iyy at the end reads -i
                        if !(last == "y" && i + 1 == chars.len()) {
                            out.push_str(last)
                        }
                    }
                    // hamza, ʿayn, wasla, sukun: nothing
                    _ => {}
                }
                continue;
            }
        };
        out.push_str(consonant);
        last = consonant;
    }
    // nisba -iyy: the y written before the shadda at the very end
    if out.ends_with("iy") && chars.last() == Some(&'~') {
        out.pop();
    }
    capitalize(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::gazetteer::write;

    fn gaz(names: &[&str]) -> Gazetteer {
        let mut v: Vec<(String, u32)> = names.iter().enumerate().map(|(i, n)| (n.to_string(), i as u32 + 1)).collect();
        v.sort();
        Gazetteer::from_bytes(&write(&[], &v)).unwrap()
    }

    #[test]
    fn finds_english_spellings_of_foreign_names() {
        let g = gaz(&["minniti", "winter", "charlie", "quilliam", "joseph", "marco", "mini", "wint"]);
        assert_eq!(match_english_name("مينيتي", &g).as_deref(), Some("minniti"));
        assert_eq!(match_english_name("وينتر", &g).as_deref(), Some("winter"));
        assert_eq!(match_english_name("تشارلي", &g).as_deref(), Some("charlie"));
        assert_eq!(match_english_name("كويليام", &g).as_deref(), Some("quilliam"));
        assert_eq!(match_english_name("جوزف", &g).as_deref(), Some("joseph"));
        assert_eq!(match_english_name("ماركو", &g).as_deref(), Some("marco"));
        assert_eq!(match_english_name("بغداد", &g), None);
        // a silent last letter: the name ends with what comes before it
        assert_eq!(match_english_name("ربيع", &gaz(&["rabi"])).as_deref(), Some("rabi"));
    }

    #[test]
    fn romanises_by_rule() {
        assert_eq!(romanize("بغدادي", true), "Baghdadi");
        assert_eq!(romanize("اعماق", true), "Amaq");
        assert_eq!(romanize("بكر", true), "Bakr");
        assert_eq!(romanize("فوتل", false), "Fotel");
        assert_eq!(romanize("وينتر", false), "Winter");
    }

    #[test]
    fn romanises_with_the_dictionarys_vowels() {
        for (voc, want) in [
            ("musotaqobal", "Mustaqbal"),         // sukun, no long vowels
            ("{it~ifAq", "Ittifaq"),              // wasla, shadda, long a
            ("waHodap", "Wahda"),                 // ta marbuta
            ("waHodapu", "Wahda"),                // a case ending is left out
            ("qAEidap", "Qaida"),                 // ʿayn written as nothing
            ("dusotuwr", "Dustur"),               // long u
            ("safiyr", "Safir"),                  // long i
            ("&aholiy~", "Ahli"),                 // hamza; nisba -iyy as -i
            ("$amAl", "Shamal"),                  // a digraph
            ("kitAbN", "Kitab"),                  // tanwin
        ] {
            assert_eq!(romanize_vocalised(voc), want, "{voc}");
        }
    }
}
