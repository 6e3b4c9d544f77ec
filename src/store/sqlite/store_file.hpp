#pragma once

#include <optional>
#include <string>

// The store file holds personal data (SPEC §6.1): init makes it private, and never takes over
// a file or folder that somebody else could change.
namespace acctctl::sqlite {

// For init, before SQLite opens `path`: creates missing folders 0700 and a missing file 0600,
// whatever the umask; refuses (exit 1, saying why) a symbolic link, or a file or folder that
// belongs to another user or that others may write.
void prepare_store_file(const std::string& path);

// check(): why the store file is open to others ("readable by others (mode 0644)"), if it is.
std::optional<std::string> store_file_exposure(const std::string& path);

} // namespace acctctl::sqlite
