#include "crypto/entropy.h"

#include <cstring>

#include <mbedtls/entropy.h>

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#else
#include <cerrno>
#include <sys/random.h>
#endif

namespace {

#if defined(__EMSCRIPTEN__)

// Fills HEAPU8[ptr, ptr+len) from the JS platform's CSPRNG; returns 0 on
// success, -1 if none is available. Browsers (and Node >= 19) expose
// globalThis.crypto.getRandomValues (at most 65536 bytes per call); older Node
// only has require('crypto').randomFillSync. HEAPU8 is re-read after each call
// because memory growth replaces the buffer.
EM_JS(int, daneel_js_fill_random, (unsigned char* ptr, std::size_t len), {
  var fill = null;
  var c = (typeof globalThis === 'object' && globalThis.crypto) ? globalThis.crypto : null;
  if (c && typeof c.getRandomValues === 'function') {
    fill = function(view) { c.getRandomValues(view); };
  } else if (typeof process === 'object' && process.versions && process.versions.node &&
             typeof require === 'function') {
    var nodeCrypto = require('crypto');
    fill = function(view) { nodeCrypto.randomFillSync(view); };
  }
  if (fill === null) return -1;
  try {
    for (var done = 0; done < len;) {
      var n = Math.min(len - done, 65536);
      fill(HEAPU8.subarray(ptr + done, ptr + done + n));
      done += n;
    }
  } catch (e) {
    return -1;
  }
  return 0;
});

bool fill_random(unsigned char* out, std::size_t len) noexcept {
  return daneel_js_fill_random(out, len) == 0;
}

#else

bool fill_random(unsigned char* out, std::size_t len) noexcept {
  std::size_t done = 0;
  while (done < len) {
    const ssize_t n = getrandom(out + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

#endif

}  // namespace

extern "C" int mbedtls_hardware_poll(void* /*data*/, unsigned char* output, std::size_t len,
                                     std::size_t* olen) {
  if (olen != nullptr) *olen = 0;
  if (len == 0) return 0;
  if (output == nullptr || olen == nullptr) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
  if (!fill_random(output, len)) {
    std::memset(output, 0, len);
    return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
  }
  *olen = len;
  return 0;
}

namespace daneel::crypto {

bool random_bytes(std::span<std::uint8_t> out) noexcept {
  if (out.empty()) return true;
  std::size_t got = 0;
  if (mbedtls_hardware_poll(nullptr, out.data(), out.size(), &got) != 0 || got != out.size()) {
    std::memset(out.data(), 0, out.size());
    return false;
  }
  return true;
}

}  // namespace daneel::crypto
