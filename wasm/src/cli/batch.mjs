// `daneel batch FILE --out RESULTS.ndjson`: the batch engine (../batch/run.mjs)
// with a progress bar on a terminal (a line every N domains otherwise) and
// an optional summary of the whole output file (counts per verdict).
import { existsSync } from 'node:fs';
import { runBatch } from '../batch/run.mjs';
import { countLines } from '../batch/lines.mjs';
import { parseShard } from '../batch/domains.mjs';
import { formatOf, INPUT_FORMAT } from '../batch/source.mjs';
import { ListError } from '../batch/organisations.mjs';
import { countVerdicts, formatSummary } from '../batch/results.mjs';
import { SHARE_DEFAULTS } from '../batch/share.mjs';
import { parse, checkerOptions, positiveNumber, UsageError } from './options.mjs';

const BATCH_OPTIONS = {
  out: { type: 'string', short: 'o' },
  concurrency: { type: 'string', short: 'c' },
  'per-destination': { type: 'string' },
  shard: { type: 'string' },
  summary: { type: 'string' },
  'progress-every': { type: 'string' },
  'input-format': { type: 'string' },
  'share-max-age': { type: 'string' },
  // Earlier runs' results whose probes may serve this run (while younger than --share-max-age).
  'share-from': { type: 'string', multiple: true },
  // TLS grading per check (off in a batch unless asked for: see below).
  grading: { type: 'boolean' },
};

function progressReporter(stderr, w, total, every) {
  const started = Date.now();
  let done = 0;
  const rate = () => done / Math.max(0.001, (Date.now() - started) / 1000);
  if (stderr.isTTY) {
    const draw = () => {
      const width = 30;
      const filled = total ? Math.min(width, Math.round((width * done) / total)) : 0;
      stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${w.progress(done, total, rate())}\x1b[K`);
    };
    draw();
    return { tick: () => { done++; draw(); }, end: () => stderr.write('\n') };
  }
  return {
    tick: () => {
      done++;
      if (done % every === 0) stderr.write(`${w.progress(done, total, rate())}\n`);
    },
    end: () => {},
  };
}

// A batch grades TLS only with --grading (runBatch's default is no grading:
// see there why).
async function batchCheckerOptions(values, lang) {
  const options = await checkerOptions(values, lang);
  if (values.quick && values.grading) throw new UsageError('--grading and --quick exclude each other');
  if (values['max-connections'] !== undefined && !values.grading) {
    throw new UsageError('--max-connections is the grading\'s budget: it needs --grading in a batch');
  }
  if (values.grading) options.grading = true;
  return options;
}

export async function runBatchCommand(args, { lang, w, stdout, stderr, signal }) {
  const { values, positionals } = parse(args, BATCH_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('batch needs exactly one input file');
  if (!values.out) throw new UsageError('batch needs --out RESULTS.ndjson');
  if (values.summary !== undefined && !['csv', 'md'].includes(values.summary)) {
    throw new UsageError('--summary must be csv or md');
  }
  const formats = Object.values(INPUT_FORMAT);
  if (values['input-format'] !== undefined && !formats.includes(values['input-format'])) {
    throw new UsageError(`--input-format must be ${formats.join(' or ')}`);
  }
  let shard;
  try {
    shard = parseShard(values.shard);
  } catch (error) {
    throw new UsageError(error.message);
  }
  const concurrency = values.concurrency === undefined ? 8 : positiveNumber(values.concurrency, '--concurrency', { integer: true, max: 1024 });
  const perDestination = values['per-destination'] === undefined ? 1
    : positiveNumber(values['per-destination'], '--per-destination', { integer: true, max: 64 });
  // Shared per-host work (batch/share.mjs): a probe serves later checks for at
  // most this many seconds; 0 turns sharing off (every check on its own).
  const shareMaxAge = values['share-max-age'];
  let share = SHARE_DEFAULTS;
  if (shareMaxAge === '0') share = null;
  else if (shareMaxAge !== undefined) {
    share = { ...SHARE_DEFAULTS, maxAgeMs: 1000 * positiveNumber(shareMaxAge, '--share-max-age', { integer: true, max: 30 * 86400 }) };
  }
  const shareFrom = values['share-from'] ?? [];
  if (shareFrom.length > 0 && share === null) throw new UsageError('--share-from needs sharing on (not --share-max-age 0)');
  for (const path of shareFrom) {
    if (!existsSync(path)) throw new UsageError(`--share-from ${path}: no such file`);
  }
  const every = values['progress-every'] === undefined ? 100
    : positiveNumber(values['progress-every'], '--progress-every', { integer: true });
  const input = positionals[0];
  let total;
  try {
    total = await countLines(input);
  } catch (error) {
    throw new UsageError(`${input}: ${error.code ?? error.message}`);
  }

  const format = formatOf(input, values['input-format']);
  // A CSV's header is no domain (quoted line breaks make the total approximate).
  if (format === INPUT_FORMAT.CSV) total = Math.max(0, total - 1);
  const progress = progressReporter(stderr, w, shard ? 0 : total, every);
  const stats = await runBatch({
    input,
    format,
    out: values.out,
    concurrency,
    perDestination,
    shard,
    share,
    shareFrom,
    checker: await batchCheckerOptions(values, lang),
    signal,
    onResult: () => progress.tick(),
    onBadLine: ({ number, reason }) => stderr.write(`${stderr.isTTY ? '\r\x1b[K' : ''}${w.badLine(input, number, reason)}\n`),
  }).catch((error) => {
    // A list without a usable header: nothing was checked or written.
    if (error instanceof ListError) throw new UsageError(error.message);
    throw error;
  });
  progress.end();
  stderr.write(`${w.batchDone(stats.checked, stats.resumed, stats.bad)}\n`);
  if (values.summary) stdout.write(formatSummary(await countVerdicts(values.out), values.summary));
  // Interrupted: what finished is written; the rest is checked by the next run.
  return signal?.aborted ? 130 : 0;
}
