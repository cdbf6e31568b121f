//! The command line as a batch user meets it: its JSON schema and offsets, and a
//! clear error (never a panic) for each kind of bad input.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hashiya(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .env("HASHIYA_DATA", common::data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn json_schema_and_utf16_offsets() {
    // An emoji (two UTF-16 units) before the word checks the offsets are UTF-16.
    let text = "😀 وقال الوزيرُ";
    let out = hashiya(&["annotate"], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &json["annotations"];
    assert_eq!(a.as_array().unwrap().len(), 2);
    let units: Vec<u16> = text.encode_utf16().collect();
    for (ann, word) in a.as_array().unwrap().iter().zip(["وقال", "الوزيرُ"]) {
        let (s, e) = (ann["start"].as_u64().unwrap() as usize, ann["end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf16_lossy(&units[s..e]), word);
        assert_eq!(ann["text"], word);
        assert_eq!(ann["layer"], "word");
        for field in ["lemma", "pos", "translit", "vocalized"] {
            assert!(ann[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {ann}");
        }
        assert!(ann["glosses"].as_array().is_some_and(|g| !g.is_empty()));
    }
    assert_eq!(a[0]["start"], 3);
    assert_eq!(a[0]["prefixes"][0]["meaning"], "and");
    assert!(a[1]["glosses"][0].as_str().unwrap().contains("minister"));
    assert!(json["key_terms"].is_array());
}

#[test]
fn html_input_offsets_point_into_the_html() {
    let html = "<html><head><style>p{color:red}</style></head><body><p>قال <b>الوزير</b> &amp; مضى</p></body></html>";
    let out = hashiya(&["annotate", "--html"], html.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let units: Vec<u16> = html.encode_utf16().collect();
    let words: Vec<String> = json["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| String::from_utf16_lossy(&units[a["start"].as_u64().unwrap() as usize..a["end"].as_u64().unwrap() as usize]))
        .collect();
    assert_eq!(words, ["قال", "الوزير", "مضى"]);
}

#[test]
fn html_output_marks_words() {
    let out = hashiya(&["annotate", "--format", "html"], "قال الوزير <script>".as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains("<span class=\"w\" title=\""));
    assert!(page.contains("minister"));
    assert!(page.contains("&lt;script&gt;"), "input text is escaped");
}

#[test]
fn bad_input_gets_a_clear_error() {
    let big = vec![b'a'; 50 * 1024 * 1024];
    let mut invalid = "قال الوزير\nثم ".as_bytes().to_vec();
    invalid.extend_from_slice(&[0xff, 0xfe]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "input is empty"),
        ("only spaces", b"  \n ".to_vec(), "input is empty"),
        ("invalid UTF-8", invalid, "not valid UTF-8: bad byte 0xff at byte 25 (line 2)"),
        ("50 MB", big, "larger than the limit of 16 MB"),
    ];
    for (what, input, want) in cases {
        let out = hashiya(&["annotate"], &input);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{what}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{what}");
    }
}

#[test]
fn no_arabic_is_a_note_not_a_failure() {
    let out = hashiya(&["annotate"], b"Hello, world. 123");
    assert!(out.status.success());
    assert!(stderr(&out).contains("no Arabic words found"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["annotations"].as_array().unwrap().len(), 0);
}

#[test]
fn missing_or_corrupt_lexicon_names_the_file() {
    let dir = std::env::temp_dir().join(format!("hashiya-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["annotate", "--data"])
        .arg(&dir)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .unwrap();
    let msg = stderr(&missing);
    assert_eq!(missing.status.code(), Some(1));
    assert!(msg.contains("lexicon.bin") && msg.contains("npm run build:data"), "{msg}");
    let good = std::fs::read(common::data_dir().join("lexicon.bin")).unwrap();
    for (what, bytes) in [("truncated", good[..good.len() / 2].to_vec()), ("garbage", b"not a lexicon at all".to_vec())] {
        std::fs::write(dir.join("lexicon.bin"), &bytes).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .args(["annotate", "--data"])
            .arg(&dir)
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .output()
            .unwrap();
        let msg = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{what}");
        assert!(msg.contains(&dir.join("lexicon.bin").display().to_string()) && msg.contains("npm run build:data"), "{what}: {msg}");
        assert!(!msg.contains("panicked"), "{what}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_custom_glossary_wins_and_its_bad_lines_are_reported() {
    let dir = std::env::temp_dir().join(format!("hashiya-glossary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let glossary = dir.join("site.tsv");
    std::fs::write(&glossary, "arabic\tenglish\nوزير\tsecretary of state; cabinet member\nthis line has no tab\nالفضاء الإلكتروني\tcyberspace\n").unwrap();
    let path = glossary.to_str().unwrap();
    let out = hashiya(&["annotate", "--glossary", path], "قال الوزير إن الفضاء الإلكتروني ساحة".as_bytes());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("site.tsv") && err.contains("line 3"), "the bad line is reported by number: {err}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let annotations = json["annotations"].as_array().unwrap();
    let minister = annotations.iter().find(|a| a["text"] == "الوزير").unwrap();
    assert_eq!(minister["glosses"][0], "secretary of state; cabinet member", "the glossary's sense comes first");
    let term = annotations.iter().find(|a| a["layer"] == "term").expect("the glossary phrase is a term");
    assert_eq!(term["english"], "cyberspace");
    assert_eq!(term["source"], "glossary");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--format csv|anki`: the key terms as a spreadsheet or as Anki notes, with the JSON's
/// key terms in the same order, each with its sentence; a glossary's formula-like English
/// is written as text. A batch refuses the format by name.
#[test]
fn key_terms_as_csv_and_anki() {
    let text = "قال الوزير إن الإرهاب خطر. وأضاف أن مكافحة الإرهاب تحتاج إلى تعاون دولي.\nوقال خبراء إن الإرهاب يتغير وإن مكافحة الإرهاب طويلة.";
    let glossary = tempfile_path("gloss.tsv");
    std::fs::write(&glossary, "الإرهاب\t=HYPERLINK(\"http://evil.example\")\n").unwrap();
    let json = hashiya(&["annotate", "--glossary", glossary.to_str().unwrap()], text.as_bytes());
    let terms: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let terms = terms["key_terms"].as_array().unwrap().clone();
    assert!(!terms.is_empty());
    let csv = hashiya(&["annotate", "--format", "csv", "--glossary", glossary.to_str().unwrap()], text.as_bytes());
    assert!(csv.status.success(), "{}", stderr(&csv));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "arabic,lemma,english,sentence");
    assert_eq!(lines.len(), terms.len() + 2, "a row per key term, CRLF after each: {csv}");
    for (line, term) in lines[1..].iter().zip(&terms) {
        assert!(line.starts_with(&format!("{},", term["text"].as_str().unwrap())), "{line}");
    }
    let terror = lines.iter().find(|l| l.starts_with("الإرهاب,")).expect("the glossary's term is a key term");
    assert!(terror.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\",قال الوزير إن الإرهاب خطر."), "{terror}");
    let anki = hashiya(&["annotate", "--format", "anki"], text.as_bytes());
    let anki = String::from_utf8(anki.stdout).unwrap();
    assert!(anki.starts_with("#separator:tab\n#html:false\n#columns:Arabic\tLemma\tEnglish\tSentence\n"), "{anki}");
    assert_eq!(anki.lines().count(), terms.len() + 3);
    let batch = hashiya(&["annotate", "--format", "csv", "--jsonl"], b"\"\xd9\x82\xd8\xa7\xd9\x84\"\n");
    assert_eq!(batch.status.code(), Some(2));
    assert!(stderr(&batch).contains("--format csv takes one FILE"), "{}", stderr(&batch));
}

fn tempfile_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hashiya-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A gloss line from another reading than the first says whose it is (lemma and part of
/// speech), so a reader who meets a wrong first choice sees which reading each sense
/// belongs to; lines of the first reading carry nothing.
#[test]
fn other_readings_name_their_lemma_and_part_of_speech() {
    let out = hashiya(&["annotate"], "وقال إن حكم المحكمة نهائي".as_bytes());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let word = json["annotations"].as_array().unwrap().iter().find(|a| a["text"] == "حكم").unwrap().clone();
    let glosses = word["glosses"].as_array().unwrap();
    let readings = word["readings"].as_array().expect("حكم has noun and verb readings");
    assert!(!readings.is_empty());
    for r in readings {
        let line = r["line"].as_u64().unwrap() as usize;
        assert!(line > 0 && line < glosses.len(), "{r}");
        assert!(r["lemma"] != word["lemma"] || r["pos"] != word["pos"], "{r} is the first reading");
    }
    assert!(readings.iter().any(|r| r["pos"].as_str().unwrap().starts_with("verb")), "{readings:?}");
    // A word with one reading has no `readings` field at all.
    let said = json["annotations"].as_array().unwrap().iter().find(|a| a["text"] == "وقال").unwrap();
    assert!(said.get("readings").is_none(), "{said}");
}
