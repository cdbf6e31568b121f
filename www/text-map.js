// Flattens the text nodes under an element into one string, with an offset map back to the
// nodes, so that core spans (UTF-16 offsets of that string) become DOM Ranges. Like mark.js's
// flattening, but the matching itself happens once in the core, not per keyword.

/** Elements whose text a reader does not read as prose. */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'CANVAS']);

/** Elements that end a run of text: a word never continues across them. Tag names, not
 * computed styles, so flattening a long page does not force style recalculation. */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI',
  'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TD', 'TH', 'TR', 'UL', 'CAPTION',
]);

/**
 * A flattened view of the text under `root`.
 * `text` is what the core annotates; `nodes[i]` starts at `starts[i]` in it. Between blocks
 * a "\n" is inserted that belongs to no node.
 */
export class TextMap {
  /**
   * @param {Element|ShadowRoot} root
   * @param {{ skip?: (element: Element) => boolean }} [options]
   *   skip: leaves out elements (and all under them) beyond the built-in ones, e.g. editable
   *   fields and code on pages the extension annotates.
   */
  constructor(root, { skip } = {}) {
    this._skip = typeof skip === 'function' ? skip : null;
    /** @type {Text[]} */
    this.nodes = [];
    /** @type {number[]} */
    this.starts = [];
    /** Open shadow roots met on the way (hit-testing must be told about them). */
    this.shadowRoots = [];
    this._parts = [];
    this._length = 0;
    this._walk(root);
    this.text = this._parts.join('');
    this._parts = null;
    /** Text node → its index, for hit-testing. */
    this.index = new Map(this.nodes.map((n, i) => [n, i]));
  }

  _push(s) {
    this._parts.push(s);
    this._length += s.length;
  }

  _break() {
    const last = this._parts[this._parts.length - 1];
    if (last !== undefined && !last.endsWith('\n')) this._push('\n');
  }

  /** Visits the nodes under `root` in document order. Depth-first with a stack of its own,
   * not recursion: a page may nest elements thousands deep (5,000 overflowed the call stack). */
  _walk(root) {
    const END = null; // popped after a block element's contents: ends its run of text
    const stack = [];
    const pushAll = (list) => {
      for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]);
    };
    const children = (parent) => {
      const out = [];
      for (let child = parent.firstChild; child; child = child.nextSibling) out.push(child);
      return out;
    };
    pushAll(children(root));
    while (stack.length) {
      const node = stack.pop();
      if (node === END) {
        this._break();
        continue;
      }
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.data.length === 0) continue;
        this.nodes.push(node);
        this.starts.push(this._length);
        this._push(node.data);
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = node.tagName.toUpperCase();
      if (SKIP.has(tag) || node.hasAttribute('data-hashiya-ui') || this._skip?.(node)) continue;
      if (BLOCK.has(tag)) {
        this._break();
        stack.push(END);
      }
      if (node.shadowRoot) {
        // An open shadow root is what is rendered; light children show up through its slots.
        this.shadowRoots.push(node.shadowRoot);
        pushAll(children(node.shadowRoot));
      } else if (tag === 'SLOT' && node.assignedNodes().length) {
        pushAll(node.assignedNodes({ flatten: true }));
      } else {
        pushAll(children(node));
      }
    }
  }

  /** Index of the last node starting at or before `offset` (−1 when none). */
  _nodeAt(offset) {
    let lo = 0;
    let hi = this.nodes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * A StaticRange for [start, end) of `text`, or null when it maps to no node (e.g. only the
   * inserted block breaks). It may cross text nodes (a word split by <b>). Static, not live:
   * the DOM must update every live Range on every mutation, which with tens of thousands of
   * words makes each later DOM change on the page slow.
   */
  range(start, end) {
    const at = this._locate(start, end);
    if (!at) return null;
    const [a, startOffset, b, endOffset] = at;
    return new StaticRange({ startContainer: this.nodes[a], startOffset, endContainer: this.nodes[b], endOffset });
  }

  /** Whether [start, end) maps to text, i.e. `range` would not be null (without making the
   * range: the page layer asks this for every span of a text, which can be 400,000). */
  maps(start, end) {
    return this._locate(start, end) !== null;
  }

  /** [start node index, offset in it, end node index, offset in it] for [start, end), or null. */
  _locate(start, end) {
    if (end <= start) return null;
    let a = this._nodeAt(start);
    if (a < 0) return null;
    let startOffset = start - this.starts[a];
    // Past the end of its node: the span starts in an inserted break; move to the next node.
    if (startOffset >= this.nodes[a].length) {
      if (a + 1 >= this.nodes.length) return null;
      a += 1;
      startOffset = 0;
    }
    const b = this._nodeAt(end - 1);
    if (b < a) return null;
    return [a, startOffset, b, Math.min(end - this.starts[b], this.nodes[b].length)];
  }

  /** Offset in `text` of a caret position (text node, offset in it), or −1 when outside. */
  offsetOf(node, offset) {
    const i = this.index.get(node);
    return i === undefined ? -1 : this.starts[i] + offset;
  }
}
