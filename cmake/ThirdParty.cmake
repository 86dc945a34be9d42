# Third-party code, built from Debian SOURCE packages that scripts/fetch-sources
# unpacked into ${DANEEL_SOURCES_DIR}: Mbed TLS 3.6 LTS, the Ed25519-verify
# subset of libsodium, and (for the WebAssembly build) Catch2.
#
# Third-party targets never get the project's warning flags / -Werror: those
# come only from daneel_project_options (cmake/ProjectOptions.cmake), which
# only our own targets link. Third-party include directories are SYSTEM so
# their headers do not trip our warnings either. See docs/THIRD_PARTY.md.

include_guard(GLOBAL)

if(DEFINED ENV{DANEEL_CACHE} AND NOT "$ENV{DANEEL_CACHE}" STREQUAL "")
  set(_daneel_cache_default "$ENV{DANEEL_CACHE}")
else()
  set(_daneel_cache_default "/var/cache/daneel")
endif()
set(DANEEL_SOURCES_DIR "${_daneel_cache_default}/sources" CACHE PATH
  "Directory with the unpacked Debian source packages (filled by scripts/fetch-sources)")

# _daneel_source(<var> <link-name> <file-that-must-exist> <what>): resolve
# ${DANEEL_SOURCES_DIR}/<link-name> (a symlink to e.g. mbedtls-3.6.6) to a real
# path in <var>, or stop with instructions.
function(_daneel_source var name marker what)
  set(dir "${DANEEL_SOURCES_DIR}/${name}")
  if(NOT EXISTS "${dir}/${marker}")
    message(FATAL_ERROR
      "${what} source not found: ${dir}/${marker} does not exist.\n"
      "Run `scripts/fetch-sources` (uses DANEEL_CACHE, default /var/cache/daneel) "
      "or point -DDANEEL_SOURCES_DIR=<dir> at a directory it filled.")
  endif()
  file(REAL_PATH "${dir}" real)
  set(${var} "${real}" PARENT_SCOPE)
endfunction()

# --------------------------------------------------------------------------
# Mbed TLS 3.6 LTS (native and wasm from the same source and config)
# --------------------------------------------------------------------------
_daneel_source(DANEEL_MBEDTLS_DIR mbedtls include/mbedtls/build_info.h "Mbed TLS")

file(STRINGS "${DANEEL_MBEDTLS_DIR}/include/mbedtls/build_info.h" _mbedtls_version_line
  REGEX "^#define[ \t]+MBEDTLS_VERSION_STRING[ \t]+\"[^\"]+\"")
string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" DANEEL_MBEDTLS_VERSION "${_mbedtls_version_line}")
if(NOT DANEEL_MBEDTLS_VERSION MATCHES "^3\\.6\\.[0-9]+$")
  message(FATAL_ERROR
    "Mbed TLS in ${DANEEL_MBEDTLS_DIR} is version '${DANEEL_MBEDTLS_VERSION}', "
    "but daneel is pinned to the 3.6 LTS line. Re-run scripts/fetch-sources.")
endif()
# 3.6.6 and older refuse TLS 1.2 servers that sign their key exchange with
# RSA-PSS (docs/SMTP_TLS.md): daneel would report working mail servers as failing.
if(DANEEL_MBEDTLS_VERSION VERSION_LESS "3.6.7")
  message(FATAL_ERROR
    "Mbed TLS in ${DANEEL_MBEDTLS_DIR} is ${DANEEL_MBEDTLS_VERSION}; daneel needs 3.6.7 or newer "
    "(older 3.6 releases reject TLS 1.2 RSA-PSS ServerKeyExchange signatures). Re-run scripts/setup.")
endif()
message(STATUS "Mbed TLS ${DANEEL_MBEDTLS_VERSION} from ${DANEEL_MBEDTLS_DIR}")

# The wasm build adds size settings on top of the native configuration
# (same features; see the header).
if(DANEEL_WASM)
  set(DANEEL_MBEDTLS_CONFIG "${PROJECT_SOURCE_DIR}/third_party/mbedtls/daneel_mbedtls_config_wasm.h")
else()
  set(DANEEL_MBEDTLS_CONFIG "${PROJECT_SOURCE_DIR}/third_party/mbedtls/daneel_mbedtls_config.h")
endif()

