//! `lexicon.bin` from arbitrary bytes: an error or a working annotator, never a
//! panic. The first byte chooses the bytes as they are (checked by the framing)
//! or framed with a valid checksum, so the decoder and the index checks behind the
//! checksum are reached.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode & 1 == 0 { rest.to_vec() } else { hashiya_fuzz::framed_like("lexicon.bin", rest) };
    if let Ok(annotator) = hashiya::Annotator::from_lexicon_bytes(&bytes) {
        let doc = annotator.annotate(hashiya_fuzz::SAMPLE);
        hashiya_fuzz::check_document(&annotator, hashiya_fuzz::SAMPLE, &doc);
    }
});
