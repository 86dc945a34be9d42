/* The C ABI of a check session: the CheckIo seam (core/src/check/io.h) for
 * the JS driver (wasm/src/driver.mjs) and native callers.
 *
 * Sessions are integer handles (never pointers): a stale or forged handle is
 * refused instead of touching freed memory. Every function that can fail
 * returns a negative number (or 0 for a handle, NULL for a string) and leaves
 * {"code": "...", "message": "..."} in daneel_last_error(). Codes:
 * invalid_handle, invalid_argument, invalid_state.
 *
 * Time is a double: milliseconds since the Unix epoch (JS's Date.now()); a
 * double carries integers exactly up to 2^53 and needs no BigInt in JS.
 *
 * Byte payloads (DoH bodies, SMTP bytes) never go through JSON text:
 *  - into the core, the caller passes (pointer, length) in the wasm heap
 *    (daneel_alloc) and may free it right after the call returns;
 *  - out of the core, each action with bytes carries "ptr" and "len" into one
 *    buffer the session owns, valid until the next daneel_check_take_actions
 *    or daneel_check_free on that session.
 * This copies each payload once per direction with no base64 encoding or
 * decoding on either side and no 4/3 growth of SMTP traffic; the price is the
 * lifetime rule above, which the driver honours by copying (HEAPU8.slice)
 * before it calls back into the module.
 *
 * Strings returned as const char* are NUL-terminated UTF-8 JSON owned by the
 * session (or the module, for daneel_last_error), valid until the next call
 * of the same function on the same session or its free. */
#ifndef DANEEL_CAPI_CHECK_CAPI_H
#define DANEEL_CAPI_CHECK_CAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The error of the last failed call: {"code":"...","message":"..."}. */
const char* daneel_last_error(void);

/* Creates a session from a JSON config:
 *   {"kind": "resolve" | "check",
 *    "servers": ["https://.../dns-query", ...],      DoH servers, preferred first
 *    "doh_method": "post" | "get",                    default post
 *    "doh_timeout_ms": 4000, "doh_max_attempts": 3,
 *    "trust_anchors": "<DS/DNSKEY presentation lines>" default: the root's KSKs
 *    "ehlo_name": "...", "connect_timeout_ms": N, "smtp_timeout_ms": N,   (check only)
 *    "check_deadline_ms": N,                          (check only; default 60000)
 *    "probe_without_sni": true | false,               (check only; default true) one more
 *                                                      handshake per DANE host, without SNI
 *    "max_connections": 1-64, "max_per_address": 1-2, (check only; default 8 and 2) SMTP
 *                                                      sessions at once, in all and to one
 *                                                      address (a relay's admission limits)
 *    "lang": "en" | "nl",                             (check only) language of the report's
 *                                                      texts; default "en"; anything else: error
 *    "probe_store": N}                                (check only) a store of shared probes
 *                                                      (share_capi.h): the probes it holds are
 *                                                      taken from it, the others run live
 * Returns a handle > 0, or 0 on error. */
uint32_t daneel_check_create(const char* config_json, size_t length);

/* Starts the session. For kind "check" `target` is the mail domain; for
 * "resolve" a JSON array of questions [{"name":"example.nl","type":"MX"}]. */
int daneel_check_start(uint32_t handle, const char* target, size_t length, double now);

/* The actions to perform now, in order, each returned once (a JSON array):
 *   {"action":"doh","id":N,"method":"POST"|"GET","url":"...","ptr":P,"len":L}
 *   {"action":"cancel_doh","id":N}
 *   {"action":"open","id":C,"address":"192.0.2.1","port":25,"domain":"example.nl","mx":"mx.example.nl"}
 *   {"action":"send","id":C,"ptr":P,"len":L}
 *   {"action":"close","id":C}
 * NULL on error. */
const char* daneel_check_take_actions(uint32_t handle);

/* Events. Request ids are the "id" of a doh action (integers below 2^53). */
int daneel_check_doh_response(uint32_t handle, double request_id, int status, const char* content_type,
                              size_t content_type_length, const uint8_t* body, size_t body_length, double now);
int daneel_check_doh_failure(uint32_t handle, double request_id, const char* reason, size_t reason_length,
                             double now);
/* `ehlo_name`: the EHLO name a relay said it forwards (empty: the check's own). */
int daneel_check_connected(uint32_t handle, uint32_t connection, const char* ehlo_name, size_t ehlo_name_length,
                           double now);
/* Connection failures and closes carry who caused them (the words of
 * check::CloseCause: server_closed, server_reset, server_silent, relay_refused,
 * relay_cap, relay_failed, local_network), the relay's WebSocket close code
 * (0: none) and the driver's words. An unknown cause or a code above 4999 is
 * an invalid argument (-1). */
int daneel_check_connect_failed(uint32_t handle, uint32_t connection, const char* cause, size_t cause_length,
                                uint32_t relay_code, const char* detail, size_t detail_length, double now);
int daneel_check_bytes(uint32_t handle, uint32_t connection, const uint8_t* data, size_t length, double now);
int daneel_check_closed(uint32_t handle, uint32_t connection, const char* cause, size_t cause_length,
                        uint32_t relay_code, const char* detail, size_t detail_length, double now);
int daneel_check_timer(uint32_t handle, double now);

/* When daneel_check_timer must be called next (ms since the epoch); -1 when
 * no timer is needed, -2 for an invalid handle. */
double daneel_check_next_deadline(uint32_t handle);

/* 1 when the check has finished, 0 while it runs, negative on error. */
int daneel_check_done(uint32_t handle);

/* Progress since the last call (JSON array of
 * {"stage","detail","steps_done","steps_known"}); NULL on error. */
const char* daneel_check_take_progress(uint32_t handle);

/* The report (JSON object; complete once done). NULL on error. */
const char* daneel_check_report(uint32_t handle);

/* Frees the session and everything it owns; unknown handles are ignored. */
void daneel_check_free(uint32_t handle);

/* Sessions alive now: for leak checks. */
uint32_t daneel_check_count(void);

/* Hands over the message catalogue of `lang` ("en" or "nl"): the text of
 * core/messages/<lang>.json. A build without embedded catalogues (the wasm
 * package) needs it before daneel_check_create for that language (which
 * refuses a language without one) and before daneel_verify of a report in it;
 * a build with them may replace one. 0, or -1 (invalid_argument) for another
 * language, a text over 1 MiB or one that is not a catalogue. */
int daneel_add_catalogue(const char* lang, size_t lang_length, const char* catalogue_json, size_t json_length);

/* Re-judges a report from its evidence alone (core/src/check/verify.h):
 * offline and synchronous, no session. `report_json` is a report as
 * daneel_check_report returned it; `config_json` (length 0: defaults) is
 *   {"trust_anchors": "<DS/DNSKEY presentation lines>",   default: the root's KSKs
 *    "lang": "<a catalogue language>"}   trust_anchors_differ's texts; default: the report's
 * Returns {"ok": bool, "trust_anchors_differ": {"code","params","text","fix"}
 * (the report names other trust anchors than these) | null, "cannot_verify":
 * "..." (only when the evidence is absent or incomplete), "differences":
 * [{"path","report","verify"}], "unanswered": [questions the evidence did not
 * answer], "trust_anchors": {"report": [...] | null (before schema 1.2),
 * "verify": [...]}, "report": {the replayed report} | null}, owned by the
 * module and valid until the next daneel_verify; NULL (invalid_argument) when
 * the input is not a report. */
const char* daneel_verify(const char* report_json, size_t report_length, const char* config_json,
                          size_t config_length);

#ifdef __cplusplus
}
#endif

#endif
