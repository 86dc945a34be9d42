// The widget's words as it loads them (web/widget/words.mjs): its own file
// plus the core catalogue's tables (web/widget/catalogue-words.mjs), read
// from the sources here, for the tests to compare with what the page shows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withCatalogue } from '../../web/widget/catalogue-words.mjs';

const root = resolve(import.meta.dirname, '../..');
const readJson = (path) => JSON.parse(readFileSync(resolve(root, path), 'utf8'));

/** The merged words of `lang`. */
export function widgetWords(lang) {
  return withCatalogue(readJson(`web/widget/words/${lang}.json`), readJson(`core/messages/${lang}.json`));
}
