// The generic loop of a check session: takes the core's actions, performs
// them with the DoH client and a transport, feeds the events back with
// `now`, keeps one timer for the core's next deadline, and ends with the
// report. Independent of the kind of session and of the platform.
import { closeReason } from './close-reason.mjs';
import { DaneelError, abortError } from './errors.mjs';

/**
 * Runs a started session to its end.
 *  session:   the ABI wrapper of one handle (api.mjs CheckSession)
 *  doh:       createDohClient(...)
 *  transport: createNodeTransport(...) / createWebSocketTransport(...) or null
 *  now:       the clock, () => ms since the epoch
 *  signal:    AbortSignal: rejects with DaneelError('aborted') and releases everything
 *  onProgress(progress): {stage, detail, steps_done, steps_known}
 *  maxRunMs:  bound on the whole run: rejects with DaneelError('timeout')
 * Resolves with the report (parsed JSON). The session is freed either way.
 */
export function runSession({ session, doh, transport, now = Date.now, signal, onProgress, maxRunMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const requests = new Map();     // request id -> AbortController
    const connections = new Map();  // connection id -> {send, close}
    let timer = null;
    let finished = false;

    const release = () => {
      finished = true;
      clearTimeout(timer);
      clearTimeout(runTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const controller of requests.values()) controller.abort();
      requests.clear();
      for (const connection of connections.values()) connection.close();
      connections.clear();
      session.free();
    };
    const fail = (error) => {
      if (finished) return;
      release();
      reject(error);
    };
    const onAbort = () => fail(abortError(signal));
    const runTimer = setTimeout(
      () => fail(new DaneelError('timeout', `the check did not finish within ${maxRunMs} ms`)), maxRunMs);

    // Every event goes through here: into the core, then the loop turns once.
    const event = (body) => {
      if (finished) return;
      try {
        body(now());
        pump();
      } catch (error) {
        fail(error instanceof DaneelError ? error : new DaneelError('internal', String(error?.message ?? error)));
      }
    };

    function perform(action) {
      switch (action.action) {
        case 'doh': {
          const controller = new AbortController();
          requests.set(action.id, controller);
          doh.exchange({ method: action.method, url: action.url, body: action.body }, { signal: controller.signal })
            .then(
              (response) => {
                if (!requests.delete(action.id)) return;
                event((t) => session.dohResponse(action.id, response, t));
              },
              (error) => {
                if (!requests.delete(action.id)) return;
                event((t) => session.dohFailure(action.id, String(error?.message ?? error), t));
              });
          break;
        }
        case 'cancel_doh':
          requests.get(action.id)?.abort();
          requests.delete(action.id);
          break;
        case 'open': {
          if (!transport) {
            queueMicrotask(() => event((t) => session.connectFailed(action.id, closeReason('local_network', 'no transport for SMTP in this environment'), t)));
            break;
          }
          const id = action.id;
          const destination = { address: action.address, port: action.port, domain: action.domain, mx: action.mx };
          const connection = transport.open(destination, {
            onConnected: (info) => event((t) => session.connected(id, info?.ehloName ?? '', t)),
            onConnectFailed: (reason) => {
              connections.delete(id);
              event((t) => session.connectFailed(id, reason, t));
            },
            onData: (bytes) => event((t) => session.bytes(id, bytes, t)),
            onClosed: (reason) => {
              connections.delete(id);
              event((t) => session.closed(id, reason, t));
            },
          });
          connections.set(id, connection);
          break;
        }
        case 'send':
          connections.get(action.id)?.send(action.data);
          break;
        case 'close':
          connections.get(action.id)?.close();
          connections.delete(action.id);
          break;
        default:
          throw new DaneelError('internal', `unknown action ${action.action}`);
      }
    }

    function pump() {
      for (;;) {
        const actions = session.takeActions();
        if (actions.length === 0) break;
        for (const action of actions) perform(action);
      }
      const progress = session.takeProgress();
      if (onProgress) for (const step of progress) onProgress(step);
      if (session.done()) {
        const report = session.report();
        release();
        resolve(report);
        return;
      }
      clearTimeout(timer);
      timer = null;
      const deadline = session.nextDeadline();
      if (deadline !== null) {
        timer = setTimeout(() => event((t) => session.timer(t)), Math.max(0, deadline - now()));
      }
    }

    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    event(() => {});  // the actions start() produced
  });
}
