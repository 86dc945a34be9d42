#include "capi/share_capi.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "capi/share_store.h"
#include "check/json.h"
#include "dns/answer_cache.h"
#include "dns/message.h"

namespace {

// A batch needs one store; a few let tests and several checkers in one module
// coexist without leaking without bound.
constexpr std::size_t kMaxStores = 16;

std::map<std::uint32_t, std::unique_ptr<daneel::check::SharedProbes>>& stores() {
  static std::map<std::uint32_t, std::unique_ptr<daneel::check::SharedProbes>> table;
  return table;
}
std::uint32_t g_next_store = 1;

void fail(std::string_view message) { daneel::capi::set_last_error("invalid_argument", message); }

std::string_view text(const char* data, size_t length) {
  return data == nullptr ? std::string_view() : std::string_view(data, length);
}

int count_or_fail(const daneel::Result<std::size_t>& result) {
  if (!result.ok()) {
    fail(result.error().message);
    return -1;
  }
  return static_cast<int>(std::min<std::size_t>(result.value(), std::numeric_limits<int>::max()));
}

}  // namespace

namespace daneel::capi {

check::SharedProbes* find_probe_store(std::uint32_t handle) {
  const auto it = stores().find(handle);
  return it == stores().end() ? nullptr : it->second.get();
}

}  // namespace daneel::capi

extern "C" {

uint32_t daneel_probe_store_create(void) {
  if (stores().size() >= kMaxStores) {
    fail("more than " + std::to_string(kMaxStores) + " probe stores at once");
    return 0;
  }
  const std::uint32_t handle = g_next_store++;
  if (g_next_store == 0) g_next_store = 1;
  stores()[handle] = std::make_unique<daneel::check::SharedProbes>();
  return handle;
}

int daneel_probe_store_put(uint32_t store, const char* probes_json, size_t length) {
  daneel::check::SharedProbes* probes = daneel::capi::find_probe_store(store);
  if (probes == nullptr) {
    fail("no probe store with handle " + std::to_string(store));
    return -1;
  }
  return count_or_fail(probes->put(text(probes_json, length)));
}

int daneel_probe_store_erase(uint32_t store, const char* targets_json, size_t length) {
  daneel::check::SharedProbes* probes = daneel::capi::find_probe_store(store);
  if (probes == nullptr) {
    fail("no probe store with handle " + std::to_string(store));
    return -1;
  }
  return count_or_fail(probes->erase(text(targets_json, length)));
}

void daneel_probe_store_free(uint32_t store) { stores().erase(store); }

int32_t daneel_dns_reuse_ttl(const uint8_t* wire, size_t length) {
  if (wire == nullptr) return -1;
  auto message = daneel::dns::parse_message(daneel::ByteView(wire, length));
  if (!message.ok()) return -1;
  const daneel::dns::Message& m = message.value();
  if (!m.header.qr || m.header.tc ||
      (m.rcode != daneel::dns::Rcode::noerror && m.rcode != daneel::dns::Rcode::nxdomain))
    return -1;
  const std::uint32_t ttl = daneel::dns::AnswerCache::ttl_of(m);
  return static_cast<int32_t>(std::min<std::uint32_t>(ttl, std::numeric_limits<int32_t>::max()));
}

}  // extern "C"
