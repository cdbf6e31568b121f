//! `gazetteer.bin` from arbitrary bytes (as they are, or after the real magic by
//! the first byte's choice): an error naming the file, or a gazetteer the
//! recogniser runs with, never a panic or an allocation the file cannot back.
#![no_main]
use libfuzzer_sys::fuzz_target;

use hashiya::entities::{gazetteer::Gazetteer, model::Model, EntityRecognizer};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        let mut b = hashiya_fuzz::data_file_prefix("gazetteer.bin", 8);
        b.extend_from_slice(rest);
        b
    };
    match Gazetteer::from_bytes(&bytes) {
        Ok(gaz) => {
            static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
            let model = MODEL.get_or_init(|| Model::from_bytes(&hashiya_fuzz::data_file("ner.model")).unwrap()).clone();
            let rec = EntityRecognizer::new(model, gaz);
            let _ = rec.recognize(hashiya_fuzz::SAMPLE);
        }
        Err(e) => assert!(e.to_string().contains("gazetteer.bin"), "error does not name the file: {e}"),
    }
});
