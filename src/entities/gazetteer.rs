//! The gazetteer: Arabic names of places, nationalities, given names and well-known
//! people and organisations, each with its English name; and a list of English
//! personal names (given names and surnames) that transliteration checks its
//! guesses against.
//!
//! Built by `hashiya-train-ner gazetteer` (see `src/build/gazetteer.rs`) from the
//! pinned registry packages into `build/data/gazetteer.bin`, and read here from bytes.
//!
//! # File format (all integers little-endian)
//!
//! ```text
//! magic  "HSYGAZ02"
//! u32    number of Arabic entries, then per entry:
//!        key (str), english (str), kind (u8), weight (u32)
//! u32    number of English names, then per name (sorted, lowercase ASCII):
//!        name (str), rank (u32; smaller = more common: 10^6 / (1 + share of
//!        people in thousandths of a percent))
//! str  = u16 byte length + UTF-8 bytes
//! ```
//!
//! Keys are in the normal form of [`super::text::normalize`]; multiword keys have
//! their words separated by one space. One key may have several entries (a city
//! that is also a given name).

use std::collections::HashMap;

use crate::error::Error;

/// What a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum GazKind {
    /// A country or territory (CLDR).
    Country = 0,
    /// A city or town (GeoNames).
    City = 1,
    /// A continent or world region.
    Region = 2,
    /// A nationality or people adjective (الإيطالي → Italian).
    Norp = 3,
    /// An Arabic given name (arabic-name-to-en).
    GivenName = 4,
    /// A well-known person (the project's list).
    Person = 5,
    /// A well-known organisation (the project's list).
    Org = 6,
    /// A word that heads an organisation name (وكالة, مركز, وزارة), with its English.
    OrgWord = 7,
    /// A facility or landmark (the project's list).
    Facility = 8,
    /// The usual English spelling of a name word (the team's table,
    /// `data/entities/name-spellings.tsv`: Arabic given and family names,
    /// foreign names as Arabic writes them). Used by the English rendering only:
    /// the features do not see it (the model was trained without it).
    Spelling = 9,
}

impl GazKind {
    /// The number of kinds the features see (kind numbers `0..COUNT`); kinds
    /// from `COUNT` on ([`GazKind::Spelling`]) serve the rendering alone.
    pub const COUNT: usize = 9;

    pub const fn from_u8(b: u8) -> Option<GazKind> {
        Some(match b {
            0 => GazKind::Country,
            1 => GazKind::City,
            2 => GazKind::Region,
            3 => GazKind::Norp,
            4 => GazKind::GivenName,
            5 => GazKind::Person,
            6 => GazKind::Org,
            7 => GazKind::OrgWord,
            8 => GazKind::Facility,
            9 => GazKind::Spelling,
            _ => return None,
        })
    }
    /// Short tag used in features and the project's TSV list.
    pub const fn tag(self) -> &'static str {
        match self {
            GazKind::Country => "country",
            GazKind::City => "city",
            GazKind::Region => "region",
            GazKind::Norp => "norp",
            GazKind::GivenName => "given",
            GazKind::Person => "person",
            GazKind::Org => "org",
            GazKind::OrgWord => "orgword",
            GazKind::Facility => "facility",
            GazKind::Spelling => "spelling",
        }
    }
    pub fn from_tag(s: &str) -> Option<GazKind> {
        (0..=9).filter_map(GazKind::from_u8).find(|k| k.tag() == s)
    }
    /// The entity type this kind of entry names.
    pub fn entity_type(self) -> Option<&'static str> {
        match self {
            GazKind::Country | GazKind::City | GazKind::Region => Some("LOC"),
            GazKind::Norp => Some("NORP"),
            GazKind::Person => Some("PER"),
            GazKind::Org => Some("ORG"),
            GazKind::Facility => Some("FAC"),
            GazKind::GivenName | GazKind::OrgWord | GazKind::Spelling => None,
        }
    }
}

/// The weights of [`GazKind::Spelling`] entries, which say what the word is: an
/// Arabic given name, an Arabic family name, a foreign name, a compound.
pub const SPELLING_GIVEN: u32 = 1;
pub const SPELLING_FAMILY: u32 = 2;
pub const SPELLING_FOREIGN: u32 = 3;
pub const SPELLING_COMPOUND: u32 = 4;

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    pub kind: GazKind,
    pub english: String,
    /// Population for places, 0 otherwise; larger wins on collisions.
    pub weight: u32,
}

