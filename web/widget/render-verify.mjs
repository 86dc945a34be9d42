// The outcome of verifying a report (the package's VerifyResult): whether
// its evidence, replayed offline, gives the report's verdicts, and where it
// does not. Shown above the verified report itself.
import { el } from './dom.mjs';
import { format } from './words.mjs';
import { toneIcon } from './tones.mjs';

/** 'ok' | 'differs' | 'cannot': the one decision the block shows. */
export function verificationKind(result) {
  if (result.cannot_verify) return 'cannot';
  return result.ok ? 'ok' : 'differs';
}

const TONE = Object.freeze({ ok: 'good', differs: 'bad', cannot: 'neutral' });

/** One paragraph per reason: where in the report (each subtest once, not its status and code apart), and why. */
function notReplayed(entries, v) {
  const byReason = new Map();
  for (const { path, reason } of entries) {
    const places = byReason.get(reason) ?? new Set();
    byReason.set(reason, places.add(path.replace(/\.(status|code)$/, '')));
  }
  return [...byReason].map(([reason, places]) => el('p', { class: 'not-replayed', 'data-reason': reason },
    format(v.not_replayed, { paths: [...places].join(', '), reason: v.not_replayed_reason[reason] ?? reason })));
}

export function renderVerification(result, words, headingId) {
  const v = words.verify;
  const kind = verificationKind(result);
  const tone = TONE[kind];
  const sentence = kind === 'ok' ? v.ok
    : kind === 'differs' ? format(v.differs, { count: result.differences.length })
      : format(v.cannot, { reason: result.cannot_verify });
  const parts = [el('p', { class: 'verdict-headline' }, el('span', { class: 'status-word' }, v[`status_${kind}`]), ' ', sentence)];
  // Other trust anchors than the report's explain every difference: said first (the core's words).
  if (result.trust_anchors_differ) {
    parts.push(el('p', {}, result.trust_anchors_differ.text), el('p', { class: 'fix' }, result.trust_anchors_differ.fix));
  }
  // What could not be replayed here (a browser has no root store): said, not passed off as checked.
  parts.push(...notReplayed(result.not_replayed ?? [], v));
  if (kind === 'differs' && result.differences.length) {
    parts.push(el('ul', { class: 'differences' }, result.differences.map((d) =>
      el('li', {}, format(v.difference, { path: d.path, report: d.report, verify: d.verify })))));
  }
  return el('section', { class: 'verification', lang: words.lang },
    el('h3', { id: headingId, tabindex: '-1' }, v.heading),
    el('div', { class: `verdict tone-${tone}`, 'data-tone': tone, 'data-verification': kind }, toneIcon(tone), el('div', {}, parts)));
}
