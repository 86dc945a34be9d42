// The CAA reader (dns/caa.h, RFC 8659 §4): issue/issuewild values with their
// issuer domain and parameters, tags case-insensitive, iodef, critical
// unknown properties; malformed values kept and marked, never refused.
#include <catch2/catch_test_macros.hpp>

#include "dns/caa.h"
#include "dns/rdata.h"

using namespace daneel;
using namespace daneel::dns;

namespace {

CaaIssuer issuer(std::string_view text) { return read_caa_issuer(as_bytes(text)); }

Caa caa(std::uint8_t flags, std::string tag, std::string_view value) {
  const ByteView v = as_bytes(value);
  return Caa{flags, std::move(tag), Bytes(v.begin(), v.end())};
}

}  // namespace

TEST_CASE("caa: issuer values (RFC 8659 §4.2)") {
  CHECK(issuer("ca.example.net") == CaaIssuer{"ca.example.net", {}, false});
  CHECK(issuer("  ca.example.net  ") == CaaIssuer{"ca.example.net", {}, false});
  CHECK(issuer("ca.example.net; account=230123") == CaaIssuer{"ca.example.net", {{"account", "230123"}}, false});
  CHECK(issuer("ca.example.net;account=1 ;  policy=ev") ==
        CaaIssuer{"ca.example.net", {{"account", "1"}, {"policy", "ev"}}, false});
  // ";" alone or nothing: no CA may issue.
  CHECK(issuer(";") == CaaIssuer{"", {}, false});
  CHECK(issuer("") == CaaIssuer{"", {}, false});
  CHECK(issuer("ca.example.net;") == CaaIssuer{"ca.example.net", {}, false});
  // Not the grammar: kept, marked.
  CHECK(issuer("-ca.example.net").malformed);
  CHECK(issuer("ca..example.net").malformed);
  CHECK(issuer("ca.example.net.").malformed);
  CHECK(issuer("ca.example.net; account").malformed);
  CHECK(issuer("ca.example.net; account=1;").malformed);
  CHECK(issuer("ca.example.net; a=b c").malformed);
  CHECK(issuer("ca_x.example").domain == "ca_x.example");
  CHECK(issuer("ca_x.example").malformed);
  // Bounded: more parameters than kMaxCaaParameters are not kept.
  std::string many = "ca.example";
  for (std::size_t i = 0; i <= kMaxCaaParameters; ++i) many += "; p" + std::to_string(i) + "=v";
  const CaaIssuer bounded = issuer(many);
  CHECK(bounded.malformed);
  CHECK(bounded.parameters.size() == kMaxCaaParameters);
}

TEST_CASE("caa: an issuer's text reads back to itself") {
  for (const std::string_view text : {"ca.example.net", ";", "ca.example.net; account=1; policy=ev", "; a=b"}) {
    INFO(text);
    const CaaIssuer once = issuer(text);
    REQUIRE_FALSE(once.malformed);
    CHECK(issuer(caa_issuer_text(once)) == once);
  }
}

TEST_CASE("caa: the policy of an RRset") {
  const std::vector<Caa> records{caa(0, "ISSUE", "ca.example.net"), caa(0, "issuewild", ";"),
                                 caa(0, "iodef", "mailto:caa@example.nl"), caa(128, "tbs", "x"),
                                 caa(0, "contactemail", "x@example.nl")};
  const CaaPolicy p = read_caa_policy(records);
  REQUIRE(p.issue.size() == 1);  // tags are case-insensitive
  CHECK(p.issue[0].domain == "ca.example.net");
  REQUIRE(p.issuewild.size() == 1);
  CHECK(p.issuewild[0].domain.empty());
  CHECK(p.iodef == 1);
  CHECK(p.critical_unknown == std::vector<std::string>{"tbs"});
  CHECK(p.records == 5);
  CHECK_FALSE(p.truncated);

  const CaaPolicy only_iodef = read_caa_policy(std::vector<Caa>{caa(0, "iodef", "mailto:a@b.nl")});
  CHECK(only_iodef.issue.empty());
  CHECK(only_iodef.issuewild.empty());

  std::vector<Caa> lots(kMaxCaaProperties + 3, caa(0, "issue", "ca.example"));
  const CaaPolicy bounded = read_caa_policy(lots);
  CHECK(bounded.truncated);
  CHECK(bounded.issue.size() == kMaxCaaProperties);
}
