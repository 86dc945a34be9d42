// The wasm module's only translation unit: its exports live in core/src/capi,
// except the heap figure below, which only makes sense in the wasm build.
#include <malloc.h>

#include <cstddef>

#include "capi/daneel.h"

extern "C" {
// Referencing one C ABI function keeps the linker from dropping the archive member.
__attribute__((used)) const void* daneel_wasm_keep = reinterpret_cast<const void*>(&daneel_build_info);

// Bytes of the wasm heap allocated and not yet freed (emmalloc's mallinfo):
// unlike the size of linear memory, which only grows, this falls back when
// everything is freed, so the leak tests can compare it exactly.
__attribute__((used)) size_t daneel_heap_in_use() {
  return static_cast<size_t>(mallinfo().uordblks);
}
}
