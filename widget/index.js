// The web entry (bundled as dist/widget/hashiya-widget.js, the package's "."): defines
// <hashiya-annotate> and exports `annotate(element, options)`. The worker, the .wasm, the
// JavaScript core (for strict CSP) and data/ are fetched from beside this module unless
// `configure({ assets })` or the element's `assets` attribute says where they are.
import { defineElement } from './element.js';

export { annotate, configure, defineElement, parseLayers, THEME_PROPERTIES, WIDGET_LAYERS } from './element.js';

defineElement();
