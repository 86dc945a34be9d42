#include "dns/name.h"

#include <algorithm>
#include <array>

#include "dns/text.h"

namespace daneel::dns {
namespace {

constexpr std::size_t kMaxLabels = 127;  // 127 one-octet labels + root = 255 octets

// Offsets of the length octets of every non-root label, left to right.
struct LabelOffsets {
  std::array<std::uint8_t, kMaxLabels> at{};
  std::size_t count = 0;
};

LabelOffsets label_offsets(ByteView wire) {
  LabelOffsets offsets;
  for (std::size_t pos = 0; wire[pos] != 0; pos += 1 + wire[pos]) offsets.at[offsets.count++] = static_cast<std::uint8_t>(pos);
  return offsets;
}

// Lowercased octet strings, shorter first on a common prefix (RFC 4034 §6.1).
// (Emscripten's libc++ 13 has no lexicographical_compare_three_way.)
int compare_label(ByteView x, ByteView y) {
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (ascii_lower(x[i]) != ascii_lower(y[i])) return ascii_lower(x[i]) < ascii_lower(y[i]) ? -1 : 1;
  return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
}

std::string at_offset(std::size_t offset) { return " at offset " + std::to_string(offset); }

// Appends one label to a wire name under construction (without its root label),
// enforcing RFC 1035 §2.3.4. `terminated` accounts for the root label still to come.
Status append_label(Bytes& wire, ByteView label) {
  if (label.empty()) return make_error(Errc::malformed, "empty label");
  if (label.size() > kMaxLabelLength)
    return make_error(Errc::limit_exceeded,
                      "label of " + std::to_string(label.size()) + " octets (at most 63, RFC 1035 §2.3.4)");
  if (wire.size() + 1 + label.size() + 1 > kMaxNameLength)
    return make_error(Errc::limit_exceeded, "name longer than 255 octets (RFC 1035 §2.3.4)");
  wire.push_back(static_cast<std::uint8_t>(label.size()));
  wire.insert(wire.end(), label.begin(), label.end());
  return {};
}

}  // namespace

Result<Name> Name::from_text(std::string_view text) {
  if (text.empty()) return make_error(Errc::malformed, "empty name");
  if (text == ".") return Name();
  Bytes wire;
  Bytes label;
  std::size_t label_start = 0;
  bool ends_with_dot = false;
  const auto finish_label = [&]() -> Status {
    if (const Status appended = append_label(wire, label); !appended)
      return make_error(appended.error().code,
                        "name \"" + std::string(text) + "\": " + appended.error().message + at_offset(label_start));
    label.clear();
    return {};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    ends_with_dot = text[i] == '.';
    if (ends_with_dot) {
      if (const Status finished = finish_label(); !finished) return finished.error();
      label_start = i + 1;
      continue;
    }
    if (label.size() > kMaxLabelLength) return finish_label().error();  // fail early on huge input
    if (text[i] != '\\') {
      label.push_back(static_cast<std::uint8_t>(text[i]));
      continue;
    }
    const Result<EscapedOctet> escaped = read_escape(text, i);
    if (!escaped) return make_error(escaped.error().code, "name \"" + std::string(text) + "\": " + escaped.error().message);
    label.push_back(escaped.value().octet);
    i += escaped.value().length - 1;
  }
  if (!ends_with_dot) {
    if (const Status finished = finish_label(); !finished) return finished.error();
  }
  wire.push_back(0);
  return Name(std::move(wire));
}

Result<Name> Name::from_wire(ByteView wire) {
  ByteReader reader(wire);
  Name name = read_name(reader, Compression::forbidden);
  if (!reader.ok()) return *reader.error();
  if (!reader.at_end())
    return make_error(Errc::malformed, std::to_string(reader.remaining()) + " bytes after the name" +
                                           at_offset(reader.offset()));
  return name;
}

std::string Name::to_text() const {
  if (is_root()) return ".";
  std::string out;
  for (std::size_t pos = 0; wire_[pos] != 0; pos += 1 + wire_[pos]) {
    for (const std::uint8_t c : ByteView(wire_).subspan(pos + 1, wire_[pos])) append_escaped(out, c, EscapeContext::name);
    out.push_back('.');
  }
  return out;
}

std::size_t Name::label_count() const { return label_offsets(wire_).count; }

std::size_t Name::rrsig_label_count() const { return label_count() - (is_wildcard() ? 1 : 0); }

bool Name::is_wildcard() const { return wire_[0] == 1 && wire_[1] == '*'; }

ByteView Name::label(std::size_t index) const {
  const LabelOffsets offsets = label_offsets(wire_);
  if (index >= offsets.count) fatal("Name::label: index out of range");
  const std::size_t pos = offsets.at[index];
  return ByteView(wire_).subspan(pos + 1, wire_[pos]);
}

Name Name::canonical() const {
  Bytes lower = wire_;
  // Length octets are <= 63, below 'A', so folding every octet is safe.
  for (std::uint8_t& c : lower) c = ascii_lower(c);
  return Name(std::move(lower));
}

bool Name::is_subdomain_of(const Name& ancestor) const {
  if (ancestor.wire_size() > wire_size()) return false;
  const std::size_t skip = label_count() - std::min(label_count(), ancestor.label_count());
  return strip_left(skip) == ancestor;
}

Name Name::strip_left(std::size_t count) const {
  const LabelOffsets offsets = label_offsets(wire_);
  if (count >= offsets.count) return Name();
  return Name(Bytes(wire_.begin() + offsets.at[count], wire_.end()));
}

Result<Name> Name::prepend_label(ByteView label) const {
  Bytes wire;
  if (const Status appended = append_label(wire, label); !appended) return appended.error();
  if (wire.size() + wire_size() > kMaxNameLength)
    return make_error(Errc::limit_exceeded, "name longer than 255 octets (RFC 1035 §2.3.4)");
  wire.insert(wire.end(), wire_.begin(), wire_.end());
  return Name(std::move(wire));
}

Result<Name> Name::concat(const Name& prefix, const Name& suffix) {
  if (prefix.wire_size() - 1 + suffix.wire_size() > kMaxNameLength)
    return make_error(Errc::limit_exceeded, "name longer than 255 octets (RFC 1035 §2.3.4)");
  Bytes wire(prefix.wire_.begin(), prefix.wire_.end() - 1);
  wire.insert(wire.end(), suffix.wire_.begin(), suffix.wire_.end());
  return Name(std::move(wire));
}

bool operator==(const Name& a, const Name& b) {
  return std::equal(a.wire_.begin(), a.wire_.end(), b.wire_.begin(), b.wire_.end(),
                    [](std::uint8_t x, std::uint8_t y) { return ascii_lower(x) == ascii_lower(y); });
}

std::weak_ordering operator<=>(const Name& a, const Name& b) {
  const LabelOffsets la = label_offsets(a.wire_);
  const LabelOffsets lb = label_offsets(b.wire_);
  // RFC 4034 §6.1: the rightmost labels first; a name sorts before its subdomains.
  for (std::size_t i = 1; i <= std::min(la.count, lb.count); ++i) {
    const ByteView x = ByteView(a.wire_).subspan(la.at[la.count - i] + 1u, a.wire_[la.at[la.count - i]]);
    const ByteView y = ByteView(b.wire_).subspan(lb.at[lb.count - i] + 1u, b.wire_[lb.at[lb.count - i]]);
    if (const int order = compare_label(x, y); order != 0) return order < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
  }
  return la.count <=> lb.count;
}

std::size_t Name::hash() const {
  std::uint64_t h = 14695981039346656037ull;  // 64-bit FNV-1a over the lowercased wire form
  for (const std::uint8_t c : wire_) h = (h ^ ascii_lower(c)) * 1099511628211ull;
  return static_cast<std::size_t>(h ^ (h >> 32));
}

Name read_name(ByteReader& reader, Compression compression) {
  if (!reader.ok()) return Name();
  const ByteView data = reader.whole();
  const std::size_t start = reader.offset();
  // Built only on failure: this is the parser's hot path.
  const auto where = [start] { return "name" + at_offset(start) + ": "; };
  Bytes wire;
  std::size_t pos = start;
  std::size_t lowest = start;  // every pointer must point below this
  std::size_t resume = 0;      // where the reader continues: after the first pointer
  std::size_t hops = 0;
  for (;;) {
    if (pos >= data.size()) {
      reader.fail(Errc::truncated, where() + "ends at offset " + std::to_string(pos) + " before its root label");
      return Name();
    }
    const std::uint8_t length = data[pos];
    if ((length & 0xC0) == 0xC0) {  // RFC 1035 §4.1.4 compression pointer
      if (compression == Compression::forbidden) {
        reader.fail(Errc::malformed, where() + "compression pointer" + at_offset(pos) +
                                         " where names must not be compressed (RFC 3597 §4)");
        return Name();
      }
      if (pos + 1 >= data.size()) {
        reader.fail(Errc::truncated, where() + "compression pointer" + at_offset(pos) + " is cut off");
        return Name();
      }
      const std::size_t target = static_cast<std::size_t>(length & 0x3F) << 8 | data[pos + 1];
      if (++hops > kMaxPointerHops) {
        reader.fail(Errc::limit_exceeded, where() + "more than " + std::to_string(kMaxPointerHops) + " compression pointers");
        return Name();
      }
      if (target >= data.size()) {
        reader.fail(Errc::out_of_range, where() + "compression pointer" + at_offset(pos) + " points to " +
                                            std::to_string(target) + ", past the end (" + std::to_string(data.size()) +
                                            " bytes)");
        return Name();
      }
      if (target >= pos) {
        reader.fail(Errc::malformed, where() + "compression pointer" + at_offset(pos) +
                                         (target == pos ? std::string(" points to itself")
                                                        : " points forward to " + std::to_string(target)) +
                                         " (RFC 1035 §4.1.4: only to a prior occurrence)");
        return Name();
      }
      if (target >= lowest) {
        reader.fail(Errc::malformed, where() + "compression pointer" + at_offset(pos) + " points back to " +
                                         std::to_string(target) + ", into labels already read (a loop)");
        return Name();
      }
      if (resume == 0) resume = pos + 2;
      pos = lowest = target;
      continue;
    }
    if (length & 0xC0) {
      reader.fail(Errc::malformed, where() + "label type 0x" + std::string(1, "0123456789abcdef"[length >> 4]) + "0" +
                                       at_offset(pos) + " is not a length or pointer (RFC 6891 §5 retired them)");
      return Name();
    }
    if (length == 0) {
      wire.push_back(0);
      break;
    }
    if (pos + 1 + length > data.size()) {
      reader.fail(Errc::truncated, where() + "label of " + std::to_string(length) + " octets" + at_offset(pos) +
                                       " runs past the end (" + std::to_string(data.size()) + " bytes)");
      return Name();
    }
    if (const Status appended = append_label(wire, data.subspan(pos + 1, length)); !appended) {
      reader.fail(appended.error().code, where() + appended.error().message + at_offset(pos));
      return Name();
    }
    pos += 1 + length;
  }
  reader.seek(resume != 0 ? resume : pos + 1);
  return Name(std::move(wire));
}

}  // namespace daneel::dns
