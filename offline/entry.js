// The offline file's script (bundled by scripts/build-offline.mjs into the page): boot.js
// first (settings, kept article, the inlined core), then the reader itself, unchanged, then
// what the offline file adds: persistence, display settings and the study sheet.
import './boot.js';
import { firstRead, read, readerState, useGlossary } from '../www/reader.js';
import { readingPosition, scrollToPosition, startPersistence } from './persist.js';
import { watchSettings } from './settings.js';
import { store } from './store.js';
import { startStudy } from './study.js';

const $ = (id) => document.getElementById(id);

/** Writes a message where the reader writes its own. */
function say(text, kind = 'info') {
  $('message').textContent = text;
  $('message').className = text ? kind : '';
}

/** Tells once, below the display settings, when the browser does not keep what is saved. */
function saved(ok) {
  const note = $('offline-note');
  note.textContent = ok ? '' : `Your article and settings are not kept between openings: ${store.problem}.`;
}

// The reader turned "English above key terms" on or off only when the box is clicked; a kept
// setting was put into the box before it ran, so let it act on it now.
$('inline-english').dispatchEvent(new Event('change'));

watchSettings({
  saved,
  // A layer switched on or off: annotate again, staying at the same place in the text.
  async reannotate() {
    const at = readingPosition();
    await read();
    scrollToPosition(at);
  },
});
// The tooltip (in its own shadow root) follows the theme: after each annotation, since each
// makes a new one, and at each change of theme.
const themeTooltip = () => readerState().annotated?.tooltip.configure?.({ theme: document.documentElement.dataset.theme });
new MutationObserver(themeTooltip).observe($('stats'), { childList: true, characterData: true, subtree: true });
new MutationObserver(themeTooltip).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

startStudy({ readerState, say });
startPersistence({ readerState, firstRead, useGlossary, saved });
