//! The gazetteer: Arabic names of places, nationalities, given names and well-known
//! people and organisations, each with its English name; and a list of English
//! personal names (given names and surnames) that transliteration checks its
//! guesses against.
//!
//! Built by `hashiya-train-ner gazetteer` (see `src/build/gazetteer.rs`) from the
//! pinned registry packages into `build/data/gazetteer.bin`, and read here where it
//! lies: the loaded gazetteer keeps the file's bytes and reads keys, entries and
//! their English from them when asked. What the lookups need beyond the bytes is
//! made at load in linear passes without a string allocated: the offsets of the
//! strings, an open-addressing index of the keys, and the name trie's child links
//! and summaries (format 3; format 2 was unpacked into hash maps of owned strings
//! and a trie of 33 bytes a node, ~25 MiB of wasm memory). Format 4 packs what
//! compresses badly as fixed-width numbers, and the keys, tighter; they are
//! unpacked at load (the keys' text, the entries' weights and English indexes).
//!
//! # File format 6 (all integers little-endian)
//!
//! The framing of [`crate::datafile`] (magic `"HSYGAZET"`, version 6, checksum over
//! 8-byte words), then:
//!
//! ```text
//! u32 ×6   max words in a key, K keys, E entries, S English strings, N trie
//!          nodes, R distinct ranks
//! front    the K keys (sorted, distinct), front-coded in Arabic-packed text
//!          ([`crate::datafile::read_front_coded`])
//! strings  the S English strings (each once): their UTF-8 bytes, each followed
//!          by a 0 ([`crate::datafile::read_strings`])
//! u8 ×K    per key, its number of entries (the entries follow the keys' order)
//! u8 ×E    per entry, its kind ([`GazKind`])
//! E varints  per entry, its weight
//! E varints  per entry, its English (an index among the S strings), as the
//!          zigzag of its difference from one past the greatest index before it:
//!          the strings are numbered in order of first use, so mostly 0
//! u32 ×R   the ranks of the English names (distinct), in order of use: the
//!          rank of the most names first
//! u8 ×N    per trie node in breadth-first order, the byte on the edge into it
//! u8 ×N    per node, its number of children
//! u8 ×⌈M/8⌉  per node with children (M of them, in order), bit i % 8 of byte
//!          i / 8 set when a name ends at the i-th; a name ends at every node
//!          without children (a trie node lies on the way to a name)
//! n varints  per node where a name ends (n: the nodes without children and
//!          the bits set), the place of its rank among the R
//! ```
//!
//! Made at load rather than stored (format 5 stored them): each key's facts
//! ([`KeyFacts::kinds`], [`KeyFacts::big_place`]) from its entries' kinds and
//! weights, and [`KeyFacts::longest`] from the keys (every run of a key's first
//! words is a key; 19 KB gzipped together).
//!
//! Against format 3 (u32 weights and English indexes, a u16 rank index per node,
//! the keys as plain UTF-8), gzipped: the keys 167 → 109 KB, the English indexes
//! 47 → 17 KB, the weights 55 → 47 KB, the ranks 66 → 54 KB. Format 5 leaves out
//! the end bits of the nodes without children (74,334 of the 223,490 nodes; each ends
//! a name): the bits, in breadth-first order nearly random, 27 → 11 KB. Format 6:
//! the strings ended by a 0 instead of a column of lengths (the English 126 → 116
//! KB), the front-coded keys' shared lengths apart from their text (the keys 112 →
//! 97 KB), the facts made at load, the ranks in order of use (27 → 24 KB).
//!
//! Keys are in the normal form of [`super::text::normalize`]; multiword keys have
//! their words separated by one space. One key may have several entries (a city
//! that is also a given name). The writer adds what the old loader derived: every
//! key whose first word has the article is also listed without it (العراق → عراق),
//! and every run of a multiword key's first words is a key (with no entries of its
//! own unless listed) whose facts say how long a key it can grow into. The English
//! names (lowercase; a rank is smaller for a commoner name: 10^6 / (1 + share of
//! people in thousandths of a percent)) are stored as their byte trie.


use crate::datafile::{
    fnv1a_words, frame_with, push_varint, read_front_coded, read_strings, read_varint, unframe_with, write_front_coded,
    write_strings, FrameError, StringsError,
};
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
    /// The country of the city a country's name also names, when that is another
    /// country (عمان: the country Oman and Amman, a city of Jordan; the entry's
    /// English is "Jordan"). Used by the rendering alone, to tell the two apart
    /// by the text's other places and nationalities.
    CityCountry = 10,
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
            10 => GazKind::CityCountry,
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
            GazKind::CityCountry => "citycountry",
        }
    }
    pub fn from_tag(s: &str) -> Option<GazKind> {
        (0..=10).filter_map(GazKind::from_u8).find(|k| k.tag() == s)
    }
    /// The entity type this kind of entry names.
    pub fn entity_type(self) -> Option<&'static str> {
        match self {
            GazKind::Country | GazKind::City | GazKind::Region => Some("LOC"),
            GazKind::Norp => Some("NORP"),
            GazKind::Person => Some("PER"),
            GazKind::Org => Some("ORG"),
            GazKind::Facility => Some("FAC"),
            GazKind::GivenName | GazKind::OrgWord | GazKind::Spelling | GazKind::CityCountry => None,
        }
    }
}

