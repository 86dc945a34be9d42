#include "dns/message.h"

#include <array>

#include "dns/wire_writer.h"
#include "util/byte_reader.h"

namespace daneel::dns {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMinQuestionSize = 5;  // root name + QTYPE + QCLASS
constexpr std::size_t kMinRecordSize = 11;   // root name + TYPE, CLASS, TTL, RDLENGTH

constexpr std::array<std::pair<Rcode, std::string_view>, 12> kRcodes{{
    {Rcode::noerror, "NOERROR"}, {Rcode::formerr, "FORMERR"}, {Rcode::servfail, "SERVFAIL"},
    {Rcode::nxdomain, "NXDOMAIN"}, {Rcode::notimp, "NOTIMP"}, {Rcode::refused, "REFUSED"},
    {Rcode::yxdomain, "YXDOMAIN"}, {Rcode::yxrrset, "YXRRSET"}, {Rcode::nxrrset, "NXRRSET"},
    {Rcode::notauth, "NOTAUTH"}, {Rcode::notzone, "NOTZONE"}, {Rcode::badvers, "BADVERS"},
}};

std::string at(std::size_t offset) { return " at offset " + std::to_string(offset); }

class Parser {
 public:
  explicit Parser(ByteView wire) : wire_(wire), r_(wire) {}

  Result<Message> run() {
    if (wire_.size() > kMaxMessageSize)
      return make_error(Errc::limit_exceeded, "message of " + std::to_string(wire_.size()) +
                                                  " octets (at most 65535, RFC 1035 §4.2.2)");
    if (wire_.size() < kHeaderSize)
      return make_error(Errc::truncated, "message of " + std::to_string(wire_.size()) +
                                             " octets is shorter than the 12-octet header");
    Message m;
    m.header.id = r_.u16();
    const std::uint16_t flags = r_.u16();
    m.header.qr = flags & 0x8000;
    m.header.opcode = static_cast<Opcode>(flags >> 11 & 0xF);
    m.header.aa = flags & 0x0400;
    m.header.tc = flags & 0x0200;
    m.header.rd = flags & 0x0100;
    m.header.ra = flags & 0x0080;
    m.header.z = flags & 0x0040;
    m.header.ad = flags & 0x0020;
    m.header.cd = flags & 0x0010;
    std::uint16_t rcode = flags & 0xF;
    const std::array<std::size_t, 4> counts{r_.u16(), r_.u16(), r_.u16(), r_.u16()};
    if (counts[0] > kMaxQuestions)
      return make_error(Errc::limit_exceeded, "QDCOUNT " + std::to_string(counts[0]) +
                                                  ": at most one question (RFC 9619)");
    const std::size_t records = counts[1] + counts[2] + counts[3];
    if (records > kMaxRecords)
      return make_error(Errc::limit_exceeded, "ANCOUNT + NSCOUNT + ARCOUNT = " + std::to_string(records) +
                                                  " records, more than the limit of " + std::to_string(kMaxRecords));
    // Refuse impossible counts before allocating or parsing anything.
    const std::size_t needed = counts[0] * kMinQuestionSize + records * kMinRecordSize;
    if (needed > r_.remaining())
      return make_error(Errc::truncated, "header counts " + std::to_string(counts[0]) + " questions and " +
                                             std::to_string(records) + " records, at least " + std::to_string(needed) +
                                             " octets, but only " + std::to_string(r_.remaining()) + " follow");

    m.questions.reserve(counts[0]);
    for (std::size_t i = 0; i < counts[0]; ++i) {
      const std::size_t start = r_.offset();
      Question q;
      q.name = read_name(r_, Compression::allowed);
      q.type = static_cast<RrType>(r_.u16());
      q.qclass = static_cast<RrClass>(r_.u16());
      if (!r_.ok()) return in_context("question " + std::to_string(i + 1) + at(start), *r_.error());
      m.questions.push_back(std::move(q));
    }
    const std::array<std::pair<Section, std::vector<Record>*>, 3> sections{
        {{Section::answer, &m.answers}, {Section::authority, &m.authority}, {Section::additional, &m.additional}}};
    for (std::size_t s = 0; s < sections.size(); ++s) {
      sections[s].second->reserve(counts[s + 1]);
      for (std::size_t i = 0; i < counts[s + 1]; ++i)
        if (const Status read = read_record(sections[s].first, i, m, rcode); !read) return read.error();
    }
    if (!r_.at_end())
      return make_error(Errc::malformed, std::to_string(r_.remaining()) + " trailing octets after the last record" +
                                             at(r_.offset()));
    m.rcode = static_cast<Rcode>(rcode);
    return m;
  }

