// The check runs here, off the page's main thread: the wasm core's CPU work
// (DNSSEC and certificate signatures, TLS handshakes) never makes the page
// stutter. One checker per set of options (creating one loads the module and
// a catalogue); at most one check at a time, cancelled through its signal, so
// that the package closes every WebSocket and aborts every DoH request.
//
// Messages in:  {type: 'check', id, input, options: {lang, doh?, proxy?, trustAnchors?, grading?}}
//               {type: 'verify', id, report (JSON text), options}: offline, no network
//               {type: 'cancel', id}
// Messages out: {type: 'progress', id, progress}   (the package's Progress)
//               {type: 'report', id, report}
//               {type: 'verified', id, result}       (the package's VerifyResult)
//               {type: 'cancelled', id}
//               {type: 'failed', id, error: {code, message}}
import { createChecker, DaneelError } from '../daneel/dist/daneel.browser.mjs';

let checkers = new Map();  // JSON of the options -> Promise of a checker
let running = null;        // {id, controller}

function checkerFor(options) {
  const key = JSON.stringify(options);
  if (!checkers.has(key)) {
    const promise = createChecker(options);
    // A failed creation (catalogue not reachable) may be retried with the next check.
    promise.catch(() => checkers.delete(key));
    // Only the latest options are kept: a page that switches language does not pile up modules.
    checkers = new Map([[key, promise]]);
  }
  return checkers.get(key);
}

async function check({ id, input, options }) {
  running?.controller.abort();
  const controller = new AbortController();
  running = { id, controller };
  try {
    const checker = await checkerFor(options);
    if (controller.signal.aborted) throw new DaneelError('aborted', 'the check was cancelled');
    const report = await checker.check(input, {
      signal: controller.signal,
      onProgress: (progress) => postMessage({ type: 'progress', id, progress }),
    });
    postMessage({ type: 'report', id, report });
  } catch (error) {
    if (error instanceof DaneelError && error.code === 'aborted') {
      postMessage({ type: 'cancelled', id });
    } else {
      postMessage({ type: 'failed', id, error: { code: error?.code ?? 'internal', message: String(error?.message ?? error) } });
    }
  } finally {
    if (running?.id === id) running = null;
  }
}

// Verify replays the report's evidence through the same engine: CPU only,
// which is why it runs here too.
async function verify({ id, report, options }) {
  try {
    const checker = await checkerFor(options);
    postMessage({ type: 'verified', id, result: await checker.verify(report) });
  } catch (error) {
    postMessage({ type: 'failed', id, error: { code: error?.code ?? 'internal', message: String(error?.message ?? error) } });
  }
}

self.onmessage = ({ data }) => {
  if (data?.type === 'check') check(data);
  else if (data?.type === 'verify') verify(data);
  else if (data?.type === 'cancel' && running?.id === data.id) running.controller.abort();
};
