// The widget's words and tokens, without a browser: both languages say the
// same things (same keys, same {placeholders}), every subtest, status and
// verdict the report schema allows has a name in each, and web/tokens.json
// documents exactly the custom properties the stylesheets read, with the
// basis token and fallback they really use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { widgetWords } from './widget-words.mjs';
import { classifyTlsaRecord, tlsaExplanation } from '../../web/widget/tlsa-explanation.mjs';
import { format } from '../../web/widget/format.mjs';
import { buildPages } from '../../scripts/build-pages.mjs';

const root = resolve(import.meta.dirname, '../..');
const read = (path) => readFileSync(resolve(root, path), 'utf8');
const own = { nl: JSON.parse(read('web/widget/words/nl.json')), en: JSON.parse(read('web/widget/words/en.json')) };
const words = { nl: widgetWords('nl'), en: widgetWords('en') };
const schema = JSON.parse(read('docs/report-schema.json'));
const { words: cliWords } = await import('../../wasm/src/cli/words.mjs');

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
  const nl = new Map(leaves(own.nl));
  const en = new Map(leaves(own.en));
  assert.deepEqual([...nl.keys()].sort(), [...en.keys()].sort());
  for (const [key, text] of nl) {
    if (key === 'lang' || key === 'about') continue;
    assert.ok(String(text).trim(), `nl ${key} is empty`);
    assert.deepEqual(placeholders(text), placeholders(en.get(key)), key);
  }
  assert.equal(words.nl.lang, 'nl');
  assert.equal(words.en.lang, 'en');
});

test('one source: the verdict, status and subtest names of the widget and of the CLI are the core catalogue\'s, in neither copy', () => {
  for (const lang of ['nl', 'en']) {
    const { values } = JSON.parse(read(`core/messages/${lang}.json`));
    assert.deepEqual(words[lang].subtest, values.subtest);
    assert.deepEqual(cliWords(lang).subtest, values.subtest, `${lang}: the CLI reads them from the package's dist/messages/`);
    assert.deepEqual(cliWords(lang).status, values.status);
    assert.deepEqual(cliWords(lang).verdict, values.verdict);
    for (const table of ['verdict', 'status_word', 'subtest']) assert.equal(own[lang][table], undefined, `${lang}: widget/words has its own ${table}`);
  }
  assert.doesNotMatch(read('wasm/src/cli/words.mjs'), /starttls_available/, 'the CLI keeps no copy of the subtest names');
});

test('why a TLSA record did or did not match, in each language from the record\'s fields', () => {
  const record = (fields) => ({ record: '3 1 1 aa', parameters: 'DANE-EE(3) SPKI(1) SHA2-256(1)', usable: true, in_force: true,
    authenticates: false, matching_depths: [], explanation: 'the core\'s English sentence', ...fields });
  const cases = [
    [record({ authenticates: true, matching_depths: [0] }), 'ee_leaf', false],
    [record({ matching_depths: [1] }), 'ee_not_leaf', false],
    [record({}), 'no_match', false],
    [record({ record: '2 0 1 aa', authenticates: true, matching_depths: [1] }), 'ta_ok', false],
    [record({ record: '2 1 0 aa', authenticates: true }), 'ta_ok_key', false],
    [record({ record: '2 0 1 aa', matching_depths: [2] }), 'ta_failed', true],
    [record({ record: '2 0 1 aa', matching_depths: [0] }), 'ta_leaf', false],
    [record({ record: '2 0 1 aa' }), 'ta_no_issuer', true],
    [record({ record: '1 0 1 aa', usable: false }), 'unusable', true],
  ];
  for (const [r, key, technical] of cases) {
    assert.equal(classifyTlsaRecord(r).key, key, r.record);
    const nl = tlsaExplanation(r, words.nl, format);
    const en = tlsaExplanation(r, words.en, format);
    assert.notEqual(nl.text, en.text, key);
    assert.doesNotMatch(nl.text, /\{\w+\}/, `${key}: every placeholder filled`);
    assert.equal(nl.technical, technical ? r.explanation : null, key);
  }
  assert.match(tlsaExplanation(record({ authenticates: true, matching_depths: [0] }), words.nl, format).text, /publieke sleutel/);
  assert.match(tlsaExplanation(record({ record: '3 0 1 aa', authenticates: true, matching_depths: [0] }), words.nl, format).text, /certificaat/);
  assert.match(tlsaExplanation(record({ in_force: false }), words.en, format).text, /not in force/);
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

test('the page in each language is built from one structure, each filling every placeholder, the widget in the page\'s language', () => {
  const pages = buildPages();
  assert.deepEqual(pages.map((p) => p.file).sort(), ['en.html', 'index.html']);
  for (const { lang, html } of pages) {
    assert.doesNotMatch(html, /\{\{/, `${lang}: a placeholder left`);
    assert.match(html, new RegExp(`<html lang="${lang}">`));
    assert.match(html, new RegExp(`<daneel-check lang="${lang}" grading>`));
    // Readable without JavaScript: the texts are in the static HTML.
    const { texts } = JSON.parse(read(`web/page-text/${lang}.json`));
    assert.ok(html.includes(`>${texts.what_heading}<`) && html.includes(`>${texts.why_heading}<`), lang);
  }
  // Same structure: with their texts taken out, the pages are the same.
  const skeleton = (html) => html.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""');
  const [a, b] = pages;
  assert.equal(skeleton(a.html), skeleton(b.html));
});