/// What a key lists: its entries, and what the feature extractor asks of them,
/// at hand in one lookup without reading the entries.
#[derive(Debug, Default)]
struct Listed {
    facts: KeyFacts,
    entries: Vec<GazEntry>,
}

/// What the feature extractor asks of a gazetteer key ([`Gazetteer::facts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyFacts {
    /// The kinds of its entries, bit `kind as u16` for each.
    pub kinds: u16,
    /// It names a country or region, or a city of 100,000 people or more.
    pub big_place: bool,
    /// The longest key that begins with its words and has more, in words (0
    /// if none). For one word, the longest multiword key it is the first word of;
    /// a multiword match grows word by word while this is more than it has.
    pub longest: u8,
}

/// A map keyed by words. Hashed with rustc-hash's `FxHasher`, which takes a
/// string's bytes eight or sixteen at a time: the keys are Arabic UTF-8 (two bytes
/// a letter), so a byte-at-a-time hash such as FNV cost more than the rest of a
/// lookup. The keys are not attacker-chosen, so a keyed hash is not needed.
pub type WordMap<V> = HashMap<String, V, rustc_hash::FxBuildHasher>;

/// The magic bytes at the start of `gazetteer.bin`.
pub const MAGIC: &[u8; 8] = b"HSYGAZ02";

/// The loaded gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Each key, and each run of a multiword key's first words, with what it
    /// lists.
    keys: WordMap<Listed>,
    /// Keys with entries.
    len: usize,
    /// Longest key length in words.
    max_words: usize,
    /// Sorted lowercase English personal names with their frequency rank.
    names: Vec<(String, u32)>,
    /// The same names as a byte trie, for the transliteration search.
    trie: NameTrie,
}

/// The English names as a byte trie.
///
/// The transliteration search ([`super::translit`]) extends a spelling a few bytes
/// at a time and drops it as soon as no name starts with it. Over the sorted list
/// every such step was two binary searches comparing strings; in the trie it is a
/// bit test and a popcount, which made that search about ten times faster. A node
/// stands for exactly the prefixes that some name has, so "the node exists" means
/// what "the block of names with this prefix is non-empty" meant.
///
/// Flat arrays in breadth-first order keep it compact and quick to build: the
/// children of a node are then consecutive nodes, sorted by byte.
#[derive(Debug, Default)]
pub struct NameTrie {
    /// The children of node `i` are the nodes `first[i]..first[i + 1]`.
    first: Vec<u32>,
    /// The byte on the edge into each node (unused for the root, node 0).
    label: Vec<u8>,
    /// Per node: bit k set when a child has the byte `b'a' + k`, and its first
    /// child with a byte from `b'a'` on. The names are lowercase ASCII, so this
    /// answers nearly every step without a scan; the two sit side by side so a
    /// step reads one place.
    letters: Vec<(u32, u32)>,
    /// The rank of the name that ends at each node, if one does.
    rank: Vec<Option<u32>>,
    /// Per node, what the names that start with its prefix have in common.
    below: Vec<Below>,
}

/// What all the names that start with a node's prefix have in common (every node
/// has at least one): bounds that let the transliteration search drop a spelling
/// that no name it leads to could beat the best so far with, or that none could
/// finish (most spellings the search starts lead nowhere).
#[derive(Debug, Clone, Copy)]
pub struct Below {
    /// The least [`rank_cost`] among them.
    pub least_rank_cost: f32,
    /// Bit k set when one of them ends with the letter `b'a' + k`; all bits when
    /// one ends with a byte other than a..z or is empty, so that a test against
    /// it fails only for a real reason.
    pub last_letters: u32,
    /// The most bytes one of them has after the prefix (at most 255).
    pub longest_rest: u8,
}

/// What a name's frequency adds to the cost of spelling it: log10 of its rank
/// (frequent names are likelier). Defined here so that the trie's bounds
/// ([`Below::least_rank_cost`]) are made from the very values the search adds.
#[inline]
pub fn rank_cost(rank: u32) -> f32 {
    (rank.max(1) as f32).log10()
}

