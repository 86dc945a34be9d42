/*
 * daneel's Mbed TLS configuration for the WebAssembly build only: the native
 * configuration (daneel_mbedtls_config.h, which has the reasons for every
 * feature) plus size settings for the npm package (issue 8: under 300 KB gzip
 * for wasm + JS). Same features, same TLS suites, same report texts: only
 * table sizes and code-size/speed trade-offs differ, so the native and the
 * wasm check give the same answers.
 * Chosen by cmake/ThirdParty.cmake when DANEEL_WASM is on.
 */
#ifndef DANEEL_MBEDTLS_CONFIG_WASM_H
#define DANEEL_MBEDTLS_CONFIG_WASM_H

#include "daneel_mbedtls_config.h"

/* No x86 assembly or AES-NI exists for wasm32: say so rather than rely on
 * the architecture checks. */
#undef MBEDTLS_HAVE_ASM
#undef MBEDTLS_AESNI_C

/* AES: one 2 KB table instead of four 8 KB ones, built at run time (not in
 * the binary). A checker sends a few hundred bytes per TLS session. */
#define MBEDTLS_AES_FEWER_TABLES

/* SHA-256/512: the looped compression functions instead of the unrolled
 * ones. DNSSEC digests and certificate hashes are small inputs. */
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_SHA512_SMALLER

/* ECC keeps MBEDTLS_ECP_FIXED_POINT_OPTIM (the precomputed comb tables of
 * the base points, a few KB): without them every ECDSA verification builds
 * the base point's table again, which made P-256 RRSIG checks 2.6x slower. */

#endif /* DANEEL_MBEDTLS_CONFIG_WASM_H */
