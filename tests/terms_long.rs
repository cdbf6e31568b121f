//! Key terms of a long text: a reader pasting a long report (up to the reader's
//! 300,000 characters) still gets its key terms, with English.

mod common;

#[test]
fn long_texts_keep_their_key_terms() {
    let Some(corpus) = common::shared("articles/newswire-corpus.txt") else { return };
    let annotator = common::annotator();
    for chars in [20_000, 100_000, 300_000] {
        let text: String = corpus.chars().take(chars).collect();
        let doc = annotator.annotate(&text);
        assert!(doc.key_terms.len() >= 10, "{chars} characters: only {} key terms", doc.key_terms.len());
        assert!(doc.key_terms.iter().all(|k| !k.english.is_empty() && k.count >= 1));
    }
}
