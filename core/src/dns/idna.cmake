# IDNA2008 (docs/IDNA.md): the static library daneel_idna and its tables,
# generated at build time from the Unicode Character Database that Debian's
# `unicode-data` package installs (scripts/packages.txt).
# Included once, from core/CMakeLists.txt or core/src/dns/CMakeLists.txt.
include_guard(GLOBAL)

set(DANEEL_UNICODE_DIR "/usr/share/unicode" CACHE PATH
  "Unicode Character Database (Debian package unicode-data) for the IDNA tables")
set(_idna_ucd_files
  UnicodeData.txt DerivedCoreProperties.txt PropList.txt Blocks.txt Scripts.txt
  HangulSyllableType.txt CaseFolding.txt SpecialCasing.txt DerivedNormalizationProps.txt
  NormalizationTest.txt.bz2 extracted/DerivedBidiClass.txt extracted/DerivedJoiningType.txt)
set(_idna_ucd_paths "")
foreach(_f IN LISTS _idna_ucd_files)
  if(NOT EXISTS "${DANEEL_UNICODE_DIR}/${_f}")
    message(FATAL_ERROR "IDNA tables: ${DANEEL_UNICODE_DIR}/${_f} not found. "
      "Install the Debian package unicode-data (scripts/setup does) "
      "or point -DDANEEL_UNICODE_DIR=<dir> at a Unicode Character Database.")
  endif()
  list(APPEND _idna_ucd_paths "${DANEEL_UNICODE_DIR}/${_f}")
endforeach()

# find_program, not find_package: cross toolchains (Emscripten) confine
# package searches to their sysroot, but look for programs on the host.
find_program(DANEEL_PYTHON3 python3 REQUIRED)

set(_idna_gen_script "${CMAKE_CURRENT_LIST_DIR}/idna_gen/gen_idna_tables.py")
set(_idna_gen_dir "${CMAKE_CURRENT_BINARY_DIR}/idna_gen")
set(_idna_tables "${_idna_gen_dir}/idna_tables.inc")
set(_idna_nfc_test "${_idna_gen_dir}/idna_nfc_test.inc")
add_custom_command(
  OUTPUT "${_idna_tables}" "${_idna_nfc_test}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${_idna_gen_dir}"
  COMMAND "${DANEEL_PYTHON3}" "${_idna_gen_script}" --ucd "${DANEEL_UNICODE_DIR}"
          --out "${_idna_tables}" --normalization-test "${_idna_nfc_test}"
  DEPENDS "${_idna_gen_script}" ${_idna_ucd_paths}
  COMMENT "Generating IDNA2008 tables from the Unicode Character Database"
  VERBATIM)
add_custom_target(daneel_idna_tables DEPENDS "${_idna_tables}" "${_idna_nfc_test}")

add_library(daneel_idna STATIC
  "${CMAKE_CURRENT_LIST_DIR}/idna.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/punycode.cpp")
add_dependencies(daneel_idna daneel_idna_tables)
# PUBLIC: tests include idna_nfc_test.inc (NormalizationTest.txt as C++).
target_include_directories(daneel_idna PUBLIC "${_idna_gen_dir}")
target_link_libraries(daneel_idna PUBLIC daneel_core PRIVATE daneel_core_options)  # -fno-exceptions -fno-rtti
daneel_project_target(daneel_idna)
