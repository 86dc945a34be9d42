// SVCB/HTTPS SvcParams (RFC 9460): wire validation and presentation form.
#include <algorithm>
#include <array>
#include <utility>

#include "dns/address.h"
#include "dns/rdata_parts.h"
#include "util/byte_reader.h"
#include "util/encoding.h"

namespace daneel::dns {
namespace {

constexpr std::array<std::pair<SvcKey, std::string_view>, 8> kKeys{{
    {SvcKey::mandatory, "mandatory"}, {SvcKey::alpn, "alpn"}, {SvcKey::no_default_alpn, "no-default-alpn"},
    {SvcKey::port, "port"}, {SvcKey::ipv4hint, "ipv4hint"}, {SvcKey::ech, "ech"}, {SvcKey::ipv6hint, "ipv6hint"},
    {SvcKey::dohpath, "dohpath"},
}};
constexpr std::uint16_t kInvalidKey = 65535;  // RFC 9460 §14.3.2

std::string key_name(std::uint16_t key) {
  for (const auto& [known, name] : kKeys)
    if (static_cast<std::uint16_t>(known) == key) return std::string(name);
  return "key" + std::to_string(key);
}

Result<std::uint16_t> key_from_name(std::string_view name) {
  for (const auto& [known, text] : kKeys)
    if (text == name) return static_cast<std::uint16_t>(known);
  if (name.substr(0, 3) == "key") {
    const Result<std::uint32_t> number = parse_decimal(name.substr(3), kInvalidKey - 1);
    if (number) return static_cast<std::uint16_t>(number.value());
  }
  return make_error(Errc::malformed, "unknown SvcParamKey \"" + std::string(name) + "\"");
}

Error bad_value(std::uint16_t key, std::string_view why) {
  return make_error(Errc::malformed, "SvcParam " + key_name(key) + ": " + std::string(why) + " (RFC 9460 §7)");
}

// Splits the alpn-id list of an alpn value (length-prefixed ids, RFC 9460 §7.1.1).
Result<std::vector<ByteView>> alpn_ids(const SvcParam& param) {
  std::vector<ByteView> ids;
  ByteReader reader(param.value);
  while (reader.ok() && !reader.at_end()) {
    const std::uint8_t length = reader.u8();
    const ByteView id = reader.bytes(length);
    if (!reader.ok() || length == 0) return bad_value(param.key, "alpn-id list is malformed");
    ids.push_back(id);
  }
  if (ids.empty()) return bad_value(param.key, "empty alpn-id list");
  return ids;
}

Status validate_value(const SvcParam& p) {
  const std::size_t n = p.value.size();
  switch (static_cast<SvcKey>(p.key)) {
    case SvcKey::mandatory: {
      if (n == 0 || n % 2 != 0) return bad_value(p.key, "length must be a non-zero multiple of 2");
      for (std::size_t i = 0; i < n; i += 2) {
        const unsigned key = unsigned{p.value[i]} << 8 | p.value[i + 1];
        if (key == 0) return bad_value(p.key, "lists itself");
        if (i > 0 && key <= (unsigned{p.value[i - 2]} << 8 | p.value[i - 1]))
          return bad_value(p.key, "keys not strictly ascending");
      }
      return {};
    }
    case SvcKey::alpn: {
      const auto ids = alpn_ids(p);
      if (!ids) return ids.error();
      return {};
    }
    case SvcKey::no_default_alpn:
      if (n != 0) return bad_value(p.key, "must have an empty value");
      return {};
    case SvcKey::port:
      if (n != 2) return bad_value(p.key, "must be 2 octets");
      return {};
    case SvcKey::ipv4hint:
      if (n == 0 || n % 4 != 0) return bad_value(p.key, "length must be a non-zero multiple of 4");
      return {};
    case SvcKey::ipv6hint:
      if (n == 0 || n % 16 != 0) return bad_value(p.key, "length must be a non-zero multiple of 16");
      return {};
    case SvcKey::ech:
    case SvcKey::dohpath:
      return {};
  }
  return {};
}

// A value as a <character-string>: bare when nothing needs escaping or quoting.
std::string value_text(ByteView value) {
  const bool bare = !value.empty() && std::all_of(value.begin(), value.end(), [](std::uint8_t c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '(' && c != ')';
  });
  if (bare) return std::string(value.begin(), value.end());
  return quote(value);
}

// Comma-separated list items, each already in text form.
template <class Items, class Print>
std::string join(const Items& items, Print print) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.push_back(',');
    out += print(item);
  }
  return out;
}

