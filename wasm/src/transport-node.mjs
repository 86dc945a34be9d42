// SMTP bytes over node:net: the OpenConnection / SendBytes / CloseConnection
// actions of the core, in Node. Only IP literals (the core resolved the name
// through DNSSEC; a name here would be resolved again, unchecked).
import net from 'node:net';
import { closeReason, socketErrorReason } from './close-reason.mjs';

/**
 * A transport: open({address, port}, handlers) where handlers are
 * {onConnected(), onConnectFailed(reason), onData(Uint8Array), onClosed(reason)}
 * and each reason is a close reason (close-reason.mjs: who ended it);
 * returns {send(bytes), close()}. Exactly one of onConnectFailed / onClosed
 * ends a connection, and nothing is reported after close().
 *
 * No timer of its own: the check's connect timeout (the core's
 * connect_timeout_ms, one value) closes a connection that takes too long.
 */
export function createNodeTransport() {
  function open({ address, port }, handlers) {
    let state = 'connecting';  // connecting | open | ended
    const end = () => {
      const was = state;
      state = 'ended';
      return was;
    };
    if (net.isIP(address) === 0) {
      queueMicrotask(() => end() !== 'ended' && handlers.onConnectFailed(closeReason('local_network', `not an IP address: ${address}`)));
      return { send() {}, close() { end(); } };
    }
    const socket = net.connect({ host: address, port, noDelay: true });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      if (state !== 'connecting') return;
      state = 'open';
      handlers.onConnected();
    });
    socket.on('data', (chunk) => {
      if (state === 'open') handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    socket.on('error', (error) => {
      const was = end();
      if (was === 'connecting') handlers.onConnectFailed(socketErrorReason(error));
      else if (was === 'open') handlers.onClosed(socketErrorReason(error));
    });
    socket.on('close', () => {
      const was = end();
      if (was === 'connecting') handlers.onConnectFailed(closeReason('server_closed', 'closed while connecting'));
      else if (was === 'open') handlers.onClosed(closeReason('server_closed', 'the mail server closed the connection'));
    });
    // The peer's FIN ends the conversation; answer with ours.
    socket.on('end', () => socket.end());
    return {
      send(bytes) {
        if (state === 'open') socket.write(bytes);
      },
      close() {
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
