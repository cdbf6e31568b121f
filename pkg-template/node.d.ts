// Typings for the Node entry (hashiya-node.js): the command line's JSON (`hashiya annotate`)
// from the package's own .wasm and data/.

export interface Affix {
  form: string;
  meaning: string;
  tag: string;
}

/** One annotation: UTF-16 [start, end) of the input, its layer, and that layer's fields. */
export interface Annotation {
  start: number;
  end: number;
  layer: 'word' | 'term' | 'entity';
  text: string;
  /** word: vocalised lemma, whole word, part of speech, English senses, transliteration, clitics. */
  lemma?: string;
  vocalized?: string;
  pos?: string;
  glosses?: string[];
  translit?: string;
  prefixes?: Affix[];
  suffixes?: Affix[];
  /** entity: PER, LOC, ORG, NORP, FAC, MISC. */
  type?: string;
  /** entity and term: the English. */
  english?: string;
  /** term: as the dictionary or glossary writes it, and which. */
  headword?: string;
  source?: string;
  [field: string]: unknown;
}

export interface KeyTerm {
  text: string;
  lemma?: string;
  english?: string;
  count: number;
  score: number;
  occurrences: Array<[number, number]>;
  source: string;
}

/** What `hashiya annotate` prints (README, "JSON schema"). */
export interface AnnotateOutput {
  annotations: Annotation[];
  key_terms: KeyTerm[];
}

export interface AnnotateCallOptions {
  /** Read the input as HTML (markup skipped, offsets into the HTML), like `--html`. */
  html?: boolean;
}

export interface GlossaryIssue {
  line: number;
  message: string;
}

export declare class Annotator {
  /** Loads the core and every layer; `dataDir` defaults to the package's data/. */
  constructor(options?: { dataDir?: string | URL });
  annotate(text: string, options?: AnnotateCallOptions): AnnotateOutput;
  annotateJson(text: string, options?: AnnotateCallOptions): string;
  setGlossary(text: string, format?: 'tsv' | 'json'): GlossaryIssue[];
  free(): void;
}

/** `{ annotations, key_terms }` for `text` (throws on empty input, as the CLI does). */
export declare function annotate(text: string, options?: AnnotateCallOptions): AnnotateOutput;
/** The exact JSON text `hashiya annotate` prints. */
export declare function annotateJson(text: string, options?: AnnotateCallOptions): string;
/** Sets the glossary of the annotator `annotate` shares. */
export declare function setGlossary(text: string, format?: 'tsv' | 'json'): GlossaryIssue[];