// RFC 9460 Appendix A.1: splits a value on commas; `\,` and `\\` (after the
// <character-string> layer was decoded) are a literal comma and backslash.
std::vector<Bytes> split_list(const Bytes& value) {
  std::vector<Bytes> items(1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      items.back().push_back(value[++i]);
    } else if (value[i] == ',') {
      items.emplace_back();
    } else {
      items.back().push_back(value[i]);
    }
  }
  return items;
}

Result<Bytes> value_from_text(std::uint16_t key, const Bytes& text) {
  Bytes out;
  const auto as_view = [](const Bytes& b) { return std::string_view(reinterpret_cast<const char*>(b.data()), b.size()); };
  switch (static_cast<SvcKey>(key)) {
    case SvcKey::mandatory: {
      std::vector<std::uint16_t> keys;
      for (const Bytes& item : split_list(text)) {
        const Result<std::uint16_t> k = key_from_name(as_view(item));
        if (!k) return k.error();
        keys.push_back(k.value());
      }
      std::sort(keys.begin(), keys.end());  // presentation order is free, wire order ascending (§8)
      for (const std::uint16_t k : keys) out.push_back(static_cast<std::uint8_t>(k >> 8)), out.push_back(static_cast<std::uint8_t>(k));
      return out;
    }
    case SvcKey::alpn:
      for (const Bytes& id : split_list(text)) {
        if (id.empty() || id.size() > 255) return bad_value(key, "alpn-id must be 1..255 octets");
        out.push_back(static_cast<std::uint8_t>(id.size()));
        out.insert(out.end(), id.begin(), id.end());
      }
      return out;
    case SvcKey::port: {
      const Result<std::uint32_t> port = parse_decimal(as_view(text), 65535);
      if (!port) return bad_value(key, port.error().message);
      return Bytes{static_cast<std::uint8_t>(port.value() >> 8), static_cast<std::uint8_t>(port.value())};
    }
    case SvcKey::ipv4hint:
      for (const Bytes& item : split_list(text)) {
        const Result<Ipv4> address = ipv4_from_text(as_view(item));
        if (!address) return address.error();
        out.insert(out.end(), address.value().begin(), address.value().end());
      }
      return out;
    case SvcKey::ipv6hint:
      for (const Bytes& item : split_list(text)) {
        const Result<Ipv6> address = ipv6_from_text(as_view(item));
        if (!address) return address.error();
        out.insert(out.end(), address.value().begin(), address.value().end());
      }
      return out;
    case SvcKey::ech: {
      Result<Bytes> decoded = encoding::from_base64(as_view(text));
      if (!decoded) return bad_value(key, decoded.error().message);
      return std::move(decoded).value();
    }
    case SvcKey::no_default_alpn:
    case SvcKey::dohpath:
      break;
  }
  return text;
}

}  // namespace

Status validate_svc_params(const std::vector<SvcParam>& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].key == kInvalidKey) return make_error(Errc::malformed, "SvcParamKey 65535 is reserved (RFC 9460 §14.3.2)");
    if (i > 0 && params[i].key <= params[i - 1].key)
      return make_error(Errc::malformed, "SvcParamKey " + std::to_string(params[i].key) + " after " +
                                             std::to_string(params[i - 1].key) +
                                             ": keys must be strictly ascending (RFC 9460 §2.2)");
    if (const Status valid = validate_value(params[i]); !valid) return valid;
  }
  return {};
}

Result<std::vector<SvcParam>> svc_params_from_wire(ByteView wire) {
  std::vector<SvcParam> params;
  ByteReader reader(wire);
  while (reader.ok() && !reader.at_end()) {
    const std::size_t at = reader.offset();
    const std::uint16_t key = reader.u16();
    const std::uint16_t length = reader.u16();
    const ByteView value = reader.bytes(length);
    if (!reader.ok()) return make_error(Errc::truncated, "SvcParam at offset " + std::to_string(at) + " is cut off");
    params.push_back({key, Bytes(value.begin(), value.end())});
  }
  if (const Status valid = validate_svc_params(params); !valid) return valid.error();
  return params;
}

