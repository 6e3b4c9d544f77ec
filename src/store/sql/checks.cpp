#include "store/sql/checks.hpp"

#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "acctctl/lookalike.hpp"
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
  bool none() const { return m_count == 0; }
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

// Each user's texts that have a folded key (values.hpp), with their stored keys, compared
// here with the one fold_key, so that no engine needs a fold in SQL.
constexpr std::string_view k_keyed_users_sql =
    "SELECT id, name, name_key, email, email_key, username, username_key "
    "FROM client_users ORDER BY id";

// The stored keys that are not their text folded, in id order.
struct StaleKeys {
  Violations names;
  Violations emails;
  Violations usernames;
};

StaleKeys stale_keys(const CheckQuery& query) {
  StaleKeys stale;
  std::string folded; // reused row after row
  const auto is_stale = [&](const std::optional<std::string_view>& text,
                            const std::optional<std::string_view>& key) {
    if (!text || !key) {
      return text.has_value() != key.has_value();
    }
    fold_key_into(*text, folded);
    return folded != *key;
  };
  query(k_keyed_users_sql, 7, [&](CheckRow row) {
    const std::string_view id = row[0].value_or("");
    if (is_stale(row[1], row[2])) {
      stale.names.add(fmt::format("user id {} has a stale name key", id));
    }
    if (is_stale(row[3], row[4])) {
      stale.emails.add(fmt::format("user id {} has a stale email key", id));
    }
    if (is_stale(row[5], row[6])) {
      stale.usernames.add(fmt::format("user id {} has a stale username key", id));
    }
  });
  return stale;
}

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

// R14's repeated usernames, a group in the order of its folded username. With every key
// right, the keys group them, through SQL; with a stale key, only the texts folded here do.
Violations repeated_usernames(const CheckQuery& query, const StaleKeys& stale) {
  if (stale.usernames.none()) {
    return violations_of(query, "SELECT 'username ' || min(username) || ' is used ' || count(*) "
                                "|| ' times' FROM client_users WHERE username IS NOT NULL "
                                "GROUP BY username_key HAVING count(*) > 1 ORDER BY username_key");
  }
  std::map<std::string, Alike> by_key;
  query("SELECT username FROM client_users WHERE username IS NOT NULL", 1,
        [&](CheckRow row) { by_key[fold_key(*row[0])].add(*row[0]); });
  Violations violations;
  for (const auto& [key, alike] : by_key) {
    if (alike.count > 1) {
      violations.add(fmt::format("username {} is used {} times", alike.least, alike.count));
    }
  }
  return violations;
}

// R14's repeated emails, by client and folded email, as repeated_usernames finds them.
Violations repeated_emails(const CheckQuery& query, const StaleKeys& stale) {
  if (stale.emails.none()) {
    return violations_of(
        query, "SELECT 'email ' || min(email) || ' is used ' || count(*) || ' times in client id "
               "' || client_id FROM client_users WHERE email IS NOT NULL "
               "GROUP BY client_id, email_key HAVING count(*) > 1 ORDER BY client_id, email_key");
  }
  std::map<std::pair<std::int64_t, std::string>, Alike> by_key;
  query("SELECT client_id, email FROM client_users WHERE email IS NOT NULL", 2, [&](CheckRow row) {
    const std::string_view client = row[0].value_or("");
    std::int64_t client_id = 0;
    std::from_chars(client.data(), client.data() + client.size(), client_id);
    by_key[{client_id, fold_key(*row[1])}].add(*row[1]);
  });
  Violations violations;
  for (const auto& [key, alike] : by_key) {
    if (alike.count > 1) {
      violations.add(fmt::format("email {} is used {} times in client id {}", alike.least,
                                 alike.count, key.first));
    }
  }
  return violations;
}

// R14's look-alike usernames (SPEC §2): the groups of different usernames with one skeleton,
// and the stored skeletons that are not their username's (a username and its skeleton changed
// apart, by raw SQL).
Violations lookalike_usernames(const CheckQuery& query) {
  std::map<std::string, std::vector<std::string>> by_skeleton;
  Violations stale;
  query("SELECT id, username, username_skeleton FROM client_users WHERE username IS NOT NULL "
        "ORDER BY id",
        3, [&](CheckRow row) {
          std::string skeleton = confusable_skeleton(*row[1]);
          // A null skeleton is one the server could not compute (a username set by raw SQL
          // on PostgreSQL): not wrong, and the pairs below are found without it.
          if (row[2] && *row[2] != skeleton) {
            stale.add(fmt::format("user id {} has a stale username skeleton", *row[0]));
          }
          by_skeleton[std::move(skeleton)].emplace_back(*row[1]);
        });
  Violations violations;
  for (const auto& [skeleton, usernames] : by_skeleton) {
    if (usernames.size() < 2) {
      continue; // nearly every group: fold nothing
    }
    // The same username twice is the finding above's; here, usernames that differ but look
    // the same.
    std::set<std::string> keys;
    for (const std::string& username : usernames) {
      keys.insert(fold_key(username));
    }
    if (keys.size() > 1) {
      violations.add(
          fmt::format("usernames {} look alike (Unicode TS #39)", fmt::join(usernames, ", ")));
    }
  }
  violations.append(stale);
  return violations;
}

} // namespace

CheckFinding violations_finding(const CheckQuery& query, std::string check, std::string_view sql) {
  return violations_of(query, sql).finding(std::move(check));
}

CheckFinding made_by_init_finding(const CheckQuery& query, std::string check,
                                  std::string_view list_sql,
                                  std::span<const std::string_view> expected) {
  std::set<std::string, std::less<>> present;
  query(list_sql, 1, [&](CheckRow row) {
    if (row[0]) {
      present.emplace(*row[0]);
    }
  });
  std::vector<std::string_view> missing;
  for (const std::string_view name : expected) {
    if (const auto found = present.find(name); found != present.end()) {
      present.erase(found);
    } else {
      missing.push_back(name);
    }
  }
  std::vector<std::string> parts;
  if (!missing.empty()) {
    parts.push_back(
        fmt::format("missing {} (`acctctl init` puts them back)", fmt::join(missing, ", ")));
  }
  if (!present.empty()) {
    parts.push_back(fmt::format("not made by acctctl: {}", fmt::join(present, ", ")));
  }
  return {std::move(check), parts.empty(), fmt::format("{}", fmt::join(parts, "; "))};
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
  const StaleKeys stale = stale_keys(query);
  Violations usernames = repeated_usernames(query, stale);
  usernames.append(stale.usernames);
  findings.push_back(usernames.finding("R14 usernames unique in the store"));
  findings.push_back(lookalike_usernames(query).finding("R14 usernames do not look alike"));
  Violations emails = repeated_emails(query, stale);
  emails.append(stale.emails);
  findings.push_back(emails.finding("R14 emails unique in a client account"));
  findings.push_back(stale.names.finding("names' sort keys"));
  return findings;
}

} // namespace acctctl::sql
