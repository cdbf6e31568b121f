//! `terms.bin` from arbitrary bytes (raw, or framed with a valid checksum by the
//! first byte's choice): an error naming the file, or term data the matcher can
//! use, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode & 1 == 0 { rest.to_vec() } else { hashiya_fuzz::framed_like("terms.bin", rest) };
    match hashiya::terms::TermIndex::from_bytes(&bytes, "terms.bin") {
        Ok(index) => {
            // Use it: look up a few keys, and annotate with it over the real lexicon.
            for key in ["wzyr", "mkAfHp Al<rhAb", "", "\u{0}"] {
                let _ = index.word_senses(key);
                let _ = index.background(key);
            }
            // The lexicon is loaded once and the terms swapped in: loading it for every
            // input that decodes held the target to about 100 inputs a second once the
            // corpus had learnt to write valid term data.
            static ANNOTATOR: std::sync::OnceLock<std::sync::Mutex<hashiya::Annotator>> = std::sync::OnceLock::new();
            let mut annotator = ANNOTATOR
                .get_or_init(|| {
                    let lex = hashiya_fuzz::data_file("lexicon.bin");
                    std::sync::Mutex::new(hashiya::Annotator::from_lexicon_vec(lex).unwrap())
                })
                .lock()
                .unwrap();
            annotator.load_terms(&bytes).unwrap();
            let doc = annotator.annotate(hashiya_fuzz::SAMPLE);
            hashiya_fuzz::check_document(&annotator, hashiya_fuzz::SAMPLE, &doc);
        }
        Err(e) => assert!(e.to_string().contains("terms.bin"), "error does not name the file: {e}"),
    }
});
