// The certificate reader of the grading (tls/cert_facts.h) takes the chain a
// (possibly hostile) mail server sent. Properties on every input:
//  - no crash, no read out of bounds (sanitizers watch; Mbed TLS's ASN.1 and
//    X.509 readers run on it);
//  - what the reader cannot name is never rated better than unknown: a key of
//    unknown kind, or an RSA key without a size, is `unknown`;
//  - the chain's ratings are the worst of its members' (worst wins).
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "tls/cert_facts.h"
#include "tls/grading_tables.h"

using namespace daneel;
using namespace daneel::tls;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const GradingTables& tables = ncsc_2025_05();
  const CertificateFacts facts = read_certificate_facts(ByteView(data, size));
  const Rating key = cert_key_rating(facts, tables);
  if (facts.key == CertKeyKind::unknown && key != Rating::unknown) std::abort();
  if (facts.key == CertKeyKind::rsa && facts.key_bits == 0 && key != Rating::unknown) std::abort();
  if (!facts.signature_hash && cert_signature_rating(facts, tables) != Rating::unknown) std::abort();
  // A chain of this certificate under a well-rated one: never better than it alone.
  CertificateFacts good;
  good.key = CertKeyKind::ed25519;
  good.signature = SignatureAlgorithm::ed25519;
  good.signature_hash = HashAlgorithm::intrinsic;
  const ChainRatings chain = rate_chain(std::vector<CertificateFacts>{facts, good}, tables);
  if (worse(chain.key, key) != chain.key) std::abort();
  return 0;
}
