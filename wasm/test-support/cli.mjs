// Runs the `daneel` command (bin/daneel.mjs) in a child process, as users do.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/daneel.mjs', import.meta.url));

/** Resolves {code, stdout, stderr, ms}; kills the child after `timeoutMs`. */
export function runCli(args, { env = {}, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, NODE_PATH: process.env.NODE_PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The flags that point the CLI at the test world (trust anchor written to `dir`). */
export function worldFlags(world, dir) {
  const anchor = `${dir}/trust-anchor.ds`;
  writeFileSync(anchor, `${world.trustAnchors}\n`);
  return ['--doh', world.doh, '--trust-anchor', anchor];
}
