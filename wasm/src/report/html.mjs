// The HTML page around the report's sections: one self-contained file (the
// style inline, the charts inline SVG, no script, no external resource)
// that reads the same on screen and on paper.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A table: head (strings), rows (arrays of cells; numbers are right-aligned), a caption. */
export function table({ caption, head, rows, numeric = [] }) {
  const cell = (value, i, tag) => {
    const attrs = [tag === 'th' ? ' scope="col"' : '', numeric.includes(i) ? ' class="num"' : ''].join('');
    return `<${tag}${attrs}>${escapeHtml(value)}</${tag}>`;
  };
  return `<table><caption>${escapeHtml(caption)}</caption>
<thead><tr>${head.map((h, i) => cell(h, i, 'th')).join('')}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.map((value, i) => cell(value, i, 'td')).join('')}</tr>`).join('\n')}
</tbody></table>`;
}

/** A colour legend (the charts' own legends would need a script-free HTML of their own anyway). */
export function legend(colours, labels) {
  return `<ul class="legend" aria-hidden="true">${Object.keys(colours).map((k) =>
    `<li><span class="swatch" style="background:${colours[k]}"></span>${escapeHtml(labels[k])}</li>`).join('')}</ul>`;
}

/** A chart with its data table as the text alternative. */
export function figure({ svg, legendHtml = '', tableHtml }) {
  return `<figure><div class="chart">${svg}</div>${legendHtml}${tableHtml}</figure>`;
}

const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 15px/1.45 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; }
figure { margin: 1rem 0; }
.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #bbb; padding: .2rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .85rem; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .35em; vertical-align: -.1em; border: 1px solid #555; }
.note { color: #444; }
@page { margin: 15mm; }
@media print {
  :root { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2, h3, .note { break-after: avoid-page; }
  /* A section's heading stays with its chart; the long lists may run over pages. */
  section:not(#changes), figure, .chart { break-inside: avoid-page; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

/** The whole page. */
export function page({ lang, title, body }) {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
