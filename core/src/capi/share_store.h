// The probe stores of the C ABI (share_capi.h), for the check sessions that
// name one (check_capi.cpp). Internal to daneel_capi.
#pragma once

#include <cstdint>
#include <string_view>

#include "check/shared_probes.h"

namespace daneel::capi {

// The store with this handle, or null (never made, or freed).
check::SharedProbes* find_probe_store(std::uint32_t handle);

// Sets daneel_last_error (kept in check_capi.cpp).
void set_last_error(std::string_view code, std::string_view message);

}  // namespace daneel::capi
