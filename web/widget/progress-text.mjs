// The core's progress steps ({stage, detail, steps_done, steps_known}) as a
// sentence in the widget's language. The stage is machine-readable, but the
// names the step is about (domain, MX host, address) are only in `detail`,
// an English sentence made by core/src/check/check.cpp (Check::progress):
//   mx    "MX records of DOMAIN"
//   tlsa  "addresses and TLSA records of HOST"
//   smtp  "STARTTLS to ADDRESS (HOST)" / "STARTTLS without SNI to ADDRESS (HOST)"
// so the names are read from the end of that sentence, where they stand
// whatever its words. A detail of another shape falls back to the step count.
import { format } from './words.mjs';

const LAST_WORD = /(\S+)$/;
const ADDRESS_AND_HOST = /(\S+) \(([^()\s]+)\)$/;

/** {key, params}: which sentence of words.status to use, and its parameters. */
export function describeProgress({ stage, detail = '', steps_done: done = 0, steps_known: known = 0 }) {
  const counts = { done: Math.min(done + 1, Math.max(known, 1)), known: Math.max(known, 1) };
  if (stage === 'mx') {
    const name = LAST_WORD.exec(detail)?.[1];
    if (name) return { key: 'mx', params: { ...counts, domain: name } };
  } else if (stage === 'tlsa') {
    const name = LAST_WORD.exec(detail)?.[1];
    if (name) return { key: 'tlsa', params: { ...counts, host: name } };
  } else if (stage === 'smtp') {
    const match = ADDRESS_AND_HOST.exec(detail);
    // The probe without SNI is the second session to a DANE host's first address.
    if (match) return { key: / SNI /.test(detail) ? 'smtp_no_sni' : 'smtp', params: { ...counts, address: match[1], host: match[2] } };
  } else if (stage === 'done') {
    return null;  // the report follows at once and is announced itself
  }
  return { key: 'other', params: counts };
}

/** The sentence for the status region, or null when there is nothing to say. */
export function progressSentence(progress, words) {
  const described = describeProgress(progress);
  return described ? format(words.status[described.key], described.params) : null;
}
