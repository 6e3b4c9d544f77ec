# Every dependency comes from a Debian package; a missing one stops configuration with the
# package to install, instead of a CMake search trace.
find_package(PkgConfig QUIET)

function(acctctl_require_package found debian_package)
  if(NOT ${found})
    message(FATAL_ERROR "acctctl needs the Debian package '${debian_package}': apt-get install ${debian_package}")
  endif()
endfunction()

find_package(fmt QUIET CONFIG)
acctctl_require_package(fmt_FOUND libfmt-dev)

find_package(CLI11 QUIET CONFIG)
acctctl_require_package(CLI11_FOUND libcli11-dev)

find_package(nlohmann_json QUIET CONFIG)
acctctl_require_package(nlohmann_json_FOUND nlohmann-json3-dev)

find_package(SQLite3 QUIET)
acctctl_require_package(SQLite3_FOUND libsqlite3-dev)

if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "acctctl needs the Debian package 'pkg-config': apt-get install pkg-config")
endif()
pkg_check_modules(UTF8PROC QUIET IMPORTED_TARGET libutf8proc)
acctctl_require_package(UTF8PROC_FOUND libutf8proc-dev)

pkg_check_modules(LIBPQ QUIET IMPORTED_TARGET libpq)
acctctl_require_package(LIBPQ_FOUND libpq-dev)

if(ACCTCTL_TESTS)
  find_package(Catch2 2.13 QUIET CONFIG)
  acctctl_require_package(Catch2_FOUND catch2)
endif()

# SHA-256 of the audit chains (SPEC §4.1), from a well-kept library rather than by hand; nettle
# is small, so it costs a command's start-up less than libcrypto would.
pkg_check_modules(NETTLE QUIET IMPORTED_TARGET nettle)
acctctl_require_package(NETTLE_FOUND nettle-dev)

# ICU's spoof checker (Unicode TS #39) for look-alike identities: its headers here, the library
# loaded on first use (src/core/lookalike.cpp), so no command pays for it at start-up.
pkg_check_modules(ICU QUIET icu-i18n)
acctctl_require_package(ICU_FOUND libicu-dev)
