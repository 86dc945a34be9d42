// CPU time of one DANE match: the check engine runs one per probed address.
// Inputs are the unit tests' generated certificates (tests/unit/data/dane).
#include <vector>

#include "bench.h"
#include "dane/certs.h"  // tests/unit/data/dane/certs.h
#include "dane/match.h"
#include "util/encoding.h"

namespace daneel::bench {
namespace {

Bytes der_of(const dane::testdata::TestCert& cert) { return encoding::from_hex(cert.der).value(); }

dns::Tlsa tlsa(std::uint8_t usage, std::uint8_t selector, std::uint8_t matching, std::string_view hex_digest) {
  return dns::Tlsa{usage, selector, matching, encoding::from_hex(hex_digest).value()};
}

}  // namespace

void dane_matching() {
  using namespace dane::testdata;
  const std::vector<dns::Name> names = {dns::Name::from_text("mx.example.nl.").value()};
  const TimeMs now = 1'767'225'600'000;  // 2026-01-01, inside the certificates' validity

  const std::vector<Bytes> ee_chain = {der_of(kEeEc)};
  const std::vector<dns::Tlsa> ee_records = {tlsa(3, 1, 1, kEeEc.spki_sha256)};
  run("dane match 3 1 1 (EC leaf)", 1, [&] {
    keep(dane::match({.chain = ee_chain, .records = ee_records, .reference_names = names, .now = now}));
  });

  const std::vector<Bytes> ta_chain = {der_of(kLeafMx), der_of(kInter)};
  const std::vector<dns::Tlsa> ta_records = {tlsa(2, 1, 1, kInter.spki_sha256)};
  run("dane match 2 1 1 (path of 2)", 1, [&] {
    keep(dane::match({.chain = ta_chain, .records = ta_records, .reference_names = names, .now = now}));
  });
}

}  // namespace daneel::bench
