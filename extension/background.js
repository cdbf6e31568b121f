// The extension's service worker (a module): the Hashiya core runs here, never in the page,
// so a page whose Content-Security-Policy forbids WebAssembly is annotated all the same.
// The wasm module and the data files are read from the extension's own files once, on the
// first request, and kept in memory. When the browser stops an idle worker, the next request
// starts it again and CoreHost loads the core again (the cold start `npm run bench:extension`
// measures); the content script re-sends its text if a look-up finds the worker forgot it.
//
// Messages (chrome.runtime.sendMessage), accepted only from this extension's own content
// scripts and pages (`trusted` below):
//   { hashiya: request }  → CoreHost's reply { ok, result } / { ok: false, error }
//   { hashiyaState: on }  → a frame says Hashiya turned on/off in its tab (the badge follows)
//   { hashiyaFrames: true } → the top frame (on) saw a frame load: every frame of the tab is
//                            told to be on (frames already on ignore it)
import { Hashiya } from '../www/hashiya.js';
import { CoreHost } from '../www/remote-core.js';

/** Core requests a content script or extension page may make (CoreHost's ops). */
const OPS = new Set(['status', 'loaded', 'annotate', 'details', 'keyTerms', 'setGlossary', 'export', 'release']);

/** Whether the core loads progressively (a build define lets the benchmark build the
 * extension without, to compare: `node scripts/build-extension.mjs --no-progressive`). */
// eslint-disable-next-line no-undef
const PROGRESSIVE = typeof __HASHIYA_PROGRESSIVE__ === 'boolean' ? __HASHIYA_PROGRESSIVE__ : true;

const host = new CoreHost(async () => {
  const t0 = performance.now();
  // Progressive: the core answers as soon as the words layer works; the entity and term
  // layers join when their files are read, and a page that annotated before that asks
  // `loaded` and annotates again (content.js).
  const core = await Hashiya.load({
    wasmUrl: chrome.runtime.getURL('pkg/hashiya_bg.wasm'),
    dataUrl: chrome.runtime.getURL('data/'),
    progressive: PROGRESSIVE,
  });
  core.loaded.then(() => (stats.allLayersMs = performance.now() - t0));
  // The custom glossary saved by the options page applies from the first annotation.
  const { glossary } = await chrome.storage.local.get('glossary');
  if (glossary?.text) {
    try {
      core.setGlossary(glossary.text, glossary.format === 'json' ? 'json' : 'tsv');
    } catch (e) {
      console.warn(`Hashiya: the saved glossary could not be applied: ${e.message}`);
    }
  }
  stats.loads += 1;
  stats.loadMs = performance.now() - t0;
  return core;
});

/** What this worker did since it started (read by the tests and the benchmark). `loadMs`:
 * until the core answered (the words layer), `allLayersMs`: until every layer was in. */
const stats = { started: Date.now(), loads: 0, loadMs: 0, allLayersMs: 0, annotate: [], ms: {} };
globalThis.hashiyaStats = stats;

const OWN_ORIGIN = chrome.runtime.getURL('');

/** A message is ours when it comes from this extension: a content script (it has a tab) or
 * one of the extension's pages (options, side panel). Web pages cannot reach the worker at all
 * (no externally_connectable), and other extensions have another id. */
function trusted(sender) {
  if (sender?.id !== chrome.runtime.id) return false;
  if (sender.tab) return typeof sender.tab.id === 'number';
  return typeof sender.url === 'string' && sender.url.startsWith(OWN_ORIGIN);
}

/** Runs a core request. A content script's document names are kept apart per tab and frame,
 * so one frame can never ask about another's text. */