impl NameTrie {
    /// Builds the trie from sorted, distinct names.
    fn build(names: &[(String, u32)]) -> NameTrie {
        let mut t = NameTrie::default();
        if names.is_empty() {
            return t;
        }
        // the names side by side: each level below reads them all in order, and
        // this copy is small enough to stay in cache while the strings are not
        let mut bytes = Vec::new();
        let mut at = Vec::with_capacity(names.len() + 1);
        let ranks: Vec<u32> = names.iter().map(|(_, r)| *r).collect();
        for (n, _) in names {
            at.push(bytes.len());
            bytes.extend_from_slice(n.as_bytes());
        }
        at.push(bytes.len());
        let name = |k: usize| &bytes[at[k]..at[k + 1]];
        // per node, the block of names with its prefix and the prefix length;
        // nodes are numbered in the order their blocks are pushed
        let mut blocks: Vec<(usize, usize, usize)> = vec![(0, names.len(), 0)];
        t.label.push(0);
        let mut i = 0;
        while i < blocks.len() {
            let (mut lo, hi, depth) = blocks[i];
            let first = blocks.len();
            // the prefix itself, when listed, sorts first
            let rank = (name(lo).len() == depth).then(|| ranks[lo]);
            lo += rank.is_some() as usize;
            let (mut letters, mut below) = (0u32, 0);
            while lo < hi {
                let b = name(lo)[depth];
                let mut end = lo + 1;
                while end < hi && name(end)[depth] == b {
                    end += 1;
                }
                if b.is_ascii_lowercase() {
                    letters |= 1 << (b - b'a');
                } else if b < b'a' {
                    below += 1;
                }
                blocks.push((lo, end, depth + 1));
                t.label.push(b);
                lo = end;
            }
            t.first.push(first as u32);
            t.letters.push((letters, (first + below) as u32));
            t.rank.push(rank);
            i += 1;
        }
        t.first.push(blocks.len() as u32);
        t.below = t.summarise();
        t
    }

    /// [`Below`] of every node. Children come after their parent, so one pass
    /// from the last node back sees a node's children before the node.
    fn summarise(&self) -> Vec<Below> {
        let n = self.rank.len();
        let none = Below { least_rank_cost: f32::INFINITY, last_letters: 0, longest_rest: 0 };
        let mut below = vec![none; n];
        // three names in four share the rarest rank: reuse the last rank's cost
        // rather than take a logarithm per name
        let mut last_rank = None;
        for i in (0..n).rev() {
            let mut b = none;
            if let Some(r) = self.rank[i] {
                // the name that is the prefix itself
                b.least_rank_cost = match last_rank {
                    Some((lr, cost)) if lr == r => cost,
                    _ => rank_cost(r),
                };
                last_rank = Some((r, b.least_rank_cost));
                let last = self.label[i];
                b.last_letters = if i > 0 && last.is_ascii_lowercase() { 1 << (last - b'a') } else { u32::MAX };
            }
            for c in &below[self.first[i] as usize..self.first[i + 1] as usize] {
                if c.least_rank_cost < b.least_rank_cost {
                    b.least_rank_cost = c.least_rank_cost;
                }
                b.last_letters |= c.last_letters;
                b.longest_rest = b.longest_rest.max(c.longest_rest.saturating_add(1));
            }
            below[i] = b;
        }
        below
    }

    /// The node of the empty prefix, or `None` when there are no names.
    pub fn root(&self) -> Option<u32> {
        (!self.rank.is_empty()).then_some(0)
    }

    /// The node of the node's prefix followed by `b`, if some name starts so.
    #[inline]
    pub fn child(&self, node: u32, b: u8) -> Option<u32> {
        let i = node as usize;
        if b.is_ascii_lowercase() {
            let bit = 1u32 << (b - b'a');
            let (m, from) = self.letters[i];
            return (m & bit != 0).then(|| from + (m & (bit - 1)).count_ones());
        }
        // other bytes: not in the census lists, but the file format allows them
        let (a, z) = (self.first[i], self.first[i + 1]);
        self.label[a as usize..z as usize].iter().position(|&x| x == b).map(|k| a + k as u32)
    }

    /// The lowercase ASCII letters that follow the node's prefix in some name, as
    /// a mask (bit 0 for a).
    #[inline]
    pub fn letter_mask(&self, node: u32) -> u32 {
        self.letters[node as usize].0
    }

    /// The node of the node's prefix followed by `s`, if some name starts so.
    #[inline]
    pub fn walk(&self, node: u32, s: &str) -> Option<u32> {
        s.bytes().try_fold(node, |n, b| self.child(n, b))
    }

    /// The rank of the name that is exactly the node's prefix, if listed.
    #[inline]
    pub fn rank(&self, node: u32) -> Option<u32> {
        self.rank[node as usize]
    }

