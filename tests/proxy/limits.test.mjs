// The relay's admission limits in the public profile (no --test-profile),
// against a DoH server of the test's own (doh-stub.mjs): the test profile may
// switch the per-minute limits off for a scenario matrix (browser.test.mjs),
// the public profile may not, and keeps refusing at its defaults. The
// destinations are global addresses that the stub does not list for the MX
// host, so every admitted session ends in 4010 before any connection: no
// byte leaves the machine, and admission has counted the session anyway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedWith, delay, openRelay, proxyBin, relayQuery, startProxy, stopProxy } from './relay-harness.mjs';
import { startDohStub } from './doh-stub.mjs';

const ORIGIN = 'http://daneel.test';
const EHLO = 'relay.test.example';

let webRoot;
let stub;
let proxy;

before(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-limits-test-'));
  stub = await startDohStub();
  stub.set('limits.test', { MX: [[10, 'mx.limits.test']] });
  stub.set('mx.limits.test', { A: ['1.2.3.4'] });
  // The public profile with every admission limit at its default.
  proxy = await startProxy(webRoot, ['--ehlo-name', EHLO, '--relay-origin', ORIGIN, '--resolver', stub.url]);
});

after(async () => {
  if (proxy) assert.equal((await stopProxy(proxy)).code, 0, 'the proxy exits 0 (the sanitizer build found nothing)');
  await stub?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

// One relay request for a host that is not the domain's MX: admitted (or
// refused by admission), never connected. A concurrency refusal (the relay
// has not yet seen the previous session of this address end) is tried again,
// as the check does; concurrency is not what these tests count.
async function attempt(ip, localAddress) {
  for (let i = 0; i < 20; i += 1) {
    const outcome = await attemptOnce(ip, localAddress);
    if (!/_concurrency$/.test(outcome)) return outcome;
    await delay(50);
  }
  throw new Error(`${ip}: still busy`);
}

async function attemptOnce(ip, localAddress) {
  const c = openRelay(proxy.port, relayQuery({ domain: 'limits.test', mx: 'other.limits.test', ip }),
    { origin: ORIGIN, localAddress });
  assert.deepEqual(await c.opened, { ok: true });
  const close = await closedWith(c, `relay to ${ip}`);
  assert.deepEqual(c.texts, [], 'no connected frame');
  return `${close.code} ${close.reason}`;
}

test('the public profile refuses the 41st session of a client in a minute (client_per_minute=40)', async () => {
  for (let i = 1; i <= 40; i += 1) assert.equal(await attempt(`1.2.3.${i}`, '127.0.0.150'), '4010 not_mx', `session ${i}`);
  assert.equal(await attempt('1.2.3.41', '127.0.0.150'), '4008 client_rate_minute');
  // Another client is admitted.
  assert.equal(await attempt('1.2.3.42', '127.0.0.151'), '4010 not_mx');
});

test('the public profile refuses the 17th session to one address in a minute (destination_per_minute=16)', async () => {
  // Two checkers with TLS grading (8 sessions each) fit; a third is refused.
  for (let i = 0; i < 16; i += 1) assert.equal(await attempt('1.2.4.1', `127.0.0.${152 + (i >> 3)}`), '4010 not_mx');
  assert.equal(await attempt('1.2.4.1', '127.0.0.154'), '4008 destination_rate');
  const metrics = await (await fetch(`${proxy.base}/metrics`)).text();
  assert.match(metrics, /daneel_relay_refusals_total\{rule="destination_rate"\} 1\n/);
  assert.match(metrics, /daneel_relay_refusals_total\{rule="client_rate_minute"\} 1\n/);
});

test('no per-minute limit (0) is refused outside the test profile; over 64 in both', async () => {
  const run = (args) => spawnSync(proxyBin, ['--web-root', webRoot, '--listen', '127.0.0.1:0', '--ehlo-name', EHLO,
    ...args], { encoding: 'utf8', timeout: 10_000 });
  for (const limit of ['client_per_minute=0', 'destination_per_minute=0']) {
    const r = run(['--resolver', stub.url, '--limit', limit]);
    assert.equal(r.status, 2, `${limit}: ${r.stderr}`);
    assert.match(r.stderr, /only with --test-profile/);
  }
  const over = run(['--test-profile', '--test-unverified', '--limit', 'client_per_minute=65']);
  assert.equal(over.status, 2, over.stderr);
  // In the test profile 0 is accepted: the proxy starts (and stops cleanly).
  const test = await startProxy(webRoot, ['--test-profile', '--test-unverified', '--ehlo-name', EHLO,
    '--limit', 'client_per_minute=0', '--limit', 'destination_per_minute=0']);
  assert.equal((await stopProxy(test)).code, 0);
});
