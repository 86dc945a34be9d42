// Who ended a connection, as a transport reports it to the check: the
// report blames the mail server only for what the mail server did
// (core/src/check/connection_end.h; the cause words are the C ABI's).

/** The causes, in the words of daneel_check_connect_failed / daneel_check_closed. */
export const CLOSE_CAUSES = Object.freeze([
  'server_closed',   // the mail server closed the connection
  'server_reset',    // the mail server reset it, or refused the connection
  'server_silent',   // the mail server did not answer the connection attempt in time
  'relay_refused',   // the relay refused by its policy
  'relay_cap',       // one of the relay's caps ended the session
  'relay_failed',    // the relay could not be reached, failed, or shut down
  'local_network',   // this machine's network: no route, no address of that family
]);

/** A close reason: {cause, relayCode (0: none), detail}. */
export function closeReason(cause, detail = '', relayCode = 0) {
  if (!CLOSE_CAUSES.includes(cause)) throw new TypeError(`unknown close cause: ${cause}`);
  return Object.freeze({ cause, relayCode, detail: String(detail) });
}

// node:net error codes that say which side failed. Only a missing route or
// address family here is the local network's; an error that names neither
// side is not pinned on the mail server either.
const SOCKET_ERROR_CAUSES = Object.freeze({
  ECONNREFUSED: 'server_reset',
  ECONNRESET: 'server_reset',
  EPIPE: 'server_reset',
  ETIMEDOUT: 'server_silent',
  EHOSTUNREACH: 'server_silent',
});

/** The close reason for a node:net socket error. */
export function socketErrorReason(error) {
  const code = error?.code;
  return closeReason(SOCKET_ERROR_CAUSES[code] ?? 'local_network', code ?? String(error?.message ?? error));
}
