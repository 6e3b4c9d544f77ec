#include "acctctl/lookalike.hpp"

#include <array>

#include <fmt/format.h>
#include <unicode/uspoof.h>
#include <unicode/uvernum.h>
#include <utf8proc.h>

#include "acctctl/error.hpp"
#include "acctctl/shared_library.hpp"
#include "acctctl/utf8.hpp"

namespace acctctl {
namespace {

// ICU renames every function by its version (uspoof_open is uspoof_open_72): the header's
// macro gives the name the library exports.
#define ACCTCTL_ICU_NAME(function) ACCTCTL_ICU_QUOTE(function)
#define ACCTCTL_ICU_QUOTE(name) #name

// NOLINTBEGIN(readability-identifier-naming): members keep ICU's own names.
struct Icu {
  decltype(&::uspoof_open) open;
  decltype(&::uspoof_setChecks) setChecks;
  decltype(&::uspoof_setRestrictionLevel) setRestrictionLevel;
  decltype(&::uspoof_check2UTF8) check2UTF8;
  decltype(&::uspoof_getSkeletonUTF8) getSkeletonUTF8;
};
// NOLINTEND(readability-identifier-naming)

constexpr const char* k_library = "libicui18n.so." U_ICU_VERSION_SHORT;

// The spoof checker, set up once: the restriction level check at "highly restrictive".
class SpoofChecker {
public:
  SpoofChecker() {
    const SharedLibrary library(k_library, "checking identities", "libicu" U_ICU_VERSION_SHORT);
    library.bind(m_icu.open, ACCTCTL_ICU_NAME(uspoof_open));
    library.bind(m_icu.setChecks, ACCTCTL_ICU_NAME(uspoof_setChecks));
    library.bind(m_icu.setRestrictionLevel, ACCTCTL_ICU_NAME(uspoof_setRestrictionLevel));
    library.bind(m_icu.check2UTF8, ACCTCTL_ICU_NAME(uspoof_check2UTF8));
    library.bind(m_icu.getSkeletonUTF8, ACCTCTL_ICU_NAME(uspoof_getSkeletonUTF8));
    UErrorCode status = U_ZERO_ERROR;
    m_checker = m_icu.open(&status); // lives as long as the process, as the library does
    m_icu.setChecks(m_checker, USPOOF_RESTRICTION_LEVEL, &status);
    m_icu.setRestrictionLevel(m_checker, USPOOF_HIGHLY_RESTRICTIVE);
    fail_on(status, "set up");
    for (std::size_t c = 0; c < m_ascii.size(); ++c) {
      const char character = static_cast<char>(c);
      m_ascii.at(c) = skeleton_of(std::string_view(&character, 1));
    }
  }

  bool mixes_scripts(std::string_view label) const {
    UErrorCode status = U_ZERO_ERROR;
    const std::int32_t failed = m_icu.check2UTF8(
        m_checker, label.data(), static_cast<std::int32_t>(label.size()), nullptr, &status);
    fail_on(status, "check");
    return (failed & USPOOF_RESTRICTION_LEVEL) != 0;
  }

  std::string skeleton(std::string_view text) const {
    if (!is_ascii(text)) {
      return skeleton_of(text);
    }
    // ASCII is its own NFD and each character maps alone, so the skeleton is the characters'
    // skeletons in a row (test_lookalike.cpp compares it with ICU's for every pair).
    std::string result;
    result.reserve(text.size());
    for (const char c : text) {
      result += m_ascii.at(static_cast<unsigned char>(c));
    }
    return result;
  }

  std::string skeleton_of(std::string_view text) const {
    std::string result(text.size() * 2 + 8, '\0');
    for (int attempt = 0; attempt < 2; ++attempt) {
      UErrorCode status = U_ZERO_ERROR;
      const std::int32_t length =
          m_icu.getSkeletonUTF8(m_checker, 0, text.data(), static_cast<std::int32_t>(text.size()),
                                result.data(), static_cast<std::int32_t>(result.size()), &status);
      if (status == U_BUFFER_OVERFLOW_ERROR) {
        result.resize(static_cast<std::size_t>(length));
        continue;
      }
      fail_on(status, "skeleton");
      result.resize(static_cast<std::size_t>(length));
      return result;
    }
    fail_on(U_BUFFER_OVERFLOW_ERROR, "skeleton");
    return result;
  }

private:
  static void fail_on(UErrorCode status, std::string_view what) {
    if (U_FAILURE(status)) {
      throw Error(ExitCode::store_error, fmt::format("ICU's spoof checker failed to {} (error {})",
                                                     what, static_cast<int>(status)));
    }
  }

  Icu m_icu{};
  USpoofChecker* m_checker = nullptr;
  std::array<std::string, 128> m_ascii;
};

const SpoofChecker& spoof_checker() {
  static const SpoofChecker checker;
  return checker;
}

} // namespace

std::optional<std::int32_t> first_invisible(std::string_view text) {
  if (is_ascii(text)) {
    return std::nullopt; // ASCII's only invisible characters are controls, refused already
  }
  std::optional<std::int32_t> found;
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view) {
    if (code_point >= 0 && (utf8proc_get_property(code_point)->ignorable ||
                            utf8proc_category(code_point) == UTF8PROC_CATEGORY_CF)) {
      found = code_point;
    }
    return !found;
  });
  return found;
}

bool mixes_scripts(std::string_view label) {
  return !is_ascii(label) && spoof_checker().mixes_scripts(label);
}

std::string confusable_skeleton(std::string_view text) {
  return spoof_checker().skeleton(text);
}

std::string confusable_skeleton_by_icu(std::string_view text) {
  return spoof_checker().skeleton_of(text);
}

} // namespace acctctl
