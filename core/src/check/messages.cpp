#include "check/messages.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "check/json.h"
#include "check/messages_embedded.h"

namespace daneel::check {

namespace {

// One language's catalogue, parsed once.
struct Catalogue {
  bool parsed = false;
  Json messages;  // code -> {"text", "fix"}
  Json values;    // param name -> {value -> words}
};

// The largest catalogue text accepted (each file is about 25 KB).
constexpr std::size_t kMaxCatalogueBytes = 1024 * 1024;

Catalogue parse_catalogue(std::string_view text) {
  const Json j = parse_json(text);
  Catalogue c;
  if (j.is_object() && j.contains("messages") && j["messages"].is_object()) {
    c.parsed = true;
    c.messages = j["messages"];
    c.values = j.contains("values") && j["values"].is_object() ? j["values"] : Json::object();
  }
  return c;
}

// The catalogues parsed so far, by language: the embedded ones on first use,
// or those handed over by add_catalogue.
std::map<std::string, Catalogue, std::less<>>& catalogues() {
  static std::map<std::string, Catalogue, std::less<>> parsed;
  return parsed;
}

// The catalogue of `lang` (a supported language); not parsed when it is
// neither embedded nor added.
const Catalogue& catalogue(std::string_view lang) {
  auto& all = catalogues();
  if (const auto it = all.find(lang); it != all.end()) return it->second;
  const std::string_view embedded = embedded_catalogue(lang);
  if (embedded.empty()) {
    static const Catalogue missing;
    return missing;
  }
  return all.emplace(std::string(lang), parse_catalogue(embedded)).first->second;
}

// The {name} placeholders of a text, in order (a "{" without "}" is literal).
std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.emplace_back(text.substr(open + 1, close - open - 1));
  }
  return out;
}

std::string lookup_value(const Catalogue& c, const Param& p) {
  if (!c.values.contains(p.name)) return p.value;
  const Json& table = c.values[p.name];
  return table.contains(p.value) && table[p.value].is_string() ? table[p.value].get<std::string>() : p.value;
}

// Replaces every {name} by the note's parameter; reports names it lacks.
std::string fill(const Catalogue& c, std::string_view text, const Note& n,
                 std::vector<std::string>& problems) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const auto p =
        std::find_if(n.params.begin(), n.params.end(), [&](const Param& x) { return x.name == name; });
    if (p == n.params.end()) {
      problems.push_back(n.code + ": no parameter " + std::string(name));
      out.append(text.substr(open, close - open + 1));
    } else {
      out.append(lookup_value(c, *p));
    }
    at = close + 1;
  }
  return out;
}

void render(Note& n, const Catalogue& c, std::vector<std::string>& problems) {
  if (n.code.empty()) return;  // nothing to say (e.g. a TLSA note that does not apply)
  if (!c.messages.contains(n.code)) {
    problems.push_back(n.code + ": not in the catalogue");
    n.text = n.code;
    n.fix.clear();
    return;
  }
  // Read defensively: a malformed entry must not abort (JSON_NOEXCEPTION);
  // catalogue_problems() reports it to the tests.
  const Json& entry = c.messages[n.code];
  const auto field = [&](const char* name) {
    if (!entry.is_object() || !entry.contains(name) || !entry[name].is_string()) {
      problems.push_back(n.code + ": no " + name);
      return std::string();
    }
    return entry[name].get<std::string>();
  };
  n.text = fill(c, field("text"), n, problems);
  n.fix = fill(c, field("fix"), n, problems);
}

}  // namespace

// supported_languages(): catalogue_languages.cpp, generated from the file names.

std::string supported_languages_text() {
  const auto& all = supported_languages();
  std::string out;
  for (std::size_t i = 0; i < all.size(); ++i)
    out += (i == 0 ? "" : i + 1 == all.size() ? " or " : ", ") + ("\"" + std::string(all[i]) + "\"");
  return out;
}

bool is_supported_language(std::string_view lang) {
  const auto& all = supported_languages();
  return std::find(all.begin(), all.end(), lang) != all.end();
}

