/* The core's C ABI: the only surface the JS driver (wasm/) calls.
 *
 * A small C ABI rather than embind keeps the module small and the contract
 * explicit. Buffers cross the boundary as (pointer, length) pairs in the wasm
 * heap, allocated and freed through daneel_alloc / daneel_free. */
#ifndef DANEEL_CAPI_DANEEL_H
#define DANEEL_CAPI_DANEEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Heap memory for the JS side. daneel_alloc(0) returns a valid, unique pointer;
 * NULL means out of memory. */
uint8_t* daneel_alloc(size_t size);
void daneel_free(uint8_t* pointer);

/* A static NUL-terminated JSON object describing this build, e.g.
 * {"daneel":"0.1.0","mbedtls":"3.6.6","languages":["en","nl"],"default_language":"en",
 *  "connect_timeout_ms":10000,"doh_timeout_ms":4000}
 * (the report languages: one per core/messages/<lang>.json; the check's
 * default connect timeout and DoH attempt timeout, which JS transports
 * derive theirs from). Never freed. */
const char* daneel_build_info(void);

/* Writes `size` bytes from Mbed TLS's CTR_DRBG, seeded from the platform
 * entropy hook (crypto.getRandomValues in JS hosts). Returns 0 on success,
 * a negative Mbed TLS error code otherwise (also for a NULL `out`). */
int daneel_random(uint8_t* out, size_t size);

/* SHA-256 of `data` into `digest` (32 bytes). Returns 0 on success. */
int daneel_sha256(const uint8_t* data, size_t size, uint8_t* digest);

#ifdef __cplusplus
}
#endif

#endif