async function coreRequest(request, sender) {
  if (!request || typeof request !== 'object' || !OPS.has(request.op)) {
    return { ok: false, error: `Hashiya: unknown request ${JSON.stringify(request?.op ?? null)}` };
  }
  const req = { ...request };
  if (typeof req.doc === 'string') {
    req.doc = sender.tab ? `tab${sender.tab.id}/frame${sender.frameId}/${req.doc}` : `ext/${req.doc}`;
  }
  if (req.op === 'annotate') {
    stats.annotate.push({ tab: sender.tab?.id ?? null, frame: sender.frameId ?? null, at: Date.now(), length: req.text?.length ?? 0 });
    if (stats.annotate.length > 1000) stats.annotate.splice(0, 500);
  }
  const t0 = performance.now();
  const reply = await host.handle(req);
  // The worker's own time per request (queue, core work), for the benchmark: the last 20 per op.
  const times = (stats.ms[req.op] ??= []);
  times.push(performance.now() - t0);
  if (times.length > 20) times.shift();
  // Messaging serialises as JSON: a plain array of numbers is far smaller than the object a
  // Uint32Array becomes (RemoteCore turns it back into a Uint32Array).
  if (reply.ok && reply.result?.spans instanceof Uint32Array) reply.result.spans = Array.from(reply.result.spans);
  if (reply.ok && req.op === 'setGlossary') {
    // Kept for the next time the worker loads the core (also after a browser restart).
    const text = String(req.text ?? '');
    const format = req.format === 'json' ? 'json' : 'tsv';
    await chrome.storage.local.set({ glossary: text.trim() ? { text, format, issues: reply.result } : null });
  }
  return reply;
}

globalThis.hashiyaTrusted = trusted; // for the tests

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || typeof message !== 'object') return false;
  if (!('hashiya' in message) && !('hashiyaState' in message) && !('hashiyaFrames' in message)) return false;
  if (!trusted(sender)) {
    if ('hashiya' in message) sendResponse({ ok: false, error: 'Hashiya: request refused (not from this extension)' });
    return false;
  }
  if ('hashiyaFrames' in message) {
    if (sender.tab && sender.frameId === 0) chrome.tabs.sendMessage(sender.tab.id, { hashiyaControl: 'on' }).catch(() => {});
    return false;
  }
  if ('hashiyaState' in message) {
    if (sender.tab && sender.frameId === 0) setBadge(sender.tab.id, !!message.hashiyaState);
    return false;
  }
  coreRequest(message.hashiya, sender).then(sendResponse, (e) => sendResponse({ ok: false, error: String(e?.message ?? e) }));
  return true; // the reply comes later
});

async function setBadge(tabId, on) {
  try {
    await chrome.action.setBadgeText({ tabId, text: on ? 'ON' : '' });
    if (on) await chrome.action.setBadgeBackgroundColor({ tabId, color: '#8a5a00' });
  } catch {
    // the tab is gone
  }
}

/**
 * Turns Hashiya on or off in a tab (all its frames): the toolbar button and the keyboard
 * shortcut call this. `on` undefined: the opposite of the top frame's state. Returns the new
 * state. A tab opened before the extension was installed has no content script yet: it is
 * injected (the click or shortcut grants activeTab).
 */
export async function toggleTab(tabId, on) {
  if (on === undefined) {
    let state = null;
    try {
      state = await chrome.tabs.sendMessage(tabId, { hashiyaControl: 'state' }, { frameId: 0 });
    } catch {
      state = null;
    }
    if (!state) {
      try {
        await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, files: ['content.js'] });
      } catch (e) {
        // A page extensions may not touch (the browser's own pages, the web store).
        console.warn(`Hashiya cannot run in this tab: ${e.message}`);
        return false;
      }
    }
    on = !state?.on;
  }
  try {
    await chrome.tabs.sendMessage(tabId, { hashiyaControl: on ? 'on' : 'off' });
  } catch {
    return false;
  }
  await setBadge(tabId, on);
  return on;
}
// (No tabs.onUpdated listener: Chromium clears a tab's badge when it navigates, and waking
// the worker on every page load would cost every page something.)
globalThis.toggleTab = toggleTab;

chrome.action.onClicked.addListener((tab) => {
  if (tab?.id !== undefined) toggleTab(tab.id);
});

chrome.commands.onCommand.addListener((command, tab) => {
  if (tab?.id === undefined) return;
  if (command === 'toggle-hashiya') toggleTab(tab.id);
  // Opening the side panel needs the user's gesture: the shortcut is one.
  else if (command === 'open-side-panel') chrome.sidePanel?.open({ tabId: tab.id }).catch(() => {});
});
