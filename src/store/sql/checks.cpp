#include "store/sql/checks.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "acctctl/values.hpp"

namespace acctctl::sql {
namespace {

constexpr std::int64_t k_listed = 5; // violations named in a finding's detail

// The violations of one check: the first few by name, and how many there are.
class Violations {
public:
  void add(std::string violation) {
    if (++m_count <= k_listed) {
      m_named.push_back(std::move(violation));
    }
  }
  // Those of `later`, after these.
  void append(const Violations& later) {
    for (const std::string& violation : later.m_named) {
      if (++m_count <= k_listed) {
        m_named.push_back(violation);
      }
    }
    m_count += later.m_count - static_cast<std::int64_t>(later.m_named.size());
  }
  CheckFinding finding(std::string check) const {
    if (m_count == 0) {
      return {std::move(check), true, ""};
    }
    std::string detail = fmt::format("{}", fmt::join(m_named, "; "));
    if (m_count > k_listed) {
      detail += fmt::format("; and {} more", m_count - k_listed);
    }
    return {std::move(check), false, detail};
  }

private:
  std::vector<std::string> m_named;
  std::int64_t m_count = 0;
};

Violations violations_of(const CheckQuery& query, std::string_view sql) {
  Violations violations;
  query(sql, 1, [&](CheckRow row) { violations.add(std::string(row[0].value_or(""))); });
  return violations;
}

// The users' texts that have a folded key (values.hpp), with their keys: folded here, with
// the one fold_key, so that no engine needs it in SQL.
constexpr std::string_view k_keyed_users_sql =
    "SELECT id, client_id, name, name_key, email, email_key, username, username_key "
    "FROM client_users ORDER BY id";

// Texts that are one once folded: how many, and the least of them (as SQL's min()).
struct Alike {
  std::string least;
  std::int64_t count = 0;
  void add(std::string_view text) {
    if (count++ == 0 || text < least) {
      least = std::string(text);
    }
  }
};

// The violations of the R14 uniqueness of folded texts and of the stored keys: a duplicate
// group by its folded text (and client), then each stale key in id order.
struct KeyViolations {
  std::unordered_map<std::string, Alike> usernames;             // by folded username
  std::map<std::pair<std::int64_t, std::string>, Alike> emails; // by client, folded email
  Violations stale_usernames;
  Violations stale_emails;
  Violations stale_names;
};

std::optional<std::string> folded_text(const std::optional<std::string_view>& text) {
  return text ? std::optional<std::string>(fold_key(*text)) : std::nullopt;
}

bool is_stale(const std::optional<std::string>& folded,
              const std::optional<std::string_view>& key) {
  return folded.has_value() != key.has_value() || (folded && *folded != *key);
}

KeyViolations key_violations(const CheckQuery& query) {
  KeyViolations found;
  query(k_keyed_users_sql, 8, [&](CheckRow row) {
    const std::string_view id = row[0].value_or("");
    const std::string_view client = row[1].value_or("");
    std::int64_t client_id = 0;
    std::from_chars(client.data(), client.data() + client.size(), client_id);
    if (is_stale(folded_text(row[2]), row[3])) {
      found.stale_names.add(fmt::format("user id {} has a stale name key", id));
    }
    const std::optional<std::string> email = folded_text(row[4]);
    if (email) {
      found.emails[{client_id, *email}].add(*row[4]);
    }
    if (is_stale(email, row[5])) {
      found.stale_emails.add(fmt::format("user id {} has a stale email key", id));
    }
    std::optional<std::string> username = folded_text(row[6]);
    if (is_stale(username, row[7])) {
      found.stale_usernames.add(fmt::format("user id {} has a stale username key", id));
    }
    if (username) {
      found.usernames[std::move(*username)].add(*row[6]);
    }
  });
  return found;
}

CheckFinding usernames_finding(const KeyViolations& found) {
  // In the order of the folded usernames, as a GROUP BY gives them.
  std::vector<std::pair<std::string_view, const Alike*>> repeated;
  for (const auto& [key, alike] : found.usernames) {
    if (alike.count > 1) {
      repeated.emplace_back(key, &alike);
    }
  }
  std::sort(repeated.begin(), repeated.end());
  Violations violations;
  for (const auto& [key, alike] : repeated) {
    violations.add(fmt::format("username {} is used {} times", alike->least, alike->count));
  }
  violations.append(found.stale_usernames);
  return violations.finding("R14 usernames unique in the store");
}

CheckFinding emails_finding(const KeyViolations& found) {
  Violations violations;
  for (const auto& [key, alike] : found.emails) {
    if (alike.count > 1) {
      violations.add(fmt::format("email {} is used {} times in client id {}", alike.least,
                                 alike.count, key.first));
    }
  }
  violations.append(found.stale_emails);
  return violations.finding("R14 emails unique in a client account");
}

} // namespace

CheckFinding violations_finding(const CheckQuery& query, std::string check, std::string_view sql) {
  return violations_of(query, sql).finding(std::move(check));
}

std::vector<CheckFinding> invariant_findings(const CheckQuery& query, const Dialect& dialect,
                                             std::string_view missing_references) {
  const std::string_view yes = dialect.true_literal;
  const std::string_view no = dialect.false_literal;
  std::vector<CheckFinding> findings;
  findings.push_back(violations_finding(query, "foreign keys", missing_references));
  findings.push_back(violations_finding(
      query, "R2 one owner per client account",
      fmt::format("SELECT c.name || ' has ' || count(u.id) || ' owners' FROM clients c "
                  "LEFT JOIN client_users u ON u.client_id = c.id AND u.is_owner = {} "
                  "WHERE EXISTS (SELECT 1 FROM client_users x WHERE x.client_id = c.id) "
                  "GROUP BY c.id HAVING count(u.id) <> 1",
                  yes)));
  findings.push_back(violations_finding(
      query, "R2 owner is active with login",
      fmt::format("SELECT name || ' (id ' || id || ') is owner without being an active login "
                  "user' FROM client_users WHERE is_owner = {} AND (status <> 'active' OR "
                  "login_access = {})",
                  yes, no)));
  findings.push_back(violations_finding(
      query, "R9 at most one alert recipient",
      fmt::format("SELECT c.name || ' has ' || count(*) || ' alert recipients' FROM client_users "
                  "u JOIN clients c ON c.id = u.client_id WHERE u.is_alert_recipient = {0} "
                  "GROUP BY c.id HAVING count(*) > 1 "
                  "UNION ALL SELECT name || ' (id ' || id || ') receives alerts without being an "
                  "active login user' FROM client_users WHERE is_alert_recipient = {0} "
                  "AND (status <> 'active' OR login_access = {1})",
                  yes, no)));
  const KeyViolations keys = key_violations(query);
  findings.push_back(usernames_finding(keys));
  findings.push_back(emails_finding(keys));
  findings.push_back(keys.stale_names.finding("names' sort keys"));
  return findings;
}

} // namespace acctctl::sql
