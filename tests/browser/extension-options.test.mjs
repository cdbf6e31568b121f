// The extension's options page: settings saved in chrome.storage survive a browser restart
// (the same profile launched again) and take effect on pages (an always-on site starts by
// itself, with the theme, text size and layers chosen); a custom glossary with bad lines
// reports them by number, and its good entries reach the tooltips, also after the restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, startPageServer, visibleTooltip, wordCentre } from './extension-harness.mjs';

let server;
const profile = mkdtempSync(join(tmpdir(), 'hashiya-ext-options-'));
before(async () => {
  server = await startPageServer();
});
after(async () => {
  await server?.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

// Line 1 good, 2 has no tab, 3 is too short to match, 4 good, 5 has an empty English field.
const GLOSSARY = ['الفضاء الإلكتروني\tcyberspace (custom)', 'سطر بلا ترجمة', 'في\tin', 'محطة التحلية\tdesalination plant (custom)', 'مجلس الأمن\t'].join('\n');

const ARTICLE = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"></head><body style="font-size:22px">
<h1>محطة التحلية الجديدة</h1>
<p>قال وزير المياه إن محطة التحلية ستعمل في الصيف، وإن الفضاء الإلكتروني صار جزءا من إدارتها.</p>
<p>وأكد الوزير أن محطة التحلية ستخدم المدن الساحلية، وأن وزارة المياه تراقب الفضاء الإلكتروني لحمايتها.</p>
</body></html>`;

test('options and the glossary persist across a browser restart and apply to pages; bad glossary lines are reported by number', { timeout: 120_000 }, async () => {
  // First run: choose settings on the options page.
  let ext = await launchWithExtension(profile);
  let options = await ext.openExtensionPage('options.html');
  await options.waitForSelector('body[data-ready="true"]');
  await options.uncheck('input[name="entities"]');
  await options.check('#inline-english');
  await options.selectOption('#theme', 'dark');
  await options.selectOption('#size', 'large');
  await options.fill('#site', '127.0.0.1');
  await options.click('#site-form button[type="submit"]');
  await options.locator('#sites li', { hasText: '127.0.0.1' }).waitFor();
  await options.fill('#glossary-text', GLOSSARY);
  await options.click('#glossary-apply');
  await options.locator('#glossary-issues li').first().waitFor({ timeout: 20_000 });
  const issues = await options.locator('#glossary-issues li').allInnerTexts();
  assert.deepEqual(issues.map((t) => t.match(/^Line (\d+):/)?.[1]), ['2', '3', '5'], issues.join(' | '));
  assert.match(issues[0], /no tab/);
  assert.match(await options.locator('#glossary-status').innerText(), /3 lines skipped \(2, 3, 5\)/);
  await ext.close({ keepProfile: true });

  // Second run, same profile: everything is as it was left.
  ext = await launchWithExtension(profile);
  options = await ext.openExtensionPage('options.html');
  await options.waitForSelector('body[data-ready="true"]');
  assert.equal(await options.isChecked('input[name="entities"]'), false);
  assert.equal(await options.isChecked('input[name="words"]'), true);
  assert.equal(await options.isChecked('#inline-english'), true);
  assert.equal(await options.inputValue('#theme'), 'dark');
  assert.equal(await options.inputValue('#size'), 'large');
  assert.deepEqual(await options.locator('#sites li').allInnerTexts(), ['127.0.0.1 Remove']);
  assert.equal(await options.inputValue('#glossary-text'), GLOSSARY);
  assert.equal(await options.locator('#glossary-issues li').count(), 3);
  await options.close();

  // 127.0.0.1 is always on: the page is annotated without a toggle.
  const page = await ext.newPage();
  await page.goto(server.route('/always.html', ARTICLE));
  const state = await ext.painted(page);
  assert.equal(state.on, true);
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-entity')?.size ?? 0), 0, 'entities are off');
  // English above key terms: the labels overlay shows the glossary's English.
  await page.waitForFunction(() => document.querySelector('hashiya-labels')?.shadowRoot.querySelectorAll('.label').length > 0, null, { timeout: 10_000 });
  const labels = await page.evaluate(() => [...document.querySelector('hashiya-labels').shadowRoot.querySelectorAll('.label')].map((l) => l.textContent));
  assert.ok(labels.some((l) => /desalination plant \(custom\)|cyberspace \(custom\)/.test(l)), labels.join(' | '));
  // The glossary entry reaches the tooltip, dark and large.
  const at = await wordCentre(page, 'التحلية', 'p');
  await page.mouse.move(at.x, at.y);
  await visibleTooltip(page).waitFor({ timeout: 10_000 });
  assert.match(await visibleTooltip(page).innerText(), /desalination plant \(custom\)/);
  const look = await page.evaluate(() => {
    const card = document.querySelector('hashiya-tooltip').shadowRoot.querySelector('.card');
    const s = getComputedStyle(card);
    return { dark: card.classList.contains('dark'), fontSize: s.fontSize, background: s.backgroundColor };
  });
  assert.deepEqual(look, { dark: true, fontSize: '17px', background: 'rgb(36, 34, 30)' });

  // Changing a setting applies to the open page at once.
  options = await ext.openExtensionPage('options.html');
  await options.waitForSelector('body[data-ready="true"]');
  await options.selectOption('#theme', 'light');
  await options.selectOption('#size', 'small');
  await page.bringToFront();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('hashiya-tooltip').shadowRoot.querySelector('.card')).fontSize === '12px', null, { timeout: 5_000 });
  await options.close();
  await ext.close();
});
