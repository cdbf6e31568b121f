//! What the data files share. The framing: an 8-byte magic, a little-endian
//! u32 format version, a u64 FNV-1a checksum of the payload, then the payload.
//! Each file type says in its own words what a framing error means for it. And
//! the tables of strings the files store: plain, read where they lie
//! ([`write_strings`], [`read_strings`]: the text, each string followed by a 0
//! byte); and two kinds unpacked at load: [`write_table`] / [`read_table`] (the
//! same, in Arabic-packed text when it can be), and front-coded for sorted keys
//! ([`write_front_coded`], [`read_front_coded`]: the lengths of the prefixes each
//! string shares with the one before, then the rests, each followed by a 0).
//!
//! Why a 0 after each string rather than a column of lengths (the formats before
//! lexicon 6, gazetteer 6, terms 4 stored varint lengths): in the text, gzip codes
//! the 0 in a few bits, mostly as part of a match, where the lengths, a column of
//! numbers with little order, cost about 5 bits a string. Gzipped, the lexicon's
//! glosses 277 → 262 KB, the gazetteer's English 126 → 116 KB, the phrases' English
//! 139 → 128 KB (BENCHMARKS.md, "Size: a 0 after each string"). The offsets the
//! loader made from the lengths it now makes by finding the 0s.
//!
//! What the two buy, gzipped: front coding takes about a quarter off a sorted
//! table of keys (the gazetteer's keys 167 → 129 KB): gzip finds the shared
//! prefixes too, but pays a back-reference for each. *Arabic-packed* text is one
//! byte per character, ASCII as it is and U+0600 + k (the Arabic letters and
//! marks) as 0x80 + k, where UTF-8 takes two bytes for each Arabic character;
//! gzip's matches then span twice the text (the phrases' Arabic headwords 140 →
//! 115 KB, the gazetteer's keys 147 → 123 KB before front coding). A table is
//! packed when all its strings can be and some are not ASCII, and says so in a flag
//! byte.

/// What is wrong with a file's framing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// Too short, or not the expected magic bytes.
    Magic,
    /// A format version this build does not read.
    Version(u32),
    /// The payload does not match its checksum (truncated or corrupt).
    Checksum,
}

const HEADER: usize = 20;

/// FNV-1a over bytes: catches truncation and bit rot, not tampering.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// FNV-1a over 8-byte little-endian words (the tail byte by byte): one multiply per
/// 8 bytes, so about 8× faster than [`fnv1a`] on a large file (the lexicon's 2.9 MB:
/// 13 ms byte by byte on this loaded machine, the largest part of its load). Catches
/// truncation and bit rot like [`fnv1a`].
pub fn fnv1a_words(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h ^= u64::from_le_bytes(w.try_into().unwrap());
        h = h.wrapping_mul(0x100000001b3);
    }
    for &b in words.remainder() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Frames a payload.
pub fn frame(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    frame_with(magic, version, payload, fnv1a)
}

/// Frames a payload with another checksum function (the reader must use the same).
pub fn frame_with(magic: &[u8; 8], version: u32, payload: &[u8], sum: fn(&[u8]) -> u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + HEADER);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&sum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the framing and returns the payload.
pub fn unframe<'a>(bytes: &'a [u8], magic: &[u8; 8], version: u32) -> Result<&'a [u8], FrameError> {
    unframe_with(bytes, magic, version, fnv1a)
}

/// [`unframe`] with the checksum function the file was framed with.
pub fn unframe_with<'a>(bytes: &'a [u8], magic: &[u8; 8], version: u32, sum: fn(&[u8]) -> u64) -> Result<&'a [u8], FrameError> {
    if bytes.len() < HEADER || &bytes[..8] != magic {
        return Err(FrameError::Magic);
    }
    let found = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    if found != version {
        return Err(FrameError::Version(found));
    }
    let expected = u64::from_le_bytes(bytes[12..20].try_into().unwrap());
    let payload = &bytes[HEADER..];
    if sum(payload) != expected {
        return Err(FrameError::Checksum);
    }
    Ok(payload)
}

