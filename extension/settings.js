// The extension's settings, shared by the worker, the content script, the options page and
// the side panel. Everything is kept in chrome.storage.local (it survives browser restarts):
//   settings  — what the options page sets (DEFAULTS below, merged with what was saved)
//   alwaysOn  — host names on which Hashiya starts by itself (the per-site list)
//   glossary  — { text, format } of the custom glossary; the worker applies it when it loads
// No imports: the content script bundles this, and it must stay small.

export const DEFAULTS = Object.freeze({
  /** Layers shown (RemoteCore's `layers`): words are glossed, entities and key terms coloured. */
  layers: Object.freeze({ words: true, entities: true, terms: true }),
  /** The English of the page's key terms above their first occurrence. */
  inlineEnglish: false,
  /** Tooltip colours: 'light', 'dark' or 'system' (follows the system's setting). */
  theme: 'system',
  /** Tooltip text size: a name of www/tooltip.js's TOOLTIP_SIZES. */
  tooltipSize: 'medium',
});

export const THEMES = ['system', 'light', 'dark'];
export const SIZES = ['small', 'medium', 'large', 'x-large'];

/** Saved settings over the defaults; anything unknown or malformed falls back to the default. */
export function normalise(saved) {
  const s = saved && typeof saved === 'object' ? saved : {};
  const layers = { ...DEFAULTS.layers };
  for (const k of Object.keys(layers)) if (typeof s.layers?.[k] === 'boolean') layers[k] = s.layers[k];
  return {
    layers,
    inlineEnglish: typeof s.inlineEnglish === 'boolean' ? s.inlineEnglish : DEFAULTS.inlineEnglish,
    theme: THEMES.includes(s.theme) ? s.theme : DEFAULTS.theme,
    tooltipSize: SIZES.includes(s.tooltipSize) ? s.tooltipSize : DEFAULTS.tooltipSize,
  };
}

export async function loadSettings() {
  const { settings } = await chrome.storage.local.get('settings');
  return normalise(settings);
}

export async function saveSettings(settings) {
  await chrome.storage.local.set({ settings: normalise(settings) });
}

/** The site a frame belongs to for the "always on" list: the top page's host name. */
export function siteOf(location) {
  const top = location.ancestorOrigins?.length ? location.ancestorOrigins[location.ancestorOrigins.length - 1] : location.href;
  try {
    return new URL(top).hostname || '';
  } catch {
    return '';
  }
}

export async function alwaysOnSites() {
  const { alwaysOn } = await chrome.storage.local.get('alwaysOn');
  return Array.isArray(alwaysOn) ? alwaysOn.filter((h) => typeof h === 'string') : [];
}

export async function setAlwaysOn(host, on) {
  const list = new Set(await alwaysOnSites());
  if (on) list.add(host);
  else list.delete(host);
  await chrome.storage.local.set({ alwaysOn: [...list].sort() });
}

/** Glossary format from its text (and file name): JSON when it looks like JSON, else TSV. */
export function glossaryFormat(text, name = '') {
  return /\.json$/i.test(name) || /^\s*[[{]/.test(String(text).replace(/^\ufeff/, '')) ? 'json' : 'tsv';
}
