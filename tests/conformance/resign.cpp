#include "resign.h"

#include <algorithm>
#include <memory>
#include <variant>

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

#include "dnssec/algorithms.h"
#include "dnssec/digest.h"
#include "dnssec/ds.h"
#include "dnssec/key_tag.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"

namespace daneel::conformance {
namespace {

bool is_dsa(std::uint8_t alg) {
  return alg == dnssec::algorithm::dsa || alg == dnssec::algorithm::dsa_nsec3_sha1;
}

// A deterministic byte stream (SHA-256 in counter mode) so that runs are reproducible.
struct DetRng {
  Bytes seed;
  std::uint64_t counter = 0;
};

int det_rng(void* ctx, unsigned char* out, std::size_t len) {
  auto* rng = static_cast<DetRng*>(ctx);
  std::size_t done = 0;
  while (done < len) {
    Bytes block = rng->seed;
    for (int i = 0; i < 8; ++i) block.push_back(static_cast<std::uint8_t>(rng->counter >> (8 * i)));
    ++rng->counter;
    const Bytes h = dnssec::digest(dnssec::DigestAlgorithm::sha256, block);
    for (std::size_t i = 0; i < h.size() && done < len; ++i) out[done++] = h[i];
  }
  return 0;
}

class P256Key {
 public:
  explicit P256Key(ByteView seed) {
    mbedtls_ecdsa_init(&key_);
    rng_.seed.assign(seed.begin(), seed.end());
    ok_ = mbedtls_ecdsa_genkey(&key_, MBEDTLS_ECP_DP_SECP256R1, det_rng, &rng_) == 0;
    if (!ok_) return;
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi d;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&d);
    std::size_t n = 0;
    unsigned char sec1[65];
    ok_ = mbedtls_ecp_export(&key_, &grp, &d, &q) == 0 &&
          mbedtls_ecp_point_write_binary(&grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &n, sec1, sizeof sec1) == 0 && n == 65;
    if (ok_) public_.assign(sec1 + 1, sec1 + 65);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
  }
  ~P256Key() { mbedtls_ecdsa_free(&key_); }
  P256Key(const P256Key&) = delete;
  P256Key& operator=(const P256Key&) = delete;

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const Bytes& public_key() const { return public_; }

  Result<Bytes> sign(ByteView data) {
    const Bytes hash = dnssec::digest(dnssec::DigestAlgorithm::sha256, data);
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi d, r, s;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    Bytes sig(64);
    const bool good = mbedtls_ecp_export(&key_, &grp, &d, &q) == 0 &&
                      mbedtls_ecdsa_sign(&grp, &r, &s, &d, hash.data(), hash.size(), det_rng, &rng_) == 0 &&
                      mbedtls_mpi_write_binary(&r, sig.data(), 32) == 0 &&
                      mbedtls_mpi_write_binary(&s, sig.data() + 32, 32) == 0;
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    if (!good) return make_error(Errc::internal, "P-256 signing failed");
    return sig;
  }

 private:
  mbedtls_ecdsa_context key_;
  DetRng rng_;
  Bytes public_;
  bool ok_ = false;
};

// One DSA public key (by owner) and its replacement.
struct Replacement {
  dns::Name owner;
  Bytes dsa_public_key;
  std::unique_ptr<P256Key> key;
};

struct Translator {
  std::vector<std::unique_ptr<Replacement>> keys;
  ResignReport report;

  Replacement* find(const dns::Name& owner, ByteView public_key) {
    for (auto& k : keys)
      if (k->owner == owner && std::equal(k->dsa_public_key.begin(), k->dsa_public_key.end(), public_key.begin(), public_key.end())) return k.get();
    return nullptr;
  }

  Status add(const dns::Name& owner, const dns::Dnskey& key) {
    if (!is_dsa(key.algorithm) || find(owner, key.public_key) != nullptr) return {};
    auto r = std::make_unique<Replacement>();
    r->owner = owner;
    r->dsa_public_key = key.public_key;
    const dns::Name canonical_owner = owner.canonical();
    Bytes seed(canonical_owner.wire().begin(), canonical_owner.wire().end());
    seed.insert(seed.end(), key.public_key.begin(), key.public_key.end());
    r->key = std::make_unique<P256Key>(seed);
    if (!r->key->ok()) return make_error(Errc::internal, "P-256 key generation failed");
    keys.push_back(std::move(r));
    ++report.keys;
    return {};
  }

