//! The offsets contract (DESIGN.md, "Offsets"), checked on arbitrary text through
//! the full annotator: every span lies inside the input in UTF-16 code units, never
//! splits a surrogate pair, is non-empty, and spans come sorted. Details exist for
//! every id, and nothing panics.

mod common;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "ال", "و", "ب", "ك", "ل", "ف", "س", "ت", "ي", "ن", "م", "ه", "ة", "ى", "أ", "إ", "آ", "ؤ", "ئ", "ء", "ع", "ق", "ر", "د",
    "\u{64E}", "\u{650}", "\u{651}", "\u{64B}", "\u{640}", "\u{200C}", "\u{200F}", " ", " ", " ", "\n", "“", "”", "«", "»",
    "(", ")", "،", ".", "😀", "𝔸", "abc", "١٢٣", "2017", "پ", "ک", "ی", "داعش", "العراق", "وزير", "الشرق الأوسط",
    "ماركو مينيتي", "مكافحة الإرهاب", "\u{FEFF}", "\t",
];

#[test]
fn spans_keep_the_offsets_contract_on_arbitrary_text() {
    let annotator = common::annotator();
    let mut rng = Rng(0x9E3779B97F4A7C15);
    for case in 0..400 {
        let n = 1 + (rng.next() % 60) as usize;
        let text: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        let units: Vec<u16> = text.encode_utf16().collect();
        let doc = annotator.annotate(&text);
        let mut last = (0u32, u32::MAX);
        for s in &doc.spans {
            assert!(s.start < s.end && s.end as usize <= units.len(), "case {case}: span {s:?} outside {text:?}");
            for edge in [s.start as usize, s.end as usize] {
                if edge < units.len() {
                    assert!(!(0xDC00..0xE000).contains(&units[edge]), "case {case}: span {s:?} splits a surrogate pair in {text:?}");
                }
            }
            assert!((s.start, u32::MAX - s.end) >= (last.0, u32::MAX - last.1), "case {case}: spans out of order in {text:?}");
            last = (s.start, s.end);
            assert!(annotator.details(&doc, s.id).is_some(), "case {case}: no details for {s:?}");
        }
        for k in &doc.key_terms {
            for &(a, b) in &k.occurrences {
                assert!(a < b && b as usize <= units.len(), "case {case}: key term occurrence ({a}, {b}) outside {text:?}");
            }
        }
    }
}
