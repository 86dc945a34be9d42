// A minimal, strict DER walker for exactly what DANE matching needs: the
// certificate's outer structure and its SubjectPublicKeyInfo, as encoded.
//
// Why not only Mbed TLS: DANE-EE matching is a byte comparison (RFC 6698 §2.1.2)
// and must work for certificates Mbed TLS cannot parse (Ed25519 and Ed448 keys,
// P-521, unknown critical extensions). It also lets us validate x 0 0 / x 1 0
// record data structurally without requiring a supported key algorithm.
#pragma once

#include <cstdint>
#include <string>

#include "util/byte_reader.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dane::der {

inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kExplicit0 = 0xa0;

// One tag-length-value: `whole` is the encoding as it appears, `content` its value.
struct Tlv {
  std::uint8_t tag = 0;
  ByteView whole;
  ByteView content;
};

// Reads one TLV at the reader's position: single-octet tags only, definite
// minimal lengths only (X.690 §10.1), at most 4 length octets. Failures go to
// the reader (sticky) and return an empty Tlv.
Tlv read_tlv(ByteReader& reader);

// The parts of an X.509 certificate (RFC 5280 §4.1) that DANE needs, as views
// into the input.
struct CertificateParts {
  ByteView certificate;  // the whole DER, exactly (selector 0)
  ByteView tbs;
  ByteView issuer;       // Name TLV
  ByteView subject;      // Name TLV
  ByteView spki;         // SubjectPublicKeyInfo TLV (selector 1, RFC 6698 §2.1.2)
  ByteView spki_algorithm_oid;    // AlgorithmIdentifier.algorithm (content octets)
  ByteView spki_parameters_oid;   // named curve OID for EC keys, else empty
};

// Walks Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
// down to subjectPublicKeyInfo; the outer SEQUENCE must fill `data` exactly.
Result<CertificateParts> split_certificate(ByteView data);

// Checks SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }
// filling `data` exactly. Returns the algorithm and parameter OIDs as above.
struct SpkiParts {
  ByteView algorithm_oid;
  ByteView parameters_oid;
};
Result<SpkiParts> split_spki(ByteView data);

// Names of the key algorithms and curves daneel reports ("RSA", "EC P-256",
// "Ed25519", ...); empty for OIDs it does not know.
std::string key_algorithm_name(ByteView algorithm_oid, ByteView parameters_oid);

}  // namespace daneel::dane::der
