// Figures for the npm package (wasm/): sizes, instantiate time, CPU time per
// check in wasm against the native build on the same world scenarios, and
// batch throughput. Prints figures; never passes or fails. Run by bench/run
// (which builds the wasm package and the native check_world_test first).
//
//   node bench/package.mjs [--native PATH-TO-check_world_test] [--package DIR]
//
// --package: another copy of the package (src/, bin/, dist/) to measure,
// e.g. to compare builds; default wasm/.
// The world scenarios need the test world (tests/world/up). DoH goes over
// HTTPS to the world's dnsdist for both builds (the native test does the
// same), so this program re-runs itself with NODE_EXTRA_CA_CERTS set.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = (name) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const pkg = flag('--package') ?? `${root}/wasm`;

function worldEnv() {
  const dir = process.env.DANEEL_WORLD_DIR ?? '/tmp/daneel-world';
  try {
    const env = {};
    for (const line of readFileSync(`${dir}/world.env`, 'utf8').split('\n')) {
      const match = line.match(/^(\w+)='(.*)'$/);
      if (match) env[match[1]] = match[2];
    }
    return env;
  } catch {
    return null;
  }
}

const world = worldEnv();
if (world && process.env.NODE_EXTRA_CA_CERTS !== world.DANEEL_WORLD_DOH_CA) {
  const again = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: world.DANEEL_WORLD_DOH_CA },
  });
  process.exit(again.status ?? 1);
}

const { createChecker, loadDaneel } = await import(`${pkg}/src/index.node.mjs`);
const { createPoliteTransport } = await import(`${pkg}/src/batch/polite-transport.mjs`);
const { createNodeTransport } = await import(`${pkg}/src/transport-node.mjs`);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gzip = (data) => gzipSync(data, { level: constants.Z_BEST_COMPRESSION }).length;
const row = (label, value) => console.log(`${label.padEnd(58)} ${value}`);

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(path).isDirectory() ? jsFiles(path) : (/\.(mjs|cjs|js)$/.test(name) ? [path] : []);
  });
}

// What a browser downloads for a check: the bundle (entry, API, drivers and
// the ES glue, minified: dist/daneel.browser.mjs), the module and the message
// catalogue of its language (counted: the larger one, Dutch).
function sizes() {
  console.log('== sizes (gzip -9)');
  const wasm = readFileSync(`${pkg}/dist/daneel.wasm`);
  const bundle = readFileSync(`${pkg}/dist/daneel.browser.mjs`);
  const glue = readFileSync(`${pkg}/dist/daneel.js`);
  // Every language the package carries (one file each, core/messages/<lang>.json).
  const catalogues = readdirSync(`${pkg}/dist/messages`).filter((f) => f.endsWith('.json')).sort()
    .map((file) => readFileSync(`${pkg}/dist/messages/${file}`));
  const catalogue = catalogues.reduce((a, b) => (gzip(a) >= gzip(b) ? a : b));
  const allJs = Buffer.concat([...jsFiles(`${pkg}/src`), `${pkg}/bin/daneel.mjs`].map((path) => readFileSync(path)));
  row('daneel.wasm', `${kb(wasm.length)} raw, ${kb(gzip(wasm))} gzip`);
  row('browser bundle (daneel.browser.mjs: JS + ES glue, minified)', `${kb(bundle.length)} raw, ${kb(gzip(bundle))} gzip`);
  row('message catalogue, one language (messages/nl.json; en.json)', `${kb(catalogue.length)} raw, ${kb(gzip(catalogue))} gzip; ${kb(gzip(catalogues[0]))} gzip`);
  row('Node: glue (daneel.js) + package JS (entry, CLI, batch)', `${kb(glue.length + allJs.length)} raw, ${kb(gzip(glue) + gzip(allJs))} gzip`);
  const total = gzip(wasm) + gzip(bundle) + gzip(catalogue);
  row('browser total: wasm + bundle + catalogue (target < 300 KB gzip)', `${kb(total)} gzip`);
}

async function instantiate() {
  const times = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await loadDaneel();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log('== instantiate (read, hash check, compile, instantiate; Node, 10 times)');
  row('loadDaneel()', `median ${times[5].toFixed(1)} ms, first ${times[0].toFixed(1)}..max ${times[9].toFixed(1)} ms`);
}

