// The demo's checks: runs the real check (the wasm package, as users will run
// it) against a few domains of the local test world and prints one line per
// domain plus its subtests.
//   node scripts/demo-check.mjs [DOMAIN...]
//   node scripts/demo-check.mjs --via http://127.0.0.1:8080 [DOMAIN...]
// --via: the way the page checks, through that daneel-proxy: DNS from its
// /dns-query, SMTP over its /relay WebSocket, as a page of its origin.
import WebSocket from 'ws';
import { createChecker } from 'daneel';
import { requireWorld } from '../wasm/test-support/world.mjs';
import { webSocketWithOrigin } from '../wasm/test-support/proxy.mjs';

const defaults = ['ee311.example', 'ta211.example', 'ee-mismatch.example', 'unsigned-tlsa.example',
  'no-starttls.example', 'dual-stack.example', 'null-mx.example'];
const args = process.argv.slice(2);
const via = args[0] === '--via' ? args[1] : undefined;
const named = via ? args.slice(2) : args;
const domains = named.length > 0 ? named : defaults;

const world = await requireWorld();
const route = via
  ? { doh: [`${via}/dns-query`], proxy: `${via.replace(/^http/, 'ws')}/relay`, WebSocket: webSocketWithOrigin(WebSocket, via) }
  : { doh: [world.doh] };
const checker = await createChecker({ ...route, trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 });

console.log(`Checking ${domains.length} domains of the local demo world (${via ? `through the proxy at ${via}` : `DoH ${world.doh}`})\n`);
for (const domain of domains) {
  const started = Date.now();
  const report = await checker.check(domain);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  console.log(`${report.domain.padEnd(24)} ${report.verdict.toUpperCase().padEnd(8)} ${seconds}s  ${report.outcome.text}`);
  for (const [name, subtest] of Object.entries(report.subtests ?? {})) {
    console.log(`    ${subtest.status.padEnd(10)} ${name}: ${subtest.text}`);
  }
}
