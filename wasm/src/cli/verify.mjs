// `daneel verify REPORT.json`: checks the report's domain again and compares
// (checker.verify, wasm/src/verify.mjs). Exit 0 when it holds, 1 when it differs.
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
  if (values.json) {
    stdout.write(`${JSON.stringify({ ok: result.ok, differences: result.differences })}\n`);
  } else if (result.ok) {
    stdout.write(`${c.green(w.verifyOk)}\n`);
  } else {
    stdout.write(`${c.red(w.verifyDiffers(result.differences.length))}\n`);
    for (const d of result.differences) stdout.write(`  - ${typeof d === 'string' ? d : JSON.stringify(d)}\n`);
  }
  return result.ok ? 0 : 1;
}
