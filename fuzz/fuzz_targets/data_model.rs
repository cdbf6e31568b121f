//! `ner.model` from arbitrary bytes (as they are, or after the real magic by the
//! first byte's choice): an error naming the file, or a model the recogniser runs
//! with (over a small gazetteer), never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

use hashiya::entities::{gazetteer, model::Model, EntityRecognizer};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        let mut b = hashiya_fuzz::data_file_prefix("ner.model", 8);
        b.extend_from_slice(rest);
        b
    };
    match Model::from_bytes(&bytes) {
        Ok(model) => {
            let entries = vec![(
                "Erq".to_string(),
                gazetteer::GazEntry { kind: gazetteer::GazKind::Country, english: "Iraq".into(), weight: 1 },
            )];
            let gaz = gazetteer::Gazetteer::from_bytes(&gazetteer::write(&entries, &[("iraq".into(), 1)])).unwrap();
            let rec = EntityRecognizer::new(model, gaz);
            let _ = rec.recognize(hashiya_fuzz::SAMPLE);
        }
        Err(e) => assert!(e.to_string().contains("ner.model"), "error does not name the file: {e}"),
    }
});
