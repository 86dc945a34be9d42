// The offers of the grading probes (docs/TLS_GRADING.md, section 3), made
// from the classification tables: which versions, suites (in which order),
// groups and signature schemes each probe offers. One place, so the plan in
// the document and the bytes on the wire cannot drift apart; the questions
// each answer decides are in the document.
#pragma once

#include <cstdint>
#include <string_view>

#include "tls/grading_tables.h"
#include "tls/probe_hello.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::tls {

enum class ProbeKind : std::uint8_t {
  legacy,             // P1: TLS 1.1 at most, every suite that exists before TLS 1.2
  tls12_worst_first,  // P2: every TLS 1.2 suite, insufficient first; weak curves first
  tls12_best_first,   // P3: the same, sufficient first; good curves first
  tls12_insufficient, // P4: only the insufficient suites
  tls12_phase_out,    // P5: only the phase-out suites
  tls12_dhe,          // P6: only DHE suites (the prime: fs_params)
  tls13_post_quantum, // P7: TLS 1.3 with an X25519MLKEM768 key share; CCM_8 first
  tls12_weak_hash,    // only SHA-224 and SHA-1 signature schemes (kex_hash_func), when needed
  ssl3,               // SSL 3.0 only (client_version 0x0300), its suites, no extensions: the versions list
  // P8: only the TLS 1.2 suites rated better than the class both orders
  // picked (tls_cipher_order: the server's preference, or its only class?)
  tls12_better_than_insufficient,  // the phase-out and sufficient suites
  tls12_better_than_phase_out,     // the sufficient suites
  // R: not a ClientHello probe but a session of the check's own kind (Mbed
  // TLS, SNI, EHLO over TLS), TLS 1.2 at most, that asks for one
  // client-initiated renegotiation (renegotiation_client) when the check's
  // own session was TLS 1.3. probe_offer() has no offer for it.
  tls12_renegotiation,
};

std::string_view to_string(ProbeKind kind);

// The offer of one probe for `server_name` (SNI, the TLSA base domain as the
// check's handshake uses). `random` (64 bytes) makes the key shares of the
// TLS 1.3 probe; the other probes do not read it.
Result<ProbeOffer> probe_offer(ProbeKind kind, const GradingTables& tables, std::string_view server_name,
                               ByteView random);

}  // namespace daneel::tls