/// What is wrong with a table of strings ([`read_strings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringsError {
    /// A length or the text runs past the end of the file.
    Truncated,
    /// A length takes more than five bytes.
    LengthTooLong,
    /// The text is not UTF-8.
    NotUtf8,
    /// A string ends inside a character.
    SplitsChar,
}

impl std::fmt::Display for StringsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StringsError::Truncated => "runs past the end",
            StringsError::LengthTooLong => "has a length that is too long",
            StringsError::NotUtf8 => "is not UTF-8",
            StringsError::SplitsChar => "splits a character",
        })
    }
}

/// The byte that ends each string of a table: no string may hold it.
pub const END: u8 = 0;

/// Reads a table of `n` strings at `*pos`, as the lexicon and gazetteer files
/// store them ([`write_strings`]): the strings' UTF-8 text one after another, each
/// followed by a 0 byte. Returns where the text starts and the `n + 1` offsets of
/// the strings' starts into it (the last one past the last string's 0): string `i`
/// is `offs[i]..offs[i + 1] - 1`, see [`sep_str`]. Moves `*pos` past the text. A
/// count the file cannot back is refused before anything is allocated for it (each
/// string takes at least a byte).
pub fn read_strings(bytes: &[u8], pos: &mut usize, n: usize) -> Result<(usize, Vec<u32>), StringsError> {
    let (at, offs) = read_separated(bytes, pos, n)?;
    // a 0 is ASCII, so every string starts and ends on a character boundary
    std::str::from_utf8(&bytes[at..*pos]).map_err(|_| StringsError::NotUtf8)?;
    Ok((at, offs))
}

/// String `i` of a table read by [`read_strings`] (`offs` relative to `at`): its
/// range in the file, its ending 0 left out.
#[inline]
pub fn sep_str(at: usize, offs: &[u32], i: usize) -> std::ops::Range<usize> {
    at + offs[i] as usize..at + offs[i + 1] as usize - 1
}

