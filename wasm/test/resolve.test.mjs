// checker.resolve() against the test world: DoH over fetch into the wasm
// core, DNSSEC validated from the world's trust anchor; fail-over, timeouts
// and cancellation with local servers that are down or hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createChecker, DaneelError } from 'daneel';
import { requireWorld } from '../test-support/world.mjs';

let world;
let checker;
let hang;         // accepts and never answers
let hangSockets;
let closedPort;   // nothing listens here

before(async () => {
  world = await requireWorld();
  checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors });
  hangSockets = new Set();
  hang = net.createServer((socket) => {
    hangSockets.add(socket);
    socket.on('close', () => hangSockets.delete(socket));
    socket.on('error', () => {});
  });
  hang.listen(0, '127.0.0.1');
  await once(hang, 'listening');
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
});

after(async () => {
  for (const socket of hangSockets ?? []) socket.destroy();
  if (hang) await new Promise((resolve) => hang.close(resolve));
});

const hangUrl = () => `http://127.0.0.1:${hang.address().port}/dns-query`;

test('a signed MX RRset is secure and carries its record', async () => {
  const steps = [];
  const result = await checker.resolve('ee311.example', 'MX', { onProgress: (p) => steps.push(p) });
  assert.equal(result.security, 'secure', result.explanation);
  assert.equal(result.reason, 'none');
  assert.equal(result.kind, 'answer');
  assert.deepEqual(result.records, ['10 mx.ee311.example.']);
  assert.ok(result.zones.some((z) => z.name === 'ee311.example.' && z.security === 'secure'));
  assert.ok(steps.length >= 2, 'progress was reported');
  assert.equal(steps.at(-1).stage, 'done');
  assert.equal(steps.at(-1).steps_done, 1);
});

test('an MX RRset with a broken signature is bogus, with its reason', async () => {
  const result = await checker.resolve('bogus-mx.example', 'MX');
  assert.equal(result.security, 'bogus');
  assert.equal(result.reason, 'signature_invalid');
  assert.equal(result.ede, 6);
  assert.match(result.detail, /signature does not verify/);
});

test('a name below an unsigned delegation is insecure', async () => {
  const mx = await checker.resolve('unsigned-tlsa.example', 'MX');
  assert.equal(mx.security, 'insecure');
  assert.equal(mx.reason, 'no_ds_proven');
  const tlsa = await checker.resolve('_25._tcp.mx.unsigned-tlsa.example', 'TLSA');
  assert.equal(tlsa.security, 'insecure');
});

test('a DoH server that is down fails over to the next', async () => {
  const failover = await createChecker({
    doh: [`http://127.0.0.1:${closedPort}/dns-query`, world.doh], trustAnchors: world.trustAnchors,
  });
  const result = await failover.resolve('ee311.example', 'MX');
  assert.equal(result.security, 'secure', result.explanation);
  assert.equal(failover.sessions(), 0);
});

test('a DoH server that hangs times out: indeterminate, never insecure', async () => {
  const slow = await createChecker({
    doh: [hangUrl()], trustAnchors: world.trustAnchors, dohTimeoutMs: 300, dohMaxAttempts: 1,
  });
  const started = Date.now();
  const result = await slow.resolve('ee311.example', 'MX');
  assert.equal(result.security, 'indeterminate');
  assert.equal(result.reason, 'query_failed');
  assert.equal(result.query_outcome, 'timeout');
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('a hanging server, then a good one: the query fails over after the timeout', async () => {
  const mixed = await createChecker({
    doh: [hangUrl(), world.doh], trustAnchors: world.trustAnchors, dohTimeoutMs: 300,
  });
  const result = await mixed.resolve('ee311.example', 'MX');
  assert.equal(result.security, 'secure', result.explanation);
});

test('aborting mid-resolve rejects with DaneelError aborted and frees the session', async () => {
  const slow = await createChecker({ doh: [hangUrl()], trustAnchors: world.trustAnchors, dohTimeoutMs: 30_000 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  await assert.rejects(slow.resolve('ee311.example', 'MX', { signal: controller.signal }),
    (error) => error instanceof DaneelError && error.code === 'aborted');
  assert.equal(slow.sessions(), 0);
  // An already aborted signal never starts anything.
  await assert.rejects(slow.resolve('ee311.example', 'MX', { signal: AbortSignal.abort() }),
    (error) => error instanceof DaneelError && error.code === 'aborted');
});

test('after an abort nothing keeps the process alive', async () => {
  // A child process aborts a resolve against the hanging server and must exit on its own.
  const script = `
    import { createChecker } from 'daneel';
    const checker = await createChecker({ doh: [${JSON.stringify(hangUrl())}], trustAnchors: ${JSON.stringify(world.trustAnchors)}, dohTimeoutMs: 60000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    try { await checker.resolve('ee311.example', 'MX', { signal: controller.signal }); }
    catch (error) { console.log(error.code); }
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('.', import.meta.url), stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(signal, null, 'the child had to be killed: something kept it alive after the abort');
  assert.equal(code, 0);
  assert.equal(output.trim(), 'aborted');
});

test('the whole run is bounded', async () => {
  const bounded = await createChecker({ doh: [hangUrl()], trustAnchors: world.trustAnchors, dohTimeoutMs: 30_000, maxRunMs: 300 });
  await assert.rejects(bounded.resolve('ee311.example', 'MX'), (error) => error instanceof DaneelError && error.code === 'timeout');
  assert.equal(bounded.sessions(), 0);
});

test('bad input is a typed error', async () => {
  await assert.rejects(checker.resolve('ee311.example', 'NOT A TYPE'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  await assert.rejects(checker.resolve('ee311.example', 'BOGUSTYPE'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  await assert.rejects(checker.resolve('a..b', 'MX'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  await assert.rejects(createChecker({ doh: [] }), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  const badAnchor = await createChecker({ doh: [world.doh], trustAnchors: '. IN A 192.0.2.1' });
  await assert.rejects(badAnchor.resolve('ee311.example', 'MX'), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  assert.equal(checker.sessions(), 0);
});

test('many resolves do not grow the wasm heap without bound', async () => {
  await checker.resolve('ee311.example', 'MX');
  const before = checker.memoryBytes();
  for (let i = 0; i < 40; i++) await checker.resolve(i % 2 ? 'ee311.example' : 'bogus-mx.example', 'MX');
  assert.ok(checker.memoryBytes() - before <= 1024 * 1024, `heap grew from ${before} to ${checker.memoryBytes()}`);
  assert.equal(checker.sessions(), 0);
});
