/*
 * daneel's Mbed TLS 3.6 configuration (passed as MBEDTLS_CONFIG_FILE by
 * cmake/ThirdParty.cmake; the same file is used for the native and the
 * WebAssembly build).
 *
 * Purpose: a TLS 1.2 / TLS 1.3 *client* that can complete a STARTTLS handshake
 * with real-world mail servers, hand us the peer certificate chain for DANE
 * (RFC 7671/7672) matching, and give the DNSSEC validator RSA / ECDSA / SHA-x
 * primitives. Everything else is left out.
 *
 * The core is sans-IO: no sockets, no files, no clock, no threads. Randomness
 * comes from mbedtls_hardware_poll() in core/src/crypto/entropy.cpp.
 *
 * Mbed TLS's include/mbedtls/check_config.h is included automatically by
 * build_info.h after this file and rejects inconsistent combinations at
 * compile time, so every build checks this file.
 */
#ifndef DANEEL_MBEDTLS_CONFIG_H
#define DANEEL_MBEDTLS_CONFIG_H

/* ---------------------------------------------------------------------------
 * System support
 * ------------------------------------------------------------------------- */

/* Inline assembly for bignum multiplication on x86-64 (and AES-NI below).
 * Mbed TLS only uses it for architectures it recognises, so the wasm32 build
 * automatically falls back to portable C. */
#define MBEDTLS_HAVE_ASM

/* NO MBEDTLS_HAVE_TIME / MBEDTLS_HAVE_TIME_DATE: the core has no clock. The
 * caller passes `now` in; certificate validity periods are therefore checked
 * by daneel itself (mbedtls_x509_crt_verify() does not check dates without
 * MBEDTLS_HAVE_TIME_DATE). Session tickets need a clock and are off too. */

/* NO MBEDTLS_FS_IO, MBEDTLS_NET_C, MBEDTLS_TIMING_C, MBEDTLS_THREADING_C,
 * MBEDTLS_PLATFORM_C: no files, sockets, timers or threads in a sans-IO core
 * (the same code runs in a browser). calloc/free come from libc directly. */

/* Remove deprecated APIs so nothing new starts to depend on them. */
#define MBEDTLS_DEPRECATED_REMOVED

/* ---------------------------------------------------------------------------
 * Randomness: no OS entropy inside Mbed TLS; one strong source, ours.
 * mbedtls_hardware_poll() uses getrandom() natively and
 * crypto.getRandomValues / crypto.randomFillSync under Emscripten.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C          /* DRBG for TLS randoms and ECDHE keys */

/* ---------------------------------------------------------------------------
 * Hashes: SHA-1 (legacy certificate signatures, DNSSEC algorithms 5/7 and DS
 * digest 1, TLS 1.2 CBC-SHA MAC), SHA-224/256/384/512 (certificates, TLS
 * PRF/HKDF, DNSSEC 8/10/13/14, DS 2/4, DANE matching types 1/2).
 * No MD5, RIPEMD-160 or SHA-3: nothing we talk to needs them.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C

/* ---------------------------------------------------------------------------
 * Symmetric ciphers for TLS records: AES-GCM and ChaCha20-Poly1305 (all TLS 1.3
 * suites we offer, and the TLS 1.2 AEAD suites).
 *
 * AES-CBC is kept for the TLS 1.2 ECDHE-*-AES-CBC-SHA/SHA256/SHA384 suites:
 * a checker has to reach the certificate of servers that still only offer
 * them (older MTAs and appliances are common on port 25), and opportunistic
 * SMTP TLS (RFC 7435) prefers a weak session over failing; encrypt-then-MAC
 * (RFC 7366) is negotiated when the server supports it. Only the SMTP
 * greeting / QUIT ever travel over the session, never secrets.
 * No DES/3DES, RC4, Camellia, ARIA, CCM, NULL ciphers, or CFB/OFB/CTR/XTS.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_AESNI_C             /* x86-64 only; compiles to nothing on wasm32 */
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_MODE_CBC

/* ---------------------------------------------------------------------------
 * Public-key crypto: RSA (PKCS#1 v1.5 for certificates, TLS 1.2 and DNSSEC
 * 5/7/8/10; PSS for TLS 1.3 and RSASSA-PSS certificates), ECDSA and ECDH(E)
 * on P-256 and P-384 (certificates, TLS, DNSSEC 13/14), X25519 for key
 * exchange (the group most mail servers pick first). P-521, Brainpool,
 * secp*k1 and X448 are not offered. Ed25519 (DNSSEC 15) comes from libsodium.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_OID_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C        /* ECDSA signature (de)serialisation via PSA */
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_ECP_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

