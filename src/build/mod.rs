//! The data builder: reads the registry packages fetched by
//! `scripts/fetch-data.mjs` (pinned, hash-checked) and writes the compact binary
//! files the runtime loads from bytes. Only built with the `build-tools` feature;
//! the runtime never depends on it.

pub mod archive;
pub mod entities;
pub mod gazetteer;
pub mod lexicon;
pub mod terms;
pub mod wordfreq;
