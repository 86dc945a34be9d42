// A result line without what the report does not read, cut out of the
// bytes before they are decoded and parsed: a report line is 10-25 KB (far
// more with many MX hosts or the TLS grading) and the report keeps a few
// dozen values of it (facts.mjs). Two cuts, each located by a member's
// key with its bare quotes, which inside a JSON string can never occur
// (every quote in a string is escaped), so each marker is a key:
//
// 1. The evidence (DNS wire and certificate chains in base64), but for its
//    time. The core writes "evidence" as the report's last member, with
//    "time" first (core/src/check/report.cpp, evidence_json.h); the
//    grading block may follow it; the batch appends "organisation" and
//    "shared_probes" (batch/run.mjs). `,"evidence":{"time":` can only be
//    that member: only the report's top level has an "evidence" object.
// 2. Each MX host's "addresses" (probes, TLS, certificates, DANE details per
//    address: most of what is left), which the core writes right before
//    "addresses_truncated" (report.cpp). Cut only when the two keys
//    alternate, one pair per host, in the part before the evidence, and the
//    addresses end with "]"; otherwise nothing is cut here.
//    (A line not written by the core, where one host lacks
//    "addresses_truncated" and the next lacks "addresses", would lose the
//    members between them; the core writes both for every host.)
//
// A line without the evidence marker (another writer, an error line) is
// parsed whole. The facts of a cut line are those of the whole line
// (report-parts.test.mjs compares them for every recorded world report).

const utf8 = new TextDecoder('utf-8');
const MARKER = Buffer.from(',"evidence":{"time":');
// What the batch appends after the report's last member, in its order (batch/run.mjs).
const AFTER = [Buffer.from(',"organisation":'), Buffer.from(',"shared_probes":')];
const ADDRESSES = Buffer.from(',"addresses":[');
const ADDRESSES_END = Buffer.from('],"addresses_truncated":');
// At most this many hosts' addresses cut in a line (a report has at most 20
// hosts): past it no addresses are cut (the evidence still is).
const MAX_CUTS = 4096;

/** UTF-8, as the batch writes; latin1 for a reader that checks what it gets (line.mjs). */
export const DECODE = Object.freeze({
  utf8: (bytes) => utf8.decode(bytes),
  latin1: (bytes) => bytes.latin1Slice(0, bytes.length),
});

/**
 * The ranges [start, end) of `head` (the line before its evidence) to keep
 * once every host's addresses are cut out (cut 2), or all of it when an
 * `"addresses":[` has no `],"addresses_truncated":` before the next one, or
 * one of those is left over. Each marker's searches go through the head
 * once.
 */
function withoutAddresses(head) {
  const whole = [[0, head.length]];
  const kept = [];
  let from = 0;
  for (let open = head.indexOf(ADDRESSES); open !== -1;) {
    if (kept.length === MAX_CUTS) return whole;
    const close = head.indexOf(ADDRESSES_END, open + ADDRESSES.length - 1);
    const next = head.indexOf(ADDRESSES, open + ADDRESSES.length);
    if (close === -1 || (next !== -1 && next < close)) return whole;
    kept.push([from, open]);
    from = close + 1;  // from the "," before "addresses_truncated"
    open = next;
  }
  if (head.indexOf(ADDRESSES_END, from) !== -1) return whole;
  kept.push([from, head.length]);
  return kept;
}

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
  // The batch appends "organisation" before "shared_probes": the first found is the tail.
  let tail = -1;
  for (let k = 0; k < AFTER.length && tail === -1; k++) tail = bytes.indexOf(AFTER[k], digits);
  let text = '';
  for (const [start, end] of withoutAddresses(bytes.subarray(0, at))) text += decode(bytes.subarray(start, end));
  // The report's own closing brace ends the line when the batch appended nothing.
  text += tail === -1 ? '}' : decode(bytes.subarray(tail));
  return { text, evidenceTime: time };
}
