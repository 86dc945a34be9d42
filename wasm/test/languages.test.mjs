// One source for the report's languages (issue 15, item 3): the files
// core/messages/<lang>.json. The module reports what its build found, and
// everything else that must name the languages agrees with it: the package's
// catalogues, the CLI's words, the report schema and the type declarations.
// (The ctest one_source fails on any other list in the sources.) No test world needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { loadDaneel, createChecker, DaneelError } from 'daneel';
import { CLI_LANGUAGES, pickLanguage, words } from '../src/cli/words.mjs';

const repository = new URL('../../', import.meta.url);
const jsonFiles = (url) => readdirSync(url).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
const catalogueFiles = jsonFiles(new URL('core/messages/', repository));

test('the module names the languages of core/messages/, and the package, the CLI, the schema and the types agree', async () => {
  const info = (await loadDaneel()).buildInfo();
  assert.deepEqual(info.languages, catalogueFiles);
  assert.ok(info.languages.includes(info.default_language));
  assert.deepEqual(jsonFiles(new URL('../dist/messages/', import.meta.url)), catalogueFiles, 'the package carries every catalogue');
  assert.deepEqual([...CLI_LANGUAGES].sort(), catalogueFiles, 'the CLI has words for every language (wasm/src/cli/words.mjs)');
  const schema = JSON.parse(readFileSync(new URL('docs/report-schema.json', repository), 'utf8'));
  assert.deepEqual([...schema.properties.lang.enum].sort(), catalogueFiles, 'docs/report-schema.json: lang');
  const types = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
  const union = /\blang\?:\s*([^;]+);/.exec(types)[1];
  assert.deepEqual([...union.matchAll(/'([a-z]{2})'/g)].map((m) => m[1]).sort(), catalogueFiles, 'index.d.ts: lang');
});

test('createChecker refuses a language the module does not have, naming those it has', async () => {
  await assert.rejects(createChecker({ doh: ['http://127.0.0.1:9/dns-query'], lang: 'fr' }),
    (e) => e instanceof DaneelError && e.code === 'invalid_argument' && e.message === `options.lang must be one of ${catalogueFiles.join(', ')}`);
});

test('the CLI takes every language it speaks from the locale, else English; its usage lists them', () => {
  for (const lang of CLI_LANGUAGES) {
    assert.equal(pickLanguage(undefined, { LANG: `${lang}_XX.UTF-8` }), lang);
    assert.match(words(lang).usage, new RegExp(`--lang ${CLI_LANGUAGES.join('\\|')}\\]`));
  }
  assert.equal(pickLanguage(undefined, { LANG: 'nl_BE.UTF-8' }), 'nl');
  assert.equal(pickLanguage(undefined, { LC_ALL: 'C.UTF-8', LANG: 'nl_NL' }), 'en');
  assert.equal(pickLanguage(undefined, { LANG: 'fr_FR.UTF-8' }), 'en');
  assert.equal(pickLanguage(undefined, {}), 'en');
  assert.equal(pickLanguage('nl', { LANG: 'en_US' }), 'nl');
});
