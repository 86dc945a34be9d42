// The core's message catalogue (core/messages/<lang>.json, shipped as
// dist/messages/<lang>.json): the report shows the same how-to-fix texts as
// every check report, in the report's language, never a copy of them.
import { readFile } from 'node:fs/promises';

export async function loadCatalogue(lang) {
  const text = await readFile(new URL(`../../dist/messages/${lang}.json`, import.meta.url), 'utf8');
  const catalogue = JSON.parse(text);
  return {
    /** The finding's {text, fix} with `params` filled in; null for a code the catalogue lacks. */
    render(code, params = null) {
      const entry = catalogue.messages?.[code];
      if (!entry) return null;
      // Without params (a finding counted over many domains) a parameter
      // stands as "…": the sentence is the same for all of them.
      const fill = (template) => template.replace(/\{([a-z_]+)\}/g, (_, name) => {
        if (params === null) return '…';
        const value = params[name];
        if (value === undefined) return '…';
        return catalogue.values?.[name]?.[value] ?? value;
      });
      return { text: fill(entry.text), fix: fill(entry.fix) };
    },
  };
}
