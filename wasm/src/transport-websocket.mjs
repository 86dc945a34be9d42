// SMTP bytes over a WebSocket to a byte relay (the project's proxy), for
// browsers: one WebSocket per TCP connection,
// `wss://relay/relay?domain=D&mx=H&ip=A` (port 25 always).
//
// The relay protocol (docs/PROXY.md, "The relay protocol"; docs/WASM.md):
//  - the relay checks the destination (H an MX host of D, A one of H's
//    addresses, A a public address), then opens TCP to A, port 25;
//  - when TCP is up it sends ONE text frame `connected {json}` with the EHLO
//    name it forwards (the check must use it) and its caps; every byte after
//    that travels in binary frames, both ways, in order;
//  - it ends with a close code from RELAY_CLOSE_CODES (below); before
//    "connected" any close is a failed connect, after it a closed connection.
import { closeReason } from './close-reason.mjs';

/**
 * Close codes of the relay (the one table; docs/PROXY.md and the proxy's
 * close_codes carry the same numbers and words): the word and message the
 * report shows, and who ended the connection (close-reason.mjs), so that a
 * relay's refusal or cap is never reported as the mail server's doing.
 */
export const RELAY_CLOSE_CODES = Object.freeze({
  1000: { code: 'closed', message: 'the connection was closed', cause: 'server_closed' },
  1001: { code: 'relay_going_away', message: 'the relay is shutting down', cause: 'relay_failed' },
  1006: { code: 'relay_unreachable', message: 'the relay could not be reached or dropped the connection', cause: 'relay_failed' },
  1008: { code: 'policy', message: 'the relay refused the request', cause: 'relay_refused' },
  1011: { code: 'relay_error', message: 'the relay failed internally', cause: 'relay_failed' },
  1013: { code: 'relay_busy', message: 'the relay is overloaded, try again later', cause: 'relay_refused' },
  4000: { code: 'bad_request', message: 'the relay did not understand host or port', cause: 'relay_refused' },
  4001: { code: 'forbidden_destination', message: 'the relay does not connect to this address or port', cause: 'relay_refused' },
  4002: { code: 'connect_refused', message: 'the mail server refused the connection', cause: 'server_reset' },
  4003: { code: 'connect_timeout', message: 'the mail server did not accept the connection in time', cause: 'server_silent' },
  4004: { code: 'unreachable', message: 'the relay has no route to the mail server', cause: 'relay_failed' },
  4005: { code: 'upstream_closed', message: 'the mail server closed the connection', cause: 'server_closed' },
  4006: { code: 'upstream_reset', message: 'the mail server reset the connection', cause: 'server_reset' },
  4007: { code: 'idle_timeout', message: 'the connection was idle too long', cause: 'relay_cap' },
  4008: { code: 'rate_limited', message: 'too many connections through the relay', cause: 'relay_refused' },
  4009: { code: 'too_much_data', message: 'the relay\'s byte limit for one connection was reached', cause: 'relay_cap' },
  4010: { code: 'not_mx', message: 'the relay found that this host is not a mail server of the domain', cause: 'relay_refused' },
  4011: { code: 'address_not_of_host', message: 'the relay found that this address is not one of the host\'s', cause: 'relay_refused' },
  4012: { code: 'smtp_refused', message: 'the relay does not pass on this SMTP command or line', cause: 'relay_refused' },
  4013: { code: 'pregreet', message: 'bytes were sent before the mail server\'s greeting', cause: 'relay_refused' },
  4014: { code: 'origin_refused', message: 'the relay does not serve this page', cause: 'relay_refused' },
  4015: { code: 'tls_refused', message: 'the relay does not pass on this TLS record', cause: 'relay_refused' },
  // The relay judged the server's bytes; the check never saw them, so the
  // address is not tested rather than failed on the relay's word.
  4016: { code: 'upstream_protocol', message: 'the relay found that the mail server did not speak SMTP', cause: 'relay_refused' },
  // The relay's own resolver failed while it verified the destination.
  4017: { code: 'relay_dns_failed', message: 'the relay could not verify the destination in DNS', cause: 'relay_failed' },
  // On the relay operator's opt-out list: not tested, never failed.
  4018: { code: 'opted_out', message: 'the mail server\'s operator asked not to be tested through this relay', cause: 'relay_refused' },
});

/** The close reason for a WebSocket close from the relay. */
export function relayCloseReason(code, reason) {
  const known = RELAY_CLOSE_CODES[code];
  const words = known ? `${known.code}: ${known.message}` : `websocket close ${code}`;
  return closeReason(known?.cause ?? 'relay_failed', reason ? `${words} (${reason})` : words, code);
}

