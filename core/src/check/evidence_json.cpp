#include "check/evidence_json.h"

#include <limits>

#include "util/encoding.h"

namespace daneel::check {

Json connection_end_to_json(const std::optional<CloseReason>& end) {
  if (!end) return nullptr;
  return Json{{"cause", to_string(end->cause)},
              {"relay_code", end->relay_code ? Json(end->relay_code) : Json(nullptr)},
              {"detail", end->detail}};
}

Json evidence_to_json(const Evidence& e) {
  Json dns = Json::array();
  for (const DnsEvidence& d : e.dns)
    dns.push_back(
        Json{{"qname", d.qname}, {"qtype", d.qtype}, {"at", d.at}, {"wire", encoding::to_base64(d.wire)}});
  Json probes = Json::array();
  for (const ProbeEvidence& p : e.probes) {
    Json smtp(nullptr);
    if (p.completed) {
      Json replies = Json::array();
      for (const ReplyEvidence& r : p.replies)
        replies.push_back(
            Json{{"code", r.code}, {"lines", r.lines}, {"phase", r.phase}, {"over_tls", r.over_tls}});
      Json tls(nullptr);
      if (p.tls) {
        Json chain = Json::array();
        for (const Bytes& der : p.chain) chain.push_back(encoding::to_base64(der));
        tls = Json{{"version", p.tls_version},      {"cipher_suite", p.cipher_suite},
                   {"cipher", p.cipher_suite_name}, {"group", p.group},
                   {"group_name", p.group_name},    {"chain", chain}};
        // The TLS grading's facts of the handshake (schema 1.3), written only
        // when there is something to say, so a report without them reads back
        // to the same evidence.
        if (p.signature_scheme) tls["signature_scheme"] = *p.signature_scheme;
        if (p.extended_master_secret) tls["extended_master_secret"] = true;
        if (p.secure_renegotiation) tls["secure_renegotiation"] = true;
        // Schema 1.5: written only when the check asked (grading on).
        if (p.renegotiation != "not_asked") {
          tls["renegotiation"] = p.renegotiation;
          tls["renegotiation_alert"] = p.renegotiation_alert ? Json(*p.renegotiation_alert) : Json(nullptr);
        }
      }
      smtp = Json{{"outcome", p.outcome},
                  {"phase", p.phase},
                  {"detail", p.detail},
                  {"replies", replies},
                  {"tls", tls}};
    }
    probes.push_back(Json{{"host", p.host},
                          {"address", p.address},
                          {"sni", p.sni},
                          {"connected", p.connected},
                          {"connect_error", p.connect_error},
                          {"connection_end", connection_end_to_json(p.connection_end)},
                          {"smtp", smtp}});
  }
  return Json{{"time", e.time},
              {"complete", e.complete},
              {"incomplete_reason", e.incomplete_reason},
              {"dns", dns},
              {"probes", probes}};
}

namespace {

constexpr std::size_t kMaxText = 4096;       // a name, a detail, a reply line
constexpr std::size_t kMaxReplies = 16;      // a session has at most 5 replies (greeting .. QUIT)
constexpr std::size_t kMaxReplyLines = 100;  // smtp::SmtpLimits::max_reply_lines
constexpr std::size_t kMaxDnsWire = 65'535;  // a DNS message
constexpr std::size_t kMaxCertificate = 64 * 1024;

// A strict reader: the first error wins and names the field.
class Reader {
 public:
  explicit Reader(const EvidenceLimits& limits, std::string what = "evidence")
      : limits_(limits), what_(std::move(what)) {}

