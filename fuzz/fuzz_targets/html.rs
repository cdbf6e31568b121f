//! The CLI's HTML input (`hashiya annotate --html`, `--format html`): the text
//! extractor, the offsets mapped back to the HTML, the JSON and HTML outputs.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = hashiya::cli::check_input(data) else { return };
    let annotator = hashiya_fuzz::annotator();
    let units = html.encode_utf16().count() as u32;
    let extracted = hashiya::html::extract(html);
    // every unit of the extracted text maps into the source
    let n = extracted.text.encode_utf16().count() as u32;
    for i in 0..n {
        let (s, e) = extracted.source_range(i, i + 1);
        assert!(s <= e && e <= units, "unit {i} maps to {s}..{e} outside {units}");
    }
    let out = hashiya::cli::annotate(annotator, html, true);
    for a in &out.annotations {
        assert!(a.start <= a.end && a.end <= units, "annotation {}..{} outside the HTML", a.start, a.end);
    }
    let json = hashiya::cli::to_json(&out);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let page = hashiya::cli::to_html(annotator, html, true);
    assert!(!page.contains("<script"), "HTML output carries a script element");
});
