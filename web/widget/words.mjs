// The widget's own words (words/<lang>.json), one file per language, with
// the names it shares with the CLI from the core's catalogue
// (catalogue-words.mjs). The report's texts are not here: they come from the
// core's catalogue, already rendered into the report in the language the
// check ran in.
//
// The languages are the core's (core/messages/<lang>.json, the one list):
// scripts/stage-site writes them into languages.json beside this module and
// refuses a language without words here (tests/browser/words.test.mjs too).
import { withCatalogue } from './catalogue-words.mjs';

export const LANGUAGES = await readLanguages();
export const DEFAULT_LANGUAGE = 'nl';  // the widget's default: its readers are Dutch public bodies

async function readLanguages() {
  const response = await fetch(new URL('./languages.json', import.meta.url));
  if (!response.ok) throw new Error(`widget/languages.json: HTTP ${response.status}`);
  return Object.freeze((await response.json()).languages);
}

const loaded = new Map();  // lang -> Promise of the words

/** The language to use for a `lang` attribute value: one we have words for, else Dutch. */
export function pickLanguage(value) {
  const lang = String(value ?? '').trim().toLowerCase().split('-')[0];
  return LANGUAGES.includes(lang) ? lang : DEFAULT_LANGUAGE;
}

async function fetchJson(url, name) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.json();
}

/** The words of `lang`: words/<lang>.json and the package's catalogue (catalogue-words.mjs). */
export function loadWords(lang) {
  if (!loaded.has(lang)) {
    const promise = Promise.all([
      fetchJson(new URL(`./words/${lang}.json`, import.meta.url), `words/${lang}.json`),
      fetchJson(new URL(`../daneel/dist/messages/${lang}.json`, import.meta.url), `daneel/dist/messages/${lang}.json`),
    ]).then(([words, catalogue]) => withCatalogue(words, catalogue));
    promise.catch(() => loaded.delete(lang));
    loaded.set(lang, promise);
  }
  return loaded.get(lang);
}

// format() has a module of its own, so that Node (the tests) can use it without this one's fetches.
export { format } from './format.mjs';