/// The weights of [`GazKind::Spelling`] entries, which say what the word is: an
/// Arabic given name, an Arabic family name, a foreign name, a compound.
pub const SPELLING_GIVEN: u32 = 1;
pub const SPELLING_FAMILY: u32 = 2;
pub const SPELLING_FOREIGN: u32 = 3;
pub const SPELLING_COMPOUND: u32 = 4;


/// One gazetteer entry, read from the file's bytes (the builder makes them with
/// its own strings: the English is borrowed either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazEntry<'g> {
    pub kind: GazKind,
    pub english: &'g str,
    /// Population for places, 0 otherwise; larger wins on collisions.
    pub weight: u32,
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

/// The bit of [`KeyFacts::big_place`] in the facts made at load.
const BIG_PLACE: u16 = 1 << 15;

/// A key's [`KeyFacts::kinds`] and [`KeyFacts::big_place`], from its entries: the
/// builder's rule, applied by the loader (the file does not store them).
fn kinds_of<'g>(entries: impl Iterator<Item = GazEntry<'g>>) -> (u16, bool) {
    let (mut kinds, mut big_place) = (0u16, false);
    for e in entries.filter(|e| (e.kind as usize) < GazKind::COUNT) {
        kinds |= 1 << e.kind as u16;
        big_place |= matches!(e.kind, GazKind::Country | GazKind::Region) || (e.kind == GazKind::City && e.weight >= 100_000);
    }
    (kinds, big_place)
}

/// The magic bytes at the start of `gazetteer.bin`, and its format version.
pub const MAGIC: &[u8; 8] = b"HSYGAZET";
pub const VERSION: u32 = 6;
/// Format 2's magic, named in the error a stale file gets.
const MAGIC_2: &[u8; 8] = b"HSYGAZ02";

/// The entries of one key: an iterator over them, read from the file.
#[derive(Debug, Clone)]
pub struct Entries<'g> {
    gaz: &'g Gazetteer,
    at: std::ops::Range<usize>,
}

impl<'g> Entries<'g> {
    /// The same entries again (callers written for a slice say `.iter()`).
    pub fn iter(&self) -> Entries<'g> {
        self.clone()
    }
}

impl<'g> Iterator for Entries<'g> {
    type Item = GazEntry<'g>;
    #[inline]
    fn next(&mut self) -> Option<GazEntry<'g>> {
        let j = self.at.next()?;
        Some(self.gaz.entry(j))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.at.size_hint()
    }
}

impl ExactSizeIterator for Entries<'_> {}

/// A fixed-width column of the file: where it starts (in the whole file's bytes).
#[derive(Debug, Clone, Copy, Default)]
struct Col(usize);

impl Col {
    #[inline]
    fn u8(self, b: &[u8], i: usize) -> u8 {
        b[self.0 + i]
    }
    #[inline]
    fn u32(self, b: &[u8], i: usize) -> u32 {
        let a = self.0 + 4 * i;
        u32::from_le_bytes([b[a], b[a + 1], b[a + 2], b[a + 3]])
    }
}

/// The loaded gazetteer: the file's bytes, and the indexes made over them at load.
#[derive(Debug)]
pub struct Gazetteer {
    /// The whole file.
    bytes: Vec<u8>,
    /// The keys' text (unpacked at load), and the offset of each key's end in it
    /// (K + 1 offsets, the first 0).
    key_text: Vec<u8>,
    key_ends: Vec<u32>,
    /// Offsets in `bytes` of each English string's start, and of the end of the last.
    str_at: Vec<u32>,
    /// Per key, its first entry; one more at the end (the number of entries).
    entry_first: Vec<u32>,
    /// Per key, its facts' kinds and [`BIG_PLACE`] bit (made at load from its entries).
    facts: Vec<u16>,
    /// Per key, [`KeyFacts::longest`] (made at load from the keys).
    longest: Vec<u8>,
    kind: Col,
    /// Per entry, its weight and its English string's index (unpacked at load).
    weight: Vec<u32>,
    english: Vec<u32>,
    /// Open addressing over the keys: per slot 0 (free) or the key's hash's high
    /// 32 bits and its index + 1 in the low 32, so most lookups of a key the
    /// gazetteer lacks end at the slot without reading a key's bytes.
    index: Vec<u64>,
    /// Keys with entries.
    len: usize,
    /// Longest key length in words.
    max_words: usize,
    /// The English names as a byte trie.
    trie: NameTrie,
}