/// The length of the string at the start of `bytes`: where its ending 0 is, if any.
/// Eight bytes a step (a word holds a 0 byte when `(w - 0x01…01) & !w & 0x80…80` is
/// not 0): finding the ends of the files' strings one byte at a time took 13 M
/// instructions of a load of all layers.
#[inline]
pub fn string_end(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let v = u64::from_le_bytes(w.try_into().unwrap());
        let zero = v.wrapping_sub(LOW) & !v & HIGH;
        if zero != 0 {
            return Some(at + zero.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words.remainder().iter().position(|&b| b == END).map(|k| at + k)
}

/// [`read_strings`] without the UTF-8 check.
fn read_separated(bytes: &[u8], pos: &mut usize, n: usize) -> Result<(usize, Vec<u32>), StringsError> {
    let at = *pos;
    if n > bytes.len().saturating_sub(at) {
        return Err(StringsError::Truncated);
    }
    let mut offs = Vec::with_capacity(n + 1);
    offs.push(0u32);
    let mut end = at;
    for _ in 0..n {
        let len = string_end(&bytes[end..]).ok_or(StringsError::Truncated)?;
        end += len + 1;
        offs.push(u32::try_from(end - at).map_err(|_| StringsError::LengthTooLong)?);
    }
    *pos = end;
    Ok((at, offs))
}

/// The first character of Arabic-packed text's upper half (see the module's
/// documentation): bytes 0x80..=0xFF are U+0600..=U+067F.
const PACK_BASE: u32 = 0x0600;

/// `s` as Arabic-packed text, if every character is ASCII or in U+0600..U+067F.
pub fn pack_arabic(s: &str) -> Option<Vec<u8>> {
    s.chars()
        .map(|c| match c as u32 {
            b @ 0..0x80 => Some(b as u8),
            c @ PACK_BASE..0x0680 => Some((c - PACK_BASE) as u8 | 0x80),
            _ => None,
        })
        .collect()
}

/// Appends Arabic-packed text as UTF-8 (any bytes are packed text).
pub fn unpack_arabic(packed: &[u8], out: &mut Vec<u8>) {
    for &b in packed {
        if b < 0x80 {
            out.push(b);
        } else {
            let c = PACK_BASE + (b & 0x7f) as u32;
            out.extend_from_slice(&[0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]);
        }
    }
}

/// The strings' bytes as a table stores them: Arabic-packed when all of them can be
/// and some are not ASCII (then `true`), else UTF-8 (ASCII text gains nothing from
/// packing, and UTF-8 is read with less work).
fn table_forms<S: AsRef<str>>(items: &[S]) -> (bool, Vec<std::borrow::Cow<'_, [u8]>>) {
    let packed = if items.iter().all(|s| s.as_ref().is_ascii()) { None } else { items.iter().map(|s| pack_arabic(s.as_ref())).collect::<Option<Vec<_>>>() };
    match packed {
        Some(packed) => (true, packed.into_iter().map(std::borrow::Cow::Owned).collect()),
        None => (false, items.iter().map(|s| std::borrow::Cow::Borrowed(s.as_ref().as_bytes())).collect()),
    }
}

/// Writes a table of strings as [`read_table`] reads it: a flag byte (1 when the
/// text is Arabic-packed, 0 for UTF-8), then the stored bytes of each string
/// followed by a 0 (the count is the caller's to store). Panics when a string holds
/// a 0 byte.
pub fn write_table<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    let (packed, forms) = table_forms(items);
    out.push(packed as u8);
    for f in &forms {
        push_separated(out, f);
    }
}

/// Appends a string's bytes and the 0 that ends it.
fn push_separated(out: &mut Vec<u8>, s: &[u8]) {
    assert!(!s.contains(&END), "a string of a data table holds a 0 byte");
    out.extend_from_slice(s);
    out.push(END);
}

/// Reads `n` strings written by [`write_table`] at `*pos` and unpacks them: their
/// UTF-8 text end to end and the `n + 1` offsets of their ends (the first 0).
pub fn read_table(bytes: &[u8], pos: &mut usize, n: usize) -> Result<(Vec<u8>, Vec<u32>), StringsError> {
    let packed = read_flag(bytes, pos)?;
    let (at, offs) = if packed { read_separated(bytes, pos, n)? } else { read_strings(bytes, pos, n)? };
    let mut text = Vec::with_capacity((*pos - at) * if packed { 2 } else { 1 });
    let mut out = Vec::with_capacity(n + 1);
    out.push(0u32);
    for i in 0..n {
        let s = &bytes[sep_str(at, &offs, i)];
        if packed {
            unpack_arabic(s, &mut text);
        } else {
            text.extend_from_slice(s);
        }
        out.push(u32::try_from(text.len()).map_err(|_| StringsError::LengthTooLong)?);
    }
    Ok((text, out))
}

/// A table's flag byte: whether its text is Arabic-packed.
fn read_flag(bytes: &[u8], pos: &mut usize) -> Result<bool, StringsError> {
    let f = *bytes.get(*pos).ok_or(StringsError::Truncated)?;
    *pos += 1;
    match f {
        0 | 1 => Ok(f == 1),
        _ => Err(StringsError::NotUtf8),
    }
}

/// Appends `n` as a LEB128 varint (7 bits a byte, low bits first).
pub fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a LEB128 varint of at most five bytes (a u32) at `*pos`.
pub fn read_varint(bytes: &[u8], pos: &mut usize) -> Result<u32, StringsError> {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let b = *bytes.get(*pos).ok_or(StringsError::Truncated)?;
        *pos += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            return u32::try_from(v).map_err(|_| StringsError::LengthTooLong);
        }
        shift += 7;
        if shift > 28 {
            return Err(StringsError::LengthTooLong);
        }
    }
}

