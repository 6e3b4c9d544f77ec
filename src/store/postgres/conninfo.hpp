#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A connection string as libpq itself reads it (PQconninfoParse), so that what acctctl masks is
// what libpq takes for a password: its syntax (a raw ? in a password, a repeated password=, an
// sslpassword=) is libpq's to judge, never a string search's (SPEC.md §6.2).
namespace acctctl::postgres {

struct ConnOption {
  std::string keyword;
  std::string value;
  bool secret = false; // libpq's display character "*": password, sslpassword
};

class ConnInfo {
public:
  // The options `text` sets (a URL or keyword/value text), in libpq's order; nullopt when
  // libpq cannot parse it. libpq's message is dropped: it may quote the password (a bad %zz).
  static std::optional<ConnInfo> parse(const std::string& text);

  const std::vector<ConnOption>& options() const { return m_options; }
  bool has_secret() const;
  // Whether libpq read part of the text as a host, port or database name holding an @: a
  // raw @ or / in a password moves its text there, where no mask can find it.
  bool misplaces_userinfo() const;
  // A postgresql:// URL of the same options, each secret as ***.
  std::string shown_url() const;
  // How many servers the URL names (host=a,b or postgresql://a,b/…): a multi-host URL, whose
  // read-only member may be a former primary mid-failover.
  std::size_t host_count() const;
  bool sets(std::string_view keyword) const { return value_of(keyword).has_value(); }
  std::optional<std::string> value_of(std::string_view keyword) const;
  // `message` with the text of each secret replaced by ***.
  std::string without_secrets(std::string message) const;

private:
  std::vector<ConnOption> m_options;
};

// The store's URL as libpq reads it; Error(usage), not showing the URL, when libpq cannot
// parse it or misplaces its user information.
ConnInfo parse_store_url(const std::string& url);

} // namespace acctctl::postgres
