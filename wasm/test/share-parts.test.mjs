// The parts of batch mode's shared per-host work that need no world: the
// share policy (batch/share.mjs: what is kept, bounds, age, what a record
// says) and the DoH response cache (doh-cache.mjs). The world test is
// share.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARE_DEFAULTS, shareable, createProbeShare } from '../src/batch/share.mjs';
import { createDohCache } from '../src/doh-cache.mjs';

test('share policy: what is kept, for how long, within bounds; what a record says', () => {
  const probe = (host, address, extra = {}) => ({ host, address, sni: true, connected: true, connect_error: '',
    connection_end: null, smtp: { outcome: 'ok' }, ...extra });
  assert.ok(shareable(probe('a', '1')));
  assert.ok(shareable(probe('a', '1', { smtp: { outcome: 'timeout' }, connection_end: { cause: 'server_silent' } })));
  assert.ok(shareable(probe('a', '1', { connected: false, smtp: null, connection_end: { cause: 'server_reset' } })), 'a refusal');
  assert.ok(!shareable(probe('a', '1', { connected: false, smtp: null, connection_end: { cause: 'server_silent' } })), 'a connect timeout');
  assert.ok(!shareable(probe('a', '1', { connection_end: { cause: 'local_network' } })), 'cut off locally');
  assert.ok(!shareable(probe('a', '1', { connection_end: { cause: 'relay_cap' } })), 'cut off by a relay');

  const puts = [];
  const erased = [];
  const store = { put: (p) => puts.push(p.map((x) => `${x.host} ${x.address}`)), erase: (t) => erased.push(...t.map((x) => x.address)) };
  let clock = 1000;
  const share = createProbeShare(store, { maxAgeMs: 500, maxPerHost: 2, maxEntries: 3, now: () => clock });
  const report = (domain, probes, at = clock) => ({ domain, timing: { started_at: at, finished_at: at + 10 }, evidence: { time: at, probes } });
  share.remember(report('a.example', [probe('mx.a', '1'), probe('mx.a', '2'), probe('mx.a', '3')]));
  assert.deepEqual(puts, [['mx.a 1', 'mx.a 2']], 'at most maxPerHost per host');
  // A probe the check took from the store is not kept again (its age is the original's).
  share.remember(report('b.example', [probe('mx.b', '9'), probe('mx.a', '1')]), [{ host: 'mx.b', address: '9', sni: true }]);
  assert.equal(puts.length, 1);
  share.remember(report('c.example', [probe('mx.c', '5'), probe('mx.c', '6')]));
  assert.deepEqual(erased, ['1', '2'], 'the host kept longest makes room (maxEntries)');
  assert.equal(share.size(), 2);
  const annotated = share.annotate([{ host: 'mx.c', address: '5', sni: true }, { host: 'mx.a', address: '1', sni: true }]);
  assert.deepEqual(annotated[0], { host: 'mx.c', address: '5', sni: true, domain: 'c.example', started_at: 1000, finished_at: 1010 });
  assert.equal(annotated[1].domain, 'a.example', 'an entry dropped since is still told');
  clock += 501;
  share.expire();
  assert.equal(share.size(), 0, 'older than maxAgeMs');
  assert.deepEqual(erased, ['1', '2', '5', '6']);
  assert.deepEqual(SHARE_DEFAULTS, { maxAgeMs: 3_600_000, maxPerHost: 24, maxEntries: 4000 });
});

test('DoH cache: kept for the answer\'s TTL (bounded by maxAgeMs and entries), joined while in flight; an error or a failure is not kept', async () => {
  let asked = 0;
  let answer = { status: 200, contentType: 'application/dns-message', body: new Uint8Array([1, 2, 3]) };
  const doh = { exchange: async () => { asked++; await new Promise((r) => setTimeout(r, 5)); return answer; } };
  let clock = 0;
  let ttl = 60;
  const cache = createDohCache(doh, { reuseTtl: () => ttl, maxEntries: 2, maxAgeMs: 30_000, now: () => clock });
  const q = (n) => ({ method: 'POST', url: 'https://doh.invalid/dns-query', body: new Uint8Array([n]) });
  const [a, b] = await Promise.all([cache.exchange(q(1)), cache.exchange(q(1))]);
  assert.equal(asked, 1, 'the second joined the first');
  assert.deepEqual([...a.body], [1, 2, 3]);
  a.body[0] = 99;
  assert.equal(b.body[0], 1, 'each caller gets its own bytes');
  await cache.exchange(q(1));
  assert.equal(asked, 1, 'a hit');
  clock = 30_001;
  await cache.exchange(q(1));
  assert.equal(asked, 2, 'maxAgeMs bounds a long TTL');
  await cache.exchange(q(2));
  await cache.exchange(q(3));
  assert.equal(cache.size(), 2, 'maxEntries');
  ttl = -1;
  await cache.exchange(q(4));
  await cache.exchange(q(4));
  assert.equal(asked, 6, 'an answer the core will not reuse (SERVFAIL, truncated) is asked again');
  ttl = 60;
  answer = { ...answer, status: 503 };
  await cache.exchange(q(5));
  await cache.exchange(q(5));
  assert.equal(asked, 8, 'an HTTP error is not kept');
  const controller = new AbortController();
  const pending = cache.exchange(q(6), { signal: controller.signal });
  const other = cache.exchange(q(6));
  controller.abort();
  await assert.rejects(pending, /cancelled/);
  assert.equal((await other).status, 503, 'the other caller still gets the answer');
});

test('DoH cache: a retry after a second is sent again, not joined to the lost request', async () => {
  let asked = 0;
  const never = new Promise(() => {});
  const doh = { exchange: () => { asked++; return asked === 1 ? never : Promise.resolve({ status: 200, contentType: 'application/dns-message', body: new Uint8Array([7]) }); } };
  let clock = 0;
  const cache = createDohCache(doh, { reuseTtl: () => 60, now: () => clock });
  const q = { method: 'POST', url: 'https://doh.invalid/dns-query', body: new Uint8Array([1]) };
  const controller = new AbortController();
  const lost = cache.exchange(q, { signal: controller.signal });
  clock = 4000;  // the core's attempt timeout: it cancels and asks again
  controller.abort();
  await assert.rejects(lost, /cancelled/);
  const retry = await cache.exchange(q);
  assert.equal(asked, 2);
  assert.deepEqual([...retry.body], [7]);
});
