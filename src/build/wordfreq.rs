//! Arabic word frequencies from the `wordfreq` wheel (data CC BY-SA 4.0).
//!
//! The wheel stores `wordfreq/data/large_ar.msgpack.gz`: a msgpack list whose first
//! item is a header and whose item `i + 1` lists the words with frequency
//! `10^(-i/100)` (one centibel bins).

use std::path::Path;

use crate::build::archive::{gunzip, read_from_zip};
use crate::error::Error;

pub const FILE_IN_WHEEL: &str = "wordfreq/data/large_ar.msgpack.gz";

/// Reads (word, frequency) pairs, most frequent first.
pub fn load_arabic(wheel: &Path) -> Result<Vec<(String, f32)>, Error> {
    let gz = read_from_zip(wheel, FILE_IN_WHEEL)?;
    let what = format!("{} in {}", FILE_IN_WHEEL, wheel.display());
    let raw = gunzip(&gz, &what)?;
    let value = rmpv::decode::read_value(&mut raw.as_slice()).map_err(|e| Error::data(format!("{what}: not msgpack: {e}")))?;
    let bins = value.as_array().ok_or_else(|| Error::data(format!("{what}: expected a list")))?;
    let mut out = Vec::new();
    for (i, bin) in bins.iter().enumerate().skip(1) {
        let freq = 10f32.powf(-((i - 1) as f32) / 100.0);
        let words = bin.as_array().ok_or_else(|| Error::data(format!("{what}: bin {i} is not a list")))?;
        for w in words {
            if let Some(s) = w.as_str() {
                out.push((s.to_string(), freq));
            }
        }
    }
    if out.is_empty() {
        return Err(Error::data(format!("{what}: holds no words")));
    }
    Ok(out)
}
