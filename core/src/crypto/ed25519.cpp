#include "crypto/ed25519.h"

#include <sodium/crypto_sign_ed25519.h>

namespace daneel::crypto {

static_assert(ed25519_signature_size == crypto_sign_ed25519_BYTES);
static_assert(ed25519_public_key_size == crypto_sign_ed25519_PUBLICKEYBYTES);

bool ed25519_verify(std::span<const std::uint8_t> signature64,
                    std::span<const std::uint8_t> message,
                    std::span<const std::uint8_t> public_key32) noexcept {
  if (signature64.size() != ed25519_signature_size ||
      public_key32.size() != ed25519_public_key_size) {
    return false;
  }
  // libsodium reads `message` only when its length is non-zero, but never hand
  // it a null pointer: an empty std::span may have one.
  static const std::uint8_t empty = 0;
  const std::uint8_t* msg = message.empty() ? &empty : message.data();
  return crypto_sign_ed25519_verify_detached(signature64.data(), msg, message.size(),
                                             public_key32.data()) == 0;
}

}  // namespace daneel::crypto
