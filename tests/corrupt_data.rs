//! Regression tests from fuzzing (scripts/fuzz.sh, fuzz/fuzz_targets/) and corrupt data
//! files: each loader refuses bad bytes with an error naming the file, never a panic or an
//! allocation the file cannot back.

mod common;

use hashiya::entities::gazetteer::Gazetteer;

/// fuzz data_gazetteer, crash-0375a335…: the real magic, then an entry count read from a
/// key's bytes (0xa7b1d8 entries in a 4 KB file). The loader reserved room for all of them
/// up front (≈ 200 GB) and aborted; now it reserves what the file can hold and reports the
/// truncation. Since format 3 the file has a checksum: the counts are set in a payload
/// framed anew, so that they reach the loader.
#[test]
fn gazetteer_with_a_huge_count_is_an_error() {
    use hashiya::datafile::{fnv1a_words, frame_with};
    use hashiya::entities::gazetteer::{MAGIC, VERSION};
    let good = std::fs::read(common::data_dir().join("gazetteer.bin")).expect("built gazetteer");
    let payload = &good[20..4096];
    // the header's six counts: max words, keys, entries, English strings, trie nodes, ranks
    for (at, count) in [(1, 0x00a7_b1d8u32), (1, u32::MAX), (2, u32::MAX), (3, u32::MAX), (4, u32::MAX), (5, u32::MAX)] {
        let mut p = payload.to_vec();
        p[4 * at..4 * at + 4].copy_from_slice(&count.to_le_bytes());
        let err = Gazetteer::from_bytes(&frame_with(MAGIC, VERSION, &p, fnv1a_words)).expect_err("a 4 KB file cannot hold that many");
        assert!(err.to_string().contains("gazetteer.bin"), "{err}");
    }
    // A name trie count past the end of the file, after zero keys.
    let mut p = vec![0u8; 24];
    p[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = Gazetteer::from_bytes(&frame_with(MAGIC, VERSION, &p, fnv1a_words)).expect_err("truncated name trie");
    assert!(err.to_string().contains("truncated"), "{err}");
    // A file of the format before (2) names its format and how to rebuild it.
    let err = Gazetteer::from_bytes(b"HSYGAZ02\0\0\0\0").expect_err("format 2");
    assert!(err.to_string().contains("format 2") && err.to_string().contains("hashiya-train-ner -- gazetteer"), "{err}");
}

/// Every data file, truncated or with a flipped byte, is refused by the CLI's loader with
/// an error that names the file.
#[test]
fn truncated_or_flipped_data_files_name_the_file() {
    let dir = std::env::temp_dir().join(format!("hashiya-corrupt-{}", std::process::id()));
    for name in ["lexicon.bin", "gazetteer.bin", "ner.model", "terms.bin"] {
        let good = std::fs::read(common::data_dir().join(name)).unwrap();
        for (how, bytes) in [("truncated", good[..good.len() / 2].to_vec()), ("flipped", {
            let mut b = good.clone();
            let at = b.len() - 3;
            b[at] ^= 0x55;
            b
        })] {
            std::fs::create_dir_all(&dir).unwrap();
            for other in ["lexicon.bin", "gazetteer.bin", "ner.model", "terms.bin"] {
                std::fs::copy(common::data_dir().join(other), dir.join(other)).unwrap();
            }
            std::fs::write(dir.join(name), &bytes).unwrap();
            match hashiya::cli::load_annotator(&dir) {
                Err(e) => assert!(e.to_string().contains(name), "{name} {how}: {e}"),
                // A flipped byte inside a string of an unchecked file may still load; it must
                // then annotate without panicking.
                Ok(a) => {
                    assert_eq!(how, "flipped", "{name} truncated loaded");
                    let _ = a.annotate("قال وزير الداخلية في العراق");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
