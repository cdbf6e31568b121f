//! The batch command line: JSON Lines in, one result line per document out, in
//! input order on several threads, a bad line reported by its number, and each
//! result the same as the single-document command's for that text.

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

fn lines(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

/// Short texts of different lengths, so that on several threads later ones finish first.
const TEXTS: [&str; 6] = [
    "قال وزير الداخلية إن الحكومة ستعقد اجتماعا في القاهرة غدا لبحث الأزمة الاقتصادية مع البنك الدولي",
    "وزير",
    "وارتفعت مبيعات الشركة خلال الأشهر الثلاثة الماضية",
    "مضى",
    "أعلن الرئيس الفرنسي في باريس أن الاتحاد الأوروبي سيدعم المفاوضات بين الطرفين في الأمم المتحدة",
    "الكتاب",
];

#[test]
fn order_kept_and_same_annotations_as_one_document() {
    let mut input = String::new();
    for round in 0..10 {
        for (i, t) in TEXTS.iter().enumerate() {
            input.push_str(&serde_json::json!({"id": format!("{round}-{i}"), "text": t}).to_string());
            input.push('\n');
        }
    }
    let out = lines(&hashiya(&["annotate", "--jsonl", "--jobs", "4"], input.as_bytes()));
    assert_eq!(out.len(), 60);
    for (k, line) in out.iter().enumerate() {
        assert_eq!(line["id"], format!("{}-{}", k / TEXTS.len(), k % TEXTS.len()), "line {k} out of order");
    }
    // Each result holds exactly what `hashiya annotate` gives for that text alone.
    for (i, t) in TEXTS.iter().enumerate() {
        let single: serde_json::Value = serde_json::from_slice(&hashiya(&["annotate"], t.as_bytes()).stdout).unwrap();
        assert!(!single["annotations"].as_array().unwrap().is_empty());
        for round in 0..10 {
            let line = &out[round * TEXTS.len() + i];
            assert_eq!(line["annotations"], single["annotations"], "{}", t);
            assert_eq!(line["key_terms"], single["key_terms"], "{}", t);
        }
    }
}

#[test]
fn a_bad_line_is_reported_by_number_and_the_stream_goes_on() {
    let input = [
        r#"{"id": "a", "text": "قال الوزير"}"#,
        r#"{"id": "b", "text": "#,
        "",
        r#""الكتاب""#,
        r#"{"id": 7, "text": 42}"#,
        r#"{"id": "e", "text": "   "}"#,
        r#"{"id": "f", "text": "مضى"}"#,
    ]
    .join("\n");
    let out = hashiya(&["annotate", "--jsonl", "--jobs", "2"], input.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let out = lines(&out);
    // The blank line 3 is skipped; every other line gives one result, in order.
    assert_eq!(out.len(), 6, "{out:?}");
    assert_eq!(out[0]["id"], "a");
    assert!(out[0]["annotations"].as_array().is_some_and(|a| a.len() >= 2));
    assert_eq!(out[1]["id"], 2, "an unreadable line's id is its number");
    assert!(out[1]["error"].as_str().unwrap().starts_with("line 2: not JSON"), "{}", out[1]);
    assert!(out[1].get("annotations").is_none());
    assert_eq!(out[2]["id"], 4, "a bare string's id is its line number");
    assert_eq!(out[2]["annotations"][0]["text"], "الكتاب");
    assert_eq!(out[3]["id"], 7);
    assert_eq!(out[3]["error"], "line 5: \"text\" is a number, not a string");
    assert_eq!(out[4]["id"], "e");
    assert!(out[4]["error"].as_str().unwrap().starts_with("line 6: input is empty"), "{}", out[4]);
    assert_eq!(out[5]["id"], "f");
    assert!(out[5]["annotations"].is_array());
    assert!(stderr.contains("3 of 6 documents could not be annotated"), "{stderr}");
}

#[test]
fn many_files_and_a_directory() {
    let dir = std::env::temp_dir().join(format!("hashiya-batch-{}", std::process::id()));
    let sub = dir.join("b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(dir.join("a.txt"), TEXTS[0]).unwrap();
    std::fs::write(sub.join("c.txt"), TEXTS[2]).unwrap();
    std::fs::write(sub.join("d.txt"), b"\xff\xfe not utf-8").unwrap();
    std::fs::write(dir.join(".hidden"), TEXTS[1]).unwrap();
    let out = lines(&hashiya(&["annotate", dir.to_str().unwrap()], b""));
    let ids: Vec<String> = out.iter().map(|l| l["id"].as_str().unwrap().to_string()).collect();
    let expected: Vec<String> =
        [dir.join("a.txt"), sub.join("c.txt"), sub.join("d.txt")].iter().map(|p| p.display().to_string()).collect();
    assert_eq!(ids, expected, "files in name order, hidden ones skipped");
    assert!(out[2]["error"].as_str().unwrap().contains("not valid UTF-8"), "{}", out[2]);
    // Two files named on the command line: the same results as the directory gave.
    let a = dir.join("a.txt");
    let c = sub.join("c.txt");
    let named = lines(&hashiya(&["annotate", "--jobs", "2", a.to_str().unwrap(), c.to_str().unwrap()], b""));
    assert_eq!(named[..], out[..2]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_refuses_html_output_and_a_bad_job_count() {
    let out = hashiya(&["annotate", "--jsonl", "--format", "html"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format html takes one FILE"));
    let out = hashiya(&["annotate", "--jsonl", "--jobs", "0"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--jobs takes a number"));
}
