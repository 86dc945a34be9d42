// The mail servers' plaintext replies counted in /metrics
// (daneel_relay_smtp_replies_total by stage and code: 421 and 554 exactly,
// else the class; docs/DEPLOYING.md "Monitoring"): the world's
// greet-554.example (a Postfix that refuses every client at connect) and
// ee311.example (220) through a proxy that verifies through the world's DNS,
// and a local SMTP sink that greets 421, or answers EHLO with 421, through an
// unverified one. No client address in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  closedWith, connected, openRelay, relayQuery, reply, send, startProxy, startSink, stopProxy,
} from './relay-harness.mjs';

const ORIGIN = 'http://daneel.test';
const EHLO = 'relay.test.example';
const worldDir = process.env.DANEEL_WORLD_DIR ?? '/tmp/daneel-world';
const WORLD_DOH = process.env.DANEEL_WORLD_DOH_HTTP_URL ?? 'http://127.0.2.54/dns-query';
const SINK = ['127.0.0.61', '127.0.0.62'];
const common = ['--test-profile', '--test-allow', '127.0.0.0/8', '--ehlo-name', EHLO, '--relay-origin', ORIGIN];

let webRoot;
let sink;
let worldProxy;
let sinkProxy;

function worldServer(name) {
  const scenario = JSON.parse(fs.readFileSync(path.join(worldDir, 'world.json'), 'utf8'))
    .scenarios.find((s) => s.name === name);
  const server = scenario.servers[0];
  return { domain: scenario.domain.replace(/\.$/, ''), mx: server.host.replace(/\.$/, ''), ip: server.ip };
}

before(async () => {
  assert.ok(fs.existsSync(path.join(worldDir, 'world.json')), 'the test world is up (tests/world/up)');
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-replies-test-'));
  sink = await startSink(SINK);
  worldProxy = await startProxy(webRoot, [...common, '--resolver', WORLD_DOH]);
  sinkProxy = await startProxy(webRoot, [...common, '--test-unverified', '--test-port', String(sink.port)]);
});

after(async () => {
  for (const p of [worldProxy, sinkProxy]) {
    if (p) assert.equal((await stopProxy(p)).code, 0, 'the proxy exits 0 (the sanitizer build found nothing)');
  }
  await sink?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

// The reply counters of a proxy's /metrics: {"greeting 554": n, ...}.
async function replies(p) {
  const text = await (await fetch(`${p.base}/metrics`)).text();
  const out = {};
  for (const m of text.matchAll(/^daneel_relay_smtp_replies_total\{stage="(\w+)",code="(\w+)"\} (\d+)$/gm)) {
    out[`${m[1]} ${m[2]}`] = Number(m[3]);
  }
  return { out, text };
}

// One session: greeting, then `commands` each with its reply code, then the client closes.
async function session(p, destination, greeting, commands = [], localAddress = '127.0.0.170') {
  const c = openRelay(p.port, relayQuery(destination), { origin: ORIGIN, localAddress });
  await connected(c);
  let { end } = await reply(c, greeting);
  for (const [line, code] of commands) {
    send(c, `${line}\r\n`);
    ({ end } = await reply(c, code, end));
  }
  if (c.close === null) c.ws.close(1000);
  await closedWith(c, 'close');
}

test('the world: a 554 greeting and a 220 greeting counted by stage, no client address', async () => {
  const before = (await replies(worldProxy)).out;
  assert.equal(Object.keys(before).length, 12, 'every series from the start: 2 stages x 6 codes');
  assert.ok(Object.values(before).every((n) => n === 0));
  await session(worldProxy, worldServer('greet-554'), 554, [['QUIT', 221]]);
  await session(worldProxy, worldServer('ee311'), 220, [[`EHLO ${EHLO}`, 250]]);
  // Counted when each session has ended (the close above waited for it on the
  // client's side; the relay's count follows its own end).
  let after;
  for (let i = 0; i < 50; i += 1) {
    after = await replies(worldProxy);
    if (after.out['command 2xx'] >= 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(after.out['greeting 554'], 1);
  assert.equal(after.out['greeting 2xx'], 1);
  assert.equal(after.out['command 2xx'], 2, 'QUIT 221 after the 554, EHLO 250');
  assert.equal(after.out['greeting 421'], 0);
  assert.doesNotMatch(after.text, /127\.0\.0\.170/);
});

test('a local server: a 421 greeting, and a 421 answer to EHLO', async () => {
  sink.greeting = '421 4.7.0 sink.test too busy\r\n';
  await session(sinkProxy, { domain: 'sink.test', mx: 'mx.sink.test', ip: SINK[0] }, 421, [['QUIT', 221]]);
  sink.greeting = '220 sink.test ESMTP\r\n';
  sink.ehloReply = '421 4.3.2 sink.test shutting down\r\n';
  await session(sinkProxy, { domain: 'sink.test', mx: 'mx.sink.test', ip: SINK[1] }, 220, [[`EHLO ${EHLO}`, 421]]);
  sink.ehloReply = '250-sink.test\r\n250 STARTTLS\r\n';
  let counts;
  for (let i = 0; i < 50; i += 1) {
    counts = (await replies(sinkProxy)).out;
    if (counts['command 421'] >= 1 && counts['command 2xx'] >= 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(counts['greeting 421'], 1);
  assert.equal(counts['greeting 2xx'], 1);
  assert.equal(counts['command 421'], 1);
  assert.equal(counts['command 2xx'], 1, 'the QUIT after the 421 greeting');
  assert.equal(counts['greeting 554'], 0);
});
