// The grading data file (core/tls_grading/ncsc-2025-05.json) as text,
// generated into the build tree by core/src/tls/CMakeLists.txt from
// grading_data.cpp.in: the data file is the one source of the tables.
#pragma once

#include <string_view>

namespace daneel::tls {

std::string_view grading_data_ncsc_2025_05();

}  // namespace daneel::tls
