//! `Annotator::annotate` on arbitrary UTF-8 with every layer loaded: no panic, the
//! offsets contract holds, every span's details render.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let annotator = hashiya_fuzz::annotator();
    let doc = annotator.annotate(text);
    hashiya_fuzz::check_document(annotator, text, &doc);
});
