//! Shared pieces of the fuzz targets: the built data (loaded once per process) and
//! the offsets contract every target that annotates checks, so a contract
//! violation is a crash the fuzzer reports, not only a panic.

use std::path::PathBuf;
use std::sync::OnceLock;

use hashiya::{Annotator, Document};

/// `$HASHIYA_DATA`, else the checkout's `build/data` (`npm run build:data`).
pub fn data_dir() -> PathBuf {
    std::env::var_os("HASHIYA_DATA").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../build/data"))
}

/// A built data file's bytes.
pub fn data_file(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; build the data with `npm run build:data`", path.display()))
}

/// The full annotator (lexicon, entities, terms), as the CLI loads it.
pub fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(|| hashiya::cli::load_annotator(&data_dir()).expect("the built data loads"))
}

/// Asserts the offsets contract (DESIGN.md, "Offsets") on a document of `text`,
/// and that every span has details whose text is the text at the span.
pub fn check_document(annotator: &Annotator, text: &str, doc: &Document) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let on_boundary = |at: usize| at == units.len() || (at < units.len() && !(0xDC00..0xE000).contains(&units[at]));
    let mut last = (0u32, u32::MAX);
    for s in &doc.spans {
        assert!(s.start < s.end && s.end as usize <= units.len(), "span {s:?} outside the input");
        assert!(on_boundary(s.start as usize) && on_boundary(s.end as usize), "span {s:?} splits a surrogate pair");
        assert!(s.start > last.0 || (s.start == last.0 && s.end <= last.1), "spans out of order at {s:?}");
        last = (s.start, s.end);
        assert!(annotator.details(doc, s.id).is_some(), "no details for {s:?}");
    }
    for k in &doc.key_terms {
        for &(a, b) in &k.occurrences {
            assert!(a < b && b as usize <= units.len() && on_boundary(a as usize) && on_boundary(b as usize), "key term occurrence {a}..{b}");
        }
    }
}

/// `bytes` framed as a data file whose header (magic, version) is that of the
/// built file `name`, with a correct checksum, so the decoder behind the checksum
/// sees the fuzzer's bytes.
pub fn framed_like(name: &str, payload: &[u8]) -> Vec<u8> {
    static HEADERS: OnceLock<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>> = OnceLock::new();
    let mut headers = HEADERS.get_or_init(Default::default).lock().unwrap();
    let header = headers.entry(name.to_string()).or_insert_with(|| data_file(name)[..12].to_vec());
    let mut out = header.clone();
    // the lexicon's checksum runs over 8-byte words (see hashiya::lexicon)
    let sum = if name == "lexicon.bin" { hashiya::datafile::fnv1a_words(payload) } else { hashiya::datafile::fnv1a(payload) };
    out.extend_from_slice(&sum.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// A short text that exercises every layer (words, an entity, a term).
pub const SAMPLE: &str = "قال وزير الداخلية الإيطالي ماركو مينيتي إن مكافحة الإرهاب في الشرق الأوسط والعراق 😀 abc 2017.";

/// The first `n` bytes of a built data file (its magic), read once.
pub fn data_file_prefix(name: &str, n: usize) -> Vec<u8> {
    static PREFIXES: OnceLock<std::sync::Mutex<std::collections::HashMap<(String, usize), Vec<u8>>>> = OnceLock::new();
    let mut map = PREFIXES.get_or_init(Default::default).lock().unwrap();
    map.entry((name.to_string(), n)).or_insert_with(|| data_file(name)[..n].to_vec()).clone()
}
