// The offline reader's settings: theme (auto, light, dark), text size, which layers are shown
// (names and multiword terms; words always are) and the reader's "English above key terms".
// They are kept in localStorage and put back before the reader first annotates.
import { LAYERS } from '../www/spans.js';
import { store } from './store.js';

export const DEFAULTS = Object.freeze({ theme: 'auto', size: '1', entity: true, term: true, inlineEnglish: false });

const $ = (id) => document.getElementById(id);
const darkScheme = globalThis.matchMedia?.('(prefers-color-scheme: dark)');

/** The settings as the controls show them. */
export function currentSettings() {
  return {
    theme: $('theme').value,
    size: $('text-size').value,
    entity: $('layer-entity').checked,
    term: $('layer-term').checked,
    inlineEnglish: $('inline-english').checked,
  };
}

/** Applies theme and text size to the page (the layers take effect at the next annotation). */
function applyLook({ theme, size }) {
  const root = document.documentElement;
  root.dataset.theme = theme === 'auto' ? (darkScheme?.matches ? 'dark' : 'light') : theme;
  root.style.setProperty('--text-scale', size);
}

/** Puts the kept settings into the controls and the page. Runs before the reader starts. */
export function restoreSettings() {
  const kept = { ...DEFAULTS, ...store.get('settings', {}) };
  // A value the controls do not offer (an older or newer file) falls back to the default.
  const pick = (select, value, fallback) => {
    select.value = value;
    if (select.value !== String(value)) select.value = fallback;
  };
  pick($('theme'), kept.theme, DEFAULTS.theme);
  pick($('text-size'), kept.size, DEFAULTS.size);
  $('layer-entity').checked = kept.entity !== false;
  $('layer-term').checked = kept.term !== false;
  $('inline-english').checked = kept.inlineEnglish === true;
  applyLook(currentSettings());
}

/** Layer numbers (as in the span array) the reader chose to hide. */
export function hiddenLayers() {
  const hidden = new Set();
  if (!$('layer-entity').checked) hidden.add(LAYERS.indexOf('entity'));
  if (!$('layer-term').checked) hidden.add(LAYERS.indexOf('term'));
  return hidden;
}

/**
 * Saves and applies each change. `reannotate()` is called when a layer is switched (the
 * spans painted change); theme and size only restyle.
 */
export function watchSettings({ reannotate, saved }) {
  const save = () => saved(store.set('settings', currentSettings()));
  $('theme').addEventListener('change', () => {
    applyLook(currentSettings());
    save();
  });
  darkScheme?.addEventListener?.('change', () => applyLook(currentSettings()));
  $('text-size').addEventListener('change', () => {
    applyLook(currentSettings());
    save();
  });
  for (const id of ['layer-entity', 'layer-term']) {
    $(id).addEventListener('change', () => {
      save();
      reannotate();
    });
  }
  $('inline-english').addEventListener('change', save);
}