  const Json* field(const Json& object, const char* key, const std::string& where) {
    if (!error_.empty()) return nullptr;
    if (!object.is_object()) return fail(where + " must be an object");
    const auto it = object.find(key);
    if (it == object.end()) return fail(where + "." + key + " is missing");
    return &*it;
  }
  bool text(const Json& object, const char* key, const std::string& where, std::string& out) {
    const Json* v = field(object, key, where);
    if (!v) return false;
    if (!v->is_string() || v->get_ref<const std::string&>().size() > kMaxText)
      return refuse(where + "." + key + " must be a string of at most " + std::to_string(kMaxText) +
                    " bytes");
    out = v->get<std::string>();
    return true;
  }
  bool flag(const Json& object, const char* key, const std::string& where, bool& out) {
    const Json* v = field(object, key, where);
    if (!v) return false;
    if (!v->is_boolean()) return refuse(where + "." + key + " must be true or false");
    out = v->get<bool>();
    return true;
  }
  template <class Int>
  bool integer(const Json& object, const char* key, const std::string& where, Int low, Int high, Int& out) {
    const Json* v = field(object, key, where);
    if (!v) return false;
    if (!v->is_number_integer() || v->get<std::int64_t>() < static_cast<std::int64_t>(low) ||
        v->get<std::int64_t>() > static_cast<std::int64_t>(high))
      return refuse(where + "." + key + " must be an integer from " + std::to_string(low) + " to " +
                    std::to_string(high));
    out = static_cast<Int>(v->get<std::int64_t>());
    return true;
  }
  const Json* array(const Json& object, const char* key, const std::string& where, std::size_t max) {
    const Json* v = field(object, key, where);
    if (!v) return nullptr;
    if (!v->is_array()) return fail(where + "." + key + " must be an array");
    if (v->size() > max) {
      limit_ = true;
      return fail(where + "." + key + " has more than " + std::to_string(max) + " entries");
    }
    return v;
  }
  bool bytes(const Json& value, const std::string& where, std::size_t max, Bytes& out) {
    if (!error_.empty()) return false;
    if (!value.is_string() || value.get_ref<const std::string&>().size() > (max + 2) / 3 * 4)
      return refuse(where + " must be base64 of at most " + std::to_string(max) + " bytes");
    auto decoded = encoding::from_base64(value.get_ref<const std::string&>());
    if (!decoded.ok()) return refuse(where + " is not base64: " + decoded.error().message);
    total_ += decoded.value().size();
    if (total_ > limits_.max_bytes) {
      limit_ = true;
      return refuse("the evidence holds more than " + std::to_string(limits_.max_bytes) + " bytes");
    }
    out = std::move(decoded).value();
    return true;
  }

  const Json* fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return nullptr;
  }
  bool refuse(std::string message) {
    fail(std::move(message));
    return false;
  }
  [[nodiscard]] bool ok() const { return error_.empty(); }
  [[nodiscard]] Error error() const {
    return make_error(limit_ ? Errc::limit_exceeded : Errc::malformed, what_ + ": " + error_);
  }
  const EvidenceLimits& limits() const { return limits_; }

