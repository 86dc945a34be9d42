// The report's sections as HTML, from the aggregates (aggregate.mjs): each
// chart beside a table of its numbers.
import { bars, stacked, lines, DANE_COLOURS, HOST_COLOURS, TLS_COLOURS } from './charts.mjs';
import { escapeHtml, table, legend, figure } from './html.mjs';
import { TLS } from './verdicts.mjs';

// How much of the long lists the page shows (the JSON and CSV have all).
export const SHOWN = Object.freeze({ FAILING_CHART: 10, FAILING_TABLE: 20, PROVIDERS: 20, CHANGES: 1000 });

const day = (iso) => iso.slice(0, 10);
const number = (w, value) => (w.lang === 'nl' ? String(value).replace('.', ',') : String(value));

function headline(agg, w) {
  const rows = agg.verdicts.map((v) => ({ label: w.dane[v], value: agg.current.percent[v], k: v }));
  return `<section id="headline"><h2>${escapeHtml(w.headline)}</h2>
${figure({
    svg: bars(rows, { xLabel: `${w.col.percent} ${w.col.domains}`, colours: DANE_COLOURS, labels: w.dane, key: 'k' }),
    tableHtml: table({
      caption: w.headline,
      head: [w.col.verdict, w.col.domains, w.col.percent],
      rows: [...agg.verdicts.map((v) => [w.dane[v], agg.current.counts[v], number(w, agg.current.percent[v])]),
        [w.col.total, agg.current.total, agg.current.total ? '100' : '0']],
      numeric: [1, 2],
    }),
  })}</section>`;
}

function byType(agg, w) {
  const name = (t) => t.type ?? w.noType;
  const rows = agg.by_type.flatMap((t) => agg.verdicts.map((v) => ({ group: name(t), key: v, value: t.percent[v] })));
  return `<section id="by-type"><h2>${escapeHtml(w.byType)}</h2>
${figure({
    svg: stacked(rows, { groups: agg.by_type.map(name), xLabel: `${w.col.percent} ${w.col.domains}`, colours: DANE_COLOURS, labels: w.dane }),
    legendHtml: legend(DANE_COLOURS, w.dane),
    tableHtml: table({
      caption: `${w.byType} (${w.col.percent})`,
      head: [w.col.type, w.col.total, ...agg.verdicts.map((v) => w.dane[v])],
      rows: agg.by_type.map((t) => [name(t), t.total, ...agg.verdicts.map((v) => number(w, t.percent[v]))]),
      numeric: agg.verdicts.map((_, i) => i + 2).concat([1]),
    }),
  })}</section>`;
}

// The domains' TLS by the NCSC guidelines (summary.tls_ncsc): all domains, then per organisation type.
function tls(agg, w) {
  const t = agg.tls;
  const heading = `<h2>${escapeHtml(w.tls)}</h2>`;
  if (t.graded === 0) return `<section id="tls">${heading}<p class="note">${escapeHtml(w.tlsNone)}</p></section>`;
  const name = (g) => g.type ?? w.noType;
  const groups = [{ ...t, type: w.allDomains }, ...t.by_type];
  const rows = groups.flatMap((g) => t.verdicts.map((v) => ({ group: name(g), key: v, value: g.percent[v] })));
  return `<section id="tls">${heading}
<p class="note">${escapeHtml(w.tlsIntro(t.graded, t.total))}</p>
${figure({
    svg: stacked(rows, { groups: groups.map(name), xLabel: `${w.col.percent} ${w.col.domains}`, colours: TLS_COLOURS, labels: w.tlsNcsc }),
    legendHtml: legend(TLS_COLOURS, w.tlsNcsc),
    tableHtml: table({
      caption: `${w.tls} (${w.col.percent})`,
      head: [w.col.type, w.col.total, ...t.verdicts.map((v) => w.tlsNcsc[v])],
      rows: groups.map((g) => [name(g), g.total, ...t.verdicts.map((v) => number(w, g.percent[v]))]),
      numeric: t.verdicts.map((_, i) => i + 2).concat([1]),
    }),
  })}</section>`;
}

function failing(agg, w, catalogue) {
  if (agg.failing.length === 0) return `<section id="failing"><h2>${escapeHtml(w.failing)}</h2><p>${escapeHtml(w.failingNone)}</p></section>`;
  const label = (f) => `${w.subtest[f.subtest] ?? f.subtest}: ${f.code}`;
  const chartRows = agg.failing.slice(0, SHOWN.FAILING_CHART).map((f) => ({ label: label(f), value: f.domains }));
  return `<section id="failing"><h2>${escapeHtml(w.failing)}</h2>
${figure({
    svg: bars(chartRows, { xLabel: w.col.domains }),
    tableHtml: table({
      caption: w.failing,
      head: [w.col.subtest, w.col.finding, w.col.fix, w.col.domains, w.col.percent],
      rows: agg.failing.slice(0, SHOWN.FAILING_TABLE).map((f) => {
        const message = catalogue.render(f.code) ?? { text: f.code, fix: '' };
        return [w.subtest[f.subtest] ?? f.subtest, `${message.text} (${f.code})`, message.fix, f.domains, number(w, f.percent)];
      }),
      numeric: [3, 4],
    }),
  })}</section>`;
}

