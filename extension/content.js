// The content script (bundled by scripts/build-extension.mjs into one classic script, run in
// every frame). Off by default: on a page it does nothing but read the "always on" list once.
// When turned on (toolbar button, keyboard shortcut, or an always-on site) it checks for Arabic
// text, cheaply, and if there is some annotates the page with the shared page layer: the text
// goes to the extension's worker (where the core runs), the spans come back and are painted
// with the CSS Highlight API in slices, visible text first; a hover asks the worker for that
// span's details. The page's DOM is never rewritten; turning off restores it exactly.
import { attachAsync } from '../www/page-layer.js';
import { RemoteCore } from '../www/remote-core.js';
import { InlineLabels, flash } from '../www/key-terms.js';
import { alwaysOnSites, loadSettings, normalise, siteOf } from './settings.js';

/** Arabic script letters (the blocks the core reads). */
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]/;

/** After a change on the page, wait this long for quiet before annotating again (ms)... */
export const DEBOUNCE_MS = 400;
/** ...but re-annotate at most once in this interval, and never wait longer than it (ms):
 * a page that changes all the time is annotated about once a second, not never or always. */
export const MIN_INTERVAL_MS = 1000;

/** Elements left alone besides the page layer's own list: code, editable fields, and what
 * the page marks as not to be translated. */
const SKIP_TAGS = new Set(['code', 'pre', 'kbd', 'samp', 'var']);
function skip(el) {
  if (SKIP_TAGS.has(el.localName)) return true;
  if (el.getAttribute('translate') === 'no' || el.classList.contains('notranslate')) return true;
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable !== 'false') return true;
  return el.getAttribute('role') === 'textbox';
}

/** Is there any Arabic letter under `root` (open shadow roots included)? Stops at the first;
 * reads text nodes only, so it costs no style or layout work. */
function hasArabic(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) {
      if (ARABIC.test(n.data)) return true;
    } else if (n.shadowRoot && hasArabic(n.shadowRoot)) {
      return true;
    }
  }
  return false;
}

/** Was this node put on the page by Hashiya (a tooltip, the labels overlay)? */
function isOurs(node) {
  const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return !!el?.closest('[data-hashiya-ui]');
}

/** Does a mutation change Arabic text of the page (not Hashiya's own UI)? */
function relevant(record) {
  if (isOurs(record.target)) return false;
  if (record.type === 'characterData') return ARABIC.test(record.target.data) || ARABIC.test(record.oldValue ?? '');
  for (const list of [record.addedNodes, record.removedNodes]) {
    for (const n of list) if (!isOurs(n) && ARABIC.test(n.textContent ?? '')) return true;
  }
  return false;
}

/** Tells the extension something without waiting for an answer. After the extension was
 * updated or removed, this page's script is cut off (sendMessage throws): nothing to do then. */
function notify(message) {
  try {
    chrome.runtime.sendMessage(message).catch(() => {});
  } catch {
    // the extension context is gone
  }
}

