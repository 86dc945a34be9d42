// The grading decisions of docs/TLS_GRADING.md (sections 3 and 5) as pure
// functions over what the probes of one address showed: which subtest is
// decided by what, and which probe the plan wants next. Ratings only: the
// check engine maps them to its subtest statuses and texts (not here, so this
// module stays free of report vocabulary).
//
// The rule that keeps verdicts honest: a subtest is `decided` only when the
// probes made can no longer change it (its worst class was seen, or every
// class below the one seen was refused); otherwise it stays `open`, and a
// check that runs out of budget reports it not tested, never passed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "tls/cert_facts.h"
#include "tls/grading_tables.h"
#include "tls/probe_plan.h"
#include "tls/server_flight.h"
#include "tls/tls_types.h"

namespace daneel::tls {

// What the check's own handshake (Mbed TLS, docs/SMTP_TLS.md) negotiated.
struct NormalHandshakeFacts {
  std::uint16_t version = 0;       // 0x0303 or 0x0304
  std::uint16_t cipher_suite = 0;
  std::uint16_t group = 0;         // 0: unknown (e.g. DHE, whose prime Mbed TLS does not show)
  std::optional<std::uint16_t> signature_scheme;  // TLS 1.2 ServerKeyExchange
  bool extended_master_secret = false;
  bool secure_renegotiation = false;
  // The chain it received, leaf first (cert_pubkey, cert_signature). In TLS
  // 1.3 only a completed handshake sees it (the Certificate is encrypted).
  std::vector<CertificateFacts> chain;
};

// The facts of the check's own completed handshake (smtp::SmtpResult::tls).
NormalHandshakeFacts normal_handshake_facts(const TlsInfo& info);

inline constexpr std::size_t kProbeKinds = 12;
static_assert(static_cast<std::size_t>(ProbeKind::tls12_renegotiation) + 1 == kProbeKinds,
              "one slot per ProbeKind");

struct ProbeResults {
  std::optional<NormalHandshakeFacts> normal;
  std::array<std::optional<ServerFlight>, kProbeKinds> flights;  // by ProbeKind

  [[nodiscard]] const std::optional<ServerFlight>& flight(ProbeKind kind) const {
    return flights[static_cast<std::size_t>(kind)];
  }
  void set(ProbeKind kind, ServerFlight flight) { flights[static_cast<std::size_t>(kind)] = std::move(flight); }
};

enum class Decision : std::uint8_t { decided, open, not_applicable };
std::string_view to_string(Decision decision);

// SSL 3.0 in tls_version's list of versions (docs/TLS_GRADING.md, section 3):
// probed only when the legacy probe found TLS 1.0 or 1.1 accepted, which
// already fails tls_version, so it changes the list, never the verdict.
enum class Ssl3 : std::uint8_t {
  open,       // not probed (yet), or no readable answer: the caller says why
  accepted,   // a ServerHello with version 0x0300
  refused,    // an alert, or a ServerHello with another version
  no_legacy,  // the legacy probe found neither TLS 1.0 nor 1.1: not probed (a
              // version range has no holes, and OpenSSL 1.1+ has no SSL 3.0)
};
std::string_view to_string(Ssl3 ssl3);

// What the caller allows the plan beyond its budget.
struct PlanOptions {
  // false through the relay (section 4): it refuses a server's SSL 3.0
  // records, so the SSL 3.0 probe is not sent and SSL 3.0 stays open.
  bool ssl3 = true;
  // renegotiation_client is still open: the check's own session was TLS 1.3
  // and asked nothing. The plan then wants a TLS 1.2 session of its own
  // (ProbeKind::tls12_renegotiation) once the server is known to speak TLS
  // 1.2, as the plan's last step (after the post-quantum probe).
  bool renegotiation_session = false;
};

struct Grade {
  Decision decision = Decision::open;
  Rating rating = Rating::unknown;  // meaningful when decided
};

struct Grades {
  Grade tls_version;
  Grade tls_ciphers;
  Grade tls_cipher_order;  // good: a better suite wins; insufficient: a worse one won
  Grade fs_params;
  Grade kex_hash_func;
  Grade tls_compression;       // good: none; insufficient: DEFLATE chosen
  Grade renegotiation_secure;  // good: renegotiation_info; insufficient: missing
  Grade extended_master_secret;
  Grade cert_pubkey;     // worst key of the chain; open when a key could not be rated
  Grade cert_signature;  // worst signature, a root's own excepted
  std::optional<bool> post_quantum;  // a hybrid ML-KEM group negotiated; nullopt: not known
  Ssl3 ssl3 = Ssl3::open;            // SSL 3.0 in tls_version's list
};

Grades grade(const ProbeResults& results, const GradingTables& tables);

// The next probe the plan wants, in its order (verdict-deciding probes first,
// information last), or nullopt when nothing more can be learnt. The caller
// counts connections and stops at its budget.
std::optional<ProbeKind> next_probe(const ProbeResults& results, const GradingTables& tables,
                                    const PlanOptions& options = {});

}  // namespace daneel::tls
