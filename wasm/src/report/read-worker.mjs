// A worker thread reading one part of a results file (read.mjs). Posts, in
// this order: {read: n} as lines are read, {facts: JSON text of an array} for
// every BATCH results (the main thread takes them in while this one reads
// on; facts are plain JSON data, and JSON text crosses threads several
// times faster than a structured clone of the objects), then {done: lines}
// or {failed: {number, message}} for a line that stops the report.
import { parentPort, workerData } from 'node:worker_threads';
import { readRange, LineError } from './range.mjs';

const BATCH = 2000;
const { path, start, end, maxLine, every } = workerData;
let batch = [];
const flush = () => {
  if (batch.length > 0) parentPort.postMessage({ facts: JSON.stringify(batch) });
  batch = [];
};
try {
  const lines = await readRange(path, {
    start, end, maxLine, every,
    onFact: (fact) => {
      batch.push(fact);
      if (batch.length === BATCH) flush();
    },
    onProgress: () => parentPort.postMessage({ read: every }),
  });
  flush();
  parentPort.postMessage({ done: lines });
} catch (error) {
  if (!(error instanceof LineError)) throw error;
  parentPort.postMessage({ failed: { number: error.number, message: error.message } });
}
