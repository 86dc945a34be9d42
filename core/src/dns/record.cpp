#include "dns/record.h"

#include "dns/rdata_parts.h"
#include "dns/text.h"

namespace daneel::dns {
namespace {

// The type an Rdata alternative stands for; nullopt for UnknownRdata.
std::optional<RrType> rdata_type(const Rdata& rdata) {
  return std::visit(
      [](const auto& value) -> std::optional<RrType> {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, UnknownRdata>) {
          return std::nullopt;
        } else {
          return T::kType;
        }
      },
      rdata);
}

}  // namespace

std::string to_text(const Record& record) {
  return record.owner.to_text() + " " + std::to_string(record.ttl) + " " + to_string(record.rclass) + " " +
         to_string(record.type) + " " + rdata_to_text(record.rdata);
}

Status check_rdata_kind(RrType type, const Rdata& rdata) {
  const std::optional<RrType> held = rdata_type(rdata);
  if (held ? *held != type : has_typed_rdata(type))
    return make_error(Errc::invalid_argument, "RDATA of the wrong kind for a " + to_string(type) + " record");
  return {};
}

Result<Record> make_record(Name owner, RrType type, RrClass rclass, std::uint32_t ttl, Rdata rdata) {
  if (const Status kind = check_rdata_kind(type, rdata); !kind) return kind.error();
  return Record{std::move(owner), type, rclass, ttl, std::move(rdata)};
}

Result<RecordLine> record_line_from_text(std::string_view line) {
  Result<std::vector<Token>> tokenized = tokenize(line);
  if (!tokenized) return tokenized.error();
  std::vector<Token> tokens = std::move(tokenized).value();
  if (tokens.empty()) return make_error(Errc::malformed, "empty record line");
  Result<Name> owner = Name::from_text(tokens[0].text);
  if (!owner) return owner.error();
  std::optional<std::uint32_t> ttl;
  std::optional<RrClass> rclass;
  std::size_t i = 1;
  for (; i < tokens.size() && i <= 3; ++i) {
    const std::string_view t = tokens[i].text;
    if (!ttl && !t.empty() && t[0] >= '0' && t[0] <= '9') {
      const Result<std::uint32_t> value = parse_decimal(t, 4294967295u);
      if (!value) return make_error(value.error().code, "TTL: " + value.error().message);
      ttl = value.value();
      continue;
    }
    if (!rclass) {
      if (const Result<RrClass> c = rr_class_from_text(t)) {
        rclass = c.value();
        continue;
      }
    }
    break;
  }
  if (i >= tokens.size()) return make_error(Errc::truncated, "record type missing");
  const Result<RrType> type = rr_type_from_text(tokens[i].text);
  if (!type) return type.error();
  return RecordLine{.owner = std::move(owner).value(),
                    .type = type.value(),
                    .rclass = rclass.value_or(RrClass::in),
                    .ttl = ttl.value_or(0),
                    .tokens = std::move(tokens),
                    .rdata_start = i + 1};
}

template <class Types>
Result<Record> record_from_line(RecordLine line) {
  Result<Rdata> rdata =
      rdata_from_tokens<Types>(line.type, std::span<const Token>(line.tokens).subspan(line.rdata_start));
  if (!rdata) return rdata.error();
  return Record{std::move(line.owner), line.type, line.rclass, line.ttl, std::move(rdata).value()};
}
template Result<Record> record_from_line<AllRdataTypes>(RecordLine);
template Result<Record> record_from_line<DnssecKeyRdataTypes>(RecordLine);

Result<Record> record_from_text(std::string_view line) {
  Result<RecordLine> head = record_line_from_text(line);
  if (!head) return head.error();
  return record_from_line<AllRdataTypes>(std::move(head).value());
}

}  // namespace daneel::dns
