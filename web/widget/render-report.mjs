// The result of a check as DOM: the verdict first, in plain words; then each
// subtest of the domain; then per MX host and per address its verdict. Every
// finding is one row (icon, status word, name) that opens (native <details>)
// to the explanation, the technical details and the how-to-fix text. All
// sentences of the report come from the core's catalogue (the report's
// `text` and `fix`), in the report's language, which the section declares.
import { el } from './dom.mjs';
import { format } from './words.mjs';
import { subtestTone, toneIcon, verdictTone } from './tones.mjs';
import { finding } from './finding.mjs';
import { domainDetails, formatCheckedAt, hostDetails, probeDetails } from './render-details.mjs';
import { renderDiagram } from './render-diagram.mjs';

// The domain's own lookups (MX, MTA-STS, TLS-RPT) are detailed under the subtests that judge them.
const WITH_DOMAIN_DETAILS = new Set(['dnssec_mx_domain', 'mta_sts', 'tls_rpt']);

function subtestRows(report, words) {
  return Object.entries(report.subtests ?? {}).map(([key, subtest]) => finding({
    tone: subtestTone(subtest.status),
    statusWord: words.status_word[subtest.status] ?? subtest.status,
    name: words.subtest[key] ?? key,
    note: subtest,
    details: WITH_DOMAIN_DETAILS.has(key) ? domainDetails(report, words, words.security) : null,
    words,
  }));
}

function addressRows(host, words, lang) {
  return host.addresses.map((address) => finding({
    tone: verdictTone(address.verdict),
    statusWord: words.verdict[address.verdict] ?? address.verdict,
    name: format(words.result.address, { address: address.address }),
    note: address.outcome,
    details: probeDetails(address, words, lang),
    words,
  }));
}

function hostSection(host, words, lang) {
  const title = format(words.result.host, { host: host.name });
  const extra = host.implicit ? words.result.implicit : format(words.result.preference, { preference: host.preference });
  const rows = [finding({
    tone: verdictTone(host.verdict),
    statusWord: words.verdict[host.verdict] ?? host.verdict,
    name: `${title} (${extra})`,
    note: host.outcome,
    details: hostDetails(host, words, words.security),
    words,
  })];
  if (host.tlsa?.note) {
    rows.push(finding({ tone: 'info', statusWord: words.status_word.info, name: words.detail.tlsa_records, note: host.tlsa.note, words }));
  }
  if (host.sni_dependence) {
    const sni = host.sni_dependence;
    rows.push(finding({
      tone: subtestTone(sni.status), statusWord: words.status_word[sni.status] ?? sni.status,
      name: words.subtest.sni_dependence, note: sni, words,
    }));
  }
  return el('section', { class: 'host', 'aria-label': title },
    el('h4', {}, title),
    el('ul', { class: 'findings' }, rows),
    el('ul', { class: 'findings addresses' }, addressRows(host, words, lang)));
}

/**
 * The whole result. `words` are the widget's words in the report's language
 * plus `security` (the catalogue's DNSSEC words), `headingId` the id the
 * widget moves focus to.
 */
export function renderReport(report, words, headingId) {
  const lang = report.lang;
  const domain = report.domain_unicode || report.domain || report.input;
  const tone = verdictTone(report.verdict);
  const headline = format(words.verdict_headline[report.verdict] ?? '{domain}', { domain });
  const parts = [
    el('h3', { id: headingId, tabindex: '-1' }, format(words.result.heading, { domain })),
    el('div', { class: `verdict tone-${tone}`, 'data-tone': tone, 'data-verdict': report.verdict },
      toneIcon(tone),
      el('div', {},
        el('p', { class: 'verdict-headline' },
          el('span', { class: 'status-word' }, words.verdict[report.verdict] ?? report.verdict), ' ', headline),
        el('p', {}, report.outcome?.text),
        report.outcome?.fix ? el('p', { class: 'fix' }, el('strong', {}, `${words.result.fix}: `), report.outcome.fix) : null)),
    el('p', { class: 'checked-at' }, formatCheckedAt(report, words, lang)),
    renderDiagram(report, words),
  ];
  if (report.warnings?.length) {
    parts.push(el('h4', {}, words.result.warnings), el('ul', { class: 'findings' }, report.warnings.map((warning) =>
      finding({ tone: 'warning', statusWord: words.status_word.warning, name: warning.text, note: { fix: warning.fix }, words }))));
  }
  if (report.subtests && Object.keys(report.subtests).length) {
    parts.push(el('h4', {}, words.result.subtests), el('ul', { class: 'findings' }, subtestRows(report, words)));
  }
  if (report.hosts?.length) {
    parts.push(el('h4', {}, words.result.hosts), ...report.hosts.map((host) => hostSection(host, words, lang)));
  } else if (report.verdict !== 'error' || report.outcome?.code !== 'input_invalid') {
    parts.push(el('p', {}, words.result.no_hosts));
  }
  return el('section', { class: 'result', lang }, parts);
}
