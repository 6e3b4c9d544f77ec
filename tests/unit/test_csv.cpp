// users add --csv: the RFC 4180 reader and the users file (SPEC.md §3).
#include <catch2/catch.hpp>

#include "acctctl/error.hpp"
#include "acctctl/format/csv.hpp"
#include "acctctl/format/roster_csv.hpp"

using namespace acctctl;

namespace {

std::string error_of(std::string_view text) {
  try {
    read_users_csv(text, "2026-12-01T12:00:00Z");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    return error.what();
  }
  return "";
}

} // namespace

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks", "[csv]") {
  const auto records = parse_csv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n");
  REQUIRE(records.size() == 3);
  CHECK(records[1].fields == std::vector<std::string>{"x, y", "say \"hi\""});
  CHECK(records[2].fields == std::vector<std::string>{"two\nlines", ""});
  CHECK(records[2].line == 3);
}

TEST_CASE("csv: a UTF-8 BOM is skipped and a last line may lack its line end", "[csv]") {
  const auto records = parse_csv("\xEF\xBB\xBFname\nAnn");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == std::vector<std::string>{"name"});
  CHECK(records[1].fields == std::vector<std::string>{"Ann"});
}

TEST_CASE("csv: malformed quoting names its line", "[csv]") {
  CHECK_THROWS_WITH(parse_csv("name\n\"open\nstill open"), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(parse_csv("name\nAnn \"the\" Able\n"), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(parse_csv("a\n\"x\"y\n"), Catch::Contains("line 2"));
}

TEST_CASE("users csv: columns by header, empty cells take the defaults", "[csv]") {
  const auto users =
      read_users_csv("Name,email,username,role,permissions,login\n"
                     "Ann Able,ann@acme.test,,admin,,\n"
                     "\"Smith, Jo\",jo@acme.test,jo,viewer,export; view-documents,yes\n"
                     "Dora Docs,,,,,no\n"
                     "\n",
                     "2026-12-01T12:00:00Z");
  REQUIRE(users.size() == 3);
  CHECK(users[0].name == "Ann Able");
  CHECK(users[0].role == Role::admin);
  CHECK_FALSE(users[0].username);
  CHECK_FALSE(users[0].permissions);
  CHECK(users[1].name == "Smith, Jo");
  CHECK(users[1].permissions == PermissionSet{Permission::export_data, Permission::view_documents});
  CHECK_FALSE(users[2].login_access);
}

TEST_CASE("users csv: problems name their line, nothing is returned", "[csv]") {
  CHECK_THAT(error_of("name,phone\nAnn,1\n"),
             Catch::Contains("line 1") && Catch::Contains("phone"));
  CHECK_THAT(error_of("email\nann@acme.test\n"), Catch::Contains("no name column"));
  CHECK_THAT(error_of("name,email\nAnn,ann@acme.test\nBen\n"), Catch::Contains("line 3"));
  CHECK_THAT(error_of("name,email\nAnn,not-an-email\n"), Catch::Contains("line 2"));
  CHECK_THAT(error_of("name,role\nAnn,emperor\n"), Catch::Contains("line 2"));
  CHECK_THAT(error_of("name,email,permissions\nAnn,a@b.c,fly\n"), Catch::Contains("fly"));
  CHECK_THAT(error_of("name,email,login\nAnn,a@b.c,maybe\n"), Catch::Contains("yes or no"));
  CHECK_THAT(error_of("name\nAnn\n"), Catch::Contains("needs an email or a username"));
  CHECK_THAT(error_of("name,login\n\xff,no\n"), Catch::Contains("UTF-8"));
  CHECK_THAT(error_of("name,name\nA,B\n"), Catch::Contains("twice"));
  CHECK_THAT(error_of(""), Catch::Contains("header"));
}

TEST_CASE("users csv: the columns are the user table's roster fields, in its order", "[csv]") {
  CHECK_THAT(
      error_of("name,phone\nAnn,1\n"),
      Catch::Contains("(known: name, email, username, role, permissions, login, start, end)"));
  CHECK_THAT(error_of(""),
             Catch::Contains("(name,email,username,role,permissions,login,start,end)"));
  CHECK_THAT(
      error_of("name,role\nAnn,emperor\n"),
      Catch::Contains("unknown role \"emperor\" (known: admin, standard, submitter, viewer)"));
}
