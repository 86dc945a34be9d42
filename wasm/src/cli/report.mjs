// `daneel report RESULTS.ndjson [EARLIER.ndjson ...] --out report.html`:
// the measurement report (../report/) from one batch output and, for the
// trend and the changes, earlier ones. Exit 0, or EXIT.regression when a
// domain is worse than in the previous run (the report is written all the
// same), 2 for bad usage or a results file that is no batch output.
import { parseArgs } from 'node:util';
import { makeReport } from '../report/run.mjs';
import { ResultsError } from '../report/read.mjs';
import { REPORT_LANGUAGES } from '../report/words.mjs';
import { reportWords } from '../report/words.mjs';
import { positiveNumber, UsageError } from './options.mjs';
import { EXIT } from './exit-codes.mjs';

const REPORT_OPTIONS = {
  out: { type: 'string', short: 'o' },
  csv: { type: 'string' },
  json: { type: 'string' },
  organisations: { type: 'string' },
  lang: { type: 'string' },
  'progress-every': { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

// At most this many runs in one trend (each run is held as facts in memory).
const MAX_RUNS = 64;

export async function runReport(args, { lang, stderr }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: REPORT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('report needs a results file (RESULTS.ndjson), then any earlier ones');
  if (positionals.length > MAX_RUNS) throw new UsageError(`report takes at most ${MAX_RUNS} results files`);
  if (values.lang !== undefined && !REPORT_LANGUAGES.includes(values.lang)) {
    throw new UsageError(`--lang must be one of ${REPORT_LANGUAGES.join(', ')}`);
  }
  const outputs = { html: values.out, csv: values.csv, json: values.json, organisations: values.organisations };
  if (!Object.values(outputs).some(Boolean)) throw new UsageError('report needs --out report.html (or --csv, --json, --organisations FILE)');
  const every = values['progress-every'] === undefined ? 50_000
    : positiveNumber(values['progress-every'], '--progress-every', { integer: true });
  // Reader threads per results file (report/read.mjs); default: the cores.
  const threads = values.threads === undefined ? undefined : positiveNumber(values.threads, '--threads', { integer: true, max: 64 });
  const w = reportWords(values.lang ?? lang);
  let agg;
  try {
    agg = await makeReport({
      files: positionals,
      outputs,
      lang: w.lang,
      every,
      threads,
      onProgress: (file, lines) => stderr.write(`${w.progress(file, lines)}\n`),
      onWritten: (file) => stderr.write(`${w.written(file)}\n`),
    });
  } catch (error) {
    if (!(error instanceof ResultsError)) throw error;
    stderr.write(`daneel report: ${error.message}\n`);
    return EXIT.usage;
  }
  const regressed = agg.changes.regressed.length;
  if (regressed > 0) {
    stderr.write(`${w.regressions(regressed)}\n`);
    return EXIT.regression;
  }
  return EXIT.pass;
}