  [[nodiscard]] dns::Dnskey translated(const dns::Dnskey& key, const Replacement& r) const {
    return dns::Dnskey{key.flags, key.protocol, dnssec::algorithm::ecdsap256sha256, r.key->public_key()};
  }

  // Every DSA key variant (flags as seen) at `owner`, to map key tags and DS digests.
  std::vector<dns::Dnskey> variants_seen;
  std::vector<dns::Name> variant_owners;

  void remember(const dns::Name& owner, const dns::Dnskey& key) {
    for (std::size_t i = 0; i < variants_seen.size(); ++i)
      if (variant_owners[i] == owner && variants_seen[i] == key) return;
    variants_seen.push_back(key);
    variant_owners.push_back(owner);
  }

  dns::Ds translate_ds(const dns::Name& owner, const dns::Ds& ds) {
    dns::Ds out = ds;
    out.algorithm = dnssec::algorithm::ecdsap256sha256;
    for (std::size_t i = 0; i < variants_seen.size(); ++i) {
      if (!(variant_owners[i] == owner)) continue;
      const dns::Dnskey& orig = variants_seen[i];
      Replacement* r = find(owner, orig.public_key);
      if (r == nullptr) continue;
      const dns::Dnskey t = translated(orig, *r);
      if (dnssec::ds_matches_key(owner, ds, orig)) {
        if (auto made = dnssec::make_ds(owner, t, ds.digest_type)) {
          ++report.ds_rewritten;
          return *made;
        }
      }
      if (dnssec::key_tag(orig) == ds.key_tag) out.key_tag = dnssec::key_tag(t);
    }
    return out;
  }

  void translate_record(dns::Record& rec) {
    if (auto* k = std::get_if<dns::Dnskey>(&rec.rdata)) {
      if (!is_dsa(k->algorithm)) return;
      if (Replacement* r = find(rec.owner, k->public_key)) rec.rdata = translated(*k, *r);
    } else if (auto* d = std::get_if<dns::Ds>(&rec.rdata)) {
      if (is_dsa(d->algorithm)) rec.rdata = translate_ds(rec.owner, *d);
    }
  }

  // The records of (owner, type) in the same entry: the RRSIG's own section first.
  static std::vector<const dns::Record*> rrset_records(const Entry& e, const dns::Name& owner, dns::RrType type,
                                                       int home) {
    const std::vector<dns::Record>* secs[3] = {&e.answer, &e.authority, &e.additional};
    std::vector<const dns::Record*> out;
    for (int pass = 0; pass < 4 && out.empty(); ++pass) {
      const int idx = pass == 0 ? home : pass - 1;
      if (pass > 0 && idx == home) continue;
      for (const dns::Record& r : *secs[idx])
        if (r.type == type && r.owner == owner) out.push_back(&r);
    }
    return out;
  }

  static dnssec::Rrset make_rrset(const std::vector<const dns::Record*>& recs) {
    dnssec::Rrset set;
    set.owner = recs.front()->owner;
    set.type = recs.front()->type;
    set.rclass = recs.front()->rclass;
    set.ttl = recs.front()->ttl;
    for (const dns::Record* r : recs) set.rdatas.push_back(r->rdata);
    return set;
  }

