"""The PostgreSQL store's own walls, each shown to hold and to matter (issue 21 item 4): the
append-only audit trigger, the retry on a serialisation failure or deadlock, a refused
login, the schema a URL names, and round trips that do not grow with the batch."""
import os
import subprocess
import time

from acctctl_case import BIN, SUPPORT
from pg_case import DelayingRelay, PgCase


class Session:
    """A psql session of its own, kept open: statements run in it one at a time, and one that
    blocks on a lock can be sent now and waited for later."""

    def __init__(self, case):
        self.case = case
        self.proc = subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                                      case.database], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.marks = 0
        self.pid = self.run("SELECT pg_backend_pid()")[0]

    def send(self, sql):
        """Sends `sql` and returns at once; finished() waits for it."""
        self.marks += 1
        self.proc.stdin.write(f"{sql};\nSELECT 'done {self.marks}';\n")
        self.proc.stdin.flush()

    def finished(self):
        """The rows of what send() sent, once it has run."""
        rows = []
        for line in self.proc.stdout:
            if line.strip() == f"done {self.marks}":
                return rows
            rows.append(line.strip())
        self.case.fail(f"psql ended: {self.proc.stderr.read()}")

    def run(self, sql):
        self.send(sql)
        return self.finished()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


class PostgresWalls(PgCase):
    def start(self, *args, env=None):
        return subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})))

    def wait_for_a_lock_wait(self, proc, but_not, timeout=30):
        """Until a backend of this database other than `but_not` waits on a lock, while
        acctctl (`proc`) runs."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if proc.poll() is not None:
                self.fail(f"acctctl ended (exit {proc.returncode}) before it waited on a lock: "
                          f"{proc.stderr.read()}")
            waiting = self.psql("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                f"'{self.database}' AND pid NOT IN (pg_backend_pid(), {but_not}) "
                                "AND wait_event_type = 'Lock'", "postgres")
            if waiting != "0":
                return
            time.sleep(0.02)
        self.fail(f"no backend waited on a lock within {timeout}s")

    # -- the audit trail is append-only, even to the tables' owner (R13) ------------------

    def test_the_owner_cannot_edit_delete_or_truncate_audit_events(self):
        self.world()
        events = self.psql("SELECT count(*) FROM audit_events")
        before = self.psql("SELECT string_agg(id || ':' || action || ':' || hash, ',' ORDER BY id) "
                           "FROM audit_events")
        # The owner of the tables: the role init ran as, which no privilege stops.
        self.assertEqual(self.psql("SELECT session_user = tableowner FROM pg_tables "
                                   "WHERE tablename = 'audit_events'"), "t")
        for sql in ("UPDATE audit_events SET action = 'user.nothing' WHERE action = 'user.add'",
                    "UPDATE audit_events SET detail = '{}'",
                    "DELETE FROM audit_events WHERE action = 'user.add'",
                    "DELETE FROM audit_events",
                    "TRUNCATE audit_events CASCADE"):
            p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-v",
                                "VERBOSITY=verbose", "-d", self.database, "-c", sql],
                               capture_output=True, text=True, timeout=60)
            self.assertNotEqual(p.returncode, 0, f"the server accepted: {sql}")
            self.assertRegex(p.stderr, r"ERROR:\s+P0001: audit events are append-only", sql)
        self.assertEqual(self.psql("SELECT count(*) FROM audit_events"), events)
        self.assertEqual(self.psql("SELECT string_agg(id || ':' || action || ':' || hash, ',' "
                                   "ORDER BY id) FROM audit_events"), before)
        self.ok("audit", "verify")  # the chains are whole

    # -- a conflict rolls back and plans again, three times at most, then exit 6 ----------

    def inject_conflicts(self, failures, sqlstate="40001"):
        """The next `failures` status changes of a user fail with `sqlstate`, as the server
        reports a serialisation failure or a deadlock; the sequence counts every attempt,
        rolled back or not (deactivating Ben changes one status: one count per attempt)."""
        self.psql("CREATE SEQUENCE test_attempts; "
                  "CREATE FUNCTION test_conflict() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                  f"IF nextval('test_attempts') <= {failures} THEN "
                  "RAISE EXCEPTION 'injected conflict' USING ERRCODE = "
                  f"'{sqlstate}'; END IF; RETURN NEW; END $$; "
                  "CREATE TRIGGER test_conflict BEFORE UPDATE ON client_users FOR EACH ROW "
                  "WHEN (OLD.status IS DISTINCT FROM NEW.status) "
                  "EXECUTE FUNCTION test_conflict()")

    def attempts(self):
        return int(self.psql("SELECT last_value FROM test_attempts"))

    def test_a_serialization_failure_is_retried_and_the_third_attempt_succeeds(self):
        self.world()
        self.inject_conflicts(2)
        r = self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
        self.assertEqual(self.attempts(), 3)
        self.assertNotIn("error", r.err)
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")
        self.assertEqual(self.psql("SELECT count(*) FROM audit_events "
                                   "WHERE action = 'user.deactivate'"), "1")

    def test_a_deadlock_is_retried_and_the_third_attempt_succeeds(self):
        self.world()
        self.inject_conflicts(2, "40P01")
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
        self.assertEqual(self.attempts(), 3)
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")

    def test_conflicts_that_keep_coming_give_up_after_three_attempts_with_exit_6(self):
        self.world()
        for sqlstate in ("40001", "40P01"):
            self.inject_conflicts(1000, sqlstate)
            r = self.expect(6, "users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
            self.assertEqual(self.attempts(), 3, sqlstate)
            self.assertIn("conflicted", r.err)
            self.assertIn("nothing changed", r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
            self.assertEqual(self.users()["Ben Baker"]["status"], "active")
            self.psql("DROP TRIGGER test_conflict ON client_users; DROP FUNCTION test_conflict(); "
                      "DROP SEQUENCE test_attempts")
        self.assertEqual(self.psql("SELECT count(*) FROM audit_events "
                                   "WHERE action = 'user.deactivate'"), "0")

    def test_a_real_deadlock_with_another_session_is_retried_and_succeeds(self):
        """The server's own deadlock detector picks acctctl (40P01): it holds Acme's lock and
        waits for Ben's row, which a session holds that then asks for Acme's lock. acctctl
        rolls back, plans again, waits its turn and deactivates Ben once."""
        self.world()
        acme = self.psql("SELECT id FROM clients WHERE name = 'Acme Ltd'")
        # acctctl's sessions detect the deadlock after 2 s of waiting, the other after 60 s:
        # so the server picks acctctl, once the other session waits too.
        self.psql(f"ALTER DATABASE {self.database} SET deadlock_timeout = '2s'")
        deadlocks = self.psql(f"SELECT deadlocks FROM pg_stat_database WHERE datname = "
                              f"'{self.database}'")
        other = Session(self)
        try:
            other.run("BEGIN")
            other.run("SET LOCAL deadlock_timeout = '60s'")
            other.run("UPDATE client_users SET name = name WHERE name = 'Ben Baker'")
            proc = self.start("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes",
                              env={"ACCTCTL_BUSY_TIMEOUT_MS": "60000"})
            self.wait_for_a_lock_wait(proc, other.pid)  # acctctl, holding Acme, waits for Ben
            other.send(f"SELECT 1 FROM clients WHERE id = {acme} FOR UPDATE")
            self.assertEqual(other.finished(), ["1"])  # acctctl was rolled back: its lock freed
            self.wait_for_a_lock_wait(proc, other.pid)  # its second attempt waits for Acme's lock
            self.assertIsNone(proc.poll())
            other.run("ROLLBACK")
        finally:
            other.close()
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("deactivated", out)
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")
        self.assertEqual(self.psql("SELECT count(*) FROM audit_events "
                                   "WHERE action = 'user.deactivate'"), "1")
        end = time.monotonic() + 10  # the statistics arrive a moment later
        while time.monotonic() < end and self.psql(
                f"SELECT deadlocks FROM pg_stat_database WHERE datname = '{self.database}'") == deadlocks:
            time.sleep(0.1)
        self.assertNotEqual(self.psql(f"SELECT deadlocks FROM pg_stat_database WHERE datname = "
                                      f"'{self.database}'"), deadlocks, "no deadlock happened")

    # -- a refused login ------------------------------------------------------------------

    def test_a_refused_login_is_exit_1_on_one_line_without_the_password(self):
        self.world()
        host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
        user = os.environ.get("PGUSER", "postgres")
        real = os.environ.get("PGPASSWORD", "")
        self.assertTrue(real, "these tests expect pg_virtualenv's PGPASSWORD")
        cases = [  # (URL, the environment's PGPASSWORD, the role refused)
            (f"postgresql://{user}:Wr0ngPw-1@{host}:{port}/{self.database}", "", user),
            (f"postgresql://no_such_role:Wr0ngPw-1@{host}:{port}/{self.database}", "",
             "no_such_role"),
            (f"postgresql://{host}:{port}/{self.database}?user={user}&password=Wr0ngPw-1", "",
             user),
            (f"postgresql://{user}@{host}:{port}/{self.database}", "Wr0ngPw-1", user),
            (f"postgresql://no_such_role@{host}:{port}/{self.database}", real, "no_such_role"),
        ]
        for url, password, role in cases:
            with self.subTest(url=url.replace("Wr0ngPw-1", "***"), pgpassword=bool(password)):
                r = self.expect(1, "users", "list", "--client", "Acme Ltd",
                                env={"ACCTCTL_DB": url, "PGPASSWORD": password})
                self.assertEqual(r.out, "")
                lines = r.err.strip().splitlines()
                self.assertEqual(len(lines), 1, r.err)
                self.assertTrue(lines[0].startswith("acctctl: error: cannot connect to the store "
                                                    "at postgresql://"), lines[0])
                self.assertIn(f'password authentication failed for user "{role}"', lines[0])
                for secret in ("Wr0ngPw-1", real):
                    self.assertNotIn(secret, r.err)
        # The right password still works: the refusals were the login's, not the URL's form.
        self.ok("users", "list", "--client", "Acme Ltd",
                env={"ACCTCTL_DB": f"postgresql://{user}@{host}:{port}/{self.database}",
                     "PGPASSWORD": real})

    # -- the schema the URL names ---------------------------------------------------------

    def tables_in(self, schema):
        return int(self.psql(f"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}'"))

    def test_the_urls_search_path_names_the_store_schema_not_public_nor_the_logins(self):
        self.world()  # a store in public
        me = self.psql("SELECT session_user")
        self.psql(f'CREATE SCHEMA team; CREATE SCHEMA "{me}"')
        public_tables = self.tables_in("public")
        team = f"{self.db}?options=-csearch_path%3Dteam"
        self.ok("--db", team, "init", "--support-email", SUPPORT, actor=None)
        self.ok("--db", team, "practices", "add", "Team Practice")
        self.assertEqual(self.tables_in("team"), public_tables)
        self.assertEqual(self.tables_in(me), 0)
        self.assertEqual(self.psql("SELECT string_agg(name, ',') FROM team.practices"),
                         "Team Practice")
        self.assertEqual(self.psql("SELECT string_agg(name, ',') FROM public.practices"),
                         "Ledger & Co")
        self.assertIn("schema team", self.ok("--db", team, "check").out)
        # Only the first entry counts; a later one is not searched for the store's tables.
        self.assertEqual([p["name"] for p in self.js(
            "--db", f"{self.db}?options=-csearch_path%3Dteam,public", "practices", "list")],
            ["Team Practice"])
        # A search_path the URL did not set (the role's, for this database) is not followed:
        # the URL without options is the store in public.
        self.psql(f'ALTER ROLE "{me}" IN DATABASE {self.database} SET search_path = team')
        self.assertEqual([p["name"] for p in self.js("practices", "list")], ["Ledger & Co"])
        self.assertIn("schema public", self.ok("check").out)
        self.ok("practices", "add", "Public Two")
        self.assertEqual(self.psql("SELECT count(*) FROM team.practices"), "1")

    # -- round trips do not grow with the batch -------------------------------------------

    def users_csv(self, count, prefix, start=0):
        path = os.path.join(self.dir, f"{prefix}-{start}-{count}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},{prefix}{i}@big.test\n"
                                             for i in range(start, start + count)))
        return path

    def round_trips(self, *args, stdin=""):
        """The round trips of one acctctl command, counted by the relay."""
        relay = DelayingRelay(int(os.environ.get("PGPORT", "5432")), 0)
        try:
            url = f"postgresql://127.0.0.1:{relay.port}/{self.database}"
            self.ok(*args, "-q", stdin=stdin, env={"ACCTCTL_DB": url})
        finally:
            relay.stop()
        return relay.requests

    def test_add_deactivate_and_sync_cost_the_same_round_trips_for_10_or_1000_users(self):
        self.ok("init", "--support-email", SUPPORT, actor=None)
        self.ok("practices", "add", "Ledger & Co")
        counts = {}
        for size in (10, 1000):
            client = f"Client {size}"
            self.ok("clients", "add", client, "--practice", "Ledger & Co")
            self.ok("users", "add", "--client", client, "--name", "Owner", "--email",
                    f"owner{size}@big.test")
            add = self.round_trips("users", "add", "--client", client, "--csv",
                                   self.users_csv(size, f"a{size}u"))
            refs = "".join(f"a{size}u{i}@big.test\n" for i in range(size))
            deactivate = self.round_trips("users", "deactivate", "--client", client, "-", "--yes",
                                          stdin=refs)
            # sync: the first half of the users stays, the rest is missing (deactivated), and
            # as many new ones come in.
            kept, new = self.users_csv(size // 2, f"a{size}u"), self.users_csv(size // 2, f"s{size}u")
            with open(new, encoding="utf-8") as f:
                rows = f.read().split("\n", 1)[1]
            with open(kept, "a", encoding="utf-8") as f:
                f.write(rows + f"Owner,owner{size}@big.test\n")
            self.ok("users", "enable", "--client", client, "-", "--yes", stdin=refs)
            sync = self.round_trips("users", "sync", "--client", client, "--csv", kept,
                                    "--missing", "deactivate", "--max-deactivate", "100%", "--yes")
            users = self.js("users", "list", "--client", client, "--status", "all")
            self.assertEqual(len(users), 1 + size + size // 2)
            self.assertEqual(sum(u["status"] == "deactivated" for u in users), size // 2)
            counts[size] = {"add": add, "deactivate": deactivate, "sync": sync}
        print(f"\nround trips for 10 users: {counts[10]}, for 1000: {counts[1000]}")
        self.assertEqual(counts[1000], counts[10])
