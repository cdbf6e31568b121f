//! Regression tests from fuzzing (scripts/fuzz.sh, fuzz/fuzz_targets/) and corrupt data
//! files: each loader refuses bad bytes with an error naming the file, never a panic or an
//! allocation the file cannot back.

mod common;

use hashiya::entities::gazetteer::Gazetteer;

/// fuzz data_gazetteer, crash-0375a335…: the real magic, then an entry count read from a
/// key's bytes (0xa7b1d8 entries in a 4 KB file). The loader reserved room for all of them
/// up front (≈ 200 GB) and aborted; now it reserves what the file can hold and reports the
/// truncation.
#[test]
fn gazetteer_with_a_huge_count_is_an_error() {
    let mut bytes = std::fs::read(common::data_dir().join("gazetteer.bin")).expect("built gazetteer");
    bytes.truncate(4096);
    for count in [0x00a7_b1d8u32, u32::MAX] {
        bytes[8..12].copy_from_slice(&count.to_le_bytes());
        let err = Gazetteer::from_bytes(&bytes).expect_err("a 4 KB file cannot hold that many entries");
        assert!(err.to_string().contains("gazetteer.bin"), "{err}");
    }
    // A name count past the end of the file, after zero entries.
    let mut bytes = bytes[..8].to_vec();
    bytes.extend_from_slice(&0u32.to_le_bytes());
    bytes.extend_from_slice(&u32::MAX.to_le_bytes());
    let err = Gazetteer::from_bytes(&bytes).expect_err("truncated name list");
    assert!(err.to_string().contains("truncated name list"), "{err}");
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
