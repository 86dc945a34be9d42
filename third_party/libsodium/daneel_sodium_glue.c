/*
 * daneel: the two libsodium symbols that the Ed25519-verify subset references
 * but never calls.
 *
 * We compile only the libsodium files needed for
 * crypto_sign_ed25519_verify_detached() (see cmake/ThirdParty.cmake).
 * sodium/utils.c is among them (sodium_memcmp, sodium_memzero,
 * sodium_is_zero); the same object file also holds sodium_malloc() and its
 * helpers, which refer to randombytes_buf() and sodium_misuse(). Those are
 * only reachable through sodium_init()/sodium_malloc(), which daneel never
 * calls, so the definitions below only satisfy the linker. Should one ever
 * be reached, fail closed.
 */
#include <stddef.h>
#include <stdlib.h>

void randombytes_buf(void *const buf, const size_t size);
void sodium_misuse(void);

void randombytes_buf(void *const buf, const size_t size)
{
    (void) buf;
    (void) size;
    abort();
}

void sodium_misuse(void)
{
    abort();
}
