// The size budget of issue 16: the page and the widget, what one visitor of
// the Dutch page downloads besides the wasm package (scripts/page-files.mjs),
// under 30 KB gzip. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFiles, resultFiles } from '../../scripts/page-files.mjs';

const BUDGET = 30 * 1024;

test('the Dutch page with its widget is under 30 KB gzip on top of the wasm package', (t) => {
  const files = pageFiles();
  const total = files.reduce((sum, { gzip }) => sum + gzip, 0);
  for (const { file, gzip } of [...files].sort((a, b) => b.gzip - a.gzip)) t.diagnostic(`${String(gzip).padStart(6)} B  ${file}`);
  t.diagnostic(`${String(total).padStart(6)} B  in all (${(total / 1024).toFixed(1)} KB gzip; budget ${BUDGET / 1024} KB)`);
  const names = files.map(({ file }) => file);
  assert.ok(['index.html', 'widget/daneel-check.mjs', 'widget/check-worker.mjs', 'widget/daneel-check.css'].every((f) => names.includes(f)), names.join(' '));
  assert.ok(total < BUDGET, `${total} B gzip is over the budget of ${BUDGET} B`);
  // Loaded with a result only (the grading's renderer): printed, and kept out of the first view.
  for (const { file, gzip } of resultFiles()) {
    t.diagnostic(`${String(gzip).padStart(6)} B  ${file} (with a graded result)`);
    assert.ok(!names.includes(file), file);
  }
});
