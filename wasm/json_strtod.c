/* strtod for the wasm module: JSON numbers, without musl's long double.
 *
 * The module's only strtod caller is nlohmann/json's lexer, for a number
 * token with a fraction or an exponent ("1.5", "2e3"); the core reads no
 * such number (every count and time in its configs and reports is an
 * integer, and nlohmann parses integers itself). musl's strtod computes in
 * 128-bit long double, emulated in software on wasm32: its decimal and hex
 * float scanners and that soft-float are about 15 KB of code.
 *
 * This strtod reads the decimal syntax only (sign, digits, a fraction, an
 * exponent; no hex, no inf or nan, which JSON has not), and is exact
 * (correctly rounded) whenever the significant digits fit in 2^53 and the
 * power of ten is at most 22 either way (Clinger's fast path: one exact
 * double times or over one exact power of ten); otherwise it is within 8
 * units in the last place (tests/unit/json_strtod_test.cpp measures it
 * against the C library's), saturating to HUGE_VAL or 0 with ERANGE. That
 * is plenty for numbers the core only type-checks. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static const double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
enum { kMaxExactPower = 22, kMaxDigits = 19, kExponentBound = 100000 };

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* value * 10^power for a power beyond the fast path, by steps of 1e22; it
 * stops as soon as the value overflows or underflows (at most 16 steps from
 * a nonzero value, so the bounded exponent never makes it loop long). */
static double scale(double value, long power) {
  while (power > kMaxExactPower) {
    value *= kPowersOfTen[kMaxExactPower];
    power -= kMaxExactPower;
    if (isinf(value)) return value;
  }
  while (power < -kMaxExactPower) {
    value /= kPowersOfTen[kMaxExactPower];
    power += kMaxExactPower;
    if (value == 0) return value;
  }
  return power >= 0 ? value * kPowersOfTen[power] : value / kPowersOfTen[-power];
}

double strtod(const char* restrict text, char** restrict end) {
  const char* p = text;
  while (is_space(*p)) ++p;
  const int negative = *p == '-';
  if (*p == '-' || *p == '+') ++p;

  uint64_t digits = 0;  /* the first kMaxDigits significant digits */
  int taken = 0;        /* how many of them */
  long power = 0;       /* of ten, applied to `digits` */
  int seen = 0;         /* any digit at all */
  for (; is_digit(*p); ++p, seen = 1) {
    if (taken < kMaxDigits) {
      digits = digits * 10 + (uint64_t)(*p - '0');
      taken += digits != 0;
    } else {
      ++power;  /* a digit beyond the precision kept: only its place counts */
    }
  }
  if (*p == '.') {
    for (++p; is_digit(*p); ++p, seen = 1) {
      if (taken < kMaxDigits) {
        digits = digits * 10 + (uint64_t)(*p - '0');
        taken += digits != 0;
        --power;
      }
    }
  }
  if (!seen) {
    if (end) *end = (char*)text;
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* exponent_start = p;
    ++p;
    const int exponent_negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    if (!is_digit(*p)) {
      p = exponent_start;  /* "1e" or "1e+": the number ends before the e */
    } else {
      long exponent = 0;
      for (; is_digit(*p); ++p) {
        if (exponent < kExponentBound) exponent = exponent * 10 + (*p - '0');
      }
      power += exponent_negative ? -exponent : exponent;
    }
  }
  if (end) *end = (char*)p;

  double value = (double)digits;
  if (digits != 0) {
    if (digits <= (UINT64_C(1) << 53) && power >= -kMaxExactPower && power <= kMaxExactPower) {
      value = power >= 0 ? value * kPowersOfTen[power] : value / kPowersOfTen[-power];
    } else {
      value = scale(value, power);
      if (isinf(value) || value == 0) errno = ERANGE;
    }
  }
  return negative ? -value : value;
}

/* libc defines strtof and strtold in the object with its strtod: libc++
 * references them (std::stof, std::stold, unused here), so they are
 * replaced too, or that object would come back with a second strtod. */
float strtof(const char* restrict text, char** restrict end) { return (float)strtod(text, end); }

long double strtold(const char* restrict text, char** restrict end) { return strtod(text, end); }
