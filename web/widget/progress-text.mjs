// The core's progress steps ({stage, detail, steps_done, steps_known}) as
// structured fields (the detail of the widget's daneel-progress event) and as
// a sentence in the widget's language (its status region). The stage is
// machine-readable, but the names the step is about (domain, MX host,
// address) are only in `detail`, an English sentence made by
// core/src/check/check.cpp (Check::progress):
//   mx    "MX records of DOMAIN"
//   tlsa  "addresses and TLSA records of HOST"
//   smtp  "STARTTLS to ADDRESS (HOST)" / "STARTTLS without SNI to ADDRESS (HOST)"
//         / "TLS grading probe (KIND) to ADDRESS (HOST)" (a TLS grading probe)
// so the names are read from the end of that sentence, where they stand
// whatever its words. A detail of another shape gives only the phase and the
// counts (and the sentence "step N of M").
import { format } from './words.mjs';

const LAST_WORD = /(\S+)$/;
const ADDRESS_AND_HOST = /(\S+) \(([^()\s]+)\)$/;
const GRADING_PROBE = /^TLS grading probe \((\w+)\)/;

/**
 * {phase, domain?, host?, address?, sni?, probe?, stepsDone, stepsKnown}: `phase` is the
 * core's stage ("mx", "tlsa", "smtp", "done", ...); `sni` is false for the second
 * session to a DANE host's first address, the probe without SNI; `probe` a TLS
 * grading probe's kind (docs/TLS_GRADING.md).
 */
export function progressFields({ stage, detail = '', steps_done: done = 0, steps_known: known = 0 }) {
  const fields = { phase: String(stage ?? ''), stepsDone: done, stepsKnown: known };
  if (stage === 'mx') {
    const name = LAST_WORD.exec(detail)?.[1];
    if (name) fields.domain = name;
  } else if (stage === 'tlsa') {
    const name = LAST_WORD.exec(detail)?.[1];
    if (name) fields.host = name;
  } else if (stage === 'smtp') {
    const match = ADDRESS_AND_HOST.exec(detail);
    if (match) Object.assign(fields, { address: match[1], host: match[2], sni: !/ without SNI /.test(detail) });
    const probe = GRADING_PROBE.exec(detail)?.[1];
    if (match && probe) fields.probe = probe;
  }
  return fields;
}

/** {key, params}: which sentence of words.status to use, and its parameters; null for none. */
export function describeProgress(fields) {
  const { phase, domain, host, address, sni, probe, stepsDone, stepsKnown } = fields;
  const counts = { done: Math.min(stepsDone + 1, Math.max(stepsKnown, 1)), known: Math.max(stepsKnown, 1) };
  if (phase === 'mx' && domain) return { key: 'mx', params: { ...counts, domain } };
  if (phase === 'tlsa' && host) return { key: 'tlsa', params: { ...counts, host } };
  if (phase === 'smtp' && address && probe) return { key: 'smtp_grading', params: { ...counts, address, host } };
  if (phase === 'smtp' && address) return { key: sni ? 'smtp' : 'smtp_no_sni', params: { ...counts, address, host } };
  if (phase === 'done') return null;  // the report follows at once and is announced itself
  return { key: 'other', params: counts };
}

/** The sentence for the status region, or null when there is nothing to say. */
export function progressSentence(fields, words) {
  const described = describeProgress(fields);
  return described ? format(words.status[described.key], described.params) : null;
}
