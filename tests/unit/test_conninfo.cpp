// The store's URL as libpq reads it and as acctctl shows it (SPEC §6.2, issue 21): every
// password libpq finds is ***, whatever the URL's syntax, and what is shown reads back as the
// same options.
#include <catch2/catch.hpp>

#include "acctctl/error.hpp"
#include "acctctl/store.hpp"
#include "store/postgres/conninfo.hpp"

using acctctl::postgres::ConnInfo;
using acctctl::postgres::parse_store_url;

namespace {

// The options of `url` but its secrets', as keyword=value lines.
std::string public_options(const std::string& url) {
  const ConnInfo info = ConnInfo::parse(url).value();
  std::string lines;
  for (const auto& option : info.options()) {
    lines += option.keyword + "=" + (option.secret ? "(secret)" : option.value) + "\n";
  }
  return lines;
}

std::string shown(const std::string& url) {
  return parse_store_url(url).shown_url();
}

} // namespace

TEST_CASE("a shown URL masks each password libpq finds", "[postgres]") {
  CHECK(shown("postgresql://ann:s3cr3t@db.test:5433/accounts") ==
        "postgresql://ann:***@db.test:5433/accounts");
  CHECK(shown("postgresql://ann:pa?ss@db/accounts") == "postgresql://ann:***@db/accounts");
  CHECK(shown("postgresql:///accounts?sslpassword=one&password=two") ==
        "postgresql:///accounts?password=***&sslpassword=***");
  CHECK(shown("postgresql:///accounts?password=one&password=two") ==
        "postgresql:///accounts?password=***");
  CHECK(shown("postgres://ann:p%40ss@db/accounts") == "postgresql://ann:***@db/accounts");
}

TEST_CASE("a shown URL keeps what is not secret, and reads back as the same options",
          "[postgres]") {
  for (const std::string url :
       {"postgresql:///accounts", "postgresql://db/accounts?sslmode=verify-full",
        "postgresql:///accounts?options=-csearch_path%3Dacctctl", "postgresql://[::1]:5433/a",
        "postgresql:///accounts?host=/var/run/postgresql", "postgresql://h1:1,h2:2/accounts",
        "postgresql://a%20b:pw@db/my%2Fdb?application_name=a%26b"}) {
    INFO(url);
    CHECK(public_options(shown(url)) == public_options(url));
  }
  CHECK(shown("postgresql:///accounts") == "postgresql:///accounts");
  CHECK(shown("postgresql:///accounts?options=-csearch_path%3Dacctctl") ==
        "postgresql:///accounts?options=-csearch_path%3Dacctctl");
}

TEST_CASE("a URL libpq cannot read, or reads a password into a host or database, is refused",
          "[postgres]") {
  for (const std::string url :
       {"postgresql://ann:Bq4%zzTn8@db/accounts", "postgresql://ann:pa/ss@db/accounts",
        "postgresql://ann:pa@ss@db/accounts", "postgresql:///accounts?passwrd=x"}) {
    INFO(url);
    try {
      shown(url);
      FAIL("not refused");
    } catch (const acctctl::Error& error) {
      CHECK(error.code() == acctctl::ExitCode::usage);
      CHECK(std::string(error.what()).find("ss@") == std::string::npos);
      CHECK(std::string(error.what()).find("Bq4") == std::string::npos);
    }
  }
}

TEST_CASE("a message loses the text of every password", "[postgres]") {
  const ConnInfo info = parse_store_url("postgresql://ann:s3cr3t@db/accounts?sslpassword=k3y");
  CHECK(info.without_secrets("no s3cr3t, no k3y, s3cr3t") == "no ***, no ***, ***");
}

TEST_CASE("a keyword/value string is refused as a store, a path with = is not", "[postgres]") {
  CHECK_THROWS_AS(acctctl::check_location_form("host=db password=x"), acctctl::Error);
  CHECK_THROWS_AS(acctctl::check_location_form(" dbname = accounts"), acctctl::Error);
  CHECK_NOTHROW(acctctl::check_location_form("./a=b.db"));
  CHECK_NOTHROW(acctctl::check_location_form("/srv/a=b.db"));
  CHECK_NOTHROW(acctctl::check_location_form("postgresql:///accounts?password=x"));
}

TEST_CASE("what ps may show of a location", "[postgres]") {
  CHECK_FALSE(acctctl::location_for_everyone("/srv/acctctl.db"));
  CHECK_FALSE(acctctl::location_for_everyone("postgresql:///accounts"));
  CHECK(acctctl::location_for_everyone("postgresql://ann:pw@db/a") == "postgresql://ann:***@db/a");
  CHECK(acctctl::location_for_everyone("postgresql://ann:p/w@db/a") == std::string(25, 'x'));
  CHECK(acctctl::location_for_everyone("host=db password=pw") == std::string(19, 'x'));
}
