// The batch's output file: one JSON report per line (NDJSON). Read back to
// resume (which domains are done) and to summarise (counts per verdict).
import { open, stat } from 'node:fs/promises';
import { readLines } from './lines.mjs';
import { domainKey } from './domains.mjs';

// A report line: reports of domains with many MX hosts run to hundreds of KB.
const MAX_RECORD = 16 * 1024 * 1024;

/**
 * Makes `path` end at its last complete line: a run that was killed may have
 * left half a line, which is cut off (that domain is checked again).
 * Returns the bytes removed.
 */
export async function trimPartialLine(path) {
  let size;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if (error.code === 'ENOENT') return 0;
    throw error;
  }
  if (size === 0) return 0;
  const file = await open(path, 'r+');
  try {
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    // Walk back block by block to the last newline.
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await file.read(block, 0, end - start, start);
      const at = block.subarray(0, bytesRead).lastIndexOf(10);
      if (at !== -1) {
        const keep = start + at + 1;
        if (keep < size) await file.truncate(keep);
        return size - keep;
      }
      end = start;
    }
    await file.truncate(0);
    return size;
  } finally {
    await file.close();
  }
}

/** Yields the parsed records of the output file (lines that do not parse are skipped). */
export async function* readResults(path) {
  try {
    await stat(path);
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for await (const { text, tooLong } of readLines(path, { maxLine: MAX_RECORD })) {
    if (tooLong || text === '') continue;
    let record;
    try {
      record = JSON.parse(text);
    } catch {
      continue;
    }
    if (record && typeof record.input === 'string') yield record;
  }
}

/** The keys of the domains already in the output; `onRecord` sees each of their records. */
export async function doneDomains(path, onRecord = () => {}) {
  const done = new Set();
  for await (const record of readResults(path)) {
    done.add(domainKey(record.input));
    onRecord(record);
  }
  return done;
}

/** Counts per verdict over the whole output file. */
export async function countVerdicts(path) {
  const counts = new Map();
  for await (const record of readResults(path)) {
    const verdict = typeof record.verdict === 'string' ? record.verdict : 'error';
    counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  }
  return counts;
}

/** The line a check that threw (instead of reporting) leaves in the output. */
export function errorRecord(input, error) {
  return { input, domain: input, verdict: 'error', error: { code: error?.code ?? 'internal', message: error?.message ?? String(error) } };
}

const ORDER = ['pass', 'warn', 'fail', 'no-dane', 'no-mail', 'error'];

function sorted(counts) {
  const rank = (v) => (ORDER.includes(v) ? ORDER.indexOf(v) : ORDER.length);
  return [...counts].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

/** The summary as CSV or Markdown: verdict, count, share; a total row. */
export function formatSummary(counts, format) {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const share = (n) => (total === 0 ? '0.0' : ((100 * n) / total).toFixed(1));
  const rows = sorted(counts).map(([verdict, n]) => [verdict, String(n), share(n)]);
  rows.push(['total', String(total), total === 0 ? '0.0' : '100.0']);
  if (format === 'csv') return ['verdict,count,percent', ...rows.map((r) => r.join(','))].join('\n') + '\n';
  return ['| verdict | count | % |', '|---|---:|---:|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}
