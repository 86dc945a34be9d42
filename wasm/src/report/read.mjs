// Reads one batch output (NDJSON) as a run: streamed line by line, each line
// bounded, each result reduced to its facts at once (facts.mjs). A line that
// is not a result stops the report with the file and line number: a report
// over a silently shortened list would publish wrong shares.
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readRange, RunFacts, LineError } from './range.mjs';

// The batch writes reports with their evidence: hundreds of KB for a domain
// with many MX hosts (the batch reads its own output with the same bound).
export const MAX_RESULT_LINE = 16 * 1024 * 1024;

// A file is read by as many threads as there are cores (at most
// MAX_THREADS), each on a part of at least PART_BYTES: a thread costs its
// start-up (tens of ms) and a copy of its facts back to the main thread.
const MAX_THREADS = 8;
const PART_BYTES = 32 * 1024 * 1024;

/** A results file that cannot be used, with where. */
export class ResultsError extends Error {}

/** Where the line that holds byte `offset - 1` ends (after its newline), or `size`. */
async function lineEndAfter(file, offset, size, maxLine) {
  const block = Buffer.alloc(64 * 1024);
  // A line is at most a few times maxLine bytes (lines.mjs); past that the part ends at the end.
  for (let at = offset - 1; at < size && at < offset + 4 * maxLine; at += block.length) {
    const { bytesRead } = await file.read(block, 0, block.length, at);
    const newline = block.subarray(0, bytesRead).indexOf(10);
    if (newline !== -1) return at + newline + 1;
  }
  return size;
}

/** [start, end) byte ranges of `count` parts of `path`, each ending at a line's end. */
async function partsOf(path, size, count, maxLine) {
  const file = await open(path, 'r');
  try {
    const ends = [];
    for (let k = 1; k < count; k++) ends.push(await lineEndAfter(file, Math.max(1, Math.floor((size * k) / count)), size, maxLine));
    ends.push(size);
    return ends.map((end, k) => [k === 0 ? 0 : ends[k - 1], end]);
  } finally {
    await file.close();
  }
}

/**
 * Reads one part in a worker thread: onFacts(array) for each batch of its
 * facts, progress(n) for every n lines read. {settled: a promise of its
 * line count (rejected with LineError for a bad line), stop()}.
 */
function readInWorker(path, [start, end], { maxLine, every, onFacts, progress }) {
  const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), { workerData: { path, start, end, maxLine, every } });
  const settled = new Promise((resolve, reject) => {
    worker.on('message', (message) => {
      if (message.read) progress(message.read);
      else if (message.facts) onFacts(JSON.parse(message.facts));
      else if (message.done !== undefined) resolve(message.done);
      else if (message.failed) reject(new LineError(message.failed.number, message.failed.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`report reader thread stopped (exit ${code})`)));
  });
  return { settled, stop: () => worker.terminate() };
}

/**
 * The parts read in threads, their facts kept in file order: a part's facts
 * are kept as they come once every part before it is done, and held until
 * then. A failing line's number is counted from the file's start.
 */
async function readInParts(path, parts, { maxLine, every, onProgress }) {
  const run = new RunFacts();
  const held = parts.map(() => []);
  const done = parts.map(() => false);
  let next = 0;  // the first part not wholly kept yet
  const keep = () => {
    for (; next < parts.length; next++) {
      for (const batch of held[next]) for (const fact of batch) run.add(fact);
      held[next] = [];
      if (!done[next]) break;
    }
  };
  let read = 0;
  const progress = (n) => {
    read += n;
    onProgress(read);
  };
  const workers = parts.map((range, k) => readInWorker(path, range, {
    maxLine, every, progress,
    onFacts: (batch) => {
      held[k].push(batch);
      keep();
    },
  }));
  workers.forEach(({ settled }, k) => settled.then(() => {
    done[k] = true;
    keep();
  }, () => workers.slice(k + 1).forEach(({ stop }) => stop())));  // the report stops at the first bad line
  const results = await Promise.allSettled(workers.map(({ settled }) => settled));
  let lines = 0;
  for (const result of results) {
    if (result.status === 'rejected') {
      const error = result.reason;
      throw error instanceof LineError ? new LineError(lines + error.number, error.message) : error;
    }
    lines += result.value;
  }
  return { run, lines };
}

/** The file read here, in one part. */
async function readWhole(path, { maxLine, every, onProgress }) {
  const run = new RunFacts();
  const lines = await readRange(path, { maxLine, every, onProgress, onFact: (fact) => run.add(fact) });
  return { run, lines };
}

/**
 * {path, time, facts: Map(key -> facts), lines, duplicates} for the NDJSON at
 * `path`. `time` is the earliest check in it (ms), or the file's mtime when
 * no result has evidence. A domain that occurs twice (a resumed or merged run)
 * counts once, with its last result. onProgress(lines) every `every` lines.
 * A large file is read in parts by up to `threads` threads, with the result
 * of reading it in one (`partBytes`: the smallest part; for tests).
 */
export async function readRun(path, {
  maxLine = MAX_RESULT_LINE, every = 10_000, onProgress = () => {},
  threads = Math.min(availableParallelism(), MAX_THREADS), partBytes = PART_BYTES,
} = {}) {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ResultsError(`${path}: ${error.code ?? error.message}`);
  }
  const count = Math.max(1, Math.min(threads, Math.floor(info.size / partBytes)));
  let read;
  try {
    read = count === 1 ? await readWhole(path, { maxLine, every, onProgress })
      : await readInParts(path, await partsOf(path, info.size, count, maxLine), { maxLine, every, onProgress });
  } catch (error) {
    if (error instanceof LineError) throw new ResultsError(`${path}:${error.number}: ${error.message}`);
    throw error;
  }
  const { run, lines } = read;
  return { path, time: Number.isFinite(run.time) ? run.time : info.mtimeMs, facts: run.facts, lines, duplicates: run.duplicates };
}