  Status translate_entry(Entry& e) {
    const Entry original = e;
    std::vector<dns::Record>* secs[3] = {&e.answer, &e.authority, &e.additional};
    for (auto* sec : secs)
      for (dns::Record& r : *sec) translate_record(r);
    for (int s = 0; s < 3; ++s) {
      std::vector<dns::Record>& sec = *secs[s];
      for (std::size_t i = 0; i < sec.size(); ++i) {
        auto* sig = std::get_if<dns::Rrsig>(&sec[i].rdata);
        if (sig == nullptr || !is_dsa(sig->algorithm)) continue;
        const dns::Rrsig orig_sig = *sig;
        dns::Rrsig new_sig = orig_sig;
        new_sig.algorithm = dnssec::algorithm::ecdsap256sha256;
        const auto orig_recs = rrset_records(original, sec[i].owner, orig_sig.type_covered, s);
        const auto new_recs = rrset_records(e, sec[i].owner, orig_sig.type_covered, s);
        Replacement* signer = nullptr;
        bool valid = false;
        Result<Bytes> orig_data = orig_recs.empty() ? Result<Bytes>(make_error(Errc::malformed, "no rrset"))
                                                    : dnssec::signed_data(make_rrset(orig_recs), orig_sig);
        for (std::size_t v = 0; v < variants_seen.size() && !valid; ++v) {
          if (!(variant_owners[v] == orig_sig.signer) || dnssec::key_tag(variants_seen[v]) != orig_sig.key_tag) continue;
          Replacement* r = find(orig_sig.signer, variants_seen[v].public_key);
          if (r == nullptr) continue;
          if (signer == nullptr) {
            signer = r;
            new_sig.key_tag = dnssec::key_tag(translated(variants_seen[v], *r));
          }
          if (orig_data && dsa_verify(variants_seen[v].public_key, orig_data.value(), orig_sig.signature)) {
            valid = true;
            signer = r;
            new_sig.key_tag = dnssec::key_tag(translated(variants_seen[v], *r));
          }
        }
        Bytes signature;
        if (valid && !new_recs.empty()) {
          Result<Bytes> data = dnssec::signed_data(make_rrset(new_recs), new_sig);
          if (!data) return data.error();
          Result<Bytes> made = signer->key->sign(data.value());
          if (!made) return made.error();
          signature = std::move(made).value();
          ++report.valid_signatures;
        } else {
          // Well-formed, verifies under no key: what the original proved.
          signature = Bytes(64, 0x5a);
          ++report.invalid_signatures;
          report.notes.push_back("entry line " + std::to_string(e.line) + ": DSA RRSIG " + sec[i].owner.to_text() +
                                 " " + dns::to_string(orig_sig.type_covered) + " tag " +
                                 std::to_string(orig_sig.key_tag) + " does not verify; kept invalid");
        }
        new_sig.signature = std::move(signature);
        sec[i].rdata = new_sig;
      }
    }
    return {};
  }
};

struct Mpi {
  mbedtls_mpi v;
  Mpi() { mbedtls_mpi_init(&v); }
  ~Mpi() { mbedtls_mpi_free(&v); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
};

}  // namespace

// Unbound's scenario files carry many DSA signatures in the DER form OpenSSL
// produces (SEQUENCE { INTEGER r, INTEGER s }) rather than RFC 2536's T|R|S;
// Unbound accepts both, so does this check.
static bool der_integer(ByteView& in, ByteView& out) {
  if (in.size() < 2 || in[0] != 0x02 || in[1] > 0x7f || in.size() < 2u + in[1]) return false;
  out = in.subspan(2, in[1]);
  in = in.subspan(2u + in[1]);
  return true;
}

bool dsa_verify(ByteView key, ByteView data, ByteView sig) {
  ByteView r_bytes, s_bytes;
  if (sig.size() == 41) {
    r_bytes = sig.subspan(1, 20);
    s_bytes = sig.subspan(21, 20);
  } else {
    if (sig.size() < 2 || sig[0] != 0x30 || sig[1] > 0x7f || sig.size() != 2u + sig[1]) return false;
    ByteView body = sig.subspan(2);
    if (!der_integer(body, r_bytes) || !der_integer(body, s_bytes) || !body.empty()) return false;
  }
  if (key.empty()) return false;
  const std::size_t t = key[0];
  if (t > 8) return false;
  const std::size_t plen = 64 + t * 8;
  if (key.size() != 1 + 20 + 3 * plen) return false;
  Mpi q, p, g, y, r, s, w, u1, u2, h, v1, v2, v;
  const unsigned char* k = key.data() + 1;
  if (mbedtls_mpi_read_binary(&q.v, k, 20) != 0 || mbedtls_mpi_read_binary(&p.v, k + 20, plen) != 0 ||
      mbedtls_mpi_read_binary(&g.v, k + 20 + plen, plen) != 0 ||
      mbedtls_mpi_read_binary(&y.v, k + 20 + 2 * plen, plen) != 0 ||
      mbedtls_mpi_read_binary(&r.v, r_bytes.data(), r_bytes.size()) != 0 ||
      mbedtls_mpi_read_binary(&s.v, s_bytes.data(), s_bytes.size()) != 0)
    return false;
  if (mbedtls_mpi_cmp_int(&r.v, 0) <= 0 || mbedtls_mpi_cmp_mpi(&r.v, &q.v) >= 0) return false;
  if (mbedtls_mpi_cmp_int(&s.v, 0) <= 0 || mbedtls_mpi_cmp_mpi(&s.v, &q.v) >= 0) return false;
  if (mbedtls_mpi_get_bit(&p.v, 0) == 0) return false;  // exp_mod needs an odd modulus
  const Bytes digest = dnssec::digest(dnssec::DigestAlgorithm::sha1, data);
  if (mbedtls_mpi_read_binary(&h.v, digest.data(), digest.size()) != 0) return false;
  if (mbedtls_mpi_inv_mod(&w.v, &s.v, &q.v) != 0) return false;
  if (mbedtls_mpi_mul_mpi(&u1.v, &h.v, &w.v) != 0 || mbedtls_mpi_mod_mpi(&u1.v, &u1.v, &q.v) != 0) return false;
  if (mbedtls_mpi_mul_mpi(&u2.v, &r.v, &w.v) != 0 || mbedtls_mpi_mod_mpi(&u2.v, &u2.v, &q.v) != 0) return false;
  if (mbedtls_mpi_exp_mod(&v1.v, &g.v, &u1.v, &p.v, nullptr) != 0) return false;
  if (mbedtls_mpi_exp_mod(&v2.v, &y.v, &u2.v, &p.v, nullptr) != 0) return false;
  if (mbedtls_mpi_mul_mpi(&v.v, &v1.v, &v2.v) != 0 || mbedtls_mpi_mod_mpi(&v.v, &v.v, &p.v) != 0) return false;
  if (mbedtls_mpi_mod_mpi(&v.v, &v.v, &q.v) != 0) return false;
  return mbedtls_mpi_cmp_mpi(&v.v, &r.v) == 0;
}

Result<ResignReport> resign_unsupported(Scenario& scenario, std::string& anchor_text) {
  Translator tr;
  // Pass 1: every DSA key (entries and DNSKEY anchors).
  auto collect = [&](const Entry& e) -> Status {
    for (const auto* sec : {&e.answer, &e.authority, &e.additional})
      for (const dns::Record& r : *sec)
        if (const auto* k = std::get_if<dns::Dnskey>(&r.rdata); k != nullptr && is_dsa(k->algorithm)) {
          Status st = tr.add(r.owner, *k);
          if (!st) return st;
          tr.remember(r.owner, *k);
        }
    return {};
  };
  for (const Range& range : scenario.ranges)
    for (const Entry& e : range.entries) {
      Status st = collect(e);
      if (!st) return st.error();
    }
  std::vector<std::string> lines;
  {
    std::size_t pos = 0;
    while (pos < anchor_text.size()) {
      std::size_t end = anchor_text.find('\n', pos);
      if (end == std::string::npos) end = anchor_text.size();
      lines.push_back(anchor_text.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  std::vector<std::optional<dns::Record>> anchor_records;
  for (const std::string& line : lines) {
    Result<dns::Record> rec = dns::record_from_text(line);
    anchor_records.push_back(rec ? std::optional<dns::Record>(rec.value()) : std::nullopt);
    if (rec) {
      if (const auto* k = std::get_if<dns::Dnskey>(&rec.value().rdata); k != nullptr && is_dsa(k->algorithm)) {
        Status st = tr.add(rec.value().owner, *k);
        if (!st) return st.error();
        tr.remember(rec.value().owner, *k);
      }
    }
  }
  if (tr.keys.empty()) return tr.report;

  // Pass 2: entries (STEP entries are compared without their RRSIGs: left alone).
  for (Range& range : scenario.ranges)
    for (Entry& e : range.entries) {
      Status st = tr.translate_entry(e);
      if (!st) return st.error();
    }
  // The expected answers of CHECK_ANSWER steps are compared record by record:
  // their DNSKEY and DS records get the same translation as the servers' (a
  // DS asked for must equal the rewritten one). Not counted in the report.
  const std::size_t ds_rewritten = tr.report.ds_rewritten;
  for (Step& step : scenario.steps) {
    if (!step.has_entry) continue;
    for (auto* section : {&step.entry.answer, &step.entry.authority, &step.entry.additional})
      for (dns::Record& rec : *section) tr.translate_record(rec);
  }
  tr.report.ds_rewritten = ds_rewritten;
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (anchor_records[i]) {
      dns::Record rec = *anchor_records[i];
      tr.translate_record(rec);
      out += dns::to_text(rec) + "\n";
    } else {
      out += lines[i] + "\n";
    }
  }
  anchor_text = out;
  tr.report.notes.insert(tr.report.notes.begin(),
                         std::to_string(tr.report.keys) + " DSA keys replaced, " +
                             std::to_string(tr.report.valid_signatures) + " signatures re-signed, " +
                             std::to_string(tr.report.invalid_signatures) + " kept invalid, " +
                             std::to_string(tr.report.ds_rewritten) + " DS rewritten");
  return tr.report;
}

}  // namespace daneel::conformance
