// Splits the server's bytes into SMTP replies (RFC 5321 §4.2): lines
// "ddd-text" continue a reply, "ddd text" or "ddd" end it, every line of one
// reply carries the same code (§4.2.1). Incremental and bounded: at most one
// line (SmtpLimits::max_line) and one reply (max_reply_lines lines) are held,
// however the bytes are split or however many arrive.
#pragma once

#include <optional>
#include <string>

#include "smtp/smtp_limits.h"
#include "smtp/smtp_result.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::smtp {

struct ReplyError {
  Outcome outcome;  // line_too_long, too_many_lines or protocol_error
  std::string detail;
};

struct ReplyStep {
  std::optional<Reply> reply;       // a complete reply
  std::optional<ReplyError> error;  // the stream is unusable from here on
};

class ReplyReader {
 public:
  explicit ReplyReader(SmtpLimits limits) : limits_(limits) {}

  // Consumes bytes from the front of `data` until one reply is complete, an
  // error occurs, or `data` is used up (neither set). Bytes after a complete
  // reply stay in `data` for the caller to judge.
  ReplyStep read(ByteView& data, TimeMs now);

  // True while part of a reply has been received.
  [[nodiscard]] bool in_reply() const { return !line_.empty() || !reply_.lines.empty(); }
  // Held bytes (for tests that assert the bounds).
  [[nodiscard]] std::size_t buffered_bytes() const;
  void reset();

 private:
  std::optional<ReplyError> on_line(TimeMs now, bool& complete);

  SmtpLimits limits_;  // a copy: the reader must not depend on its owner staying put
  std::string line_;  // the current line without its LF
  Reply reply_;
  bool reply_started_ = false;
};

}  // namespace daneel::smtp
