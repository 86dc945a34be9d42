#include "dns/rr_type.h"

#include <array>
#include <utility>

#include "dns/text.h"

namespace daneel::dns {
namespace {

constexpr std::array<std::pair<RrType, std::string_view>, 29> kTypes{{
    {RrType::a, "A"}, {RrType::ns, "NS"}, {RrType::cname, "CNAME"}, {RrType::soa, "SOA"},
    {RrType::ptr, "PTR"}, {RrType::hinfo, "HINFO"}, {RrType::mx, "MX"}, {RrType::txt, "TXT"},
    {RrType::aaaa, "AAAA"}, {RrType::srv, "SRV"}, {RrType::naptr, "NAPTR"}, {RrType::dname, "DNAME"},
    {RrType::opt, "OPT"}, {RrType::ds, "DS"}, {RrType::sshfp, "SSHFP"}, {RrType::rrsig, "RRSIG"},
    {RrType::nsec, "NSEC"}, {RrType::dnskey, "DNSKEY"}, {RrType::nsec3, "NSEC3"},
    {RrType::nsec3param, "NSEC3PARAM"}, {RrType::tlsa, "TLSA"}, {RrType::cds, "CDS"},
    {RrType::cdnskey, "CDNSKEY"}, {RrType::svcb, "SVCB"}, {RrType::https, "HTTPS"}, {RrType::ixfr, "IXFR"},
    {RrType::axfr, "AXFR"}, {RrType::any, "ANY"}, {RrType::caa, "CAA"},
}};

constexpr std::array<std::pair<RrClass, std::string_view>, 5> kClasses{{
    {RrClass::in, "IN"}, {RrClass::ch, "CH"}, {RrClass::hs, "HS"}, {RrClass::none, "NONE"}, {RrClass::any, "ANY"},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if ((x >= 'a' && x <= 'z' ? x - 32 : x) != (y >= 'a' && y <= 'z' ? y - 32 : y)) return false;
  }
  return true;
}

// Looks `text` up in a mnemonic table, or reads the RFC 3597 generic `PREFIXnnn`.
template <class Value, std::size_t N>
Result<Value> from_text(const std::array<std::pair<Value, std::string_view>, N>& table, std::string_view prefix,
                        std::string_view what, std::string_view text) {
  for (const auto& [value, name] : table)
    if (iequals(name, text)) return value;
  if (text.size() > prefix.size() && iequals(text.substr(0, prefix.size()), prefix)) {
    const Result<std::uint32_t> number = parse_decimal(text.substr(prefix.size()), 65535);
    if (number) return static_cast<Value>(number.value());
  }
  return make_error(Errc::malformed, "unknown " + std::string(what) + " \"" + std::string(text) + "\"");
}

template <class Value, std::size_t N>
std::string to_text(const std::array<std::pair<Value, std::string_view>, N>& table, std::string_view prefix,
                    Value value) {
  for (const auto& [known, name] : table)
    if (known == value) return std::string(name);
  return std::string(prefix) + std::to_string(static_cast<std::uint16_t>(value));
}

}  // namespace

std::string to_string(RrType type) { return to_text(kTypes, "TYPE", type); }
Result<RrType> rr_type_from_text(std::string_view text) { return from_text(kTypes, "TYPE", "RR type", text); }
std::string to_string(RrClass rclass) { return to_text(kClasses, "CLASS", rclass); }
Result<RrClass> rr_class_from_text(std::string_view text) { return from_text(kClasses, "CLASS", "class", text); }

}  // namespace daneel::dns
