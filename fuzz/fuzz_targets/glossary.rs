//! Custom glossaries (TSV and JSON) from arbitrary text: issues carry lines inside
//! the text, every loaded entry is found by its key and by its written word, and
//! the key terms and details of a text read with it keep the contract.
#![no_main]
use libfuzzer_sys::fuzz_target;

use hashiya::terms::{Glossary, GlossaryFormat};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let format = match mode % 3 {
        0 => GlossaryFormat::Tsv,
        1 => GlossaryFormat::Json,
        _ => GlossaryFormat::Auto,
    };
    let (g, issues) = Glossary::parse(text, format);
    let lines = text.split('\n').count(); // a JSON error at the end may name the line after the last break
    for i in &issues {
        assert!(i.line >= 1 && i.line <= lines, "issue {i} outside the text's {lines} lines");
    }
    for e in g.entries() {
        assert!(!e.english.is_empty(), "entry without English: {e:?}");
        assert_eq!(g.get_key(&e.key).map(|x| &x.key), Some(&e.key));
        let _ = g.lookup_word(&e.arabic, e.lemma.as_deref());
        let mut glosses = vec!["x".to_string()];
        let _ = g.apply_to_glosses(&e.arabic, None, &mut glosses);
    }
    // Read the entries in a text through the term matcher and key terms, the way
    // the page does after `setGlossary`.
    if !g.is_empty() {
        static TERMS: std::sync::OnceLock<hashiya::terms::TermIndex> = std::sync::OnceLock::new();
        let terms = TERMS.get_or_init(|| hashiya::terms::TermIndex::from_bytes(&hashiya_fuzz::data_file("terms.bin"), "terms.bin").unwrap());
        let annotator = hashiya_fuzz::annotator();
        let text: String = g.entries().iter().take(8).map(|e| format!("قال {} في الشرق الأوسط. ", e.arabic)).collect();
        let doc = annotator.annotate(&text);
        let analysed = hashiya::terms::Analysed::new(annotator.analyzer(), &text, &doc);
        let tokens = analysed.tokens();
        let units = text.encode_utf16().count() as u32;
        for m in terms.match_terms(&tokens, Some(&g)) {
            assert!(m.start < m.end && m.end <= units);
        }
        let keys = terms.key_terms(&text, &tokens, &[], Some(&g), &Default::default());
        for k in keys {
            for (a, b) in k.occurrences {
                assert!(a < b && b <= units);
            }
        }
    }
});
