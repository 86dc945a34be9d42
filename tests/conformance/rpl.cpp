#include "rpl.h"

#include <charconv>

namespace daneel::conformance {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Drops a `;` comment that is not inside double quotes.
std::string_view strip_comment(std::string_view s) {
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') { ++i; continue; }
    if (s[i] == '"') quoted = !quoted;
    if (s[i] == ';' && !quoted) return s.substr(0, i);
  }
  return s;
}

// testpkts matches keywords as prefixes and then skips blanks.
bool keyword(std::string_view& s, std::string_view word) {
  if (s.substr(0, word.size()) != word) return false;
  s.remove_prefix(word.size());
  s = trim(s);
  return true;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

template <class T> bool to_number(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

Error at(std::size_t line, std::string what) {
  return make_error(Errc::malformed, "line " + std::to_string(line) + ": " + std::move(what));
}

Status apply_reply(Entry& e, std::string_view rest, std::size_t line) {
  for (std::string_view w : words(rest)) {
    if (w == "QR") e.header.qr = true;
    else if (w == "AA") e.header.aa = true;
    else if (w == "TC") e.header.tc = true;
    else if (w == "RD") e.header.rd = true;
    else if (w == "RA") e.header.ra = true;
    else if (w == "AD") e.header.ad = true;
    else if (w == "CD") e.header.cd = true;
    else if (w == "DO") e.do_bit = true;
    else if (w == "QUERY") e.header.opcode = dns::Opcode::query;
    else if (w == "NOTIFY") e.header.opcode = dns::Opcode::notify;
    else if (w == "UPDATE") e.header.opcode = dns::Opcode::update;
    else if (w == "NOERROR") e.rcode = dns::Rcode::noerror;
    else if (w == "FORMERR") e.rcode = dns::Rcode::formerr;
    else if (w == "SERVFAIL") e.rcode = dns::Rcode::servfail;
    else if (w == "NXDOMAIN") e.rcode = dns::Rcode::nxdomain;
    else if (w == "NOTIMPL" || w == "NOTIMP") e.rcode = dns::Rcode::notimp;
    else if (w == "REFUSED") e.rcode = dns::Rcode::refused;
    else if (w == "YXDOMAIN") e.rcode = dns::Rcode::yxdomain;
    else if (w == "NOTAUTH") e.rcode = dns::Rcode::notauth;
    else return at(line, "unknown REPLY flag '" + std::string(w) + "'");
  }
  return {};
}

void apply_match(Entry& e, std::string_view rest) {
  for (std::string_view w : words(rest)) {
    if (w == "opcode") e.match_opcode = true;
    else if (w == "qtype") e.match_qtype = true;
    else if (w == "qname") e.match_qname = true;
    else if (w == "subdomain") e.match_subdomain = true;
    else if (w == "all") e.match_all = true;
    else if (w == "TCP" || w == "tcp") e.match_tcp = true;
    else e.match_other.emplace_back(w);
  }
}

// "name [class] type" (testpkts also accepts a TTL; we do not need one).
Result<dns::Question> parse_question(std::string_view s, std::size_t line) {
  std::vector<std::string_view> w = words(s);
  if (w.size() < 2 || w.size() > 3) return at(line, "bad question '" + std::string(s) + "'");
  Result<dns::Name> name = dns::Name::from_text(w[0]);
  if (!name) return at(line, "bad question name: " + name.error().message);
  dns::Question q;
  q.name = name.value();
  if (w.size() == 3) {
    Result<dns::RrClass> c = dns::rr_class_from_text(w[1]);
    if (!c) return at(line, "bad question class");
    q.qclass = c.value();
  }
  Result<dns::RrType> t = dns::rr_type_from_text(w.back());
  if (!t) return at(line, "bad question type '" + std::string(w.back()) + "'");
  q.type = t.value();
  return q;
}

enum class In : std::uint8_t { top, config, scenario, range, entry };

// Algorithm mnemonics (RFC 4034 App. A.1) that the scenarios use instead of numbers.
std::string_view algorithm_number(std::string_view w) {
  struct M { std::string_view name, number; };
  static constexpr M kMnemonics[] = {{"RSAMD5", "1"}, {"DH", "2"}, {"DSA", "3"}, {"RSASHA1", "5"},
                                     {"DSA-NSEC3-SHA1", "6"}, {"RSASHA1-NSEC3-SHA1", "7"}, {"RSASHA256", "8"},
                                     {"RSASHA512", "10"}, {"ECC-GOST", "12"}, {"ECDSAP256SHA256", "13"},
                                     {"ECDSAP384SHA384", "14"}, {"ED25519", "15"}, {"ED448", "16"}};
  for (const M& m : kMnemonics)
    if (m.name == w) return m.number;
  return w;
}

// Rewrites what testpkts (ldns) accepts and daneel's record parser does not:
// algorithm mnemonics in DS/DNSKEY/RRSIG, and an RRSIG without a signature
// (the scenarios use it for a broken signature; it becomes one zero octet).
std::string normalise_record_impl(std::string_view line) {
  std::vector<std::string_view> w = words(line);
  std::size_t type_at = w.size();
  for (std::size_t i = 1; i < w.size() && i <= 3; ++i)
    if (w[i] == "RRSIG" || w[i] == "DS" || w[i] == "DNSKEY") { type_at = i; break; }
  if (type_at == w.size()) return std::string(line);
  std::size_t alg_at = type_at + (w[type_at] == "DS" ? 2 : w[type_at] == "RRSIG" ? 2 : 3);
  std::string out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i > 0) out += ' ';
    out += i == alg_at ? algorithm_number(w[i]) : w[i];
  }
  if (w[type_at] == "RRSIG" && w.size() == type_at + 9) out += " AA==";
  return out;
}

}  // namespace

