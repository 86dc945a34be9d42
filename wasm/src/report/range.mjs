// One part of a results file (a byte range that starts and ends at line
// boundaries) -> the facts of its results, in line order. A whole file is one
// part; a large one is read in parts by worker threads (read.mjs), whose
// facts are kept in file order, exactly as one reader keeps them.
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
 * Calls onFact(facts) for each result in the bytes of `path` from `start` to
 * `end`, in order; onProgress(lines) every `every` lines. Returns the number
 * of lines. Throws LineError (line numbers counted from the part's start).
 */
export async function readRange(path, { start = 0, end = Infinity, maxLine, every, onFact, onProgress = () => {} }) {
  let lines = 0;
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
    if (fact !== null) onFact(fact);
  }
  return lines;
}

/**
 * What a run keeps of its results, given in file order: {facts: Map(key ->
 * facts), duplicates, time}. A domain that occurs twice (a resumed or merged
 * run) counts once, with its last result, in the place of its last result.
 * `time` is the earliest check (ms), Infinity when no result has evidence.
 */
export class RunFacts {
  facts = new Map();
  duplicates = 0;
  time = Infinity;

  add(fact) {
    if (this.facts.has(fact.key)) {
      this.duplicates++;
      this.facts.delete(fact.key);  // keep insertion order = order of last results
    }
    this.facts.set(fact.key, fact);
    if (fact.time !== null) this.time = Math.min(this.time, fact.time);
  }
}
