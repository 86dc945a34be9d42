// One part of a results file (a byte range that starts and ends at line
// boundaries) -> the facts of its results. A whole file is one part; a large
// one is read in parts by worker threads (read.mjs), whose results are
// joined in file order to exactly those of one part.
import { readLines } from '../batch/lines.mjs';
import { NotAResult } from './facts.mjs';
import { lineFacts } from './line.mjs';

/** A line of the part that stops the report: its number within the part, and what is wrong. */
export class LineError extends Error {
  constructor(number, message) {
    super(message);
    this.number = number;
  }
}

/**
 * {facts: Map(key -> facts), lines, duplicates, time} for the bytes of
 * `path` from `start` to `end`: a domain that occurs twice counts once, with
 * its last result, in the place of its last result. `time` is the earliest
 * check (ms), Infinity when no result has evidence. onProgress(lines) every
 * `every` lines. Throws LineError (line numbers counted from the part's start).
 */
export async function readRange(path, { start = 0, end = Infinity, maxLine, every, onProgress = () => {} }) {
  const facts = new Map();
  let time = Infinity;
  let lines = 0;
  let duplicates = 0;
  for await (const { number, bytes, tooLong } of readLines(path, { maxLine, raw: true, start, end })) {
    lines = number;
    if (number % every === 0) onProgress(number);
    if (tooLong) throw new LineError(number, `line longer than ${maxLine} bytes`);
    let fact;
    try {
      fact = lineFacts(bytes);
    } catch (error) {
      if (error instanceof SyntaxError) throw new LineError(number, `not JSON (${error.message})`);
      if (error instanceof NotAResult) throw new LineError(number, error.message);
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
  return { facts, lines, duplicates, time };
}

/** Joins parts read in file order (their facts Maps are taken over): the result of reading them as one. */
export function joinRanges(parts) {
  const [first, ...rest] = parts;
  const joined = { ...first };
  for (const part of rest) {
    for (const [key, fact] of part.facts) {
      if (joined.facts.has(key)) {
        joined.duplicates++;
        joined.facts.delete(key);
      }
      joined.facts.set(key, fact);
    }
    joined.lines += part.lines;
    joined.duplicates += part.duplicates;
    joined.time = Math.min(joined.time, part.time);
  }
  return joined;
}
