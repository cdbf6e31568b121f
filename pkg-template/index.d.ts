// Typings for the web entry (hashiya-widget.js): the <hashiya-annotate> element and
// `annotate(element, options)`. Importing the module defines the element.

/** A clitic or affix of an analysed word, with its meaning ("and", "the", "his"). */
export interface Affix {
  /** The affix in Arabic script, vocalised. */
  form: string;
  /** Its English meaning. */
  meaning: string;
  /** Buckwalter tag, e.g. `CONJ`, `DET`, `POSS_PRON_3MS`. */
  tag: string;
}

/** What a tooltip shows for a word. */
export interface WordDetails {
  layer: 'word';
  /** The word as written in the text. */
  text: string;
  /** The lemma, vocalised, in Arabic script. */
  lemma: string;
  /** The analysed stem, vocalised. */
  vocalized: string;
  /** Part of speech, e.g. `noun`, `adjective`, `verb (perfect)`. */
  pos: string;
  /** English glosses, best first. */
  glosses: string[];
  /** A readable Latin transliteration of the word. */
  translit: string;
  prefixes: Affix[];
  suffixes: Affix[];
}

/** Details of entity, term and later layers: tagged by `layer`, fields by layer. */
export interface OtherDetails {
  layer: string;
  text?: string;
  /** English rendering, where the layer has one. */
  english?: string;
  /** Entity type, for entities. */
  type?: string;
  [field: string]: unknown;
}

export type Details = WordDetails | OtherDetails;

/** A key term of the annotated text. */
export interface KeyTerm {
  text: string;
  lemma?: string;
  english?: string;
  count: number;
  score: number;
  /** UTF-16 [start, end) of each occurrence. */
  occurrences: Array<[number, number]>;
  source?: string;
  [field: string]: unknown;
}

/** A malformed line of a custom glossary. */
export interface GlossaryIssue {
  line: number;
  message: string;
}

/** Layers the widget can show. */
export type WidgetLayer = 'words' | 'entities' | 'terms';

export interface AnnotateOptions {
  /** Layers to show: 'words entities terms' or an array (default all three). Entity and
   * term data are only downloaded when asked for. */
  layers?: string | WidgetLayer[];
  /** A site glossary: the URL of a TSV (or .json) file, or its text. It is shared by every
   * element using the same core, and wins over the built-in terms. */
  glossary?: string | URL | { text: string; format?: 'tsv' | 'json' };
  /** Tooltip colours (default light). */
  theme?: 'light' | 'dark' | 'system';
  /** Tooltip text size: 'small', 'medium', 'large', 'x-large' or a length in px. */
  size?: string;
  /** Viewport heights above and below the viewport whose words are highlighted, following
   * scrolling (default 0.5): Chromium repaints every highlighted range in view whenever any
   * highlight changes, which on a long article would block the page. */
  paintNear?: number;
  /** Where events are dispatched (default: the element). */
  eventTarget?: EventTarget;
  /** Directory the worker, .wasm, JS core and data/ are served from (default: beside the module). */
  assets?: string | URL;
  /** false: run the core on the main thread (default: a Web Worker where the page allows one). */
  worker?: boolean;
  /** Progressive load (default true): the words are glossed once the lexicon and the core are
   * in, names and terms painted when their files have arrived; `hashiya-ready` fires then,
   * with every layer. false: every layer is loaded before the first paint. */
  progressive?: boolean;
  workerUrl?: string | URL;
  wasmUrl?: string | URL;
  dataUrl?: string | URL;
  jsCoreUrl?: string | URL;
}

/** `hashiya-ready`: what loaded and what is missing. */
export interface ReadyDetail {
  /** Layers whose data loaded, 'words' first. */
  loaded: WidgetLayer[];
  /** Layers asked for whose data failed, and why. */
  missing: Array<{ layer: string; message: string }>;
  /** 'wasm', or 'js' where the page's CSP forbids WebAssembly (the wasm2js build). */
  engine: 'wasm' | 'js';
  /** Whether the core runs in a Web Worker. */
  worker: boolean;
  /** Why there is no worker (null when there is one). */
  noWorker: string | null;
  /** Every asset came from Cache Storage (a second page view). */
  cached: boolean;
  /** Bytes of the core and data loaded. */
  bytes: number;
  /** The glossary asked for: its URL (null for text) and malformed entries, or the error. */
  glossary: { source: string | null; issues?: GlossaryIssue[]; error?: string } | null;
  /** Words and spans painted. */
  words: number;
  spans: number;
}

/** `hashiya-lookup`: a tooltip opened. */
export interface LookupDetail {
  /** Index of the span in the span array, and its UTF-16 offsets in the element's text. */
  index: number;
  start: number;
  end: number;
  state: 'hover' | 'focus';
  /** What the tooltip shows, outermost span first (entity or term, then the word). */
  details: Details[];
}

/** `hashiya-error`: what failed. */
export interface ErrorDetail {
  during: 'setup' | 'load' | 'glossary' | 'annotate' | 'details';
  message: string;
}

/** `hashiya-progress`: bytes of the core and data downloaded so far. */
export interface ProgressDetail {
  loaded: number;
  total: number;
}

export interface WidgetHandle {
  /** Resolves when the text is annotated and painted (rejects with what failed). */
  readonly ready: Promise<ReadyDetail>;
  /** Removes highlights, tooltip and listeners; the element is byte-identical to before. */
  detach(): void;
  /** The text's key terms, best first. */
  keyTerms(): Promise<KeyTerm[]>;
  /** Sets the shared core's glossary (every element using it is annotated again). */
  setGlossary(text: string, format?: 'tsv' | 'json'): Promise<GlossaryIssue[]>;
}

/** <hashiya-annotate>: attributes layers, glossary, for, theme, size, assets. */
export interface HashiyaAnnotateElement extends HTMLElement {
  readonly ready: Promise<ReadyDetail>;
  keyTerms(): Promise<KeyTerm[]>;
  setGlossary(text: string, format?: 'tsv' | 'json'): Promise<GlossaryIssue[]>;
  detach(): void;
}

/** Annotates the text under `element`; hover, tap or keyboard focus shows a tooltip. */
export declare function annotate(element: Element, options?: AnnotateOptions): WidgetHandle;
/** Changes the defaults of later `annotate` calls and elements (e.g. `assets`). */
export declare function configure(options: Pick<AnnotateOptions, 'assets' | 'worker' | 'workerUrl' | 'wasmUrl' | 'dataUrl' | 'jsCoreUrl'>): void;
/** Defines the element (done on import; another name may be given). */
export declare function defineElement(name?: string): void;
/** 'words entities' → the set of layer names; throws on an unknown one. */
export declare function parseLayers(value?: string | string[] | null): Set<WidgetLayer>;
/** Custom properties that theme the tooltip (set them on the element or the page). */
export declare const THEME_PROPERTIES: readonly string[];
export declare const WIDGET_LAYERS: readonly WidgetLayer[];

declare global {
  interface HTMLElementTagNameMap {
    'hashiya-annotate': HashiyaAnnotateElement;
  }
  interface HTMLElementEventMap {
    'hashiya-ready': CustomEvent<ReadyDetail>;
    'hashiya-lookup': CustomEvent<LookupDetail>;
    'hashiya-error': CustomEvent<ErrorDetail>;
    'hashiya-progress': CustomEvent<ProgressDetail>;
  }
}
