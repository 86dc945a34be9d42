// 1000 checks against the test world do not grow the wasm heap: every
// session, TLS context, DNS cache and report is freed. Concurrency 16 over
// a mix of world scenarios (full SMTP + TLS + DANE, DNS-only verdicts, a
// DNSSEC failure), compared after a warm-up round at the same concurrency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChecker } from 'daneel';
import { requireWorld } from '../test-support/world.mjs';

const MIX = ['ee311.example', 'ee-mismatch.example', 'no-tlsa.example', 'null-mx.example', 'bogus-mx.example'];
const CONCURRENCY = 16;
const EXPECTED = ['ee311.example pass', 'ee-mismatch.example fail', 'no-tlsa.example no-dane', 'null-mx.example no-mail',
  'bogus-mx.example error'];

async function round(checker, count, verdicts) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const domain = MIX[next++ % MIX.length];
      const report = await checker.check(domain);
      verdicts.set(`${domain} ${report.verdict}`, (verdicts.get(`${domain} ${report.verdict}`) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

test('1000 checks leave the wasm heap where the warm-up left it', { timeout: 900_000 }, async () => {
  const world = await requireWorld();
  const checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 10_000, dohTimeoutMs: 10_000 });
  const warmup = new Map();
  await round(checker, 100, warmup);
  const inUse = checker.heapInUse();
  const reserved = checker.memoryBytes();
  const verdicts = new Map();
  await round(checker, 1000, verdicts);
  assert.equal(checker.sessions(), 0);
  // Allocated bytes when idle: back where they were (a leak of 9 bytes per check would show).
  assert.ok(checker.heapInUse() - inUse < 8 * 1024, `heap in use went from ${inUse} to ${checker.heapInUse()}`);
  assert.ok(checker.memoryBytes() - reserved <= 1024 * 1024, `linear memory grew from ${reserved} to ${checker.memoryBytes()}`);
  // Every scenario kept its verdict; on a loaded machine a few DoH timeouts may
  // turn one into "error" (could not test), never into another verdict.
  assert.equal([...verdicts.values()].reduce((a, b) => a + b, 0), 1000);
  const unexpected = [...verdicts].filter(([key]) => !EXPECTED.includes(key));
  assert.ok(unexpected.every(([key]) => key.endsWith(' error')), `unexpected verdicts: ${JSON.stringify(unexpected)}`);
  assert.ok(unexpected.reduce((sum, [, n]) => sum + n, 0) <= 20, `too many checks could not test: ${JSON.stringify(unexpected)}`);
});