impl Default for Gazetteer {
    /// An empty gazetteer.
    fn default() -> Gazetteer {
        Gazetteer::from_vec(write(&[], &[])).expect("the empty gazetteer reads")
    }
}

/// The keys' hash (made at load only, so any fast hash serves).
#[inline]
fn hash_key(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(key);
    h.finish()
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
/// Flat arrays in breadth-first order: the children of a node are consecutive
/// nodes, sorted by byte. The file holds each node's byte, number of children and
/// rank; the links and the summaries are made from them at load (16 bytes a node).
#[derive(Debug, Default)]
pub struct NameTrie {
    /// The children of node `i` are the nodes `first[i]..first[i + 1]`.
    first: Vec<u32>,
    /// The byte on the edge into each node (unused for the root, node 0).
    label: Vec<u8>,
    /// Per node: bit k set when a child has the byte `b'a' + k` (bits 0..26), and
    /// in the top 6 bits the number of its children with a byte before `b'a'`, so
    /// that its first child from `b'a'` on is `first[i]` plus that. The names are
    /// lowercase ASCII, so this answers nearly every step without a scan.
    letters: Vec<u32>,
    /// The index in `ranks` of the rank of the name that ends at each node, or
    /// [`NO_RANK`].
    rank: Vec<u16>,
    /// The distinct ranks, increasing, and the [`rank_cost`] of each.
    ranks: Vec<u32>,
    costs: Vec<f32>,
    /// Per node, [`Below`]: the index of the least rank below it ([`NO_RANK`] for
    /// none), and its last letters (bits 0..26, bit 26 for any other last byte) with
    /// its longest rest (bits 27..32).
    below_rank: Vec<u16>,
    below_bits: Vec<u32>,
    /// The number of names (nodes with a rank).
    names: usize,
}

/// No rank: no name ends at the node.
const NO_RANK: u16 = u16::MAX;
const LETTERS: u32 = (1 << 26) - 1;
/// In [`NameTrie::below_bits`]: a name below ends with a byte other than a..z.
const OTHER_LAST: u32 = 1 << 26;
/// The most bytes a name may have after a node's prefix ([`Below::longest_rest`]
/// is kept in 5 bits).
const MAX_REST: u8 = 31;

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
    /// The most bytes one of them has after the prefix (at most 31).
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
            let m = self.letters[i];
            return (m & bit != 0).then(|| self.first[i] + (m >> 26) + (m & (bit - 1)).count_ones());
        }
        // other bytes: not in the census lists, but the file format allows them
        let (a, z) = (self.first[i], self.first[i + 1]);
        self.label[a as usize..z as usize].iter().position(|&x| x == b).map(|k| a + k as u32)
    }

    /// The lowercase ASCII letters that follow the node's prefix in some name, as
    /// a mask (bit 0 for a).
    #[inline]
    pub fn letter_mask(&self, node: u32) -> u32 {
        self.letters[node as usize] & LETTERS
    }

    /// The node of the node's prefix followed by `s`, if some name starts so.
    #[inline]
    pub fn walk(&self, node: u32, s: &str) -> Option<u32> {
        s.bytes().try_fold(node, |n, b| self.child(n, b))
    }

    /// The rank of the name that is exactly the node's prefix, if listed.
    #[inline]
    pub fn rank(&self, node: u32) -> Option<u32> {
        let r = self.rank[node as usize];
        (r != NO_RANK).then(|| self.ranks[r as usize])
    }

    /// What the names that start with the node's prefix have in common.
    #[inline]
    pub fn below(&self, node: u32) -> Below {
        let (r, bits) = (self.below_rank[node as usize], self.below_bits[node as usize]);
        Below {
            least_rank_cost: if r == NO_RANK { f32::INFINITY } else { self.costs[r as usize] },
            last_letters: if bits & OTHER_LAST != 0 { u32::MAX } else { bits & LETTERS },
            longest_rest: (bits >> 27) as u8,
        }
    }

    /// Makes the links and summaries from the file's columns: each node's byte,
    /// number of children and rank index, in breadth-first order.
    fn from_columns(label: &[u8], children: &[u8], rank: Vec<u16>, ranks: Vec<u32>) -> Result<NameTrie, &'static str> {
        let n = label.len();
        let mut t = NameTrie { costs: ranks.iter().map(|&r| rank_cost(r)).collect(), ranks, ..NameTrie::default() };
        if n == 0 {
            return Ok(t);
        }
        if rank.iter().any(|&r| r != NO_RANK && r as usize >= t.ranks.len()) {
            return Err("a name's rank is out of range");
        }
        // children come after their parent, consecutive and sorted by byte: checked
        // here, so that walks end and the letter masks count right
        t.first = Vec::with_capacity(n + 1);
        t.letters = Vec::with_capacity(n);
        let mut next = 1usize;
        for i in 0..n {
            let c = children[i] as usize;
            if c > 0 && next <= i {
                return Err("the name trie's links run backwards");
            }
            if next + c > n {
                return Err("the name trie has more children than nodes");
            }
            t.first.push(next as u32);
            let kids = &label[next..next + c];
            if !kids.windows(2).all(|w| w[0] < w[1]) {
                return Err("the name trie's children are not sorted");
            }
            let before = kids.iter().take_while(|&&b| b < b'a').count();
            if before > 63 {
                return Err("a trie node has too many children before 'a'");
            }
            let mask = kids.iter().filter(|b| b.is_ascii_lowercase()).fold(0, |m, &b| m | 1 << (b - b'a'));
            t.letters.push(mask | (before as u32) << 26);
            next += c;
        }
        if next != n {
            return Err("the name trie has nodes no link reaches");
        }
        t.first.push(n as u32);
        // the summaries, from the last node back: a node's children before it
        t.below_rank = vec![NO_RANK; n];
        t.below_bits = vec![0; n];
        for i in (0..n).rev() {
            let (mut least, mut last, mut longest) = (rank[i], 0u32, 0u8);
            if least != NO_RANK {
                let b = label[i];
                last = if i > 0 && b.is_ascii_lowercase() { 1 << (b - b'a') } else { OTHER_LAST };
            }
            for c in t.first[i] as usize..t.first[i + 1] as usize {
                // ranks are increasing: the least index is the least rank's cost
                least = least.min(t.below_rank[c]);
                last |= t.below_bits[c] & (LETTERS | OTHER_LAST);
                longest = longest.max((t.below_bits[c] >> 27) as u8 + 1);
            }
            if longest > MAX_REST {
                return Err("a name is longer than 31 bytes");
            }
            t.below_rank[i] = least;
            t.below_bits[i] = last | (longest as u32) << 27;
        }
        t.label = label.to_vec();
        t.names = rank.iter().filter(|&&r| r != NO_RANK).count();
        t.rank = rank;
        Ok(t)
    }

}

