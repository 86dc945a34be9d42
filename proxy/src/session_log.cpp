#include "session_log.h"

#include <mbedtls/md.h>

#include <ctime>

#include "crypto/entropy.h"
#include "request_log.h"

namespace daneel::proxy {
namespace {

std::int64_t utc_day() {
  return static_cast<std::int64_t>(std::time(nullptr)) / 86'400;
}

}  // namespace

std::string ClientKeyHasher::hash(const policy::ClientKey& key) {
  std::array<std::uint8_t, 17> input{};
  input[0] = key.prefix.family == policy::IpFamily::v4 ? 4 : 6;
  for (std::size_t i = 0; i < 16; ++i) input[i + 1] = key.prefix.bytes[i];
  std::array<std::uint8_t, 32> mac{};
  bool ok = false;
  {
    const std::lock_guard lock(mutex_);
    const std::int64_t today = utc_day();
    if (today != day_) {
      // A new secret each UTC day; yesterday's is overwritten and gone.
      if (daneel::crypto::random_bytes(secret_)) day_ = today;
    }
    if (day_ == today) {
      const mbedtls_md_info_t* sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
      ok = sha256 != nullptr && mbedtls_md_hmac(sha256, secret_.data(), secret_.size(), input.data(),
                                                input.size(), mac.data()) == 0;
    }
  }
  // Without a secret (the random source failed) nothing about the client is logged.
  if (!ok) return "-";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 0x0f]);
  }
  return out;
}

std::string json_escape(std::string_view text, std::size_t max_length) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (text.size() > max_length) text = text.substr(0, max_length);
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte >= 0x20 && byte <= 0x7e) {
      out.push_back(c);
    } else {
      out += "\\u00";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0f]);
    }
  }
  return out;
}

void log_session(const SessionLogEntry& e) {
  std::string line = "{\"event\":\"relay_session\",\"time\":\"" + utc_timestamp() + "\"";
  line += ",\"client\":\"" + json_escape(e.client) + "\"";
  line += ",\"domain\":\"" + json_escape(e.domain) + "\"";
  line += ",\"mx\":\"" + json_escape(e.mx) + "\"";
  line += ",\"address\":\"" + json_escape(e.address) + "\"";
  line += ",\"verified\":\"" + json_escape(e.verified) + "\"";
  line += ",\"phase\":\"" + json_escape(e.phase) + "\"";
  line += ",\"close_code\":" + std::to_string(e.close_code);
  line += ",\"close_reason\":\"" + json_escape(e.close_reason, 123) + "\"";
  line += ",\"bytes_up\":" + std::to_string(e.bytes_up);
  line += ",\"bytes_down\":" + std::to_string(e.bytes_down);
  line += ",\"duration_ms\":" + std::to_string(e.duration.count()) + "}";
  log_message_raw(line);
}

}  // namespace daneel::proxy
