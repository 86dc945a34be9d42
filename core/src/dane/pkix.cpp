#include "dane/pkix.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include <mbedtls/x509_crt.h>

#include "dane/certificate.h"
#include "dane/der.h"
#include "dane/limits.h"
#include "dane/names.h"
#include "dane/x509_time.h"

namespace daneel::dane {

std::string_view to_string(PkixStatus status) {
  switch (status) {
    case PkixStatus::valid: return "valid";
    case PkixStatus::invalid: return "invalid";
    case PkixStatus::bundle_error: return "CA bundle unusable";
    case PkixStatus::no_certificates: return "no certificates";
  }
  return "?";
}

namespace {

// An mbedtls_x509_crt list owned for the duration of one validation.
struct CrtList {
  mbedtls_x509_crt list;
  CrtList() { mbedtls_x509_crt_init(&list); }
  ~CrtList() { mbedtls_x509_crt_free(&list); }
  CrtList(const CrtList&) = delete;
  CrtList& operator=(const CrtList&) = delete;
  std::size_t count() const {
    std::size_t n = 0;
    for (const mbedtls_x509_crt* c = &list; c != nullptr && c->raw.p != nullptr; c = c->next) ++n;
    return n;
  }
};

bool looks_like_pem(ByteView data) {
  static constexpr std::string_view kMarker = "-----BEGIN ";
  const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  return text.find(kMarker) != std::string_view::npos;
}

// Loads the bundle; returns false with a problem when it is unusable.
bool load_bundle(ByteView bundle, CrtList& trust, PkixResult& result) {
  if (bundle.empty() || bundle.size() > kMaxBundleSize) {
    result.problems.push_back(bundle.empty() ? "the CA bundle is empty"
                                             : "the CA bundle is larger than " + std::to_string(kMaxBundleSize) + " bytes");
    return false;
  }
  if (looks_like_pem(bundle)) {
    // Mbed TLS wants PEM input NUL-terminated, the terminator counted.
    Bytes text(bundle.begin(), bundle.end());
    text.push_back(0);
    const int rc = mbedtls_x509_crt_parse(&trust.list, text.data(), text.size());
    if (rc < 0) {
      result.problems.push_back("the CA bundle cannot be parsed: " + mbedtls_error_text(rc));
      return false;
    }
    result.bundle_rejected = static_cast<std::size_t>(rc);
  } else {
    ByteReader reader(bundle);
    for (std::size_t n = 0; !reader.at_end() && n <= kMaxBundleCertificates; ++n) {
      const der::Tlv tlv = der::read_tlv(reader);
      if (!reader.ok()) {
        result.problems.push_back("the DER CA bundle is malformed at offset " + std::to_string(reader.offset()));
        break;
      }
      if (mbedtls_x509_crt_parse_der(&trust.list, tlv.whole.data(), tlv.whole.size()) != 0) ++result.bundle_rejected;
    }
  }
  result.bundle_certificates = trust.count();
  if (result.bundle_certificates > kMaxBundleCertificates) {
    result.problems.push_back("the CA bundle has more than " + std::to_string(kMaxBundleCertificates) + " certificates");
    return false;
  }
  if (result.bundle_certificates == 0) {
    result.problems.push_back("the CA bundle contains no usable certificate");
    return false;
  }
  return true;
}

struct VerifyContext {
  std::int64_t now_seconds = 0;
  std::vector<std::string>* path = nullptr;
};

std::string subject_of(const mbedtls_x509_crt& crt) {
  char text[512];
  return mbedtls_x509_dn_gets(text, sizeof text, &crt.subject) < 0 ? std::string("?") : std::string(text);
}

// Called by Mbed TLS for each certificate of the path it built, from the root
// down to the leaf. Mbed TLS has no clock here, so this is where the dates are
// checked: setting the BADCERT bits makes the verification fail like a
// date-aware build would.
int check_path_certificate(void* opaque, mbedtls_x509_crt* crt, int depth, std::uint32_t* flags) {
  auto* context = static_cast<VerifyContext*>(opaque);
  switch (validity_at(unix_seconds(crt->valid_from), unix_seconds(crt->valid_to), context->now_seconds)) {
    case Validity::expired: *flags |= MBEDTLS_X509_BADCERT_EXPIRED; break;
    case Validity::not_yet_valid: *flags |= MBEDTLS_X509_BADCERT_FUTURE; break;
    case Validity::valid: break;
  }
  if (depth >= 0 && context->path->size() < kMaxChainCertificates + 2) context->path->insert(context->path->begin(), subject_of(*crt));
  return 0;
}

void add_flag_problems(std::uint32_t flags, PkixResult& result) {
  char text[1024];
  if (mbedtls_x509_crt_verify_info(text, sizeof text, "", flags) < 0) {
    result.problems.push_back("verification failed (flags " + std::to_string(flags) + ")");
    return;
  }
  std::string_view lines(text);
  while (!lines.empty()) {
    const std::size_t end = lines.find('\n');
    const std::string_view line = lines.substr(0, end);
    if (!line.empty()) result.problems.emplace_back(line);
    if (end == std::string_view::npos) break;
    lines.remove_prefix(end + 1);
  }
}

}  // namespace

PkixResult validate_pkix(const PkixInput& input) {
  PkixResult result;
  CrtList chain;
  const std::size_t count = std::min(input.chain.size(), kMaxChainCertificates);
  for (std::size_t i = 0; i < count; ++i) {
    const Bytes& der = input.chain[i];
    const int rc = der.size() > kMaxCertificateSize ? -1 : mbedtls_x509_crt_parse_der(&chain.list, der.data(), der.size());
    if (rc == 0) continue;
    if (i == 0) {
      result.problems.push_back("the leaf cannot be parsed: " + (rc == -1 ? std::string("too large") : mbedtls_error_text(rc)));
      return result;
    }
    result.problems.push_back("certificate at depth " + std::to_string(i) + " ignored: cannot be parsed");
  }
  if (count == 0) {
    result.problems.push_back("no certificates");
    return result;
  }

  CrtList trust;
  if (!load_bundle(input.ca_bundle, trust, result)) {
    result.status = PkixStatus::bundle_error;
    return result;
  }

  VerifyContext context{to_unix_seconds(input.now), &result.path};
  std::uint32_t flags = 0;
  // The default profile: SHA-256 or better, RSA >= 2048, the curves we build.
  // No CN argument: the name check below follows RFC 7672 §3.2.3 / RFC 6125,
  // the same code as DANE-TA, so both views agree on names.
  mbedtls_x509_crt_verify_with_profile(&chain.list, &trust.list, nullptr, &mbedtls_x509_crt_profile_default, nullptr,
                                       &flags, check_path_certificate, &context);
  result.flags = flags;
  if (flags != 0) add_flag_problems(flags, result);

  if (!input.hostnames.empty()) {
    std::vector<std::string> references;
    for (const dns::Name& name : input.hostnames) references.push_back(reference_text(name));
    const NameCheck names = check_names(presented_names(chain.list), references);
    result.hostname_checked = true;
    result.hostname_matched = names.matched;
    result.matched_name = names.presented;
    if (!names.matched) result.problems.push_back("the leaf's names do not match the host name");
  }
  result.status = (flags == 0 && (!result.hostname_checked || result.hostname_matched)) ? PkixStatus::valid
                                                                                       : PkixStatus::invalid;
  return result;
}

}  // namespace daneel::dane