/// `*n`, then adds one to it.
fn post_inc(n: &mut usize) -> usize {
    *n += 1;
    *n - 1
}

/// The name trie's columns for the file, from sorted, distinct names: per node in
/// breadth-first order its byte, its number of children, and its name's rank.
fn trie_columns(names: &[(&str, u32)]) -> (Vec<u8>, Vec<u8>, Vec<Option<u32>>) {
    let (mut label, mut children, mut rank) = (Vec::new(), Vec::new(), Vec::new());
    if names.is_empty() {
        return (label, children, rank);
    }
    let name = |k: usize| names[k].0.as_bytes();
    // per node, the block of names with its prefix and the prefix length; nodes
    // are numbered in the order their blocks are pushed
    let mut blocks: Vec<(usize, usize, usize)> = vec![(0, names.len(), 0)];
    label.push(0);
    let mut i = 0;
    while i < blocks.len() {
        let (mut lo, hi, depth) = blocks[i];
        let before = blocks.len();
        // the prefix itself, when listed, sorts first
        let r = (name(lo).len() == depth).then(|| names[lo].1);
        lo += r.is_some() as usize;
        while lo < hi {
            let b = name(lo)[depth];
            let mut end = lo + 1;
            while end < hi && name(end)[depth] == b {
                end += 1;
            }
            blocks.push((lo, end, depth + 1));
            label.push(b);
            lo = end;
        }
        children.push(u8::try_from(blocks.len() - before).expect("at most 255 children a trie node"));
        rank.push(r);
        i += 1;
    }
    (label, children, rank)
}