 private:
  static Error in_context(const std::string& where, const Error& e) { return make_error(e.code, where + ": " + e.message); }

  Status read_record(Section section, std::size_t index, Message& m, std::uint16_t& rcode) {
    const std::size_t start = r_.offset();
    // Built only on failure: this is the parser's hot path.
    const auto where = [&] { return std::string(to_string(section)) + " record " + std::to_string(index + 1) + at(start); };
    Record rec;
    rec.owner = read_name(r_, Compression::allowed);
    if (!r_.ok()) return in_context(where() + ": owner", *r_.error());
    rec.type = static_cast<RrType>(r_.u16());
    const std::uint16_t rclass = r_.u16();
    rec.ttl = r_.u32();
    const std::size_t length_at = r_.offset();
    const std::uint16_t rdlength = r_.u16();
    if (!r_.ok()) return in_context(where() + ": TYPE, CLASS, TTL and RDLENGTH", *r_.error());
    const std::size_t rdata_start = r_.offset();
    if (rdlength > r_.remaining())
      return make_error(Errc::truncated, where() + ": " + to_string(rec.type) + " RDLENGTH " + std::to_string(rdlength) +
                                             at(length_at) + " runs past the end of the message (" +
                                             std::to_string(r_.remaining()) + " octets left)");
    r_.skip(rdlength);
    if (rec.type == RrType::opt) return read_opt(where(), section, rec, rclass, wire_.subspan(rdata_start, rdlength), m, rcode);
    rec.rclass = static_cast<RrClass>(rclass);
    Result<Rdata> rdata = read_rdata(rec.type, wire_, rdata_start, rdata_start + rdlength);
    if (!rdata) return in_context(where(), rdata.error());
    rec.rdata = std::move(rdata).value();
    (section == Section::answer ? m.answers : section == Section::authority ? m.authority : m.additional)
        .push_back(std::move(rec));
    return {};
  }

  // RFC 6891 §6.1: one OPT at most, only in the additional section, owned by
  // the root; CLASS is the UDP payload size and TTL holds the extended RCODE,
  // version and flags.
  static Status read_opt(const std::string& where, Section section, const Record& rec, std::uint16_t rclass,
                         ByteView rdata, Message& m, std::uint16_t& rcode) {
    if (section != Section::additional)
      return make_error(Errc::malformed, where + ": OPT pseudo-record in the " + std::string(to_string(section)) +
                                             " section (RFC 6891 §6.1.1: additional only)");
    if (m.edns)
      return make_error(Errc::malformed, where + ": a second OPT pseudo-record (RFC 6891 §6.1.1 allows one)");
    if (!rec.owner.is_root())
      return make_error(Errc::malformed, where + ": OPT owner " + rec.owner.to_text() +
                                             " is not the root (RFC 6891 §6.1.2)");
    Result<std::vector<EdnsOption>> options = edns_options_from_wire(rdata);
    if (!options) return in_context(where + ": OPT RDATA", options.error());
    Edns edns;
    edns.udp_payload_size = rclass;
    edns.version = static_cast<std::uint8_t>(rec.ttl >> 16);
    edns.dnssec_ok = rec.ttl & 0x8000;
    edns.flags = static_cast<std::uint16_t>(rec.ttl & 0x7FFF);
    edns.options = std::move(options).value();
    rcode = static_cast<std::uint16_t>(rcode | (rec.ttl >> 24) << 4);
    m.edns = std::move(edns);
    return {};
  }

