// Export of an article's key terms and the words a reader looked up: CSV (RFC 4180) and an
// Anki-ready TSV (Arabic, vocalised lemma, English, the sentence the word appeared in). The
// same formats as the core's `terms::export` (src/terms/export.rs), done here because the
// rows come from the page (looked-up words) and the wasm build does not export them.

/** Characters that end a sentence (as in the core's `sentence_around`). */
const SENTENCE_END = new Set(['.', '!', '?', '؟', '؛', '\n', '…', '۔']);

/** Longest sentence exported whole (UTF-16 units); a longer one is cut to the words
 * around the occurrence, with "…" where it was cut (a flash card holds a line, not a page). */
export const MAX_SENTENCE = 300;

/**
 * The sentence around [start, end) of `text` (UTF-16 offsets): from after the previous
 * sentence end to the next one (included, except a line break), trimmed; cut to about
 * `max` units around the occurrence at word boundaries when longer.
 */
export function sentenceAround(text, start, end, max = MAX_SENTENCE) {
  let a = Math.max(0, Math.min(start, text.length));
  while (a > 0 && !SENTENCE_END.has(text[a - 1])) a--;
  let b = Math.max(a, Math.min(end, text.length));
  while (b < text.length && !SENTENCE_END.has(text[b])) b++;
  if (b < text.length && text[b] !== '\n') b++;
  if (b - a <= max) return text.slice(a, b).trim();
  let from = Math.max(a, start - Math.floor((max - (end - start)) / 2));
  const to = Math.min(b, from + max);
  from = Math.max(a, Math.min(from, to - max));
  let head = from;
  if (head > a) {
    const space = text.slice(head, start).search(/\s/); // start at a whole word
    head = space < 0 ? Math.min(start, head) : head + space + 1;
  }
  let tail = to;
  if (tail < b) {
    const space = text.slice(end, tail).search(/\s\S*$/);
    tail = space < 0 ? Math.max(end, tail) : end + space;
  }
  return `${head > a ? '… ' : ''}${text.slice(head, tail).trim()}${tail < b ? ' …' : ''}`;
}

/** Rows (`{ arabic, lemma, english, sentence }`) for key terms, with each one's first sentence. */
export function keyTermRows(text, terms) {
  return terms.map((t) => {
    const first = t.occurrences?.[0];
    return {
      arabic: t.text,
      lemma: t.lemma || t.text,
      english: t.english || '',
      sentence: first ? sentenceAround(text, first[0], first[1]) : '',
    };
  });
}

/** First characters that make a spreadsheet read a cell as a formula (=SUM, +1, -1, @A1) or
 * that some strip before doing so (tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A field as text a spreadsheet will not run: a leading `'` before a formula character
 * (OWASP's advice for CSV injection; the cell shows the text, apostrophe hidden). */
export const neutralise = (f) => {
  const s = String(f ?? '');
  return FORMULA_START.test(s) ? `'${s}` : s;
};

/** A field quoted (quotes doubled) when it holds the separator, a quote or a line break. */
const quoted = (s, special) => (special.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV (RFC 4180) with a header row, CRLF line ends, fields quoted when they hold a comma,
 * quote or break, formula-like fields neutralised. Same format as src/terms/export.rs
 * (tests/export-cases.json checks both). */
export function toCsv(rows) {
  const lines = ['arabic,lemma,english,sentence'];
  for (const r of rows) lines.push([r.arabic, r.lemma, r.english, r.sentence].map((f) => quoted(neutralise(f), /[",\r\n]/)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Anki's file headers (tab separator, plain text, column names), then one note a line;
 * fields holding a tab, quote or line break are quoted as Anki's importer reads them, so
 * they come back exactly; formula-like fields neutralised as in the CSV. */
export function toAnkiTsv(rows) {
  let out = '#separator:tab\n#html:false\n#columns:Arabic\tLemma\tEnglish\tSentence\n';
  for (const r of rows) out += `${[r.arabic, r.lemma, r.english, r.sentence].map((f) => quoted(neutralise(f), /["\t\r\n]/)).join('\t')}\n`;
  return out;
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
