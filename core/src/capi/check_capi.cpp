#include "capi/check_capi.h"
#include "capi/share_capi.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "capi/share_store.h"
#include "check/check.h"
#include "check/io.h"
#include "check/json.h"
#include "check/messages.h"
#include "check/report.h"
#include "check/resolve_check.h"
#include "check/verify.h"
#include "dane/limits.h"
#include "dnssec/trust_anchors.h"

namespace {

using daneel::Bytes;
using daneel::ByteView;
using daneel::TimeMs;
using daneel::check::CheckIo;
using json = daneel::check::Json;
using daneel::check::parse_json;

std::string g_last_error = R"({"code":"none","message":""})";

void set_error(std::string_view code, std::string_view message) {
  g_last_error = json{{"code", code}, {"message", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void daneel::capi::set_last_error(std::string_view code, std::string_view message) { set_error(code, message); }

namespace {

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// A check behind the C ABI: the CheckIo seam plus how to start it and what it reports.
class Session {
 public:
  virtual ~Session() = default;
  virtual CheckIo& io() = 0;
  // On failure: fills `code`/`message` and returns false.
  virtual bool start(std::string_view target, TimeMs now, std::string& message) = 0;
  [[nodiscard]] virtual std::string report_json() const = 0;
  // The probes taken from a shared store (share_capi.h), as a JSON array.
  [[nodiscard]] virtual std::string shared_json() const { return "[]"; }
};

// --- Config shared by every kind --------------------------------------------

// Reads an optional non-negative integer field; false when present and wrong.
bool read_count(const json& config, const char* key, std::int64_t low, std::int64_t high, std::int64_t& out,
                std::string& message) {
  const auto it = config.find(key);
  if (it == config.end()) return true;
  if (!it->is_number_integer() || it->get<std::int64_t>() < low || it->get<std::int64_t>() > high) {
    message = std::string(key) + " must be an integer from " + std::to_string(low) + " to " + std::to_string(high);
    return false;
  }
  out = it->get<std::int64_t>();
  return true;
}

bool read_resolver(const json& config, daneel::dns::ResolverConfig& resolver, std::string& message) {
  const auto servers = config.find("servers");
  if (servers == config.end() || !servers->is_array() || servers->empty()) {
    message = "servers must be a non-empty array of DoH URLs";
    return false;
  }
  for (const auto& server : *servers) {
    if (!server.is_string()) {
      message = "servers must be a non-empty array of DoH URLs";
      return false;
    }
    resolver.servers.push_back(server.get<std::string>());
  }
  if (const auto method = config.find("doh_method"); method != config.end()) {
    if (*method == "get") {
      resolver.method = daneel::dns::HttpMethod::get;
    } else if (*method == "post") {
      resolver.method = daneel::dns::HttpMethod::post;
    } else {
      message = "doh_method must be \"get\" or \"post\"";
      return false;
    }
  }
  std::int64_t timeout = resolver.attempt_timeout;
  std::int64_t attempts = static_cast<std::int64_t>(resolver.max_attempts);
  if (!read_count(config, "doh_timeout_ms", 1, 120000, timeout, message)) return false;
  if (!read_count(config, "doh_max_attempts", 1, static_cast<std::int64_t>(daneel::dns::kMaxAttempts), attempts,
                  message)) {
    return false;
  }
  resolver.attempt_timeout = timeout;
  resolver.max_attempts = static_cast<std::size_t>(attempts);
  if (auto status = daneel::dns::validate_config(resolver); !status) {
    message = status.error().message;
    return false;
  }
  return true;
}

bool read_validator(const json& config, daneel::dnssec::ValidatorConfig& validator, std::string& message) {
  const auto anchors = config.find("trust_anchors");
  if (anchors == config.end() || anchors->is_null()) return true;  // the root's KSKs
  if (!anchors->is_string()) {
    message = "trust_anchors must be DS or DNSKEY presentation lines";
    return false;
  }
  // The one reader of configured anchors (the check's and verify's too).
  auto parsed = daneel::dnssec::TrustAnchors::from_config(anchors->get<std::string>());
  if (!parsed) {
    message = "trust_anchors: " + parsed.error().message;
    return false;
  }
  validator.anchors = std::move(parsed).value();
  return true;
}

// --- kind "resolve" ----------------------------------------------------------

class ResolveSession final : public Session {
 public:
  explicit ResolveSession(std::unique_ptr<daneel::check::ResolveCheck> check) : check_(std::move(check)) {}
  CheckIo& io() override { return *check_; }
  bool start(std::string_view target, TimeMs now, std::string& message) override {
    const json questions = parse_json(target);
    if (!questions.is_array()) {
      message = "a resolve target is a JSON array of {\"name\", \"type\"}";
      return false;
    }
    std::vector<daneel::check::ResolveQuestion> parsed;
    for (const auto& question : questions) {
      const auto name = question.is_object() ? question.find("name") : questions.end();
      const auto type = question.is_object() ? question.find("type") : questions.end();
      if (!question.is_object() || name == question.end() || type == question.end() || !name->is_string() ||
          !type->is_string()) {
        message = "a resolve question is {\"name\": string, \"type\": string}";
        return false;
      }
      auto dns_name = daneel::dns::Name::from_text(name->get<std::string>());
      if (!dns_name) {
        message = "name " + name->get<std::string>() + ": " + dns_name.error().message;
        return false;
      }
      auto rr_type = daneel::dns::rr_type_from_text(type->get<std::string>());
      if (!rr_type) {
        message = "type " + type->get<std::string>() + ": " + rr_type.error().message;
        return false;
      }
      parsed.push_back({std::move(dns_name).value(), rr_type.value()});
    }
    if (auto status = check_->start(std::move(parsed), now); !status) {
      message = status.error().message;
      return false;
    }
    return true;
  }
  [[nodiscard]] std::string report_json() const override { return check_->report_json(); }

 private:
  std::unique_ptr<daneel::check::ResolveCheck> check_;
};

std::unique_ptr<Session> make_resolve_session(const json& config, std::string& message) {
  daneel::check::ResolveCheckConfig resolve;
  if (!read_resolver(config, resolve.resolver, message) || !read_validator(config, resolve.validator, message)) {
    return nullptr;
  }
  auto check = daneel::check::ResolveCheck::create(std::move(resolve));
  if (!check) {
    message = check.error().message;
    return nullptr;
  }
  return std::make_unique<ResolveSession>(std::move(check).value());
}

// --- kind "check": the STARTTLS + DANE check of a mail domain ---------------

class CheckSession final : public Session {
 public:
  explicit CheckSession(daneel::check::CheckConfig config) : config_(std::move(config)) {}
  CheckIo& io() override { return check_ ? static_cast<CheckIo&>(*check_) : idle_; }
  bool start(std::string_view target, TimeMs now, std::string& /*message*/) override {
    // A bad domain makes a check that is done at once with an "error" report.
    check_ = std::make_unique<daneel::check::Check>(target, std::move(config_), now);
    return true;
  }
  [[nodiscard]] std::string report_json() const override {
    return check_ ? daneel::check::report_to_json(check_->report()) : std::string("{}");
  }
  [[nodiscard]] std::string shared_json() const override {
    json out = json::array();
    for (const auto& t : *shared_)
      out.push_back({{"host", t.host}, {"address", t.address}, {"sni", t.sni}});
    return dump(out);
  }
  // Mixed mode (probe.h): probes the store holds are taken from it, when each
  // would start; the store is looked up by handle each time, so a freed one
  // only means live probes.
  void share_from(std::uint32_t store) {
    config_.probe_source = [store, used = shared_](const daneel::check::ProbeTarget& target)
        -> std::optional<daneel::check::ProbeResult> {
      const daneel::check::SharedProbes* probes = daneel::capi::find_probe_store(store);
      if (probes == nullptr) return std::nullopt;
      auto found = probes->find(target);
      if (found) used->push_back(target);
      return found;
    };
  }

 private:
  // Before start: no actions, never done.
  class Idle final : public CheckIo {
   public:
    void on_doh_response(daneel::dns::RequestId, const daneel::dns::HttpResponse&, TimeMs) override {}
    void on_doh_failure(daneel::dns::RequestId, std::string_view, TimeMs) override {}
    void on_connected(daneel::check::ConnectionId, const daneel::check::ConnectedInfo&, TimeMs) override {}
    void on_connect_failed(daneel::check::ConnectionId, const daneel::check::CloseReason&, TimeMs) override {}
    void on_bytes(daneel::check::ConnectionId, ByteView, TimeMs) override {}
    void on_closed(daneel::check::ConnectionId, const daneel::check::CloseReason&, TimeMs) override {}
    void on_timer(TimeMs) override {}
    std::vector<daneel::check::Action> take_actions() override { return {}; }
    std::vector<daneel::check::Progress> take_progress() override { return {}; }
    [[nodiscard]] std::optional<TimeMs> next_deadline() const override { return std::nullopt; }
    [[nodiscard]] bool done() const override { return false; }
  };

  daneel::check::CheckConfig config_;
  std::shared_ptr<std::vector<daneel::check::ProbeTarget>> shared_ =
      std::make_shared<std::vector<daneel::check::ProbeTarget>>();
  Idle idle_;
  std::unique_ptr<daneel::check::Check> check_;
};

// The root store cert_trust validates against (grading.h): PEM text, bounded
// like the DANE module's CA bundles; absent or null: none (not tested).
bool read_root_store(const json& config, std::string& out, std::string& message) {
  const auto store = config.find("root_store");
  if (store == config.end() || store->is_null()) return true;
  if (!store->is_string() || store->get<std::string>().size() > daneel::dane::kMaxBundleSize) {
    message = "root_store must be PEM certificates (a string of at most " +
              std::to_string(daneel::dane::kMaxBundleSize) + " bytes)";
    return false;
  }
  out = store->get<std::string>();
  return true;
}

std::unique_ptr<Session> make_check_session(const json& config, std::string& message) {
  daneel::check::CheckConfig check;
  if (!read_resolver(config, check.resolver, message)) return nullptr;
  if (const auto anchors = config.find("trust_anchors"); anchors != config.end() && !anchors->is_null()) {
    // Parsed here too, so that a bad anchor is an invalid_argument rather than a report.
    daneel::dnssec::ValidatorConfig probe;
    if (!read_validator(config, probe, message)) return nullptr;
    check.trust_anchors = anchors->get<std::string>();
  }
  if (const auto ehlo = config.find("ehlo_name"); ehlo != config.end()) {
    if (!ehlo->is_string() || ehlo->get<std::string>().empty() || ehlo->get<std::string>().size() > 255) {
      message = "ehlo_name must be a host name";
      return nullptr;
    }
    check.ehlo_name = ehlo->get<std::string>();
  }
  // The language of the report's texts (core/messages/<lang>.json).
  if (const auto lang = config.find("lang"); lang != config.end()) {
    if (!lang->is_string() || !daneel::check::is_supported_language(lang->get<std::string>())) {
      message = "lang must be " + daneel::check::supported_languages_text();
      return nullptr;
    }
    check.lang = lang->get<std::string>();
  }
  if (!daneel::check::has_catalogue(check.lang)) {
    message = "the message catalogue of \"" + check.lang + "\" is not loaded (daneel_add_catalogue)";
    return nullptr;
  }
  // A second handshake without SNI per DANE host (the sni_dependence subtest); a
  // caller that must open as few connections as possible turns it off.
  if (const auto no_sni = config.find("probe_without_sni"); no_sni != config.end()) {
    if (!no_sni->is_boolean()) {
      message = "probe_without_sni must be true or false";
      return nullptr;
    }
    check.probe_without_sni = no_sni->get<bool>();
  }
  // TLS grading (issue 18, check/grading.h): off unless asked for (the JS
  // API asks by default for direct checks, docs/WASM.md); its per-address
  // connection budget counts the check's own connections too.
  if (const auto grading = config.find("grading"); grading != config.end()) {
    if (!grading->is_boolean()) {
      message = "grading must be true or false";
      return nullptr;
    }
    check.grading.enabled = grading->get<bool>();
  }
  // Through the relay (the JS API says so when it has a proxy): no SSL 3.0
  // probe, whose answer the relay refuses (docs/TLS_GRADING.md, section 4).
  if (const auto relay = config.find("grading_through_relay"); relay != config.end()) {
    if (!relay->is_boolean()) {
      message = "grading_through_relay must be true or false";
      return nullptr;
    }
    check.grading.through_relay = relay->get<bool>();
  }
  auto grading_budget = static_cast<std::int64_t>(check.grading.max_connections_per_address);
  if (!read_count(config, "grading_max_connections", 1, 16, grading_budget, message)) return nullptr;
  check.grading.max_connections_per_address = static_cast<std::size_t>(grading_budget);
  if (!read_root_store(config, check.grading.root_store, message)) return nullptr;
  std::int64_t connect = check.limits.connect_timeout;
  std::int64_t deadline = check.limits.check_deadline;
  std::int64_t smtp = check.timeouts.greeting;
  auto connections = static_cast<std::int64_t>(check.limits.max_connections);
  auto per_address = static_cast<std::int64_t>(check.limits.max_per_address);
  if (!read_count(config, "connect_timeout_ms", 1, 120000, connect, message) ||
      !read_count(config, "check_deadline_ms", 1, 3600000, deadline, message) ||
      !read_count(config, "smtp_timeout_ms", 1, 300000, smtp, message) ||
      !read_count(config, "max_connections", 1, 64, connections, message) ||
      !read_count(config, "max_per_address", 1, 2, per_address, message)) {
    return nullptr;
  }
  check.limits.connect_timeout = connect;
  check.limits.check_deadline = deadline;
  check.limits.max_connections = static_cast<std::size_t>(connections);
  check.limits.max_per_address = static_cast<std::size_t>(per_address);
  if (config.contains("smtp_timeout_ms")) {
    // One figure for every SMTP step (greeting, EHLO, STARTTLS, handshake, EHLO over TLS).
    check.timeouts.greeting = check.timeouts.ehlo = check.timeouts.starttls = smtp;
    check.timeouts.tls_handshake = check.timeouts.tls_ehlo = smtp;
  }
  // Batch mode's shared per-host work: the handle of a probe store.
  std::int64_t store = 0;
  if (!read_count(config, "probe_store", 0, 0xffffffff, store, message)) return nullptr;
  auto session = std::make_unique<CheckSession>(std::move(check));
  if (store != 0) session->share_from(static_cast<std::uint32_t>(store));
  return session;
}

// The kinds of session, chosen by the config's "kind".
using Factory = std::unique_ptr<Session> (*)(const json&, std::string&);
struct Kind {
  std::string_view name;
  Factory make;
};
constexpr Kind kKinds[] = {
    {"resolve", &make_resolve_session},
    {"check", &make_check_session},
};

// --- Handles ----------------------------------------------------------------

struct Handle {
  std::unique_ptr<Session> session;
  bool started = false;
  Bytes payloads;  // the bytes the last take_actions pointed into
  std::string actions;
  std::string progress;
  std::string report;
  std::string shared;
};

std::map<std::uint32_t, Handle>& handles() {
  static std::map<std::uint32_t, Handle> table;
  return table;
}
std::uint32_t g_next_handle = 1;

Handle* find(std::uint32_t handle) {
  const auto it = handles().find(handle);
  if (it == handles().end()) {
    set_error("invalid_handle", "no check session with handle " + std::to_string(handle));
    return nullptr;
  }
  return &it->second;
}

// A started session, or nullptr with the error set.
Handle* running(std::uint32_t handle) {
  Handle* h = find(handle);
  if (h != nullptr && !h->started) {
    set_error("invalid_state", "the check session was not started");
    return nullptr;
  }
  return h;
}

bool to_time(double now, TimeMs& out) {
  // Within +-2^53 ms: what a JS number holds exactly (years beyond 285000).
  if (!std::isfinite(now) || std::fabs(now) > 9007199254740991.0) {
    set_error("invalid_argument", "now must be a finite number of milliseconds");
    return false;
  }
  out = static_cast<TimeMs>(now);
  return true;
}

bool to_request_id(double id, daneel::dns::RequestId& out) {
  if (!std::isfinite(id) || id < 0 || id > 9007199254740991.0 || std::floor(id) != id) {
    set_error("invalid_argument", "a request id is a non-negative integer");
    return false;
  }
  out = static_cast<daneel::dns::RequestId>(id);
  return true;
}

std::string_view text(const char* data, size_t length) {
  return data == nullptr ? std::string_view() : std::string_view(data, length);
}
ByteView bytes(const uint8_t* data, size_t length) { return data == nullptr ? ByteView() : ByteView(data, length); }

// A close reason from the driver: its cause must be one of CloseCause's
// words, and a relay code a WebSocket close code (at most 4999).
std::optional<daneel::check::CloseReason> close_reason(const char* cause, size_t cause_length, uint32_t relay_code,
                                                       const char* detail, size_t detail_length) {
  const auto named = daneel::check::close_cause_named(text(cause, cause_length));
  if (!named || relay_code > 4999) {
    set_error("invalid_argument", "a close reason needs a known cause and a relay code of at most 4999");
    return std::nullopt;
  }
  return daneel::check::CloseReason{*named, static_cast<std::uint16_t>(relay_code),
                                    std::string(text(detail, detail_length))};
}

template <class Body>
int with_event(std::uint32_t handle, double now, Body body) {
  Handle* h = running(handle);
  TimeMs time = 0;
  if (h == nullptr || !to_time(now, time)) return -1;
  body(h->session->io(), time);
  return 0;
}

}  // namespace

extern "C" {

const char* daneel_last_error(void) { return g_last_error.c_str(); }

uint32_t daneel_check_create(const char* config_json, size_t length) {
  const std::string_view source = text(config_json, length);
  const json config = parse_json(source);
  if (!config.is_object()) {
    set_error("invalid_argument", "the config is not a JSON object");
    return 0;
  }
  std::string kind = "check";
  if (const auto it = config.find("kind"); it != config.end()) {
    if (!it->is_string()) {
      set_error("invalid_argument", "kind must be a string");
      return 0;
    }
    kind = it->get<std::string>();
  }
  for (const Kind& candidate : kKinds) {
    if (candidate.name != kind) continue;
    std::string message;
    auto session = candidate.make(config, message);
    if (!session) {
      set_error("invalid_argument", message);
      return 0;
    }
    const std::uint32_t handle = g_next_handle++;
    if (g_next_handle == 0) g_next_handle = 1;
    handles()[handle].session = std::move(session);
    return handle;
  }
  set_error("invalid_argument", "unknown kind \"" + kind + "\"");
  return 0;
}

int daneel_check_start(uint32_t handle, const char* target, size_t length, double now) {
  Handle* h = find(handle);
  TimeMs time = 0;
  if (h == nullptr || !to_time(now, time)) return -1;
  if (h->started) {
    set_error("invalid_state", "the check session was already started");
    return -1;
  }
  std::string message;
  if (!h->session->start(text(target, length), time, message)) {
    set_error("invalid_argument", message);
    return -1;
  }
  h->started = true;
  return 0;
}

const char* daneel_check_take_actions(uint32_t handle) {
  Handle* h = find(handle);
  if (h == nullptr) return nullptr;
  std::vector<daneel::check::Action> actions = h->session->io().take_actions();
  // One buffer for every payload, sized first so that its address stays put.
  std::size_t total = 0;
  for (const auto& action : actions) {
    if (const auto* doh = std::get_if<daneel::check::DohExchange>(&action)) total += doh->request.body.size();
    if (const auto* send = std::get_if<daneel::check::SendBytes>(&action)) total += send->data.size();
  }
  h->payloads.clear();
  h->payloads.reserve(total);
  json out = json::array();
  const auto payload = [&](json& entry, const Bytes& data) {
    entry["ptr"] = reinterpret_cast<std::uintptr_t>(h->payloads.data()) + h->payloads.size();
    entry["len"] = data.size();
    h->payloads.insert(h->payloads.end(), data.begin(), data.end());
  };
  for (const auto& action : actions) {
    json entry;
    if (const auto* doh = std::get_if<daneel::check::DohExchange>(&action)) {
      entry = {{"action", "doh"},
               {"id", doh->id},
               {"method", doh->request.method == daneel::dns::HttpMethod::get ? "GET" : "POST"},
               {"url", doh->request.url}};
      payload(entry, doh->request.body);
    } else if (const auto* cancel = std::get_if<daneel::check::CancelDoh>(&action)) {
      entry = {{"action", "cancel_doh"}, {"id", cancel->id}};
    } else if (const auto* open = std::get_if<daneel::check::OpenConnection>(&action)) {
      entry = {{"action", "open"}, {"id", open->id},         {"address", open->address},
               {"port", open->port},   {"domain", open->domain}, {"mx", open->mx}};
    } else if (const auto* send = std::get_if<daneel::check::SendBytes>(&action)) {
      entry = {{"action", "send"}, {"id", send->id}};
      payload(entry, send->data);
    } else if (const auto* close = std::get_if<daneel::check::CloseConnection>(&action)) {
      entry = {{"action", "close"}, {"id", close->id}};
    }
    out.push_back(std::move(entry));
  }
  h->actions = dump(out);
  return h->actions.c_str();
}

int daneel_check_doh_response(uint32_t handle, double request_id, int status, const char* content_type,
                              size_t content_type_length, const uint8_t* body, size_t body_length, double now) {
  daneel::dns::RequestId id = 0;
  if (!to_request_id(request_id, id)) return -1;
  return with_event(handle, now, [&](CheckIo& io, TimeMs time) {
    daneel::dns::HttpResponse response;
    response.status = status;
    response.content_type = std::string(text(content_type, content_type_length));
    const ByteView view = bytes(body, body_length);
    response.body.assign(view.begin(), view.end());
    io.on_doh_response(id, response, time);
  });
}

int daneel_check_doh_failure(uint32_t handle, double request_id, const char* reason, size_t reason_length,
                             double now) {
  daneel::dns::RequestId id = 0;
  if (!to_request_id(request_id, id)) return -1;
  return with_event(handle, now,
                    [&](CheckIo& io, TimeMs time) { io.on_doh_failure(id, text(reason, reason_length), time); });
}

int daneel_check_connected(uint32_t handle, uint32_t connection, const char* ehlo_name, size_t ehlo_name_length,
                           double now) {
  const daneel::check::ConnectedInfo info{std::string(text(ehlo_name, ehlo_name_length))};
  return with_event(handle, now, [&](CheckIo& io, TimeMs time) { io.on_connected(connection, info, time); });
}

int daneel_check_connect_failed(uint32_t handle, uint32_t connection, const char* cause, size_t cause_length,
                                uint32_t relay_code, const char* detail, size_t detail_length, double now) {
  const auto reason = close_reason(cause, cause_length, relay_code, detail, detail_length);
  if (!reason) return -1;
  return with_event(handle, now, [&](CheckIo& io, TimeMs time) { io.on_connect_failed(connection, *reason, time); });
}

int daneel_check_bytes(uint32_t handle, uint32_t connection, const uint8_t* data, size_t length, double now) {
  return with_event(handle, now,
                    [&](CheckIo& io, TimeMs time) { io.on_bytes(connection, bytes(data, length), time); });
}

int daneel_check_closed(uint32_t handle, uint32_t connection, const char* cause, size_t cause_length,
                        uint32_t relay_code, const char* detail, size_t detail_length, double now) {
  const auto reason = close_reason(cause, cause_length, relay_code, detail, detail_length);
  if (!reason) return -1;
  return with_event(handle, now, [&](CheckIo& io, TimeMs time) { io.on_closed(connection, *reason, time); });
}

int daneel_check_timer(uint32_t handle, double now) {
  return with_event(handle, now, [&](CheckIo& io, TimeMs time) { io.on_timer(time); });
}

double daneel_check_next_deadline(uint32_t handle) {
  Handle* h = find(handle);
  if (h == nullptr) return -2;
  const auto deadline = h->session->io().next_deadline();
  return deadline ? static_cast<double>(*deadline) : -1;
}

int daneel_check_done(uint32_t handle) {
  Handle* h = find(handle);
  if (h == nullptr) return -1;
  return h->session->io().done() ? 1 : 0;
}

const char* daneel_check_take_progress(uint32_t handle) {
  Handle* h = find(handle);
  if (h == nullptr) return nullptr;
  json out = json::array();
  for (const auto& step : h->session->io().take_progress()) {
    out.push_back({{"stage", step.stage},
                   {"detail", step.detail},
                   {"steps_done", step.steps_done},
                   {"steps_known", step.steps_known}});
  }
  h->progress = dump(out);
  return h->progress.c_str();
}

const char* daneel_check_report(uint32_t handle) {
  Handle* h = find(handle);
  if (h == nullptr) return nullptr;
  h->report = h->session->report_json();
  return h->report.c_str();
}

const char* daneel_check_shared_probes(uint32_t handle) {
  Handle* h = find(handle);
  if (h == nullptr) return nullptr;
  h->shared = h->session->shared_json();
  return h->shared.c_str();
}

void daneel_check_free(uint32_t handle) { handles().erase(handle); }

uint32_t daneel_check_count(void) { return static_cast<uint32_t>(handles().size()); }

int daneel_add_catalogue(const char* lang, size_t lang_length, const char* catalogue_json, size_t json_length) {
  if (lang == nullptr || catalogue_json == nullptr) {
    set_error("invalid_argument", "daneel_add_catalogue needs a language and a catalogue");
    return -1;
  }
  const daneel::Status added =
      daneel::check::add_catalogue(text(lang, lang_length), text(catalogue_json, json_length));
  if (!added) {
    set_error("invalid_argument", added.error().message);
    return -1;
  }
  return 0;
}

const char* daneel_verify(const char* report_json, size_t report_length, const char* config_json,
                          size_t config_length) {
  static std::string result;  // valid until the next call (see the header)
  if (report_json == nullptr || (config_json == nullptr && config_length != 0)) {
    set_error("invalid_argument", "daneel_verify needs a report");
    return nullptr;
  }
  daneel::check::VerifyConfig config;
  if (config_length != 0) {
    const json parsed = parse_json(std::string_view(config_json, config_length));
    if (!parsed.is_object()) {
      set_error("invalid_argument", "the verify config must be a JSON object");
      return nullptr;
    }
    if (const auto anchors = parsed.find("trust_anchors"); anchors != parsed.end() && !anchors->is_null()) {
      std::string message;
      daneel::dnssec::ValidatorConfig probe;  // parsed here so that a bad anchor is an error, not a difference
      if (!read_validator(parsed, probe, message)) {
        set_error("invalid_argument", message);
        return nullptr;
      }
      config.trust_anchors = anchors->get<std::string>();
    }
    // The language of the finding that the report's trust anchors differ (default: the report's).
    if (const auto lang = parsed.find("lang"); lang != parsed.end() && !lang->is_null()) {
      if (!lang->is_string() || !daneel::check::is_supported_language(lang->get<std::string>())) {
        set_error("invalid_argument", "lang must be " + daneel::check::supported_languages_text());
        return nullptr;
      }
      config.lang = lang->get<std::string>();
    }
    std::string message;
    if (!read_root_store(parsed, config.root_store, message)) {
      set_error("invalid_argument", message);
      return nullptr;
    }
  }
  auto verified = daneel::check::verify_report(text(report_json, report_length), config);
  if (!verified) {
    set_error("invalid_argument", verified.error().message);
    return nullptr;
  }
  result = daneel::check::verify_result_to_json(verified.value());
  return result.c_str();
}

}  // extern "C"
