// Types of the daneel package (hand-written; the API grows with the check engine).

export interface BuildInfo {
  /** daneel's version. */
  daneel: string;
  /** The Mbed TLS version compiled in (always 3.6.x). */
  mbedtls: string;
}

export interface Daneel {
  /** Bytes of wasm linear memory reserved so far (it only grows). */
  memoryBytes(): number;
  buildInfo(): BuildInfo;
  /** Bytes from Mbed TLS's CTR_DRBG, seeded from crypto.getRandomValues. At most 16 MiB. */
  randomBytes(size: number): Uint8Array;
  /** SHA-256 computed by the core (Mbed TLS). At most 16 MiB. */
  sha256(data: Uint8Array): Uint8Array;
}

export type DaneelErrorCode = 'invalid_argument' | 'out_of_memory' | 'crypto';

export class DaneelError extends Error {
  readonly code: DaneelErrorCode;
}

/** Instantiates the WebAssembly core. */
export function loadDaneel(): Promise<Daneel>;
