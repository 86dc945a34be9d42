// The widget's words and tokens, without a browser: both languages say the
// same things (same keys, same {placeholders}), every subtest, status and
// verdict the report schema allows has a name in each, and web/tokens.json
// documents exactly the custom properties the stylesheets read, with the
// basis token and fallback they really use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const read = (path) => readFileSync(resolve(root, path), 'utf8');
const words = { nl: JSON.parse(read('web/widget/words/nl.json')), en: JSON.parse(read('web/widget/words/en.json')) };
const schema = JSON.parse(read('docs/report-schema.json'));

function leaves(value, path = []) {
  if (typeof value !== 'object' || value === null) return [[path.join('.'), value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
}
const placeholders = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the widget has its words in every language of the core\'s catalogues', () => {
  const catalogues = readdirSync(resolve(root, 'core/messages')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  assert.ok(catalogues.length > 0);
  for (const lang of catalogues) assert.ok(existsSync(resolve(root, `web/widget/words/${lang}.json`)), lang);
});

test('Dutch and English have the same words with the same placeholders', () => {
  const nl = new Map(leaves(words.nl));
  const en = new Map(leaves(words.en));
  assert.deepEqual([...nl.keys()].sort(), [...en.keys()].sort());
  for (const [key, text] of nl) {
    if (key === 'lang' || key === 'about') continue;
    assert.ok(String(text).trim(), `nl ${key} is empty`);
    assert.deepEqual(placeholders(text), placeholders(en.get(key)), key);
  }
  assert.equal(words.nl.lang, 'nl');
  assert.equal(words.en.lang, 'en');
});

test('every subtest, status, verdict, TLSA state and certificate validity of the report schema has words in both languages', () => {
  const subtests = schema.properties.subtests.required;
  const statuses = schema.$defs.subtest.properties.status.enum;
  const verdicts = [...schema.properties.verdict.enum, ...schema.$defs.host.properties.verdict.enum,
    ...schema.$defs.address.properties.verdict.enum];
  for (const lang of ['nl', 'en']) {
    assert.deepEqual(subtests.filter((s) => !words[lang].subtest[s]), [], `${lang}: subtests without a name`);
    assert.deepEqual(statuses.filter((s) => !words[lang].status_word[s]), [], `${lang}: statuses without a word`);
    assert.deepEqual(verdicts.filter((v) => !words[lang].verdict[v]), [], `${lang}: verdicts without a word`);
    const states = schema.$defs.host.properties.tlsa.properties.state.enum;
    assert.deepEqual(states.filter((s) => !words[lang].detail.tlsa_state_word[s]), [], `${lang}: TLSA states without a word`);
    const validity = schema.$defs.certificate.properties.validity.enum;
    assert.deepEqual(validity.filter((v) => !words[lang].detail.validity[v]), [], `${lang}: certificate validity without a word`);
    const domainVerdicts = schema.properties.verdict.enum;
    assert.deepEqual(domainVerdicts.filter((v) => !words[lang].verdict_headline[v]), [], `${lang}: verdicts without a headline`);
  }
});

test('web/tokens.json documents the custom properties the stylesheets read, with their basis tokens and fallbacks', () => {
  const tokens = JSON.parse(read('web/tokens.json'));
  const css = read('web/widget/daneel-check.css') + read('web/page.css');
  const documented = [...Object.values(tokens.component['daneel-check']), ...Object.values(tokens.page)];
  for (const token of documented) {
    const fallbacks = typeof token.fallback === 'object' ? Object.values(token.fallback) : [token.fallback];
    for (const fallback of new Set(fallbacks)) {
      const rule = `var(${token.token}, var(${token.basis}, ${fallback}))`;
      assert.ok(css.includes(rule), `the stylesheets read ${rule}`);
    }
  }
  const read_ = new Set([...css.matchAll(/var\((--daneel-[\w-]+)/g)].map((m) => m[1]));
  assert.deepEqual([...read_].filter((name) => !documented.some((t) => t.token === name)), [], 'undocumented tokens');
});
