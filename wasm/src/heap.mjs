// The one way JS hands memory to the core for a call: allocate in the wasm
// heap, run the call, free whatever happens; and the core's last error as a
// DaneelError. Used by the check sessions and catalogues (api.mjs) and by
// verify (verify.mjs).
import { DaneelError } from './errors.mjs';

// Runs `body(pointer)` with `size` bytes of wasm heap, freed afterwards.
export function withHeap(module, size, body) {
  const pointer = module._daneel_alloc(size);
  if (pointer === 0) throw new DaneelError('out_of_memory', `could not allocate ${size} bytes`);
  try {
    return body(pointer);
  } finally {
    module._daneel_free(pointer);
  }
}

// Runs `body(pointer, length)` with a copy of `bytes` in the heap, freed afterwards.
export function withHeapBytes(module, bytes, body) {
  return withHeap(module, bytes.length, (pointer) => {
    module.HEAPU8.set(bytes, pointer);
    return body(pointer, bytes.length);
  });
}

// `parts` end to end, for a call that takes several buffers: one allocation.
export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// The error of the core's last failed call (daneel_last_error).
export function lastError(module) {
  const { code, message } = JSON.parse(module.UTF8ToString(module._daneel_last_error()));
  return new DaneelError(code, message);
}
