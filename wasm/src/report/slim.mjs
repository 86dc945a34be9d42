// A result line without the bulk of its evidence, before it is parsed: the
// report needs evidence.time only, and the evidence (DNS wire and
// certificate chains in base64) is most of every line (10-25 KB). Cutting it
// out of the bytes saves decoding and parsing it: 100,000 world reports in
// a few seconds instead of 17.7 (docs/MEASURING.md, bench/report.mjs).
//
// The core writes "evidence" as the report's last member, with "time" first
// (core/src/check/report.cpp, evidence_json.h); the batch appends
// "organisation" and "shared_probes" after it (batch/run.mjs). The marker
// `,"evidence":{"time":` can only be that member: inside a JSON string every
// quote is escaped, so `"evidence":` with bare quotes is a key, and only the
// report's top level has one whose value is an object starting with "time".
// A line without the marker (another writer, an error line) is parsed whole.

const utf8 = new TextDecoder('utf-8');
const MARKER = Buffer.from(',"evidence":{"time":');
// What the batch appends after the report's last member.
const AFTER = [Buffer.from(',"organisation":'), Buffer.from(',"shared_probes":')];

/** UTF-8, as the batch writes; latin1 for a reader that checks what it gets (line.mjs). */
export const DECODE = Object.freeze({
  utf8: (bytes) => utf8.decode(bytes),
  latin1: (bytes) => bytes.latin1Slice(0, bytes.length),
});

/**
 * The line's text to parse, and the evidence time cut out of it (null when
 * nothing was cut): {text, evidenceTime}. Parse `text`, then give the record
 * `evidence: {time: evidenceTime}` when evidenceTime is not null. `decode`:
 * one of DECODE.
 */
export function slimLine(bytes, decode = DECODE.utf8) {
  const at = bytes.indexOf(MARKER);
  if (at === -1) return { text: decode(bytes), evidenceTime: null };
  let digits = at + MARKER.length;
  let time = 0;
  for (; digits < bytes.length && bytes[digits] >= 48 && bytes[digits] <= 57 && digits - at < MARKER.length + 16; digits++) {
    time = time * 10 + (bytes[digits] - 48);
  }
  // The time must be a number followed by the next member: else parse whole.
  if (digits === at + MARKER.length || bytes[digits] !== 44) return { text: decode(bytes), evidenceTime: null };
  let tail = -1;
  for (const after of AFTER) {
    const found = bytes.indexOf(after, digits);
    if (found !== -1 && (tail === -1 || found < tail)) tail = found;
  }
  // The report's own closing brace ends the line when the batch appended nothing.
  const rest = tail === -1 ? '}' : decode(bytes.subarray(tail));
  return { text: decode(bytes.subarray(0, at)) + rest, evidenceTime: time };
}
