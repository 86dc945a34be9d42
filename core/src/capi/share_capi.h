/* The C ABI of batch mode's shared per-host work (docs/MEASURING.md): a store
 * of probes made by earlier checks that later checks of domains using the
 * same MX host take instead of connecting (check/shared_probes.h), and the
 * TTL of a DoH answer for the batch's DNS cache. Errors as in check_capi.h
 * (daneel_last_error). */
#ifndef DANEEL_CAPI_SHARE_CAPI_H
#define DANEEL_CAPI_SHARE_CAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A new, empty store (at most 16 at once): a handle > 0, or 0 on error. A
 * check session whose config says {"probe_store": handle} takes the probes
 * the store holds when each would start, and runs the others live. */
uint32_t daneel_probe_store_create(void);

/* Adds or replaces probes: {"probes": [<evidence probe>, ...]}, the entries
 * of a report's evidence.probes (at most 256 per call). All or nothing.
 * Returns the number of probes kept, or -1 (invalid_argument: malformed, or
 * the store's bounds of 4096 probes / 64 MiB would be passed). */
int daneel_probe_store_put(uint32_t store, const char* probes_json, size_t length);

/* Removes probes: [{"host", "address", "sni"}, ...]. Returns how many were
 * kept, or -1. */
int daneel_probe_store_erase(uint32_t store, const char* targets_json, size_t length);

/* Frees the store; unknown handles are ignored. Sessions that name it then
 * run every probe live. */
void daneel_probe_store_free(uint32_t store);

/* The probes a check session took from its store, so far: a JSON array of
 * {"host", "address", "sni"}, owned by the session and valid until the next
 * call or its free; NULL on error. */
const char* daneel_check_shared_probes(uint32_t handle);

/* How long a DoH answer may be reused: the smallest TTL of its answer records,
 * or for a negative answer the SOA's min(TTL, MINIMUM), in seconds (the
 * resolver's AnswerCache rule); 0 when it has neither; -1 when the bytes are
 * not a DNS message or not an answer to reuse (RCODE other than NOERROR or
 * NXDOMAIN, truncated). */
int32_t daneel_dns_reuse_ttl(const uint8_t* wire, size_t length);

#ifdef __cplusplus
}
#endif

#endif
