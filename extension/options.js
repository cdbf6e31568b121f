// The options page: every control saves to chrome.storage.local at once (content scripts
// listen for the change); the glossary goes to the worker, which checks it with the core,
// keeps it and reports its bad lines by number.
import { alwaysOnSites, glossaryFormat, loadSettings, saveSettings, setAlwaysOn } from './settings.js';

const $ = (id) => document.getElementById(id);
let settings;

async function save() {
  await saveSettings(settings);
  $('saved').textContent = 'Saved.';
}

function showIssues(issues) {
  $('glossary-issues').replaceChildren(...(issues ?? []).map(({ line, message }) => Object.assign(document.createElement('li'), {
    textContent: `Line ${line}: ${String(message).replace(/^line \d+:\s*/i, '')}`,
  })));
}

function glossaryStatus(text, format, issues) {
  const status = $('glossary-status');
  if (!text.trim()) {
    status.textContent = 'No custom glossary: the built-in dictionary only.';
    status.className = 'status';
    return;
  }
  const n = issues?.length ?? 0;
  status.textContent = n
    ? `Glossary (${format.toUpperCase()}) in use; ${n} line${n === 1 ? '' : 's'} skipped (${issues.map((i) => i.line).join(', ')}).`
    : `Glossary (${format.toUpperCase()}) in use; every line was read.`;
  status.className = n ? 'status warn' : 'status';
}

async function useGlossary(text, format = glossaryFormat(text)) {
  const status = $('glossary-status');
  status.textContent = 'Checking the glossary…';
  let reply;
  try {
    reply = await chrome.runtime.sendMessage({ hashiya: { op: 'setGlossary', text, format } });
  } catch (e) {
    reply = { ok: false, error: e.message };
  }
  if (!reply?.ok) {
    status.textContent = `The glossary could not be used: ${reply?.error ?? 'no answer from the extension'}`;
    status.className = 'status warn';
    return;
  }
  showIssues(reply.result);
  glossaryStatus(text, format, reply.result);
}

async function renderSites() {
  const sites = await alwaysOnSites();
  $('sites').replaceChildren(...sites.map((host) => {
    const li = document.createElement('li');
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Remove' });
    remove.setAttribute('aria-label', `Remove ${host}`);
    remove.addEventListener('click', async () => {
      await setAlwaysOn(host, false);
      renderSites();
    });
    li.append(`${host} `, remove);
    return li;
  }));
  if (!sites.length) $('sites').append(Object.assign(document.createElement('li'), { className: 'hint', textContent: 'None yet.' }));
}

async function init() {
  settings = await loadSettings();
  for (const box of $('layers').querySelectorAll('input[name]')) {
    box.checked = settings.layers[box.name];
    box.addEventListener('change', () => {
      settings.layers[box.name] = box.checked;
      save();
    });
  }
  $('inline-english').checked = settings.inlineEnglish;
  $('inline-english').addEventListener('change', (e) => {
    settings.inlineEnglish = e.target.checked;
    save();
  });
  $('theme').value = settings.theme;
  $('theme').addEventListener('change', (e) => {
    settings.theme = e.target.value;
    save();
  });
  $('size').value = settings.tooltipSize;
  $('size').addEventListener('change', (e) => {
    settings.tooltipSize = e.target.value;
    save();
  });

  $('site-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const raw = $('site').value.trim();
    let host = '';
    try {
      host = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`).hostname;
    } catch {
      host = '';
    }
    if (!host) {
      $('saved').textContent = `"${raw}" is not a site name (for example www.example.com).`;
      return;
    }
    await setAlwaysOn(host, true);
    $('site').value = '';
    renderSites();
  });
  renderSites();

  const { glossary } = await chrome.storage.local.get('glossary');
  if (glossary?.text) {
    $('glossary-text').value = glossary.text;
    showIssues(glossary.issues);
    glossaryStatus(glossary.text, glossary.format, glossary.issues);
  } else {
    glossaryStatus('', 'tsv', []);
  }
  $('glossary-apply').addEventListener('click', () => useGlossary($('glossary-text').value));
  $('glossary-clear').addEventListener('click', () => {
    $('glossary-text').value = '';
    useGlossary('');
  });
  $('glossary-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const text = await file.text();
      $('glossary-text').value = text;
      await useGlossary(text, glossaryFormat(text, file.name));
    } catch (err) {
      $('glossary-status').textContent = `Could not read ${file.name}: ${err.message}`;
    } finally {
      e.target.value = '';
    }
  });
  document.body.dataset.ready = 'true';
}

init();
