// Creating the store file privately, and refusing one that is not safely ours (SPEC §6.1).
#include "store/sqlite/store_file.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "acctctl/error.hpp"

namespace acctctl::sqlite {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& what) {
  throw Error(ExitCode::store_error, fmt::format("{}: refused; nothing changed", what));
}

std::string user_name(uid_t uid) {
  std::vector<char> buffer(4096);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return fmt::format("uid {}", uid);
}

std::string mode_text(mode_t mode) {
  return fmt::format("mode {:04o}", mode & 07777U);
}

// A folder the store may live in: ours or root's, and not open to others' writes unless
// sticky (as /tmp is: nobody else may replace our file there).
void check_folder(const fs::path& folder) {
  struct stat info {};
  if (stat(folder.c_str(), &info) != 0) {
    return; // SQLite names what is wrong with it
  }
  if (info.st_uid != geteuid() && info.st_uid != 0) {
    refuse(fmt::format("folder {} belongs to {}, who could replace the store", folder.string(),
                       user_name(info.st_uid)));
  }
  if ((info.st_mode & S_IWOTH) != 0 && (info.st_mode & S_ISVTX) == 0) {
    refuse(fmt::format("folder {} is writable by others ({}), who could replace the store",
                       folder.string(), mode_text(info.st_mode)));
  }
}

// Missing folders one at a time, each 0700 whatever the umask; existing ones keep their mode.
void create_folders(const fs::path& folder) {
  if (folder.empty() || fs::exists(folder)) {
    return;
  }
  create_folders(folder.parent_path());
  if (mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    throw Error(ExitCode::store_error,
                fmt::format("cannot create folder {}: {}", folder.string(), std::strerror(errno)));
  }
  chmod(folder.c_str(), 0700);
}

} // namespace

void prepare_store_file(const std::string& path) {
  const fs::path folder = fs::path(path).parent_path();
  create_folders(folder);
  check_folder(folder.empty() ? fs::path(".") : folder);
  // O_EXCL|O_NOFOLLOW: a file or link that appeared meanwhile is checked below, not opened.
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    fchmod(fd, 0600);
    close(fd);
    return;
  }
  if (errno != EEXIST) {
    return; // SQLite's open names the problem (a missing folder, no permission)
  }
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    return;
  }
  if (S_ISLNK(info.st_mode)) {
    refuse(fmt::format("{} is a symbolic link: give the store's own path", path));
  }
  if (!S_ISREG(info.st_mode)) {
    return; // a folder: the caller says so
  }
  if (info.st_uid != geteuid()) {
    refuse(
        fmt::format("{} belongs to {}, who would control the store", path, user_name(info.st_uid)));
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    refuse(fmt::format("{} is writable by others ({}): chmod 600 it first", path,
                       mode_text(info.st_mode)));
  }
}

std::optional<std::string> store_file_exposure(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    return std::nullopt;
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fmt::format("{} is writable by others ({}): chmod 600 {}", path, mode_text(info.st_mode),
                       path);
  }
  if ((info.st_mode & S_IROTH) != 0) {
    return fmt::format("{} is readable by every user ({}): chmod 600 {}", path,
                       mode_text(info.st_mode), path);
  }
  return std::nullopt;
}

} // namespace acctctl::sqlite
