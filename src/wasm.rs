//! WebAssembly bindings: one thin class over [`Annotator`], compiled only for wasm32.
//!
//! The boundary is kept cheap on purpose. [`Hashiya::annotate`] hands JavaScript one flat
//! `Uint32Array` of `(start, end, layer, id)` quadruples (UTF-16 offsets of the input, as
//! the core returns them), so painting a long article costs one copy and no per-span
//! objects. The details a tooltip shows are serialised one at a time, by id, through
//! [`Hashiya::details`], only when a tooltip opens.
//!
//! JavaScript usage (see `www/hashiya.js` for the wrapper most code should use):
//!
//! ```js
//! const h = new Hashiya(new Uint8Array(await (await fetch('data/lexicon.bin')).arrayBuffer()));
//! const quads = h.annotate(text);            // Uint32Array, length = 4 × spans
//! const d = h.details(quads[3]);             // { layer: "word", lemma, glosses, ... }
//! ```

use serde::Serialize as _;
use wasm_bindgen::prelude::*;

use crate::{Annotator, Document};

/// Values per span in the array [`Hashiya::annotate`] returns.
const SPAN_WIDTH: usize = 4;

/// An annotator loaded from the lexicon bytes, holding the details of the last text it
/// annotated so that `details(id)` can answer tooltip look-ups.
#[wasm_bindgen]
pub struct Hashiya {
    annotator: Annotator,
    /// The last annotated text's document; span ids index its entries.
    doc: Document,
}

#[wasm_bindgen]
impl Hashiya {
    /// Reads the lexicon (the bytes of `lexicon.bin`). Throws an `Error` whose message
    /// says what is wrong with the data and how to rebuild it. The bytes are moved into
    /// the core and read where they lie (no second copy).
    #[wasm_bindgen(constructor)]
    pub fn new(lexicon: Vec<u8>) -> Result<Hashiya, JsError> {
        #[cfg(feature = "panic-hook")]
        console_error_panic_hook::set_once();
        if lexicon.is_empty() {
            return Err(JsError::new(
                "Hashiya: the lexicon is empty (0 bytes); rebuild it with `npm run build:data`",
            ));
        }
        let annotator = Annotator::from_lexicon_vec(lexicon)
            .map_err(|e| JsError::new(&format!("Hashiya: could not read the lexicon: {e}")))?;
        Ok(Hashiya { annotator, doc: Document::default() })
    }

    /// Adds the entity layer: the bytes of `ner.model` and `gazetteer.bin`. Throws
    /// with a message naming what is wrong.
    #[wasm_bindgen(js_name = addEntities)]
    pub fn add_entities(&mut self, model: &[u8], gazetteer: &[u8]) -> Result<(), JsError> {
        self.annotator
            .load_entities(model, gazetteer)
            .map_err(|e| JsError::new(&format!("Hashiya: could not read the entity model or gazetteer: {e}")))
    }

    /// Adds multiword terms and key terms: the bytes of `terms.bin`.
    #[wasm_bindgen(js_name = addTerms)]
    pub fn add_terms(&mut self, terms: &[u8]) -> Result<(), JsError> {
        self.annotator.load_terms(terms).map_err(|e| JsError::new(&format!("Hashiya: could not read the term data: {e}")))
    }

