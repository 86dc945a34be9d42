// The SMTP reply reader takes whatever a (possibly hostile) server sends.
// Properties on every input, fed in chunks whose size the first byte picks:
//  - no crash, no read out of bounds (sanitizers watch);
//  - the reader never holds more than one line plus one reply's worth of
//    lines within its limits (bounded memory whatever arrives);
//  - a complete reply has a code from 200 to 599 and at most max_reply_lines lines.
#include <cstdint>
#include <cstdlib>

#include "smtp/reply_reader.h"

using namespace daneel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  ByteView rest(data + 1, size - 1);
  const smtp::SmtpLimits limits;
  smtp::ReplyReader reader(limits);
  // Each round consumes at least one byte or ends, so this loop is bounded by size.
  while (!rest.empty()) {
    ByteView piece = rest.first(std::min(chunk, rest.size()));
    const std::size_t before = piece.size();
    const smtp::ReplyStep step = reader.read(piece, 0);
    const std::size_t used = before - piece.size();
    if (reader.buffered_bytes() > limits.max_line * (limits.max_reply_lines + 1)) std::abort();
    if (step.error) return 0;
    if (step.reply) {
      if (step.reply->code < 200 || step.reply->code > 599) std::abort();
      if (step.reply->lines.size() > limits.max_reply_lines) std::abort();
    }
    if (used == 0 && !step.reply) std::abort();  // no progress without a reply: would loop forever
    rest = rest.subspan(used);
  }
  return 0;
}
