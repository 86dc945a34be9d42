// The subtests beyond Internet.nl's DANE and DNSSEC set, judged on the report
// alone (docs/CHECK.md, "Subtests"):
//   mx_ipv6    every MX host has AAAA records and answers on every IPv6 address
//   tlsa_stale records that match nothing while another authenticates, beyond
//              one standby per parameter set; unusable records next to usable ones
//   tlsa_size  a TLSA RRset of more than 8 records or an answer over 1232 bytes
//   mta_sts, tls_rpt  the TXT records' presence, syntax and DNSSEC status
//   sni_dependence    per DANE host, the certificate served without SNI (the
//              extra probe, CheckConfig::probe_without_sni) against the one
//              served with SNI = TLSA base domain (RFC 7672 §8.1)
#pragma once

#include <cstddef>
#include <optional>

#include "check/report.h"

namespace daneel::check {

// DNS answers larger than this risk IP fragmentation or a TCP fall-back
// (the DNS Flag Day 2020 EDNS buffer size).
inline constexpr std::size_t kTlsaAnswerBytesLimit = 1232;
inline constexpr std::size_t kTlsaRecordsLimit = 8;

// Appends the subtests above to report.subtests (and sets each DANE host's
// HostReport::sni_dependence).
void add_extra_subtests(Report& report);

// One host's sni_dependence finding; none when DANE does not apply (TLSA not
// usable) or no probe without SNI was made.
std::optional<Subtest> judge_sni_dependence(const HostReport& host);

}  // namespace daneel::check
