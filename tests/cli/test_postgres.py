"""The PostgreSQL store end to end (SPEC.md §6.2): URLs and refusals, hidden passwords, locks
per client account, signals, kill -9 and a dropped connection, moving stores, check, and round
trips that do not grow with the batch."""
import concurrent.futures
import json
import os
import signal
import subprocess
import time

from acctctl_case import BIN, SUPPORT
from pg_case import DelayingRelay, PgCase

PG_SCHEMA_VERSION = "9"  # src/store/postgres/schema.hpp: what init migrates a store to


class PostgresStore(PgCase):
    def users_csv(self, count, prefix="user"):
        path = os.path.join(self.dir, f"{prefix}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},{prefix}{i}@big.test\n"
                                             for i in range(count)))
        return path

    def start(self, *args, env=None):
        return subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})))

    def wait_for_statement(self, pattern, timeout=30):
        """Until a backend of this database runs a statement like `pattern`, or waits on a lock."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = self.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = "
                              f"'{self.database}' AND pid <> pg_backend_pid() AND "
                              f"state = 'active' AND query LIKE '{pattern}'", "postgres")
            if found != "0":
                return
            time.sleep(0.02)
        self.fail(f"no statement like {pattern!r} within {timeout}s")

    # -- the store and its URL ---------------------------------------------------------------

    def test_init_creates_the_tables_and_other_commands_need_them(self):
        r = self.expect(1, "users", "list")
        self.assertIn(f"no store at {self.db}: run `acctctl init`", r.err)
        self.assertEqual(self.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0")
        self.world()
        self.assertEqual(self.psql("SELECT application, schema_version FROM acctctl_meta"),
                         f"acctctl|{PG_SCHEMA_VERSION}")
        self.ok("init")  # idempotent

    def test_somebody_elses_tables_are_refused_even_by_init(self):
        self.psql("CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (1)")
        for args in (["init", "--support-email", SUPPORT], ["users", "list"]):
            r = self.expect(1, *args, actor=None if args[0] == "init" else SUPPORT)
            self.assertIn("another application", r.err)
        self.assertEqual(self.psql("SELECT string_agg(tablename, ',') FROM pg_tables "
                                   "WHERE schemaname = 'public'"), "invoices")

    def test_concurrent_inits_on_an_empty_database_are_all_idempotent(self):
        """Issue 26: eight `init --support-email` at once on a new database exited 6 about
        once in eight: a deadlock between one init's policies and another's support staff
        write, or both finding no support staff and the second insert meeting the unique
        index. Each now exits 0, and there is one support staff member. The race is a matter
        of milliseconds: without the fixes, 4 of 45 rounds failed here, so five rounds catch
        a regression only now and then; the loop of issue 26's note shows it surely."""
        for attempt in range(5):
            database = f"{self.database}_init{attempt}"
            subprocess.run(["createdb", database], check=True)
            self.addCleanup(subprocess.run, ["dropdb", "--if-exists", "--force", database],
                            capture_output=True)
            env = dict(self.env, ACCTCTL_DB=f"postgresql:///{database}")
            procs = [subprocess.Popen([BIN, "init", "--support-email", SUPPORT],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      env=env) for _ in range(8)]
            for proc in procs:
                _, err = proc.communicate(timeout=60)
                self.assertEqual(proc.returncode, 0, f"round {attempt}: {err}")
            self.assertEqual(self.psql("SELECT count(*) FROM staff", database), "1")

    def test_a_schema_that_does_not_exist_is_named_not_the_servers_raw_text(self):
        """Issue 26: init on a missing schema said only "no schema has been selected to
        create in"; now init and every other command name the schema and the fix."""
        env = {"ACCTCTL_PG_SCHEMA": "acctctl"}
        r = self.expect(1, "init", "--support-email", SUPPORT, actor=None, env=env)
        self.assertEqual(r.err.splitlines(), [
            f'acctctl: error: schema "acctctl" does not exist in the database at {self.db}: its '
            "administrator creates it (CREATE SCHEMA), or name another (ACCTCTL_PG_SCHEMA, or "
            "the URL's search_path); nothing changed"])
        r = self.expect(1, "users", "list", env=env)
        self.assertIn(f'no store at {self.db}: schema "acctctl" does not exist there', r.err)
        self.psql("CREATE SCHEMA acctctl")
        self.ok("init", "--support-email", SUPPORT, actor=None, env=env)
        self.assertEqual(self.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'acctctl'"),
                         "9")

    def test_a_newer_schema_is_refused(self):
        self.world()
        self.psql("UPDATE acctctl_meta SET schema_version = 99")
        r = self.expect(1, "users", "list", "--client", "Acme Ltd")
        self.assertIn("newer", r.err)
        self.expect(1, "init", actor=None)

    def make_version_6(self):
        """The store as schema version 6 made it: no username skeletons (version 7: look-alike
        usernames)."""
        self.psql("DROP INDEX usernames_look_unique; "
                  "ALTER TABLE client_users DROP COLUMN username_skeleton; "
                  "UPDATE acctctl_meta SET schema_version = 6")

    def test_a_version_6_store_gains_username_skeletons_and_check_names_a_look_alike_pair(self):
        """SPEC §2, R14: init gives each username its skeleton; of a look-alike pair already
        stored, the later keeps none, `check` names the pair, and a third look-alike is
        refused naming the first."""
        self.world()
        users = sorted((u for u in self.users().values() if u["login_access"]),
                       key=lambda u: u["id"])
        first, second = users[0], users[1]
        self.make_version_6()
        self.psql(f"UPDATE client_users SET username = 'paypal', username_key = 'paypal' "
                  f"WHERE id = {first['id']}; UPDATE client_users SET username = 'paypaI', "
                  f"username_key = 'paypai' WHERE id = {second['id']}")
        self.ok("init", actor=None)
        self.assertEqual(self.psql("SELECT schema_version FROM acctctl_meta"), PG_SCHEMA_VERSION)
        self.assertEqual(self.psql(f"SELECT count(*) FROM client_users WHERE username IS NOT NULL "
                                   f"AND username_skeleton IS NULL"), "1")
        self.assertEqual(self.psql(f"SELECT username_skeleton IS NULL FROM client_users "
                                   f"WHERE id = {second['id']}"), "t")
        r = self.run_cli("check")
        self.assertEqual(r.code, 1, r)
        self.assertIn("usernames paypal, paypaI look alike", r.out)
        r = self.run_cli("users", "add", "--client", "Acme Ltd", "--name", "Imp",
                         "--username", "paypa1", "--email", "imp@acme.test")
        self.assertEqual(r.code, 4, r)
        # Either of the pair: both are the client's users, and both look like it.
        self.assertRegex(r.err, 'looks like "paypa[lI]", which is taken')

    def make_version_5(self):
        """The store as schema version 5 made it: no pending status, no starts_at, ends_at or
        until, and their indexes (version 6: scheduled access)."""
        self.make_version_6()
        self.psql("DROP INDEX users_starting, users_ending, grants_ending; "
                  "ALTER TABLE client_users DROP CONSTRAINT owner_access_does_not_end, "
                  "DROP CONSTRAINT access_starts_before_it_ends, DROP COLUMN starts_at, "
                  "DROP COLUMN ends_at, DROP CONSTRAINT client_users_status_check, "
                  "ADD CONSTRAINT client_users_status_check "
                  "CHECK (status IN ('active', 'deactivated')); "
                  "ALTER TABLE access_grants DROP COLUMN until; "
                  "UPDATE acctctl_meta SET schema_version = 5")

    def test_a_version_5_store_gains_scheduled_access_when_init_upgrades_it(self):
        """SPEC §3.2: init adds the columns and the pending status, keeping every row."""
        self.world()
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "ben", "--title", "Contract")
        before = {name: {k: v for k, v in u.items() if k not in ("starts_at", "ends_at")}
                  for name, u in self.users().items()}
        grants = [(g["staff"], g["client"]) for g in self.js("access", "list")]
        self.make_version_5()
        self.expect(1, "users", "list", "--client", "Acme Ltd")
        self.ok("init", actor=None)
        self.assertEqual(self.psql("SELECT schema_version FROM acctctl_meta"), PG_SCHEMA_VERSION)
        after = self.users()
        self.assertEqual({name: {k: v for k, v in u.items() if k not in ("starts_at", "ends_at")}
                          for name, u in after.items()}, before)
        self.assertEqual({(u["starts_at"], u["ends_at"]) for u in after.values()}, {(None, None)})
        self.assertEqual([(g["staff"], g["client"], g["until"]) for g in self.js("access", "list")],
                         [(s, c, None) for s, c in grants])
        self.assertEqual(self.js("documents", "list", "--client", "Acme Ltd")[0]["submitted_by"],
                         "Ben Baker")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Eve", "--email", "eve@acme.test",
                "--start", "+1d")
        self.assertEqual(self.users()["Eve"]["status"], "pending")

    def make_version_3(self):
        """The store as schema version 3 made it: events without connected_as, batch, hash, and
        staff without status and db_role."""
        self.make_version_5()
        self.psql("ALTER TABLE audit_events DROP COLUMN connected_as, DROP COLUMN batch, "
                  "DROP COLUMN hash; DROP INDEX audit_by_client; "
                  "ALTER TABLE staff DROP COLUMN status, DROP COLUMN db_role; "
                  "DROP POLICY permissions_reach ON user_permissions; "
                  "ALTER TABLE user_permissions DROP CONSTRAINT user_permissions_pkey, "
                  "DROP COLUMN client_id, ADD PRIMARY KEY (user_id, permission); "
                  "CREATE INDEX audit_by_client ON audit_events(client_id); "
                  "UPDATE acctctl_meta SET schema_version = 3")

    def make_version_2(self):
        """The store as schema version 2 made it: without version 3's seed rules."""
        self.make_version_3()
        self.psql("DROP TRIGGER client_users_keep_owners_and_document_owners ON client_users; "
                  "DROP TRIGGER client_users_keys_follow_values ON client_users; "
                  "DROP FUNCTION acctctl_user_delete_guard(); "
                  "DROP FUNCTION acctctl_user_keys_follow_values(); "
                  "ALTER TABLE client_users DROP CONSTRAINT email_key_folds_email, "
                  "DROP CONSTRAINT username_key_folds_username; "
                  "UPDATE acctctl_meta SET schema_version = 2")

    def test_a_version_1_store_is_refused_until_init_upgrades_it_keeping_its_data(self):
        self.world()
        self.make_version_2()
        self.psql("DROP INDEX audit_by_practice; UPDATE acctctl_meta SET schema_version = 1")
        r = self.expect(1, "users", "list", "--client", "Acme Ltd")
        self.assertIn("run `acctctl init` to upgrade it", r.err)
        self.ok("init", actor=None)
        self.assertEqual(self.psql("SELECT schema_version FROM acctctl_meta"), PG_SCHEMA_VERSION)
        self.assertEqual(self.psql("SELECT count(*) FROM pg_indexes "
                                   "WHERE indexname = 'audit_by_practice'"), "1")
        self.assertEqual(len(self.users()), 3)

    def test_bad_urls_and_unreachable_servers_are_exit_1_with_the_password_hidden(self):
        for url in ("postgresql://admin:s3cr3t@127.0.0.1:1/accounts",
                    "postgres://admin:s3cr3t@no-such-host.invalid/accounts",
                    "postgresql:///accounts?password=s3cr3t&host=127.0.0.1&port=1"):
            r = self.expect(1, "users", "list", env={"ACCTCTL_DB": url,
                                                     "ACCTCTL_BUSY_TIMEOUT_MS": "200"})
            self.assertIn("cannot connect", r.err)
            self.assertNotIn("s3cr3t", r.err + r.out)
            self.assertIn("***", r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)

    def test_a_password_in_the_url_is_never_shown(self):
        password = os.environ.get("PGPASSWORD", "")
        self.assertTrue(password, "these tests expect pg_virtualenv's PGPASSWORD")
        host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
        user = os.environ.get("PGUSER", "postgres")
        url = f"postgresql://{user}:{password}@{host}:{port}/{self.database}"
        env = {"ACCTCTL_DB": url, "PGPASSWORD": ""}
        r = self.ok("init", "--support-email", SUPPORT, actor=None, env=env)
        checked = self.ok("check", env=env)
        audit = self.ok("audit", "list", "-o", "json", env=env)
        for text in (r.out, r.err, checked.out, checked.err, audit.out):
            self.assertNotIn(password, text)
        self.assertIn(f"{user}:***@", r.err + checked.out)

    def test_check_names_the_server_and_finds_broken_invariants(self):
        self.world()
        r = self.ok("check", "-o", "json")
        self.assertIn("PostgreSQL 15", r.out)
        self.assertTrue(all(c["ok"] for c in r.json()), r.out)
        # An operator's hand edit that the indexes allow but R9 forbids: a deactivated
        # alert recipient.
        self.psql("ALTER TABLE client_users DROP CONSTRAINT client_users_check4")
        self.psql("UPDATE client_users SET is_alert_recipient = true, status = 'deactivated', "
                  "deactivated_at = 'x' WHERE name = 'Ben Baker'")
        r = self.expect(1, "check", "-o", "json")
        self.assertIn("R9", r.out)

    def test_check_catches_a_dropped_policy_row_security_turned_off_and_extra_privileges(self):
        """SPEC §6.3: what init made for the server's own walls; init puts it back."""
        self.world()
        names = {c["check"] for c in self.js("check")}
        self.assertLessEqual({"policies", "row-level security", "privileges"}, names)
        self.psql("DROP POLICY users_reach ON client_users; "
                  "ALTER TABLE documents DISABLE ROW LEVEL SECURITY; "
                  "GRANT TRUNCATE, DELETE ON audit_events TO acctctl_operator")
        r = self.expect(1, "check", "-o", "json")
        failed = {c["check"]: c["detail"] for c in r.json() if not c["ok"]}
        self.assertEqual(set(failed), {"policies", "row-level security", "privileges"}, r.out)
        self.assertIn("client_users.users_reach", failed["policies"])
        self.assertIn("documents", failed["row-level security"])
        self.assertIn("audit_events:DELETE,INSERT,SELECT,TRUNCATE", failed["privileges"])
        self.ok("init", actor=None)
        self.assertTrue(all(c["ok"] for c in self.js("check")))

    # -- the store's schema (SPEC §6.2, §6.3: no shadow stores) ---------------------------

    def test_a_schema_named_after_the_login_is_not_taken_for_the_store(self):
        # The server's default search_path is "$user", public: a schema named after the
        # operator's login, made by anyone with CREATE on the database, came first.
        self.world()
        me = self.psql("SELECT session_user")
        self.psql(f'CREATE SCHEMA "{me}"')
        shadow = f"{self.db}?options=-csearch_path%3D{me}"
        self.ok("--db", shadow, "init", "--support-email", "eve@evil.test", actor=None)
        self.ok("--db", shadow, "practices", "add", "Shadow Practice", actor="eve@evil.test")
        self.assertEqual([p["name"] for p in self.js("practices", "list")], ["Ledger & Co"])
        self.assertIn("schema public", self.ok("check").out)
        self.assertIn(f"schema {me}", self.ok("--db", shadow, "check", actor="eve@evil.test").out)

    def test_acctctl_pg_schema_names_the_store_when_the_url_names_none(self):
        self.psql("CREATE SCHEMA team; CREATE SCHEMA other")
        team = {"ACCTCTL_PG_SCHEMA": "team"}
        self.ok("init", "--support-email", SUPPORT, actor=None, env=team)
        self.ok("practices", "add", "Team Practice", env=team)
        tables = "SELECT count(*) FROM pg_tables WHERE schemaname = '{}'"
        self.assertNotEqual(self.psql(tables.format("team")), "0")
        self.assertEqual(self.psql(tables.format("public")), "0")
        self.expect(1, "practices", "list")  # public holds no store
        # The URL's own search_path comes before the variable.
        other = f"{self.db}?options=-csearch_path%3Dother"
        self.expect(1, "--db", other, "practices", "list", env=team)
        self.assertEqual([p["name"] for p in self.js("practices", "list", env=team)],
                         ["Team Practice"])

    def test_tables_that_several_roles_own_are_not_a_store(self):
        self.world()
        self.psql("CREATE ROLE intruder; CREATE TABLE staff_notes (x int); "
                  "ALTER TABLE staff_notes OWNER TO intruder")
        r = self.expect(1, "users", "list", "--client", "Acme Ltd")
        self.assertIn("owned by several roles", r.err)
        self.assertIn("intruder", r.err)
        self.expect(1, "init", actor=None)
        self.psql("DROP TABLE staff_notes; DROP ROLE intruder")

    # -- the seed rules held by the server (SPEC §6.3) ------------------------------------

    def refused_by_server(self, sql):
        """`sql` fails on the owner's connection with a constraint's or a trigger's refusal."""
        p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-v",
                            "VERBOSITY=verbose", "-d", self.database, "-c", sql],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0, f"the server accepted: {sql}")
        self.assertRegex(p.stderr, r"ERROR:\s+(23505|23514)", p.stderr)
        return p.stderr

    def test_the_server_refuses_what_r3_r8_and_r14_forbid_to_raw_sql(self):
        self.world()
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Eve Gone", "--email", "eve@acme.test")
        before = self.psql("SELECT count(*) FROM client_users")
        self.assertIn("R3", self.refused_by_server("DELETE FROM client_users WHERE name = 'Ann Able'"))
        self.assertIn("R8", self.refused_by_server("DELETE FROM client_users WHERE name = 'Dora Docs'"))
        # R14: a value changed without its key would slip past the unique index on the keys.
        self.refused_by_server("UPDATE client_users SET email = 'ANN@acme.test' WHERE name = 'Ben Baker'")
        self.refused_by_server("UPDATE client_users SET username = 'BEN' WHERE name = 'Cy Cedar'")
        self.refused_by_server("UPDATE client_users SET email = 'ännä@acme.test' WHERE name = 'Ben Baker'")
        self.assertEqual(self.psql("SELECT count(*) FROM client_users"), before)
        # What the rules allow still goes through: a case-only change, and a removable user.
        self.psql("UPDATE client_users SET email = 'Ben@Acme.test' WHERE name = 'Ben Baker'")
        self.psql("DELETE FROM client_users WHERE name = 'Eve Gone'")
        # A free ASCII username without its key: the server derives the key, so it is found.
        self.psql("UPDATE client_users SET username = 'CY-NEW' WHERE name = 'Cy Cedar'")
        self.assertEqual(self.js("users", "show", "cy-new", "--client", "Birch LLC")["name"], "Cy Cedar")
        self.ok("users", "remove", "--client", "Acme Ltd", "ben", "--yes")
        self.ok("check")

    def test_a_version_3_store_gains_audit_chains_when_init_upgrades_it(self):
        """Events written before the chains keep a null connected_as and batch; init computes
        their hashes, they verify, and new events extend the chains."""
        self.world()
        before = self.js("audit", "list", "--limit", "0")
        self.make_version_3()
        self.expect(1, "audit", "list")
        self.ok("init", actor=None)
        self.assertEqual(self.psql("SELECT schema_version FROM acctctl_meta"), PG_SCHEMA_VERSION)
        upgraded = self.js("audit", "list", "--limit", "0")
        self.assertEqual([(e["id"], e["detail"]) for e in upgraded], [(e["id"], e["detail"]) for e in before])
        self.assertEqual({(e["connected_as"], e["batch"]) for e in upgraded}, {(None, None)})
        staff = self.js("staff", "list", "--status", "all")
        self.assertEqual({(s["status"], s["db_role"]) for s in staff}, {("active", None)})
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
        rows = self.js("audit", "verify")
        self.assertEqual(sum(r["events"] for r in rows), len(upgraded) + 1)
        self.psql("ALTER TABLE audit_events DISABLE TRIGGER USER; "
                  f"DELETE FROM audit_events WHERE id = {upgraded[-2]['id']}; "
                  "ALTER TABLE audit_events ENABLE TRIGGER USER")
        self.assertIn("breaks at event", self.expect(1, "audit", "verify").err)

    def test_a_version_2_store_gains_the_seed_rules_when_init_upgrades_it(self):
        self.world()
        self.make_version_2()
        self.ok("init", actor=None)
        self.assertEqual(self.psql("SELECT schema_version FROM acctctl_meta"), PG_SCHEMA_VERSION)
        self.refused_by_server("DELETE FROM client_users WHERE name = 'Ann Able'")
        self.assertEqual(len(self.users()), 3)

    # -- moving stores ---------------------------------------------------------------------

    def test_export_and_import_move_a_team_between_sqlite_and_the_server(self):
        sqlite_db = os.path.join(self.dir, "old.db")
        on_file = {"ACCTCTL_DB": sqlite_db}
        self.ok("init", "--support-email", SUPPORT, actor=None, env=on_file)
        self.ok("practices", "add", "Ledger & Co", env=on_file)
        self.ok("clients", "add", "Acme Ltd", "--practice", "Ledger & Co", env=on_file)
        self.ok("users", "add", "--client", "Acme Ltd", "--csv", self.users_csv(50), env=on_file)
        self.ok("users", "deactivate", "--client", "Acme Ltd", "user7@big.test", "--yes",
                env=on_file)
        dump = self.ok("export", env=on_file).out

        self.ok("init", "--support-email", SUPPORT, actor=None)
        self.ok("import", "-", stdin=dump)
        self.assertEqual(self.js("users", "list", "--client", "Acme Ltd", "--status", "all"),
                         self.js("users", "list", "--client", "Acme Ltd", "--status", "all",
                                 env=on_file))
        back = os.path.join(self.dir, "back.db")
        self.ok("init", "--support-email", SUPPORT, actor=None, env={"ACCTCTL_DB": back})
        self.ok("import", "-", stdin=self.ok("export").out, env={"ACCTCTL_DB": back})
        sections = ("practices", "staff", "clients", "users", "documents")
        first, second = json.loads(dump), json.loads(self.ok("export", env={"ACCTCTL_DB": back}).out)
        for section in sections:
            self.assertEqual(first[section], second[section], section)
        # The new store numbers new rows after the imported ones.
        row = self.js("users", "add", "--client", "Acme Ltd", "--name", "New", "--email",
                      "new@big.test")[0]
        self.assertGreater(row["id"], max(u["id"] for u in first["users"]))

    # -- locks per client account ----------------------------------------------------------

    def test_writers_of_other_clients_do_not_wait_and_the_same_client_times_out(self):
        self.world()
        acme = self.psql("SELECT id FROM clients WHERE name = 'Acme Ltd'")
        release = self.hold_lock(f"SELECT 1 FROM clients WHERE id = {acme} FOR UPDATE")
        try:
            start = time.monotonic()
            self.ok("users", "add", "--client", "Birch LLC", "--name", "Cid", "--email",
                    "cid@birch.test", env={"ACCTCTL_BUSY_TIMEOUT_MS": "20000"})
            self.assertLess(time.monotonic() - start, 5)
            start = time.monotonic()
            r = self.expect(6, "users", "deactivate", "--client", "Acme Ltd", "ben", "--yes",
                            env={"ACCTCTL_BUSY_TIMEOUT_MS": "700"})
            waited = time.monotonic() - start
            self.assertGreaterEqual(waited, 0.6)
            self.assertLess(waited, 10)
            self.assertIn("busy", r.err)
        finally:
            release()
        self.assertEqual(self.users()["Ben Baker"]["status"], "active")

    def test_parallel_writers_on_one_client_keep_one_owner_and_lose_nothing(self):
        self.world()
        self.ok("clients", "add", "Fresh Co", "--practice", "Ledger & Co")
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="30000")

        def worker(w):
            codes = []
            for i in range(10):
                p = subprocess.run([BIN, "users", "add", "--client", "Fresh Co", "--name",
                                    f"W{w} U{i}", "--email", f"w{w}u{i}@fresh.test"],
                                   capture_output=True, text=True, env=env, timeout=120)
                codes.append((p.returncode, p.stderr))
            return codes

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = [c for batch in pool.map(worker, range(8)) for c in batch]
        self.assertEqual([err for code, err in results if code != 0], [])
        users = self.users("Fresh Co")
        self.assertEqual(len(users), 80)
        self.assertEqual(sum(u["owner"] for u in users.values()), 1)
        self.assertEqual(self.psql("SELECT count(*) FROM audit_events WHERE action = 'user.add' "
                                   "AND client = 'Fresh Co'"), "80")
        fresh = self.js("clients", "show", "Fresh Co")["id"]
        chain = [r for r in self.js("audit", "verify") if r["chain"] == f"client:{fresh}"]
        self.assertEqual([r["events"] for r in chain], [81])  # client.add, then one per user

    def test_parallel_writers_of_the_store_chain_never_fork_it(self):
        """staff add and practices add write events without a client: the store's chain, which
        has a lock of its own. A forked chain (two events on one head) fails verify."""
        self.world()
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="30000")

        def worker(w):
            codes = []
            for i in range(6):
                args = (["practices", "add", f"Practice {w}-{i}"] if i % 2 else
                        ["staff", "add", "--practice", "Ledger & Co", "--role", "member",
                         "--email", f"s{w}x{i}@ledger.test", "--name", f"Staff {w} {i}"])
                p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env,
                                   timeout=120)
                codes.append((p.returncode, p.stderr))
            return codes

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = [c for batch in pool.map(worker, range(8)) for c in batch]
        self.assertEqual([err for code, err in results if code != 0], [])
        store = [r for r in self.js("audit", "verify") if r["chain"] == "store"]
        self.assertEqual(len(store), 1)
        self.assertEqual(store[0]["events"],
                         int(self.psql("SELECT count(*) FROM audit_events WHERE client_id IS NULL")))
        batches = self.psql("SELECT count(*), count(DISTINCT batch) FROM audit_events WHERE "
                            "(action = 'practice.add' AND detail LIKE '%Practice _-_%') OR "
                            "(action = 'staff.add' AND detail LIKE '%s_x_@ledger.test%')")
        self.assertEqual(batches, "48|48")  # one event and one batch per run

    def test_a_username_taken_by_a_concurrent_writer_is_planned_again_and_refused(self):
        self.world()
        birch = self.psql("SELECT id FROM clients WHERE name = 'Birch LLC'")
        # Another writer has inserted username x@race.test and not committed yet: acctctl's
        # plan cannot see it, and its own insert of the same username waits for that writer.
        release = self.hold_lock(
            "INSERT INTO client_users (client_id, name, name_key, email, email_key, username, "
            f"username_key, role, login_access, status, created_at) VALUES ({birch}, 'Racer', "
            "'racer', 'x@race.test', 'x@race.test', 'x@race.test', 'x@race.test', 'standard', "
            "true, 'active', '2026-11-25T00:00:00Z')")
        try:
            proc = self.start("users", "add", "--client", "Acme Ltd", "--name", "Xena",
                              "--email", "x@race.test")
            self.wait_for_statement("INSERT INTO client_users%")
        finally:
            release(commit=True)
        _, err = proc.communicate(timeout=30)
        # The unique index refused the insert (a conflict): planned again, R14 refuses it.
        self.assertEqual(proc.returncode, 4, err)
        self.assertIn("already taken", err)
        self.assertNotIn("Xena", self.users())

    # -- signals and kill -9 ---------------------------------------------------------------

    def test_sigint_and_sigterm_cancel_a_waiting_write_and_change_nothing(self):
        self.world()
        acme = self.psql("SELECT id FROM clients WHERE name = 'Acme Ltd'")
        for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            release = self.hold_lock(f"SELECT 1 FROM clients WHERE id = {acme} FOR UPDATE")
            try:
                proc = self.start("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes",
                                  env={"ACCTCTL_BUSY_TIMEOUT_MS": "60000"})
                self.wait_for_statement("SELECT 1 FROM clients WHERE id = $1 FOR UPDATE")
                start = time.monotonic()
                proc.send_signal(sig)
                _, err = proc.communicate(timeout=30)
                self.assertEqual(proc.returncode, code, err)
                self.assertLess(time.monotonic() - start, 5)  # cancelled, not timed out
            finally:
                release()
        self.assertEqual(self.users()["Ben Baker"]["status"], "active")

    def store_counts(self):
        return (self.psql("SELECT count(*) FROM client_users") + "/" +
                self.psql("SELECT count(*) FROM user_permissions") + "/" +
                self.psql("SELECT count(*) FROM audit_events"))

    def start_a_batch_held_before_its_events(self, prefix):
        """Starts a 2000-user `users add` into Acme Ltd and returns it with its backend's pid
        once it is inside its write: its users' INSERT has run and it waits on its last
        statement, the events' INSERT, which a psql session's EXCLUSIVE lock on audit_events
        holds up (reads go on). Also returns that session's release and whether the backend
        still holds the RowExclusiveLock of its users' INSERT, which only the end of its
        transaction gives back: proof that the users were written in the transaction that
        is still open. Only COMMIT is left to send."""
        release = self.hold_lock("LOCK TABLE audit_events IN EXCLUSIVE MODE")
        proc = None
        try:
            proc = self.start("users", "add", "--client", "Acme Ltd", "--csv",
                              self.users_csv(2000, prefix),
                              env={"ACCTCTL_BUSY_TIMEOUT_MS": "60000"})
            self.wait_for_statement("INSERT INTO audit_events%")
            pid = self.psql(f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.database}' "
                            "AND state = 'active' AND wait_event_type = 'Lock' AND query LIKE "
                            "'INSERT INTO audit_events%'", "postgres")
            self.assertRegex(pid, r"^\d+$")
            wrote = self.psql("SELECT count(*) FROM pg_locks WHERE pid = " + pid + " AND granted "
                              "AND relation = 'client_users'::regclass AND mode = "
                              "'RowExclusiveLock'") == "1"
        except BaseException:
            if proc is not None:
                proc.kill()
                proc.wait()
            release()
            raise
        return proc, int(pid), wrote, release

    def wait_for_backend_to_end(self, pid):
        end = time.monotonic() + 30
        while self.psql(f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}") != "0":
            self.assertLess(time.monotonic(), end, f"backend {pid} is still there")
            time.sleep(0.05)

    def test_kill_9_mid_batch_leaves_the_store_as_it_was(self):
        """SPEC §6.2: a client killed before COMMIT was sent leaves the store as it was. The
        kill lands after the batch's users were written in its transaction, so a write that
        committed statement by statement (autocommit) would leave them behind."""
        self.world()
        before = self.store_counts()
        for attempt in range(3):
            proc, pid, wrote, release = self.start_a_batch_held_before_its_events(f"k{attempt}u")
            try:
                proc.kill()
                proc.wait(timeout=30)
            finally:
                release()
            self.assertEqual(proc.returncode, -signal.SIGKILL)
            self.wait_for_backend_to_end(pid)  # the server has seen the client go and rolled back
            self.assertEqual(self.store_counts(), before, f"attempt {attempt}")
            self.assertTrue(wrote, "the kill did not land inside the batch's open transaction")
        self.ok("check")

    def test_a_connection_dropped_mid_batch_is_exit_1_and_changes_nothing(self):
        """SPEC §6.2, §5: a client disconnected before COMMIT was sent leaves the store as it
        was, and acctctl says in one line that it lost the connection (exit 1); it reports
        nothing as done."""
        self.world()
        before = self.store_counts()
        proc, pid, wrote, release = self.start_a_batch_held_before_its_events("dropped")
        try:
            self.assertEqual(self.psql(f"SELECT pg_terminate_backend({pid})", "postgres"), "t")
            out, err = proc.communicate(timeout=30)
        finally:
            release()
        self.assertEqual(proc.returncode, 1, err)
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("acctctl: error: lost the connection to the store at "
                                            f"postgresql:///{self.database}: "), err)
        self.assertEqual(out, "")
        self.wait_for_backend_to_end(pid)
        self.assertEqual(self.store_counts(), before)
        self.assertTrue(wrote, "the connection did not drop inside the batch's open transaction")
        self.ok("check")

    # -- round trips -----------------------------------------------------------------------

    def test_offboarding_a_person_costs_the_same_round_trips_in_2_or_12_clients(self):
        """SPEC §3.3 / issue 23: users offboard reads, locks and writes every client account
        at once, so the round trips do not grow with them (counted by the relay)."""
        self.ok("init", "--support-email", SUPPORT, actor=None)
        self.ok("practices", "add", "Ledger & Co")
        for n in range(12):
            self.ok("clients", "add", f"C{n}", "--practice", "Ledger & Co")
            self.ok("users", "add", "--client", f"C{n}", "--name", "Owner", "--email", f"o{n}@c.test")
        port = int(os.environ.get("PGPORT", "5432"))

        def offboard(person, clients):
            for n in range(clients):
                self.ok("users", "add", "--client", f"C{n}", "--name", "Pat", "--email", person,
                        "--username", f"{person}-{n}")
            relay = DelayingRelay(port, 0)
            try:
                slow = {"ACCTCTL_DB": f"postgresql://127.0.0.1:{relay.port}/{self.database}"}
                r = self.js("users", "offboard", person, "--yes", env=slow)
            finally:
                relay.stop()
            self.assertEqual([x["result"] for x in r], ["deactivated"] * clients)
            return relay.requests

        few, many = offboard("pat@two.test", 2), offboard("pat@twelve.test", 12)
        print(f"\nusers offboard: {few} round trips for 2 client accounts, {many} for 12")
        self.assertEqual(many, few)

    def test_a_10000_user_batch_over_a_slow_link_takes_seconds(self):
        self.ok("init", "--support-email", SUPPORT, actor=None)
        self.ok("practices", "add", "Ledger & Co")
        self.ok("clients", "add", "Big Co", "--practice", "Ledger & Co")
        self.ok("users", "add", "--client", "Big Co", "--name", "Owner", "--email", "o@big.test")
        self.ok("users", "add", "--client", "Big Co", "--csv", self.users_csv(10000), "-q")
        port = int(os.environ.get("PGPORT", "5432"))
        relay = DelayingRelay(port, 0.0025)  # 5 ms per round trip
        try:
            slow = {"ACCTCTL_DB": f"postgresql://127.0.0.1:{relay.port}/{self.database}"}
            start = time.monotonic()
            refs = "".join(f"user{i}@big.test\n" for i in range(10000))
            r = self.ok("users", "deactivate", "--client", "Big Co", "-", "--yes", "-q",
                        "-o", "tsv", stdin=refs, env=slow)
            seconds = time.monotonic() - start
        finally:
            relay.stop()
        self.assertEqual(r.out.count("\tdeactivated\t"), 10000)
        print(f"\n10,000-user deactivation over a 5 ms round trip: {seconds:.2f} s")
        self.assertLess(seconds, 20)
