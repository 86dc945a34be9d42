// The files a site must host to embed <daneel-check> (docs/EMBEDDING.md),
// measured in a staged site (scripts/stage-site DIR): each file's size and
// its size gzip-compressed on its own (as a server sends it). The list below
// is the one source: the doc's table is written from it, and
// tests/browser/embed.test.mjs checks that an embedding page fetches nothing
// else.
//   node scripts/embed-files.mjs SITE_DIR            print the table
//   node scripts/embed-files.mjs SITE_DIR --write F  replace the table in F
//                                                    (between its embed-files markers)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

// Paths relative to the staged site; a trailing "/" takes every file of that
// folder with one of the extensions. What each is for is said in the table.
export const EMBED_FILES = Object.freeze([
  { path: 'widget/', ext: ['.mjs'], job: 'the element and its modules (one of them the Web Worker)' },
  { path: 'widget/daneel-check.css', job: 'the shadow root\'s styles (a `<link>`, no inline style)' },
  { path: 'widget/languages.json', job: 'the languages the widget speaks (written by scripts/stage-site)' },
  { path: 'widget/words/', ext: ['.json'], job: 'the widget\'s own words, one file a language (only the page\'s is fetched)' },
  { path: 'daneel/dist/daneel.browser.mjs', job: 'the npm package\'s browser module (fetched by the worker)' },
  { path: 'daneel/dist/daneel.wasm', job: 'the check engine (fetched by the worker)' },
  { path: 'daneel/dist/messages/', ext: ['.json'], job: 'the core\'s catalogue, one file a language (only the page\'s is fetched): the report\'s texts, and the verdict, status and subtest names the widget shows' },
]);

/** Every file of the list in `siteDir`: [{file, bytes, gzip, job}], sorted by path within each entry. */
export function embedFiles(siteDir) {
  const rows = [];
  for (const { path, ext, job } of EMBED_FILES) {
    const files = path.endsWith('/')
      ? readdirSync(join(siteDir, path)).filter((name) => ext.some((e) => name.endsWith(e))).sort().map((name) => path + name)
      : [path];
    if (files.length === 0) throw new Error(`embed-files: nothing in ${join(siteDir, path)}`);
    for (const file of files) {
      const full = join(siteDir, file);
      if (!statSync(full).isFile()) throw new Error(`embed-files: ${full} is not a file`);
      const content = readFileSync(full);
      rows.push({ file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length, job });
    }
  }
  return rows;
}

const kb = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** The Markdown table of `rows`, with a total line. */
export function markdownTable(rows) {
  const lines = ['| File | Size | gzip | For |', '|---|---:|---:|---|'];
  // A folder's files share one job: said once, on its first file.
  rows.forEach(({ file, bytes, gzip, job }, i) => {
    lines.push(`| \`${file}\` | ${kb(bytes)} | ${kb(gzip)} | ${i > 0 && rows[i - 1].job === job ? '' : job} |`);
  });
  const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
  lines.push(`| all of them | ${kb(total('bytes'))} | ${kb(total('gzip'))} | a visitor fetches one language of the words and catalogue |`);
  return lines.join('\n');
}

const BEGIN = '<!-- embed-files: written by scripts/embed-files.mjs; do not edit by hand -->';
const END = '<!-- /embed-files -->';

if (import.meta.url === `file://${process.argv[1]}`) {
  const [siteDir, flag, target] = process.argv.slice(2);
  if (!siteDir || (flag && (flag !== '--write' || !target))) {
    console.error('usage: node scripts/embed-files.mjs SITE_DIR [--write FILE.md]');
    process.exit(2);
  }
  const table = markdownTable(embedFiles(siteDir));
  if (!flag) {
    console.log(table);
  } else {
    const text = readFileSync(target, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (start < 0 || end < start) {
      console.error(`embed-files: ${target} has no ${BEGIN} ... ${END} block`);
      process.exit(1);
    }
    writeFileSync(target, `${text.slice(0, start + BEGIN.length)}\n${table}\n${text.slice(end)}`);
    console.log(`embed-files: wrote the table of ${relative(process.cwd(), siteDir) || siteDir} into ${target}`);
  }
}