/// Writes strictly increasing numbers Rice-coded, as [`read_rice`] reads them: a u8
/// parameter k, a u32 byte length, then per number its difference from the one
/// before (the first from 0; after the first, less one, since they increase) as
/// that difference >> k in unary (that many 1 bits and a 0) and its k low bits, low
/// bit first, filling each byte from its low bit. k is the one that takes the fewest
/// bits. For numbers spread evenly at random (the entity model's feature hashes)
/// this is near their entropy, where gzip finds little in varints: 98 → 85 KB for
/// the model's 37,294 hashes.
pub fn write_rice(out: &mut Vec<u8>, values: &[u32]) {
    let gaps: Vec<u32> = values.iter().enumerate().map(|(i, &v)| if i == 0 { v } else {
        assert!(v > values[i - 1], "Rice-coded numbers must increase");
        v - values[i - 1] - 1
    }).collect();
    let cost = |k: u32| gaps.iter().map(|&g| (g >> k) as u64 + 1 + k as u64).sum::<u64>();
    let k = (0..32).min_by_key(|&k| cost(k)).unwrap_or(0);
    let mut bits: Vec<u8> = Vec::new();
    let (mut acc, mut n) = (0u64, 0u32);
    let mut put = |v: u64, width: u32, bits: &mut Vec<u8>| {
        acc |= v << n;
        n += width;
        while n >= 8 {
            bits.push(acc as u8);
            acc >>= 8;
            n -= 8;
        }
    };
    for &g in &gaps {
        for _ in 0..g >> k {
            put(1, 1, &mut bits);
        }
        put(0, 1, &mut bits);
        put(g as u64 & ((1u64 << k) - 1), k, &mut bits);
    }
    put(0, 7, &mut bits);
    out.push(k as u8);
    out.extend_from_slice(&(bits.len() as u32).to_le_bytes());
    out.extend_from_slice(&bits);
}

/// What is wrong with Rice-coded numbers ([`read_rice`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiceError {
    /// The code runs past its length or the file's end.
    Truncated,
    /// A parameter over 31, or a number past u32.
    OutOfRange,
}

impl std::fmt::Display for RiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RiceError::Truncated => "run past the end",
            RiceError::OutOfRange => "are out of range",
        })
    }
}

/// Reads `n` numbers written by [`write_rice`] at `*pos`, and moves `*pos` past them.
pub fn read_rice(bytes: &[u8], pos: &mut usize, n: usize) -> Result<Vec<u32>, RiceError> {
    let head = bytes.get(*pos..*pos + 5).ok_or(RiceError::Truncated)?;
    let k = head[0] as u32;
    let len = u32::from_le_bytes(head[1..5].try_into().unwrap()) as usize;
    if k > 31 {
        return Err(RiceError::OutOfRange);
    }
    let code = bytes.get(*pos + 5..(*pos + 5).checked_add(len).ok_or(RiceError::Truncated)?).ok_or(RiceError::Truncated)?;
    // each number takes a bit at least
    if n > code.len().saturating_mul(8) {
        return Err(RiceError::Truncated);
    }
    let total_bits = code.len() * 8;
    // the 57 bits or more from bit `at` on (zeros past the end): a word at a time,
    // not a bit (the model's 37,294 hashes: 2.6 → 2.0 ms natively)
    let bits_at = |at: usize| -> u64 {
        let i = at >> 3;
        let mut w = [0u8; 8];
        let end = (i + 8).min(code.len());
        if i < end {
            w[..end - i].copy_from_slice(&code[i..end]);
        }
        u64::from_le_bytes(w) >> (at & 7)
    };
    let mut at = 0usize;
    let mut out = Vec::with_capacity(n);
    let mut prev: Option<u32> = None;
    for _ in 0..n {
        let mut q = 0u64;
        loop {
            let ones = bits_at(at).trailing_ones().min(56) as u64;
            q += ones;
            at += ones as usize;
            if q > u32::MAX as u64 >> k {
                return Err(RiceError::OutOfRange);
            }
            if ones < 56 {
                break;
            }
        }
        // the 0 that ends the unary, then the k low bits
        at += 1;
        if at + k as usize > total_bits {
            return Err(RiceError::Truncated);
        }
        let low = bits_at(at) & ((1u64 << k) - 1);
        at += k as usize;
        let gap = q << k | low;
        let v = match prev {
            None => gap,
            Some(p) => p as u64 + gap + 1,
        };
        let v = u32::try_from(v).map_err(|_| RiceError::OutOfRange)?;
        out.push(v);
        prev = Some(v);
    }
    *pos += 5 + len;
    Ok(out)
}