 private:
  const EvidenceLimits& limits_;
  std::string what_;
  std::string error_;
  bool limit_ = false;
  std::size_t total_ = 0;
};

void read_probe(Reader& in, const Json& j, const std::string& where, ProbeEvidence& p) {
  in.text(j, "host", where, p.host);
  in.text(j, "address", where, p.address);
  // Reports made before the probe without SNI have no "sni": all their probes sent SNI.
  if (j.is_object() && j.contains("sni")) in.flag(j, "sni", where, p.sni);
  in.flag(j, "connected", where, p.connected);
  in.text(j, "connect_error", where, p.connect_error);
  // Reports made before close causes were recorded have no "connection_end".
  if (j.is_object() && j.contains("connection_end") && !j["connection_end"].is_null()) {
    const Json& end = j["connection_end"];
    const std::string at = where + ".connection_end";
    std::string cause;
    CloseReason reason;
    in.text(end, "cause", at, cause);
    if (const Json* code = in.field(end, "relay_code", at); code && !code->is_null())
      in.integer(end, "relay_code", at, std::uint16_t{1}, std::uint16_t{4999}, reason.relay_code);
    in.text(end, "detail", at, reason.detail);
    if (in.ok()) {
      if (const auto named = close_cause_named(cause)) {
        reason.cause = *named;
        p.connection_end = std::move(reason);
      } else {
        in.fail(at + ".cause is not a known cause: \"" + cause + "\"");
      }
    }
  }
  const Json* smtp = in.field(j, "smtp", where);
  if (!smtp || smtp->is_null()) return;
  p.completed = true;
  const std::string at = where + ".smtp";
  in.text(*smtp, "outcome", at, p.outcome);
  in.text(*smtp, "phase", at, p.phase);
  in.text(*smtp, "detail", at, p.detail);
  if (const Json* replies = in.array(*smtp, "replies", at, kMaxReplies)) {
    for (std::size_t i = 0; i < replies->size() && in.ok(); ++i) {
      const std::string rw = at + ".replies[" + std::to_string(i) + "]";
      ReplyEvidence r;
      in.integer(replies->at(i), "code", rw, 0, 999, r.code);
      if (const Json* lines = in.array(replies->at(i), "lines", rw, kMaxReplyLines))
        for (const Json& line : *lines) {
          if (!line.is_string() || line.get_ref<const std::string&>().size() > kMaxText) {
            in.fail(rw + ".lines must hold strings of at most " + std::to_string(kMaxText) + " bytes");
            break;
          }
          r.lines.push_back(line.get<std::string>());
        }
      in.text(replies->at(i), "phase", rw, r.phase);
      in.flag(replies->at(i), "over_tls", rw, r.over_tls);
      p.replies.push_back(std::move(r));
    }
  }
  const Json* tls = in.field(*smtp, "tls", at);
  if (!tls || tls->is_null()) return;
  p.tls = true;
  const std::string tw = at + ".tls";
  in.text(*tls, "version", tw, p.tls_version);
  in.integer<std::uint16_t>(*tls, "cipher_suite", tw, 0, 65535, p.cipher_suite);
  in.text(*tls, "cipher", tw, p.cipher_suite_name);
  in.integer<std::uint16_t>(*tls, "group", tw, 0, 65535, p.group);
  in.text(*tls, "group_name", tw, p.group_name);
  // Schema 1.3 (the TLS grading's facts): optional, absent in older reports.
  if (const auto it = tls->find("signature_scheme"); it != tls->end() && !it->is_null()) {
    std::uint16_t scheme = 0;
    if (in.integer<std::uint16_t>(*tls, "signature_scheme", tw, 0, 65535, scheme)) p.signature_scheme = scheme;
  }
  if (tls->contains("extended_master_secret")) in.flag(*tls, "extended_master_secret", tw, p.extended_master_secret);
  if (tls->contains("secure_renegotiation")) in.flag(*tls, "secure_renegotiation", tw, p.secure_renegotiation);
  // Schema 1.5 (renegotiation_client): optional, absent in older reports and without grading.
  if (tls->contains("renegotiation")) in.text(*tls, "renegotiation", tw, p.renegotiation);
  if (const auto it = tls->find("renegotiation_alert"); it != tls->end() && !it->is_null()) {
    std::uint8_t alert = 0;
    if (in.integer<std::uint8_t>(*tls, "renegotiation_alert", tw, 0, 255, alert)) p.renegotiation_alert = alert;
  }
  if (const Json* chain = in.array(*tls, "chain", tw, in.limits().max_chain_certificates))
    for (std::size_t i = 0; i < chain->size() && in.ok(); ++i) {
      Bytes der;
      if (in.bytes(chain->at(i), tw + ".chain[" + std::to_string(i) + "]", kMaxCertificate, der))
        p.chain.push_back(std::move(der));
    }
}

}  // namespace

