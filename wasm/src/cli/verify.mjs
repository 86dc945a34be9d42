// `daneel verify REPORT.json`: re-judges a report offline from the evidence
// it carries (checker.verify, wasm/src/verify.mjs) and compares the verdicts.
// Exit 0 when they agree, 1 when they differ, 3 when the report's evidence
// cannot be replayed (absent or incomplete).
import { readFile } from 'node:fs/promises';
import { createChecker } from '../index.node.mjs';
import { DaneelError } from '../errors.mjs';
import { parse, checkerOptions, UsageError } from './options.mjs';
import { colours, useColour } from './render.mjs';

const MAX_REPORT_BYTES = 16 * 1024 * 1024;

export async function runVerify(args, { lang, w, stdout, signal }) {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError('verify needs exactly one report file');
  let report;
  try {
    const text = await readFile(positionals[0], 'utf8');
    if (text.length > MAX_REPORT_BYTES) throw new Error(`larger than ${MAX_REPORT_BYTES} bytes`);
    report = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${positionals[0]}: ${error.code ?? error.message}`);
  }
  const checker = await createChecker(await checkerOptions(values, lang));
  if (typeof checker.verify !== 'function') {
    throw new DaneelError('not_implemented', 'this build of the package has no checker.verify()');
  }
  const result = await checker.verify(report, { signal });
  const c = colours(useColour(stdout));
  const differences = result.differences ?? [];
  if (values.json) {
    const { report: _replayed, ...summary } = result;
    stdout.write(`${JSON.stringify(summary)}\n`);
  } else if (result.trust_anchors_differ) {
    // Said first and plainly: with other anchors every difference is a consequence, not a finding.
    const { text, fix } = result.trust_anchors_differ;
    stdout.write(`${c.red(w.anchorsDiffer)}: ${text}\n  ${fix}\n`);
    if (result.cannot_verify) stdout.write(`${c.yellow(w.cannotVerify)}: ${result.cannot_verify}\n`);
    else if (result.ok) stdout.write(`${c.green(w.verifyOk)}\n`);
    else stdout.write(`${w.anchorsDifferences(differences.length)}\n`);
  } else if (result.ok) {
    stdout.write(`${c.green(w.verifyOk)}\n`);
  } else if (result.cannot_verify) {
    stdout.write(`${c.yellow(w.cannotVerify)}: ${result.cannot_verify}\n`);
  } else {
    stdout.write(`${c.red(w.verifyDiffers(differences.length))}\n`);
    for (const d of differences) stdout.write(`  - ${d.path}: ${d.report} -> ${d.verify}\n`);
  }
  if (result.ok) return 0;
  return result.cannot_verify ? 3 : 1;
}
