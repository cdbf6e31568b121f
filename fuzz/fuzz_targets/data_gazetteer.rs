//! `gazetteer.bin` from arbitrary bytes (as they are, or framed as a payload with the
//! real magic, version and checksum by the first byte's choice, so that the bytes reach
//! the checks behind the checksum): an error naming the file, or a gazetteer the
//! recogniser runs with, never a panic or an allocation the file cannot back.
#![no_main]
use libfuzzer_sys::fuzz_target;

use hashiya::datafile::{fnv1a_words, frame_with};
use hashiya::entities::gazetteer::{Gazetteer, MAGIC, VERSION};
use hashiya::entities::{model::Model, EntityRecognizer};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        frame_with(MAGIC, VERSION, rest, fnv1a_words)
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
