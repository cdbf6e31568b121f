//! Hashiya (حاشية, "marginal gloss"): a reading assistant for Arabic.
//!
//! The core reads text and returns annotations as spans in UTF-16 code units of the
//! exact input (what DOM `Text` nodes and `Range` use), sorted and never splitting a
//! surrogate pair. Details (lemma, glosses, ...) live beside the spans and are looked
//! up by id, so a page only fetches what a tooltip shows.
//!
//! Data flows one way: text → [`normalize`] → [`tokenize`] → [`analyze`] → spans.
//!
//! ```no_run
//! let bytes = std::fs::read("build/data/lexicon.bin").unwrap();
//! let annotator = hashiya::Annotator::from_lexicon_bytes(bytes).unwrap();
//! let doc = annotator.annotate("قال وزير الداخلية");
//! for span in &doc.spans {
//!     println!("{}..{} {:?}", span.start, span.end, annotator.details(&doc, span.id));
//! }
//! ```
//!
//! This crate has no wasm-bindgen types in it; the bindings (`wasm` module, only on
//! wasm32) and the command-line tool are thin fronts over [`Annotator`].

pub mod analyze;
pub mod annotate;
pub mod batch;
pub mod buckwalter;
pub mod cli;
pub mod context;
pub mod datafile;
pub mod entities;
pub mod error;
pub mod html;
pub mod lexicon;
pub mod normalize;
pub mod senses;
pub mod terms;
pub mod tokenize;

#[cfg(feature = "build-tools")]
pub mod build;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use annotate::{Annotator, Details, Document, EntityDetails, Entry, Layer, Span, TermDetails, WordDetails};
pub use error::{Error, ErrorKind};
