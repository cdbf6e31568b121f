// Typings for the core wrapper (hashiya.js): load the WebAssembly core and the lexicon,
// annotate text, look up one span's details.

/** Layer names by layer number (the third value of each span quadruple). */
export declare const LAYERS: readonly ['word', 'term', 'entity'];

/** Values per span in the array `annotate` returns: start, end, layer, id. */
export declare const SPAN_WIDTH: 4;

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

export interface LoadOptions {
  /** Where the .wasm is. Default: `pkg/hashiya_bg.wasm` beside hashiya.js. */
  wasmUrl?: string | URL;
  /** Directory of the data files. Default: `data/` beside hashiya.js. */
  dataUrl?: string | URL;
  /** Where the lexicon is. Default: `lexicon.bin` in the data directory. */
  lexiconUrl?: string | URL;
  /** The lexicon's bytes, when already at hand (no fetch). */
  lexicon?: Uint8Array;
  /**
   * Optional layers to load (default both): 'entities' (ner.model, gazetteer.bin) and
   * 'terms' (terms.bin). One whose data fails to load is left out and listed in `missing`.
   */
  layers?: Array<'entities' | 'terms'>;
}

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

/** One span as an object (see `spans`). */
export interface SpanObject {
  start: number;
  end: number;
  layer: number;
  layerName: string;
  id: number;
  /** Position of the span in the array. */
  index: number;
}

export declare class Hashiya {
  /**
   * Loads the core and the lexicon (in parallel). Rejects with an Error that names the file
   * and how to rebuild it when either is missing or corrupt.
   */
  static load(options?: LoadOptions): Promise<Hashiya>;
  /** Counts `annotate` calls: `details` answers for the latest text only. */
  readonly generation: number;
  /** Optional layers that could not be loaded, and why (words work regardless). */
  readonly missing: Array<{ layer: string; message: string }>;
  /**
   * Annotates `text`: flat (start, end, layer, id) quadruples, sorted by start, offsets in
   * UTF-16 code units of `text` (what DOM Ranges use).
   */
  annotate(text: string): Uint32Array;
  /** Details of span `id` of the last annotated text. Throws for an unknown id. */
  details(id: number): Details;
  /** Key terms of the last annotated text, best first (empty without the terms layer). */
  keyTerms(): KeyTerm[];
  /**
   * Layers a glossary (TSV by default, or JSON) over the built-in terms, from the next
   * `annotate` on. Returns its malformed lines; an empty text removes the glossary.
   */
  setGlossary(text: string, format?: 'tsv' | 'json'): GlossaryIssue[];
  /** Frees the wasm memory held by this instance. */
  free(): void;
}

/** Iterates a span array as objects. */
export declare function spans(array: Uint32Array): Generator<SpanObject, void, undefined>;
