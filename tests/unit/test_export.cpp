// export and import: the whole store as one JSON document, checked before it replaces anything.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "acctctl/error.hpp"
#include "acctctl/format/export_json.hpp"
#include "acctctl/service/access.hpp"
#include "acctctl/service/clients.hpp"
#include "acctctl/service/documents.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/service/store_admin.hpp"
#include "world.hpp"

using namespace acctctl;
using namespace acctctl::testing;

namespace {

std::string exported(World& world) {
  Session s = world.support();
  std::ostringstream out;
  export_store(s, out);
  return out.str();
}

std::string import_error(World& world, const std::string& text) {
  Session s = world.support();
  std::istringstream in(text);
  try {
    import_store(s, in, "dump.json");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    return error.what();
  }
  return "";
}

} // namespace

TEST_CASE("an import reproduces an export in a fresh store", "[export]") {
  World source;
  source.deactivate({"ben"});
  Session s = source.support();
  add_document(s, "Acme Ltd", std::to_string(source.user("Dora Docs")->id), "Tax return");
  const std::string dump = exported(source);

  World target; // holds the same world, replaced entirely by the import
  Session t = target.support();
  std::istringstream in(dump);
  const ImportReport report = import_store(t, in, "dump.json");
  CHECK(report.users == 4);
  CHECK(report.documents == 1);
  REQUIRE(target.users().size() == 3);
  CHECK(target.user("Ann Able")->is_owner);
  CHECK_FALSE(target.user("Ben Baker")->is_active());
  CHECK(target.user("Cy Cedar", "Birch LLC")->is_owner);
  CHECK(target.audit().front().action == "store.import");
}

TEST_CASE("an export is stable: exporting an import gives the same sections", "[export]") {
  // A source that has moved on from the fresh world in every section, and a target that has
  // moved on differently: an import that kept any of the target's rows shows in the sections.
  World source;
  Session s = source.support();
  add_practice(s, "Third Books");
  add_staff(s, {"nia@ledger.test", "Nia New", StaffRole::member, "Ledger & Co", std::nullopt});
  add_client(s, {"Cedar Co", "Ledger & Co", std::nullopt, std::nullopt});
  source.deactivate({"ben"});
  source.add("Acme Ltd", login_user("Eve Early", "eve@acme.test", "eve"));
  add_document(s, "Acme Ltd", std::to_string(source.user("Dora Docs")->id), "Tax return");
  Session source_admin = source.as(k_admin);
  grant_access(source_admin, "nia@ledger.test", {"Birch LLC"}, std::nullopt, {});
  revoke_access(source_admin, k_member, {"Acme Ltd"}, {});
  const std::string dump = exported(source);

  World target;
  Session t = target.support();
  add_practice(t, "Fourth Books");
  add_client(t, {"Delta Co", "Ledger & Co", std::nullopt, std::nullopt});
  target.add("Birch LLC", login_user("Zoe Other", "zoe@birch.test"));
  Session target_admin = target.as(k_admin);
  grant_access(target_admin, k_outsider, {"Birch LLC"}, std::nullopt, {});
  add_document(t, "Birch LLC", std::to_string(target.user("Cy Cedar", "Birch LLC")->id), "Payroll");

  auto sections = [](const std::string& text) {
    auto document = nlohmann::json::parse(text);
    document.erase("exported_at");
    document["audit"] = document["audit"].size(); // the import adds its own event
    return document;
  };
  const auto before = sections(dump);
  const std::vector<std::string> names = {"practices", "staff",     "clients",
                                          "users",     "documents", "access"};
  {
    const auto differing = sections(exported(target));
    for (const std::string& name : names) {
      INFO(name << ": the target differs before the import");
      CHECK(differing[name] != before[name]);
    }
  }
  std::istringstream in(dump);
  import_store(t, in, "dump.json");
  const auto again = sections(exported(target));
  for (const std::string& name : names) {
    INFO(name);
    CHECK(again[name] == before[name]);
  }
  CHECK(again["audit"].get<int>() == before["audit"].get<int>() + 1);
}

TEST_CASE("an import keeps every audit event as it was, its detail's key order included",
          "[export]") {
  World source;
  source.deactivate({"ben"}); // a detail of {"status": {"before": …, "after": …}}
  const std::string dump = exported(source);
  World target;
  Session t = target.support();
  std::istringstream in(dump);
  import_store(t, in, "dump.json");
  const auto events = [](const std::string& text) {
    return nlohmann::ordered_json::parse(text)["audit"];
  };
  const auto before = events(dump);
  const auto again = events(exported(target));
  REQUIRE(again.size() == before.size() + 1); // and the import's own event
  for (std::size_t i = 0; i < before.size(); ++i) {
    CHECK(again[i].dump() == before[i].dump());
  }
}

TEST_CASE("a malformed or inconsistent export is refused and changes nothing", "[export]") {
  World world;
  const auto users_before = world.users().size();
  const auto dump = nlohmann::json::parse(exported(world));

  CHECK_THAT(import_error(world, "{not json"), Catch::Contains("not valid JSON"));
  CHECK_THAT(import_error(world, "[]"), Catch::Contains("has no \"format\""));
  CHECK_THAT(import_error(world, R"({"users": []})"), Catch::Contains("has no \"format\""));
  CHECK_THAT(import_error(world, ""), Catch::Contains("not valid JSON"));

  auto newer = dump;
  newer["version"] = 99;
  CHECK_THAT(import_error(world, newer.dump()), Catch::Contains("newer"));

  auto two_owners = dump;
  for (auto& user : two_owners["users"]) {
    if (user["name"] == "Ben Baker") {
      user["owner"] = true;
    }
  }
  CHECK_THAT(import_error(world, two_owners.dump()), Catch::Contains("R2"));

  auto duplicate_username = dump;
  duplicate_username["users"][1]["username"] = duplicate_username["users"][0]["username"];
  CHECK_THAT(import_error(world, duplicate_username.dump()), Catch::Contains("username"));

  auto dangling = dump;
  dangling["users"][0]["client_id"] = 999;
  CHECK_THAT(import_error(world, dangling.dump()), Catch::Contains("missing client"));

  auto bad_email = dump;
  bad_email["users"][0]["email"] = "not an email";
  CHECK_THAT(import_error(world, bad_email.dump()), Catch::Contains("users[0]"));

  auto missing = dump;
  missing.erase("staff");
  CHECK_THAT(import_error(world, missing.dump()), Catch::Contains("staff"));

  CHECK(world.users().size() == users_before);
}

TEST_CASE("export and import are support only (exit 5)", "[export][R1]") {
  World world;
  Session admin = world.as(k_admin);
  std::ostringstream out;
  CHECK_THROWS_AS(export_store(admin, out), Error);
  std::istringstream in(exported(world));
  try {
    import_store(admin, in, "dump.json");
    FAIL("a practice admin imported a store");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::denied);
  }
}
