// RDATA wire form: the reading and writing visitors over each type's fields().
#include <algorithm>
#include <string>

#include "dns/rdata_parts.h"
#include "dns/wire_writer.h"
#include "util/byte_reader.h"

namespace daneel::dns {
namespace {

// Reads fields in order from a reader positioned at the RDATA; remembers the
// field in which the (sticky) reader first failed, for the error message.
class FieldReader {
 public:
  FieldReader(ByteReader& reader, std::size_t end, Compression names) : r_(reader), end_(end), names_(names) {}

  void u8(const char* field, std::uint8_t& v) { v = r_.u8(), note(field); }
  void u16(const char* field, std::uint16_t& v) { v = r_.u16(), note(field); }
  void u32(const char* field, std::uint32_t& v) { v = r_.u32(), note(field); }
  void time(const char* field, std::uint32_t& v) { u32(field, v); }
  void type(const char* field, RrType& v) { v = static_cast<RrType>(r_.u16()), note(field); }
  template <std::size_t N>
  void address(const char* field, std::array<std::uint8_t, N>& v) {
    const ByteView data = r_.bytes(N);
    if (r_.ok()) std::copy(data.begin(), data.end(), v.begin());
    note(field);
  }
  void ipv4(const char* field, std::array<std::uint8_t, 4>& v) { address(field, v); }
  void ipv6(const char* field, std::array<std::uint8_t, 16>& v) { address(field, v); }
  void name(const char* field, Name& v, NameRule rule) {
    v = read_name(r_, rule.compressible ? names_ : Compression::forbidden);
    note(field);
  }
  void hex(const char* field, Bytes& v) { rest(field, v, false); }
  void base64(const char* field, Bytes& v) { rest(field, v, false); }
  void quoted_rest(const char* field, Bytes& v) { rest(field, v, true); }
  void salt(const char* field, Bytes& v) { prefixed(field, v, 0); }
  void hash(const char* field, Bytes& v) { prefixed(field, v, 1); }
  void strings(const char* field, std::vector<Bytes>& v) {
    if (r_.ok() && rest_size() == 0) fail(field, Errc::malformed, "at least one <character-string> is required");
    while (r_.ok() && rest_size() > 0) {
      Bytes s;
      prefixed(field, s, 0);
      v.push_back(std::move(s));
    }
  }
  void caa_tag(const char* field, std::string& v) {
    Bytes tag;
    prefixed(field, tag, 1);
    if (r_.ok() && !is_caa_tag(tag)) return fail(field, Errc::malformed, std::string(kCaaTagRule));
    v.assign(tag.begin(), tag.end());
  }
  void bitmap(const char* field, TypeBitmap& v) {
    const ByteView data = r_.bytes(rest_size());
    if (!r_.ok()) return;
    Result<TypeBitmap> parsed = type_bitmap_from_wire(data);
    if (!parsed) return fail(field, parsed.error().code, parsed.error().message);
    v = std::move(parsed).value();
  }
  void svc_params(const char* field, std::vector<SvcParam>& v) {
    const ByteView data = r_.bytes(rest_size());
    if (!r_.ok()) return;
    Result<std::vector<SvcParam>> parsed = svc_params_from_wire(data);
    if (!parsed) return fail(field, parsed.error().code, parsed.error().message);
    v = std::move(parsed).value();
  }

  [[nodiscard]] const char* failed_field() const { return field_; }

 private:
  std::size_t rest_size() const { return r_.ok() ? end_ - r_.offset() : 0; }
  void note(const char* field) {
    if (!r_.ok() && field_ == nullptr) field_ = field;
  }
  void fail(const char* field, Errc code, const std::string& message) {
    r_.fail(code, message);
    note(field);
  }
  // Everything up to the end of the RDATA; empty only where the type allows.
  void rest(const char* field, Bytes& v, bool allow_empty) {
    if (r_.ok() && rest_size() == 0 && !allow_empty) return fail(field, Errc::malformed, "must not be empty");
    const ByteView data = r_.bytes(rest_size());
    v.assign(data.begin(), data.end());
  }
  // A one-octet length, then that many octets (at least `min`).
  void prefixed(const char* field, Bytes& v, std::size_t min) {
    const std::uint8_t length = r_.u8();
    const ByteView data = r_.bytes(length);
    note(field);
    if (r_.ok() && length < min) return fail(field, Errc::malformed, "length " + std::to_string(length) + " is too small");
    v.assign(data.begin(), data.end());
  }