// CPU of this process (user + system) in ms.
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

function scenarios() {
  const json = JSON.parse(readFileSync(world.DANEEL_WORLD_JSON, 'utf8'));
  return json.scenarios.map((s) => s.domain.replace(/\.$/, ''));
}

// The verdict each scenario expects (world.json), to show the figures are of real checks.
function expectedVerdicts() {
  const json = JSON.parse(readFileSync(world.DANEEL_WORLD_JSON, 'utf8'));
  return new Map(json.scenarios.map((s) => [s.domain.replace(/\.$/, ''), s.expect.verdict]));
}

async function cpuPerCheck(nativeBinary) {
  const domains = scenarios();
  const checker = await createChecker({ doh: [world.DANEEL_WORLD_DOH_URL], trustAnchors: world.DANEEL_WORLD_TRUST_ANCHOR_DS });
  await checker.check('ee311.example');  // warm-up (JIT, first connections)
  const expected = expectedVerdicts();
  let asExpected = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const domain of domains) {
    const report = await checker.check(domain);
    if (report.verdict === expected.get(domain)) asExpected++;
  }
  const wasmCpu = cpuMs(cpu) / domains.length;
  const wall = (performance.now() - started) / 1000;
  console.log(`== CPU time per check: the ${domains.length} world scenarios in sequence, DoH over HTTPS, process CPU (user + sys)`);
  row('wasm (Node: core + JS drivers + fetch + sockets)',
    `${wasmCpu.toFixed(1)} ms CPU/check (${wall.toFixed(1)} s wall in all; ${asExpected} of ${domains.length} verdicts as expected)`);
  if (!nativeBinary || !existsSync(nativeBinary)) {
    row('native', `not measured (no ${nativeBinary ?? 'check_world_test'}; bench/run builds it)`);
    return;
  }
  // check_world_test runs the same scenarios in sequence with the native drivers.
  const run = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', nativeBinary], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const time = /CPU ([\d.]+) ([\d.]+)/.exec(run.stderr);
  const agree = /(\d+) of (\d+) scenarios agree; all checked in ([\d.]+) s/.exec(run.stdout);
  if (!time || !agree) {
    row('native', `check_world_test did not report (exit ${run.status})`);
    return;
  }
  const count = Number(agree[2]);
  const nativeCpu = ((Number(time[1]) + Number(time[2])) * 1000) / count;
  row('native (check_world_test: core + Asio/Beast drivers, whole process)',
    `${nativeCpu.toFixed(1)} ms CPU/check (${agree[3]} s wall in all; ${agree[1]} of ${count} verdicts as expected)`);
  row('wasm / native', `${(wasmCpu / nativeCpu).toFixed(2)}x`);
}

async function throughput(perDestination, rounds, concurrency) {
  // silent.example waits out its SMTP timeout by design: left out of the mix.
  const mix = scenarios().filter((d) => d !== 'silent.example');
  const list = Array.from({ length: rounds }, () => mix).flat();
  const transport = createPoliteTransport(createNodeTransport(), { perDestination });
  const checker = await createChecker({ doh: [world.DANEEL_WORLD_DOH_URL], trustAnchors: world.DANEEL_WORLD_TRUST_ANCHOR_DS, transport, connectTimeoutMs: 60_000 });
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const expected = expectedVerdicts();
  let agree = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < list.length) {
      const domain = list[next++];
      if ((await checker.check(domain)).verdict === expected.get(domain)) agree++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  row(`${list.length} checks (${mix.length} scenarios x ${rounds}), ${concurrency} at once, ${perDestination} per mail server`,
    `${(list.length / seconds).toFixed(1)} checks/s (${seconds.toFixed(1)} s, ${(cpuMs(cpu) / list.length).toFixed(1)} ms CPU/check, ${agree} as expected)`);
}

const nativeBinary = flag('--native') ?? `${root}/build/native-release/tests/integration/check_world_test`;

console.log(`package benchmarks (${pkg}): node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
sizes();
await instantiate();
if (!world) {
  console.log('test world not up (tests/world/up): check benchmarks skipped');
} else {
  await cpuPerCheck(nativeBinary);
  console.log('== batch throughput (one checker, polite SMTP transport; the world list repeated)');
  await throughput(1, 10, 32);
  await throughput(32, 10, 32);
}