function providers(agg, w) {
  const top = agg.providers.slice(0, SHOWN.PROVIDERS);
  const verdicts = Object.keys(HOST_COLOURS);
  const rows = top.flatMap((p) => verdicts.map((v) => ({ group: p.provider, key: v, value: p.verdicts[v] })));
  return `<section id="providers"><h2>${escapeHtml(w.providers)}</h2>
<p class="note">${escapeHtml(w.providersIntro(top.length, agg.providers.length))}</p>
${figure({
    svg: stacked(rows, { groups: top.map((p) => p.provider), xLabel: w.col.domains, colours: HOST_COLOURS, labels: w.host, percent: false }),
    legendHtml: legend(HOST_COLOURS, w.host),
    tableHtml: table({
      caption: w.providers,
      head: [w.col.provider, w.col.domains, w.col.hosts, ...verdicts.map((v) => w.host[v]), w.col.passPercent],
      rows: top.map((p) => [p.provider, p.domains, p.hosts, ...verdicts.map((v) => p.verdicts[v]), number(w, p.pass_percent)]),
      numeric: [1, 2, ...verdicts.map((_, i) => i + 3), verdicts.length + 3],
    }),
  })}</section>`;
}

// One word's share per run over time: a line chart and its table.
function trendFigure(runs, verdicts, caption, colours, labels, w) {
  const rows = runs.flatMap((run) => verdicts.map((v) => ({ time: new Date(run.time), key: v, value: run.percent[v] })));
  return figure({
    svg: lines(rows, { yLabel: `${w.col.percent} ${w.col.domains}`, colours, labels }),
    legendHtml: legend(colours, labels),
    tableHtml: table({
      caption: `${caption} (${w.col.percent})`,
      head: [w.col.date, w.col.run, w.col.total, ...verdicts.map((v) => labels[v])],
      rows: runs.map((run) => [day(run.time), run.file.split('/').at(-1), run.total, ...verdicts.map((v) => number(w, run.percent[v]))]),
      numeric: [2, ...verdicts.map((_, i) => i + 3)],
    }),
  });
}

// summary.dane over the runs; summary.tls_ncsc beside it once any run graded.
function trend(agg, w) {
  if (agg.trend.length < 2) return `<section id="trend"><h2>${escapeHtml(w.trend)}</h2><p class="note">${escapeHtml(w.trendNone)}</p></section>`;
  const graded = agg.tls.trend.some((run) => run.total > run.counts[TLS.NOT_GRADED]);
  return `<section id="trend"><h2>${escapeHtml(w.trend)}</h2>
${trendFigure(agg.trend, agg.verdicts, w.trend, DANE_COLOURS, w.dane, w)}${graded ? `
<h3 id="tls-trend">${escapeHtml(w.tlsTrend)}</h3>
${trendFigure(agg.tls.trend, agg.tls.verdicts, w.tlsTrend, TLS_COLOURS, w.tlsNcsc, w)}` : ''}</section>`;
}

function changeList(title, list, w, id) {
  const shown = list.slice(0, SHOWN.CHANGES);
  const more = list.length - shown.length;
  return `<h3 id="${id}">${escapeHtml(title)}: ${list.length}</h3>
${list.length === 0 ? `<p>${escapeHtml(w.noneListed)}</p>` : table({
    caption: `${title} (${list.length}${more > 0 ? `, ${shown.length} shown` : ''})`,
    head: [w.col.domain, w.col.organisation, w.col.type, w.col.before, w.col.after],
    rows: shown.map((c) => [c.domain, c.organisation ?? '', c.type ?? '', w.dane[c.before], w.dane[c.after]]),
  })}`;
}

function changes(agg, w) {
  if (!agg.changes.previous) return '';
  return `<section id="changes"><h2>${escapeHtml(w.changes(agg.changes.previous.split('/').at(-1)))}</h2>
${changeList(w.improved, agg.changes.improved, w, 'improved')}
${changeList(w.regressed, agg.changes.regressed, w, 'regressed')}</section>`;
}

/** The page body. */
export function reportBody(agg, w, catalogue, generatedAt) {
  return [
    `<h1>${escapeHtml(w.title)}</h1>`,
    `<p>${escapeHtml(w.intro(agg.current.total, day(agg.current.time)))}</p>`,
    headline(agg, w),
    byType(agg, w),
    tls(agg, w),
    failing(agg, w, catalogue),
    providers(agg, w),
    trend(agg, w),
    changes(agg, w),
    `<footer><p class="note">${escapeHtml(w.generated(generatedAt))}</p></footer>`,
  ].join('\n');
}