Status add_catalogue(std::string_view lang, std::string_view json_text) {
  if (!is_supported_language(lang))
    return make_error(Errc::invalid_argument, "no catalogue language \"" + std::string(lang.substr(0, 16)) + "\"");
  if (json_text.size() > kMaxCatalogueBytes)
    return make_error(Errc::limit_exceeded, "the catalogue is larger than " + std::to_string(kMaxCatalogueBytes) + " bytes");
  Catalogue c = parse_catalogue(json_text);
  if (!c.parsed) return make_error(Errc::malformed, "the catalogue is not a JSON object with \"messages\"");
  catalogues().insert_or_assign(std::string(lang), std::move(c));
  return {};
}

bool has_catalogue(std::string_view lang) { return is_supported_language(lang) && catalogue(lang).parsed; }

Note note(std::string_view code, std::vector<Param> params) {
  return Note{std::string(code), std::move(params), {}, {}};
}

std::string list_param(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::vector<std::string> render_messages(Report& r, std::string_view lang) {
  if (!is_supported_language(lang)) lang = kDefaultLanguage;
  const Catalogue& c = catalogue(lang);
  std::vector<std::string> problems;
  if (!c.parsed) problems.push_back("the catalogue of " + std::string(lang) + " is not loaded or not valid JSON");
  r.lang = std::string(lang);
  render(r.outcome, c, problems);
  for (Note& n : r.warnings) render(n, c, problems);
  for (Subtest& s : r.subtests) render(s.note, c, problems);
  if (r.grading)
    for (GradingSubtest& g : r.grading->subtests) render(g.note, c, problems);
  for (HostReport& h : r.hosts) {
    render(h.outcome, c, problems);
    render(h.tlsa.note, c, problems);
    if (h.sni_dependence) render(h.sni_dependence->note, c, problems);
    if (h.grading)
      for (GradingSubtest& g : h.grading->subtests) render(g.note, c, problems);
    for (AddressReport& a : h.addresses) {
      render(a.outcome, c, problems);
      if (a.grading)
        for (GradingSubtest& g : a.grading->subtests) render(g.note, c, problems);
    }
  }
  return problems;
}

std::vector<std::string> render_note(Note& n, std::string_view lang) {
  if (!is_supported_language(lang)) lang = kDefaultLanguage;
  const Catalogue& c = catalogue(lang);
  std::vector<std::string> problems;
  if (!c.parsed) problems.push_back("the catalogue of " + std::string(lang) + " is not loaded or not valid JSON");
  render(n, c, problems);
  return problems;
}

std::vector<std::string> catalogue_problems() {
  std::vector<std::string> problems;
  std::set<std::string> known;
  for (const MessageSpec& spec : message_specs()) {
    if (!known.insert(std::string(spec.code)).second)
      problems.push_back(std::string(spec.code) + ": listed twice");
  }
  std::optional<std::set<std::pair<std::string, std::string>>> first_values;
  for (const std::string_view lang : supported_languages()) {
    const Catalogue& c = catalogue(lang);
    const std::string where = std::string(lang) + ".json: ";
    if (!c.parsed) {
      problems.push_back(where + "not a JSON object with \"messages\"");
      continue;
    }
    for (const MessageSpec& spec : message_specs()) {
      const std::string code(spec.code);
      if (!c.messages.contains(code)) {
        problems.push_back(where + code + ": missing");
        continue;
      }
      const Json& entry = c.messages[code];
      for (const char* field : {"text", "fix"}) {
        if (!entry.contains(field) || !entry[field].is_string() || entry[field].get<std::string>().empty()) {
          problems.push_back(where + code + ": no " + field);
          continue;
        }
        for (const std::string& name : placeholders(entry[field].get<std::string>()))
          if (std::find(spec.params.begin(), spec.params.end(), name) == spec.params.end())
            problems.push_back(where + code + "." + field + ": {" + name +
                               "} is not a parameter of this code");
      }
    }
    for (const auto& [code, entry] : c.messages.items())
      if (!known.contains(code)) problems.push_back(where + code + ": no code uses this entry");
    // The value tables translate the same values in every language (in any order).
    std::set<std::pair<std::string, std::string>> shape;
    for (const auto& [param, table] : c.values.items())
      for (const auto& [value, words] : table.items()) {
        shape.emplace(param, value);
        if (!words.is_string() || words.get<std::string>().empty())
          problems.push_back(where + "values." + param + "." + value + ": empty");
      }
    if (!first_values)
      first_values = shape;
    else if (shape != *first_values)
      problems.push_back(where + "the value tables differ from en.json's");
  }
  return problems;
}

// --- every code the engine emits (the .cpp files of core/src/check/; check_messages_test reads them) ---

const std::vector<MessageSpec>& message_specs() {
  static const std::vector<MessageSpec> specs{
      // Domain outcomes.
      {"input_invalid", {"problem", "detail"}},
      {"config_invalid", {"detail"}},
      {"mx_lookup_error", {"domain", "security", "detail"}},
      {"resolvers_unreachable", {"servers", "detail"}},
      {"domain_nxdomain", {"domain"}},
      {"null_mx", {"domain"}},
      {"check_deadline_mx", {"seconds"}},
      {"no_reachable_mx", {}},
      {"mx_host_failed", {"failed", "total"}},
      {"mx_without_dane", {"hosts"}},
      {"dane_with_warnings", {}},
      {"dane_ok", {}},
      {"no_dane", {}},
      {"mx_not_tested", {}},
      {"mx_not_tested_checker_limit", {}},
      {"mx_not_tested_cut_off", {}},
      // Warnings.
      {"mx_implicit", {"domain"}},
      {"null_mx_mixed", {}},
      {"mx_hosts_truncated", {"limit"}},
      {"address_denial_insecure", {"type", "name", "detail"}},
      {"addresses_truncated", {"host", "limit"}},
      {"check_deadline", {"seconds"}},
      {"mx_insecure", {}},
      // TLSA notes of a host.
      {"tlsa_address_failed", {"security"}},
      {"tlsa_address_insecure", {}},
      {"tlsa_base_expanded", {"base"}},
      {"tlsa_owner_too_long", {}},
      // Host outcomes.
      {"address_dnssec_error", {"host", "security"}},
      {"host_no_addresses", {"host"}},
      {"host_tlsa_error", {"owner", "security"}},
      {"address_failed", {"failed", "total"}},
      {"no_tlsa_denied", {}},
      {"no_tlsa_insecure", {}},
      {"host_dane_ok", {}},
      {"host_not_tested", {}},
      // Address outcomes.
      {"starttls_failed", {"problem"}},
      {"dane_authenticated", {"parameters", "record", "depth"}},
      {"dane_authenticated_cert_expired", {"parameters", "record", "depth"}},
      {"dane_authenticated_cert_not_yet_valid", {"parameters", "record", "depth"}},
      {"dane_no_match", {"dane_verdict"}},
      {"tlsa_all_unusable", {}},
      {"starttls_ok", {}},
      {"starttls_unavailable", {"problem"}},
      {"tlsa_error_starttls_ok", {}},
      {"tlsa_error_starttls_failed", {"problem"}},
      {"address_not_tested", {}},
      {"tls_unsupported_by_daneel", {"problem"}},
      {"connection_cut_by_relay", {"code", "detail"}},
      {"connection_failed_locally", {"detail"}},
      // Subtests.
      {"starttls_untested", {}},
      {"starttls_untested_checker_limit", {}},
      {"starttls_untested_cut_off", {}},
      {"starttls_all", {}},
      {"starttls_missing", {"missing", "tested"}},
      {"dane_exists_error", {}},
      {"tlsa_unknown", {"hosts"}},
      {"tlsa_secure", {}},
      {"tlsa_missing", {"missing", "total"}},
      {"dane_valid_untested", {}},
      {"dane_valid_unjudged", {}},
      {"dane_valid_ok", {}},
      {"dane_valid_failed", {"failed"}},
      {"rollover_untested", {}},
      {"rollover_unjudged", {}},
      {"rollover_scheme", {}},
      {"no_rollover_scheme", {}},
      {"mx_absence_secure", {}},
      {"mx_absence_insecure", {}},
      {"mx_dnssec_secure", {}},
      {"mx_dnssec_not_secure", {"security"}},
      {"mx_host_bogus", {}},
      {"mx_hosts_secure", {}},
      {"mx_hosts_insecure", {"insecure"}},
      {"every_mx_has_tlsa", {}},
      {"no_mx_has_tlsa", {}},
      {"mx_without_tlsa", {"hosts"}},
      {"mx_downgradable", {}},
      {"mx_not_downgradable", {}},
      {"digest_agility_mismatch", {}},
      {"digest_agility_ok", {}},
      {"digest_agility_untested", {}},
      {"mx_ipv6_ok", {}},
      {"mx_ipv6_missing", {"hosts"}},
      {"mx_ipv6_unreachable", {"addresses"}},
      {"mx_ipv6_untested", {}},
      {"tlsa_stale_none", {}},
      {"tlsa_stale_records", {"host", "count"}},
      {"tlsa_unusable_ignored", {"host", "count"}},
      {"tlsa_stale_untested", {}},
      {"tlsa_size_ok", {}},
      {"tlsa_size_large", {"host", "count", "bytes"}},
      {"tlsa_size_untested", {}},
      {"mta_sts_valid", {"id", "security"}},
      {"mta_sts_absent", {"security"}},
      {"mta_sts_multiple", {"count"}},
      {"mta_sts_syntax", {"record"}},
      {"mta_sts_lookup_error", {"security"}},
      {"mta_sts_untested", {}},
      {"policy_unanswered", {"owner"}},
      {"tls_rpt_valid", {"rua", "security"}},
      {"tls_rpt_absent", {"security"}},
      {"tls_rpt_multiple", {"count"}},
      {"tls_rpt_syntax", {"record"}},
      {"tls_rpt_lookup_error", {"security"}},
      {"tls_rpt_untested", {}},
      {"sni_independent_all", {}},
      {"sni_independent", {"host", "address"}},
      {"sni_different_both_valid", {"host", "address"}},
      {"sni_required", {"host", "address", "base"}},
      {"sni_wrong_certificate", {"host", "address", "base"}},
      {"sni_different_neither_valid", {"host", "address"}},
      {"sni_probe_incomplete", {"host", "address", "problem"}},
      {"sni_probe_untested", {"host", "address"}},
      {"sni_untested", {}},
      // TLS grading per address (grading.h): one code per subtest and outcome.
      {"tls_grading_not_tested", {"grading_stop"}},
      {"tls_grading_not_applicable", {}},
      {"tls_version_ok", {}},
      {"tls_version_bad", {"rating", "ssl3"}},
      {"tls_ciphers_ok", {}},
      {"tls_ciphers_bad", {"rating"}},
      {"tls_cipher_order_ok", {}},
      {"tls_cipher_order_bad", {}},
      {"fs_params_ok", {}},
      {"fs_params_bad", {"rating"}},
      {"kex_hash_func_ok", {}},
      {"kex_hash_func_bad", {"rating"}},
      {"tls_compression_ok", {}},
      {"tls_compression_bad", {}},
      {"renegotiation_secure_ok", {}},
      {"renegotiation_secure_bad", {}},
      {"renegotiation_client_ok", {}},
      {"renegotiation_client_bad", {}},
      {"extended_master_secret_ok", {}},
      {"extended_master_secret_bad", {}},
      {"cert_pubkey_ok", {}},
      {"cert_pubkey_bad", {"rating"}},
      {"cert_signature_ok", {}},
      {"cert_signature_bad", {"rating"}},
      // Decided by the check itself (grading.h): information, and the host's CAA.
      {"cert_trust_ok", {}},
      {"cert_trust_bad", {"problem"}},
      {"cert_hostmatch_ok", {"name"}},
      {"cert_hostmatch_bad", {"references"}},
      {"cert_hostmatch_bad_dane_ta", {"references"}},
      {"mail_caa_ok", {"owner"}},
      {"mail_caa_no_issue", {"owner"}},
      {"mail_caa_bad", {}},
      // verify (verify.h): the report was judged with other trust anchors.
      {"verify_trust_anchors_differ", {"report", "verify"}},
  };
  return specs;
}

}  // namespace daneel::check