std::vector<std::string> Scenario::config_values(std::string_view key) const {
  std::vector<std::string> out;
  for (const ConfigOption& o : config)
    if (o.key == key) out.push_back(o.value);
  return out;
}

std::string normalise_record(std::string_view line) { return normalise_record_impl(line); }

Result<std::int64_t> parse_override_date(std::string_view s) {
  if (s.size() != 14) return make_error(Errc::malformed, "val-override-date is not YYYYMMDDHHMMSS");
  int v[6];
  const std::size_t widths[6] = {4, 2, 2, 2, 2, 2};
  std::size_t pos = 0;
  for (int i = 0; i < 6; ++i) {
    if (!to_number(s.substr(pos, widths[i]), v[i])) return make_error(Errc::malformed, "bad date digits");
    pos += widths[i];
  }
  // Days from civil (proleptic Gregorian), as in Howard Hinnant's algorithm description.
  int y = v[0];
  const int m = v[1], d = v[2];
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
}

Result<Scenario> parse_rpl(std::string_view text) {
  if (text.size() > kMaxRplSize) return make_error(Errc::limit_exceeded, "scenario file too large");
  Scenario sc;
  In state = In::top;
  std::string section = "server";
  Range* range = nullptr;
  Entry* entry = nullptr;
  Step* step_waiting_entry = nullptr;
  std::vector<dns::Record>* records = nullptr;
  bool in_question = false;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view s = trim(strip_comment(raw));
    if (s.empty()) continue;

    if (state == In::top || state == In::config) {
      if (keyword(s, "CONFIG_END")) { state = In::scenario; continue; }
      state = In::config;
      if (s.front() == '#') continue;
      if (const std::size_t hash = s.find(" #"); hash != std::string_view::npos) s = trim(s.substr(0, hash));
      if (const std::size_t hash = s.find("\t#"); hash != std::string_view::npos) s = trim(s.substr(0, hash));
      const std::size_t colon = s.find(':');
      if (colon == std::string_view::npos) return at(line_no, "config line without ':'");
      std::string key(trim(s.substr(0, colon)));
      std::string_view value = trim(s.substr(colon + 1));
      if (value.empty()) { section = key; continue; }
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      sc.config.push_back(ConfigOption{section, std::move(key), std::string(value)});
      continue;
    }

    if (state == In::entry) {
      if (keyword(s, "ENTRY_END")) {
        state = range != nullptr ? In::range : In::scenario;
        entry = nullptr;
        records = nullptr;
        continue;
      }
      if (keyword(s, "MATCH")) { apply_match(*entry, s); continue; }
      if (keyword(s, "ADJUST")) {
        for (std::string_view w : words(s)) entry->adjust.emplace_back(w);
        continue;
      }
      if (keyword(s, "REPLY")) {
        Status st = apply_reply(*entry, s, line_no);
        if (!st) return st.error();
        continue;
      }
      if (keyword(s, "SECTION")) {
        in_question = false;
        records = nullptr;
        if (keyword(s, "QUESTION")) in_question = true;
        else if (keyword(s, "ANSWER")) records = &entry->answer;
        else if (keyword(s, "AUTHORITY")) records = &entry->authority;
        else if (keyword(s, "ADDITIONAL")) records = &entry->additional;
        else return at(line_no, "unknown SECTION");
        continue;
      }
      if (keyword(s, "EXTRA_PACKET") || keyword(s, "RAW") || keyword(s, "HEX_ANSWER_BEGIN") ||
          keyword(s, "HEX_EDNSDATA_BEGIN")) {
        return at(line_no, "unsupported entry feature (packet/hex data)");
      }
      if (in_question) {
        Result<dns::Question> q = parse_question(s, line_no);
        if (!q) return q.error();
        entry->question.push_back(q.value());
        continue;
      }
      if (records == nullptr) return at(line_no, "record outside a SECTION");
      if (records->size() >= kMaxRecordsPerEntry) return make_error(Errc::limit_exceeded, "too many records in an entry");
      Result<dns::Record> r = dns::record_from_text(normalise_record_impl(s));
      if (!r) return at(line_no, "bad record: " + r.error().message);
      records->push_back(std::move(r).value());
      continue;
    }

    // scenario or range level
    if (keyword(s, "ENTRY_BEGIN")) {
      if (++sc.entry_count > kMaxEntries) return make_error(Errc::limit_exceeded, "too many entries");
      if (state == In::range) {
        range->entries.emplace_back();
        entry = &range->entries.back();
      } else if (step_waiting_entry != nullptr) {
        step_waiting_entry->has_entry = true;
        entry = &step_waiting_entry->entry;
        step_waiting_entry = nullptr;
      } else {
        return at(line_no, "ENTRY outside a RANGE or STEP");
      }
      entry->line = line_no;
      in_question = false;
      records = nullptr;
      state = In::entry;
      continue;
    }
    if (state == In::range) {
      if (keyword(s, "RANGE_END")) { state = In::scenario; range = nullptr; continue; }
      if (keyword(s, "ADDRESS")) { range->addresses.emplace_back(s); continue; }
      return at(line_no, "unexpected line in RANGE: '" + std::string(s) + "'");
    }
    if (keyword(s, "SCENARIO_BEGIN")) { sc.title = std::string(s); continue; }
    if (keyword(s, "SCENARIO_END")) break;
    if (keyword(s, "RANGE_BEGIN")) {
      std::vector<std::string_view> w = words(s);
      Range r;
      r.line = line_no;
      if (w.size() < 2 || !to_number(w[0], r.first_step) || !to_number(w[1], r.last_step))
        return at(line_no, "bad RANGE_BEGIN");
      sc.ranges.push_back(std::move(r));
      range = &sc.ranges.back();
      state = In::range;
      step_waiting_entry = nullptr;
      continue;
    }
    if (keyword(s, "STEP")) {
      std::vector<std::string_view> w = words(s);
      Step st;
      st.line = line_no;
      if (w.size() < 2 || !to_number(w[0], st.number)) return at(line_no, "bad STEP");
      st.keyword = std::string(w[1]);
      if (st.keyword == "QUERY") st.kind = StepKind::query;
      else if (st.keyword == "CHECK_ANSWER") st.kind = StepKind::check_answer;
      else if (st.keyword == "TIME_PASSES") {
        st.kind = StepKind::time_passes;
        if (w.size() >= 4 && w[2] == "ELAPSE") {
          const std::string_view e = w[3];
          const std::size_t dot = e.find('.');
          std::uint64_t whole = 0, frac = 0;
          if (!to_number(e.substr(0, dot), whole)) return at(line_no, "bad ELAPSE");
          if (dot != std::string_view::npos) {
            std::string digits(e.substr(dot + 1));
            digits = (digits + "000").substr(0, 3);
            if (!to_number(std::string_view(digits), frac)) return at(line_no, "bad ELAPSE");
          }
          st.elapse_ms = whole * 1000 + frac;
        }
      }
      sc.steps.push_back(std::move(st));
      Step& added = sc.steps.back();
      step_waiting_entry = (added.kind == StepKind::query || added.kind == StepKind::check_answer) ? &added : nullptr;
      continue;
    }
    return at(line_no, "unexpected line: '" + std::string(s) + "'");
  }
  if (state == In::entry || state == In::range) return make_error(Errc::malformed, "unterminated block at end of file");
  return sc;
}

}  // namespace daneel::conformance
