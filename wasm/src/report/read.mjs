// Reads one batch output (NDJSON) as a run: streamed line by line, each line
// bounded, each result reduced to its facts at once (facts.mjs). A line that
// is not a result stops the report with the file and line number: a report
// over a silently shortened list would publish wrong shares.
import { stat } from 'node:fs/promises';
import { readLines } from '../batch/lines.mjs';
import { NotAResult } from './facts.mjs';
import { lineFacts } from './line.mjs';

// The batch writes reports with their evidence: hundreds of KB for a domain
// with many MX hosts (the batch reads its own output with the same bound).
export const MAX_RESULT_LINE = 16 * 1024 * 1024;

/** A results file that cannot be used, with where. */
export class ResultsError extends Error {}

/**
 * {path, time, facts: Map(key -> facts), lines, duplicates} for the NDJSON at
 * `path`. `time` is the earliest check in it (ms), or the file's mtime when
 * no result has evidence. A domain that occurs twice (a resumed or merged run)
 * counts once, with its last result. onProgress(lines) every `every` lines.
 */
export async function readRun(path, { maxLine = MAX_RESULT_LINE, every = 10_000, onProgress = () => {} } = {}) {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ResultsError(`${path}: ${error.code ?? error.message}`);
  }
  const facts = new Map();
  let time = Infinity;
  let lines = 0;
  let duplicates = 0;
  for await (const { number, bytes, tooLong } of readLines(path, { maxLine, raw: true })) {
    lines = number;
    if (number % every === 0) onProgress(number);
    if (tooLong) throw new ResultsError(`${path}:${number}: line longer than ${maxLine} bytes`);
    let fact;
    try {
      fact = lineFacts(bytes);
    } catch (error) {
      if (error instanceof SyntaxError) throw new ResultsError(`${path}:${number}: not JSON (${error.message})`);
      if (error instanceof NotAResult) throw new ResultsError(`${path}:${number}: ${error.message}`);
      throw error;
    }
    if (fact === null) continue;
    if (facts.has(fact.key)) {
      duplicates++;
      facts.delete(fact.key);  // keep insertion order = order of last results
    }
    facts.set(fact.key, fact);
    if (fact.time !== null) time = Math.min(time, fact.time);
  }
  return { path, time: Number.isFinite(time) ? time : info.mtimeMs, facts, lines, duplicates };
}
