// The JSON form of Report::evidence (and of the report's trust anchors), both
// ways, in one place: written into the report by report_to_json, read back
// (strictly, bounded) by verify.
// Internal to daneel_check (nlohmann/json is its private dependency).
//
//   "evidence": {"time": <ms>, "complete": true, "incomplete_reason": "",
//     "dns": [{"qname": "_25._tcp.mx.example.", "qtype": "TLSA", "at": <ms after time>, "wire": "<base64>"}],
//     "probes": [{"host", "address", "sni", "connected", "connect_error",
//                 "connection_end": null | {"cause", "relay_code", "detail"},
//                 "smtp": null | {"outcome", "phase", "detail",
//                                 "replies": [{"code", "lines": [...], "phase", "over_tls"}],
//                                 "tls": null | {"version", "cipher_suite", "cipher", "group",
//                                                "group_name", "chain": ["<base64 DER>"]}}}]}
#pragma once

#include "check/json.h"

#include "check/evidence.h"
#include "check/report_evidence.h"
#include "dnssec/trust_anchors.h"
#include "util/result.h"

namespace daneel::check {

Json evidence_to_json(const Evidence& evidence);

// A probe's connection_end, as the report and its evidence write it: null
// (the check closed the connection) or {cause, relay_code (null: none), detail}.
Json connection_end_to_json(const std::optional<CloseReason>& end);

// Every field is required and typed; counts, lengths and bytes are bounded by
// `limits`. Errors name the field (malformed / limit_exceeded).
Result<Evidence> evidence_from_json(const Json& json, const EvidenceLimits& limits);

// The report's "trust_anchors" (schema 1.2): the anchors it was judged with,
//   [{"owner": ".", "type": "DS", "key_tag": 20326, "algorithm": 8, "digest_type": 2}]
// ("type" DS or DNSKEY; "digest_type" null for a DNSKEY anchor).
Json trust_anchors_to_json(const std::vector<dnssec::TrustAnchorKey>& keys);
// Strict like evidence_from_json: every field required and typed, at most
// dnssec::kMaxTrustAnchorRecords entries; errors name the field.
Result<std::vector<dnssec::TrustAnchorKey>> trust_anchors_from_json(const Json& json);

}  // namespace daneel::check
