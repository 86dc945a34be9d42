// `daneel check DOMAIN...`: checks each domain, prints the reports (human
// tables, or one JSON report per line with --json), exits by the worst verdict.
import { createChecker } from '../index.node.mjs';
import { parse, checkerOptions, describe, UsageError } from './options.mjs';
import { renderReport, colours, useColour } from './render.mjs';
import { exitCodeFor } from './exit-codes.mjs';
import { errorRecord } from '../batch/results.mjs';

// Domains checked at once: a few, so a list on the command line is quick
// without opening many connections.
const PARALLEL = 4;
const MAX_DOMAINS = 1000;

export async function runCheck(args, { lang, w, stdout, stderr, signal }) {
  const { values, positionals } = parse(args);
  if (positionals.length === 0) throw new UsageError('check needs at least one domain');
  if (positionals.length > MAX_DOMAINS) throw new UsageError(`at most ${MAX_DOMAINS} domains; use daneel batch for more`);
  const checker = await createChecker(await checkerOptions(values, lang));
  const c = colours(useColour(stdout));

  const results = new Array(positionals.length);
  const printed = { next: 0 };
  // Prints finished results in the order given.
  const flush = () => {
    while (printed.next < results.length && results[printed.next] !== undefined) {
      const report = results[printed.next++];
      if (values.json) {
        stdout.write(`${JSON.stringify(report)}\n`);
      } else if (report.error) {
        stdout.write(`${c.bold(report.input)}  ${c.red(w.verdict.error.toUpperCase())}\n  ${w.errorPrefix}: ${report.error.code}: ${report.error.message}\n\n`);
      } else {
        stdout.write(`${renderReport(report, w, c).join('\n')}\n\n`);
      }
    }
  };

  let next = 0;
  async function worker() {
    while (next < positionals.length) {
      const index = next++;
      const domain = positionals[index];
      try {
        results[index] = await checker.check(domain, { signal });
      } catch (error) {
        if (error?.code === 'aborted') throw error;
        results[index] = errorRecord(domain, error);
        if (!values.json) stderr.write(`${domain}: ${describe(error)}\n`);
      }
      flush();
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, positionals.length) }, worker));
  return exitCodeFor(results.map((r) => r.verdict));
}
