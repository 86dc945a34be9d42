// SMTP bytes over a WebSocket to a byte relay (the project's proxy), for
// browsers: one WebSocket per TCP connection, `wss://relay/path?host=IP&port=25`.
//
// The relay protocol (docs/WASM.md "Relay protocol"):
//  - the relay accepts the WebSocket, then opens TCP to host:port;
//  - when TCP is up it sends ONE text frame "connected"; every byte after that
//    travels in binary frames, both ways, in order;
//  - it ends with a close code from RELAY_CLOSE_CODES (below); before
//    "connected" any close is a failed connect, after it a closed connection.

/** Close codes of the relay, with the error words the driver reports. */
export const RELAY_CLOSE_CODES = Object.freeze({
  1000: { code: 'closed', message: 'the connection was closed' },
  1001: { code: 'relay_going_away', message: 'the relay is shutting down' },
  1006: { code: 'relay_unreachable', message: 'the relay could not be reached or dropped the connection' },
  1008: { code: 'policy', message: 'the relay refused the request' },
  1011: { code: 'relay_error', message: 'the relay failed internally' },
  1013: { code: 'relay_busy', message: 'the relay is overloaded, try again later' },
  4000: { code: 'bad_request', message: 'the relay did not understand host or port' },
  4001: { code: 'forbidden_destination', message: 'the relay does not connect to this address or port' },
  4002: { code: 'connect_refused', message: 'the mail server refused the connection' },
  4003: { code: 'connect_timeout', message: 'the mail server did not accept the connection in time' },
  4004: { code: 'unreachable', message: 'no route to the mail server' },
  4005: { code: 'upstream_closed', message: 'the mail server closed the connection' },
  4006: { code: 'upstream_reset', message: 'the mail server reset the connection' },
  4007: { code: 'idle_timeout', message: 'the connection was idle too long' },
  4008: { code: 'rate_limited', message: 'too many connections through the relay' },
  4009: { code: 'too_much_data', message: 'the relay\'s byte limit for one connection was reached' },
});

export function describeClose(code, reason) {
  const known = RELAY_CLOSE_CODES[code];
  const words = known ? `${known.code}: ${known.message}` : `websocket close ${code}`;
  return reason ? `${words} (${reason})` : words;
}

export function relayUrl(proxy, address, port) {
  const url = new URL(proxy);
  url.searchParams.set('host', address);
  url.searchParams.set('port', String(port));
  return url.href;
}

/** A transport with the interface of transport-node.mjs, over `proxy`. */
export function createWebSocketTransport({ proxy, WebSocket = globalThis.WebSocket, connectTimeoutMs = 15_000 }) {
  if (!proxy) throw new TypeError('the WebSocket transport needs a relay URL (option proxy)');
  function open({ address, port }, handlers) {
    let state = 'connecting';
    const end = () => {
      const was = state;
      state = 'ended';
      return was;
    };
    const socket = new WebSocket(relayUrl(proxy, address, port));
    socket.binaryType = 'arraybuffer';
    const timer = setTimeout(() => {
      if (state !== 'connecting') return;
      end();
      socket.close(1000);
      handlers.onConnectFailed(`connect timeout after ${connectTimeoutMs} ms`);
    }, connectTimeoutMs);
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        if (event.data === 'connected' && state === 'connecting') {
          clearTimeout(timer);
          state = 'open';
          handlers.onConnected();
        }
        return;
      }
      if (state === 'open') handlers.onData(new Uint8Array(event.data));
    };
    socket.onerror = () => {};  // always followed by close, which carries the code
    socket.onclose = (event) => {
      clearTimeout(timer);
      const was = end();
      if (was === 'connecting') handlers.onConnectFailed(describeClose(event.code, event.reason));
      else if (was === 'open') handlers.onClosed(event.code === 1000 || event.code === 4005 ? undefined : describeClose(event.code, event.reason));
    };
    return {
      send(bytes) {
        if (state === 'open') socket.send(bytes);
      },
      close() {
        clearTimeout(timer);
        end();
        if (socket.readyState === 0 || socket.readyState === 1) socket.close(1000);
      },
    };
  }
  return { open };
}
