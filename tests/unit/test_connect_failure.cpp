// Reading libpq's connection failures (issue 26): which ones pass (a server down, starting,
// stopping or failing over), so acctctl tries again within the busy timeout, and which do not
// (a refused login, a missing database, an unknown host), so it says so at once; and every
// host of a multi-host URL keeps its line.
#include <catch2/catch.hpp>

#include "store/postgres/connect_failure.hpp"
#include "store/postgres/conninfo.hpp"

using acctctl::postgres::parse_store_url;
using acctctl::postgres::read_connect_failure;

TEST_CASE("a server that is down or starting up is worth trying again", "[postgres][connect]") {
  const auto refused = read_connect_failure(
      "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n");
  CHECK(refused.transient);
  CHECK(refused.reason ==
        "connection to server at \"127.0.0.1\", port 1 failed: Connection refused");
  CHECK(read_connect_failure("connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" "
                             "failed: FATAL:  the database system is starting up\n")
            .transient);
  CHECK(read_connect_failure("connection to server at \"db1\" (10.0.0.1), port 5432 failed: "
                             "server is in hot standby mode\n")
            .transient);
}

TEST_CASE("a refused login, a missing database or an unknown host is said at once",
          "[postgres][connect]") {
  CHECK_FALSE(read_connect_failure("connection to server at \"127.0.0.1\", port 5432 failed: "
                                   "FATAL:  password authentication failed for user \"sue\"\n")
                  .transient);
  CHECK_FALSE(read_connect_failure("connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: "
                                   "FATAL:  database \"accounts\" does not exist\n")
                  .transient);
  CHECK_FALSE(read_connect_failure("could not translate host name \"no-such-host.invalid\" to "
                                   "address: Name or service not known\n")
                  .transient);
  CHECK_FALSE(read_connect_failure("").transient);
}

TEST_CASE("a multi-host URL's failure names every host, and passes only if every host's does",
          "[postgres][connect]") {
  const auto both = read_connect_failure(
      "connection to server at \"db1\" (10.0.0.1), port 5432 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n"
      "connection to server at \"db2\" (10.0.0.2), port 5432 failed: session is read-only\n");
  CHECK(both.transient);
  CHECK(both.reason == "connection to server at \"db1\" (10.0.0.1), port 5432 failed: Connection "
                       "refused; connection to server at \"db2\" (10.0.0.2), port 5432 failed: "
                       "session is read-only");
  CHECK_FALSE(read_connect_failure(
                  "connection to server at \"db1\" (10.0.0.1), port 5432 failed: Connection "
                  "refused\nconnection to server at \"db2\" (10.0.0.2), port 5432 failed: FATAL:  "
                  "password authentication failed for user \"sue\"\n")
                  .transient);
}

TEST_CASE("a URL's hosts are counted as libpq reads them", "[postgres][connect]") {
  CHECK(parse_store_url("postgresql:///accounts").host_count() == 1);
  CHECK(parse_store_url("postgresql://db1:5432,db2:5433/accounts").host_count() == 2);
  CHECK(parse_store_url("postgresql:///accounts?host=a,b,c").host_count() == 3);
}
