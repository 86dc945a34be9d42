// The relay under load (issue 14): daneel-proxy (Release) with IDLE relays
// open and ACTIVE sessions doing SMTP round trips at the same time, against a
// loopback SMTP sink. Prints the proxy's RSS, the time each relayed NOOP -> 250
// round trip takes compared with the same round trip made directly, and the
// proxy's CPU per session. A benchmark, not a test: it asserts nothing.
//
//   node bench/proxy.mjs            (IDLE=2000 ACTIVE=200 by default)
//   DANEEL_PROXY_BIN=build/native-release/proxy/daneel-proxy (the default here)
//
// The relay's per-client and per-destination limits stay on: the sessions come
// from many loopback source addresses and go to many sink addresses, as many
// people checking many domains would.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
process.env.DANEEL_PROXY_BIN ??= path.join(repoRoot, 'build', 'native-release', 'proxy', 'daneel-proxy');
const { openRelay, connected, reply, send, startProxy, stopProxy, startSink, relayQuery, delay } =
  await import('../tests/proxy/relay-harness.mjs');

const IDLE = Number(process.env.IDLE ?? 2000);
const ACTIVE = Number(process.env.ACTIVE ?? 200);
const ROUND_TRIPS = 8;  // per active session (the plaintext guard allows 10 commands, EHLO included)
const EHLO = 'relay.bench.example';
const ORIGIN = 'http://bench.daneel.test';
const destinations = Array.from({ length: 236 }, (_, i) => `127.0.0.${20 + i}`);  // 16 new a minute each
const clientAddress = (i) => `127.0.${5 + Math.floor(i / 250)}.${1 + (i % 250)}`;  // 16 new a minute each

const sink = await startSink(destinations);
const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-bench-proxy-'));
const proxy = await startProxy(webRoot, ['--test-profile', '--test-unverified', '--test-allow', '127.0.0.0/8', '--ehlo-name', EHLO,
  '--relay-origin', ORIGIN, '--test-port', String(sink.port), '--max-connections', '10000',
  '--limit', 'client_concurrent=1000', '--limit', 'destination_concurrent=1000', '--limit', 'global_concurrent=10000',
  '--limit', 'idle_ms=600000', '--limit', 'session_ms=3600000', '--limit', 'greeting_ms=600000',
  '--limit', 'plaintext_ms=600000', '--limit', 'drain_ms=0', '--limit', 'destination_per_minute=16',
  '--limit', 'client_per_minute=16']);
const proc = (file) => fs.readFileSync(`/proc/${proxy.child.pid}/${file}`, 'utf8');
const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(proc('status'))[1]);
const cpuMs = () => {
  const fields = proc('stat').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);  // utime + stime in clock ticks (USER_HZ 100)
};
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
const ms = (v) => `${v.toFixed(3)} ms`;

let session = 0;
const open = (address) =>
  openRelay(proxy.port, relayQuery({ domain: 'bench.example', mx: 'mx.bench.example', ip: address }),
    { origin: ORIGIN, localAddress: clientAddress(session++) });

const rssStart = rssKiB();
const cpuStart = cpuMs();
const idle = [];
for (let i = 0; i < IDLE; ++i) {
  idle.push(open(destinations[i % destinations.length]));
  if (idle.length % 100 === 0) await Promise.all(idle.slice(-100).map((c) => reply(c, 220)));
}
await Promise.all(idle.map((c) => reply(c, 220)));
await delay(500);
const rssIdle = rssKiB();
const cpuIdle = cpuMs();

// The active sessions, all at once: greeting, EHLO, then NOOP round trips.
async function activeSession(i) {
  const c = open(destinations[(IDLE + i) % destinations.length]);
  await connected(c);
  let at = (await reply(c, 220)).end;
  send(c, `EHLO ${EHLO}\r\n`);
  at = (await reply(c, 250, at)).end;
  const times = [];
  for (let n = 0; n < ROUND_TRIPS; ++n) {
    const t = process.hrtime.bigint();
    send(c, 'NOOP\r\n');
    at = (await reply(c, 250, at)).end;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  c.ws.close(1000);
  return times;
}
async function directSession(i) {
  const socket = net.connect({ host: destinations[(IDLE + i) % destinations.length], port: sink.port });
  let buffer = '';
  const until = (pattern) => new Promise((resolve) => {
    const check = () => {
      if (!pattern.test(buffer)) return;
      socket.off('data', onData);
      buffer = '';
      resolve();
    };
    const onData = (chunk) => { buffer += chunk; check(); };
    socket.on('data', onData);
    check();
  });
  await until(/^220 /m);
  const times = [];
  for (let n = 0; n < ROUND_TRIPS; ++n) {
    const t = process.hrtime.bigint();
    socket.write('NOOP\r\n');
    await until(/^250 /m);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  socket.destroy();
  return times;
}
const relayed = (await Promise.all(Array.from({ length: ACTIVE }, (_, i) => activeSession(i)))).flat();
const rssActive = rssKiB();
const cpuActive = cpuMs();
const direct = (await Promise.all(Array.from({ length: ACTIVE }, (_, i) => directSession(i)))).flat();
// One session at a time (SEQUENTIAL of them), still with the idle relays open:
// the relay's own cost, without the queueing of many sessions in one client.
const SEQUENTIAL = Number(process.env.SEQUENTIAL ?? 50);
const relayedAlone = [];
const directAlone = [];
for (let i = 0; i < SEQUENTIAL; ++i) {
  relayedAlone.push(...await activeSession(ACTIVE + i));
  directAlone.push(...await directSession(ACTIVE + i));
}

console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; node ${process.version}`);
console.log(`proxy: ${process.env.DANEEL_PROXY_BIN}`);
console.log(`RSS: ${rssStart} KiB at start, ${rssIdle} KiB with ${IDLE} idle relays ` +
  `(${((rssIdle - rssStart) / IDLE).toFixed(1)} KiB each), ${rssActive} KiB after ${ACTIVE} active sessions`);
console.log(`CPU: ${(cpuIdle - cpuStart).toFixed(0)} ms to open ${IDLE} idle relays ` +
  `(${((cpuIdle - cpuStart) / IDLE).toFixed(3)} ms per session); ${(cpuActive - cpuIdle).toFixed(0)} ms for ${ACTIVE} ` +
  `active sessions of ${ROUND_TRIPS} round trips (${((cpuActive - cpuIdle) / ACTIVE).toFixed(3)} ms per session)`);
const roundTrips = (what, relayedTimes, directTimes) =>
  console.log(`NOOP round trips, ${what} (${relayedTimes.length} each): direct median ${ms(quantile(directTimes, 0.5))} ` +
    `p99 ${ms(quantile(directTimes, 0.99))}; relayed median ${ms(quantile(relayedTimes, 0.5))} p99 ` +
    `${ms(quantile(relayedTimes, 0.99))}; added median ${ms(quantile(relayedTimes, 0.5) - quantile(directTimes, 0.5))}, ` +
    `p99 ${ms(quantile(relayedTimes, 0.99) - quantile(directTimes, 0.99))}`);
roundTrips(`${ACTIVE} sessions at once beside ${IDLE} idle relays`, relayed, direct);
roundTrips(`one session at a time beside ${IDLE} idle relays`, relayedAlone, directAlone);

for (const c of idle) c.ws.terminate();
await delay(300);
await stopProxy(proxy, 15_000);
await sink.close();
fs.rmSync(webRoot, { recursive: true, force: true });
process.exit(0);