/// Writes the gazetteer file (used by the builder): `entries` as listed (a key
/// may come more than once, its entries in that order), `names` the English
/// personal names (lowercase) with their ranks, in any order (a repeated name
/// keeps its first rank). Does what the loader of format 2 did at load: the
/// article-less keys, the runs of a key's first words, each key's facts.
pub fn write(entries: &[(String, GazEntry<'_>)], names: &[(String, u32)]) -> Vec<u8> {
    use std::collections::BTreeMap;
    let mut by_key: BTreeMap<&str, Vec<GazEntry>> = BTreeMap::new();
    let mut max_words = 1;
    for (key, e) in entries {
        if (e.kind as usize) < GazKind::COUNT {
            max_words = max_words.max(key.split(' ').count());
        }
        by_key.entry(key.as_str()).or_default().push(*e);
    }
    // every key whose first word has the article is also found without it
    // (العراق → عراق, الشرق الاوسط → شرق الاوسط), so lookups need not add it
    let mut variants: Vec<(String, Vec<GazEntry>)> = Vec::new();
    for (key, list) in &by_key {
        let (first, rest) = key.split_once(' ').unwrap_or((key, ""));
        if let Some(core) = first.strip_prefix("ال").filter(|c| c.chars().count() >= 2) {
            let v = if rest.is_empty() { core.to_string() } else { format!("{core} {rest}") };
            variants.push((v, list.clone()));
        }
    }
    let mut owned: BTreeMap<String, Vec<GazEntry>> = by_key.into_iter().map(|(k, l)| (k.to_string(), l)).collect();
    for (v, list) in variants {
        let slot = owned.entry(v).or_default();
        for e in list {
            if !slot.iter().any(|x| x.kind == e.kind) {
                slot.push(e);
            }
        }
    }
    // the keys with their facts; each shorter run of a key's first words leads to it
    // (for the features: not when the key only spells a name, which they do not see)
    let len = owned.len();
    let mut keys: BTreeMap<String, (KeyFacts, Vec<GazEntry>)> = BTreeMap::new();
    for (key, list) in owned {
        let words = key.split(' ').count().min(u8::MAX as usize) as u8;
        let seen = list.iter().any(|e| (e.kind as usize) < GazKind::COUNT);
        for (end, _) in key.match_indices(' ').filter(|_| seen) {
            let longest = &mut keys.entry(key[..end].to_string()).or_default().0.longest;
            *longest = (*longest).max(words);
        }
        let slot = keys.entry(key).or_default();
        (slot.0.kinds, slot.0.big_place) = kinds_of(list.iter().copied());
        slot.1 = list;
    }
    debug_assert!(keys.values().filter(|(_, l)| !l.is_empty()).count() == len);
    // the English strings, each once, in order of first use
    let mut english: Vec<&str> = Vec::new();
    let mut english_ix: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut entry_english = Vec::new();
    for (_, list) in keys.values() {
        for e in list {
            let ix = *english_ix.entry(e.english).or_insert_with(|| {
                english.push(e.english);
                english.len() as u32 - 1
            });
            entry_english.push(ix);
        }
    }
    let mut names: Vec<(&str, u32)> = names.iter().map(|(n, r)| (n.as_str(), *r)).collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    names.dedup_by(|b, a| a.0 == b.0);
    let (label, children, rank) = trie_columns(&names);
    let mut ranks: Vec<u32> = rank.iter().flatten().copied().collect();
    ranks.sort_unstable();
    ranks.dedup();
    assert!(ranks.len() < NO_RANK as usize, "more distinct name ranks than the format holds");

    let mut out = Vec::new();
    let u32s = |out: &mut Vec<u8>, xs: &mut dyn Iterator<Item = u32>| xs.for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
    let n_entries = keys.values().map(|(_, l)| l.len()).sum::<usize>();
    u32s(&mut out, &mut [max_words, keys.len(), n_entries, english.len(), label.len(), ranks.len()].into_iter().map(|n| n as u32));
    write_front_coded(&mut out, &keys.keys().collect::<Vec<_>>());
    write_strings(&mut out, &english);
    debug_assert!(keys.values().all(|(f, l)| (f.kinds, f.big_place) == kinds_of(l.iter().copied())));
    out.extend(keys.values().map(|(_, l)| u8::try_from(l.len()).expect("at most 255 entries a key")));
    let all = || keys.values().flat_map(|(_, l)| l.iter());
    out.extend(all().map(|e| e.kind as u8));
    all().for_each(|e| push_varint(&mut out, e.weight as u64));
    let mut next = 0i64;
    for ix in entry_english {
        let d = ix as i64 - next;
        push_varint(&mut out, if d >= 0 { 2 * d as u64 } else { (-2 * d - 1) as u64 });
        next = next.max(ix as i64 + 1);
    }
    // the ranks in order of use, the commonest first, so that a node's is mostly a
    // one-byte varint (75 % of the names have the commonest rank): 27 → 24 KB gzipped
    // against a u16 index into the increasing ranks
    let mut uses = vec![0usize; ranks.len()];
    for r in rank.iter().flatten() {
        uses[ranks.binary_search(r).unwrap()] += 1;
    }
    let mut by_use: Vec<usize> = (0..ranks.len()).collect();
    by_use.sort_by_key(|&k| (std::cmp::Reverse(uses[k]), k));
    let mut place = vec![0u32; ranks.len()];
    for (p, &k) in by_use.iter().enumerate() {
        place[k] = p as u32;
    }
    u32s(&mut out, &mut by_use.iter().map(|&k| ranks[k]));
    out.extend_from_slice(&label);
    out.extend_from_slice(&children);
    // end bits for the nodes with children only: every other node ends a name
    let inner: Vec<bool> = rank.iter().zip(&children).filter(|&(r, &c)| {
        assert!(c > 0 || r.is_some(), "a trie node without children ends a name");
        c > 0
    }).map(|(r, _)| r.is_some()).collect();
    let mut ends = vec![0u8; inner.len().div_ceil(8)];
    for (i, &e) in inner.iter().enumerate() {
        if e {
            ends[i / 8] |= 1 << (i % 8);
        }
    }
    out.extend_from_slice(&ends);
    for r in rank.into_iter().flatten() {
        push_varint(&mut out, place[ranks.binary_search(&r).unwrap()] as u64);
    }
    frame_with(MAGIC, VERSION, &out, fnv1a_words)
}

/// Reads the sections in order, checking each against the bytes left.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn u32(&mut self) -> Option<usize> {
        let b = self.bytes.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        Some(u32::from_le_bytes(b.try_into().unwrap()) as usize)
    }
    /// A column of `n` values of `width` bytes.
    fn col(&mut self, n: usize, width: usize) -> Option<Col> {
        let end = n.checked_mul(width)?.checked_add(self.pos).filter(|&e| e <= self.bytes.len())?;
        let col = Col(self.pos);
        self.pos = end;
        Some(col)
    }
}

