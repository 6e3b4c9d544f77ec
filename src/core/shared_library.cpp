#include "acctctl/shared_library.hpp"

#include <dlfcn.h>

#include <utility>

#include <fmt/format.h>

#include "acctctl/error.hpp"

namespace acctctl {

SharedLibrary::SharedLibrary(const char* file, std::string_view needed_by, std::string package)
    : m_handle(dlopen(file, RTLD_NOW | RTLD_LOCAL)), m_file(file), m_package(std::move(package)) {
  if (m_handle == nullptr) {
    throw Error(ExitCode::store_error, fmt::format("{} needs {}: apt-get install {} ({})",
                                                   needed_by, m_file, m_package, dlerror()));
  }
}

void* SharedLibrary::symbol(const char* name) const {
  void* found = dlsym(m_handle, name);
  if (found == nullptr) {
    throw Error(ExitCode::store_error,
                fmt::format("{} lacks {}: apt-get install {}", m_file, name, m_package));
  }
  return found;
}

} // namespace acctctl