/// Writes a table of strings as [`read_strings`] reads it: each string's text
/// followed by a 0 (the count is the caller's to store). Panics when a string holds
/// a 0 byte.
pub fn write_strings<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    for s in items {
        push_separated(out, s.as_ref().as_bytes());
    }
}

/// Writes strings front-coded (sorted ones gain most), as [`read_front_coded`]
/// reads them: a flag byte (1 when the text is Arabic-packed, 0 for UTF-8), per
/// string a varint of the bytes it shares with the string before (in UTF-8, at a
/// character boundary), then per string the rest followed by a 0. Panics when a
/// string holds a 0 byte.
pub fn write_front_coded<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    write_front_coded_as(out, items, false);
}

/// [`write_front_coded`], or with `inline` each string's shared length followed
/// by its rest and 0 (flag bit 2). Which gzips smaller depends on the table: the
/// lexicon's lemma forms (short Buckwalter words) 92 → 88 KB inline, the gazetteer's
/// keys 101 → 97 KB and the phrases' headwords 113 → 109 KB apart.
pub fn write_front_coded_as<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S], inline: bool) {
    let (packed, forms) = table_forms(items);
    out.push(packed as u8 | (inline as u8) << 1);
    let mut prev: &[u8] = b"";
    let mut rests = Vec::new();
    for (s, f) in items.iter().zip(&forms) {
        let mut shared = prev.iter().zip(f.iter()).take_while(|(a, b)| a == b).count();
        while !packed && !s.as_ref().is_char_boundary(shared) {
            shared -= 1;
        }
        push_varint(out, shared as u64);
        push_separated(if inline { &mut *out } else { &mut rests }, &f[shared..]);
        prev = f;
    }
    out.extend_from_slice(&rests);
}

