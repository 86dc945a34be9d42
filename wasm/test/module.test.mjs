// The wasm package under Node: loads the module the way users will, and checks
// the C ABI answers like Node's own crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadDaneel, DaneelError } from 'daneel';

const daneel = await loadDaneel();

test('build info reports Mbed TLS 3.6', () => {
  const info = daneel.buildInfo();
  assert.match(info.mbedtls, /^3\.6\.\d+$/);
  assert.match(info.daneel, /^\d+\.\d+\.\d+$/);
  // The core's default timeouts, which JS takes from here (docs/WASM.md).
  assert.equal(info.connect_timeout_ms, 10_000);
  assert.equal(info.doh_timeout_ms, 4000);
});

test('sha256 agrees with node:crypto for several sizes', () => {
  for (const size of [0, 1, 55, 56, 64, 1000, 100000]) {
    const data = new Uint8Array(size).map((_, i) => (i * 7 + 3) & 0xff);
    const expected = createHash('sha256').update(data).digest('hex');
    assert.equal(Buffer.from(daneel.sha256(data)).toString('hex'), expected, `size ${size}`);
  }
});

test('randomBytes gives fresh, non-constant bytes', () => {
  const a = daneel.randomBytes(4096);
  const b = daneel.randomBytes(4096);
  assert.equal(a.length, 4096);
  assert.notDeepEqual(a, b);
  assert.ok(new Set(a).size > 200, 'a 4 KiB random buffer uses most byte values');
});

test('bad arguments give a typed error, not a crash', () => {
  for (const size of [-1, 1.5, NaN, 2 ** 40]) {
    assert.throws(() => daneel.randomBytes(size), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  }
  assert.throws(() => daneel.sha256('text'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
});

test('many calls do not grow the heap without bound', () => {
  const data = new Uint8Array(64 * 1024);
  daneel.sha256(data);
  const before = daneel.memoryBytes();
  for (let i = 0; i < 2000; i++) daneel.sha256(data);
  // 2000 x 64 KiB = 125 MiB went through the heap; a leak would have grown it by that much.
  assert.ok(daneel.memoryBytes() - before < 1024 * 1024, `heap grew from ${before} to ${daneel.memoryBytes()}`);
});
