// The wasm module's only translation unit: its exports live in core/src/capi.
// Referencing one keeps the linker from dropping the archive member.
#include "capi/daneel.h"

extern "C" {
__attribute__((used)) const void* daneel_wasm_keep = reinterpret_cast<const void*>(&daneel_build_info);
}
