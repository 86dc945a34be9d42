// One NDJSON result -> the few facts the report needs, so that a run of
// many thousands of domains is held as small objects, not as reports
// (a report with its evidence is 10-25 KB, often much more).
import { DANE, DANE_ORDER, TLS, TLS_ORDER, ACTION_STATUSES } from './verdicts.mjs';
import { domainKey } from '../batch/domains.mjs';

/** A line that is JSON but no daneel result. */
export class NotAResult extends Error {}

// Bounds on what is kept per domain, whatever the input holds.
const MAX_HOSTS = 20;            // the check's own max_mx_hosts
const MAX_FINDINGS = 32;
const MAX_TEXT = 2048;

const text = (value) => (typeof value === 'string' ? value.slice(0, MAX_TEXT) : null);

function params(value) {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).slice(0, 16).map(([k, v]) => [k.slice(0, 64), String(v).slice(0, MAX_TEXT)]));
}

/**
 * {key, domain, dane, tls, organisation: {name, type}, findings: [{subtest,
 * status, code, params}], outcome: {code, params}, hosts: [{name, verdict}],
 * time} for a result line (a report, or the batch's error line).
 */
export function factsOf(record) {
  if (!record || typeof record !== 'object' || Array.isArray(record) || typeof record.input !== 'string') {
    throw new NotAResult('not a daneel result (no "input")');
  }
  // The batch's line for a check that threw has no summary: could not test.
  const dane = record.summary === undefined && record.verdict === 'error' ? DANE.ERROR : record.summary?.dane;
  if (!DANE_ORDER.includes(dane)) throw new NotAResult(`summary.dane is ${JSON.stringify(dane)?.slice(0, 40)}, not one of ${DANE_ORDER.join(', ')}`);
  const subtests = record.subtests && typeof record.subtests === 'object' ? Object.entries(record.subtests) : [];
  const findings = subtests
    .filter(([, s]) => s && ACTION_STATUSES.includes(s.status) && typeof s.code === 'string')
    .slice(0, MAX_FINDINGS)
    .map(([subtest, s]) => ({ subtest: subtest.slice(0, 64), status: s.status, code: s.code.slice(0, 64), params: params(s.params) }));
  const hosts = Array.isArray(record.hosts) ? record.hosts.slice(0, MAX_HOSTS)
    .filter((h) => h && typeof h.name === 'string')
    .map((h) => ({ name: h.name.slice(0, 253).toLowerCase(), verdict: text(h.verdict) ?? 'not_tested' })) : [];
  const org = record.organisation && typeof record.organisation === 'object' ? record.organisation : {};
  const domain = text(record.domain) || record.input.slice(0, 253);
  const time = Number.isFinite(record.evidence?.time) ? record.evidence.time : null;
  return {
    key: domainKey(domain),
    domain,
    dane,
    // A report before schema 1.5 has no tls_ncsc: not graded, as far as the report can say.
    tls: TLS_ORDER.includes(record.summary?.tls_ncsc) ? record.summary.tls_ncsc : TLS.NOT_GRADED,
    organisation: { name: text(org.name), type: text(org.type) },
    findings,
    outcome: typeof record.outcome?.code === 'string'
      ? { code: record.outcome.code.slice(0, 64), params: params(record.outcome.params) }
      // The batch's error line: the package's error code and message, not a catalogue code.
      : { code: typeof record.error?.code === 'string' ? `error:${record.error.code.slice(0, 64)}` : null, params: {}, message: text(record.error?.message) },
    hosts,
    time,
  };
}
