// The size budget of issue 16: the page and the widget, what one visitor of
// the Dutch page downloads besides the wasm package, under 30 KB gzip. Each
// file is compressed on its own, as a server sends it. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPages } from '../../scripts/build-pages.mjs';

const web = resolve(import.meta.dirname, '../../web');
const BUDGET = 30 * 1024;

test('the Dutch page with its widget is under 30 KB gzip on top of the wasm package', (t) => {
  const widget = readdirSync(join(web, 'widget')).filter((name) => /\.(mjs|css)$/.test(name)).map((name) => `widget/${name}`);
  const files = ['page.mjs', 'page.css', 'config.json', 'favicon.svg', 'widget/words/nl.json', ...widget];
  // The Dutch page as scripts/stage-site writes it (from web/page.html and its Dutch texts).
  const page = buildPages(web).find((p) => p.lang === 'nl');
  const sizes = [[page.file, gzipSync(page.html, { level: 9 }).length],
    ...files.map((file) => [file, gzipSync(readFileSync(join(web, file)), { level: 9 }).length])];
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  for (const [file, size] of sizes.sort((a, b) => b[1] - a[1])) t.diagnostic(`${String(size).padStart(6)} B  ${file}`);
  t.diagnostic(`${String(total).padStart(6)} B  in all (${(total / 1024).toFixed(1)} KB gzip; budget ${BUDGET / 1024} KB)`);
  assert.ok(widget.includes('widget/daneel-check.mjs') && widget.includes('widget/check-worker.mjs'));
  assert.ok(total < BUDGET, `${total} B gzip is over the budget of ${BUDGET} B`);
});
