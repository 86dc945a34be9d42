// checker.check(): the STARTTLS + DANE check engine in wasm, driven by the JS
// drivers against the test world (DoH over fetch; SMTP over node:net or a
// WebSocket through the project's proxy, the browser path).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import { createChecker, DaneelError } from 'daneel';
import { requireWorld } from '../test-support/world.mjs';
import { startProxy, webSocketWithOrigin } from '../test-support/proxy.mjs';
import { sessionLines } from '../../tests/proxy/relay-harness.mjs';

const ORIGIN = 'http://page.daneel.test';
let world;
let checker;
let proxy;

before(async () => {
  world = await requireWorld();
  checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 });
  proxy = await startProxy({ origins: [ORIGIN] });
});

after(async () => {
  await proxy?.close();
});

test('ee311.example passes: DNSSEC-signed MX, TLSA and a matching DANE-EE certificate', async () => {
  const steps = [];
  const report = await checker.check('ee311.example', { onProgress: (p) => steps.push(p) });
  assert.equal(report.verdict, 'pass', JSON.stringify(report.outcome));
  assert.equal(report.domain, 'ee311.example');
  assert.equal(report.subtests.dane_valid.status, 'passed');
  assert.deepEqual([...new Set(steps.map((s) => s.stage))], ['mx', 'tlsa', 'smtp', 'done']);
  assert.equal(checker.sessions(), 0);
});

test('a TLSA record that does not match the certificate fails', async () => {
  const report = await checker.check('ee-mismatch.example');
  assert.equal(report.verdict, 'fail', JSON.stringify(report.outcome));
  assert.equal(report.subtests.dane_valid.status, 'failed');
});

test('a domain that is not a domain is an error report, not an exception', async () => {
  const report = await checker.check('not a domain!');
  assert.equal(report.verdict, 'error');
});

test('through the proxy (the browser path) the verdicts equal the direct check\'s', async () => {
  const viaProxy = await createChecker({
    doh: [world.doh], trustAnchors: world.trustAnchors, proxy: proxy.url,
    WebSocket: webSocketWithOrigin(WebSocket, ORIGIN), smtpTimeoutMs: 5000,
  });
  for (const domain of ['ee311.example', 'ee-mismatch.example', 'no-starttls.example', 'two-mx.example']) {
    const [direct, relayed] = [await checker.check(domain), await viaProxy.check(domain)];
    assert.equal(relayed.verdict, direct.verdict, `${domain}: ${JSON.stringify(relayed.outcome)}`);
    assert.deepEqual(Object.entries(relayed.subtests).map(([n, s]) => `${n}=${s.status}`),
      Object.entries(direct.subtests).map(([n, s]) => `${n}=${s.status}`), domain);
  }
  // The relay carried the sessions (its log names them); ee311 passing means the
  // check spoke the relay's EHLO name, the only one the relay forwards.
  assert.match(proxy.log(), /"mx":"mx\.ee311\.example"/);
});

test('through a relay with its public concurrency limits, a check opens no more sessions than it admits', async () => {
  // daneel-proxy's public defaults: 2 sessions at once per client, 1 per destination address.
  const strict = await startProxy({ origins: [ORIGIN], limits: {
    client_concurrent: 2, client_per_minute: 10, destination_concurrent: 1, destination_per_minute: 2 } });
  try {
    const route = { doh: [world.doh], trustAnchors: world.trustAnchors, proxy: strict.url,
      WebSocket: webSocketWithOrigin(WebSocket, ORIGIN), smtpTimeoutMs: 5000 };
    const viaRelay = await createChecker(route);  // RELAY_SESSION_LIMITS: 2 at once, 1 per address
    for (const domain of ['ee311.example', 'two-mx.example']) {
      const [direct, relayed] = [await checker.check(domain), await viaRelay.check(domain)];
      assert.equal(relayed.verdict, direct.verdict, `${domain}: ${JSON.stringify(relayed.outcome)}`);
      assert.deepEqual(Object.entries(relayed.subtests).map(([n, s]) => `${n}=${s.status}`),
        Object.entries(direct.subtests).map(([n, s]) => `${n}=${s.status}`), domain);
    }
    // Every probe went through the relay: ee311's two (with and without SNI) one after the other,
    // each reaching TLS. (How each ended is a race between the check's close and the mail
    // server's: 1000 or 4006, so it is not asserted here.)
    const ee311 = sessionLines(strict.log()).filter((l) => l.domain === 'ee311.example' && l.phase === 'tls');
    assert.equal(ee311.length, 2, strict.log());
  } finally {
    await strict.close();
  }
});

test('the check\'s connect timeout is the transport\'s: a relay that never answers is the relay\'s failure', async () => {
  // A WebSocket server that accepts and then says nothing: no `connected`, no close.
  const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(silent, 'listening');
  try {
    const viaSilent = await createChecker({
      doh: [world.doh], trustAnchors: world.trustAnchors, WebSocket, connectTimeoutMs: 1500,
      proxy: `ws://127.0.0.1:${silent.address().port}/relay`,
    });
    const report = await viaSilent.check('ee311.example');
    const addresses = report.hosts.flatMap((h) => h.addresses);
    assert.ok(addresses.length > 0);
    for (const a of addresses) {
      assert.equal(a.verdict, 'not_tested', a.address);
      assert.equal(a.outcome.code, 'connection_cut_by_relay');
      // The transport gave up 1 s before the check's 1.5 s: the option reached it.
      assert.equal(a.connection_end.cause, 'relay_failed');
      assert.match(a.connection_end.detail, /no connection within 500 ms/);
    }
    assert.notEqual(report.verdict, 'fail');
  } finally {
    for (const client of silent.clients) client.terminate();
    silent.close();
  }
});

