// The TLS grading by the NCSC guidelines (docs/TLS_GRADING.md), after the
// DANE result and apart from it: the domain's word (summary.tls_ncsc), then
// per MX host its subtests, worst first, with the report's notes (the core's
// text and fix in the report's language), and per address what the grading
// rests on. A report without grading (--quick, through a relay by default,
// older schemas) gives no nodes: never an empty section.
import { el, definitionList as facts } from './dom.mjs';
import { format } from './words.mjs';
import { subtestTone, toneIcon } from './tones.mjs';
import { finding } from './finding.mjs';

const NCSC_TONE = { meets: 'good', phase_out: 'warning', insufficient: 'bad' };

// Beside the guidelines' ten and never in summary.tls_ncsc (docs/CHECK.md):
// a negative one is shown as information, not as a failure.
const INFORMATION = new Set(['cert_trust', 'cert_hostmatch', 'renegotiation_client', 'mail_caa']);

// A grading subtest's status (docs/report-schema.json), worst first: the
// order of the rows; the passed ones (the last) are folded away under one row.
const Status = Object.freeze({ FAILED: 'failed', WARNING: 'warning', INFO: 'info', NOT_TESTED: 'not_tested', PASSED: 'passed' });
const ORDER = Object.values(Status);
const NEGATIVE = new Set([Status.FAILED, Status.WARNING]);

const shownStatus = ({ name, status }) => (INFORMATION.has(name) && NEGATIVE.has(status) ? Status.INFO : status);

const reasonWord = (reason, w) => w.catalogue_grading.stop[reason ?? 'undecided'] ?? reason;

// One subtest at each address: its status and rating class, or why it was
// not tested; null for a host's own subtest (mail_caa), which no address has.
function perAddress(name, host, w) {
  const rows = (host.addresses ?? []).flatMap(({ address, grading }) => {
    const s = grading?.subtests?.find((x) => x.name === name);
    if (!s) return [];
    const why = s.status === Status.NOT_TESTED ? reasonWord(s.reason, w)
      : s.decision === 'decided' && s.rating ? w.catalogue_grading.rating[s.rating] ?? s.rating : '';
    return [[address, why ? `${w.status_word[s.status]} (${why})` : w.status_word[s.status]]];
  });
  return rows.length > 0 ? facts(rows) : null;
}

function subtestRow(s, host, w) {
  const status = shownStatus(s);
  const title = w.subtest[s.name] ?? s.name;
  return finding({
    tone: subtestTone(status), statusWord: w.status_word[status] ?? status,
    name: INFORMATION.has(s.name) ? `${title} (${w.grading.information})` : title,
    note: s.note, details: perAddress(s.name, host, w), words: w,
    data: { 'data-subtest': s.name, 'data-status': s.status },
  });
}

function ssl3Text({ status, reason }, table) {
  return status === 'not_tested' ? table[reason] ?? table.not_tested : table[status] ?? status;
}

// What one address's grading rests on; a fact without a value is left out.
function addressFacts({ address, grading: g }, w) {
  const notTested = g.subtests.filter((s) => s.status === Status.NOT_TESTED)
    .map((s) => el('li', {}, `${w.subtest[s.name] ?? s.name}: ${reasonWord(s.reason, w)}`));
  const pq = { true: w.grading.post_quantum_yes, false: w.grading.post_quantum_no }[g.post_quantum];
  return el('div', { class: 'grading-address', 'data-address': address, 'data-connections': g.connections, 'data-budget': g.budget },
    el('p', { class: 'subhead' }, format(w.result.address, { address })),
    facts([
      [w.grading.connections, format(w.grading.connections_value, { used: g.connections, budget: g.budget })],
      [w.grading.stopped, g.stop !== 'none' && reasonWord(g.stop, w)],
      [w.grading.not_tested, notTested.length && el('ul', { class: 'plain' }, notTested)],
      [w.grading.post_quantum, pq],
      [w.grading.ssl3, g.ssl3 && ssl3Text(g.ssl3, w.catalogue_grading.ssl3)],
      [w.grading.through_relay, g.through_relay && w.detail.yes],
    ]));
}

function hostGrading(host, w) {
  const sorted = [...host.grading.subtests].sort((a, b) => ORDER.indexOf(shownStatus(a)) - ORDER.indexOf(shownStatus(b)));
  const shown = sorted.filter((s) => s.status !== Status.PASSED);
  const passed = sorted.filter((s) => s.status === Status.PASSED);
  const title = format(w.grading.host, { host: host.name });
  return el('section', { class: 'grading-host', 'aria-label': title },
    el('h4', {}, title),
    shown.length > 0 && el('ul', { class: 'findings grading-shown' }, shown.map((s) => subtestRow(s, host, w))),
    passed.length > 0 && el('details', { class: 'grading-passed' },
      el('summary', {}, format(w.grading.passed, { count: passed.length })),
      el('ul', { class: 'findings' }, passed.map((s) => subtestRow(s, host, w)))),
    (host.addresses ?? []).filter((a) => a.grading?.subtests).map((a) => addressFacts(a, w)));
}

/** The grading's heading and section for the result, or [] when the report has no grading. */
export function renderGrading(report, w) {
  if (!report.grading?.subtests?.length) return [];
  const ncsc = report.summary?.tls_ncsc;
  const tone = NCSC_TONE[ncsc] ?? 'neutral';
  return [
    el('h4', { id: 'grading-heading' }, w.grading.heading),
    el('div', { class: 'grading' },
      el('div', { class: `grading-verdict tone-${tone}`, 'data-tls-ncsc': ncsc },
        toneIcon(tone),
        el('div', {},
          el('p', { class: 'grading-headline' },
            el('span', { class: 'status-word' }, w.catalogue_grading.tls_ncsc[ncsc] ?? ncsc), ' ', w.grading.headline),
          el('p', {}, w.grading.apart))),
      (report.hosts ?? []).filter((h) => h.grading?.subtests?.length).map((h) => hostGrading(h, w))),
  ];
}