    /// Layers a custom glossary (TSV, or JSON when `format` is "json") over the
    /// built-in data; returns its malformed entries as `[{line, message}]` (the
    /// good ones load). An empty text removes the glossary.
    #[wasm_bindgen(js_name = setGlossary)]
    pub fn set_glossary(&mut self, text: &str, format: &str) -> Result<JsValue, JsError> {
        if text.trim().is_empty() {
            self.annotator.set_glossary(None);
            return Ok(js_sys::Array::new().into());
        }
        let fmt = if format.eq_ignore_ascii_case("json") { crate::terms::GlossaryFormat::Json } else { crate::terms::GlossaryFormat::Tsv };
        let (glossary, issues) = crate::terms::Glossary::parse(text, fmt);
        self.annotator.set_glossary(Some(glossary));
        let list: Vec<(usize, String)> = issues.iter().map(|i| (i.line, i.to_string())).collect();
        let out = js_sys::Array::new();
        for (line, message) in list {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"line".into(), &JsValue::from(line as u32)).ok();
            js_sys::Reflect::set(&o, &"message".into(), &JsValue::from(message)).ok();
            out.push(&o);
        }
        Ok(out.into())
    }

    /// The key terms of the last annotated text, best first:
    /// `[{ text, lemma, english, count, score, occurrences: [[start, end], ...], source }]`.
    #[wasm_bindgen(js_name = keyTerms)]
    pub fn key_terms(&self) -> Result<JsValue, JsError> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        self.doc.key_terms.serialize(&serializer).map_err(|e| JsError::new(&format!("Hashiya: could not serialise key terms: {e}")))
    }

    /// Annotates `text` and returns its spans as flat `(start, end, layer, id)` quadruples,
    /// sorted by start. Offsets are UTF-16 code units of `text`; `layer` is 0 word, 1 term,
    /// 2 entity; `id` is what `details(id)` takes. Replaces the previous text's details.
    pub fn annotate(&mut self, text: &str) -> Vec<u32> {
        // The last text's document goes first: kept while the next is built, both would
        // be in memory at once, and wasm memory never shrinks after such a peak.
        self.doc = Document::default();
        let doc = self.annotator.annotate(text);
        let mut flat = Vec::with_capacity(doc.spans.len() * SPAN_WIDTH);
        for span in &doc.spans {
            flat.extend_from_slice(&[span.start, span.end, span.layer as u32, span.id]);
        }
        self.doc = doc;
        flat
    }

    /// The details of span `id` of the last annotated text, as a plain object tagged by
    /// `layer` (`{ layer: "word", text, lemma, vocalized, pos, glosses, translit, prefixes,
    /// suffixes }`). Throws when `id` is not a span id of the last text.
    pub fn details(&self, id: u32) -> Result<JsValue, JsError> {
        let details = self.annotator.details(&self.doc, id).ok_or_else(|| {
            JsError::new(&format!(
                "Hashiya: no span with id {id} in the last annotated text ({} ids)",
                self.doc.entries.len()
            ))
        })?;
        // json_compatible: maps become plain objects, so JS sees ordinary JSON-like data.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        details
            .serialize(&serializer)
            .map_err(|e| JsError::new(&format!("Hashiya: could not serialise details {id}: {e}")))
    }

    /// The command line's JSON for `text` (`hashiya annotate`; with `html`, `--html`): the
    /// same checks and the same output, through the same `cli` functions. Throws with the
    /// CLI's message for an empty or oversized input.
    #[wasm_bindgen(js_name = annotateJson)]
    pub fn annotate_json(&self, text: &str, html: bool) -> Result<String, JsError> {
        let text = crate::cli::check_input(text.as_bytes()).map_err(|e| JsError::new(&format!("Hashiya: {e}")))?;
        Ok(crate::cli::to_json(&crate::cli::annotate(&self.annotator, text, html)))
    }

    /// Key terms or looked-up words written as `"csv"` (RFC 4180, header row) or `"anki"`
    /// (Anki's notes TSV): the one implementation of the formats (`terms::export`), also
    /// the CLI's `--format csv|anki`. `rows` is an array of `{ arabic, lemma, english,
    /// sentence? , start?, end? }`; a row without `sentence` gets the sentence around its
    /// UTF-16 span `start..end` of `text`. `rows` comes as JSON text (the wrapper,
    /// `www/hashiya.js`, stringifies it). Throws naming a bad format or a bad row.
    #[wasm_bindgen(js_name = exportRows)]
    pub fn export_rows(&self, text: &str, rows_json: &str, format: &str) -> Result<String, JsError> {
        use crate::terms::export::{ExportFormat, ExportRow, RowSpec};
        let format = ExportFormat::parse(format).map_err(|e| JsError::new(&format!("Hashiya: {e}")))?;
        // JSON text, not a JsValue: serde_json is in the module already (annotateJson), a
        // serde_wasm_bindgen deserializer would add ~40 KiB.
        let specs: Vec<RowSpec> =
            serde_json::from_str(rows_json).map_err(|e| JsError::new(&format!("Hashiya: export rows must be an array of {{ arabic, lemma, english, sentence }} objects: {e}")))?;
        let rows: Vec<ExportRow> = specs.into_iter().map(|spec| ExportRow::from_spec(text, spec)).collect();
        Ok(format.write(&rows))
    }

    /// The sentence of `text` around the UTF-16 span `start..end`, as the exports write it
    /// (cut to about 300 units around the span when longer, with "…" where cut).
    #[wasm_bindgen(js_name = sentenceAround)]
    pub fn sentence_around(&self, text: &str, start: u32, end: u32) -> String {
        let (a, b) = crate::terms::export::utf16_to_byte_range(text, start, end.max(start));
        crate::terms::export::sentence_around(text, a, b)
    }

    /// How many distinct details the last annotated text has (ids are `0..detailCount`).
    #[wasm_bindgen(getter, js_name = detailCount)]
    pub fn detail_count(&self) -> u32 {
        self.doc.entries.len() as u32
    }
}
