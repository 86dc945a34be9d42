// The package's one error type. `code` is machine-readable and stable; the
// message is for people. Codes: see DaneelErrorCode in index.d.ts.
export class DaneelError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'DaneelError';
    this.code = code;
  }
}

// The error an aborted signal stands for.
export function abortError(signal) {
  const reason = signal?.reason;
  if (reason instanceof DaneelError) return reason;
  return new DaneelError('aborted', 'the operation was aborted', reason === undefined ? undefined : { cause: reason });
}