  ByteView wire_;
  ByteReader r_;
};

void write_record(WireWriter& w, const Name& owner, std::uint16_t type, std::uint16_t rclass, std::uint32_t ttl,
                  const Rdata* rdata, const std::vector<EdnsOption>* options) {
  w.name(owner, kRfc1035Name);
  w.u16(type);
  w.u16(rclass);
  w.u32(ttl);
  const std::size_t length_at = w.size();
  w.u16(0);
  if (rdata != nullptr) write_rdata(*rdata, w);
  if (options != nullptr) {
    for (const EdnsOption& option : *options) {
      w.u16(option.code);
      w.u16(static_cast<std::uint16_t>(option.data.size()));
      w.bytes(option.data);
    }
  }
  // Lengths beyond 16 bits are caught by the caller's size check (the message
  // then exceeds 65535 octets too).
  const std::size_t length = w.size() - length_at - 2;
  w.patch_u16(length_at, static_cast<std::uint16_t>(length > 0xFFFF ? 0xFFFF : length));
}

}  // namespace

std::string to_string(Rcode rcode) {
  for (const auto& [code, name] : kRcodes)
    if (code == rcode) return std::string(name);
  return "RCODE" + std::to_string(static_cast<std::uint16_t>(rcode));
}

std::string to_string(Opcode opcode) {
  switch (opcode) {
    case Opcode::query: return "QUERY";
    case Opcode::iquery: return "IQUERY";
    case Opcode::status: return "STATUS";
    case Opcode::notify: return "NOTIFY";
    case Opcode::update: return "UPDATE";
  }
  return "OPCODE" + std::to_string(static_cast<unsigned>(opcode));
}

std::string_view to_string(Section section) {
  switch (section) {
    case Section::question: return "question";
    case Section::answer: return "answer";
    case Section::authority: return "authority";
    case Section::additional: return "additional";
  }
  return "unknown";
}

Result<Message> parse_message(ByteView wire) { return Parser(wire).run(); }

Result<Bytes> build_message(const Message& m) {
  const auto rcode = static_cast<std::uint16_t>(m.rcode);
  if (rcode > 0xFFF) return make_error(Errc::invalid_argument, "RCODE " + std::to_string(rcode) + " needs more than 12 bits");
  if (rcode > 0xF && !m.edns)
    return make_error(Errc::invalid_argument, "extended RCODE " + to_string(m.rcode) + " needs EDNS (RFC 6891 §6.1.3)");
  if (m.questions.size() > kMaxQuestions) return make_error(Errc::limit_exceeded, "more than one question (RFC 9619)");
  const std::size_t records = m.answers.size() + m.authority.size() + m.additional.size() + (m.edns ? 1 : 0);
  if (records > kMaxRecords)
    return make_error(Errc::limit_exceeded, std::to_string(records) + " records, more than the limit of " +
                                                std::to_string(kMaxRecords));
  WireWriter w(WireWriter::Mode::compressing);
  const Header& h = m.header;
  w.u16(h.id);
  w.u16(static_cast<std::uint16_t>((h.qr ? 0x8000 : 0) | (static_cast<unsigned>(h.opcode) & 0xF) << 11 |
                                   (h.aa ? 0x0400 : 0) | (h.tc ? 0x0200 : 0) | (h.rd ? 0x0100 : 0) |
                                   (h.ra ? 0x0080 : 0) | (h.z ? 0x0040 : 0) | (h.ad ? 0x0020 : 0) |
                                   (h.cd ? 0x0010 : 0) | (rcode & 0xF)));
  w.u16(static_cast<std::uint16_t>(m.questions.size()));
  w.u16(static_cast<std::uint16_t>(m.answers.size()));
  w.u16(static_cast<std::uint16_t>(m.authority.size()));
  w.u16(static_cast<std::uint16_t>(m.additional.size() + (m.edns ? 1 : 0)));
  for (const Question& q : m.questions) {
    w.name(q.name, kRfc1035Name);
    w.u16(static_cast<std::uint16_t>(q.type));
    w.u16(static_cast<std::uint16_t>(q.qclass));
  }
  for (const std::vector<Record>* section : {&m.answers, &m.authority, &m.additional}) {
    for (const Record& rec : *section) {
      if (const Status kind = check_rdata_kind(rec.type, rec.rdata); !kind) return kind.error();
      if (rec.type == RrType::opt) return make_error(Errc::invalid_argument, "OPT belongs in Message::edns");
      const std::size_t before = w.size();
      write_record(w, rec.owner, static_cast<std::uint16_t>(rec.type), static_cast<std::uint16_t>(rec.rclass), rec.ttl,
                   &rec.rdata, nullptr);
      if (w.size() - before > kMaxMessageSize) break;
    }
  }
  if (m.edns) {
    const Edns& e = *m.edns;
    const std::uint32_t ttl = static_cast<std::uint32_t>(rcode >> 4) << 24 | std::uint32_t{e.version} << 16 |
                              (e.dnssec_ok ? 0x8000u : 0u) | (e.flags & 0x7FFFu);
    write_record(w, Name::root(), static_cast<std::uint16_t>(RrType::opt), e.udp_payload_size, ttl, nullptr, &e.options);
  }
  if (w.size() > kMaxMessageSize)
    return make_error(Errc::limit_exceeded, "message of " + std::to_string(w.size()) + " octets (at most 65535)");
  return w.take();
}

