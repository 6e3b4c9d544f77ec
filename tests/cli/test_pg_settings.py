"""Server settings that used to break commands with raw text (issue 26, item 4): a database's
statement_timeout and idle_in_transaction_session_timeout do not cut acctctl's transactions,
which set their own (ACCTCTL_STATEMENT_TIMEOUT_MS caps a statement, with a message naming
it), and init refuses a database that is not UTF8."""
import json
import os
import subprocess
import time

from acctctl_case import BIN, SUPPORT
from pg_case import Bouncer, PgCase


class ServerSettings(PgCase):
    def users_csv(self, count):
        path = os.path.join(self.dir, "users.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n" for i in range(count)))
        return path

    def database_sets(self, setting, value):
        self.psql(f"ALTER DATABASE {self.database} SET {setting} = '{value}'", "postgres")

    def test_behind_pgbouncer_acctctl_leaves_no_setting_on_a_shared_server_connection(self):
        """Transaction pooling hands one server connection to client after client: a session
        setting acctctl made would stay for the next client, and would be missing from
        acctctl's own next transaction on another connection. Its settings are transaction-
        local (PgBouncer itself carries client_encoding and TimeZone per client)."""
        self.world()
        bouncer = Bouncer(pool_size=1)
        self.addCleanup(bouncer.stop)
        settings = ("jit", "search_path", "statement_timeout", "lock_timeout",
                    "idle_in_transaction_session_timeout", "TimeZone")
        show = "SELECT " + ", ".join(f"current_setting('{name}')" for name in settings)

        def through_the_pooler():
            p = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p",
                                str(bouncer.port), "-d", self.database, "-c", show],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            return p.stdout.strip()

        before = through_the_pooler()
        env = {"ACCTCTL_DB": bouncer.url(self.database)}
        self.ok("users", "list", "--client", "Acme Ltd", env=env)
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Zed Zee", "--no-login", env=env)
        self.assertEqual(through_the_pooler(), before)

    def test_a_schema_in_startup_options_a_pooler_dropped_is_refused_not_replaced_by_public(self):
        """PgBouncer with ignore_startup_parameters=options lets the URL's options through and
        drops them: init made the store's tables in public. Now the URL's request is checked
        against what the server got; ACCTCTL_PG_SCHEMA is the way through a pooler."""
        bouncer = Bouncer(ignore="extra_float_digits,options")
        self.addCleanup(bouncer.stop)
        self.psql("CREATE SCHEMA team")
        url = f"{bouncer.url(self.database)}?options=-csearch_path%3Dteam"
        r = self.expect(1, "init", "--support-email", SUPPORT, actor=None, env={"ACCTCTL_DB": url})
        self.assertEqual(r.err.splitlines(), [
            f"acctctl: error: the store at {url} names its schema in the startup options "
            "(search_path), but the server did not get them: a pooler such as PgBouncer drops "
            "or refuses startup options; name the schema with ACCTCTL_PG_SCHEMA instead; "
            "nothing changed"])
        self.assertEqual(self.psql("SELECT count(*) FROM pg_tables WHERE schemaname IN "
                                   "('public', 'team')"), "0")
        self.ok("init", "--support-email", SUPPORT, actor=None,
                env={"ACCTCTL_DB": bouncer.url(self.database), "ACCTCTL_PG_SCHEMA": "team"})
        self.assertEqual(self.psql("SELECT count(*) > 0 FROM pg_tables WHERE schemaname = 'team'"),
                         "t")

    def test_a_short_server_statement_timeout_does_not_cut_a_large_batch(self):
        self.world()
        self.database_sets("statement_timeout", "50ms")
        self.ok("users", "add", "--client", "Acme Ltd", "--csv", self.users_csv(5000), "-q")
        self.assertEqual(len(self.js("users", "list", "--client", "Acme Ltd")), 5003)

    def test_acctctl_statement_timeout_ms_caps_a_statement_and_says_so(self):
        self.world()
        before = self.psql("SELECT count(*) FROM client_users")
        r = self.expect(1, "users", "add", "--client", "Birch LLC", "--csv", self.users_csv(5000),
                        "-q", env={"ACCTCTL_STATEMENT_TIMEOUT_MS": "1"})
        self.assertEqual(r.err.splitlines(), [
            f"acctctl: error: the server at {self.db} cancelled a statement: it ran past "
            "ACCTCTL_STATEMENT_TIMEOUT_MS, or an administrator cancelled it; nothing changed"])
        self.assertEqual(self.psql("SELECT count(*) FROM client_users"), before)
        bad = self.expect(2, "users", "list", env={"ACCTCTL_STATEMENT_TIMEOUT_MS": "soon"})
        self.assertIn("ACCTCTL_STATEMENT_TIMEOUT_MS=", bad.err)

    def test_an_idle_in_transaction_timeout_does_not_cut_an_export_to_a_slow_reader(self):
        self.world()
        self.ok("users", "add", "--client", "Acme Ltd", "--csv", self.users_csv(3000), "-q")
        self.database_sets("idle_in_transaction_session_timeout", "200ms")
        proc = subprocess.Popen([BIN, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT))
        time.sleep(1.5)  # the reader is slow: the pipe fills and acctctl waits to write
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        store = json.loads(out)
        self.assertEqual(len(store["users"]), 3004)

    def test_init_refuses_a_database_that_is_not_utf8(self):
        latin1 = self.database + "_latin1"
        p = subprocess.run(["createdb", "-E", "LATIN1", "-T", "template0", "--locale=C", latin1],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.addCleanup(subprocess.run, ["dropdb", "--if-exists", latin1], capture_output=True)
        r = self.expect(1, "init", "--support-email", SUPPORT, actor=None,
                        env={"ACCTCTL_DB": f"postgresql:///{latin1}"})
        self.assertEqual(r.err.splitlines(), [
            f"acctctl: error: the database at postgresql:///{latin1} has encoding LATIN1: "
            "acctctl stores names in every script, which needs UTF8 (createdb -E UTF8 -T "
            "template0); nothing changed"])
        self.assertEqual(self.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                                   latin1), "0")


if __name__ == "__main__":
    import unittest
    unittest.main()
