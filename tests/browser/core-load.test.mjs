// Hashiya.load in Node (www/hashiya.js, the wasm core from www/pkg, the data from build/data):
// with `progressive: true` the words layer glosses before the other layers join, and they
// join by `loaded`; without it every layer is in when `load` resolves (issue 17).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './harness.mjs';
import { Hashiya, LAYERS, SPAN_WIDTH } from '../../www/hashiya.js';

const wasm = readFileSync(join(ROOT, 'www/pkg/hashiya_bg.wasm'));
const files = Object.fromEntries(['lexicon.bin', 'ner.model', 'gazetteer.bin', 'terms.bin'].map((f) => [f, new Uint8Array(readFileSync(join(ROOT, 'build/data', f)))]));
const TEXT = 'قال وزير الداخلية العراقي إن الحكومة في بغداد تدرس الخطة.';

/** The layer names of the spans `annotate` gives for TEXT. */
function layersOf(h) {
  const spans = h.annotate(TEXT);
  const names = new Set();
  for (let i = 0; i < spans.length; i += SPAN_WIDTH) names.add(LAYERS[spans[i + 2]]);
  return names;
}

test('progressive: words gloss at once, the other layers join by `loaded`', async () => {
  const h = await Hashiya.load({ wasm, files: { ...files }, progressive: true });
  assert.deepEqual(h.layers, [], 'no layer has joined before the caller had its turn');
  const early = h.annotate(TEXT);
  assert.ok(early.length > 0);
  assert.equal(h.details(early[3]).layer, 'word');
  assert.ok(h.details(early[3]).glosses.length > 0, 'the first word has a gloss');
  assert.deepEqual([...layersOf(h)], ['word']);
  assert.equal(await h.loaded, h);
  assert.deepEqual([...h.layers].sort(), ['entities', 'terms']);
  assert.deepEqual(h.missing, []);
  const later = layersOf(h);
  assert.ok(later.has('entity'), 'entities once joined (بغداد)');
  h.free();
});

test('not progressive: every layer is in when load resolves', async () => {
  const h = await Hashiya.load({ wasm, files: { ...files } });
  assert.deepEqual([...h.layers].sort(), ['entities', 'terms']);
  assert.ok(layersOf(h).has('entity'));
  h.free();
});

test('progressive: a layer whose file is bad is reported in missing by `loaded`', async () => {
  const h = await Hashiya.load({ wasm, files: { ...files, 'gazetteer.bin': new Uint8Array([1, 2, 3]) }, progressive: true });
  await h.loaded;
  assert.deepEqual(h.layers, ['terms']);
  assert.equal(h.missing.length, 1);
  assert.equal(h.missing[0].layer, 'entities');
  assert.match(h.missing[0].message, /gazetteer\.bin/);
  h.free();
});
