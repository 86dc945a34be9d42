#include "check/txt_policy.h"

#include <vector>

#include "check/messages.h"
#include "check/summary.h"

namespace daneel::check {

namespace {

constexpr std::size_t kMaxRuaUris = 16;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
  return s;
}

// "v=X; a=b; c=d;" -> {"v=X", "a=b", "c=d"}: fields between ";" (whitespace
// around them allowed), one trailing ";" allowed, no empty field otherwise.
bool split_fields(std::string_view record, std::vector<std::string_view>& fields) {
  for (std::size_t n = 0; n < 64; ++n) {  // bounded: a TXT record is at most 64 KiB, 64 fields is plenty
    const std::size_t semi = record.find(';');
    const std::string_view field = trim(record.substr(0, semi));
    if (semi == std::string_view::npos) {
      if (!field.empty())
        fields.push_back(field);
      else if (fields.empty())
        return false;
      return !fields.empty();
    }
    if (field.empty()) return false;
    fields.push_back(field);
    record.remove_prefix(semi + 1);
    if (trim(record).empty()) return true;  // a trailing ";"
  }
  return false;
}

// Extension fields: name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."),
// value = 1*(%x21-3A / %x3C / %x3E-7E) (RFC 8461 §3.1; RFC 8460 §3 is alike).
bool extension_valid(std::string_view field) {
  const std::size_t eq = field.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq > 32 || eq + 1 == field.size()) return false;
  if (!is_alnum(field[0])) return false;
  for (std::size_t i = 1; i < eq; ++i)
    if (!is_alnum(field[i]) && field[i] != '_' && field[i] != '-' && field[i] != '.') return false;
  for (const char c : field.substr(eq + 1))
    if (c < 0x21 || c > 0x7e || c == ';' || c == '=') return false;
  return true;
}

bool starts_with_version(std::string_view record, std::string_view version) {
  if (!record.starts_with(version)) return false;
  const std::string_view rest = record.substr(version.size());
  return rest.empty() || rest.front() == ';' || is_wsp(rest.front());
}

bool uri_valid(std::string_view uri) {
  const bool scheme = uri.starts_with("mailto:") || uri.starts_with("https://");
  if (!scheme || uri.size() < 9) return false;
  for (const char c : uri)
    if (c < 0x21 || c > 0x7e || c == ';' || c == ',') return false;
  return true;
}

SubtestStatus lookup_status(const TxtPolicy& p) {
  if (p.dnssec.security == dnssec::Security::bogus || p.dnssec.security == dnssec::Security::indeterminate ||
      p.dnssec.kind == dnssec::AnswerKind::failed)
    return SubtestStatus::error;
  return SubtestStatus::passed;
}

}  // namespace

void summarize_txt_policy(const dnssec::ValidationResult& result, std::string_view version, TxtPolicy& out) {
  out.looked_up = true;
  out.unanswered = result.query_outcome && dns::is_resolver_trouble(*result.query_outcome);
  out.owner = display_name(result.qname);
  out.dnssec = summarize(result);
  if (!result.answer) return;
  for (const dns::Rdata& rdata : result.answer->rdatas) {
    const auto* txt = std::get_if<dns::Txt>(&rdata);
    if (!txt) continue;
    std::string text;  // the character-strings of one record are concatenated (RFC 7208 §3.3 style)
    for (const Bytes& piece : txt->strings) text.append(piece.begin(), piece.end());
    (starts_with_version(text, version) ? out.records : out.other).push_back(std::move(text));
  }
}

bool mta_sts_record_valid(std::string_view record, std::string& id) {
  std::vector<std::string_view> fields;
  if (!split_fields(record, fields) || fields.front() != kMtaStsVersion) return false;
  std::size_t ids = 0;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    const std::string_view f = fields[i];
    if (f.starts_with("id=")) {
      const std::string_view value = f.substr(3);
      if (value.empty() || value.size() > 32) return false;
      for (const char c : value)
        if (!is_alnum(c)) return false;
      id = std::string(value);
      ++ids;
    } else if (!extension_valid(f)) {
      return false;
    }
  }
  return ids == 1;
}

bool tls_rpt_record_valid(std::string_view record, std::string& rua) {
  std::vector<std::string_view> fields;
  if (!split_fields(record, fields) || fields.front() != kTlsRptVersion) return false;
  std::size_t ruas = 0;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    const std::string_view f = fields[i];
    if (f.starts_with("rua=")) {
      std::string_view list = f.substr(4);
      std::vector<std::string> uris;
      for (bool more = true; more;) {
        if (uris.size() == kMaxRuaUris) return false;  // bounded: more is not a sane record
        const std::size_t comma = list.find(',');
        const std::string_view uri = trim(list.substr(0, comma));
        if (!uri_valid(uri)) return false;
        uris.emplace_back(uri);
        more = comma != std::string_view::npos;
        if (more) list.remove_prefix(comma + 1);
      }
      rua = list_param(uris);
      ++ruas;
    } else if (!extension_valid(f)) {
      return false;
    }
  }
  return ruas == 1;
}

Subtest judge_mta_sts(const TxtPolicy& p) {
  const std::string security(dnssec::to_string(p.dnssec.security));
  if (!p.looked_up) return {"mta_sts", SubtestStatus::not_tested, note("mta_sts_untested")};
  if (p.unanswered) return {"mta_sts", SubtestStatus::not_tested, note("policy_unanswered", {{"owner", p.owner}})};
  if (lookup_status(p) == SubtestStatus::error)
    return {"mta_sts", SubtestStatus::warning, note("mta_sts_lookup_error", {{"security", security}})};
  if (p.records.empty())
    return {"mta_sts", SubtestStatus::info, note("mta_sts_absent", {{"security", security}})};
  if (p.records.size() > 1)
    return {"mta_sts", SubtestStatus::warning,
            note("mta_sts_multiple", {{"count", std::to_string(p.records.size())}})};
  std::string id;
  if (!mta_sts_record_valid(p.records.front(), id))
    return {"mta_sts", SubtestStatus::warning, note("mta_sts_syntax", {{"record", p.records.front()}})};
  return {"mta_sts", SubtestStatus::passed, note("mta_sts_valid", {{"id", id}, {"security", security}})};
}

Subtest judge_tls_rpt(const TxtPolicy& p) {
  const std::string security(dnssec::to_string(p.dnssec.security));
  if (!p.looked_up) return {"tls_rpt", SubtestStatus::not_tested, note("tls_rpt_untested")};
  if (p.unanswered) return {"tls_rpt", SubtestStatus::not_tested, note("policy_unanswered", {{"owner", p.owner}})};
  if (lookup_status(p) == SubtestStatus::error)
    return {"tls_rpt", SubtestStatus::warning, note("tls_rpt_lookup_error", {{"security", security}})};
  if (p.records.empty())
    return {"tls_rpt", SubtestStatus::info, note("tls_rpt_absent", {{"security", security}})};
  if (p.records.size() > 1)
    return {"tls_rpt", SubtestStatus::warning,
            note("tls_rpt_multiple", {{"count", std::to_string(p.records.size())}})};
  std::string rua;
  if (!tls_rpt_record_valid(p.records.front(), rua))
    return {"tls_rpt", SubtestStatus::warning, note("tls_rpt_syntax", {{"record", p.records.front()}})};
  return {"tls_rpt", SubtestStatus::passed, note("tls_rpt_valid", {{"rua", rua}, {"security", security}})};
}

}  // namespace daneel::check