  ByteReader& r_;
  std::size_t end_;
  Compression names_;
  const char* field_ = nullptr;
};

class FieldWriter {
 public:
  explicit FieldWriter(WireWriter& w) : w_(w) {}
  void u8(const char*, std::uint8_t v) { w_.u8(v); }
  void u16(const char*, std::uint16_t v) { w_.u16(v); }
  void u32(const char*, std::uint32_t v) { w_.u32(v); }
  void time(const char*, std::uint32_t v) { w_.u32(v); }
  void type(const char*, RrType v) { w_.u16(static_cast<std::uint16_t>(v)); }
  void ipv4(const char*, const std::array<std::uint8_t, 4>& v) { w_.bytes(v); }
  void ipv6(const char*, const std::array<std::uint8_t, 16>& v) { w_.bytes(v); }
  void name(const char*, const Name& v, NameRule rule) { w_.name(v, rule); }
  void hex(const char*, const Bytes& v) { w_.bytes(v); }
  void base64(const char*, const Bytes& v) { w_.bytes(v); }
  void quoted_rest(const char*, const Bytes& v) { w_.bytes(v); }
  void salt(const char*, const Bytes& v) { prefixed(v); }
  void hash(const char*, const Bytes& v) { prefixed(v); }
  void strings(const char*, const std::vector<Bytes>& v) {
    for (const Bytes& s : v) prefixed(s);
  }
  void caa_tag(const char*, const std::string& v) { prefixed(as_bytes(v)); }
  void bitmap(const char*, const TypeBitmap& v) { w_.bytes(type_bitmap_to_wire(v)); }
  void svc_params(const char*, const std::vector<SvcParam>& v) {
    for (const SvcParam& p : v) {
      w_.u16(p.key);
      w_.u16(static_cast<std::uint16_t>(p.value.size()));
      w_.bytes(p.value);
    }
  }

 private:
  // Callers keep lengths <= 255 (parsers refuse longer); a longer value is a bug.
  void prefixed(ByteView v) {
    if (v.size() > 255) fatal("RDATA: length-prefixed field longer than 255 octets");
    w_.u8(static_cast<std::uint8_t>(v.size()));
    w_.bytes(v);
  }
  WireWriter& w_;
};

template <class T>
Rdata read_typed(ByteReader& reader, std::size_t end, Compression names, const char*& failed_field) {
  T value;
  FieldReader fields(reader, end, names);
  T::fields(value, fields);
  failed_field = fields.failed_field();
  return value;
}

// Finds the Rdata alternative for `type` (index 0, UnknownRdata, if none).
template <std::size_t I = 1>
Rdata read_dispatch(RrType type, ByteReader& reader, std::size_t end, Compression names, const char*& failed_field) {
  if constexpr (I < std::variant_size_v<Rdata>) {
    using T = std::variant_alternative_t<I, Rdata>;
    if (type == T::kType) return read_typed<T>(reader, end, names, failed_field);
    return read_dispatch<I + 1>(type, reader, end, names, failed_field);
  } else {
    const ByteView data = reader.bytes(end - reader.offset());
    return UnknownRdata{Bytes(data.begin(), data.end())};
  }
}

template <std::size_t I = 1>
bool typed(RrType type) {
  if constexpr (I < std::variant_size_v<Rdata>) {
    return type == std::variant_alternative_t<I, Rdata>::kType || typed<I + 1>(type);
  } else {
    return false;
  }
}

}  // namespace

bool has_typed_rdata(RrType type) { return typed(type); }

bool is_caa_tag(ByteView tag) {
  return !tag.empty() && tag.size() <= 255 && std::all_of(tag.begin(), tag.end(), [](std::uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

Result<Rdata> read_rdata(RrType type, ByteView message, std::size_t start, std::size_t end, Compression names) {
  if (start > end || end > message.size()) fatal("read_rdata: RDATA bounds outside the message");
  // The reader ends where the RDATA ends: no field can run into the next record,
  // while compression pointers can still reach back into the whole message.
  ByteReader reader(message.first(end));
  reader.seek(start);
  const char* failed_field = nullptr;
  Rdata rdata = read_dispatch(type, reader, end, names, failed_field);
  const auto what = [type] { return to_string(type) + " RDATA"; };  // only on failure
  if (!reader.ok()) {
    const Error& e = *reader.error();
    return make_error(e.code, what() + (failed_field ? std::string(", ") + failed_field : std::string()) + ": " +
                                  e.message + " (RDLENGTH " + std::to_string(end - start) + ")");
  }
  if (!reader.at_end())
    return make_error(Errc::malformed, what() + ": " + std::to_string(reader.remaining()) +
                                           " bytes left over at offset " + std::to_string(reader.offset()) +
                                           " (RDLENGTH " + std::to_string(end - start) + ")");
  return rdata;
}

Result<Rdata> rdata_from_wire(RrType type, ByteView rdata) {
  return read_rdata(type, rdata, 0, rdata.size(), Compression::forbidden);
}

void write_rdata(const Rdata& rdata, WireWriter& writer) {
  std::visit(
      [&writer](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, UnknownRdata>) {
          writer.bytes(value.data);
        } else {
          FieldWriter fields(writer);
          T::fields(value, fields);
        }
      },
      rdata);
}

Bytes rdata_to_wire(const Rdata& rdata) {
  WireWriter writer(WireWriter::Mode::plain);
  write_rdata(rdata, writer);
  return writer.take();
}

Bytes canonical_rdata(const Rdata& rdata) {
  WireWriter writer(WireWriter::Mode::canonical);
  write_rdata(rdata, writer);
  return writer.take();
}

}  // namespace daneel::dns