function main() {
  const site = siteOf(location);
  const topFrame = window === window.top;

  /** The last annotate request per document: a worker that the browser stopped and started
   * again has forgotten the text, so a look-up that finds it gone sends it again first. */
  const lastAnnotate = new Map();
  const ask = async (request) => {
    try {
      return await chrome.runtime.sendMessage({ hashiya: request });
    } catch (e) {
      return { ok: false, error: `Hashiya: the extension did not answer (${e.message})` };
    }
  };
  const send = async (request) => {
    if (request.op === 'annotate') lastAnnotate.set(request.doc, request);
    if (request.op === 'release') lastAnnotate.delete(request.doc);
    let reply = await ask(request);
    if (!reply?.ok && /no annotated text named/.test(reply?.error ?? '') && lastAnnotate.has(request.doc)) {
      let again = await ask(lastAnnotate.get(request.doc));
      // The new worker loads progressively: the page's spans were made with every layer,
      // and ids number the spans of every layer, so the text is annotated once more when
      // all have joined (else a look-up would read another annotation's ids).
      if (again?.ok && state.complete) {
        await ask({ op: 'loaded' });
        again = await ask(lastAnnotate.get(request.doc));
      }
      if (again?.ok) reply = await ask(request);
    }
    return reply;
  };

  const core = new RemoteCore(send, { doc: 'page' });
  let settings = null;
  let annotated = null;
  let labels = null;
  let runSeq = 0;
  let timer = 0;
  let firstPending = 0;
  let lastRunAt = -Infinity;
  /** What the side panel, the tests and the benchmark can ask (times: performance.now()). */
  const state = {
    on: false, site, annotations: 0, words: 0, spans: 0, annotateMs: 0,
    enabledAt: 0, firstPaintAt: 0, paintedAt: 0, error: null,
    // The first screen painted since turned on (firstPaintAt is the latest annotation's).
    firstGlossAt: 0,
    // The core's optional layers in the painted annotation, and whether that is all of them
    // (false while the worker's progressive load still waits for some: run() runs again).
    layers: [], complete: false, missing: [],
  };

  const observer = new MutationObserver((records) => {
    if (state.on && records.some(relevant)) schedule();
  });
  const OBSERVE = { childList: true, characterData: true, characterDataOldValue: true, subtree: true };

  /** Re-annotates after a quiet DEBOUNCE_MS, at most once per MIN_INTERVAL_MS. */
  function schedule() {
    const now = performance.now();
    if (!firstPending) firstPending = now;
    clearTimeout(timer);
    const due = Math.max(Math.min(now + DEBOUNCE_MS, firstPending + MIN_INTERVAL_MS), lastRunAt + MIN_INTERVAL_MS);
    timer = setTimeout(() => {
      timer = 0;
      firstPending = 0;
      run();
    }, due - now);
  }

  /** A frame that loads while the top frame is on (a lazy iframe, a comments widget) has its
   * own content script, which knows nothing of the toggle: the worker tells every frame of
   * the tab to be on (once the frame's script has started: it runs at the frame's load at the
   * latest, hence the short wait). */
  let framesTimer = 0;
  const onFrameLoad = (e) => {
    if (!state.on || !(e.target instanceof HTMLIFrameElement || e.target instanceof HTMLFrameElement)) return;
    clearTimeout(framesTimer);
    framesTimer = setTimeout(() => notify({ hashiyaFrames: true }), 300);
  };

  const tooltipOptions = () => ({ theme: settings.theme, size: settings.tooltipSize });

  function clear() {
    labels?.remove();
    labels = null;
    annotated?.detach();
    annotated = null;
    state.words = 0;
    state.spans = 0;
  }

  /** Annotates the whole page (the body, with its open shadow roots) again. The new
   * annotation is painted before the old one is removed, so nothing blinks. */
  async function run() {
    const seq = ++runSeq;
    lastRunAt = performance.now();
    const body = document.body;
    if (!state.on) return;
    if (!body || document.designMode === 'on' || !hasArabic(body)) {
      clear();
      return;
    }
    state.annotations += 1;
    // The layers in the core before this annotation (asked first, answered first: the
    // worker answers in order); when that is not all, run again once they are (`loaded`).
    const before = core.status().catch(() => null);
    let next;
    try {
      next = await attachAsync(body, core, { keyboard: false, skip, tooltip: tooltipOptions() });
    } catch (e) {
      state.error = e.message;
      console.warn(`Hashiya: ${e.message}`);
      return;
    }
    if (seq !== runSeq || !state.on) {
      next.detach();
      return;
    }
    state.firstPaintAt = performance.now();
    state.firstGlossAt ||= state.firstPaintAt;
    state.annotateMs = next.annotateMs;
    state.error = null;
    labels?.hide();
    // The same text again (more layers joined): the open tooltip goes on in the new one.
    if (annotated && annotated.mode !== 'wrap' && annotated.map.text === next.map.text) annotated.handOver(next);
    else annotated?.detach();
    annotated = next;
    // Changes inside open shadow roots are not seen from the document: watch each one too.
    for (const root of next.map.shadowRoots) observer.observe(root, OBSERVE);
    await next.painted;
    const status = await before;
    if (annotated !== next) return;
    state.layers = status?.layers ?? [];
    state.missing = status?.missing ?? [];
    state.complete = status ? status.complete !== false : true;
    if (!state.complete) waitForLayers();
    state.paintedAt = performance.now();
    state.words = next.wordCount;
    state.spans = next.spanCount;
    if (settings.inlineEnglish) {
      try {
        const terms = await core.keyTerms();
        if (annotated === next) (labels ??= new InlineLabels()).show(next, terms);
      } catch (e) {
        state.error = e.message;
      }
    }
    // An open side panel shows the new key terms.
    if (topFrame) notify({ hashiyaEvent: 'annotated' });
  }

  /** Once the worker's core has every layer (its `loaded` answers), annotates again. */
  let layersWait = null;
  function waitForLayers() {
    layersWait ??= core.loaded().then(() => {
      layersWait = null;
      if (state.on) run();
    }, () => {
      layersWait = null;
    });
  }

  async function enable() {
    if (state.on) return;
    state.on = true;
    state.enabledAt = performance.now();
    state.firstGlossAt = 0;
    settings ??= await loadSettings();
    core.layers = settings.layers;
    observer.observe(document, OBSERVE);
    if (topFrame) document.addEventListener('load', onFrameLoad, true);
    // The toolbar badge follows the top frame (and an open side panel refreshes).
    if (topFrame) notify({ hashiyaState: true });
    await run();
  }

  function disable() {
    if (!state.on) return;
    state.on = false;
    runSeq += 1;
    clearTimeout(timer);
    timer = 0;
    firstPending = 0;
    observer.disconnect();
    document.removeEventListener('load', onFrameLoad, true);
    clearTimeout(framesTimer);
    clear();
    core.release().catch(() => {});
    if (topFrame) notify({ hashiyaState: false });
  }

  /** Key terms of the page for the side panel, with the text their offsets point into. */
  async function keyTerms() {
    if (!annotated) return { ...state, terms: [], text: '' };
    const terms = await core.keyTerms();
    return { ...state, terms, text: annotated.map.text };
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message || typeof message !== 'object') return false;
    const reply = (p) => {
      Promise.resolve(p).then(sendResponse, (e) => sendResponse({ ...state, error: e.message }));
      return true;
    };
    switch (message.hashiyaControl ?? message.hashiyaPanel) {
      case 'state':
        sendResponse({ ...state, url: location.href, now: performance.now() });
        return false;
      case 'on':
        // Answers once the page is painted (the toggle's caller can then trust the state).
        return reply(enable().then(() => annotated?.painted).then(() => ({ ...state })));
      case 'off':
        disable();
        sendResponse({ ...state });
        return false;
      case 'keyTerms':
        return reply(keyTerms());
      case 'go': {
        const range = annotated && flash(annotated, message.start, message.end);
        sendResponse({ ok: !!range });
        return false;
      }
      default:
        return false;
    }
  });

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes.alwaysOn && !state.on && (changes.alwaysOn.newValue ?? []).includes(site)) enable();
    if (!settings) return;
    if (changes.settings) {
      const before = settings;
      settings = normalise(changes.settings.newValue);
      core.layers = settings.layers;
      annotated?.tooltip.configure(tooltipOptions());
      const layersChanged = JSON.stringify(before.layers) !== JSON.stringify(settings.layers);
      if (state.on && (layersChanged || before.inlineEnglish !== settings.inlineEnglish)) {
        if (!settings.inlineEnglish) labels?.hide();
        run();
      }
    }
    // A new glossary changes what the page shows: annotate again with it.
    if (changes.glossary && state.on) run();
  });

  // The only work on a page that is not turned on: one read of the always-on list.
  if (site) {
    alwaysOnSites().then((sites) => {
      if (sites.includes(site)) enable();
    }, () => {});
  }
}

// The worker injects this script into tabs opened before the extension was installed; a
// frame that already has it keeps the one it has.
if (!globalThis.hashiyaContentScript) {
  globalThis.hashiyaContentScript = true;
  main();
}
