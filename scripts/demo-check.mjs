// The demo's checks: runs the real check (the wasm package, as users will run
// it) against a few domains of the local test world and prints one line per
// domain plus its subtests. Stands in for the Node CLI until that exists.
//   node scripts/demo-check.mjs [DOMAIN...]
import { createChecker } from 'daneel';
import { requireWorld } from '../wasm/test-support/world.mjs';

const defaults = ['ee311.example', 'ta211.example', 'ee-mismatch.example', 'unsigned-tlsa.example',
  'no-starttls.example', 'dual-stack.example', 'null-mx.example'];
const domains = process.argv.length > 2 ? process.argv.slice(2) : defaults;

const world = await requireWorld();
const checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 });

console.log(`Checking ${domains.length} domains of the local demo world (DoH ${world.doh})\n`);
for (const domain of domains) {
  const started = Date.now();
  const report = await checker.check(domain);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  console.log(`${report.domain.padEnd(24)} ${report.verdict.toUpperCase().padEnd(8)} ${seconds}s  ${report.outcome.text}`);
  for (const [name, subtest] of Object.entries(report.subtests ?? {})) {
    console.log(`    ${subtest.status.padEnd(10)} ${name}: ${subtest.text}`);
  }
}