/// Reads `n` front-coded strings at `*pos` ([`write_front_coded`]) and unpacks them:
/// their text end to end, and the `n + 1` offsets of their ends (the first 0). Moves
/// `*pos` past them. The text is checked as UTF-8 with every string on character
/// boundaries. A count the file cannot back is refused before anything is allocated
/// for it (each string takes at least two bytes).
pub fn read_front_coded(bytes: &[u8], pos: &mut usize, n: usize) -> Result<(Vec<u8>, Vec<u32>), StringsError> {
    let flag = *bytes.get(*pos).ok_or(StringsError::Truncated)?;
    *pos += 1;
    let (packed, inline) = match flag {
        0..=3 => (flag & 1 != 0, flag & 2 != 0),
        _ => return Err(StringsError::NotUtf8),
    };
    if n > bytes.len().saturating_sub(*pos) / 2 {
        return Err(StringsError::Truncated);
    }
    // per string, the bytes it shares and where its rest lies in `bytes`
    let (mut shared_at, mut rests) = (Vec::with_capacity(n), Vec::with_capacity(n));
    if inline {
        for _ in 0..n {
            shared_at.push(read_varint(bytes, pos)?);
            let len = string_end(&bytes[*pos..]).ok_or(StringsError::Truncated)?;
            rests.push(*pos..*pos + len);
            *pos += len + 1;
        }
    } else {
        for _ in 0..n {
            shared_at.push(read_varint(bytes, pos)?);
        }
        let (at, offs) = read_separated(bytes, pos, n)?;
        rests.extend((0..n).map(|i| sep_str(at, &offs, i)));
    }
    let mut text: Vec<u8> = Vec::new();
    let mut offs = Vec::with_capacity(n + 1);
    offs.push(0u32);
    // The shared prefix is copied from the string before as unpacked, and only the
    // rest is unpacked: for that, per byte of the string before as stored, the length
    // of its unpacked text up to there (`utf8[k]` for its first k bytes).
    let mut utf8: Vec<u32> = vec![0];
    let mut prev = 0..0;
    for (i, &shared) in shared_at.iter().enumerate() {
        let shared = shared as usize;
        let stored_before = if packed { utf8.len() - 1 } else { prev.len() };
        if shared > stored_before {
            return Err(StringsError::Truncated);
        }
        let tail = &bytes[rests[i].clone()];
        let start = text.len();
        if packed {
            text.extend_from_within(prev.start..prev.start + utf8[shared] as usize);
            utf8.truncate(shared + 1);
            let mut len = utf8[shared];
            for &b in tail {
                len += 1 + (b >> 7) as u32;
                utf8.push(len);
            }
            unpack_arabic(tail, &mut text);
        } else {
            text.extend_from_within(prev.start..prev.start + shared);
            text.extend_from_slice(tail);
        }
        offs.push(u32::try_from(text.len()).map_err(|_| StringsError::LengthTooLong)?);
        prev = start..text.len();
    }
    let s = std::str::from_utf8(&text).map_err(|_| StringsError::NotUtf8)?;
    if !offs.iter().all(|&o| s.is_char_boundary(o as usize)) {
        return Err(StringsError::SplitsChar);
    }
    Ok((text, offs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let framed = frame(b"TESTMAGC", 3, b"payload");
        assert_eq!(unframe(&framed, b"TESTMAGC", 3), Ok(&b"payload"[..]));
        assert_eq!(unframe(&framed, b"OTHERMAG", 3), Err(FrameError::Magic));
        assert_eq!(unframe(&framed, b"TESTMAGC", 4), Err(FrameError::Version(3)));
        assert_eq!(unframe(&framed[..framed.len() - 1], b"TESTMAGC", 3), Err(FrameError::Checksum));
        assert_eq!(unframe(b"short", b"TESTMAGC", 3), Err(FrameError::Magic));
        let words = frame_with(b"TESTMAGC", 3, b"a payload of 20 bytes", fnv1a_words);
        assert_eq!(unframe_with(&words, b"TESTMAGC", 3, fnv1a_words), Ok(&b"a payload of 20 bytes"[..]));
        assert_eq!(unframe(&words, b"TESTMAGC", 3), Err(FrameError::Checksum));
    }

    #[test]
    fn string_ends() {
        for len in 0..20 {
            for tail in 0..10 {
                let mut b = vec![b'a'; len];
                b.push(END);
                b.extend(std::iter::repeat_n(0x80u8, tail));
                assert_eq!(string_end(&b), Some(len));
                assert_eq!(string_end(&b[..len]), None);
            }
        }
        // a byte 0x01 before the 0, and bytes ≥ 0x80 (the word test's edge cases)
        assert_eq!(string_end(&[0x81, 0x01, 0xff, 0x80, 0x7f, 0x01, 0x02, 0x03, 0x00]), Some(8));
        assert_eq!(string_end(&[0x01, 0x00, 0x01]), Some(1));
    }

    #[test]
    fn string_tables() {
        // three strings, "ab", "" and "ج", after one byte of something else
        let bytes = [9, b'a', b'b', 0, 0, 0xD8, 0xAC, 0];
        let mut pos = 1;
        let (at, offs) = read_strings(&bytes, &mut pos, 3).unwrap();
        assert_eq!((at, &offs[..]), (1, &[0, 3, 4, 7][..]));
        assert_eq!(pos, bytes.len());
        assert_eq!([0, 1, 2].map(|i| &bytes[sep_str(at, &offs, i)]), [&b"ab"[..], b"", "ج".as_bytes()]);
        let mut out = vec![9];
        write_strings(&mut out, &["ab", "", "ج"]);
        assert_eq!(out, bytes);
        for (bytes, n, err) in [
            (&[b'a', 0, b'a'][..], 2, StringsError::Truncated),
            (&[0][..], 5, StringsError::Truncated),
            (&[0xff, 0][..], 1, StringsError::NotUtf8),
            (&[0xD8, 0, 0xAC, 0][..], 2, StringsError::NotUtf8),
        ] {
            assert_eq!(read_strings(bytes, &mut 0, n), Err(err), "{bytes:?}");
        }
    }

    #[test]
    fn rice_coded_numbers() {
        for values in [&[][..], &[0][..], &[5, 6, 7, 100, 4_000_000_000, u32::MAX][..], &[1, 1 << 20, 3 << 20][..]] {
            let mut out = vec![9];
            write_rice(&mut out, values);
            let mut pos = 1;
            assert_eq!(read_rice(&out, &mut pos, values.len()).as_deref(), Ok(values));
            assert_eq!(pos, out.len());
            for cut in 1..out.len() {
                assert!(read_rice(&out[..cut], &mut 1, values.len()).is_err() || values.is_empty(), "cut at {cut}");
            }
        }
        // more numbers than the code holds; a parameter over 31; a number past u32
        assert_eq!(read_rice(&[0, 1, 0, 0, 0, 0], &mut 0, 9), Err(RiceError::Truncated));
        assert_eq!(read_rice(&[32, 1, 0, 0, 0, 0], &mut 0, 1), Err(RiceError::OutOfRange));
        let mut out = Vec::new();
        write_rice(&mut out, &[u32::MAX - 1, u32::MAX]);
        assert!(read_rice(&out, &mut 0, 3).is_err());
        // a unary run longer than any u32 needs
        assert_eq!(read_rice(&[31, 1, 0, 0, 0, 0xff], &mut 0, 1), Err(RiceError::OutOfRange));
    }

    #[test]
    fn front_coded_tables() {
        let strs = |text: &[u8], offs: &[u32]| -> Vec<String> {
            offs.windows(2).map(|w| std::str::from_utf8(&text[w[0] as usize..w[1] as usize]).unwrap().to_string()).collect()
        };
        // Arabic-packed (ASCII and Arabic), and UTF-8 (a character outside them)
        for (items, packed) in [(&["", "ab", "abc", "abd", "b", "جب", "جد"][..], true), (&["ab", "abé", "abê", "ج"][..], false)] {
            let mut out = vec![7];
            write_front_coded(&mut out, items);
            assert_eq!(out[1], packed as u8);
            let mut pos = 1;
            let (text, offs) = read_front_coded(&out, &mut pos, items.len()).unwrap();
            assert_eq!(pos, out.len());
            assert_eq!(strs(&text, &offs), items);
            for cut in 0..out.len() - 1 {
                assert!(read_front_coded(&out[..cut], &mut 1.min(cut), items.len()).is_err(), "cut at {cut}");
            }
            let mut inline = vec![7];
            write_front_coded_as(&mut inline, items, true);
            assert_eq!(inline[1], packed as u8 | 2);
            let mut pos = 1;
            let (text, offs) = read_front_coded(&inline, &mut pos, items.len()).unwrap();
            assert_eq!((pos, strs(&text, &offs)), (inline.len(), items.iter().map(|s| s.to_string()).collect()));
            for cut in 0..inline.len() - 1 {
                assert!(read_front_coded(&inline[..cut], &mut 1.min(cut), items.len()).is_err(), "cut at {cut}");
            }
            let mut out = vec![7];
            write_table(&mut out, items);
            let mut pos = 1;
            let (text, offs) = read_table(&out, &mut pos, items.len()).unwrap();
            assert_eq!((pos, strs(&text, &offs)), (out.len(), items.iter().map(|s| s.to_string()).collect()));
        }
        // packed: جد after جب shares one byte (a character), and is stored as د's byte
        let mut out = Vec::new();
        write_front_coded(&mut out, &["جب", "جد"]);
        assert_eq!(out, [1, 0, 1, 0xAC, 0xA8, 0, 0xAF, 0]);
        // in UTF-8, é and ê share their first byte: the shared prefix stops at the character
        let mut out = Vec::new();
        write_front_coded(&mut out, &["é", "ê"]);
        assert_eq!(out, [0, 0, 0, 0xC3, 0xA9, 0, 0xC3, 0xAA, 0]);
        // a shared prefix longer than the string before; a bad flag
        assert_eq!(read_front_coded(&[0, 0, 2, b'a', 0, 0], &mut 0, 2), Err(StringsError::Truncated));
        assert!(read_front_coded(&[4, 0, 0], &mut 0, 1).is_err());
        // a prefix that splits a character
        assert_eq!(read_front_coded(&[0, 0, 0, 0xD8, 0, 0xAC, 0], &mut 0, 2), Err(StringsError::SplitsChar));
        // a string holding a 0 cannot be written
        assert!(std::panic::catch_unwind(|| write_front_coded(&mut Vec::new(), &["a\0b"])).is_err());
    }
}
