// The widget's own words (words/<lang>.json), one file per language. The
// report's texts are not here: they come from the core's catalogue, already
// rendered into the report in the language the check ran in.
//
// The languages are the core's (core/messages/<lang>.json, the one list):
// scripts/stage-site writes them into languages.json beside this module and
// refuses a language without words here (tests/browser/words.test.mjs too).
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

export function loadWords(lang) {
  if (!loaded.has(lang)) {
    const promise = fetch(new URL(`./words/${lang}.json`, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`words/${lang}.json: HTTP ${response.status}`);
      return response.json();
    });
    promise.catch(() => loaded.delete(lang));
    loaded.set(lang, promise);
  }
  return loaded.get(lang);
}

/** Fills {name} placeholders; an unknown one stays visible, so a missing parameter is noticed. */
export function format(template, params = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
