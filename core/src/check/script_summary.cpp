#include "check/script_summary.h"

#include <algorithm>

namespace daneel::check {

bool is_tested(const AddressReport& a) {
  return (!a.smtp_outcome.empty() || !a.connect_error.empty()) && !a.checker_limit;
}

ScriptSummary summarize_for_scripts(const Report& r) {
  ScriptSummary s;
  s.dnssec = r.mx.security;

  std::size_t tested = 0, starttls = 0;
  for (const HostReport& h : r.hosts)
    for (const AddressReport& a : h.addresses)
      if (is_tested(a)) {
        ++tested;
        if (a.smtp_outcome == "ok") ++starttls;
      }
  s.starttls = tested == 0 ? "not_tested" : starttls == tested ? "all" : starttls == 0 ? "none" : "some";

  if (r.verdict == "no-mail") {
    s.dane = "no_mail";
    return s;
  }
  // A DNSSEC failure anywhere DANE senders look: they defer or skip the host.
  const bool host_bogus = std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) {
    return h.address_security == "bogus" || (h.tlsa.state == "error" && h.tlsa.dnssec.security == "bogus");
  });
  if (r.mx.security == "bogus" || host_bogus) {
    s.dane = "bogus";
    return s;
  }
  if (r.hosts.empty()) {
    s.dane = "error";  // bad input, MX lookup without an answer, deadline before the MX answer
    return s;
  }
  std::size_t considered = 0, passed = 0, some_pass = 0, usable = 0, tested_usable = 0;
  for (const HostReport& h : r.hosts) {
    if (h.verdict == "skipped") continue;
    ++considered;
    if (h.verdict == "pass") ++passed;
    if (std::any_of(h.addresses.begin(), h.addresses.end(),
                    [](const AddressReport& a) { return a.verdict == "pass"; }))
      ++some_pass;
    if (h.tlsa.state == "usable") {
      ++usable;
      if (std::any_of(h.addresses.begin(), h.addresses.end(), is_tested)) ++tested_usable;
    }
  }
  if (considered == 0)
    s.dane = "error";  // no MX host has an address
  else if (passed == considered)
    s.dane = "pass";
  else if (some_pass > 0)
    s.dane = "partial";
  else if (tested_usable > 0)
    s.dane = "fail";
  else if (usable > 0)
    s.dane = "error";  // usable TLSA, but nothing tested
  else if (std::any_of(r.hosts.begin(), r.hosts.end(),
                       [](const HostReport& h) { return h.tlsa.state == "error"; }))
    s.dane = "error";  // a TLSA lookup without an answer
  else
    s.dane = "none";
  return s;
}

}  // namespace daneel::check
