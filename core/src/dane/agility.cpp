#include "dane/agility.h"

#include <array>
#include <cstddef>

namespace daneel::dane {

namespace {

// Preference of the digest matching types; Full(0) is outside the ranking.
// RFC 7671 §9 leaves the order to the client; every implementation ranks
// SHA2-512 above SHA2-256.
constexpr int preference(std::uint8_t matching) { return matching == 2 ? 2 : matching == 1 ? 1 : 0; }

}  // namespace

std::vector<AgilityDecision> apply_digest_agility(std::span<const dns::Tlsa> records,
                                                  std::span<const Usability> usability) {
  // best[usage - 2][selector]: the most preferred digest among usable records.
  std::array<std::array<int, 2>, 2> best{};
  const std::size_t count = records.size() < usability.size() ? records.size() : usability.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (!usability[i].usable()) continue;
    const dns::Tlsa& r = records[i];
    int& slot = best[r.usage - 2u][r.selector];
    if (preference(r.matching_type) > slot) slot = preference(r.matching_type);
  }
  std::vector<AgilityDecision> out(records.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (!usability[i].usable()) continue;
    const dns::Tlsa& r = records[i];
    const int top = best[r.usage - 2u][r.selector];
    if (r.matching_type == 0 || preference(r.matching_type) == top) {
      out[i].in_force = true;
    } else {
      out[i].superseded = "ignored by digest agility (RFC 7671 §9): the RRset has SHA2-512 records for usage " +
                          std::to_string(r.usage) + " selector " + std::to_string(r.selector);
    }
  }
  return out;
}

}  // namespace daneel::dane
