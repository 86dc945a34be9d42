#include "dnssec/nsec3_hash.h"

#include <string>

#include "mbedtls/sha1.h"

namespace daneel::dnssec {
namespace {

// One SHA-1 over data || salt. Mbed TLS's SHA-1 cannot fail on memory
// buffers; a non-zero return would be a broken build, not bad input.
bool sha1_with_salt(ByteView data, ByteView salt, Nsec3Hash& out) {
  mbedtls_sha1_context context;
  mbedtls_sha1_init(&context);
  const bool ok = mbedtls_sha1_starts(&context) == 0 && mbedtls_sha1_update(&context, data.data(), data.size()) == 0 &&
                  mbedtls_sha1_update(&context, salt.data(), salt.size()) == 0 &&
                  mbedtls_sha1_finish(&context, out.data()) == 0;
  mbedtls_sha1_free(&context);
  return ok;
}

}  // namespace

Result<Nsec3Hash> nsec3_hash(const dns::Name& name, const Nsec3Params& params) {
  if (params.algorithm != kNsec3Sha1) {
    return make_error(Errc::unsupported, "NSEC3 hash algorithm " + std::to_string(params.algorithm) + " is not SHA-1");
  }
  // RFC 5155 §5: the owner name in canonical form (RFC 4034 §6.2: lowercase).
  const dns::Name canonical = name.canonical();
  Nsec3Hash digest{};
  if (!sha1_with_salt(canonical.wire(), params.salt, digest)) return make_error(Errc::internal, "SHA-1 failed");
  for (std::uint32_t round = 0; round < params.iterations; ++round) {  // at most 65535 rounds by type
    const Nsec3Hash previous = digest;
    if (!sha1_with_salt(previous, params.salt, digest)) return make_error(Errc::internal, "SHA-1 failed");
  }
  return digest;
}

}  // namespace daneel::dnssec
