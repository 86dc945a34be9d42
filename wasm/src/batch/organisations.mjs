// Organisation lists for a batch: a CSV whose header names the columns
// `domain`, `organisation` and `type` (any order, any case) and any others,
// which are kept. Each row becomes {domain, organisation}, where organisation
// is what the batch writes into that domain's NDJSON result:
//   {"name": "Gemeente Utrecht", "type": "gemeente", "columns": {"region": "..."}}
// (null name/type when the list has no such column or the cell is empty).
import { readCsv, CSV_LIMITS } from './csv.mjs';
import { parseLine } from './domains.mjs';

export const ORG_COLUMNS = Object.freeze({ DOMAIN: 'domain', NAME: 'organisation', TYPE: 'type' });

/** The error for a list that cannot be read at all (no usable header). */
export class ListError extends Error {}

/** The header's plan: where domain, organisation and type are, the other columns' names. */
export function readHeader(fields) {
  const names = fields.map((field) => field.trim());
  const lower = names.map((name) => name.toLowerCase());
  names.forEach((name, i) => {
    if (name === '') throw new ListError(`column ${i + 1} of the header has no name`);
    if (lower.indexOf(lower[i]) !== i) throw new ListError(`the header names the column ${name} twice`);
  });
  const domain = lower.indexOf(ORG_COLUMNS.DOMAIN);
  if (domain === -1) throw new ListError(`the header has no ${ORG_COLUMNS.DOMAIN} column (it is ${names.join(',')})`);
  const name = lower.indexOf(ORG_COLUMNS.NAME);
  const type = lower.indexOf(ORG_COLUMNS.TYPE);
  const known = new Set([domain, name, type]);
  return { width: names.length, domain, name, type, extra: names.map((n, i) => [n, i]).filter(([, i]) => !known.has(i)) };
}

/** A row under `header`: {domain, organisation} or {bad: reason}. */
export function readRow(header, fields) {
  if (fields.length !== header.width) {
    return { bad: `${fields.length} fields, the header has ${header.width}` };
  }
  const parsed = parseLine(fields[header.domain]);
  if (parsed.skip) return { bad: 'no domain' };
  if (parsed.bad) return { bad: parsed.bad };
  const cell = (i) => (i === -1 || fields[i].trim() === '' ? null : fields[i].trim());
  return {
    domain: parsed.domain,
    organisation: {
      name: cell(header.name),
      type: cell(header.type),
      columns: Object.fromEntries(header.extra.map(([n, i]) => [n, fields[i]])),
    },
  };
}

/**
 * Yields {number, domain, organisation} or {number, bad} per row of the CSV
 * at `path`; throws ListError when its first record is no usable header.
 */
export async function* readOrganisationList(path, limits = CSV_LIMITS) {
  let header = null;
  for await (const record of readCsv(path, limits)) {
    if (header === null) {
      if (record.error) throw new ListError(`${path}:${record.line}: the header: ${record.error.message}`);
      try {
        header = readHeader(record.fields);
      } catch (error) {
        if (error instanceof ListError) error.message = `${path}:${record.line}: ${error.message}`;
        throw error;
      }
      continue;
    }
    if (record.error) {
      yield { number: record.line, bad: record.error.message };
      continue;
    }
    const row = readRow(header, record.fields);
    yield { number: record.line, ...row };
  }
  if (header === null) throw new ListError(`${path}: empty: a list starts with a header line (domain,organisation,type)`);
}
