// The test world (tests/world/up): DoH endpoint, trust anchor, mail servers.
// Tests that need it call requireWorld(), which fails with a clear message
// when the world is not up instead of timing out somewhere deeper.
import { readFileSync } from 'node:fs';

const envFile = `${process.env.DANEEL_WORLD_DIR ?? '/tmp/daneel-world'}/world.env`;

function readEnv() {
  let text;
  try {
    text = readFileSync(envFile, 'utf8');
  } catch {
    return null;
  }
  const env = {};
  for (const line of text.split('\n')) {
    const match = line.match(/^(\w+)='(.*)'$/);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

let checked = null;

export async function requireWorld() {
  if (checked) return checked;
  const env = readEnv();
  if (!env?.DANEEL_WORLD_DOH_HTTP_URL || !env?.DANEEL_WORLD_TRUST_ANCHOR_DS) {
    throw new Error(`the test world is not up (${envFile} missing or incomplete): run tests/world/up`);
  }
  try {
    const response = await fetch(`${env.DANEEL_WORLD_DOH_HTTP_URL}?dns=AAABAAABAAAAAAAAAAACAAE`, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
  } catch (error) {
    throw new Error(`the test world's DoH endpoint ${env.DANEEL_WORLD_DOH_HTTP_URL} does not answer (${error.cause?.code ?? error.message}): run tests/world/up`);
  }
  checked = {
    doh: env.DANEEL_WORLD_DOH_HTTP_URL,
    dohHttps: env.DANEEL_WORLD_DOH_URL,
    dohCa: env.DANEEL_WORLD_DOH_CA,
    trustAnchors: env.DANEEL_WORLD_TRUST_ANCHOR_DS,
    postfix: { address: '127.0.1.11', port: 25 },
    json: env.DANEEL_WORLD_JSON,
  };
  return checked;
}

// The TLS interoperability matrix (world.json "interop", docs/TEST_WORLD.md).
export async function interopVariants() {
  const world = await requireWorld();
  const variants = JSON.parse(readFileSync(world.json, 'utf8')).interop;
  if (!Array.isArray(variants) || variants.length === 0) throw new Error(`${world.json} has no interop matrix: run tests/world/up`);
  return variants;
}

// What a variant's check must show, as [what, observed, expected] rows:
// a passing domain whose one address is DANE-authenticated over the
// variant's TLS version and suite. Shared by the Node and the Chromium test.
export function interopMismatches(variant, report) {
  const address = report.hosts?.[0]?.addresses?.[0];
  const rows = [
    ['verdict', report.verdict, 'pass'],
    ['address outcome', address?.outcome?.code, 'dane_authenticated'],
    ['tls version', address?.tls?.version, variant.version],
  ];
  if (variant.iana_suite) rows.push(['suite', address?.tls?.cipher, variant.iana_suite]);
  return rows.filter(([, observed, expected]) => observed !== expected)
    .map(([what, observed, expected]) => `${variant.id}: ${what} ${observed} (expected ${expected})`);
}
