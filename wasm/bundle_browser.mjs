// Build step of the wasm package: bundles the browser entry (src/index.browser.mjs,
// what it imports and Emscripten's ES-module glue) into one minified module,
// dist/daneel.browser.mjs, which the exports map gives browsers. One file
// instead of nine, and minified: 8.7 KB gzip instead of 13.9 (docs/BENCHMARKS.md).
//
//   node wasm/bundle_browser.mjs DIST_DIR
//
// DIST_DIR holds the glue (daneel.mjs) and gets the bundle; the sources import
// the glue as ../dist/daneel.mjs, which is mapped to DIST_DIR so that a build
// with its own output directory bundles its own glue. The bundle sits in
// dist/, so the sources' `new URL('../dist/...', import.meta.url)` still
// finds the wasm and the catalogues beside it.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node wasm/bundle_browser.mjs DIST_DIR');
  process.exit(2);
}

const glueFromDist = {
  name: 'glue-from-dist',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\.\/dist\/daneel\.mjs$/ }, () => ({ path: resolve(dist, 'daneel.mjs') }));
  },
};

await build({
  entryPoints: [new URL('src/index.browser.mjs', import.meta.url).pathname],
  outfile: resolve(dist, 'daneel.browser.mjs'),
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  // The glue's Node branches require these; they never run in a browser.
  external: ['fs', 'path', 'crypto'],
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [glueFromDist],
});
