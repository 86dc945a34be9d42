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

// Modules the widget imports only when a result needs them, as the worker
// loads the wasm package only for a check: the TLS grading's renderer comes
// with the first graded report (daneel-check.mjs, gradingNodes).
export const WITH_A_RESULT = Object.freeze(['widget/render-grading.mjs']);

const sizes = (webDir, files) => files.map((file) => size(file, readFileSync(join(webDir, file))));
const size = (file, content) => ({ file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length });

/** [{file, bytes, gzip}]: each file's size, and gzip -9 of it on its own, as a server sends it. */
export function pageFiles(webDir = web) {
  const widget = readdirSync(join(webDir, 'widget')).filter((name) => /\.(mjs|css)$/.test(name)).sort().map((name) => `widget/${name}`)
    .filter((file) => !WITH_A_RESULT.includes(file));
  const page = buildPages(webDir).find((p) => p.lang === 'nl');
  return [size(page.file, Buffer.from(page.html)),
    ...sizes(webDir, ['page.mjs', 'page.css', 'config.json', 'favicon.svg', 'widget/words/nl.json', ...widget])];
}

/** The same for WITH_A_RESULT: what a check's result adds, besides the wasm package. */
export function resultFiles(webDir = web) {
  return sizes(webDir, WITH_A_RESULT);
}
