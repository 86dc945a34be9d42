// A certificate's validity dates against the check's time; its own header,
// free of Mbed TLS, so that reports can name it.
#pragma once

#include <cstdint>
#include <string_view>

namespace daneel::dane {

enum class Validity : std::uint8_t { valid, expired, not_yet_valid };
std::string_view to_string(Validity validity);

}  // namespace daneel::dane
