// The TLS interoperability matrix of the test world under Node (node:net
// transport): every variant (TLS 1.2 with RSA-2048/3072/4096 and ECDSA
// P-256/P-384 certificates across ECDHE/DHE/static-RSA, AES-GCM/ChaCha20/
// AES-CBC and X25519/P-256/P-384/ffdhe2048/ffdhe3072; TLS 1.3 with each
// certificate) must complete the handshake and DANE-authenticate. The native
// build and OpenSSL's s_client are compared in tests/integration/
// interop_world_test.cpp; Chromium runs the same matrix in browser.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChecker } from 'daneel';
import { requireWorld, interopVariants, interopMismatches } from '../test-support/world.mjs';

test('interop matrix under Node: every variant handshakes and DANE-authenticates', async () => {
  const world = await requireWorld();
  const variants = await interopVariants();
  assert.ok(variants.length >= 70, `${variants.length} variants`);
  // A DHE-3072 handshake costs the wasm a few hundred ms of CPU: on a loaded
  // machine four at once must not run into the SMTP timeout.
  const checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 30_000 });
  const problems = [];
  let authenticated = 0;
  // A few at a time: each variant is its own domain, MX host and listener.
  for (let i = 0; i < variants.length; i += 4) {
    const batch = variants.slice(i, i + 4);
    const reports = await Promise.all(batch.map((v) => checker.check(v.domain.replace(/\.$/, ''))));
    reports.forEach((report, k) => {
      const mismatches = interopMismatches(batch[k], report);
      problems.push(...mismatches);
      if (mismatches.length === 0) authenticated += 1;
    });
  }
  assert.deepEqual(problems, []);
  assert.equal(authenticated, variants.length);
  assert.equal(checker.sessions(), 0);
});
