// Reads a text file line by line with bounded memory: the stream is pulled
// (back-pressure), and a line longer than `maxLine` characters is reported
// as such instead of being accumulated. Lines are found in the bytes (a
// newline byte is never part of a multi-byte UTF-8 sequence) and each is
// decoded on its own: four times faster than decoding whole chunks into
// strings first, which matters for reports of 10-25 KB a line.
import { createReadStream } from 'node:fs';

const CHUNK = 1024 * 1024;
// A UTF-8 character takes at most 3 bytes per UTF-16 unit, so a line of more
// than 3 * maxLine bytes has more than maxLine characters for sure.
const BYTES_PER_UNIT = 3;

/**
 * Yields {number, text, tooLong} for each line of `path` (text without the
 * newline or a final CR). With `raw`, {number, bytes, tooLong} instead: the
 * line's bytes (valid until the next line), not decoded, for a reader that
 * decodes only part of each line (report/line.mjs); maxLine then bounds bytes.
 * `start`, `end`: only the bytes from `start` up to (not including) `end`,
 * numbered from 1 (the report's readers, each on its part of a file).
 */
export async function* readLines(path, { maxLine, raw = false, start: from = 0, end: to = Infinity }) {
  const decoder = new TextDecoder('utf-8');
  const maxBytes = BYTES_PER_UNIT * maxLine;
  let parts = [];        // the start of a line that continues in the next chunk
  let partBytes = 0;
  let number = 0;
  let tooLong = false;
  const line = (bytes) => {
    number++;
    if (raw) {
      const over = tooLong || bytes.length > maxLine;  // raw: the bound is on bytes
      tooLong = false;
      let end = bytes.length;
      if (!over && end > 0 && bytes[end - 1] === 13) end--;
      return { number, bytes: over ? Buffer.alloc(0) : bytes.subarray(0, end), tooLong: over };
    }
    let text = '';
    let over = tooLong || bytes.length > maxBytes;
    if (!over) {
      text = decoder.decode(bytes);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      over = text.length > maxLine;
    }
    tooLong = false;
    return { number, text: over ? '' : text, tooLong: over };
  };
  if (to <= from) return;
  const range = Number.isFinite(to) ? { start: from, end: to - 1 } : { start: from };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK, ...range })) {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      let bytes = chunk.subarray(start, end);
      if (parts.length > 0) {
        bytes = Buffer.concat([...parts, bytes]);
        parts = [];
        partBytes = 0;
      }
      yield line(bytes);
      start = end + 1;
    }
    if (start < chunk.length && !tooLong) {
      partBytes += chunk.length - start;
      if (partBytes > maxBytes) {
        tooLong = true;
        parts = [];
        partBytes = 0;
      } else {
        parts.push(Buffer.from(chunk.subarray(start)));  // a copy: the stream may reuse its buffer
      }
    }
  }
  if (parts.length > 0 || tooLong) yield line(Buffer.concat(parts));
}

/** Counts the lines of `path` without keeping them (for the progress bar's total). */
export async function countLines(path) {
  let count = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
    last = chunk[chunk.length - 1];
  }
  return last === 10 ? count : count + 1;
}
