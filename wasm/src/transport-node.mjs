// SMTP bytes over node:net: the OpenConnection / SendBytes / CloseConnection
// actions of the core, in Node. Only IP literals (the core resolved the name
// through DNSSEC; a name here would be resolved again, unchecked).
import net from 'node:net';

/**
 * A transport: open({address, port}, handlers) where handlers are
 * {onConnected(), onConnectFailed(reason), onData(Uint8Array), onClosed()}
 * returns {send(bytes), close()}. Exactly one of onConnectFailed / onClosed
 * ends a connection, and nothing is reported after close().
 */
export function createNodeTransport({ connectTimeoutMs = 10_000 } = {}) {
  function open({ address, port }, handlers) {
    let state = 'connecting';  // connecting | open | ended
    const end = () => {
      const was = state;
      state = 'ended';
      return was;
    };
    if (net.isIP(address) === 0) {
      queueMicrotask(() => end() !== 'ended' && handlers.onConnectFailed(`not an IP address: ${address}`));
      return { send() {}, close() { end(); } };
    }
    const socket = net.connect({ host: address, port, noDelay: true });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      if (state !== 'connecting') return;
      end();
      socket.destroy();
      handlers.onConnectFailed(`connect timeout after ${connectTimeoutMs} ms`);
    }, connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      if (state !== 'connecting') return;
      state = 'open';
      handlers.onConnected();
    });
    socket.on('data', (chunk) => {
      if (state === 'open') handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      const was = end();
      if (was === 'connecting') handlers.onConnectFailed(error.code ?? error.message);
      else if (was === 'open') handlers.onClosed(error.code ?? error.message);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const was = end();
      if (was === 'connecting') handlers.onConnectFailed('closed while connecting');
      else if (was === 'open') handlers.onClosed();
    });
    // The peer's FIN ends the conversation; answer with ours.
    socket.on('end', () => socket.end());
    return {
      send(bytes) {
        if (state === 'open') socket.write(bytes);
      },
      close() {
        clearTimeout(timer);
        if (end() === 'open') {
          // The last bytes written (QUIT, close_notify) still go out, then our
          // FIN; the socket is dropped when the server closes too, or after 2 s.
          socket.end();
          setTimeout(() => socket.destroy(), 2000).unref();
        } else {
          socket.destroy();
        }
      },
    };
  }
  return { open };
}