Result<Evidence> evidence_from_json(const Json& j, const EvidenceLimits& limits) {
  Reader in(limits);
  Evidence e;
  const std::string where = "evidence";
  in.integer<TimeMs>(j, "time", where, 0, std::int64_t{1} << 53, e.time);
  in.flag(j, "complete", where, e.complete);
  in.text(j, "incomplete_reason", where, e.incomplete_reason);
  if (const Json* dns = in.array(j, "dns", where, limits.max_dns_answers))
    for (std::size_t i = 0; i < dns->size() && in.ok(); ++i) {
      const std::string dw = where + ".dns[" + std::to_string(i) + "]";
      DnsEvidence d;
      in.text(dns->at(i), "qname", dw, d.qname);
      in.text(dns->at(i), "qtype", dw, d.qtype);
      in.integer<DurationMs>(dns->at(i), "at", dw, 0, std::int64_t{1} << 40, d.at);
      if (const Json* wire = in.field(dns->at(i), "wire", dw))
        in.bytes(*wire, dw + ".wire", kMaxDnsWire, d.wire);
      e.dns.push_back(std::move(d));
    }
  if (const Json* probes = in.array(j, "probes", where, limits.max_probes))
    for (std::size_t i = 0; i < probes->size() && in.ok(); ++i) {
      ProbeEvidence p;
      read_probe(in, probes->at(i), where + ".probes[" + std::to_string(i) + "]", p);
      e.probes.push_back(std::move(p));
    }
  if (!in.ok()) return in.error();
  return e;
}

Json trust_anchors_to_json(const std::vector<dnssec::TrustAnchorKey>& keys) {
  Json out = Json::array();
  for (const dnssec::TrustAnchorKey& k : keys)
    out.push_back(Json{{"owner", k.owner.to_text()},
                       {"type", dns::to_string(k.type)},
                       {"key_tag", k.key_tag},
                       {"algorithm", k.algorithm},
                       {"digest_type", k.type == dns::RrType::ds ? Json(k.digest_type) : Json(nullptr)}});
  return out;
}

Result<std::vector<dnssec::TrustAnchorKey>> trust_anchors_from_json(const Json& j) {
  const EvidenceLimits unused;
  Reader in(unused, "trust_anchors");
  std::vector<dnssec::TrustAnchorKey> keys;
  if (!j.is_array()) return make_error(Errc::malformed, "trust_anchors must be an array");
  if (j.size() > dnssec::kMaxTrustAnchorRecords)
    return make_error(Errc::limit_exceeded,
                      "trust_anchors has more than " + std::to_string(dnssec::kMaxTrustAnchorRecords) + " entries");
  for (std::size_t i = 0; i < j.size() && in.ok(); ++i) {
    const std::string where = "trust_anchors[" + std::to_string(i) + "]";
    dnssec::TrustAnchorKey k;
    std::string owner, type;
    in.text(j[i], "owner", where, owner);
    in.text(j[i], "type", where, type);
    in.integer<std::uint16_t>(j[i], "key_tag", where, 0, 65535, k.key_tag);
    in.integer<std::uint8_t>(j[i], "algorithm", where, 0, 255, k.algorithm);
    const Json* digest = in.field(j[i], "digest_type", where);
    if (!in.ok()) break;
    auto name = dns::Name::from_text(owner);
    if (!name.ok()) return make_error(Errc::malformed, where + ".owner: " + name.error().message);
    k.owner = std::move(name).value();
    if (type == "DS" && digest->is_number_integer() && digest->get<std::int64_t>() >= 0 &&
        digest->get<std::int64_t>() <= 255) {
      k.type = dns::RrType::ds;
      k.digest_type = static_cast<std::uint8_t>(digest->get<std::int64_t>());
    } else if (type == "DNSKEY" && digest->is_null()) {
      k.type = dns::RrType::dnskey;
    } else {
      return make_error(Errc::malformed, where + ": type must be DS (digest_type 0-255) or DNSKEY (digest_type null)");
    }
    keys.push_back(std::move(k));
  }
  if (!in.ok()) return in.error();
  return keys;
}

}  // namespace daneel::check
