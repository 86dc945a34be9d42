// Batch mode against the test world: the engine (resume after a half-written
// line, duplicates, bad lines, shards, per-destination politeness) and the
// `daneel batch` command (summary, progress lines).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { requireWorld } from '../test-support/world.mjs';
import { runCli, worldFlags } from '../test-support/cli.mjs';
import { runBatch } from '../src/batch/run.mjs';
import { parseLine, parseShard, inShard } from '../src/batch/domains.mjs';
import { createPoliteTransport } from '../src/batch/polite-transport.mjs';
import { createNodeTransport } from '../src/transport-node.mjs';
import { countVerdicts } from '../src/batch/results.mjs';

let world;
let dir;
let checkerOptions;

// Quick world scenarios: DNS-only verdicts and full SMTP + DANE ones.
const DOMAINS = ['ee311.example', 'ee-mismatch.example', 'no-tlsa.example', 'null-mx.example', 'bogus-mx.example',
  'ee301.example', 'ta211.example', 'no-starttls.example'];

before(async () => {
  world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-batch-`);
  checkerOptions = { doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 };
});

after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

test('input lines: domains, comments and blanks, bad lines with a reason', () => {
  assert.deepEqual(parseLine('  Example.NL.  # comment'), { domain: 'Example.NL.' });
  assert.deepEqual(parseLine('# only a comment'), { skip: true });
  assert.deepEqual(parseLine('   '), { skip: true });
  assert.match(parseLine('two words').bad, /more than one word/);
  assert.match(parseLine('https://example.nl/').bad, /not a domain name/);
  assert.match(parseLine('a..b').bad, /empty or over-long label/);
  assert.match(parseLine(`${'a'.repeat(64)}.nl`).bad, /over-long label/);
  assert.equal(parseLine('bücher.example').domain, 'bücher.example', 'IDNs are left to the core');
});

test('shards: i/n is validated, and every domain lands in exactly one shard, the same on every run', () => {
  for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1-2']) assert.throws(() => parseShard(bad), RangeError);
  const names = Array.from({ length: 400 }, (_, i) => `d${i}.example`);
  const shards = [1, 2, 3].map((index) => ({ index, count: 3 }));
  for (const name of names) {
    assert.equal(shards.filter((shard) => inShard(name, shard)).length, 1, name);
    assert.equal(inShard(name, shards[0]), inShard(name.toUpperCase(), shards[0]), 'case does not move a domain');
  }
  const sizes = shards.map((shard) => names.filter((name) => inShard(name, shard)).length);
  assert.ok(Math.min(...sizes) > 100, `shards are roughly even: ${sizes}`);
});

test('politeness: connections to one world mail server wait for each other; all are served', async () => {
  const polite = createPoliteTransport(createNodeTransport(), { perDestination: 1 });
  let open = 0;
  let maxOpen = 0;
  const greetings = await Promise.all(Array.from({ length: 4 }, () => new Promise((resolve, reject) => {
    let greeting = '';
    const connection = polite.open(world.postfix, {
      onConnected: () => { open++; maxOpen = Math.max(maxOpen, open); },
      onConnectFailed: reject,
      onData: (bytes) => {
        if (greeting === '') connection.send(Buffer.from('QUIT\r\n'));
        greeting += Buffer.from(bytes).toString();
      },
      // Postfix answers QUIT and closes: only then may the next connection start.
      onClosed: () => { open--; resolve(greeting); },
    });
  })));
  assert.equal(maxOpen, 1);
  assert.equal(polite.stats.maxOpenPerDestination, 1);
  assert.equal(polite.stats.waited, 3);
  for (const greeting of greetings) assert.match(greeting, /^220 /);
  assert.equal(polite.destinations(), 0, 'nothing left behind');
});

test('politeness: closing a connection that still waits removes it from the queue', async () => {
  const polite = createPoliteTransport(createNodeTransport(), { perDestination: 1 });
  const events = [];
  const first = polite.open(world.postfix, { onConnected: () => events.push('first'), onConnectFailed() {}, onData() {}, onClosed() {} });
  const second = polite.open(world.postfix, { onConnected: () => events.push('second'), onConnectFailed() {}, onData() {}, onClosed() {} });
  second.close();
  await new Promise((resolve) => setTimeout(resolve, 300));
  first.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(events, ['first']);
  assert.equal(polite.destinations(), 0);
});

test('a batch checks each domain once, reports bad lines, and its hosts are never hit in parallel', async () => {
  const input = `${dir}/domains.txt`;
  const out = `${dir}/results.ndjson`;
  writeFileSync(input, ['# world domains', ...DOMAINS, '', 'not a domain', 'EE311.example', 'x'.repeat(5000)].join('\n'));
  const bad = [];
  const stats = await runBatch({ input, out, concurrency: 6, checker: checkerOptions, onBadLine: (b) => bad.push(b) });
  assert.equal(stats.checked, DOMAINS.length);
  assert.equal(stats.duplicates, 1, 'EE311.example is ee311.example');
  assert.deepEqual(bad.map((b) => b.number), [11, 13]);
  assert.equal(stats.maxOpenPerDestination, 1);
  const records = lines(out);
  assert.deepEqual(records.map((r) => r.input).sort(), [...DOMAINS].sort());
  const verdicts = Object.fromEntries(records.map((r) => [r.input, r.verdict]));
  assert.equal(verdicts['ee311.example'], 'pass');
  assert.equal(verdicts['ee-mismatch.example'], 'fail');
  assert.equal(verdicts['null-mx.example'], 'no-mail');
});

test('resume: a half-written last line is cut and re-checked; finished domains are skipped', async () => {
  const input = `${dir}/resume.txt`;
  const out = `${dir}/resume.ndjson`;
  writeFileSync(input, DOMAINS.slice(0, 4).join('\n'));
  // An earlier run finished ee311 and was killed while writing ee-mismatch.
  writeFileSync(out, `${JSON.stringify({ input: 'ee311.example', domain: 'ee311.example', verdict: 'pass', earlier: true })}\n`);
  appendFileSync(out, '{"input":"ee-mismatch.example","verdict":"fa');
  const stats = await runBatch({ input, out, concurrency: 4, checker: checkerOptions });
  assert.ok(stats.trimmedBytes > 0);
  assert.equal(stats.resumed, 1);
  assert.equal(stats.checked, 3);
  const records = lines(out);
  assert.equal(records.length, 4);
  assert.equal(records[0].earlier, true, 'the earlier result is kept, not redone');
  assert.equal(records.find((r) => r.input === 'ee-mismatch.example').verdict, 'fail');
  // A second run has nothing left to do.
  const again = await runBatch({ input, out, concurrency: 4, checker: checkerOptions });
  assert.deepEqual([again.checked, again.resumed], [0, 4]);
  const counts = await countVerdicts(out);
  assert.equal(counts.get('pass'), 1);
});

test('daneel batch: two shards together check the list once; summary as CSV and Markdown; progress lines', async () => {
  const input = `${dir}/shards.txt`;
  writeFileSync(input, `${DOMAINS.join('\n')}\n`);
  const flags = worldFlags(world, dir);
  const results = [];
  for (const [shard, summary] of [['1/2', 'csv'], ['2/2', 'md']]) {
    const out = `${dir}/shard-${shard.replace('/', 'of')}.ndjson`;
    const run = await runCli(['batch', input, '--out', out, '--shard', shard, '--concurrency', '4',
      '--summary', summary, '--progress-every', '1', ...flags]);
    assert.equal(run.code, 0, run.stderr);
    const records = lines(out);
    results.push(...records.map((r) => r.input));
    assert.match(run.stderr, new RegExp(`^${records.length} domains, [0-9.]+/s$`, 'm'), 'a progress line per domain (off a terminal)');
    assert.match(run.stderr, new RegExp(`done: ${records.length} checked`));
    if (summary === 'csv') {
      assert.match(run.stdout, /^verdict,count,percent$/m);
      assert.match(run.stdout, new RegExp(`^total,${records.length},100\\.0$`, 'm'));
    } else {
      assert.match(run.stdout, /^\| verdict \| count \| % \|$/m);
      assert.match(run.stdout, new RegExp(`^\\| total \\| ${records.length} \\| 100\\.0 \\|$`, 'm'));
    }
  }
  assert.deepEqual(results.sort(), [...DOMAINS].sort());
});

test('daneel batch grades TLS only with --grading (its probes are not shared between domains); --quick with it, or --max-connections without it, is a usage error', async () => {
  const input = `${dir}/grading.txt`;
  writeFileSync(input, 'ee311.example\n');
  const flags = worldFlags(world, dir);
  const graded = (path) => lines(path)[0].hosts.flatMap((h) => h.addresses).map((a) => a.grading !== undefined);
  const plain = await runCli(['batch', input, '--out', `${dir}/grading-off.ndjson`, ...flags]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepEqual(graded(`${dir}/grading-off.ndjson`), [false]);
  const asked = await runCli(['batch', input, '--out', `${dir}/grading-on.ndjson`, '--grading', ...flags]);
  assert.equal(asked.code, 0, asked.stderr);
  assert.deepEqual(graded(`${dir}/grading-on.ndjson`), [true]);
  const both = await runCli(['batch', input, '--out', `${dir}/grading-both.ndjson`, '--grading', '--quick', ...flags]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--grading and --quick/);
  const budgetOnly = await runCli(['batch', input, '--out', `${dir}/grading-budget.ndjson`, '--max-connections', '3', ...flags]);
  assert.equal(budgetOnly.code, 2);
  assert.match(budgetOnly.stderr, /--max-connections .* needs --grading/);
});

test('daneel batch at concurrency 16 puts one listener on its abort signal, not one per check (no listener-leak warning)', async () => {
  // The bench zone's wildcard domains: 16 distinct domains over 6 MX hosts.
  const domains = Array.from({ length: 16 }, (_, i) => `d${(i % 3) + 1}.h${String(Math.floor(i / 3) + 1).padStart(2, '0')}.bench.example`);
  const input = `${dir}/sixteen.txt`;
  writeFileSync(input, `${domains.join('\n')}\n`);
  const out = `${dir}/sixteen.ndjson`;
  const run = await runCli(['batch', input, '--out', out, '--concurrency', '16', ...worldFlags(world, dir)]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(lines(out).length, 16);
  assert.doesNotMatch(run.stderr, /MaxListenersExceededWarning|memory leak/, run.stderr);
});

test('daneel batch with a DoH server that is down writes error reports, and finishes', async () => {
  const input = `${dir}/down.txt`;
  const out = `${dir}/down.ndjson`;
  writeFileSync(input, 'ee311.example\nee301.example\n');
  const run = await runCli(['batch', input, '--out', out, '--doh', 'http://127.0.0.1:9/dns-query',
    '--trust-anchor', `${dir}/trust-anchor.ds`, '--summary', 'csv']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(lines(out).map((r) => r.verdict), ['error', 'error']);
  assert.match(run.stdout, /^error,2,100\.0$/m);
});

test('Ctrl-C (SIGINT) stops a batch with exit 130; finished lines stay and the next run completes the list', async () => {
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('../test-support/cli.mjs');
  const input = `${dir}/interrupt.txt`;
  const out = `${dir}/interrupt.ndjson`;
  // silent.example keeps its check open (the server never speaks) until the signal.
  writeFileSync(input, ['ee311.example', 'silent.example', 'no-tlsa.example'].join('\n'));
  const flags = worldFlags(world, dir);
  const child = spawn(process.execPath, [BIN, 'batch', input, '--out', out, '--concurrency', '3', ...flags], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  // Interrupt once the batch is surely running (its signal handler set): when
  // a first result is written, or after 15 s on a very slow machine.
  for (let waited = 0; waited < 15_000 && !(existsSync(out) && readFileSync(out, 'utf8').includes('\n')); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  const first = lines(out).map((r) => r.input);
  assert.ok(!first.includes('silent.example'), 'the interrupted check is not written');
  const again = await runCli(['batch', input, '--out', out, '--timeout', '3', ...flags]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(lines(out).map((r) => r.input).sort(), ['ee311.example', 'no-tlsa.example', 'silent.example']);
});