test('aborting a check against a silent mail server closes everything', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1500);
  const started = Date.now();
  await assert.rejects(checker.check('silent.example', { signal: controller.signal }),
    (error) => error instanceof DaneelError && error.code === 'aborted');
  assert.ok(Date.now() - started < 4000);
  assert.equal(checker.sessions(), 0);
});

test('bad check options are typed errors', async () => {
  const bad = await createChecker({ doh: [world.doh], ehloName: '' });
  await assert.rejects(bad.check('ee311.example'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
});

test('many checks do not grow the wasm heap (sessions, TLS contexts and reports are freed)', async () => {
  await checker.check('ee311.example');
  const before = checker.memoryBytes();
  for (let i = 0; i < 30; i++) {
    const report = await checker.check(i % 2 ? 'ee311.example' : 'ee-mismatch.example');
    assert.equal(report.verdict, i % 2 ? 'pass' : 'fail');
  }
  assert.ok(checker.memoryBytes() - before <= 1024 * 1024, `heap grew from ${before} to ${checker.memoryBytes()}`);
  assert.equal(checker.sessions(), 0);
});

test('a DANE host is probed once more without SNI; probeWithoutSni: false leaves that connection out', async () => {
  const withProbe = await checker.check('sni-required.example');
  assert.equal(withProbe.subtests.sni_dependence.status, 'warning', JSON.stringify(withProbe.subtests.sni_dependence));
  assert.equal(withProbe.evidence.probes.filter((p) => p.sni === false).length, 1);

  const fewer = await createChecker({
    doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000, probeWithoutSni: false,
  });
  const without = await fewer.check('sni-required.example');
  assert.equal(without.verdict, withProbe.verdict);
  assert.equal(without.subtests.sni_dependence.status, 'not_tested');
  assert.equal(without.evidence.probes.filter((p) => p.sni === false).length, 0);
  assert.ok(without.hosts.every((h) => h.addresses.every((a) => a.no_sni === null)));
});

test('probeWithoutSni must be a boolean', async () => {
  const bad = await createChecker({ doh: [world.doh], probeWithoutSni: 'yes' });
  await assert.rejects(bad.check('ee311.example'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
});

test('TLS grading: direct checks grade every address within 6 connections; grading: false opens today\'s', async () => {
  const report = await checker.check('ee311.example');
  const address = report.hosts[0].addresses[0];
  assert.ok(address.grading, 'direct checks grade by default');
  assert.ok(address.grading.connections <= 6, JSON.stringify(address.grading));
  assert.equal(address.grading.connections, 2 + address.grading.probes.length);  // its own, without SNI, probes
  assert.ok(address.grading.probes.length >= 1);
  for (const subtest of address.grading.subtests) {
    assert.ok(subtest.note.text.length > 0, subtest.name);
    if (subtest.decision !== 'decided') assert.notEqual(subtest.status, 'passed', subtest.name);
  }
  // The domain's, worst wins: every address subtest, and mail_caa, which is the MX host's.
  assert.deepEqual(report.grading.subtests.map((s) => s.name).sort(),
    [...address.grading.subtests.map((s) => s.name), 'mail_caa'].sort());

  const quick = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000, grading: false });
  const plain = await quick.check('ee311.example');
  assert.equal(plain.verdict, report.verdict);
  assert.equal(plain.hosts[0].addresses[0].grading, undefined);
  assert.equal(plain.grading, undefined);
});

test('TLS grading options are checked', async () => {
  await assert.rejects(createChecker({ doh: [world.doh], grading: 'yes' }), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  const bad = await createChecker({ doh: [world.doh], maxConnectionsPerAddress: 99 });
  await assert.rejects(bad.check('ee311.example'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
});

test('TLS grading through a relay with its public limits: the relay refuses the probes, the check is unaffected', async () => {
  const strict = await startProxy({ origins: [ORIGIN], limits: {
    client_concurrent: 2, client_per_minute: 10, destination_concurrent: 1, destination_per_minute: 2 } });
  try {
    const viaRelay = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, proxy: strict.url,
      WebSocket: webSocketWithOrigin(WebSocket, ORIGIN), smtpTimeoutMs: 5000, grading: true });
    const [direct, relayed] = [await checker.check('ee311.example'), await viaRelay.check('ee311.example')];
    assert.equal(relayed.verdict, direct.verdict);
    assert.deepEqual(relayed.subtests, direct.subtests);
    const grading = relayed.hosts[0].addresses[0].grading;
    // Its own session and the probe without SNI use the destination's 2 a minute: the first probe is refused.
    assert.equal(grading.stop, 'relay_refused', JSON.stringify(grading));
    assert.equal(grading.probes.length, 1);
    assert.equal(grading.probes[0].connection_end.cause, 'relay_refused');
    assert.equal(grading.subtests.find((s) => s.name === 'tls_version').status, 'not_tested');
    assert.equal(grading.subtests.find((s) => s.name === 'tls_version').reason, 'relay_refused');
    // Through a relay the SSL 3.0 probe is never sent (the relay refuses SSL 3.0 records): said so.
    assert.equal(grading.through_relay, true);
    assert.deepEqual(grading.ssl3, { status: 'not_tested', reason: 'relay' });
    assert.equal(direct.hosts[0].addresses[0].grading.through_relay, false);
    // Without grading: nothing is asked of the relay beyond the check's own.
    const plain = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, proxy: strict.url,
      WebSocket: webSocketWithOrigin(WebSocket, ORIGIN), smtpTimeoutMs: 5000 });
    assert.equal((await plain.check('no-starttls.example')).hosts[0].addresses[0].grading, undefined);
  } finally {
    await strict.close();
  }
});