impl Gazetteer {
    /// Reads `gazetteer.bin` from bytes (copied: see [`Gazetteer::from_vec`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Gazetteer, Error> {
        Gazetteer::from_vec(bytes.to_vec())
    }

    /// Reads `gazetteer.bin`, keeping its bytes to read from.
    pub fn from_vec(bytes: Vec<u8>) -> Result<Gazetteer, Error> {
        let bad = |what: &str| {
            Error::data(format!(
                "gazetteer.bin: {what}; the file is corrupt or from another version. Rebuild it with \
                 `cargo run --release --features build-tools --bin hashiya-train-ner -- gazetteer`"
            ))
        };
        if bytes.starts_with(MAGIC_2) {
            return Err(bad(&format!("format 2, and this build reads format {VERSION}")));
        }
        let payload = match unframe_with(&bytes, MAGIC, VERSION, fnv1a_words) {
            Ok(p) => p.len(),
            Err(FrameError::Magic) => return Err(bad("not a Hashiya gazetteer (bad magic bytes)")),
            Err(FrameError::Version(v)) => return Err(bad(&format!("format {v}, and this build reads format {VERSION}"))),
            Err(FrameError::Checksum) => return Err(bad("truncated or damaged (checksum mismatch)")),
        };
        let mut c = Cursor { bytes: &bytes, pos: bytes.len() - payload };
        let truncated = || bad("truncated");
        let head: Vec<usize> = (0..6).map(|_| c.u32()).collect::<Option<_>>().ok_or_else(truncated)?;
        let [max_words, n_keys, n_entries, n_english, n_nodes, n_ranks] = head[..] else { unreachable!() };
        // the keys and the English names (a count the file cannot back is refused
        // before anything is allocated for it)
        let strings = |e| match e {
            StringsError::Truncated => truncated(),
            e => bad(&format!("a string {e}")),
        };
        let (key_text, key_ends) = read_front_coded(&bytes, &mut c.pos, n_keys).map_err(strings)?;
        let (text_at, mut str_at) = read_strings(&bytes, &mut c.pos, n_english).map_err(strings)?;
        for o in &mut str_at {
            *o += text_at as u32;
        }
        // string i is str_at[i]..str_at[i + 1] - 1 (each ends at a 0)
        let key = |i: usize| &key_text[key_ends[i] as usize..key_ends[i + 1] as usize];
        let counts = c.col(n_keys, 1).ok_or_else(truncated)?;
        let kind = c.col(n_entries, 1).ok_or_else(truncated)?;
        if n_entries > bytes.len() - c.pos {
            return Err(truncated());
        }
        let mut varints = |n: usize| (0..n).map(|_| read_varint(&bytes, &mut c.pos).map_err(strings)).collect::<Result<Vec<u32>, Error>>();
        let weight = varints(n_entries)?;
        let english_codes = varints(n_entries)?;
        let ranks_col = c.col(n_ranks, 4).ok_or_else(truncated)?;
        let label = c.col(n_nodes, 1).ok_or_else(truncated)?;
        let children = c.col(n_nodes, 1).ok_or_else(truncated)?;
        let child_counts = &bytes[children.0..children.0 + n_nodes];
        let n_inner = child_counts.iter().filter(|&&c| c > 0).count();
        let ends = c.col(n_inner.div_ceil(8), 1).ok_or_else(truncated)?;
        let ends = &bytes[ends.0..ends.0 + n_inner.div_ceil(8)];
        let n_named = (n_nodes - n_inner) + ends.iter().map(|b| b.count_ones() as usize).sum::<usize>();
        if n_named > bytes.len() - c.pos {
            return Err(truncated());
        }
        let rank_codes = (0..n_named).map(|_| read_varint(&bytes, &mut c.pos).map_err(strings)).collect::<Result<Vec<u32>, Error>>()?;
        if c.pos != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        // the keys: sorted and distinct, their entries adding up
        let mut entry_first = Vec::with_capacity(n_keys + 1);
        let (mut at, mut len) = (0u32, 0);
        for i in 0..n_keys {
            if i > 0 && key(i - 1) >= key(i) {
                return Err(bad("the keys are not sorted"));
            }
            entry_first.push(at);
            let n = counts.u8(&bytes, i);
            at += n as u32;
            len += (n > 0) as usize;
        }
        entry_first.push(at);
        if at as usize != n_entries {
            return Err(bad("the keys' entries do not add up"));
        }
        // each key's facts, from its entries' kinds and weights
        let facts: Vec<u16> = (0..n_keys)
            .map(|i| {
                let at = entry_first[i] as usize..entry_first[i + 1] as usize;
                let entries = at.map(|j| GazEntry { kind: GazKind::from_u8(kind.u8(&bytes, j)).unwrap_or(GazKind::Spelling), english: "", weight: weight[j] });
                let (kinds, big) = kinds_of(entries);
                kinds | if big { BIG_PLACE } else { 0 }
            })
            .collect();
        let mut english = Vec::with_capacity(n_entries);
        let mut next = 0i64;
        for (j, &z) in english_codes.iter().enumerate() {
            if GazKind::from_u8(kind.u8(&bytes, j)).is_none() {
                return Err(bad("unknown entry kind"));
            }
            let ix = next + if z % 2 == 0 { (z / 2) as i64 } else { -((z / 2) as i64) - 1 };
            if !(0..n_english as i64).contains(&ix) {
                return Err(bad("an entry's English is out of range"));
            }
            next = next.max(ix + 1);
            english.push(ix as u32);
        }
        // the index: a power of two of slots, at most two thirds full
        let slots = (n_keys * 3 / 2 + 1).next_power_of_two();
        let mut index = vec![0u64; slots];
        for i in 0..n_keys {
            let h = hash_key(key(i));
            let mut s = h as usize & (slots - 1);
            while index[s] != 0 {
                s = (s + 1) & (slots - 1);
            }
            index[s] = (h & !0xFFFF_FFFF) | (i as u64 + 1);
        }
        // each key's longest (the writer's rule: every run of a key's first words is a
        // key, and leads to it when the features see one of its entries)
        let find = |k: &[u8]| -> Option<usize> {
            let h = hash_key(k);
            let mut s = h as usize & (slots - 1);
            loop {
                let slot = index[s];
                if slot == 0 {
                    return None;
                }
                let i = (slot & 0xFFFF_FFFF) as usize - 1;
                if (slot ^ h) >> 32 == 0 && key(i) == k {
                    return Some(i);
                }
                s = (s + 1) & (slots - 1);
            }
        };
        let mut longest = vec![0u8; n_keys];
        for i in (0..n_keys).filter(|&i| facts[i] & !BIG_PLACE != 0) {
            let k = key(i);
            let words = (k.iter().filter(|&&b| b == b' ').count() + 1).min(u8::MAX as usize) as u8;
            for (end, _) in k.iter().enumerate().filter(|&(_, &b)| b == b' ') {
                let j = find(&k[..end]).ok_or_else(|| bad("a key's first words are not a key"))?;
                longest[j] = longest[j].max(words);
            }
        }
        // the ranks as stored (in order of use), increasing, and where each stored one
        // lies among the increasing
        let by_use: Vec<u32> = (0..n_ranks).map(|i| ranks_col.u32(&bytes, i)).collect();
        let mut ranks = by_use.clone();
        ranks.sort_unstable();
        if !ranks.windows(2).all(|w| w[0] < w[1]) {
            return Err(bad("the name ranks are not distinct"));
        }
        if n_ranks >= NO_RANK as usize || rank_codes.iter().any(|&c| c as usize >= n_ranks) {
            return Err(bad("a name's rank is out of range"));
        }
        let place: Vec<u16> = by_use.iter().map(|r| ranks.binary_search(r).unwrap_or(0) as u16).collect();
        let (mut named, mut inner) = (0, 0);
        let node_rank: Vec<u16> = child_counts
            .iter()
            .map(|&c| {
                let ends_here = c == 0 || {
                    let i = post_inc(&mut inner);
                    ends[i / 8] & 1 << (i % 8) != 0
                };
                if ends_here { place[rank_codes[post_inc(&mut named)] as usize] } else { NO_RANK }
            })
            .collect();
        if ends.len() * 8 > n_inner && ends[ends.len() - 1] >> (n_inner % 8) != 0 {
            return Err(bad("a name ends past the last trie node"));
        }
        let trie = NameTrie::from_columns(&bytes[label.0..label.0 + n_nodes], &bytes[children.0..children.0 + n_nodes], node_rank, ranks).map_err(bad)?;
        Ok(Gazetteer { key_text, key_ends, str_at, entry_first, facts, longest, kind, weight, english, index, len, max_words, trie, bytes })
    }

    /// The English string `i`.
    #[inline]
    fn string(&self, i: usize) -> &str {
        let b = &self.bytes[self.str_at[i] as usize..self.str_at[i + 1] as usize - 1];
        // checked at load: UTF-8, each string on character boundaries
        std::str::from_utf8(b).unwrap_or("")
    }

    /// Entry `j`.
    #[inline]
    fn entry(&self, j: usize) -> GazEntry<'_> {
        let b = &self.bytes;
        GazEntry {
            // checked at load
            kind: GazKind::from_u8(self.kind.u8(b, j)).unwrap_or(GazKind::Spelling),
            english: self.string(self.english[j] as usize),
            weight: self.weight[j],
        }
    }

    /// The index of a key, if listed.
    #[inline]
    fn find(&self, key: &str) -> Option<usize> {
        let h = hash_key(key.as_bytes());
        let mask = self.index.len() - 1;
        let mut s = h as usize & mask;
        loop {
            let slot = self.index[s];
            if slot == 0 {
                return None;
            }
            if (slot ^ h) >> 32 == 0 {
                let i = (slot & 0xFFFF_FFFF) as usize - 1;
                if &self.key_text[self.key_ends[i] as usize..self.key_ends[i + 1] as usize] == key.as_bytes() {
                    return Some(i);
                }
            }
            s = (s + 1) & mask;
        }
    }

    /// Entries for a normalised key (one word or several separated by spaces).
    pub fn get(&self, key: &str) -> Entries<'_> {
        let at = self.find(key).map_or(0..0, |i| self.entry_first[i] as usize..self.entry_first[i + 1] as usize);
        Entries { gaz: self, at }
    }

    /// What the feature extractor asks of `key` (all zero when it is not listed).
    #[inline]
    pub fn facts(&self, key: &str) -> KeyFacts {
        self.find(key).map_or_else(KeyFacts::default, |i| {
            let f = self.facts[i];
            KeyFacts { kinds: f & !BIG_PLACE, big_place: f & BIG_PLACE != 0, longest: self.longest[i] }
        })
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
    pub fn get_kind(&self, key: &str, kind: GazKind) -> Option<GazEntry<'_>> {
        self.get(key).find(|e| e.kind == kind)
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
        let t = &self.trie;
        t.root().and_then(|r| t.walk(r, lower)).and_then(|n| t.rank(n))
    }

    /// True when some listed English name starts with `prefix` (lowercase).
    pub fn has_name_prefix(&self, prefix: &str) -> bool {
        let t = &self.trie;
        t.root().and_then(|r| t.walk(r, prefix)).is_some()
    }

    /// Number of English names.
    pub fn name_count(&self) -> usize {
        self.trie.names
    }

    /// The English names as a byte trie.
    pub fn name_trie(&self) -> &NameTrie {
        &self.trie
    }

    /// The bytes the loaded gazetteer holds: the file's, and the indexes made at load.
    pub fn heap_bytes(&self) -> usize {
        let t = &self.trie;
        self.bytes.capacity()
            + self.key_text.capacity()
            + 4 * (self.key_ends.capacity() + self.str_at.capacity() + self.entry_first.capacity())
            + 4 * (self.weight.capacity() + self.english.capacity())
            + 8 * self.index.capacity()
            + 2 * self.facts.capacity()
            + self.longest.capacity()
            + 4 * (t.first.capacity() + t.letters.capacity() + t.ranks.capacity() + t.costs.capacity() + t.below_bits.capacity())
            + t.label.capacity()
            + 2 * (t.rank.capacity() + t.below_rank.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_of_a_keys_first_words_says_how_long_a_key_it_can_grow_into() {
        let entry = |key: &str, kind, weight| (key.to_string(), GazEntry { kind, english: "", weight });
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
        assert_eq!(g.get("العراق").next().unwrap().english, "Iraq");
        assert_eq!(g.max_words(), 2);
        assert_eq!(g.name_rank("winter"), Some(1079));
        assert!(g.has_name_prefix("jos"));
        assert!(!g.has_name_prefix("jz"));
        let err = Gazetteer::from_bytes(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(err.message().contains("gazetteer.bin"), "{}", err.message());
        assert!(Gazetteer::from_bytes(b"nonsense").is_err());
        // every truncation of the payload, behind a valid checksum, is an error, not a panic
        let payload = &bytes[20..];
        for cut in 0..payload.len() {
            let framed = frame_with(MAGIC, VERSION, &payload[..cut], fnv1a_words);
            assert!(Gazetteer::from_bytes(&framed).is_err(), "cut at {cut}");
        }
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
