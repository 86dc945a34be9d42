// Resource bounds of the DANE module. Everything here reads untrusted input (a
// peer's certificate chain, TLSA records from a zone, a caller's CA bundle), so
// every loop and buffer has a cap, and the caps live in one place the tests reach.
#pragma once

#include <cstddef>

namespace daneel::dane {

// Certificates of a served chain that are looked at; the rest is ignored and the
// result says so. Real SMTP chains have 1-4 certificates; OpenSSL's default
// verify depth is 100, but a DANE-TA path longer than this is a misconfiguration.
inline constexpr std::size_t kMaxChainCertificates = 10;
// One certificate (DER). Large RSA certificates with many SANs stay below 16 KiB.
inline constexpr std::size_t kMaxCertificateSize = 64 * 1024;
// TLSA records considered per RRset (RFC 7671 §8 rollover needs a handful; some
// senders give up after about a dozen, see docs/DANE.md).
inline constexpr std::size_t kMaxTlsaRecords = 64;
// Certificate association data of one record: a full certificate (x 0 0) or
// key (x 1 0) can be large, a digest is 32 or 64 bytes.
inline constexpr std::size_t kMaxAssociationData = kMaxCertificateSize;
// Names (SAN dNSName entries and CNs) read per certificate.
inline constexpr std::size_t kMaxNamesPerCertificate = 512;
// Reference identifiers of one host (names.h); more is a caller bug, not input.
inline constexpr std::size_t kMaxReferenceNames = 16;
// A caller's CA bundle (PKIX information only): the Mozilla bundle is ~220 KB.
inline constexpr std::size_t kMaxBundleSize = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxBundleCertificates = 1024;
// Nesting depth the DER walker follows (it only ever needs 3).
inline constexpr std::size_t kMaxDerDepth = 8;

}  // namespace daneel::dane
