// The inline entry (the package's "./inline"), for bundlers that cannot handle a .wasm
// file: the WebAssembly core is inside this module (base64), and the core runs on the main
// thread (a worker would be one more file). The data files are still fetched by URL,
// from `data/` beside this module unless `configure({ dataUrl })` says otherwise: at about
// 10 MB they are far better cached as files than inlined.
import wasmBase64 from '../www/pkg/hashiya_bg.wasm';
import { configure, defineElement } from './element.js';

export { annotate, configure, defineElement, parseLayers, THEME_PROPERTIES, WIDGET_LAYERS } from './element.js';

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

configure({ worker: false, wasm: decode(wasmBase64) });
defineElement();
