// The files one visitor of the Dutch page downloads besides the wasm package
// (issue 16's size budget: the page and the widget under 30 KB gzip): the
// page as scripts/stage-site writes it, its script, styles, configuration and
// icon, the widget's modules and stylesheet, and the widget's Dutch words.
// One list for tests/browser/budget.test.mjs (which holds the budget) and
// bench/page.mjs (which prints the figures).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPages } from './build-pages.mjs';

const web = resolve(import.meta.dirname, '../web');

/** [{file, bytes, gzip}]: each file's size, and gzip -9 of it on its own, as a server sends it. */
export function pageFiles(webDir = web) {
  const widget = readdirSync(join(webDir, 'widget')).filter((name) => /\.(mjs|css)$/.test(name)).sort().map((name) => `widget/${name}`);
  const page = buildPages(webDir).find((p) => p.lang === 'nl');
  const contents = [[page.file, Buffer.from(page.html)],
    ...['page.mjs', 'page.css', 'config.json', 'favicon.svg', 'widget/words/nl.json', ...widget]
      .map((file) => [file, readFileSync(join(webDir, file))])];
  return contents.map(([file, content]) => ({ file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length }));
}
