// The span array's shape, shared by the core wrapper and everything that reads its output
// (page layer, remote core, fronts). No imports, so a content script or a worker can take it
// without the WebAssembly glue.

/** Layer numbers in the span array → names used in details and CSS. */
export const LAYERS = Object.freeze(['word', 'term', 'entity']);

/** Values per span in the array `annotate` returns: (start, end, layer, id). */
export const SPAN_WIDTH = 4;

/** Iterates the span array as objects `{ start, end, layer, layerName, id, index }`. */
export function* spans(array) {
  for (let i = 0; i + SPAN_WIDTH <= array.length; i += SPAN_WIDTH) {
    const layer = array[i + 2];
    yield { start: array[i], end: array[i + 1], layer, layerName: LAYERS[layer] ?? `layer${layer}`, id: array[i + 3], index: i / SPAN_WIDTH };
  }
}
