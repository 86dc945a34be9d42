// Where a batch's domains come from: a plain list (one domain a line,
// domains.mjs) or an organisation list (CSV, organisations.mjs). Both yield
// {number, domain, organisation?} or {number, bad}, so the engine does not
// care which it reads.
import { readLines } from './lines.mjs';
import { parseLine } from './domains.mjs';
import { readOrganisationList } from './organisations.mjs';

export const INPUT_FORMAT = Object.freeze({ TEXT: 'text', CSV: 'csv' });

// A line of a plain list: a domain name and maybe a comment.
const MAX_INPUT_LINE = 4096;

/** The format of `path` when none is given: CSV for a name ending in .csv. */
export function formatOf(path, given) {
  if (given !== undefined) return given;
  return /\.csv$/i.test(path) ? INPUT_FORMAT.CSV : INPUT_FORMAT.TEXT;
}

async function* textList(path) {
  for await (const { number, text, tooLong } of readLines(path, { maxLine: MAX_INPUT_LINE })) {
    if (tooLong) {
      yield { number, bad: 'line too long' };
      continue;
    }
    const parsed = parseLine(text);
    if (parsed.skip) continue;
    yield parsed.bad ? { number, bad: parsed.bad } : { number, domain: parsed.domain };
  }
}

/** The entries of the input file in `format` (INPUT_FORMAT). */
export function readDomainSource(path, format) {
  return format === INPUT_FORMAT.CSV ? readOrganisationList(path) : textList(path);
}
