// Reads a text file line by line with bounded memory: the stream is pulled
// (back-pressure), and a line longer than `maxLine` characters is reported
// as such instead of being accumulated.
import { createReadStream } from 'node:fs';

/** Yields {number, text, tooLong} for each line of `path` (text without the newline). */
export async function* readLines(path, { maxLine }) {
  let pending = '';
  let number = 0;
  let tooLong = false;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    let text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      number++;
      // A line that ends in the same chunk is as bounded as one that does not.
      const line = tooLong ? '' : text.slice(start, end).replace(/\r$/, '');
      const over = tooLong || line.length > maxLine;
      yield { number, text: over ? '' : line, tooLong: over };
      tooLong = false;
      start = end + 1;
    }
    text = text.slice(start);
    if (text.length > maxLine) {
      tooLong = true;
      text = '';
    }
    pending = text;
  }
  pending += decoder.decode();
  if (pending.length > maxLine) tooLong = true;
  if (pending.length > 0 || tooLong) yield { number: number + 1, text: tooLong ? '' : pending, tooLong };
}

/** Counts the lines of `path` without keeping them (for the progress bar's total). */
export async function countLines(path) {
  let count = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    for (const byte of chunk) if (byte === 10) count++;
    last = chunk[chunk.length - 1];
  }
  return last === 10 ? count : count + 1;
}
