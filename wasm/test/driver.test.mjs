// The generic driver loop with a scripted session (so that each driver
// behaviour is tested apart from the check engine): connections through the
// real node:net transport to a world Postfix, timers, progress and cancellation.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { runSession } from '../src/driver.mjs';
import { createNodeTransport } from '../src/transport-node.mjs';
import { DaneelError } from '../src/errors.mjs';
import { requireWorld } from '../test-support/world.mjs';

let world;
before(async () => { world = await requireWorld(); });

// A session that greets a mail server and says QUIT, like a tiny SMTP client.
function smtpSession({ address, port }) {
  const log = [];
  let actions = [{ action: 'open', id: 7, address, port }];
  let text = '';
  let done = false;
  let freed = 0;
  const progress = [];
  return {
    log,
    get freed() { return freed; },
    takeActions() { const a = actions; actions = []; return a; },
    takeProgress() { const p = progress.splice(0); return p; },
    connected(id) { log.push(`connected ${id}`); progress.push({ stage: 'smtp', detail: 'connected', steps_done: 1, steps_known: 3 }); },
    connectFailed(id, reason) { log.push(`connect_failed ${reason.cause}: ${reason.detail}`); done = true; },
    bytes(id, data) {
      text += new TextDecoder().decode(data);
      if (/^220 .*\r\n/.test(text) && !log.includes('greeted')) {
        log.push('greeted');
        actions.push({ action: 'send', id, data: new TextEncoder().encode('QUIT\r\n') });
      }
      if (/^221 /m.test(text) && !done) {
        log.push('bye');
        actions.push({ action: 'close', id });
        done = true;
      }
    },
    closed(id, reason) { log.push(`closed ${id} ${reason.cause}`); done = true; },
    timer() { log.push('timer'); },
    dohResponse() {},
    dohFailure() {},
    nextDeadline() { return null; },
    done() { return done; },
    report() { return { log }; },
    free() { freed += 1; },
  };
}

test('the driver runs an SMTP conversation through the node transport', async () => {
  const session = smtpSession(world.postfix);
  const steps = [];
  const report = await runSession({ session, doh: null, transport: createNodeTransport(), onProgress: (p) => steps.push(p) });
  assert.deepEqual(report.log, ['connected 7', 'greeted', 'bye']);
  assert.equal(steps[0].stage, 'smtp');
  assert.equal(session.freed, 1);
});

test('timers follow the session deadline', async () => {
  let fired = 0;
  const start = Date.now();
  const session = {
    takeActions: () => [], takeProgress: () => [],
    nextDeadline: () => (fired < 2 ? start + 50 * (fired + 1) : null),
    timer: () => { fired += 1; },
    done: () => fired >= 2, report: () => ({ fired }), free() {},
  };
  const report = await runSession({ session, doh: null, transport: null });
  assert.equal(report.fired, 2);
  assert.ok(Date.now() - start >= 95);
});

test('aborting closes the open connection and frees the session', async () => {
  const session = smtpSession(world.postfix);
  session.bytes = () => {};  // never finishes
  const closes = [];
  const transport = createNodeTransport();
  const wrapped = {
    open(destination, handlers) {
      const connection = transport.open(destination, handlers);
      return { send: (b) => connection.send(b), close: () => { closes.push('close'); connection.close(); } };
    },
  };
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  await assert.rejects(runSession({ session, doh: null, transport: wrapped, signal: controller.signal }),
    (error) => error instanceof DaneelError && error.code === 'aborted');
  assert.deepEqual(closes, ['close']);
  assert.equal(session.freed, 1);
});

test('without a transport an open fails as a connect failure', async () => {
  const session = smtpSession(world.postfix);
  const report = await runSession({ session, doh: null, transport: null });
  assert.deepEqual(report.log, ['connect_failed local_network: no transport for SMTP in this environment']);
});
