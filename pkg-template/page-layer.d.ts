// Typings for the page layer (page-layer.js): paint an element's annotations and show
// tooltips on hover, tap and keyboard focus.
import type { Details, Hashiya } from './index.js';

export interface AttachOptions {
  /** 'auto' (default): the CSS Custom Highlight API when present, else <mark> wrapping. */
  mode?: 'auto' | 'highlight' | 'wrap';
  /** Make the element focusable with arrow-key word navigation (default true). */
  keyboard?: boolean;
}

/** Detail of the `hashiya-lookup` event the annotated element dispatches when a tooltip opens. */
export interface LookupDetail {
  /** Index of the span (into the span array) whose tooltip opened. */
  index: number;
  start: number;
  end: number;
  state: 'hover' | 'focus';
}

export declare class Annotated {
  readonly root: Element;
  readonly mode: 'highlight' | 'wrap';
  /** Span quadruples of the element's flattened text. */
  readonly spans: Uint32Array;
  readonly spanCount: number;
  readonly wordCount: number;
  /** Time to flatten and annotate, in ms. */
  readonly annotateMs: number;
  /** Details of span `i` (an index into the span array, not an id). */
  details(i: number): Details;
  /** Shows the tooltip for span `i`. */
  show(i: number, state?: 'hover' | 'focus'): void;
  /** Moves the keyboard cursor to the `k`-th word and shows its tooltip. */
  focusWord(k: number): void;
  hide(): void;
  /** A Range for [start, end) of the annotated text (UTF-16 offsets, as key-term
   * occurrences give them); null when those offsets map to no text. */
  textRange(start: number, end: number): AbstractRange | null;
  /** Removes highlights, marks, tooltip and listeners. */
  detach(): void;
}

/** Annotates the text under `root` and paints it. */
export declare function attach(root: Element, hashiya: Hashiya, options?: AttachOptions): Annotated;

/** Whether the browser has the CSS Custom Highlight API. */
export declare function supportsHighlights(): boolean;

/** A live Range for a StaticRange (null when the DOM no longer fits it). */
export declare function liveRange(range: AbstractRange | null): Range | null;
