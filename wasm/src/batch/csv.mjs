// A strict CSV reader (RFC 4180: comma separator, fields optionally in double
// quotes, "" for a quote inside quotes, quoted fields may hold commas and line
// breaks) for the batch's organisation lists. It works on the physical lines
// of lines.mjs, so memory stays bounded: a line has at most MAX_LINE
// characters, a field MAX_FIELD, and a record spans at most MAX_RECORD_LINES
// lines (and about MAX_LINE characters). A bad record is reported with its line number and parsing resumes on
// the next line: an unclosed quote does not swallow the rest of the file, the
// lines it took are read again as records of their own.
import { readLines } from './lines.mjs';

export const CSV_LIMITS = Object.freeze({ MAX_LINE: 64 * 1024, MAX_FIELD: 4096, MAX_RECORD_LINES: 16, MAX_COLUMNS: 64 });

// Why a record was refused (the message says what to change).
export const CSV_ERROR = Object.freeze({
  LINE_TOO_LONG: 'line_too_long',
  FIELD_TOO_LONG: 'field_too_long',
  QUOTE_IN_FIELD: 'quote_in_unquoted_field',
  AFTER_QUOTE: 'text_after_closing_quote',
  QUOTE_NOT_CLOSED: 'quote_not_closed',
  TOO_MANY_COLUMNS: 'too_many_columns',
});

const OPEN = Symbol('open quote');

class RecordError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * Splits one logical record (physical lines joined by "\n") into fields.
 * Returns the array of fields, OPEN when a quoted field runs past the end
 * (the record continues on the next line), or throws a RecordError.
 */
export function splitRecord(text, limits = CSV_LIMITS) {
  const fields = [];
  let at = 0;
  for (;;) {
    let field;
    if (text[at] === '"') {
      field = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return OPEN;
        field += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      if (at < text.length && text[at] !== ',') {
        throw new RecordError(CSV_ERROR.AFTER_QUOTE, `text after the closing quote of field ${fields.length + 1} (a quote inside a quoted field is written "")`);
      }
    } else {
      const comma = text.indexOf(',', at);
      const end = comma === -1 ? text.length : comma;
      field = text.slice(at, end);
      if (field.includes('"')) {
        throw new RecordError(CSV_ERROR.QUOTE_IN_FIELD, `a quote inside unquoted field ${fields.length + 1} (put the whole field in quotes and write the quote as "")`);
      }
      at = end;
    }
    if (field.length > limits.MAX_FIELD) {
      throw new RecordError(CSV_ERROR.FIELD_TOO_LONG, `field ${fields.length + 1} has more than ${limits.MAX_FIELD} characters`);
    }
    fields.push(field);
    if (fields.length > limits.MAX_COLUMNS) {
      throw new RecordError(CSV_ERROR.TOO_MANY_COLUMNS, `more than ${limits.MAX_COLUMNS} fields`);
    }
    if (at >= text.length) return fields;
    at++;  // the comma
    if (at === text.length) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Yields {line, fields} for each record of `lines` (an async iterable of
 * lines.mjs's {number, text, tooLong}; `line` is where the record starts) and
 * {line, error: {code, message}} for each bad one. Blank lines are skipped;
 * a byte order mark at the start is dropped.
 */
export async function* csvRecords(lines, limits = CSV_LIMITS) {
  const queue = [];          // lines given back after an unclosed quote
  const source = lines[Symbol.asyncIterator]();
  let first = true;
  async function next() {
    if (queue.length > 0) return queue.shift();
    const { value, done } = await source.next();
    if (done) return null;
    if (first) {
      first = false;
      if (!value.tooLong) value.text = value.text.replace(/^\uFEFF/, '');
    }
    return value;
  }
  try {
    for (let line = await next(); line !== null; line = await next()) {
      if (line.tooLong) {
        yield { line: line.number, error: { code: CSV_ERROR.LINE_TOO_LONG, message: `line longer than ${limits.MAX_LINE} characters` } };
        continue;
      }
      if (line.text.trim() === '') continue;
      const taken = [line];
      let text = line.text;
      let result;
      try {
        for (result = splitRecord(text, limits); result === OPEN; result = splitRecord(text, limits)) {
          const more = taken.length < limits.MAX_RECORD_LINES && text.length <= limits.MAX_LINE ? await next() : null;
          if (more === null || more.tooLong) {
            if (more) queue.unshift(more);
            throw new RecordError(CSV_ERROR.QUOTE_NOT_CLOSED,
              `a quote opened on this line is not closed within ${limits.MAX_RECORD_LINES} lines or ${limits.MAX_LINE} characters`);
          }
          taken.push(more);
          text += `\n${more.text}`;
        }
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        // Read the lines after the bad one again: they may be good records.
        queue.unshift(...taken.slice(1));
        yield { line: line.number, error: { code: error.code, message: error.message } };
        continue;
      }
      yield { line: line.number, fields: result };
    }
  } finally {
    await source.return?.();
  }
}

/** csvRecords over a file, its lines bounded by limits.MAX_LINE. */
export function readCsv(path, limits = CSV_LIMITS) {
  return csvRecords(readLines(path, { maxLine: limits.MAX_LINE }), limits);
}
