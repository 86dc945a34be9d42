// Input lines of a batch: one mail domain per line; blank lines and
// "#" comments are ignored. A line that cannot be a domain name is reported
// (with the reason), never fatal. The core judges the rest (IDNA etc.).
import { createHash } from 'node:crypto';

/** {domain} for a usable line, {skip: true} for blank/comment, {bad: reason} otherwise. */
export function parseLine(text) {
  const line = text.replace(/#.*$/, '').trim();
  if (line === '') return { skip: true };
  if (/\s/.test(line)) return { bad: 'more than one word on the line' };
  if (/[/:@?=,;<>"'\\]/.test(line)) return { bad: `not a domain name: ${line.slice(0, 80)}` };
  const name = line.replace(/\.$/, '');
  if (name.length === 0 || name.length > 253) return { bad: 'a domain name has 1 to 253 characters' };
  if (name.split('.').some((label) => label.length === 0 || label.length > 63)) {
    return { bad: `empty or over-long label in ${line.slice(0, 80)}` };
  }
  return { domain: line };
}

/** The key a domain is remembered by (resume, duplicates, shards): lower case, no final dot. */
export function domainKey(domain) {
  return domain.toLowerCase().replace(/\.$/, '');
}

/** Parses "--shard i/n" (1 <= i <= n <= 1024); null when not given. */
export function parseShard(text) {
  if (text === undefined) return null;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(count >= 1 && count <= 1024 && index >= 1 && index <= count)) {
    throw new RangeError(`--shard must be I/N with 1 <= I <= N <= 1024, got ${text}`);
  }
  return { index, count };
}

/**
 * Whether `domain` belongs to shard i of n: the first 4 bytes of
 * sha256(domainKey) modulo n, so every machine splits a list the same way,
 * whatever the order of the list.
 */
export function inShard(domain, shard) {
  if (!shard) return true;
  const digest = createHash('sha256').update(domainKey(domain)).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}
