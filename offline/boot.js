// Runs first in the offline file, before the reader (www/reader.js) starts: puts back the kept
// settings and article, and gives the reader its core from the bytes inlined in the page
// (globalThis.hashiyaLoadCore), with a progress bar while they unpack and a clear message
// when the browser lacks something the file needs.
import { Hashiya } from '../www/hashiya.js';
import { SPAN_WIDTH } from '../www/spans.js';
import { restoreArticle } from './persist.js';
import { hiddenLayers, restoreSettings } from './settings.js';
import { missingFeatures, unpackAll, unpackFirst } from './unpack.js';

const $ = (id) => document.getElementById(id);
const status = $('offline-status');
const statusText = $('offline-status-text');
const progress = $('offline-progress');

restoreSettings();
restoreArticle();

/** Leaves out the spans of the layers the reader switched off (Display settings), so they
 * are neither painted nor reached by the pointer or the keyboard; key terms are untouched. */
function withLayerChoice(hashiya) {
  const annotate = hashiya.annotate.bind(hashiya);
  hashiya.annotate = (text) => {
    const all = annotate(text);
    const hidden = hiddenLayers();
    if (!hidden.size) return all;
    const kept = [];
    for (let i = 0; i < all.length; i += SPAN_WIDTH) if (!hidden.has(all[i + 2])) kept.push(i);
    const out = new Uint32Array(kept.length * SPAN_WIDTH);
    kept.forEach((i, k) => out.set(all.subarray(i, i + SPAN_WIDTH), k * SPAN_WIDTH));
    return out;
  };
  return hashiya;
}

function fail(text) {
  status.hidden = false;
  status.dataset.state = 'error';
  progress.hidden = true;
  statusText.textContent = text;
}

async function loadCore() {
  const missing = missingFeatures();
  if (missing.length) {
    const text = `This browser cannot run the offline reader: it lacks ${missing.join(' and ')}. Open this file in a recent Chrome, Edge, Firefox (113 or later) or Safari (16.4 or later). The text is shown without glosses.`;
    fail(text);
    throw new Error(`This browser lacks ${missing.join(' and ')}.`);
  }
  status.dataset.state = 'unpacking';
  try {
    const onProgress = (done, total) => {
      progress.max = total;
      progress.value = done;
      statusText.textContent = `Unpacking the dictionary… ${Math.floor((100 * done) / total)} %`;
    };
    // Progressive (the reader's way too): the lexicon and the core are unpacked first and
    // the words glossed; the entity and term files are unpacked after, and those layers
    // join when they are in (the reader annotates again then). `hashiyaEagerLoad` (set by
    // scripts/bench-offline.mjs to compare) unpacks and loads everything first, as before.
    const eager = globalThis.hashiyaEagerLoad === true;
    const files = eager ? await unpackAll(onProgress) : await unpackFirst(['lexicon.bin', 'hashiya_bg.wasm'], onProgress);
    performance.mark('hashiya:unpacked');
    const { 'hashiya_bg.wasm': wasm, ...data } = files;
    statusText.textContent = 'Starting the reader…';
    const hashiya = withLayerChoice(await Hashiya.load({ wasm, files: data, progressive: !eager }));
    performance.mark('hashiya:core-ready');
    hashiya.loaded.then(() => performance.mark('hashiya:all-layers'));
    status.hidden = true;
    status.dataset.state = 'ready';
    return hashiya;
  } catch (e) {
    fail(`The offline reader could not start: ${e.message}`);
    throw e;
  }
}

globalThis.hashiyaLoadCore = loadCore;
