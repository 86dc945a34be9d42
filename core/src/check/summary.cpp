#include "check/summary.h"

#include "dane/cert_info.h"
#include "dane/match.h"
#include "dane/certificate.h"
#include "util/encoding.h"

namespace daneel::check {

std::string display_name(const dns::Name& name) {
  std::string text = name.to_text();
  if (text.size() > 1 && text.back() == '.') text.pop_back();
  return text;
}

DnssecSummary summarize(const dnssec::ValidationResult& r) {
  DnssecSummary s;
  s.security = r.verdict.security;
  s.reason = r.verdict.reason == dnssec::Reason::none ? "" : std::string(dnssec::to_string(r.verdict.reason));
  s.detail = r.verdict.detail;
  s.kind = r.kind;
  s.final_name = display_name(r.final_name);
  for (const dnssec::ChainLink& link : r.chain)
    s.chain.push_back(display_name(link.owner) + (link.type == dns::RrType::dname ? " DNAME " : " CNAME ") +
                      display_name(link.target) + " (" + std::string(dnssec::to_string(link.verdict.security)) + ")");
  if (r.query_outcome) s.query_failure = std::string(dns::to_string(*r.query_outcome)) + ": " + r.query_detail;
  return s;
}

std::string tlsa_text(const dns::Tlsa& t) {
  return std::to_string(t.usage) + " " + std::to_string(t.selector) + " " + std::to_string(t.matching_type) + " " +
         encoding::to_hex(t.data);
}

void summarize_smtp(const smtp::SmtpResult& r, ProbeReport& out, TimeMs now) {
  out.smtp_outcome = r.outcome;
  out.smtp_phase = r.phase;
  out.smtp_detail = r.detail;
  for (const smtp::Reply& reply : r.replies) {
    std::string line = std::to_string(reply.code);
    if (!reply.lines.empty()) line += " " + reply.lines.front();
    if (reply.lines.size() > 1) line += " (+" + std::to_string(reply.lines.size() - 1) + " lines)";
    line += reply.over_tls ? " [tls " : " [";
    line += std::string(smtp::to_string(reply.phase)) + "]";
    out.replies.push_back(std::move(line));
  }
  out.starttls_offered = r.ehlo.has_value() && r.ehlo->starttls();
  if (r.tls) {
    out.tls = true;
    out.tls_version = std::string(tls::to_string(r.tls->version));
    out.tls_cipher = r.tls->cipher_suite_name;
    out.tls_group = r.tls->group_name;
    for (std::size_t depth = 0; depth < r.tls->chain.size() && depth < 16; ++depth) {
      const dane::CertificateInfo info = dane::describe_certificate(dane::ChainCertificate::from_der(r.tls->chain[depth]), depth, now);
      CertificateSummary c;
      c.depth = depth;
      c.subject = info.subject;
      c.issuer = info.issuer;
      c.dns_names = info.dns_names;
      c.not_before = info.not_before;
      c.not_after = info.not_after;
      c.validity = info.validity;
      c.key = info.key_algorithm + (info.key_bits ? " (" + std::to_string(info.key_bits) + " bits)" : "");
      c.sha256 = info.sha256;
      c.spki_sha256 = info.spki_sha256;
      if (!info.spki_sha256.empty()) c.tlsa_3_1_1 = "3 1 1 " + info.spki_sha256;
      out.certificates.push_back(std::move(c));
    }
  }
}

DaneSummary summarize(const dane::DaneResult& r) {
  DaneSummary s;
  s.verdict = r.verdict;
  s.agile_match = r.agile_match;
  s.naive_match = r.any_match;
  s.agility_note = r.agility_note;
  s.matched_record = r.matched_record;
  s.matched_depth = r.matched_depth;
  for (const dane::RecordResult& rr : r.records) {
    RecordOutcome o;
    o.record = tlsa_text(rr.record);
    o.usage = rr.record.usage;
    o.parameters = rr.parameters;
    o.usable = rr.usability.usable();
    o.in_force = rr.in_force;
    o.authenticates = rr.authenticates;
    o.matching_depths = rr.matching_depths;
    o.explanation = rr.explanation;
    s.records.push_back(std::move(o));
  }
  return s;
}

}  // namespace daneel::check
