// What the fronts need to export an article's key terms and the words a reader looked up:
// the rows, and saving a file. The formats themselves (CSV, Anki TSV, the sentence around a
// word) are written by the core, `src/terms/export.rs`, the one implementation every front
// and the CLI (`--format csv|anki`) share: `hashiya.exportRows(text, rows, format)` where the
// core is local (the reader, the offline file), the `export` request of `www/remote-core.js`
// where it runs in a worker (the extension's side panel).

/** Export rows (`{ arabic, lemma, english, start, end }`) for key terms, best first: the core
 * finds each one's sentence around its first occurrence `[start, end)` of the text. */
export function keyTermRows(terms) {
  return terms.map((t) => {
    const [start, end] = t.occurrences?.[0] ?? [];
    return { arabic: t.text, lemma: t.lemma || t.text, english: t.english || '', start, end };
  });
}

/** Saves an export the core wrote (`format` 'csv' or 'anki') as the file `name`; a CSV gets a
 * byte-order mark, so that spreadsheet programs read its Arabic as UTF-8. */
export function downloadExport(name, content, format) {
  if (format === 'csv') download(name, `\ufeff${content}`, 'text/csv;charset=utf-8');
  else download(name, content, 'text/tab-separated-values;charset=utf-8');
}

/** Saves `content` as a file named `name` through a temporary link (Blob + a.download). */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