std::string svc_params_to_text(const std::vector<SvcParam>& params) {
  std::string out;
  for (const SvcParam& p : params) {
    if (!out.empty()) out.push_back(' ');
    out += key_name(p.key);
    std::string value;
    switch (static_cast<SvcKey>(p.key)) {
      case SvcKey::mandatory: {
        std::vector<std::uint16_t> keys;
        for (std::size_t i = 0; i + 1 < p.value.size(); i += 2)
          keys.push_back(static_cast<std::uint16_t>(p.value[i] << 8 | p.value[i + 1]));
        value = join(keys, key_name);
        break;
      }
      case SvcKey::alpn: {
        // Escape list separators inside an id, then the <character-string> layer.
        Bytes listed;
        const Result<std::vector<ByteView>> ids = alpn_ids(p);  // valid: parsers refuse bad lists
        for (const ByteView id : ids.value()) {
          if (!listed.empty()) listed.push_back(',');
          for (const std::uint8_t c : id) {
            if (c == ',' || c == '\\') listed.push_back('\\');
            listed.push_back(c);
          }
        }
        value = value_text(listed);
        break;
      }
      case SvcKey::no_default_alpn: break;
      case SvcKey::port: value = std::to_string(p.value[0] << 8 | p.value[1]); break;
      case SvcKey::ipv4hint: {
        std::vector<Ipv4> addresses(p.value.size() / 4);
        for (std::size_t i = 0; i < addresses.size(); ++i) std::copy_n(p.value.begin() + static_cast<std::ptrdiff_t>(4 * i), 4, addresses[i].begin());
        value = join(addresses, ipv4_to_text);
        break;
      }
      case SvcKey::ipv6hint: {
        std::vector<Ipv6> addresses(p.value.size() / 16);
        for (std::size_t i = 0; i < addresses.size(); ++i) std::copy_n(p.value.begin() + static_cast<std::ptrdiff_t>(16 * i), 16, addresses[i].begin());
        value = join(addresses, ipv6_to_text);
        break;
      }
      case SvcKey::ech: value = encoding::to_base64(p.value); break;
      default: value = p.value.empty() ? std::string() : value_text(p.value); break;
    }
    if (!value.empty()) out += "=" + value;
  }
  return out;
}

Result<std::vector<SvcParam>> svc_params_from_text(std::span<const Token> tokens) {
  std::vector<SvcParam> params;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.quoted) return make_error(Errc::malformed, "SvcParam expected, got a quoted string at offset " + std::to_string(token.offset));
    const std::size_t eq = token.text.find('=');
    const Result<std::uint16_t> key = key_from_name(token.text.substr(0, eq));
    if (!key) return key.error();
    std::string_view raw;
    if (eq != std::string_view::npos) {
      raw = token.text.substr(eq + 1);
      // key="value": the tokenizer split the quoted value off; rejoin it.
      if (raw.empty() && i + 1 < tokens.size() && tokens[i + 1].quoted &&
          tokens[i + 1].offset == token.offset + token.text.size())
        raw = tokens[++i].text;
    }
    const Result<Bytes> text = unescape(raw);
    if (!text) return text.error();
    if (eq == std::string_view::npos || text.value().empty()) {
      params.push_back({key.value(), {}});
      continue;
    }
    if (key.value() == static_cast<std::uint16_t>(SvcKey::no_default_alpn)) return bad_value(key.value(), "takes no value");
    Result<Bytes> value = value_from_text(key.value(), text.value());
    if (!value) return value.error();
    params.push_back({key.value(), std::move(value).value()});
  }
  std::stable_sort(params.begin(), params.end(), [](const SvcParam& a, const SvcParam& b) { return a.key < b.key; });
  if (const Status valid = validate_svc_params(params); !valid) return valid.error();
  return params;
}

}  // namespace daneel::dns
