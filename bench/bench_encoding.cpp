// Codec throughput: DNSKEY/RRSIG base64 and NSEC3 base32hex are decoded for
// every validated record, so these sit on the validator's path.
#include <string>

#include "bench.h"
#include "util/encoding.h"

namespace daneel::bench {

void encoding() {
  Bytes data(4096);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 131 + 7);
  const std::string b64 = encoding::to_base64(data);
  const std::string b32 = encoding::to_base32hex(data);
  const std::string hex = encoding::to_hex(data);

  run("base64 encode 4 KiB", data.size(), [&] { keep(encoding::to_base64(data)); });
  run("base64 decode 4 KiB", data.size(), [&] { keep(encoding::from_base64(b64)); });
  run("base32hex decode 4 KiB", data.size(), [&] { keep(encoding::from_base32hex(b32)); });
  run("hex decode 4 KiB", data.size(), [&] { keep(encoding::from_hex(hex)); });
}

}  // namespace daneel::bench
