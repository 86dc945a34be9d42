// The report's charts, rendered to SVG when the report is made (Observable
// Plot on linkedom's DOM: no browser, no script in the page). Each chart is
// decoration for those who can see it; the table next to it carries the
// same numbers for everyone else (the SVG is aria-hidden).
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

// Fixed colours per verdict, so a colour means the same in every chart
// (greens good, red/purple broken, greys and amber neither).
export const DANE_COLOURS = Object.freeze({
  pass: '#1b7837', partial: '#7fbc41', none: '#8c8c8c', fail: '#c51b7d', bogus: '#542788', no_mail: '#d9d9d9', error: '#e08214',
});
export const TLS_COLOURS = Object.freeze({
  meets: '#1b7837', phase_out: '#e08214', insufficient: '#c51b7d', not_tested: '#8c8c8c', not_graded: '#d9d9d9',
});
export const HOST_COLOURS = Object.freeze({
  pass: '#1b7837', 'no-dane': '#8c8c8c', fail: '#c51b7d', not_tested: '#e08214', skipped: '#d9d9d9',
});

const WIDTH = 760;
// Counts have whole-number ticks only.
const wholeTicks = (d) => (Number.isInteger(d) ? String(d) : '');
const FONT = 'system-ui, sans-serif';

function render(options) {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({ document, width: WIDTH, style: { fontFamily: FONT, fontSize: '12px', background: 'white' }, ...options });
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  return svg.outerHTML;
}

// Room for the longest label on the left (about 6.6 px a character at 12 px).
const labelMargin = (labels) => Math.min(380, Math.max(60, 16 + Math.ceil(6.6 * Math.max(0, ...labels.map((l) => String(l).length)))));

function colourScale(colours, labels) {
  const keys = Object.keys(colours);
  return { domain: keys.map((k) => labels[k]), range: keys.map((k) => colours[k]), legend: false };
}

/** Horizontal bars: rows of {label, value}; `format` for the value printed at each bar's end. */
export function bars(rows, { xLabel, colours = null, labels = null, key = null, marginLeft = labelMargin(rows.map((r) => r.label)) }) {
  const fill = colours ? (row) => labels[row[key]] : () => '#4a6fa5';
  return render({
    height: 40 + 28 * Math.max(1, rows.length),
    marginLeft,
    marginRight: 60,
    x: { label: xLabel, grid: true, nice: true, tickFormat: wholeTicks },
    y: { label: null, domain: rows.map((r) => r.label) },
    color: colours ? colourScale(colours, labels) : undefined,
    marks: [
      Plot.barX(rows, { x: 'value', y: 'label', fill }),
      Plot.text(rows, { x: 'value', y: 'label', text: (r) => String(r.value), dx: 4, textAnchor: 'start' }),
      Plot.ruleX([0]),
    ],
  });
}

/** Stacked horizontal bars: rows of {group, key, value} (value in % unless `percent` is false), one bar per group. */
export function stacked(rows, { groups, xLabel, colours, labels, marginLeft = labelMargin(groups), percent = true }) {
  return render({
    height: 40 + 28 * Math.max(1, groups.length),
    marginLeft,
    marginRight: 30,
    x: { label: xLabel, grid: true, ...(percent ? { domain: [0, 100] } : { nice: true, tickFormat: wholeTicks }) },
    y: { label: null, domain: groups },
    color: colourScale(colours, labels),
    marks: [
      Plot.barX(rows, { x: 'value', y: 'group', fill: (r) => labels[r.key], order: Object.values(labels) }),
      Plot.ruleX([0]),
    ],
  });
}

/** Lines over time: rows of {time: Date, key, value}. */
export function lines(rows, { yLabel, colours, labels }) {
  return render({
    height: 320,
    marginLeft: 50,
    marginRight: 30,
    x: { label: null, type: 'utc' },
    y: { label: yLabel, grid: true, domain: [0, 100] },
    color: colourScale(colours, labels),
    marks: [
      Plot.lineY(rows, { x: 'time', y: 'value', stroke: (r) => labels[r.key], z: 'key' }),
      Plot.dot(rows, { x: 'time', y: 'value', fill: (r) => labels[r.key] }),
    ],
  });
}
