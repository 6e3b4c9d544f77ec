#pragma once

#include <string>
#include <string_view>

// A shared library loaded on first use (dlopen) rather than at start-up, kept for the life of
// the process, and its functions bound by name. libpq and ICU are loaded so: linked in, each
// cost every command its loading time, SQLite ones and lists included.
namespace acctctl {

class SharedLibrary {
public:
  // Loads `file`; throws Error(store_error) "<needed_by> needs <file>: apt-get install
  // <package>" when it cannot.
  SharedLibrary(const char* file, std::string_view needed_by, std::string package);

  // Binds `target` to the library's function `name`; throws Error(store_error) when it has
  // none (a library older than the header acctctl was built with).
  template <typename Function> void bind(Function& target, const char* name) const {
    target = reinterpret_cast<Function>(symbol(name));
  }

private:
  void* symbol(const char* name) const;

  void* m_handle = nullptr;
  std::string m_file;
  std::string m_package;
};

} // namespace acctctl
