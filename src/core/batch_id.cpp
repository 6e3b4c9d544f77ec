#include "acctctl/batch_id.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "acctctl/error.hpp"

namespace acctctl {
namespace {

void fill_random(std::uint8_t* bytes, std::size_t size) {
  std::size_t filled = 0;
  while (filled < size) {
    const ssize_t got = getrandom(bytes + filled, size - filled, 0);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw Error(ExitCode::store_error,
                  fmt::format("cannot read the kernel's random source: {}", std::strerror(errno)));
    }
    filled += static_cast<std::size_t>(got);
  }
}

} // namespace

std::string new_batch_id() {
  std::array<std::uint8_t, 16> bytes{};
  fill_random(bytes.data(), bytes.size());
  const auto ms =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  for (int i = 0; i < 6; ++i) { // 48 bits of milliseconds, big-endian
    bytes.at(static_cast<std::size_t>(i)) = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>(0x70U | (bytes[6] & 0x0fU)); // version 7
  bytes[8] = static_cast<std::uint8_t>(0x80U | (bytes[8] & 0x3fU)); // variant 10
  std::string text;
  text.reserve(36);
  constexpr std::string_view k_digits = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      text += '-';
    }
    text += k_digits[bytes[i] >> 4U];
    text += k_digits[bytes[i] & 0xfU];
  }
  return text;
}

} // namespace acctctl
