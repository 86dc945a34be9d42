// The technical details of a report, per MX host and per address: what the
// check saw (DNSSEC status of each lookup, TLSA records, the SMTP replies,
// TLS parameters, the certificate chain, which TLSA record matched and why
// the others did not), as definition lists.
import { el, definitionList } from './dom.mjs';
import { format } from './words.mjs';
import { tlsaExplanation } from './tlsa-explanation.mjs';

// One set of Intl formatters per language, made once: a formatter costs far
// more to create than to use, and toLocale*String() would create one per call.
const formatterCache = new Map();
export function formatters(lang) {
  if (!formatterCache.has(lang)) {
    formatterCache.set(lang, {
      date: new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric' }),
      dateTime: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'medium' }),
      seconds: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }),
    });
  }
  return formatterCache.get(lang);
}

/** "DNSSEC-signed and valid" etc. from the core's catalogue (values.security), else the raw word. */
function securityText(dnssec, security) {
  if (!dnssec?.security) return '';
  const text = security[dnssec.security] ?? dnssec.security;
  return dnssec.reason && dnssec.reason !== 'none' ? `${text} (${dnssec.reason})` : text;
}

function code(text) {
  return el('code', {}, text);
}

function codeList(items) {
  return items.length ? el('ul', { class: 'plain' }, items.map((item) => el('li', {}, code(item)))) : null;
}

export function hostDetails(host, words, security) {
  const d = words.detail;
  const tlsa = host.tlsa ?? {};
  return definitionList([
    [`${d.addresses_dnssec} (A)`, securityText(host.a, security)],
    [`${d.addresses_dnssec} (AAAA)`, securityText(host.aaaa, security)],
    [d.tlsa_owner, tlsa.owner ? code(tlsa.owner) : ''],
    [d.tlsa_state, d.tlsa_state_word?.[tlsa.state] ?? tlsa.state],
    [`${d.dnssec} (TLSA)`, securityText(tlsa.dnssec, security)],
    [d.tlsa_records, tlsa.records?.length ? codeList(tlsa.records) : d.none],
  ]);
}

function certificateItem(certificate, words, lang) {
  const d = words.detail;
  const until = formatters(lang).date.format(new Date(certificate.not_after * 1000));
  return el('li', {}, definitionList([
    [d.depth, String(certificate.depth)],
    [d.subject, certificate.subject],
    [d.issuer, certificate.issuer],
    [d.valid_until, `${until} (${d.validity[certificate.validity] ?? certificate.validity})`],
    [d.key, certificate.key],
    [d.spki, code(certificate.spki_sha256)],
    [words.result.suggested_tlsa, code(certificate.tlsa_3_1_1)],
  ]));
}

// Each record, whether it authenticates, and why, in the widget's language
// (tlsa-explanation.mjs); the core's English sentence only where it says more.
function daneItems(dane, words) {
  const d = words.detail;
  return el('ul', { class: 'plain' }, dane.records.map((record) => {
    const { text, technical } = tlsaExplanation(record, words, format);
    return el('li', {},
      code(record.record), ' ', record.authenticates ? d.matches : d.no_match, `: ${text}`,
      technical ? [` (${d.tlsa_match.technical}: `, el('span', { lang: 'en' }, technical), ')'] : null);
  }));
}

/**
 * One probe (an address, or its probe without SNI): the facts, then the
 * certificate chain, one fact list per certificate beside (not inside) the
 * first list, so that no grid is nested in a grid cell.
 */
export function probeDetails(probe, words, lang) {
  const d = words.detail;
  const rows = [[d.connection, probe.connected ? '' : (probe.connect_error || d.not_connected)]];
  if ('starttls_offered' in (probe.smtp ?? {})) rows.push([d.starttls, probe.smtp.starttls_offered ? d.yes : d.no]);
  if (probe.smtp?.outcome) rows.push([d.smtp_outcome, [probe.smtp.outcome, probe.smtp.detail].filter(Boolean).join(': ')]);
  if (probe.tls) {
    rows.push([d.tls_version, probe.tls.version], [d.cipher, probe.tls.cipher], [d.group, probe.tls.group]);
  }
  if (probe.dane?.records?.length) rows.push([d.dane_records, daneItems(probe.dane, words)]);
  if (probe.smtp?.replies?.length) rows.push([d.replies, codeList(probe.smtp.replies)]);
  const parts = [definitionList(rows)];
  if (probe.certificates?.length) {
    parts.push(el('p', { class: 'subhead' }, d.certificates),
      el('ol', { class: 'certificates' }, probe.certificates.map((c) => certificateItem(c, words, lang))));
  }
  return el('div', {}, parts);
}

export function domainDetails(report, words, security) {
  const d = words.detail;
  return definitionList([
    [`${d.dnssec} (MX)`, securityText(report.mx?.dnssec, security)],
    [d.mta_sts_records, report.mta_sts?.records?.length ? codeList(report.mta_sts.records) : ''],
    [d.tls_rpt_records, report.tls_rpt?.records?.length ? codeList(report.tls_rpt.records) : ''],
  ]);
}

export function formatCheckedAt(report, words, lang) {
  const timing = report.timing;
  if (!timing) return '';
  return format(words.result.checked_at, {
    time: formatters(lang).dateTime.format(new Date(timing.started_at)),
    seconds: formatters(lang).seconds.format(timing.duration_ms / 1000),
  });
}
