#include "smtp/reply_reader.h"

#include <algorithm>

namespace daneel::smtp {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::size_t ReplyReader::buffered_bytes() const {
  std::size_t total = line_.size();
  for (const auto& line : reply_.lines) total += line.size();
  return total;
}

void ReplyReader::reset() {
  line_.clear();
  reply_ = Reply{};
  reply_started_ = false;
}

ReplyStep ReplyReader::read(ByteView& data, TimeMs now) {
  while (!data.empty()) {
    if (!reply_started_) {
      reply_started_ = true;
      reply_.first_byte_at = now;
    }
    const auto newline = std::find(data.begin(), data.end(), std::uint8_t{'\n'});
    const std::size_t take = static_cast<std::size_t>(newline - data.begin());
    // Bound the line before copying: a 1 MB line never gets buffered.
    if (line_.size() + take > limits_.max_line) {
      return {std::nullopt, ReplyError{Outcome::line_too_long, "a reply line is longer than " +
                                                                   std::to_string(limits_.max_line) + " bytes"}};
    }
    line_.append(reinterpret_cast<const char*>(data.data()), take);
    if (newline == data.end()) {
      data = data.subspan(take);
      return {};
    }
    data = data.subspan(take + 1);
    bool complete = false;
    if (auto error = on_line(now, complete)) return {std::nullopt, std::move(error)};
    if (complete) {
      ReplyStep step{std::move(reply_), std::nullopt};
      reset();
      return step;
    }
  }
  return {};
}

// One line (without LF) is in line_: check it and add it to the reply.
std::optional<ReplyError> ReplyReader::on_line(TimeMs now, bool& complete) {
  if (!line_.empty() && line_.back() == '\r') {
    line_.pop_back();
  } else {
    reply_.bare_line_feed = true;
  }
  // RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39.
  const bool code_ok = line_.size() >= 3 && line_[0] >= '2' && line_[0] <= '5' && line_[1] >= '0' &&
                       line_[1] <= '5' && is_digit(line_[2]);
  const char separator = line_.size() > 3 ? line_[3] : ' ';
  if (!code_ok || (separator != ' ' && separator != '-')) {
    std::string shown = line_.substr(0, 40);
    for (char& c : shown) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    }
    return ReplyError{Outcome::protocol_error, "not an SMTP reply line: \"" + shown + "\""};
  }
  const int code = (line_[0] - '0') * 100 + (line_[1] - '0') * 10 + (line_[2] - '0');
  if (!reply_.lines.empty() && code != reply_.code) {
    return ReplyError{Outcome::protocol_error, "reply code changed within a multi-line reply: " +
                                                   std::to_string(reply_.code) + " then " + std::to_string(code)};
  }
  if (reply_.lines.size() >= limits_.max_reply_lines) {
    return ReplyError{Outcome::too_many_lines,
                      "a reply has more than " + std::to_string(limits_.max_reply_lines) + " lines"};
  }
  reply_.code = code;
  std::string text = line_.size() > 4 ? line_.substr(4) : std::string();
  if (std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > 0x7e || (byte < 0x20 && byte != '\t');
      })) {
    reply_.non_ascii = true;
  }
  reply_.lines.push_back(std::move(text));
  line_.clear();
  complete = separator == ' ';
  if (complete) reply_.completed_at = now;
  return std::nullopt;
}

}  // namespace daneel::smtp
