#include "commands.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/utf8.hpp"
#include "acctctl/values.hpp"
#include "stdin_stream.hpp"

namespace acctctl::cli {
namespace {

std::map<const CLI::Option*, std::vector<std::string>>& choices() {
  static std::map<const CLI::Option*, std::vector<std::string>> registry;
  return registry;
}

} // namespace

CLI::App* add_group(CLI::App& parent, const std::string& name, const std::string& description) {
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

void remember_choices(const CLI::Option* option, const std::vector<std::string>& values) {
  choices()[option] = values;
}

const std::map<const CLI::Option*, std::vector<std::string>>& option_choices() {
  return choices();
}

void add_batch_flags(CLI::App& app, BatchFlags& flags) {
  app.add_flag("--continue", flags.keep_going,
               "Apply the valid items and report the failing ones (the exit status is still the "
               "first failure's)");
  app.add_flag("--ignore-not-found", flags.ignore_not_found,
               "Report unknown references as not_found without failing the batch");
}

std::vector<std::string> expand_references(const std::vector<std::string>& args) {
  std::vector<std::string> refs;
  bool stdin_read = false;
  for (const std::string& arg : args) {
    if (arg != "-") {
      refs.push_back(arg);
      continue;
    }
    if (stdin_read) {
      throw Error(ExitCode::usage, "`-` (references from stdin) may appear only once");
    }
    stdin_read = true;
    StdinStream in;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (line.empty() || line.front() == '#') {
        continue;
      }
      // A reference is text: NUL or bytes that are not UTF-8 would be echoed raw into TSV.
      if (line.find('\0') != std::string::npos || !is_valid_utf8(line)) {
        throw Error(ExitCode::usage,
                    fmt::format("stdin line {}: a reference is UTF-8 text without NUL bytes; "
                                "nothing changed",
                                number));
      }
      refs.push_back(line);
    }
  }
  if (refs.empty()) {
    throw Error(ExitCode::usage, "no users given: name them, or pass - to read them from stdin");
  }
  return refs;
}

std::unique_ptr<std::istream> open_input(const std::string& path) {
  if (path == "-") {
    return std::make_unique<StdinStream>();
  }
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      throw Error(ExitCode::not_found, fmt::format("no file {}", in_quotes(path)));
    }
    throw Error(ExitCode::store_error,
                fmt::format("cannot read {}: {}", in_quotes(path), std::strerror(errno)));
  }
  if (S_ISDIR(status.st_mode)) {
    throw Error(ExitCode::store_error,
                fmt::format("cannot read {}: it is a folder", in_quotes(path)));
  }
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    throw Error(ExitCode::store_error,
                fmt::format("cannot read {}: {}", in_quotes(path), std::strerror(errno)));
  }
  return file;
}

std::string read_input(const std::string& path) {
  const std::unique_ptr<std::istream> in = open_input(path);
  std::string content{std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>()};
  if (in->bad()) {
    throw Error(ExitCode::store_error, fmt::format("cannot read {}", in_quotes(path)));
  }
  return content;
}

std::optional<std::string> checked_email(const std::optional<std::string>& value,
                                         const char* option) {
  if (!value) {
    return std::nullopt;
  }
  return check_email(option, *value);
}

} // namespace acctctl::cli
