// Builds the page in each of its languages from one structure: web/page.html
// with {{name}} placeholders, filled with web/page-text/<lang>.json's texts
// (HTML-escaped: the texts hold no markup; the markup is the template's) and
// written to the file each language names (index.html for Dutch, en.html for
// English). The result is plain static HTML, readable without JavaScript.
// Every language must fill exactly the template's placeholders.
//   node scripts/build-pages.mjs OUT_DIR
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;
const FILE_NAME = /^[a-z]+\.html$/;

const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** [{lang, file, html}] for every web/page-text/<lang>.json. Throws on a missing or unused text. */
export function buildPages(webDir = resolve(root, 'web')) {
  const template = readFileSync(join(webDir, 'page.html'), 'utf8');
  const names = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const languages = readdirSync(join(webDir, 'page-text')).filter((f) => f.endsWith('.json')).sort();
  if (languages.length === 0) throw new Error('build-pages: web/page-text/ has no language');
  const files = new Set();
  return languages.map((name) => {
    const lang = name.slice(0, -'.json'.length);
    const { file, texts } = JSON.parse(readFileSync(join(webDir, 'page-text', name), 'utf8'));
    if (!FILE_NAME.test(file ?? '') || files.has(file)) throw new Error(`build-pages: ${name}: bad or repeated "file"`);
    files.add(file);
    const missing = [...names].filter((n) => typeof texts?.[n] !== 'string');
    const unused = Object.keys(texts ?? {}).filter((n) => !names.has(n));
    if (missing.length || unused.length) {
      throw new Error(`build-pages: ${name}: missing ${missing.join(', ') || 'none'}; not in page.html ${unused.join(', ') || 'none'}`);
    }
    if (texts.lang !== lang) throw new Error(`build-pages: ${name}: texts.lang is ${texts.lang}`);
    // The widget on the page speaks the page's language only if the core has a catalogue for it.
    if (!existsSync(resolve(root, `core/messages/${lang}.json`))) throw new Error(`build-pages: ${name}: core/messages has no ${lang}`);
    return { lang, file, html: template.replace(PLACEHOLDER, (_, n) => escapeHtml(texts[n])) };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/build-pages.mjs OUT_DIR');
    process.exit(2);
  }
  for (const { file, html } of buildPages()) writeFileSync(join(out, file), html);
}
