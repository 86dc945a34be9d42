// `daneel report`'s work: read the runs (streamed), aggregate, write the
// outputs asked for. Returns the aggregates (the caller picks the exit code:
// a regression since the previous run is worth an alert).
import { writeFile, open } from 'node:fs/promises';
import { readRun } from './read.mjs';
import { aggregate } from './aggregate.mjs';
import { loadCatalogue } from './catalogue.mjs';
import { reportWords } from './words.mjs';
import { reportBody } from './sections.mjs';
import { page } from './html.mjs';
import { aggregatesJson, aggregatesCsv, organisationCsv } from './exports.mjs';

async function writeLines(path, lines) {
  const file = await open(path, 'w');
  try {
    let chunk = '';
    for (const line of lines) {
      chunk += line;
      if (chunk.length > 64 * 1024) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk);
  } finally {
    await file.close();
  }
}

/**
 * files: [current, ...earlier]; outputs: {html, csv, json, organisations}
 * (paths, each optional); lang; now (Date, for the page's footer);
 * threads (readers per file, default: the cores); onProgress(file, lines);
 * onWritten(path).
 */
export async function makeReport({ files, outputs, lang, now = new Date(), every, threads, onProgress = () => {}, onWritten = () => {} }) {
  const runs = [];
  for (const file of files) {
    runs.push(await readRun(file, { every, threads, onProgress: (lines) => onProgress(file, lines) }));
  }
  const [current, ...earlier] = runs;
  const agg = aggregate(current, earlier);
  const w = reportWords(lang);
  const catalogue = await loadCatalogue(w.lang);
  if (outputs.html) {
    const body = reportBody(agg, w, catalogue, now.toISOString().slice(0, 16).replace('T', ' '));
    await writeFile(outputs.html, page({ lang: w.lang, title: w.title, body }));
    onWritten(outputs.html);
  }
  if (outputs.json) {
    await writeFile(outputs.json, aggregatesJson(agg));
    onWritten(outputs.json);
  }
  if (outputs.csv) {
    await writeFile(outputs.csv, aggregatesCsv(agg));
    onWritten(outputs.csv);
  }
  if (outputs.organisations) {
    await writeLines(outputs.organisations, organisationCsv(current.facts.values(), catalogue));
    onWritten(outputs.organisations);
  }
  return agg;
}
