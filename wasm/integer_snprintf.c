/* snprintf for the wasm module, integer conversions only.
 *
 * Nothing in the module formats a floating-point number with printf: the
 * core prints integers and strings, Mbed TLS's X.509 and OID code the same,
 * and nlohmann/json writes doubles with its own Grisu2 code. Yet musl's
 * snprintf links printf's floating-point path (fmt_fp) and the 128-bit
 * long double soft-float it needs: about 9 KB of code. Emscripten's libc
 * has an integer-only vsniprintf (musl's vfprintf with fmt_fp unset); this
 * snprintf, defined here, replaces libc's, so that path is never linked.
 *
 * The rule this sets (docs/WASM.md): no %f, %e, %g or %a in the module; one
 * would trap (a null function pointer in printf_core). The core has none;
 * the Node tests run the module's snprintf users (certificate names, JSON
 * \u escapes, TLS code names) on every check they make. */
#include <stdarg.h>
#include <stddef.h>

int vsniprintf(char* restrict out, size_t size, const char* restrict format, va_list args);

int snprintf(char* restrict out, size_t size, const char* restrict format, ...) {
  va_list args;
  va_start(args, format);
  const int written = vsniprintf(out, size, format, args);
  va_end(args);
  return written;
}
