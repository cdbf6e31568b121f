// The study sheet: the article with the words the reader looked up marked and numbered, then
// those words (lemma, English, the sentence) and the article's key terms as a glossary. The
// same sheet is the page's print view (@media print shows it alone) and a standalone HTML
// file ("Save study sheet").
import { download } from '../www/export.js';

const $ = (id) => document.getElementById(id);
const LETTER = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]/;

const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** The sheet's own styles (inlined into the saved file; the print view uses the same). */
export const SHEET_CSS = `
.study-sheet { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; background: #fff; max-width: 46rem; margin: 0 auto; }
.study-sheet h1 { font-size: 1.3rem; margin: 0 0 0.2rem; }
.study-sheet h2 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; border-bottom: 1px solid #999; break-after: avoid; }
.study-sheet .meta { color: #555; font-size: 0.85rem; margin: 0 0 1rem; }
.study-sheet [lang="ar"] { font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", serif; }
.study-sheet .article p { font-size: 1.3rem; line-height: 2; margin: 0 0 0.7em; text-align: start; }
.study-sheet mark { background: #ffe9a8; color: inherit; border-bottom: 1.5px solid #b07a00; padding: 0 1px; }
.study-sheet sup { font: 600 0.6rem/1 system-ui, sans-serif; color: #8a5a12; }
.study-sheet ol.looked-up { padding-inline-start: 1.6rem; }
.study-sheet ol.looked-up li { margin: 0 0 0.5rem; break-inside: avoid; }
.study-sheet .ar { font-size: 1.2rem; }
.study-sheet .sentence { color: #444; font-size: 1.05rem; }
.study-sheet table { border-collapse: collapse; width: 100%; }
.study-sheet th, .study-sheet td { border-bottom: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: start; vertical-align: top; }
.study-sheet td.ar { font-size: 1.15rem; }
.study-sheet tr { break-inside: avoid; }
.study-sheet .none { color: #555; font-style: italic; }
`;

/** Rows of the words looked up that occur in `text`, in the order they were looked up. */
function lookupsIn(text, lookups) {
  return [...lookups.values()].filter((r) => r.arabic && text.includes(r.arabic));
}

/** The article's paragraphs as HTML, each whole-word occurrence of a looked-up word marked
 * with the word's number in the list below. */
function articleHtml(text, rows) {
  const number = new Map();
  rows.forEach((r, i) => {
    if (!number.has(r.arabic)) number.set(r.arabic, i + 1);
  });
  const forms = [...number.keys()].sort((a, b) => b.length - a.length);
  const pattern = forms.length ? new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;
  return text.split(/\r?\n/).filter((line) => line.trim()).map((line) => {
    let html = '';
    let last = 0;
    for (const m of pattern ? line.matchAll(pattern) : []) {
      const [form] = m;
      const before = line[m.index - 1] ?? '';
      const after = line[m.index + form.length] ?? '';
      if (LETTER.test(before) || LETTER.test(after)) continue; // part of a longer word
      html += `${escapeHtml(line.slice(last, m.index))}<mark>${escapeHtml(form)}</mark><sup>${number.get(form)}</sup>`;
      last = m.index + form.length;
    }
    return `<p dir="rtl" lang="ar">${html}${escapeHtml(line.slice(last))}</p>`;
  }).join('\n');
}

/** The first line of the article, as the sheet's title when it is short enough to be one. */
function headline(text) {
  const first = text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  return first.length <= 120 ? first : '';
}

/**
 * The sheet's inner HTML for `text` (the annotated article), its key terms and the reader's
 * looked-up words (a Map of `{ arabic, lemma, english, sentence }`).
 */
export function studySheetHtml({ text, keyTerms, lookups, date = new Date() }) {
  const rows = lookupsIn(text, lookups);
  const title = headline(text);
  const glossary = [...keyTerms].sort((a, b) => String(a.lemma || a.text).localeCompare(String(b.lemma || b.text), 'ar'));
  const looked = rows.length
    ? `<ol class="looked-up">${rows.map((r) => `<li><span class="ar" lang="ar" dir="rtl">${escapeHtml(r.arabic)}</span>${r.lemma && r.lemma !== r.arabic ? ` (<span lang="ar" dir="rtl">${escapeHtml(r.lemma)}</span>)` : ''}: ${escapeHtml(r.english || '—')}${r.sentence ? `<div class="sentence" lang="ar" dir="rtl">${escapeHtml(r.sentence)}</div>` : ''}</li>`).join('')}</ol>`
    : '<p class="none">No words looked up in this article yet: hover a word (or move to it with the keyboard) and keep its gloss open a moment.</p>';
  const terms = glossary.length
    ? `<table class="glossary"><thead><tr><th>Arabic</th><th>Lemma</th><th>English</th><th>Count</th></tr></thead><tbody>${glossary.map((t) => `<tr><td class="ar" lang="ar" dir="rtl">${escapeHtml(t.text)}</td><td lang="ar" dir="rtl">${escapeHtml(t.lemma || t.text)}</td><td>${escapeHtml(t.english || '—')}</td><td>${escapeHtml(t.count ?? '')}</td></tr>`).join('')}</tbody></table>`
    : '<p class="none">No key terms in this article.</p>';
  return `<h1>Study sheet${title ? `: <span lang="ar" dir="rtl">${escapeHtml(title)}</span>` : ''}</h1>
<p class="meta">Hashiya offline reader · ${rows.length} word${rows.length === 1 ? '' : 's'} looked up · ${glossary.length} key term${glossary.length === 1 ? '' : 's'} · ${escapeHtml(date.toISOString().slice(0, 10))}</p>
<h2>Article</h2>
<div class="article">${articleHtml(text, rows)}</div>
<h2>Words looked up</h2>
${looked}
<h2>Key terms (glossary)</h2>
${terms}`;
}

/** The sheet as a standalone HTML document. */
export function studySheetDocument(state) {
  const title = headline(state.text);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Study sheet${title ? ` — ${escapeHtml(title)}` : ''}</title>
<style>body { margin: 1.5rem; background: #fff; }${SHEET_CSS}</style>
</head>
<body>
<main class="study-sheet">
${studySheetHtml(state)}
</main>
</body>
</html>
`;
}

/** Wires the Print and Save buttons and keeps the print view (#study-sheet) current. */
export function startStudy({ readerState, say }) {
  const sheet = $('study-sheet');
  document.head.append(Object.assign(document.createElement('style'), { textContent: SHEET_CSS }));
  /** The reader's state, or null (and a message) when nothing is annotated. */
  const state = () => {
    const { annotated, keyTerms, lookups } = readerState();
    if (!annotated) return null;
    return { text: annotated.map.text, keyTerms, lookups };
  };
  const render = () => {
    const s = state();
    sheet.innerHTML = s ? studySheetHtml(s) : '<p class="none">Annotate an article first: the study sheet is made from it.</p>';
  };
  addEventListener('beforeprint', render);
  $('study-print').addEventListener('click', () => {
    render();
    window.print();
  });
  $('study-save').addEventListener('click', () => {
    const s = state();
    if (!s) {
      say('There is no study sheet yet: annotate an article first.', 'warn');
      return;
    }
    download('hashiya-study-sheet.html', studySheetDocument(s), 'text/html;charset=utf-8');
  });
  render();
}