# Mbed TLS's own options (cache variables, forced: these are our policy).
set(ENABLE_PROGRAMS OFF CACHE BOOL "Mbed TLS: build programs" FORCE)
set(ENABLE_TESTING OFF CACHE BOOL "Mbed TLS: build its test suites" FORCE)
set(MBEDTLS_FATAL_WARNINGS OFF CACHE BOOL "Mbed TLS: -Werror on its own code (off: third-party code)" FORCE)
set(GEN_FILES OFF CACHE BOOL "Mbed TLS: regenerate generated sources (release tarball has them)" FORCE)
set(USE_STATIC_MBEDTLS_LIBRARY ON CACHE BOOL "Mbed TLS: static libraries" FORCE)
set(USE_SHARED_MBEDTLS_LIBRARY OFF CACHE BOOL "Mbed TLS: shared libraries" FORCE)
set(DISABLE_PACKAGE_CONFIG_AND_INSTALL ON CACHE BOOL "Mbed TLS: no install/export" FORCE)
set(MBEDTLS_CONFIG_FILE "${DANEEL_MBEDTLS_CONFIG}" CACHE FILEPATH "Mbed TLS config file" FORCE)

add_subdirectory("${DANEEL_MBEDTLS_DIR}" "${PROJECT_BINARY_DIR}/third_party/mbedtls"
  EXCLUDE_FROM_ALL SYSTEM)

foreach(_t mbedtls mbedx509 mbedcrypto)
  if(NOT TARGET ${_t})
    message(FATAL_ERROR "Mbed TLS did not define the target '${_t}'")
  endif()
endforeach()

# The wasm release is built for size (-Oz -flto, CMakePresets.json), except
# Mbed TLS: a check spends its CPU in Mbed TLS's ECDSA, RSA, X25519 and hashes
# (DNSSEC signatures, certificates, the TLS handshake), and in -Os/-Oz that
# code ran 3.5x slower (P-256 verification 141 against 410 /s); inside LTO the
# link's -Oz re-optimises it the same way. So Mbed TLS keeps -O2 (which its own
# CMakeLists sets for its directory anyway) and stays out of LTO, for about
# 15 KB more gzip. The core's own C++ stays -Oz: it is most of the size, and
# its slowness at -Oz (DNS parsing ~10x native) costs a check well under a
# millisecond. Figures: docs/BENCHMARKS.md.
if(DANEEL_WASM)
  foreach(_t mbedtls mbedx509 mbedcrypto)
    target_compile_options(${_t} PRIVATE "$<$<CONFIG:Release>:-O2;-fno-lto>")
  endforeach()
  # Only the big-number and elliptic-curve arithmetic (ECDSA verification is
  # most of a check's CPU) and SHA-256/512 are hot; the rest (TLS state
  # machine, X.509 and ASN.1 parsing, PSA and PK dispatch, RSA padding, the
  # ciphers for the few hundred bytes a session carries) is compiled for size:
  # 7.5 KB less gzip, CPU per check the same (docs/BENCHMARKS.md). Source-file
  # options come after the target's on the command line, so -Oz wins for these.
  set(_mbedtls_hot
    bignum.c bignum_core.c constant_time.c ecp.c ecp_curves.c ecdsa.c sha256.c sha512.c)
  foreach(_t mbedtls mbedx509 mbedcrypto)
    get_target_property(_sources ${_t} SOURCES)
    foreach(_src IN LISTS _sources)
      get_filename_component(_name "${_src}" NAME)
      if(NOT _name IN_LIST _mbedtls_hot)
        # Relative names are the library directory's; the property lives there.
        set_source_files_properties("${DANEEL_MBEDTLS_DIR}/library/${_name}"
          DIRECTORY "${DANEEL_MBEDTLS_DIR}/library"
          PROPERTIES COMPILE_OPTIONS "$<$<CONFIG:Release>:-Oz>")
      endif()
    endforeach()
  endforeach()
endif()

add_library(daneel_mbedtls INTERFACE)
target_link_libraries(daneel_mbedtls INTERFACE mbedtls mbedx509 mbedcrypto)
target_include_directories(daneel_mbedtls SYSTEM INTERFACE
  "${PROJECT_SOURCE_DIR}/third_party/mbedtls")
add_library(daneel::mbedtls ALIAS daneel_mbedtls)
# NOTE: mbedcrypto calls mbedtls_hardware_poll() (MBEDTLS_ENTROPY_HARDWARE_ALT),
# which daneel_crypto defines (core/src/crypto/entropy.cpp); that file makes
# mbedcrypto depend on daneel_crypto so the linker finds it in any link order.

# --------------------------------------------------------------------------
# libsodium: only what crypto_sign_ed25519_verify_detached() needs
# --------------------------------------------------------------------------
_daneel_source(DANEEL_LIBSODIUM_DIR libsodium
  src/libsodium/crypto_sign/ed25519/ref10/open.c "libsodium")
