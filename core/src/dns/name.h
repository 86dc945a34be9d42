// Domain names: wire form, presentation form, comparison and ordering.
//
// A Name always holds an absolute name in uncompressed wire form (length-prefixed
// labels ending with the zero-length root label), so its size is bounded by
// RFC 1035 §2.3.4: at most 255 octets in all and 63 per label. Every constructor
// enforces both limits; no Name can exist that breaks them.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/byte_reader.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

inline constexpr std::size_t kMaxNameLength = 255;  // RFC 1035 §2.3.4, wire octets incl. the root label
inline constexpr std::size_t kMaxLabelLength = 63;  // RFC 1035 §2.3.4
// At most 127 labels fit in 255 octets; each can be reached through one pointer
// (a compressor points at an earlier suffix, which may itself end in a pointer),
// plus one for a name that is nothing but a pointer. No honestly compressed name
// needs more hops; anything beyond is an attack on the parser.
inline constexpr std::size_t kMaxPointerHops = 128;

// Whether a name read from the wire may contain compression pointers.
// RFC 3597 §4: only the RFC 1035 types may carry compressed names in RDATA;
// owner and question names always may.
enum class Compression : std::uint8_t { allowed, forbidden };

class Name {
 public:
  // The root name ".".
  Name() : wire_{0} {}
  static Name root() { return Name(); }

  // Presentation form (RFC 1035 §5.1, RFC 4343 §2.1): labels separated by dots,
  // `\X` for a literal character, `\DDD` (decimal, <= 255) for any octet. The name
  // is absolute whether or not it ends with a dot; "." is the root.
  static Result<Name> from_text(std::string_view text);
  // One uncompressed name that fills `wire` exactly.
  static Result<Name> from_wire(ByteView wire);

  // Presentation form, always with the trailing dot. Characters that are special
  // in zone files are escaped (`\.`, `\\`, `\"`, `\(` ...), other octets outside
  // printable ASCII as `\DDD`, so the text always parses back to the same name.
  [[nodiscard]] std::string to_text() const;

  [[nodiscard]] ByteView wire() const { return wire_; }
  [[nodiscard]] std::size_t wire_size() const { return wire_.size(); }

  [[nodiscard]] bool is_root() const { return wire_.size() == 1; }
  // Number of labels, not counting the root label ("a.example." has 2).
  [[nodiscard]] std::size_t label_count() const;
  // The RRSIG Labels field for this owner (RFC 4034 §3.1.3): the label count
  // without a leading "*" label.
  [[nodiscard]] std::size_t rrsig_label_count() const;
  // The first (leftmost) label is exactly "*" (RFC 4592 §2.1.1).
  [[nodiscard]] bool is_wildcard() const;
  // The i-th label from the left (0 = leftmost), without its length octet.
  // i must be < label_count().
  [[nodiscard]] ByteView label(std::size_t index) const;

  // Canonical form (RFC 4034 §6.2): every uppercase US-ASCII letter lowered.
  [[nodiscard]] Name canonical() const;

  // True when this name equals `ancestor` or lies below it (case-insensitive).
  [[nodiscard]] bool is_subdomain_of(const Name& ancestor) const;
  // The name without its `count` leftmost labels; stripping more labels than
  // there are gives the root.
  [[nodiscard]] Name strip_left(std::size_t count) const;
  // The immediate parent; the root's parent is the root.
  [[nodiscard]] Name parent() const { return strip_left(1); }
  // `label` + "." + this name (e.g. an NSEC3 hash below its zone).
  [[nodiscard]] Result<Name> prepend_label(ByteView label) const;
  // The labels of `prefix` (all but its root label) followed by `suffix`, e.g.
  // concat("_25._tcp", "mx.example.") = "_25._tcp.mx.example.".
  static Result<Name> concat(const Name& prefix, const Name& suffix);

  // Equality is case-insensitive for ASCII letters (RFC 4343 §3).
  friend bool operator==(const Name& a, const Name& b);
  // Canonical DNS name order (RFC 4034 §6.1): compares labels from the right as
  // lowercased octet strings; consistent with ==, so Names sort and key maps.
  friend std::weak_ordering operator<=>(const Name& a, const Name& b);

  // Case-insensitive hash (for unordered containers keyed by name).
  [[nodiscard]] std::size_t hash() const;

 private:
  friend Name read_name(ByteReader& reader, Compression compression);
  explicit Name(Bytes wire) : wire_(std::move(wire)) {}

  Bytes wire_;
};

struct NameHash {
  std::size_t operator()(const Name& name) const { return name.hash(); }
};

// Reads a name at the reader's position, following compression pointers inside
// reader.whole() (the message so far). Pointers must point strictly before every
// position already visited for this name (RFC 1035 §4.1.4 allows only prior
// occurrences), which also makes loops impossible; hops are bounded by
// kMaxPointerHops. The reader ends after the name's first pointer or its root
// label. Failures go to the reader (sticky) and return the root.
Name read_name(ByteReader& reader, Compression compression);

// ASCII-only case folding, as DNS defines it (RFC 4343 §3).
constexpr std::uint8_t ascii_lower(std::uint8_t c) { return c >= 'A' && c <= 'Z' ? static_cast<std::uint8_t>(c + 32) : c; }

}  // namespace daneel::dns
