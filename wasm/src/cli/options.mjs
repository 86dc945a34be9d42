// Command-line parsing shared by the commands: node:util parseArgs with the
// checker options every command takes, turned into createChecker() options.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { DaneelError } from '../errors.mjs';
import { CLI_LANGUAGES } from './words.mjs';

export class UsageError extends Error {}

const COMMON = {
  json: { type: 'boolean' },
  lang: { type: 'string' },
  doh: { type: 'string', multiple: true },
  'trust-anchor': { type: 'string' },
  timeout: { type: 'string' },
  // Leave out the second handshake without SNI per DANE host (one connection fewer per host).
  'no-sni-probe': { type: 'boolean' },
  // No TLS grading (docs/TLS_GRADING.md): today's connections only (one per address, plus the probe without SNI).
  quick: { type: 'boolean' },
  // The per-address connection budget of the grading (the check's own connections included).
  'max-connections': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Parses `args` with the common options plus `extra`; UsageError on anything unknown. */
export function parse(args, extra = {}) {
  try {
    return parseArgs({ args, options: { ...COMMON, ...extra }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
}

export function positiveNumber(text, name, { integer = false, max = Infinity } = {}) {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value) || value <= 0 || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}${max < Infinity ? ` up to ${max}` : ''}, got ${text}`);
  }
  return value;
}

/** createChecker() options from the parsed common flags. */
export async function checkerOptions(values, lang) {
  if (values.lang !== undefined && !CLI_LANGUAGES.includes(values.lang)) {
    throw new UsageError(`--lang must be one of ${CLI_LANGUAGES.join(', ')}`);
  }
  const options = { lang };
  if (values.doh) {
    for (const url of values.doh) {
      if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--doh must be an http(s) URL, got ${url}`);
    }
    options.doh = values.doh;
  }
  if (values['trust-anchor'] !== undefined) {
    try {
      options.trustAnchors = await readFile(values['trust-anchor'], 'utf8');
    } catch (error) {
      throw new UsageError(`--trust-anchor ${values['trust-anchor']}: ${error.code ?? error.message}`);
    }
    // Empty anchor text means "none given" to the core (the root's KSKs): an empty file is a mistake.
    if (options.trustAnchors === '') throw new UsageError(`--trust-anchor ${values['trust-anchor']}: the file is empty`);
  }
  if (values['no-sni-probe']) options.probeWithoutSni = false;
  if (values.quick) options.grading = false;
  if (values['max-connections'] !== undefined) {
    options.maxConnectionsPerAddress = positiveNumber(values['max-connections'], '--max-connections', { integer: true, max: 16 });
  }
  if (values.timeout !== undefined) {
    const ms = positiveNumber(values.timeout, '--timeout', { max: 3600 }) * 1000;
    options.checkDeadlineMs = Math.ceil(ms);
    // The driver's bound leaves the core time to finish its report after its deadline.
    options.maxRunMs = Math.ceil(ms) + 5000;
  }
  return options;
}

/** A one-line message for an error thrown by the package. */
export function describe(error) {
  if (error instanceof DaneelError) return `${error.code}: ${error.message}`;
  return error?.message ?? String(error);
}