file(STRINGS "${DANEEL_LIBSODIUM_DIR}/configure.ac" _sodium_init REGEX "^AC_INIT\\(")
string(REGEX REPLACE "^AC_INIT\\(\\[libsodium\\],\\[([^]]+)\\].*" "\\1"
  DANEEL_LIBSODIUM_VERSION "${_sodium_init}")
message(STATUS "libsodium ${DANEEL_LIBSODIUM_VERSION} (Ed25519 verify subset) from ${DANEEL_LIBSODIUM_DIR}")

set(_sodium "${DANEEL_LIBSODIUM_DIR}/src/libsodium")
add_library(daneel_ed25519_sodium STATIC EXCLUDE_FROM_ALL
  ${_sodium}/crypto_sign/ed25519/ref10/open.c        # verify_detached
  ${_sodium}/crypto_sign/ed25519/ref10/sign.c        # _crypto_sign_ed25519_ref10_hinit (same object)
  ${_sodium}/crypto_core/ed25519/ref10/ed25519_ref10.c # ge25519 / sc25519 / fe25519
  ${_sodium}/crypto_hash/sha512/cp/hash_sha512_cp.c  # SHA-512 (portable)
  ${_sodium}/crypto_verify/sodium/verify.c           # crypto_verify_32
  ${_sodium}/sodium/utils.c                          # sodium_memcmp / memzero / is_zero
  ${PROJECT_SOURCE_DIR}/third_party/libsodium/daneel_sodium_glue.c)
target_include_directories(daneel_ed25519_sodium
  SYSTEM PUBLIC ${_sodium}/include
  PRIVATE ${_sodium}/include/sodium)
# CONFIGURED: we replace libsodium's autoconf step with the macros below.
# SODIUM_STATIC: plain (non-exported) symbols in a static library.
target_compile_definitions(daneel_ed25519_sodium PUBLIC SODIUM_STATIC=1 PRIVATE CONFIGURED=1)
if(CMAKE_C_BYTE_ORDER STREQUAL "LITTLE_ENDIAN")
  target_compile_definitions(daneel_ed25519_sodium PRIVATE NATIVE_LITTLE_ENDIAN=1)
endif()
# 128-bit limbs (fe_51) only natively on 64-bit targets; wasm32 uses the
# portable 32-bit field arithmetic (fe_25_5) and no assembly (none is compiled:
# the amd64 asm files are not part of this subset).
if(NOT DANEEL_WASM)
  include(CheckCSourceCompiles)
  check_c_source_compiles("
    int main(void) { unsigned __int128 x = 1; x <<= 100; return (int) (x >> 127); }"
    DANEEL_HAVE_INT128)
  if(DANEEL_HAVE_INT128)
    target_compile_definitions(daneel_ed25519_sodium PRIVATE HAVE_TI_MODE=1)
  endif()
endif()
# The flags libsodium's configure adds for its own code.
target_compile_options(daneel_ed25519_sodium PRIVATE -fno-strict-aliasing -fwrapv)
set_target_properties(daneel_ed25519_sodium PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
add_library(daneel::ed25519 ALIAS daneel_ed25519_sodium)

# --------------------------------------------------------------------------
# Catch2 v3: the bookworm-backports package natively; built from the same
# Debian source for WebAssembly (with exceptions, which Catch2 needs).
# --------------------------------------------------------------------------
if(DANEEL_BUILD_TESTS)
  if(NOT DANEEL_WASM)
    find_package(Catch2 3 REQUIRED)
    message(STATUS "Catch2 ${Catch2_VERSION} (system package)")
  else()
    _daneel_source(DANEEL_CATCH2_DIR catch2 CMakeLists.txt "Catch2")
    set(CATCH_INSTALL_DOCS OFF CACHE BOOL "" FORCE)
    set(CATCH_INSTALL_EXTRAS OFF CACHE BOOL "" FORCE)
    set(CATCH_DEVELOPMENT_BUILD OFF CACHE BOOL "" FORCE)
    add_subdirectory("${DANEEL_CATCH2_DIR}" "${PROJECT_BINARY_DIR}/third_party/catch2"
      EXCLUDE_FROM_ALL SYSTEM)
    foreach(_t Catch2 Catch2WithMain)
      target_compile_options(${_t} PRIVATE -fexceptions)
    endforeach()
    target_link_options(Catch2 INTERFACE -fexceptions)
    get_directory_property(Catch2_VERSION DIRECTORY "${DANEEL_CATCH2_DIR}" DEFINITION Catch2_VERSION)
    message(STATUS "Catch2 ${Catch2_VERSION} from ${DANEEL_CATCH2_DIR} (built for wasm with -fexceptions)")
  endif()
endif()
