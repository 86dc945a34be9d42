#include "dnssec/trust_anchors.h"

#include <string>

#include "dnssec/key_tag.h"
#include "util/result.h"

namespace daneel::dnssec {

namespace {

// IANA root-anchors.xml: KSK-2017 (in use since 2017) and KSK-2024 (published
// 2024, planned to sign the root from 2026-10-11). Both are kept so the
// rollover needs no change here.
constexpr std::string_view kRootAnchors =
    ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
    ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n";

// Splits presentation text into records: a newline ends a record unless it is
// inside parentheses (RFC 1035 §5.1); comments run to the end of the line.
std::vector<std::string_view> split_records(std::string_view text) {
  std::vector<std::string_view> records;
  std::size_t start = 0;
  int depth = 0;
  bool comment = false;
  bool quoted = false;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '\n';
    if (comment) {
      if (c != '\n') continue;
      comment = false;
    } else if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    } else if (c == '\\') {
      ++i;  // an escaped character is never syntax
      continue;
    } else if (c == '"') {
      quoted = true;
      continue;
    } else if (c == ';') {
      comment = true;
      continue;
    } else if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      continue;
    }
    if (c == '\n' && depth <= 0) {
      records.push_back(text.substr(start, i - start));
      start = i + 1;
      depth = 0;
    }
  }
  return records;
}

bool blank(std::string_view entry) {
  for (std::size_t i = 0; i < entry.size(); ++i) {
    const char c = entry[i];
    if (c == ';') return true;  // the rest is a comment
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// Class IN, type DS or DNSKEY: checked on a line's head before its RDATA is
// read, and by add() on every record.
Status check_anchor_head(dns::RrClass rclass, dns::RrType type) {
  if (rclass != dns::RrClass::in) return make_error(Errc::unsupported, "trust anchors must be class IN");
  if (type != dns::RrType::ds && type != dns::RrType::dnskey) {
    return make_error(Errc::unsupported,
                      "a trust anchor is a DS or DNSKEY record, not " + dns::to_string(type));
  }
  return {};
}

// One anchor line; only the DS and DNSKEY presentation parsers are used, so
// the wasm module does not carry the other types' (the generic `\# len hex`
// form works too: it is read as wire RDATA).
Result<dns::Record> anchor_from_text(std::string_view entry) {
  Result<dns::RecordLine> line = dns::record_line_from_text(entry);
  if (!line) return line.error();
  if (const Status head = check_anchor_head(line.value().rclass, line.value().type); !head)
    return head.error();
  return dns::record_from_line<dns::DnssecKeyRdataTypes>(std::move(line).value());
}

}  // namespace

TrustAnchors TrustAnchors::root() {
  Result<TrustAnchors> anchors = from_text(kRootAnchors);
  if (!anchors) fatal("built-in root trust anchors do not parse: " + anchors.error().message);
  return std::move(anchors).value();
}

Result<TrustAnchors> TrustAnchors::from_text(std::string_view text) {
  if (text.size() > kMaxTrustAnchorText) {
    return make_error(Errc::limit_exceeded, "trust anchor text longer than " + std::to_string(kMaxTrustAnchorText));
  }
  TrustAnchors anchors;
  std::size_t line = 0;
  for (const std::string_view entry : split_records(text)) {
    ++line;
    if (blank(entry)) continue;
    const Result<dns::Record> record = anchor_from_text(entry);
    if (!record) {
      return make_error(record.error().code, "trust anchor " + std::to_string(line) + ": " + record.error().message);
    }
    if (const Status added = anchors.add(record.value()); !added) {
      return make_error(added.error().code, "trust anchor " + std::to_string(line) + ": " + added.error().message);
    }
  }
  return anchors;
}

Result<TrustAnchors> TrustAnchors::from_config(std::string_view text) {
  if (text.empty()) return root();
  Result<TrustAnchors> anchors = from_text(text);
  if (!anchors) return anchors.error();
  if (anchors.value().empty()) return make_error(Errc::invalid_argument, "the trust anchors hold no DS or DNSKEY record");
  return anchors;
}

std::vector<TrustAnchorKey> TrustAnchors::keys() const {
  std::vector<TrustAnchorKey> out;
  for (const TrustAnchor& anchor : anchors_) {
    for (const dns::Ds& ds : anchor.ds)
      out.push_back(TrustAnchorKey{anchor.owner, dns::RrType::ds, ds.key_tag, ds.algorithm, ds.digest_type});
    for (const dns::Dnskey& key : anchor.dnskeys)
      out.push_back(TrustAnchorKey{anchor.owner, dns::RrType::dnskey, key_tag(key), key.algorithm, 0});
  }
  return out;
}

Status TrustAnchors::add(const dns::Record& record) {
  if (records_ >= kMaxTrustAnchorRecords) {
    return make_error(Errc::limit_exceeded, "more than " + std::to_string(kMaxTrustAnchorRecords) + " trust anchors");
  }
  if (const Status head = check_anchor_head(record.rclass, record.type); !head) return head.error();
  if (const Status kind = dns::check_rdata_kind(record.type, record.rdata); !kind) return kind.error();
  const auto* ds = std::get_if<dns::Ds>(&record.rdata);
  const auto* key = std::get_if<dns::Dnskey>(&record.rdata);
  if (key != nullptr && (key->protocol != kDnskeyProtocol || !is_zone_key(*key))) {
    return make_error(Errc::invalid_argument, "a DNSKEY trust anchor needs protocol 3 and the zone key bit");
  }
  TrustAnchor* anchor = nullptr;
  for (TrustAnchor& existing : anchors_) {
    if (existing.owner == record.owner) anchor = &existing;
  }
  if (anchor == nullptr) {
    anchors_.push_back(TrustAnchor{record.owner, {}, {}});
    anchor = &anchors_.back();
  }
  if (ds != nullptr) anchor->ds.push_back(*ds);
  if (key != nullptr) anchor->dnskeys.push_back(*key);
  ++records_;
  return {};
}

const TrustAnchor* TrustAnchors::find(const dns::Name& owner) const {
  for (const TrustAnchor& anchor : anchors_) {
    if (anchor.owner == owner) return &anchor;
  }
  return nullptr;
}

const TrustAnchor* TrustAnchors::closest_enclosing(const dns::Name& name) const {
  const TrustAnchor* best = nullptr;
  for (const TrustAnchor& anchor : anchors_) {
    if (!name.is_subdomain_of(anchor.owner)) continue;
    if (best == nullptr || anchor.owner.label_count() > best->owner.label_count()) best = &anchor;
  }
  return best;
}

}  // namespace daneel::dnssec
