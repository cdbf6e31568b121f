// What the offline reader keeps between openings, in the browser's localStorage (Chromium and
// Firefox give file:// pages one; every copy of the file on the machine shares it). Reading
// and writing never throw: storage that is off or full only means nothing is kept, and
// `store.problem` says why so the page can tell the reader once.

const PREFIX = 'hashiya-offline:';

export const store = {
  /** Why the last write failed (a sentence), or '' while writes succeed. */
  problem: '',

  /** The value kept under `key` (parsed JSON), or `fallback` when none or unreadable. */
  get(key, fallback = null) {
    try {
      const raw = globalThis.localStorage?.getItem(PREFIX + key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  },

  /** Keeps `value` (as JSON) under `key`; false (and `problem` set) when it could not. */
  set(key, value) {
    try {
      if (!globalThis.localStorage) throw new Error('this browser gives the page no local storage');
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
      this.problem = '';
      return true;
    } catch (e) {
      this.problem = e?.name === 'QuotaExceededError'
        ? 'the browser\'s storage for this file is full'
        : `the browser does not let this page keep data (${e?.message ?? e})`;
      return false;
    }
  },

  remove(key) {
    try {
      globalThis.localStorage?.removeItem(PREFIX + key);
    } catch {
      // nothing kept, nothing to remove
    }
  },
};

/** Calls `fn` once `ms` after the last of a burst of calls (scrolling, typing). */
export function debounce(fn, ms) {
  let timer = 0;
  const call = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  call.flush = (...args) => {
    clearTimeout(timer);
    fn(...args);
  };
  return call;
}
