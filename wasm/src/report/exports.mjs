// The report's numbers as files for other tools: the aggregates as JSON and
// as one long CSV, and per organisation what it has to fix (one row per
// domain and finding, texts from the catalogue in the report's language,
// filled with that domain's own parameters) for mailing to them.
import { DANE } from './verdicts.mjs';

// Texts in these files may come from mail servers (an SMTP reply in a
// finding's parameters) and are opened in spreadsheets: a text cell that
// starts like a formula gets a leading apostrophe (OWASP's CSV injection
// advice), so that it is shown, never evaluated. Numbers are left alone.
const FORMULA_START = /^[=+\-@\t\r]/;

const csvCell = (value) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
export const csvLine = (cells) => `${cells.map(csvCell).join(',')}\r\n`;

export function aggregatesJson(agg) {
  return `${JSON.stringify(agg, null, 2)}\n`;
}

/** section,group,key,domains,percent: every table of the report in one CSV. */
export function aggregatesCsv(agg) {
  const out = [csvLine(['section', 'group', 'key', 'domains', 'percent'])];
  for (const v of agg.verdicts) out.push(csvLine(['verdict', '', v, agg.current.counts[v], agg.current.percent[v]]));
  for (const t of agg.by_type) for (const v of agg.verdicts) out.push(csvLine(['type', t.type, v, t.counts[v], t.percent[v]]));
  for (const v of agg.tls.verdicts) out.push(csvLine(['tls', '', v, agg.tls.counts[v], agg.tls.percent[v]]));
  for (const t of agg.tls.by_type) for (const v of agg.tls.verdicts) out.push(csvLine(['tls_type', t.type, v, t.counts[v], t.percent[v]]));
  for (const f of agg.failing) out.push(csvLine(['failing', f.subtest, f.code, f.domains, f.percent]));
  for (const p of agg.providers) {
    for (const [v, n] of Object.entries(p.verdicts)) out.push(csvLine(['provider', p.provider, v, n, p.domains ? Math.round((1000 * n) / p.domains) / 10 : 0]));
  }
  for (const run of agg.trend) for (const v of agg.verdicts) out.push(csvLine(['trend', run.time, v, run.counts[v], run.percent[v]]));
  for (const run of agg.tls.trend) for (const v of agg.tls.verdicts) out.push(csvLine(['tls_trend', run.time, v, run.counts[v], run.percent[v]]));
  for (const kind of ['improved', 'regressed']) {
    for (const c of agg.changes[kind]) out.push(csvLine([kind, c.domain, `${c.before}>${c.after}`, 1, '']));
  }
  return out.join('');
}

// Domains with nothing to fix: DANE on every mail server, or no mail at all.
const NOTHING_TO_FIX = new Set([DANE.PASS, DANE.NO_MAIL]);

/**
 * Yields the per-organisation CSV's lines for the facts of a run: sorted by
 * organisation and domain; a domain's findings that need action, or its
 * outcome when it has none of those but is not fine either.
 */
export function* organisationCsv(facts, catalogue) {
  yield csvLine(['organisation', 'type', 'domain', 'dane', 'tls_ncsc', 'subtest', 'status', 'code', 'finding', 'fix']);
  const sorted = [...facts].sort((a, b) => String(a.organisation.name ?? '').localeCompare(String(b.organisation.name ?? ''))
    || a.domain.localeCompare(b.domain));
  for (const fact of sorted) {
    const row = (subtest, status, code, params, fallback = '') => {
      const message = code ? catalogue.render(code, params) : null;
      return csvLine([fact.organisation.name, fact.organisation.type, fact.domain, fact.dane, fact.tls, subtest, status, code, message?.text ?? fallback, message?.fix ?? '']);
    };
    if (fact.findings.length > 0) {
      for (const f of fact.findings) yield row(f.subtest, f.status, f.code, f.params);
    } else if (!NOTHING_TO_FIX.has(fact.dane)) {
      yield row('', '', fact.outcome.code, fact.outcome.params, fact.outcome.message ?? '');
    }
  }
}
