// The report of one check: a plain struct (for the C ABI and tests) and its
// JSON form (report_to_json). Every verdict carries a stable machine `code`
// and an English explanation; Dutch texts are keyed by the code later.
// Shape and vocabulary: docs/CHECK.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/report_evidence.h"
#include "util/time.h"

namespace daneel::check {

// Internet.nl's vocabulary for subtests.
enum class SubtestStatus : std::uint8_t { passed, failed, warning, info, not_tested, error };
std::string_view to_string(SubtestStatus status);

// A finding: machine code + sentence for people.
struct Note {
  std::string code;
  std::string text;
};

// A DNSSEC verdict as reported: security (secure/insecure/bogus/indeterminate),
// reason (dnssec::Reason name), and the validator's detail.
struct DnssecSummary {
  std::string security = "indeterminate";
  std::string reason;
  std::string detail;
  std::string kind;                 // answer / nodata / nxdomain / failed
  std::string final_name;           // after CNAME/DNAME links
  std::vector<std::string> chain;   // "owner CNAME target (security)"
  std::string query_failure;        // engine outcome + detail when a query failed
};

struct CertificateSummary {
  std::size_t depth = 0;
  std::string subject, issuer;
  std::vector<std::string> dns_names;
  std::int64_t not_before = 0, not_after = 0;  // Unix seconds
  std::string validity;             // valid / expired / not_yet_valid
  std::string key;                  // "EC P-256 (256 bits)"
  std::string sha256;               // whole certificate (`3 0 1` data)
  std::string spki_sha256;          // `3 1 1` data
  std::string tlsa_3_1_1;           // the record to publish for this key: "3 1 1 <hex>"
};

struct RecordOutcome {
  std::string record;               // "3 1 1 88ef..."
  std::string parameters;           // "DANE-EE(3) SPKI(1) SHA2-256(1)"
  bool usable = false;
  bool in_force = false;            // digest agility keeps it
  bool authenticates = false;
  std::vector<std::size_t> matching_depths;
  std::string explanation;
};

struct DaneSummary {
  std::string verdict;              // dane::Verdict name
  bool agile_match = false;         // what Postfix/OpenSSL senders do
  bool naive_match = false;         // any usable record authenticates
  std::string agility_note;
  std::optional<std::size_t> matched_record, matched_depth;
  std::vector<RecordOutcome> records;
};

struct AddressReport {
  std::string address;
  bool ipv6 = false;
  std::string verdict = "not_tested";  // pass / fail / no-dane / not_tested
  Note outcome;                        // why the verdict
  bool connected = false;
  std::string connect_error;
  std::string smtp_outcome;            // smtp::Outcome name
  std::string smtp_phase;
  std::string smtp_detail;
  std::vector<std::string> replies;    // "220 mx.example ESMTP" (first line of each, phase)
  bool starttls_offered = false;
  bool tls = false;
  std::string tls_version, tls_cipher, tls_group;
  std::vector<CertificateSummary> certificates;
  std::optional<DaneSummary> dane;
  TimeMs started_at = 0, finished_at = 0;
};

struct TlsaSummary {
  std::string owner;                   // _25._tcp.<base> asked
  std::string base;                    // TLSA base domain (SNI)
  std::string state = "not_looked_up"; // usable / unusable / denied / insecure / error / not_applicable
  DnssecSummary dnssec;
  std::vector<std::string> records;    // "3 1 1 <hex>"
  std::string note;                    // why this base / this state
};

struct HostReport {
  std::string name;                    // the MX exchange (A-label, no trailing dot)
  std::uint16_t preference = 0;
  bool implicit = false;               // the domain itself (no MX RRset)
  DnssecSummary a, aaaa;
  std::string address_security = "indeterminate";  // combined over A and AAAA
  TlsaSummary tlsa;
  std::string verdict = "not_tested";  // pass / fail / no-dane
  Note outcome;
  std::vector<AddressReport> addresses;
  bool addresses_truncated = false;
};

struct Subtest {
  std::string name;                    // starttls_available, dane_exists, ...
  SubtestStatus status = SubtestStatus::not_tested;
  std::string code;
  std::string text;
};

struct Report {
  std::string input;                   // as typed
  std::string domain;                  // A-label, no trailing dot
  std::string domain_unicode;
  TimeMs started_at = 0, finished_at = 0;
  std::string mx_kind;                 // records / null / mixed_null / implicit / nxdomain / error
  DnssecSummary mx;
  std::vector<HostReport> hosts;       // by preference
  bool hosts_truncated = false;        // more than CheckLimits::max_mx_hosts
  std::vector<Note> warnings;
  std::vector<Subtest> subtests;
  std::string verdict = "error";       // pass / fail / warn / no-dane / no-mail / error
  Note outcome;
  std::size_t dns_requests = 0;
  bool timed_out = false;              // the whole-check deadline ended it
  Evidence evidence;                   // what the check consumed, for verify (report_evidence.h)
};

// The report as JSON text (UTF-8; invalid bytes in server replies replaced).
std::string report_to_json(const Report& report, int indent = -1);

}  // namespace daneel::check
