// Which tone (colour token and icon) each status and verdict of the report
// gets. The status word is always printed next to the icon: the tone only
// repeats what the word says (WCAG 1.4.1, meaning never by colour alone).
export const TONES = Object.freeze(['good', 'bad', 'warning', 'info', 'neutral']);

const SUBTEST = Object.freeze({
  passed: 'good', failed: 'bad', warning: 'warning', info: 'info', not_tested: 'neutral', error: 'bad',
});

// Domain, host and address verdicts (docs/CHECK.md, "Verdicts").
const VERDICT = Object.freeze({
  pass: 'good', fail: 'bad', warn: 'warning', 'no-dane': 'warning', 'no-mail': 'info',
  error: 'bad', not_tested: 'neutral', skipped: 'neutral',
});

export function subtestTone(status) {
  return SUBTEST[status] ?? 'neutral';
}

export function verdictTone(verdict) {
  return VERDICT[verdict] ?? 'neutral';
}

// One shape per tone, so the icons differ in form as well as colour (and in
// forced-colours mode, where every icon is drawn in the text colour).
const PATHS = Object.freeze({
  good: 'M4 8.5l2.5 2.5L12 5',                 // check mark
  bad: 'M5 5l6 6M11 5l-6 6',                   // cross
  warning: 'M8 4v5M8 11.5v.5',                 // exclamation mark
  info: 'M8 7v5M8 4.5v.5',                     // i
  neutral: 'M5 8h6',                           // dash
});

const SVG = 'http://www.w3.org/2000/svg';

/** A decorative icon (aria-hidden): the status word beside it carries the meaning. */
export function toneIcon(tone) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${tone}`);
  const circle = document.createElementNS(SVG, 'circle');
  circle.setAttribute('cx', '8');
  circle.setAttribute('cy', '8');
  circle.setAttribute('r', '7.25');
  const mark = document.createElementNS(SVG, 'path');
  mark.setAttribute('d', PATHS[tone] ?? PATHS.neutral);
  svg.append(circle, mark);
  return svg;
}