    /// What the names that start with the node's prefix have in common.
    #[inline]
    pub fn below(&self, node: u32) -> Below {
        self.below[node as usize]
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos + n)?;
        self.pos += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.u16()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

/// Writes the gazetteer file (used by the builder).
pub fn write(entries: &[(String, GazEntry)], names: &[(String, u32)]) -> Vec<u8> {
    fn put_str(out: &mut Vec<u8>, s: &str) {
        let b = s.as_bytes();
        let n = b.len().min(u16::MAX as usize);
        out.extend_from_slice(&(n as u16).to_le_bytes());
        out.extend_from_slice(&b[..n]);
    }
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (key, e) in entries {
        put_str(&mut out, key);
        put_str(&mut out, &e.english);
        out.push(e.kind as u8);
        out.extend_from_slice(&e.weight.to_le_bytes());
    }
    out.extend_from_slice(&(names.len() as u32).to_le_bytes());
    for (name, rank) in names {
        put_str(&mut out, name);
        out.extend_from_slice(&rank.to_le_bytes());
    }
    out
}

impl Gazetteer {
    /// Reads `gazetteer.bin` from bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Gazetteer, Error> {
        let bad = |what: &str| {
            Error::data(format!(
                "gazetteer.bin: {what}; the file is corrupt or from another version. Rebuild it with \
                 `cargo run --release --features build-tools --bin hashiya-train-ner -- gazetteer`"
            ))
        };
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(bad("not a Hashiya gazetteer (bad magic bytes)"));
        }
        let mut r = Reader { bytes, pos: 8 };
        let n = r.u32().ok_or_else(|| bad("truncated header"))? as usize;
        // The counts come from the file: reserve no more than its bytes can hold (an entry takes
        // at least 9 bytes, a name 6), so a corrupt count is an error below, not an allocation
        // of gigabytes (found by fuzz/fuzz_targets/data_gazetteer.rs; tests/corrupt_data.rs).
        let mut entries: WordMap<Vec<GazEntry>> = WordMap::with_capacity_and_hasher(n.min(bytes.len() / 9), Default::default());
        let mut max_words = 1;
        for _ in 0..n {
            let (key, english, kind, weight) = (|| Some((r.str()?, r.str()?, r.u8()?, r.u32()?)))().ok_or_else(|| bad("truncated entry"))?;
            let kind = GazKind::from_u8(kind).ok_or_else(|| bad("unknown entry kind"))?;
            if (kind as usize) < GazKind::COUNT {
                max_words = max_words.max(key.split(' ').count());
            }
            entries.entry(key.to_string()).or_default().push(GazEntry { kind, english: english.to_string(), weight });
        }
        // every key whose first word has the article is also found without it
        // (العراق → عراق, الشرق الاوسط → شرق الاوسط), so lookups need not add it
        let mut variants: Vec<(String, Vec<GazEntry>)> = Vec::new();
        for (key, list) in &entries {
            let (first, rest) = key.split_once(' ').map_or((key.as_str(), ""), |(a, b)| (a, b));
            if let Some(core) = first.strip_prefix("ال").filter(|c| c.chars().count() >= 2) {
                let v = if rest.is_empty() { core.to_string() } else { format!("{core} {rest}") };
                variants.push((v, list.clone()));
            }
        }
        for (v, list) in variants {
            let slot = entries.entry(v).or_default();
            for e in list {
                if !slot.iter().any(|x| x.kind == e.kind) {
                    slot.push(e);
                }
            }
        }
        let len = entries.len();
        let mut keys: WordMap<Listed> = WordMap::with_capacity_and_hasher(len, Default::default());
        for (key, entries) in entries {
            // each shorter run of its first words leads to it (for the features:
            // not when the key only spells a name, which they do not see)
            let words = key.split(' ').count().min(u8::MAX as usize) as u8;
            let seen = entries.iter().any(|e| (e.kind as usize) < GazKind::COUNT);
            for (end, _) in key.match_indices(' ').filter(|_| seen) {
                let longest = &mut keys.entry(key[..end].to_string()).or_default().facts.longest;
                *longest = (*longest).max(words);
            }
            let facts = &mut keys.entry(key).or_default();
            for e in entries.iter().filter(|e| (e.kind as usize) < GazKind::COUNT) {
                facts.facts.kinds |= 1 << e.kind as u16;
                facts.facts.big_place |= matches!(e.kind, GazKind::Country | GazKind::Region) || (e.kind == GazKind::City && e.weight >= 100_000);
            }
            facts.entries = entries;
        }
        let m = r.u32().ok_or_else(|| bad("truncated name list"))? as usize;
        let mut names = Vec::with_capacity(m.min((bytes.len() - r.pos) / 6));
        for _ in 0..m {
            let (name, rank) = (|| Some((r.str()?, r.u32()?)))().ok_or_else(|| bad("truncated name list"))?;
            names.push((name.to_string(), rank));
        }
        if r.pos != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        if !names.windows(2).all(|w| w[0].0 < w[1].0) {
            return Err(bad("English names are not sorted"));
        }
        let trie = NameTrie::build(&names);
        Ok(Gazetteer { keys, len, max_words, names, trie })
    }

    /// Entries for a normalised key (one word or several separated by spaces).
    pub fn get(&self, key: &str) -> &[GazEntry] {
        self.keys.get(key).map_or(&[], |l| l.entries.as_slice())
    }

    /// What the feature extractor asks of `key` (all zero when it is not listed).
    #[inline]
    pub fn facts(&self, key: &str) -> KeyFacts {
        self.keys.get(key).map_or_else(KeyFacts::default, |l| l.facts)
    }

    /// The longest key made of a first word's form and the words after it, among
    /// those `accept` takes (given the key and its facts, it returns what to keep
    /// of it). `forms`: the first word's lookup forms in order of preference (the
    /// first wins a tie), each with the most words a key from it can have;
    /// `word(k)`: the k-th word after the first, `None` where the run of words a
    /// key can span ends. A match grows a word at a time while some longer key
    /// begins so ([`KeyFacts::longest`]), rather than trying every length from
    /// the longest down. `key` is room for the keys tried.
    pub fn longest_key<'f, 'w, T>(
        &self,
        forms: impl IntoIterator<Item = (&'f str, usize)>,
        word: impl Fn(usize) -> Option<&'w str>,
        mut accept: impl FnMut(&str, KeyFacts) -> Option<T>,
        key: &mut String,
    ) -> Option<(usize, T)> {
        let mut best: Option<(usize, T)> = None;
        for (form, most) in forms {
            key.clear();
            key.push_str(form);
            let (mut len, mut longest) = (1, most);
            while len < longest {
                let Some(next) = word(len) else { break };
                key.push(' ');
                key.push_str(next);
                len += 1;
                let facts = self.facts(key);
                if best.as_ref().is_none_or(|&(l, _)| len > l) {
                    if let Some(kept) = accept(key, facts) {
                        best = Some((len, kept));
                    }
                }
                longest = facts.longest as usize;
            }
        }
        best
    }

    /// The entry of a kind for a key, if any.
    pub fn get_kind(&self, key: &str, kind: GazKind) -> Option<&GazEntry> {
        self.get(key).iter().find(|e| e.kind == kind)
    }

    /// The longest multiword key starting with this word (0 if none).
    pub fn first_word_max(&self, word: &str) -> usize {
        self.facts(word).longest as usize
    }

    /// Longest key length in words.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Number of Arabic keys.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The frequency rank of an English personal name (lowercase), if listed.
    pub fn name_rank(&self, lower: &str) -> Option<u32> {
        self.names.binary_search_by(|(n, _)| n.as_str().cmp(lower)).ok().map(|i| self.names[i].1)
    }

    /// True when some listed English name starts with `prefix` (lowercase).
    pub fn has_name_prefix(&self, prefix: &str) -> bool {
        let i = self.names.partition_point(|(n, _)| n.as_str() < prefix);
        self.names.get(i).is_some_and(|(n, _)| n.starts_with(prefix))
    }

    /// The English names (lowercase, sorted) with their ranks.
    pub fn names(&self) -> &[(String, u32)] {
        &self.names
    }

    /// Number of English names.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The English names as a byte trie.
    pub fn name_trie(&self) -> &NameTrie {
        &self.trie
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_of_a_keys_first_words_says_how_long_a_key_it_can_grow_into() {
        let entry = |key: &str, kind, weight| (key.to_string(), GazEntry { kind, english: String::new(), weight });
        let entries = vec![
            entry("مجلس الامن الدولي", GazKind::Org, 0),
            entry("مجلس", GazKind::OrgWord, 0),
            entry("الشرق الاوسط", GazKind::Region, 0),
            entry("حمص", GazKind::City, 800_000),
            entry("قرية", GazKind::City, 900),
        ];
        let g = Gazetteer::from_bytes(&write(&entries, &[])).unwrap();
        let facts = |key, kinds: &[GazKind], big_place, longest| (key, KeyFacts { kinds: kinds.iter().fold(0, |m, &k| m | 1 << k as u16), big_place, longest });
        for (key, want) in [
            facts("مجلس", &[GazKind::OrgWord], false, 3),
            facts("مجلس الامن", &[], false, 3),
            facts("مجلس الامن الدولي", &[GazKind::Org], false, 0),
            facts("الشرق", &[], false, 2),
            // a key with the article is found without it too
            facts("شرق", &[], false, 2),
            facts("شرق الاوسط", &[GazKind::Region], true, 0),
            facts("حمص", &[GazKind::City], true, 0),
            facts("قرية", &[GazKind::City], false, 0),
            facts("الامن", &[], false, 0),
        ] {
            assert_eq!(g.facts(key), want, "{key}");
        }
        assert_eq!(g.len(), 6, "keys with entries, not the runs leading to them");
        assert_eq!(g.first_word_max("مجلس"), 3);
    }

    #[test]
    fn round_trips_and_rejects_corruption() {
        let entries = vec![
            ("العراق".to_string(), GazEntry { kind: GazKind::Country, english: "Iraq".into(), weight: 0 }),
            ("الشرق الاوسط".to_string(), GazEntry { kind: GazKind::Region, english: "Middle East".into(), weight: 0 }),
        ];
        let names = vec![("joseph".to_string(), 9), ("winter".to_string(), 1079)];
        let bytes = write(&entries, &names);
        let g = Gazetteer::from_bytes(&bytes).unwrap();
        assert_eq!(g.get("العراق")[0].english, "Iraq");
        assert_eq!(g.max_words(), 2);
        assert_eq!(g.name_rank("winter"), Some(1079));
        assert!(g.has_name_prefix("jos"));
        assert!(!g.has_name_prefix("jz"));
        let err = Gazetteer::from_bytes(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(err.message().contains("gazetteer.bin"), "{}", err.message());
        assert!(Gazetteer::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn name_trie_has_exactly_the_prefixes_of_listed_names() {
        // bytes other than a..z (before and after them) take the trie's slow path
        let mut names: Vec<(String, u32)> = ["", "al", "alan", "alba", "b", "bob", "bobby", "Al", "al-x", "al2", "alé", "al~"].iter().enumerate().map(|(i, n)| (n.to_string(), i as u32 * 7)).collect();
        names.sort();
        let g = Gazetteer::from_bytes(&write(&[], &names)).unwrap();
        let t = g.name_trie();
        let probes = ["", "a", "al", "ala", "alan", "alans", "alb", "alba", "alx", "b", "bo", "bob", "bobb", "bobby", "bobbyx", "c", "z", "A", "Al", "Alan", "al-", "al-x", "al2", "al3", "alé", "al\u{e9}x", "al~", "al~a"];
        for p in probes {
            let node = t.root().and_then(|r| t.walk(r, p));
            assert_eq!(node.is_some(), g.has_name_prefix(p), "{p}");
            assert_eq!(node.and_then(|n| t.rank(n)), g.name_rank(p), "{p}");
        }
        assert!(Gazetteer::from_bytes(&write(&[], &[])).unwrap().name_trie().root().is_none());
    }

    #[test]
    fn name_trie_summarises_the_names_below_each_node() {
        let mut names: Vec<(String, u32)> = ["al", "alan", "alba", "albert", "b", "bob", "bobby", "al-x", "zoe"].iter().zip([50, 7, 1_000_000, 1_000_000, 3, 0, 9, 20, 1_000_000]).map(|(n, r)| (n.to_string(), r)).collect();
        names.sort();
        let g = Gazetteer::from_bytes(&write(&[], &names)).unwrap();
        let t = g.name_trie();
        for p in ["", "a", "al", "alb", "albe", "b", "bo", "bobb", "z", "al-"] {
            let below = t.below(t.walk(t.root().unwrap(), p).unwrap());
            let with: Vec<&(String, u32)> = names.iter().filter(|(n, _)| n.starts_with(p)).collect();
            let least = with.iter().map(|(_, r)| rank_cost(*r)).fold(f32::INFINITY, f32::min);
            assert_eq!(below.least_rank_cost, least, "{p}");
            let longest = with.iter().map(|(n, _)| n.len() - p.len()).max().unwrap();
            assert_eq!(below.longest_rest as usize, longest, "{p}");
            let last = with.iter().fold(0u32, |m, (n, _)| match n.bytes().last() {
                Some(b @ b'a'..=b'z') => m | 1 << (b - b'a'),
                _ => u32::MAX,
            });
            assert_eq!(below.last_letters, last, "{p}");
        }
    }
}
