// checker.verify(report): re-judges a report from its evidence alone, offline
// and for the time it was made (core/src/check/verify.h, through the C ABI's
// daneel_verify). No DoH, no SMTP: the recorded DNS answers and probe results
// are replayed through the same check engine, and the new verdicts are
// compared with the report's. Result: {ok, trust_anchors_differ, cannot_verify?, differences,
// not_replayed?, unanswered, trust_anchors, report} (core/src/capi/check_capi.h;
// not_replayed: [{path, reason}] where cert_trust differs but could not be
// replayed, without a root store: core/src/check/verify.h).
import { DaneelError } from './errors.mjs';
import { concatBytes, lastError, withHeapBytes } from './heap.mjs';

// The largest report accepted (the core refuses more than 32 MiB too).
const MAX_REPORT_BYTES = 32 * 1024 * 1024;

const encoder = new TextEncoder();

/**
 * `report`: a report object (as checker.check returned it) or its JSON text.
 * `trustAnchors`: the DS/DNSKEY lines the check was anchored to (undefined: the root's).
 * `lang`: the language of trust_anchors_differ, the finding that the report was
 * judged with other trust anchors (undefined: the report's).
 * `rootStore`: PEM certificates cert_trust is replayed with (the checker's; null/undefined: none).
 */
export function verifyReport(module, report, { trustAnchors, lang, rootStore, signal } = {}) {
  if (signal?.aborted) throw new DaneelError('aborted', 'the operation was aborted');
  if (report === null || (typeof report !== 'object' && typeof report !== 'string')) {
    throw new DaneelError('invalid_argument', 'verify takes a report (an object or its JSON text)');
  }
  const text = encoder.encode(typeof report === 'string' ? report : JSON.stringify(report));
  if (text.length > MAX_REPORT_BYTES) {
    throw new DaneelError('invalid_argument', `the report is larger than ${MAX_REPORT_BYTES} bytes`);
  }
  const config = encoder.encode(JSON.stringify({
    ...(trustAnchors === undefined ? {} : { trust_anchors: trustAnchors }),
    ...(lang === undefined ? {} : { lang }),
    ...(rootStore == null ? {} : { root_store: rootStore }),
  }));
  return withHeapBytes(module, concatBytes(text, config), (p) => {
    const address = module._daneel_verify(p, text.length, p + text.length, config.length);
    if (address === 0) throw lastError(module);
    return JSON.parse(module.UTF8ToString(address));
  });
}