// How many SMTP sessions a check runs at once through a relay, in all and to
// one address, unless told otherwise (createChecker's maxConnections and
// maxPerAddress): daneel-proxy's public per-client and per-destination
// concurrency limits (AdmissionLimits' client_concurrent and
// destination_concurrent, proxy/policy/admission.h; proxy_policy_test checks
// that they agree), so that a check
// never has a session refused for opening too many at once.
export const RELAY_SESSION_LIMITS = Object.freeze({ maxConnections: 2, maxPerAddress: 1 });

// A relay refuses a session while the client's or the destination's previous
// one is still open (4008 with a concurrency reason; 1013 when it is full).
// The check starts the next session as soon as it has closed the last one,
// which the relay may not have seen end yet: so such a refusal is tried
// again, a few times, within the connect timeout. A rate refusal (per minute,
// per day) is final.
const RELAY_BUSY_REASONS = new Set(['client_concurrency', 'destination_concurrency']);
export const RELAY_BUSY_RETRY_MS = 250;
export const RELAY_BUSY_ATTEMPTS = 8;
const isBusy = (event) => event.code === 1013 || (event.code === 4008 && RELAY_BUSY_REASONS.has(event.reason));

// The transport's own wait for the relay's "connected" ends this much before
// the check's connect timeout, so that a relay that never answers is reported
// as the relay's failure, not as a mail server that did not answer. The
// relay's own connect timeout must be shorter still (docs/WASM.md).
export const RELAY_WAIT_MARGIN_MS = 1_000;

export function relayUrl(proxy, { domain, mx, address }) {
  const url = new URL(proxy);
  url.searchParams.set('domain', domain ?? '');
  url.searchParams.set('mx', mx ?? '');
  url.searchParams.set('ip', address);
  return url.href;
}

// The relay's `connected` frame: `connected` alone, or `connected {json}`.
// Returns what the check needs ({ehloName}), or null for anything else.
const MAX_CONNECTED_FRAME = 4096;
export function parseConnected(text) {
  if (text.length > MAX_CONNECTED_FRAME || !text.startsWith('connected')) return null;
  const rest = text.slice('connected'.length);
  if (rest === '') return { ehloName: '' };
  if (rest[0] !== ' ') return null;
  try {
    const info = JSON.parse(rest.slice(1));
    if (info === null || typeof info !== 'object') return null;
    return { ehloName: typeof info.ehlo_name === 'string' ? info.ehlo_name : '' };
  } catch {
    return null;
  }
}

/**
 * A transport with the interface of transport-node.mjs, over `proxy`, for a
 * check whose connect timeout is `connectTimeoutMs` (createChecker passes the
 * check's own value).
 */
export function createWebSocketTransport({ proxy, WebSocket = globalThis.WebSocket, connectTimeoutMs }) {
  if (!proxy) throw new TypeError('the WebSocket transport needs a relay URL (option proxy)');
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs <= 0) {
    throw new TypeError('the WebSocket transport needs the check\'s connect timeout (option connectTimeoutMs, ms)');
  }
  const waitMs = Math.max(connectTimeoutMs - RELAY_WAIT_MARGIN_MS, 1);
  function open(destination, handlers) {
    let state = 'connecting';
    let socket = null;
    let retry = null;  // the timer of the next attempt after a busy refusal
    let attempts = 0;
    const end = () => {
      const was = state;
      state = 'ended';
      return was;
    };
    const timer = setTimeout(() => {
      if (state !== 'connecting') return;
      end();
      clearTimeout(retry);
      socket?.close(1000);
      handlers.onConnectFailed(closeReason('relay_failed', `the relay reported no connection within ${waitMs} ms`));
    }, waitMs);
    function attempt() {
      attempts += 1;
      socket = new WebSocket(relayUrl(proxy, destination));
      socket.binaryType = 'arraybuffer';
      const current = socket;
      current.onmessage = (event) => {
        if (typeof event.data === 'string') {
          const info = state === 'connecting' ? parseConnected(event.data) : null;
          if (info) {
            clearTimeout(timer);
            state = 'open';
            handlers.onConnected(info);
          }
          return;
        }
        if (state === 'open') handlers.onData(new Uint8Array(event.data));
      };
      current.onerror = () => {};  // always followed by close, which carries the code
      current.onclose = (event) => {
        if (state === 'connecting' && isBusy(event) && attempts < RELAY_BUSY_ATTEMPTS) {
          // The session before this one is still ending on the relay's side.
          retry = setTimeout(() => { if (state === 'connecting') attempt(); }, RELAY_BUSY_RETRY_MS);
          return;
        }
        clearTimeout(timer);
        const was = end();
        if (was === 'connecting') handlers.onConnectFailed(relayCloseReason(event.code, event.reason));
        else if (was === 'open') handlers.onClosed(relayCloseReason(event.code, event.reason));
      };
    }
    attempt();
    return {
      send(bytes) {
        if (state === 'open') socket.send(bytes);
      },
      close() {
        clearTimeout(timer);
        clearTimeout(retry);
        end();
        if (socket.readyState === 0 || socket.readyState === 1) socket.close(1000);
      },
    };
  }
  return { open };
}
