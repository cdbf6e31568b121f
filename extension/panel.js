// The side panel: the key terms of the current tab's page (top frame), from its content
// script, listed by the reader's KeyTermsPanel; a click asks the content script to scroll to
// and flash the next occurrence. CSV and Anki exports are written by the core in the worker.
// `panel.html?tab=ID` shows a given tab (when opened as a page, and in tests).
import { KeyTermsPanel } from '../www/key-terms.js';
import { downloadExport, keyTermRows } from '../www/export.js';
import { alwaysOnSites, setAlwaysOn } from './settings.js';

const $ = (id) => document.getElementById(id);
const fixedTab = Number(new URLSearchParams(location.search).get('tab')) || null;
let tabId = fixedTab;
/** The last answer of the tab's content script: { on, site, terms, text, words, … }. */
let page = null;

/** The reader's key-term list, except that the page it points into is in another process:
 * going to an occurrence is a message to the tab's content script. */
class TabTermsPanel extends KeyTermsPanel {
  go(k) {
    const t = this.terms[k];
    if (!t || tabId === null) return null;
    const n = t.occurrences.length;
    const j = this.next[k] % n;
    this.next[k] = (j + 1) % n;
    const [start, end] = t.occurrences[j];
    chrome.tabs.sendMessage(tabId, { hashiyaPanel: 'go', start, end }, { frameId: 0 }).catch(() => {});
    if (this.status) this.status.textContent = `${t.text} (${t.english || 'no translation'}): occurrence ${j + 1} of ${n}`;
    return { start, end };
  }
}
const panel = new TabTermsPanel($('terms'), { status: $('terms-status') });

function say(text, warn = false) {
  $('message').textContent = text;
  $('message').className = warn ? 'status warn' : 'status';
}

async function refresh() {
  if (tabId === null) {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    tabId = tab?.id ?? null;
  }
  page = null;
  try {
    page = tabId === null ? null : await chrome.tabs.sendMessage(tabId, { hashiyaPanel: 'keyTerms' }, { frameId: 0 });
  } catch {
    page = null;
  }
  $('toggle').hidden = !page;
  $('always-label').hidden = !page?.site;
  if (!page) {
    panel.clear();
    say('Hashiya cannot read this tab (a browser page, or it was open before Hashiya was installed: reload it).', true);
    return;
  }
  $('toggle').textContent = page.on ? 'Turn off' : 'Turn on';
  $('site').textContent = page.site;
  $('always').checked = (await alwaysOnSites()).includes(page.site);
  if (page.error) say(`Hashiya: ${page.error}`, true);
  else if (!page.on) say('Hashiya is off on this tab.');
  else if (!page.words) say('No Arabic words on this page.');
  else {
    // A layer that could not load is off (the words still work); while the worker's
    // progressive load goes on, the names and terms are still to come.
    const off = (page.missing ?? []).map((m) => `${m.layer} are off: ${m.message}`);
    const loading = page.complete === false ? ' (names and key terms loading…)' : '';
    say(`${page.words.toLocaleString('en-US')} words glossed; ${page.terms.length} key terms${loading}.${off.length ? ` ${off.join('; ')}` : ''}`, off.length > 0);
  }
  if (page.on && page.terms.length) panel.update({ page: tabId }, page.terms);
  else panel.clear();
  document.body.dataset.ready = 'true';
}

$('toggle').addEventListener('click', async () => {
  if (tabId === null) return;
  await chrome.tabs.sendMessage(tabId, { hashiyaControl: page?.on ? 'off' : 'on' }).catch(() => {});
  refresh();
});

$('always').addEventListener('change', async (e) => {
  if (!page?.site) return;
  await setAlwaysOn(page.site, e.target.checked);
});

/** Saves the page's key terms as a file the core writes (in the extension's worker, the one
 * implementation of the formats); says why when there are none or it fails. */
async function saveExport(name, format) {
  if (!page?.terms?.length) return say('There are no key terms to export yet: turn Hashiya on for an Arabic page.', true);
  const rows = keyTermRows(page.terms);
  let reply;
  try {
    reply = await chrome.runtime.sendMessage({ hashiya: { op: 'export', text: page.text, rows, format } });
  } catch (e) {
    reply = { ok: false, error: e.message };
  }
  if (!reply?.ok) return say(`Could not export: ${reply?.error ?? 'the extension did not answer'}`, true);
  downloadExport(name, reply.result, format);
}
$('export-csv').addEventListener('click', () => saveExport('hashiya-key-terms.csv', 'csv'));
$('export-anki').addEventListener('click', () => saveExport('hashiya-anki.tsv', 'anki'));

// The tab's page annotated (again): show its terms.
chrome.runtime.onMessage.addListener((message, sender) => {
  if (sender.id !== chrome.runtime.id) return;
  if ((message?.hashiyaEvent === 'annotated' || 'hashiyaState' in (message ?? {})) && sender.tab?.id === tabId) refresh();
});
if (!fixedTab) {
  chrome.tabs.onActivated.addListener(({ tabId: id }) => {
    tabId = id;
    refresh();
  });
}

refresh();