Message make_query(const Name& name, RrType type, const QueryOptions& options) {
  Message m;
  m.header.id = options.id;
  m.header.rd = true;
  m.header.cd = options.checking_disabled;
  m.questions.push_back({name, type, RrClass::in});
  Edns edns;
  edns.udp_payload_size = options.udp_payload_size;
  edns.dnssec_ok = options.dnssec_ok;
  m.edns = std::move(edns);
  return m;
}

std::string to_text(const Message& m) {
  const Header& h = m.header;
  std::string out = ";; opcode " + to_string(h.opcode) + ", status " + to_string(m.rcode) +
                    ", id " + std::to_string(h.id) + "\n;; flags:";
  const std::array<std::pair<bool, const char*>, 8> flags{
      {{h.qr, " qr"}, {h.aa, " aa"}, {h.tc, " tc"}, {h.rd, " rd"}, {h.ra, " ra"}, {h.z, " z"}, {h.ad, " ad"}, {h.cd, " cd"}}};
  for (const auto& [set, name] : flags)
    if (set) out += name;
  out += "; QUERY: " + std::to_string(m.questions.size()) + ", ANSWER: " + std::to_string(m.answers.size()) +
         ", AUTHORITY: " + std::to_string(m.authority.size()) + ", ADDITIONAL: " + std::to_string(m.additional.size()) +
         "\n";
  if (m.edns) {
    out += ";; EDNS: version " + std::to_string(m.edns->version) + ", flags:" + (m.edns->dnssec_ok ? " do" : "") +
           "; udp " + std::to_string(m.edns->udp_payload_size) + "\n";
    for (const ExtendedError& e : extended_errors(*m.edns)) out += ";; " + to_text(e) + "\n";
  }
  out += ";; QUESTION SECTION:\n";
  for (const Question& q : m.questions) out += ";" + q.name.to_text() + " " + to_string(q.qclass) + " " + to_string(q.type) + "\n";
  const std::array<std::pair<const char*, const std::vector<Record>*>, 3> sections{
      {{"ANSWER", &m.answers}, {"AUTHORITY", &m.authority}, {"ADDITIONAL", &m.additional}}};
  for (const auto& [title, records] : sections) {
    if (records->empty()) continue;
    out += std::string(";; ") + title + " SECTION:\n";
    for (const Record& rec : *records) out += to_text(rec) + "\n";
  }
  return out;
}

}  // namespace daneel::dns
