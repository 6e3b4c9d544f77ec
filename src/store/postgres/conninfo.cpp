#include "store/postgres/conninfo.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "store/engines.hpp"
#include "store/postgres/libpq_loader.hpp"

namespace acctctl::postgres {
namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// `text` percent-encoded as libpq decodes it, keeping `kept` as it is for legibility.
std::string encoded(std::string_view text, std::string_view kept = {}) {
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    if (unreserved(c) || kept.find(c) != std::string_view::npos) {
      result += c;
    } else {
      result += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return result;
}

constexpr std::string_view k_masked = "***";

} // namespace

std::optional<ConnInfo> ConnInfo::parse(const std::string& text) {
  char* message = nullptr;
  PQconninfoOption* parsed = libpq().conninfoParse(text.c_str(), &message);
  if (message != nullptr) {
    libpq().freemem(message);
  }
  if (parsed == nullptr) {
    return std::nullopt;
  }
  ConnInfo info;
  for (const PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
    if (option->val != nullptr) {
      const bool secret = option->dispchar != nullptr && option->dispchar[0] == '*';
      info.m_options.push_back({option->keyword, option->val, secret});
    }
  }
  libpq().conninfoFree(parsed);
  return info;
}

std::size_t ConnInfo::host_count() const {
  std::size_t most = 1;
  for (const std::string_view keyword : {"host", "hostaddr"}) {
    const std::string hosts = value_of(keyword).value_or("");
    most =
        std::max(most, static_cast<std::size_t>(std::count(hosts.begin(), hosts.end(), ',')) + 1);
  }
  return most;
}

std::optional<std::string> ConnInfo::value_of(std::string_view keyword) const {
  for (const ConnOption& option : m_options) {
    if (option.keyword == keyword) {
      return option.value;
    }
  }
  return std::nullopt;
}

bool ConnInfo::has_secret() const {
  for (const ConnOption& option : m_options) {
    if (option.secret) {
      return true;
    }
  }
  return false;
}

bool ConnInfo::misplaces_userinfo() const {
  for (const char* keyword : {"host", "port", "dbname"}) {
    if (value_of(keyword).value_or("").find('@') != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string ConnInfo::shown_url() const {
  const auto user = value_of("user");
  const auto host = value_of("host");
  const auto port = value_of("port");
  const auto dbname = value_of("dbname");
  std::string url = "postgresql://";
  if (user) {
    url += encoded(*user);
    if (value_of("password")) {
      url += fmt::format(":{}", k_masked);
    }
    url += '@';
  }
  // One host goes where a reader looks for it; a socket folder or a list of hosts in the
  // query, where libpq reads them too.
  const bool host_in_netloc = host && !host->empty() &&
                              host->find_first_of("/,") == std::string::npos &&
                              port.value_or("").find(',') == std::string::npos;
  if (host_in_netloc) {
    url += host->find(':') != std::string::npos ? fmt::format("[{}]", *host) : encoded(*host);
    if (port) {
      url += fmt::format(":{}", encoded(*port));
    }
  }
  if (dbname) {
    url += fmt::format("/{}", encoded(*dbname));
  }
  char separator = '?';
  for (const ConnOption& option : m_options) {
    const bool in_netloc = option.keyword == "host" || option.keyword == "port";
    const bool in_userinfo = user && option.keyword == "password";
    if (option.keyword == "user" || option.keyword == "dbname" || in_userinfo ||
        (in_netloc && host_in_netloc)) {
      continue;
    }
    url += fmt::format("{}{}={}", separator, option.keyword,
                       option.secret ? std::string(k_masked) : encoded(option.value, "/:,@"));
    separator = '&';
  }
  return url;
}

std::string ConnInfo::without_secrets(std::string message) const {
  for (const ConnOption& option : m_options) {
    if (!option.secret || option.value.empty()) {
      continue;
    }
    for (auto at = message.find(option.value); at != std::string::npos;
         at = message.find(option.value, at + k_masked.size())) {
      message.replace(at, option.value.size(), k_masked);
    }
  }
  return message;
}

ConnInfo parse_store_url(const std::string& url) {
  const auto info = ConnInfo::parse(url);
  if (!info) {
    throw Error(ExitCode::usage,
                "the store's PostgreSQL URL is not one libpq can read (a bad %-escape or an "
                "unknown parameter?); it is not shown, as it may hold a password");
  }
  if (info->misplaces_userinfo()) {
    throw Error(ExitCode::usage,
                "the store's PostgreSQL URL puts an @ in its host, port or database name: write "
                "an @ or / of the password as %40 or %2F; the URL is not shown, as it may hold "
                "a password");
  }
  return *info;
}

} // namespace acctctl::postgres

namespace acctctl {

std::string shown_postgres_url(const std::string& url) {
  return postgres::parse_store_url(url).shown_url();
}

bool may_hold_password(const std::string& conninfo) {
  const auto info = postgres::ConnInfo::parse(conninfo);
  return !info || info->has_secret() || info->misplaces_userinfo();
}

} // namespace acctctl
