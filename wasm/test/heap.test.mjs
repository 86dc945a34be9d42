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

test('1000 checks leave the wasm heap where the warm-up left it', { timeout: 600_000 }, async () => {
  const world = await requireWorld();
  const checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 10_000 });
  const warmup = new Map();
  await round(checker, 100, warmup);
  const inUse = checker.heapInUse();
  const reserved = checker.memoryBytes();
  const verdicts = new Map();
  await round(checker, 1000, verdicts);
  assert.equal(checker.sessions(), 0);
  // Every scenario kept its verdict (a leak that broke checks would show here too).
  assert.deepEqual([...verdicts.keys()].sort(), ['bogus-mx.example error', 'ee-mismatch.example fail',
    'ee311.example pass', 'no-tlsa.example no-dane', 'null-mx.example no-mail']);
  assert.equal([...verdicts.values()].reduce((a, b) => a + b, 0), 1000);
  // Allocated bytes when idle: exactly back (a leak of even 64 bytes per check would be 64 KB).
  assert.ok(checker.heapInUse() - inUse < 16 * 1024, `heap in use went from ${inUse} to ${checker.heapInUse()}`);
  assert.ok(checker.memoryBytes() - reserved <= 1024 * 1024, `linear memory grew from ${reserved} to ${checker.memoryBytes()}`);
});