/* ---------------------------------------------------------------------------
 * PSA Crypto: required by TLS 1.3 (HKDF, key agreement). Keys live only in
 * RAM: no persistent storage (that would need MBEDTLS_FS_IO). The PSA
 * "wants" are derived from the legacy options above (no
 * MBEDTLS_PSA_CRYPTO_CONFIG). psa_crypto_init() must be called once before
 * any TLS handshake or PSA use; it seeds its own DRBG from our entropy.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_HKDF_C              /* -> PSA HKDF-Extract/-Expand: TLS 1.3 key schedule */
#define MBEDTLS_PSA_KEY_STORE_DYNAMIC

/* ---------------------------------------------------------------------------
 * X.509: parse certificates (DER and PEM, for configured trust anchors) and
 * verify chains; no CRLs (no fetching in a sans-IO core), no CSR parsing,
 * no certificate or CSR writing.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C

/* ---------------------------------------------------------------------------
 * TLS: client side only, TLS 1.2 and TLS 1.3. No SSL 3.0 / TLS 1.0 / 1.1
 * (Mbed TLS 3.x has none), no DTLS, no server (MBEDTLS_SSL_SRV_C off).
 * ------------------------------------------------------------------------- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
/* Middlebox compatibility mode (RFC 8446 D.4): what every mainstream client
 * sends; some firewalls in front of MTAs drop "pure" TLS 1.3. */
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
/* (EC)DHE only for TLS 1.3: no PSK, no resumption, no early data. */
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED

/* TLS 1.2 key exchanges: ECDHE with RSA or ECDSA certificates. Static RSA key
 * transport is kept as a last resort so the checker can still obtain and
 * report the certificate of legacy servers that offer nothing else (the
 * report flags the missing forward secrecy). No PSK, static ECDH or
 * EC-JPAKE. */
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_RSA_ENABLED
/* DHE-RSA (finite-field, RFC 5246 §7.4.3): some MTAs on port 25 still offer
 * only DHE-RSA-* suites in TLS 1.2 (old OpenSSL builds without ECDHE, some
 * appliances). Without it the SMTP checker could not reach their certificate
 * for DANE matching; the report can flag the weaker key exchange. Mbed TLS
 * refuses DH primes below 1024 bits by default (mbedtls_ssl_conf_dhm_min_bitlen). */
#define MBEDTLS_DHM_C
#define MBEDTLS_KEY_EXCHANGE_DHE_RSA_ENABLED

/* SNI: MTAs with several certificates select by name; DANE (RFC 7672 §8.1)
 * requires SNI with the TLSA base domain. */
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
/* Extended master secret (RFC 7627) and encrypt-then-MAC (RFC 7366) for the
 * TLS 1.2 suites. */
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
/* Renegotiation indication (RFC 5746): Mbed TLS always sends
 * TLS_EMPTY_RENEGOTIATION_INFO_SCSV and checks the server's
 * renegotiation_info.
 * Renegotiation itself: the TLS grading's `renegotiation_client` subtest
 * (docs/TLS_GRADING.md, Internet.nl's "client-initiated renegotiation") asks
 * the server for one new handshake inside the check's own TLS 1.2 session,
 * after EHLO and before QUIT (tls::TlsClient::renegotiate); whether the
 * server completes it is the answer. Only the client-initiated call
 * (mbedtls_ssl_renegotiate) is used: mbedtls_ssl_conf_renegotiation stays at
 * its default (disabled), so a server's HelloRequest is still declined with
 * a no_renegotiation alert, as before. */
#define MBEDTLS_SSL_RENEGOTIATION
/* Keep the peer's certificate chain after the handshake: DANE matching runs
 * on it. */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
/* Meaningful alert messages on failure, useful in reports. */
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES

/* ---------------------------------------------------------------------------
 * Diagnostics: the version string. No MBEDTLS_ERROR_C (mbedtls_strerror):
 * its table holds every module's texts and was 5 KB of the gzip'd npm
 * package; core/src/crypto/mbedtls_error.h has the texts a check can meet,
 * in Mbed TLS's words, for both builds.
 * ------------------------------------------------------------------------- */
#define MBEDTLS_VERSION_C

#endif /* DANEEL_MBEDTLS_CONFIG_H */
