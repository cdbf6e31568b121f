// The extension on pages with the structures of real news and research sites, written for
// the project (tests/fixtures/pages/): nested inline markup, links mid-sentence, Arabic and
// English mixed, tables and captions, comment threads, lazy-loaded paragraphs, sticky and
// fixed headers, web components, forms, vocalised verse. On each: turn on, words painted, a
// hover on a word in view opens its tooltip, turn off, and the document is byte-identical to
// what it was, with no page error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FIXTURES, highlightCount, launchWithExtension, startPageServer, visibleTooltip } from './extension-harness.mjs';

let ext;
let server;
before(async () => {
  server = await startPageServer();
  ext = await launchWithExtension();
});
after(async () => {
  await ext?.close();
  await server?.close();
});

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.html')).sort();

test('there are at least 12 fixture pages', () => {
  assert.ok(fixtures.length >= 12, `${fixtures.length} fixtures`);
});

/** Centre of a painted word that is in view and not covered by something else (a sticky
 * header), or null. */
function wordInView(page) {
  return page.evaluate(() => {
    const vh = innerHeight;
    for (const r of CSS.highlights.get('hashiya-word') ?? []) {
      const live = new Range();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const b = live.getClientRects()[0];
      if (!b || b.width < 4 || b.top < 60 || b.bottom > vh - 10) continue;
      const x = b.left + b.width / 2;
      const y = b.top + b.height / 2;
      const hit = document.elementFromPoint(x, y);
      const host = r.startContainer.getRootNode().host;
      if (hit && (hit.contains(r.startContainer) || hit === host || host?.contains(hit))) return { x, y, word: live.toString() };
    }
    return null;
  });
}

for (const name of fixtures) {
  test(`fixture ${name}: annotate, hover, remove byte-identical, no page error`, { timeout: 60_000 }, async () => {
    const page = await ext.newPage();
    await page.goto(`${server.base}/pages/${name}`);
    // The page's own loading (lazy paragraphs, live entries) is done before the snapshot.
    await page.waitForFunction(() => document.readyState === 'complete' && !document.querySelector('[data-pending]'));
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await ext.toggle(page, true);
    const state = await ext.painted(page);
    assert.ok(state.words >= 10, `${state.words} words glossed`);
    assert.ok((await highlightCount(page)) >= 10);
    const at = await wordInView(page);
    assert.ok(at, 'a painted word is in view');
    await page.mouse.move(at.x, at.y);
    await visibleTooltip(page).waitFor({ timeout: 10_000 });
    assert.ok((await visibleTooltip(page).innerText()).trim().length > 0, `tooltip for ${at.word}`);
    await ext.toggle(page, false);
    assert.equal(await highlightCount(page), 0);
    assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before, 'outerHTML restored');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
