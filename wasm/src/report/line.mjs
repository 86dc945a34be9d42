// One result line (bytes) -> its facts (facts.mjs), as fast as the bytes
// allow and always the facts of parsing the line as UTF-8.
//
// Decoding the line as UTF-8 makes a two-byte string of it as soon as one
// character is not ASCII (every report's texts have a "§"), and JSON.parse
// of a two-byte string is slower: decoding and parsing took two thirds of
// `daneel report`'s time (docs/BENCHMARKS.md). So the line is decoded as
// latin1 (one byte, one character) first. That gives the same JSON
// structure (every byte of a multi-byte UTF-8 character is >= 0x80 and can
// only be inside a string, in either decoding) and the same strings where
// the bytes are ASCII. The latin1 facts are taken when no string in them has
// a character above 0x7f: then none of the strings the facts came from had a
// byte above 0x7f either (a prefix cut by a length bound included), and
// UTF-8 would have given the very same strings. Only for valid UTF-8: two
// different invalid sequences both decode to U+FFFD, which can make two keys
// one, which latin1 does not. Otherwise, and for any line
// that does not parse or is no result, the line is read again as UTF-8,
// which also gives the errors their usual messages.
import { isAscii, isUtf8 } from 'node:buffer';
import { slimLine, DECODE } from './slim.mjs';
import { factsOf } from './facts.mjs';

const NOT_ASCII = /[^\x00-\x7f]/;

function anyNotAscii(value) {
  if (typeof value === 'string') return NOT_ASCII.test(value);
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) {
    if (NOT_ASCII.test(key) || anyNotAscii(value[key])) return true;
  }
  return false;
}

/** The record of the line decoded by `decode`, null for a blank line; throws JSON.parse's SyntaxError. */
function recordOf(bytes, decode) {
  // Without the evidence's bulk, which the report does not use (slim.mjs).
  const { text, evidenceTime } = slimLine(bytes, decode);
  if (text.trim() === '') return null;
  const record = JSON.parse(text);
  if (evidenceTime !== null && record && typeof record === 'object') record.evidence = { time: evidenceTime };
  return record;
}

function latin1Facts(bytes) {
  const ascii = isAscii(bytes);
  if (!ascii && !isUtf8(bytes)) return undefined;
  let facts;
  try {
    const record = recordOf(bytes, DECODE.latin1);
    if (record === null) return undefined;
    facts = factsOf(record);
  } catch {
    return undefined;  // read as UTF-8 for the error's own words
  }
  return ascii || !anyNotAscii(facts) ? facts : undefined;
}

/**
 * The facts of the result line `bytes`, null for a blank line. Throws
 * JSON.parse's SyntaxError for a line that is not JSON, NotAResult for JSON
 * that is not a daneel result.
 */
export function lineFacts(bytes) {
  const fast = latin1Facts(bytes);
  if (fast !== undefined) return fast;
  const record = recordOf(bytes, DECODE.utf8);
  return record === null ? null : factsOf(record);
}
