#include "tls/grading_tables.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "tls/grading_data.h"

namespace daneel::tls {

namespace {

using Json = nlohmann::json;

// Word <-> enum, the only place a rating or kind is spelled. Parsing looks a
// word up here; everything after works on the enum.
template <class E, std::size_t N>
using Words = std::array<std::pair<E, std::string_view>, N>;

constexpr Words<Rating, 5> kRatings{{{Rating::good, "good"},
                                     {Rating::sufficient, "sufficient"},
                                     {Rating::phase_out, "phase_out"},
                                     {Rating::insufficient, "insufficient"},
                                     {Rating::unknown, "unknown"}}};
constexpr Words<SuiteKex, 6> kKex{{{SuiteKex::ecdhe, "ecdhe"},
                                   {SuiteKex::dhe, "dhe"},
                                   {SuiteKex::rsa, "rsa"},
                                   {SuiteKex::ecdh, "ecdh"},
                                   {SuiteKex::dh_anon, "dh_anon"},
                                   {SuiteKex::ecdh_anon, "ecdh_anon"}}};
constexpr Words<SuiteAuth, 4> kAuth{
    {{SuiteAuth::ecdsa, "ecdsa"}, {SuiteAuth::rsa, "rsa"}, {SuiteAuth::dss, "dss"}, {SuiteAuth::anon, "anon"}}};
constexpr Words<GroupKind, 3> kGroupKinds{
    {{GroupKind::hybrid_pq, "hybrid_pq"}, {GroupKind::ecdhe, "ecdhe"}, {GroupKind::ffdhe, "ffdhe"}}};
constexpr Words<CertKeyType, 3> kKeyTypes{
    {{CertKeyType::ed25519, "ed25519"}, {CertKeyType::ed448, "ed448"}, {CertKeyType::dsa, "dsa"}}};
constexpr Words<SignatureAlgorithm, 6> kSignatures{{{SignatureAlgorithm::rsa_pkcs1, "rsa_pkcs1"},
                                                    {SignatureAlgorithm::rsa_pss, "rsa_pss"},
                                                    {SignatureAlgorithm::ecdsa, "ecdsa"},
                                                    {SignatureAlgorithm::ed25519, "ed25519"},
                                                    {SignatureAlgorithm::ed448, "ed448"},
                                                    {SignatureAlgorithm::dsa, "dsa"}}};
constexpr Words<HashAlgorithm, 7> kHashes{{{HashAlgorithm::md5, "md5"},
                                           {HashAlgorithm::sha1, "sha1"},
                                           {HashAlgorithm::sha224, "sha224"},
                                           {HashAlgorithm::sha256, "sha256"},
                                           {HashAlgorithm::sha384, "sha384"},
                                           {HashAlgorithm::sha512, "sha512"},
                                           {HashAlgorithm::intrinsic, "intrinsic"}}};

template <class E, std::size_t N>
std::string_view word(const Words<E, N>& words, E value) {
  for (const auto& [e, text] : words)
    if (e == value) return text;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> from_word(const Words<E, N>& words, std::string_view text) {
  for (const auto& [e, w] : words)
    if (w == text) return e;
  return std::nullopt;
}

Error bad(std::string_view where, std::string_view what) {
  return make_error(Errc::malformed, std::string(where) + ": " + std::string(what));
}

// One parse with its limits; each reader returns an error naming the table and entry.
class Reader {
 public:
  explicit Reader(const GradingLimits& limits) : limits_(limits) {}

  // A member that is a string of at most `max` printable ASCII characters.
  Result<std::string> text(const Json& object, const char* key, std::string_view where, std::size_t max) const {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return bad(where, std::string("needs a string \"") + key + "\"");
    const std::string& value = it->get_ref<const std::string&>();
    if (value.empty() || value.size() > max) return bad(where, std::string("\"") + key + "\" is empty or too long");
    for (const char c : value)
      if (c < 0x20 || c > 0x7e) return bad(where, std::string("\"") + key + "\" is not printable ASCII");
    return value;
  }

  // "0x" and exactly four hex digits: the code points are 16-bit (RFC 8446 §4.2.7, §B.4).
  Result<std::uint16_t> code(const Json& object, std::string_view where) const {
    auto value = text(object, "code", where, 6);
    if (!value) return value.error();
    const std::string& s = value.value();
    if (s.size() != 6 || s[0] != '0' || s[1] != 'x') return bad(where, "\"code\" is not 0x and four hex digits");
    unsigned result = 0;
    for (std::size_t i = 2; i < 6; ++i) {
      const char c = s[i];
      unsigned digit = 0;
      if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
      else return bad(where, "\"code\" is not 0x and four hex digits");
      result = result * 16 + digit;
    }
    return static_cast<std::uint16_t>(result);
  }

  template <class E, std::size_t N>
  Result<E> choice(const Json& object, const char* key, const Words<E, N>& words, std::string_view where) const {
    auto value = text(object, key, where, 32);
    if (!value) return value.error();
    const auto e = from_word(words, value.value());
    if (!e) return bad(where, std::string("\"") + key + "\" has an unknown value");
    return *e;
  }

  // A graded entry must carry one of the four classes; "unknown" is what the
  // reader answers for absent entries, never something a file may assert.
  Result<Rating> rating(const Json& object, std::string_view where) const {
    auto r = choice(object, "rating", kRatings, where);
    if (!r) return r;
    if (r.value() == Rating::unknown) return bad(where, "\"rating\" must be one of the four classes");
    return r;
  }

  // The array at `key`, bounded; calls `each(entry, where)` for every element.
  template <class F>
  Status table(const Json& root, const char* key, F&& each) const {
    const auto it = root.find(key);
    if (it == root.end() || !it->is_array()) return bad(key, "needs an array");
    if (it->size() > limits_.max_entries)
      return make_error(Errc::limit_exceeded, std::string(key) + ": more entries than allowed");
    std::size_t index = 0;
    for (const Json& entry : *it) {
      const std::string where = std::string(key) + "[" + std::to_string(index++) + "]";
      if (!entry.is_object()) return bad(where, "is not an object");
      if (Status s = each(entry, where); !s) return s;
    }
    return {};
  }

  [[nodiscard]] std::size_t max_name() const { return limits_.max_name; }
  [[nodiscard]] std::size_t max_source() const { return limits_.max_source; }

 private:
  GradingLimits limits_;
};

// Uniqueness of a key within one table: a file that rates one code point
// twice would make the answer depend on the order of lookups.
template <class Key>
Status unique(std::set<Key>& seen, Key key, std::string_view where) {
  if (!seen.insert(key).second) return bad(where, "repeats an entry of its table");
  return {};
}

Status read_rated_codes(const Reader& r, const Json& root, const char* key, std::vector<RatedCode>& out) {
  std::set<std::uint16_t> seen;
  return r.table(root, key, [&](const Json& e, const std::string& where) -> Status {
    auto code = r.code(e, where);
    if (!code) return code.error();
    auto name = r.text(e, "name", where, r.max_name());
    if (!name) return name.error();
    auto rating = r.rating(e, where);
    if (!rating) return rating.error();
    if (Status s = unique(seen, code.value(), where); !s) return s;
    out.push_back({code.value(), std::move(name).value(), rating.value()});
    return {};
  });
}

template <class T>
Rating rating_of(const std::vector<T>& table, std::uint16_t code) {
  for (const T& entry : table)
    if (entry.code == code) return entry.rating;
  return Rating::unknown;
}

}  // namespace

std::string_view to_string(Rating rating) { return word(kRatings, rating); }
std::string_view to_string(SuiteKex kex) { return word(kKex, kex); }
std::string_view to_string(SuiteAuth auth) { return word(kAuth, auth); }
std::string_view to_string(GroupKind kind) { return word(kGroupKinds, kind); }
std::string_view to_string(CertKeyType key) { return word(kKeyTypes, key); }
std::string_view to_string(SignatureAlgorithm algorithm) { return word(kSignatures, algorithm); }
std::string_view to_string(HashAlgorithm hash) { return word(kHashes, hash); }

Rating worse(Rating a, Rating b) {
  // Severity order for combining: good < sufficient < unknown < phase_out < insufficient.
  const auto severity = [](Rating r) {
    switch (r) {
      case Rating::good: return 0;
      case Rating::sufficient: return 1;
      case Rating::unknown: return 2;
      case Rating::phase_out: return 3;
      case Rating::insufficient: return 4;
    }
    return 4;
  };
  return severity(a) >= severity(b) ? a : b;
}

Rating GradingTables::version(std::uint16_t code) const { return rating_of(versions, code); }
Rating GradingTables::tls13_suite(std::uint16_t code) const { return rating_of(tls13_suites, code); }
Rating GradingTables::tls12_suite(std::uint16_t code) const { return rating_of(tls12_suites, code); }
Rating GradingTables::group(std::uint16_t code) const { return rating_of(groups, code); }
Rating GradingTables::cert_ec_key(std::uint16_t curve) const { return rating_of(cert_ec_curves, curve); }
Rating GradingTables::kex_signature_scheme(std::uint16_t code) const { return rating_of(kex_signature_schemes, code); }

const Tls12Suite* GradingTables::find_tls12_suite(std::uint16_t code) const {
  for (const Tls12Suite& suite : tls12_suites)
    if (suite.code == code) return &suite;
  return nullptr;
}

const Group* GradingTables::find_group(std::uint16_t code) const {
  for (const Group& g : groups)
    if (g.code == code) return &g;
  return nullptr;
}

Rating GradingTables::cert_rsa_key(std::uint32_t bits) const {
  // Bands are descending by min_bits (checked when parsed); the first that fits wins.
  for (const RsaKeyBand& band : cert_rsa_key_bits)
    if (bits >= band.min_bits) return band.rating;
  return Rating::unknown;
}

Rating GradingTables::cert_key_type(CertKeyType key) const {
  for (const CertKeyTypeRating& entry : cert_key_types)
    if (entry.key == key) return entry.rating;
  return Rating::unknown;
}

Rating GradingTables::cert_signature(SignatureAlgorithm algorithm, HashAlgorithm hash) const {
  for (const CertSignature& entry : cert_signatures)
    if (entry.algorithm == algorithm && entry.hash == hash) return entry.rating;
  return Rating::unknown;
}

Result<GradingTables> parse_grading_tables(std::string_view json, const GradingLimits& limits) {
  if (json.size() > limits.max_text) return make_error(Errc::limit_exceeded, "grading file larger than allowed");
  // No exceptions (JSON_NOEXCEPTION): a parse error gives a "discarded" value.
  const Json root = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return bad("grading file", "is not a JSON object");
  const Reader r(limits);
  GradingTables t;

  auto format = r.text(root, "format", "grading file", 64);
  if (!format) return format.error();
  if (format.value() != "daneel-tls-grading/1")
    return make_error(Errc::unsupported, "grading file: unknown format " + format.value());
  auto source = r.text(root, "source", "grading file", r.max_source());
  if (!source) return source.error();
  t.source = std::move(source).value();
  auto date = r.text(root, "source_date", "grading file", 16);
  if (!date) return date.error();
  t.source_date = std::move(date).value();

  if (Status s = read_rated_codes(r, root, "versions", t.versions); !s) return s.error();
  if (Status s = read_rated_codes(r, root, "tls13_suites", t.tls13_suites); !s) return s.error();
  if (Status s = read_rated_codes(r, root, "cert_ec_curves", t.cert_ec_curves); !s) return s.error();

  {
    std::set<std::uint16_t> seen;
    Status s = r.table(root, "tls12_suites", [&](const Json& e, const std::string& where) -> Status {
      auto code = r.code(e, where);
      if (!code) return code.error();
      auto name = r.text(e, "name", where, r.max_name());
      if (!name) return name.error();
      auto kex = r.choice(e, "kex", kKex, where);
      if (!kex) return kex.error();
      auto auth = r.choice(e, "auth", kAuth, where);
      if (!auth) return auth.error();
      const auto legacy = e.find("legacy");
      if (legacy == e.end() || !legacy->is_boolean()) return bad(where, "needs a boolean \"legacy\"");
      auto rating = r.rating(e, where);
      if (!rating) return rating.error();
      if (Status u = unique(seen, code.value(), where); !u) return u;
      t.tls12_suites.push_back(
          {code.value(), std::move(name).value(), kex.value(), auth.value(), legacy->get<bool>(), rating.value()});
      return {};
    });
    if (!s) return s.error();
  }
  {
    std::set<std::uint16_t> seen;
    Status s = r.table(root, "groups", [&](const Json& e, const std::string& where) -> Status {
      auto code = r.code(e, where);
      if (!code) return code.error();
      auto name = r.text(e, "name", where, r.max_name());
      if (!name) return name.error();
      auto kind = r.choice(e, "kind", kGroupKinds, where);
      if (!kind) return kind.error();
      auto rating = r.rating(e, where);
      if (!rating) return rating.error();
      if (Status u = unique(seen, code.value(), where); !u) return u;
      t.groups.push_back({code.value(), std::move(name).value(), kind.value(), rating.value()});
      return {};
    });
    if (!s) return s.error();
  }
  {
    const auto rules = root.find("rules");
    if (rules == root.end() || !rules->is_object()) return bad("rules", "needs an object");
    auto ffdhe = r.choice(*rules, "custom_ffdhe", kRatings, "rules");
    if (!ffdhe) return ffdhe.error();
    if (ffdhe.value() == Rating::unknown) return bad("rules", "\"custom_ffdhe\" must be one of the four classes");
    t.custom_ffdhe = ffdhe.value();
  }
  {
    std::set<CertKeyType> seen;
    Status s = r.table(root, "cert_key_types", [&](const Json& e, const std::string& where) -> Status {
      auto key = r.choice(e, "key", kKeyTypes, where);
      if (!key) return key.error();
      auto rating = r.rating(e, where);
      if (!rating) return rating.error();
      if (Status u = unique(seen, key.value(), where); !u) return u;
      t.cert_key_types.push_back({key.value(), rating.value()});
      return {};
    });
    if (!s) return s.error();
  }
  {
    Status s = r.table(root, "cert_rsa_key_bits", [&](const Json& e, const std::string& where) -> Status {
      const auto bits = e.find("min_bits");
      if (bits == e.end() || !bits->is_number_unsigned()) return bad(where, "needs an unsigned \"min_bits\"");
      const std::uint64_t value = bits->get<std::uint64_t>();
      if (value > 65536) return bad(where, "\"min_bits\" over 65536");
      auto rating = r.rating(e, where);
      if (!rating) return rating.error();
      // Strictly descending, so the first band that fits a key is its band.
      if (!t.cert_rsa_key_bits.empty() && value >= t.cert_rsa_key_bits.back().min_bits)
        return bad(where, "\"min_bits\" not below the previous band");
      t.cert_rsa_key_bits.push_back({static_cast<std::uint32_t>(value), rating.value()});
      return {};
    });
    if (!s) return s.error();
    if (t.cert_rsa_key_bits.empty() || t.cert_rsa_key_bits.back().min_bits != 0)
      return bad("cert_rsa_key_bits", "the last band must start at 0 bits");
  }
  {
    std::set<std::pair<SignatureAlgorithm, HashAlgorithm>> seen;
    Status s = r.table(root, "cert_signatures", [&](const Json& e, const std::string& where) -> Status {
      auto algorithm = r.choice(e, "algorithm", kSignatures, where);
      if (!algorithm) return algorithm.error();
      auto hash = r.choice(e, "hash", kHashes, where);
      if (!hash) return hash.error();
      auto rating = r.rating(e, where);
      if (!rating) return rating.error();
      if (Status u = unique(seen, std::pair{algorithm.value(), hash.value()}, where); !u) return u;
      t.cert_signatures.push_back({algorithm.value(), hash.value(), rating.value()});
      return {};
    });
    if (!s) return s.error();
  }
  {
    std::set<std::uint16_t> seen;
    Status s = r.table(root, "kex_signature_schemes", [&](const Json& e, const std::string& where) -> Status {
      auto code = r.code(e, where);
      if (!code) return code.error();
      auto name = r.text(e, "name", where, r.max_name());
      if (!name) return name.error();
      auto hash = r.choice(e, "hash", kHashes, where);
      if (!hash) return hash.error();
      auto rating = r.rating(e, where);
      if (!rating) return rating.error();
      if (Status u = unique(seen, code.value(), where); !u) return u;
      t.kex_signature_schemes.push_back({code.value(), std::move(name).value(), hash.value(), rating.value()});
      return {};
    });
    if (!s) return s.error();
  }
  return t;
}

const GradingTables& ncsc_2025_05() {
  static const GradingTables tables = [] {
    auto parsed = parse_grading_tables(grading_data_ncsc_2025_05());
    if (!parsed) fatal("the embedded NCSC 2025-05 grading file does not parse: " + parsed.error().message);
    return std::move(parsed).value();
  }();
  return tables;
}

}  // namespace daneel::tls
