// The JS face of the core's C ABI (core/src/capi/daneel.h), shared by the
// browser and Node entry points. Each wrapper owns the heap buffers it allocates.

export class DaneelError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'DaneelError';
    this.code = code;
  }
}

// The largest buffer one call may ask for: bounds what a caller can make the
// module allocate.
const MAX_BUFFER = 16 * 1024 * 1024;

function checkSize(size) {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_BUFFER) {
    throw new DaneelError('invalid_argument', `size must be an integer from 0 to ${MAX_BUFFER}, got ${size}`);
  }
}

export function wrapModule(module) {
  // Runs `body` with `size` bytes of wasm heap, freed afterwards whatever happens.
  function withBuffer(size, body) {
    const pointer = module._daneel_alloc(size);
    if (pointer === 0) throw new DaneelError('out_of_memory', `could not allocate ${size} bytes`);
    try {
      return body(pointer);
    } finally {
      module._daneel_free(pointer);
    }
  }

  return {
    /** Bytes of wasm linear memory now reserved (it only grows): for leak checks. */
    memoryBytes() {
      return module.HEAPU8.length;
    },

    buildInfo() {
      return JSON.parse(module.UTF8ToString(module._daneel_build_info()));
    },

    randomBytes(size) {
      checkSize(size);
      return withBuffer(size, (pointer) => {
        const status = module._daneel_random(pointer, size);
        if (status !== 0) throw new DaneelError('crypto', `random generator failed (${status})`);
        return module.HEAPU8.slice(pointer, pointer + size);
      });
    },

    sha256(data) {
      if (!(data instanceof Uint8Array)) throw new DaneelError('invalid_argument', 'sha256 takes a Uint8Array');
      checkSize(data.length);
      return withBuffer(data.length + 32, (pointer) => {
        module.HEAPU8.set(data, pointer);
        const digest = pointer + data.length;
        const status = module._daneel_sha256(pointer, data.length, digest);
        if (status !== 0) throw new DaneelError('crypto', `sha256 failed (${status})`);
        return module.HEAPU8.slice(digest, digest + 32);
      });
    },
  };
}
