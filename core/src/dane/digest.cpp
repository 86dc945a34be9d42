#include "dane/digest.h"

#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "util/result.h"

namespace daneel::dane {

Bytes sha256(ByteView data) {
  Bytes out(kSha256Size);
  // The one-shot functions only fail on internal errors of the hash itself.
  if (mbedtls_sha256(data.data(), data.size(), out.data(), 0) != 0) fatal("SHA-256 failed");
  return out;
}

Bytes sha512(ByteView data) {
  Bytes out(kSha512Size);
  if (mbedtls_sha512(data.data(), data.size(), out.data(), 0) != 0) fatal("SHA-512 failed");
  return out;
}

Bytes association_data(ByteView selected, MatchingType matching) {
  switch (matching) {
    case MatchingType::sha2_256: return sha256(selected);
    case MatchingType::sha2_512: return sha512(selected);
    case MatchingType::full: break;
  }
  return Bytes(selected.begin(), selected.end());
}

}  // namespace daneel::dane
