// A worker thread reading one part of a results file (read.mjs): posts
// {read: n} as it goes, then {done: {facts: [...], lines, duplicates, time}}
// or {failed: {number, message}} for a line that stops the report.
import { parentPort, workerData } from 'node:worker_threads';
import { readRange, LineError } from './range.mjs';

const { path, start, end, maxLine, every } = workerData;
try {
  const part = await readRange(path, { start, end, maxLine, every, onProgress: () => parentPort.postMessage({ read: every }) });
  parentPort.postMessage({ done: { ...part, facts: [...part.facts.values()] } });
} catch (error) {
  if (!(error instanceof LineError)) throw error;
  parentPort.postMessage({ failed: { number: error.number, message: error.message } });
}
