// Writes the demo page's config.json (web/config.json's format) for the local
// test world: DNS from the serving proxy's /dns-query, SMTP over its relay,
// and the world's trust anchor (the page validates DNSSEC itself, so without
// it no world answer would be secure).
//   node scripts/demo-site.mjs OUT.json
import { writeFileSync } from 'node:fs';
import { requireWorld } from '../wasm/test-support/world.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/demo-site.mjs OUT.json');
  process.exit(2);
}
const world = await requireWorld();
writeFileSync(out, `${JSON.stringify({ doh: ['dns-query'], proxy: 'relay', trustAnchors: world.trustAnchors }, null, 2)}\n`);
