// Typings for the inline entry (hashiya-inline.js): the same API as the web entry; the
// WebAssembly core is inside the module and runs on the main thread; data/ is fetched by URL.
export * from './index.js';
