// The opt-out list (--opt-out FILE; docs/DEPLOYING.md "The opt-out list";
// policy/opt_out.h): item by item, a domain (and a name below it), an MX host
// name (and a name below it), an address and a prefix are refused with
// `4018 opted_out` before any connection (the SMTP sink sees none), names
// only at label boundaries; SIGHUP reads the file again, and a bad file
// keeps the old list; a bad file at startup exits with status 2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  closedWith, connected, delay, openRelay, proxyBin, relayQuery, reply, startProxy, startSink, stopProxy,
} from './relay-harness.mjs';

const ORIGIN = 'http://daneel.test';
const EHLO = 'relay.test.example';
const SINK = ['127.0.0.71', '127.0.0.72', '127.0.0.73', '127.0.0.74'];
const PREFIX_SINK = '127.0.0.90';  // inside 127.0.0.88/29

let dir;
let listFile;
let sink;
let proxy;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-opt-out-test-'));
  listFile = path.join(dir, 'opt-out.txt');
  fs.writeFileSync(listFile, [
    '# operators who asked not to be tested',
    'domain optout.test',
    'mx mail.provider.test',
    `address ${SINK[1]}`,
    'address 127.0.0.88/29',
    '',
  ].join('\n'));
  sink = await startSink([...SINK, PREFIX_SINK]);
  proxy = await startProxy(dir, ['--test-profile', '--test-allow', '127.0.0.0/8', '--test-unverified',
    '--ehlo-name', EHLO, '--relay-origin', ORIGIN, '--test-port', String(sink.port), '--opt-out', listFile,
    '--limit', 'client_per_minute=0', '--limit', 'destination_per_minute=0', '--limit', 'destination_concurrent=8']);
});

after(async () => {
  if (proxy) assert.equal((await stopProxy(proxy)).code, 0, 'the proxy exits 0 (the sanitizer build found nothing)');
  await sink?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function outcome(domain, mx, ip) {
  const c = openRelay(proxy.port, relayQuery({ domain, mx, ip }), { origin: ORIGIN, localAddress: '127.0.0.180' });
  assert.deepEqual(await c.opened, { ok: true });
  if (!await connected(c).then(() => true, () => false)) {
    const close = await closedWith(c, 'the refusal');
    assert.deepEqual(c.texts, [], 'no connected frame');
    return `${close.code} ${close.reason}`;
  }
  await reply(c, 220);
  c.ws.close(1000);
  await closedWith(c, 'close');
  return 'relayed';
}

const connections = (address) => sink.records(address).length;

test('the startup log counts the list', async () => {
  // The log line follows the 'listening on' line of stdout.
  const expected = /opt-out list: 1 domains, 1 MX hosts, 2 addresses/;
  for (let i = 0; i < 100 && !expected.test(proxy.stderr()); i += 1) await delay(50);
  assert.match(proxy.stderr(), expected);
});

test('by domain: the domain and a name below it, not a name that only ends like it', async () => {
  const before = connections(SINK[0]);
  assert.equal(await outcome('optout.test', 'mx.other.test', SINK[0]), '4018 opt_out_domain');
  assert.equal(await outcome('sub.optout.test', 'mx.other.test', SINK[0]), '4018 opt_out_domain');
  assert.equal(connections(SINK[0]), before, 'no connection for an opted-out domain');
  assert.equal(await outcome('badoptout.test', 'mx.other.test', SINK[0]), 'relayed');
  assert.equal(connections(SINK[0]), before + 1);
});

test('by MX host name: the host and a name below it', async () => {
  const before = connections(SINK[2]);
  assert.equal(await outcome('customer.test', 'mail.provider.test', SINK[2]), '4018 opt_out_mx');
  assert.equal(await outcome('customer.test', 'eu1.mail.provider.test', SINK[2]), '4018 opt_out_mx');
  assert.equal(connections(SINK[2]), before);
  assert.equal(await outcome('customer.test', 'xmail.provider.test', SINK[2]), 'relayed');
});

test('by address and by prefix', async () => {
  assert.equal(await outcome('customer.test', 'mx.customer.test', SINK[1]), '4018 opt_out_address');
  assert.equal(await outcome('customer.test', 'mx.customer.test', PREFIX_SINK), '4018 opt_out_address');
  assert.equal(connections(SINK[1]) + connections(PREFIX_SINK), 0);
  assert.equal(await outcome('customer.test', 'mx.customer.test', SINK[3]), 'relayed');
  const metrics = await (await fetch(`${proxy.base}/metrics`)).text();
  assert.match(metrics, /daneel_relay_sessions_total\{code="4018",word="opted_out"\} \d+/);
  assert.match(metrics, /daneel_relay_refusals_total\{rule="opt_out_address"\} 2\n/);
});

async function hangUp(expect) {
  const logged = proxy.stderr().length;
  proxy.child.kill('SIGHUP');
  for (let i = 0; i < 100 && !expect.test(proxy.stderr().slice(logged)); i += 1) await delay(50);
  assert.match(proxy.stderr().slice(logged), expect);
}

test('SIGHUP reloads the list; a bad file keeps the old one', async () => {
  fs.writeFileSync(listFile, `address ${SINK[3]}\n`);
  await hangUp(/SIGHUP: opt-out list reloaded: 0 domains, 0 MX hosts, 1 addresses/);
  assert.equal(await outcome('optout.test', 'mx.other.test', SINK[0]), 'relayed');
  assert.equal(await outcome('customer.test', 'mx.customer.test', SINK[3]), '4018 opt_out_address');
  fs.writeFileSync(listFile, 'domain optout.test\nmx not a name\n');
  await hangUp(/SIGHUP: opt-out list not reloaded, the old one stays: .*opt-out\.txt:2: /);
  assert.equal(await outcome('optout.test', 'mx.other.test', SINK[0]), 'relayed');
  assert.equal(await outcome('customer.test', 'mx.customer.test', SINK[3]), '4018 opt_out_address');
});

test('a bad or missing list at startup exits with status 2, naming the line', () => {
  const bad = path.join(dir, 'bad.txt');
  fs.writeFileSync(bad, 'domain fine.test\ndomain com\n');
  const run = (file) => spawnSync(proxyBin, ['--web-root', dir, '--listen', '127.0.0.1:0', '--opt-out', file],
    { encoding: 'utf8', timeout: 10_000 });
  const r = run(bad);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--opt-out: .*bad\.txt:2: /);
  const missing = run(path.join(dir, 'missing.txt'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--opt-out: cannot read/);
});
