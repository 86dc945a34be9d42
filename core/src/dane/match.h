// TLSA matching for SMTP (RFC 6698, RFC 7671, RFC 7672): the entry point of the
// module. Given the TLSA RRset of a server (already DNSSEC-validated as secure:
// that is the caller's job) and the certificate chain the server sent, says
// whether the server authenticates, with which record and certificate, and for
// every record why it did or did not.
//
//     dane::MatchInput input{.chain = session.peer_chain, .records = tlsa,
//                            .reference_names = {base_domain, mx_host, next_hop},
//                            .now = now};
//     dane::DaneResult result = dane::match(input);
//     if (result.verdict == dane::Verdict::matched) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/cert_info.h"
#include "dane/ta_path.h"
#include "dane/verdict.h"
#include "dane/usability.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::dane {

struct MatchInput {
  std::span<const Bytes> chain;               // DER, leaf first, as sent
  std::span<const dns::Tlsa> records;         // the TLSA RRset (secure)
  // Reference identifiers for DANE-TA name checks (RFC 7672 §3.2.2): the TLSA
  // base domain, and the MX hostname / next-hop domain as the caller applies.
  std::span<const dns::Name> reference_names;
  TimeMs now = 0;
};


struct RecordResult {
  std::size_t index = 0;         // position in MatchInput::records
  dns::Tlsa record;
  std::string parameters;        // "DANE-EE(3) SPKI(1) SHA2-256(1)"
  Usability usability;
  bool in_force = false;         // usable and not superseded (RFC 7671 §9)
  std::string superseded;        // why digest agility ignores it
  // Chain positions whose selected bytes match the record's data, whatever the
  // usage (so a report can say "this 3 x x record matches the intermediate").
  std::vector<std::size_t> matching_depths;
  bool key_anchor = false;       // a `2 1 0` record whose key anchored a path
  std::optional<TaValidation> ta;  // DANE-TA: the best path attempt
  bool authenticates = false;    // this record alone authenticates the server
  std::string explanation;       // one sentence for people
};

struct DaneResult {
  Verdict verdict = Verdict::no_usable_records;  // from the agile view
  bool agile_match = false;  // with digest agility: what Postfix/OpenSSL senders do
  bool any_match = false;    // naive: any usable record authenticates
  std::string agility_note;  // set when the two views differ
  std::optional<std::size_t> matched_record;  // first record in force that authenticates
  std::optional<std::size_t> matched_depth;   // the certificate it matched (leaf = 0)
  std::vector<RecordResult> records;
  std::vector<CertificateInfo> certificates;
  std::size_t certificates_received = 0;  // before the cap
  std::size_t records_received = 0;
  bool chain_truncated = false;    // more than kMaxChainCertificates sent
  bool records_truncated = false;  // more than kMaxTlsaRecords given
};

DaneResult match(const MatchInput& input);

}  // namespace daneel::dane
