"""Hostile operators on the PostgreSQL store (SPEC.md §6.3, R1): login roles bound to a member
(Acme Ltd only), an admin of Ledger & Co and support speak SQL to the server themselves, as a
psql session or a report tool would, and run acctctl. Each may read and change exactly what
acctctl lets its staff member read and change; nothing else may move."""
import itertools
import os
import re
import secrets
import subprocess
import time

from acctctl_case import ADMIN, MEMBER, SUPPORT
from pg_case import DelayingRelay, PgCase

OTHER_ADMIN = "zed@other.test"
TABLES = ("acctctl_meta", "practices", "staff", "access_grants", "clients", "client_users",
          "user_permissions", "documents", "audit_events")
STORE = TABLES[1:]  # acctctl_meta is readable by every operator
_roles = itertools.count(1)


class DbRoles(PgCase):
    def setUp(self):
        super().setUp()
        self.roles = []

    def tearDown(self):
        super().tearDown()  # the database first: then the roles own nothing
        for name in self.roles:
            p = subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f'DROP ROLE IF EXISTS "{name}"'],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, f"role {name} stays on the server: {p.stderr}")

    # -- helpers -------------------------------------------------------------------------

    def world(self):
        """acctctl_case's world, a document in Birch LLC, and Other Practice (Zed, Oak Inc, Olly)."""
        super().world()
        self.ok("practices", "add", "Other Practice")
        self.ok("staff", "add", "--practice", "Other Practice", "--role", "admin", "--email",
                OTHER_ADMIN, "--name", "Zed")
        self.ok("clients", "add", "Oak Inc", "--practice", "Other Practice")
        self.ok("users", "add", "--client", "Oak Inc", "--name", "Olly Oak", "--email", "olly@oak.test")
        self.ok("documents", "add", "--client", "Birch LLC", "--user", "cy@birch.test", "--title", "B")
        self.ids = dict(line.split("|") for line in self.psql(
            "SELECT name, id FROM practices UNION ALL SELECT name, id FROM clients UNION ALL "
            "SELECT name, id FROM client_users UNION ALL SELECT email, id FROM staff").splitlines())

    def login(self, label):
        """A login role in acctctl_operator, set up as SPEC §6.3 says; env logs in as it."""
        name, password = f"acctctl_dbr_{label}_{os.getpid()}_{next(_roles)}", secrets.token_hex(12)
        self.psql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'; GRANT acctctl_operator TO {name}",
                  "postgres")
        self.roles.append(name)
        return name, {"PGUSER": name, "PGPASSWORD": password}

    def bound(self, email, label):
        name, env = self.login(label)
        self.ok("staff", "edit", email, "--db-role", name)
        return name, env

    def sql(self, statement, env=None, rollback=False, stdin=None, database=None):
        """One statement through psql as the role of `env`, errors verbose (the SQLSTATE shows);
        `rollback`: inside BEGIN ... ROLLBACK."""
        steps = ["-c", "BEGIN", "-c", statement, "-c", "ROLLBACK"] if rollback else ["-c", statement]
        p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                            "-d", database or self.database, *steps], input=stdin, text=True,
                           capture_output=True, timeout=60, env=dict(self.env, **(env or {})))
        self.assertNotEqual(p.returncode, 2, f"psql could not connect: {p.stderr}")
        return p

    def refused(self, p, statement, states=("42501",)):
        self.assertNotEqual(p.returncode, 0, f"the server accepted: {statement}\n{p.stdout}")
        state = re.search(r"ERROR:\s+([0-9A-Z]{5}):", p.stderr)
        self.assertIn(state and state.group(1), states, f"{statement}\n{p.stderr}")

    def touches_nothing(self, statement, env):
        """`statement` changes no row, or is refused: 42501, a privilege or row-level security.
        Any other error means the probe itself is wrong."""
        p = self.sql(statement + " RETURNING 1", env)
        if p.returncode == 0:
            self.assertEqual(p.stdout.split(), [], f"the server changed rows: {statement}")
        else:
            self.refused(p, statement)

    def count(self, table, env=None):
        p = self.sql(f"SELECT count(*) FROM {table}", env)
        self.assertEqual(p.returncode, 0, p.stderr)
        return int(p.stdout)

    def state(self):
        dump = self.js("export")
        dump.pop("exported_at", None)
        return dump

    def event_sql(self, client, practice, actor=None, chained=True, id_sql="acctctl_audit_ids(1)"):
        """A raw INSERT of one audit event extending `client`'s chain as acctctl does (the head
        from acctctl_chain_heads, the canonical JSON of SPEC §4.1, the id from acctctl_audit_ids),
        in the session's own name unless `actor`; `chained=False`: hashed on 64 zeros instead of
        the head; `id_sql`: where the id comes from."""
        actor = f"'{actor}'" if actor else "(SELECT email FROM staff WHERE db_role = session_user)"
        head = (f"coalesce((SELECT hash FROM acctctl_chain_heads(ARRAY[{client}]::bigint[], false)), "
                "repeat('0', 64))") if chained else "repeat('0', 64)"
        return (f"WITH e AS MATERIALIZED (SELECT {id_sql} "
                "AS id, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, "
                f"{actor}::text AS actor, session_user::text AS conn, {head} AS head) "
                "INSERT INTO audit_events (id, at, actor, action, practice_id, client_id, detail, "
                f"connected_as, hash) SELECT id, at, actor, 'client.edit', {practice}, {client}, '{{}}', "
                "conn, encode(sha256(convert_to(head || '{\"id\":' || id || ',\"at\":' || to_json(at) "
                "|| ',\"actor\":' || to_json(actor) || ',\"action\":\"client.edit\",\"client_id\":"
                f"{client},\"user_id\":null,\"detail\":{{}},\"connected_as\":' || to_json(conn) || "
                "',\"batch\":null}', 'UTF8')), 'hex') FROM e RETURNING id")

    # -- reading ---------------------------------------------------------------------------

    def test_operators_need_no_privilege_on_any_sequence(self):
        """Issue 26: new ids come through the owner's acctctl_new_ids, so acctctl_operator
        holds no sequence privilege, and a bound admin still adds a client, a batch of users
        and a document; check counts a sequence grant as one init did not make."""
        self.world()
        sequences = self.psql(
            "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace AND CASE WHEN c.relkind = 'S' THEN "
            "has_sequence_privilege('acctctl_operator', c.oid, 'USAGE,SELECT,UPDATE') END")
        self.assertEqual(sequences, "")
        _, env = self.bound(ADMIN, "seq")
        path = os.path.join(self.dir, "new.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"N{i},n{i}@new.test\n" for i in range(50)))
        self.ok("clients", "add", "New Co", "--practice", "Ledger & Co", actor=None, env=env)
        self.ok("users", "add", "--client", "New Co", "--csv", path, "-q", actor=None, env=env)
        self.ok("documents", "add", "--client", "New Co", "--user", "n1@new.test", "--title", "T",
                actor=None, env=env)
        self.assertEqual(len(self.users("New Co")), 50)
        self.psql("GRANT USAGE ON SEQUENCE client_users_id_seq TO acctctl_operator")
        r = self.run_cli("check")
        self.assertIn("client_users_id_seq:USAGE", r.out + r.err)

    def test_each_bound_role_reads_by_sql_exactly_what_acctctl_shows_it(self):
        """Row counts per table, and the users a COPY TO gives, are what acctctl lists for it."""
        self.world()
        users = {}
        for email, label in ((MEMBER, "member"), (ADMIN, "admin"), (SUPPORT, "support")):
            _, env = self.bound(email, label)
            shown = {t: len(self.js(*args, actor=None, env=env)) for t, args in (
                ("clients", ("clients", "list")), ("audit_events", ("audit", "list", "--limit", "0")),
                ("access_grants", ("access", "list")), ("staff", ("staff", "list", "--status", "all")),
                ("practices", ("practices", "list")))}
            self.assertEqual({t: self.count(t, env) for t in shown}, shown, email)
            users[email] = sorted(u["email"] or u["name"] for u in self.js(
                "users", "list", "--status", "all", actor=None, env=env))
            copied = self.sql("COPY (SELECT coalesce(email, name) FROM client_users) TO STDOUT", env)
            self.assertEqual(sorted(copied.stdout.splitlines()), users[email], email)
        self.assertEqual({e: len(u) for e, u in users.items()}, {MEMBER: 3, ADMIN: 4, SUPPORT: 5})
        self.assertNotIn("olly@oak.test", users[ADMIN])

    def test_policies_read_the_session_once_per_statement_not_per_row(self):
        self.world()
        rows = "name,email\n" + "".join(f"U{i},u{i}@acme.test\n" for i in range(40))
        self.ok("users", "add", "--client", "Acme Ltd", "--csv", "-", stdin=rows)
        _, env = self.bound(MEMBER, "member")
        explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(*) FROM "
        plan = self.sql(explain + "client_users", env).stdout
        self.assertIn("Filter: (hashed SubPlan 1)", plan)  # reachable clients: one hash table
        self.assertRegex(plan, r"SubPlan 1\n\s+->  ProjectSet \(actual rows=1 loops=1\)")
        self.assertRegex(plan, r"Seq Scan on client_users \(actual rows=43 loops=1\)")
        self.assertNotIn("Function Scan", plan)
        plan = self.sql(explain + "staff", env).stdout  # support? practice? once each: InitPlans
        self.assertEqual(len(re.findall(r"InitPlan \d \(returns \$\d\)\n\s+->  Result \(actual "
                                        r"rows=1 loops=1\)", plan)), 2, plan)
        self.assertNotIn("SubPlan", plan)

    # -- changing what is out of reach ------------------------------------------------------

    def test_rows_out_of_reach_are_neither_changed_nor_added(self):
        self.world()
        _, member = self.bound(MEMBER, "member")
        _, admin = self.bound(ADMIN, "admin")
        i = self.ids
        user = ("INSERT INTO client_users (client_id, name, name_key, role, login_access, status, "
                "created_at) VALUES ({}, 'Mallory', 'mallory', 'standard', false, 'active', 'x')")
        before = self.state()
        for env, statement in (
                (member, f"UPDATE client_users SET name = 'Hacked' WHERE id = {i['Cy Cedar']}"),
                (member, f"UPDATE client_users SET client_id = {i['Birch LLC']} "
                         f"WHERE id = {i['Ben Baker']}"),
                (member, f"DELETE FROM user_permissions WHERE user_id = {i['Cy Cedar']}"),
                (member, f"INSERT INTO user_permissions VALUES ({i['Cy Cedar']}, 'messaging')"),
                (member, user.format(i["Birch LLC"])),
                (member, "INSERT INTO documents (client_id, title, submitted_by, submitted_at) VALUES "
                         f"({i['Birch LLC']}, 'Forged', 'Cy', 'x')"),
                (member, f"DELETE FROM documents WHERE client_id = {i['Birch LLC']}"),
                (member, "DELETE FROM access_grants"),
                (member, "INSERT INTO clients (practice_id, name, name_key, created_at) VALUES "
                         f"({i['Ledger & Co']}, 'Birch LLC', 'birch llc', 'x') ON CONFLICT (practice_id, "
                         "name_key) DO UPDATE SET contact_email = 'evil@x.test'"),
                (admin, f"UPDATE client_users SET name = 'Hacked' WHERE client_id = {i['Oak Inc']}"),
                (admin, user.format(i["Oak Inc"])),
                (admin, f"UPDATE clients SET practice_id = {i['Other Practice']} "
                        f"WHERE id = {i['Birch LLC']}"),
                (admin, f"UPDATE practices SET name = 'Hacked' WHERE id = {i['Other Practice']}"),
                (admin, f"UPDATE staff SET name = 'Hacked' WHERE id = {i[OTHER_ADMIN]}"),
                (admin, "INSERT INTO staff (email, email_key, name, role, practice_id, created_at) VALUES "
                        f"('m@x.test', 'm@x.test', 'M', 'admin', {i['Other Practice']}, 'x')"),
                (admin, f"INSERT INTO access_grants VALUES ({i[OTHER_ADMIN]}, {i['Oak Inc']}, 'x')")):
            self.touches_nothing(statement, env)
        self.assertEqual(self.state(), before)

    def test_a_member_cannot_raise_itself_or_take_over_a_binding(self):
        self.world()
        _, env = self.bound(MEMBER, "member")
        admin_role, _ = self.bound(ADMIN, "admin")
        before = self.state()
        for statement in (
                f"UPDATE staff SET db_role = session_user WHERE email IN ('{ADMIN}', '{SUPPORT}')",
                f"UPDATE staff SET db_role = NULL WHERE db_role = '{admin_role}'",
                "WITH me AS (SELECT id FROM staff WHERE db_role = session_user) UPDATE staff s SET "
                "role = 'admin' FROM me WHERE s.id = me.id",
                "INSERT INTO staff (email, email_key, name, role, practice_id, created_at) VALUES ('me2"
                f"@ledger.test', 'me2@ledger.test', 'Me', 'admin', {self.ids['Ledger & Co']}, 'x')",
                "INSERT INTO staff (email, email_key, name, role, created_at) VALUES "
                "('me3@x.test', 'me3@x.test', 'Me', 'support', 'x')"):
            self.touches_nothing(statement, env)
        self.assertEqual(self.state(), before)
        self.expect(5, "users", "list", "--client", "Birch LLC", actor=None, env=env)

    def test_truncate_and_schema_changes_are_refused_and_the_guards_stay(self):
        self.world()
        envs = [self.bound(email, label)[1] for email, label in
                ((MEMBER, "member"), (ADMIN, "admin"), (SUPPORT, "support"))]
        guards = ("SELECT (SELECT count(*) FROM pg_policies) || '/' || (SELECT count(*) FROM "
                  "pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D') || '/' || "
                  "has_table_privilege('public', 'audit_events', 'UPDATE, DELETE')")
        before, counts = self.psql(guards), {t: self.count(t) for t in TABLES}
        for env in envs:
            for statement in (
                    *(f"TRUNCATE {table} CASCADE" for table in TABLES),
                    "DROP POLICY users_reach ON client_users",
                    "ALTER POLICY users_reach ON client_users USING (true)",
                    "DROP TRIGGER audit_events_are_chained ON audit_events",
                    "ALTER TABLE audit_events DISABLE TRIGGER USER",
                    "CREATE OR REPLACE FUNCTION acctctl_session_is_support() RETURNS boolean LANGUAGE sql "
                    "AS $$ SELECT true $$", "DROP FUNCTION acctctl_reachable_clients()",
                    "DROP TABLE audit_events", "CREATE INDEX ON client_users (name)",
                    "ALTER TABLE client_users NO FORCE ROW LEVEL SECURITY",
                    "CREATE SCHEMA mine", "CREATE TABLE public.client_users_copy (x int)"):
                self.refused(self.sql(statement, env), f"{env['PGUSER']}: {statement}")
            self.sql("GRANT UPDATE, DELETE ON audit_events TO PUBLIC", env)  # PostgreSQL only warns
        self.assertEqual((self.psql(guards), {t: self.count(t) for t in TABLES}), (before, counts))

    # -- the audit trail --------------------------------------------------------------------

    def test_copy_into_the_trail_and_events_in_another_name_are_refused(self):
        self.world()
        role, env = self.bound(MEMBER, "member")
        _, support = self.bound(SUPPORT, "support")
        acme, ledger = self.ids["Acme Ltd"], self.ids["Ledger & Co"]
        events = self.count("audit_events")
        line = f"2026-01-01T00:00:00Z\t{SUPPORT}\tclient.edit\t{acme}\t{{}}\t{role}\tforged\n"
        for who in (env, support):
            p = self.sql("COPY audit_events (at, actor, action, client_id, detail, connected_as, hash) "
                         "FROM STDIN", who, stdin=line)
            self.assertNotEqual(p.returncode, 0, "COPY FROM wrote into the audit trail")
            self.assertIn("row-level security", p.stderr)
        own = self.sql(self.event_sql(acme, ledger), env, rollback=True)  # the probe is valid
        self.assertEqual((own.returncode, len(own.stdout.split())), (0, 1), own.stderr)
        for forged in (SUPPORT, ADMIN):
            self.refused(self.sql(self.event_sql(acme, ledger, actor=forged), env),
                         f"an event as {forged}", ("P0001",))
        self.refused(self.sql(self.event_sql(acme, ledger, chained=False), env), "off the chain", ("P0001",))
        # An id not from acctctl_audit_ids would slip past `audit follow` (SPEC §4.1).
        self.refused(self.sql("SELECT nextval('audit_events_id_seq')", env), "the audit sequence")
        self.refused(self.sql(self.event_sql(acme, ledger, id_sql="(SELECT max(id) + 1000000 FROM audit_events)"),
                              env), "an id of its own", ("P0001",))
        self.assertEqual(self.count("audit_events"), events)

    def test_a_raw_event_cannot_land_in_another_practices_trail(self):
        """Chained right and in the session's own name, but in the chain of a client out of
        reach, or labelled with another practice: acctctl writes neither, so the server must not."""
        self.world()
        _, admin = self.bound(ADMIN, "admin")
        _, member = self.bound(MEMBER, "member")
        i = self.ids

        def trails():
            return (len(self.js("audit", "list", "--client", "Oak Inc", "--limit", "0")),
                    len(self.js("audit", "list", "--limit", "0", actor=OTHER_ADMIN)))
        before, accepted = trails(), []
        for who, env, client, practice in (
                ("admin into Oak Inc's chain", admin, i["Oak Inc"], i["Ledger & Co"]),
                ("member's Acme event labelled Other Practice", member, i["Acme Ltd"], i["Other Practice"])):
            p = self.sql(self.event_sql(client, practice), env)
            if p.returncode == 0:
                accepted.append(who)
            else:
                self.refused(p, who, ("42501", "P0001"))  # a policy, or the chain's trigger
        self.assertEqual(trails(), before, f"Oak Inc's / Other Practice's trail gained: {accepted}")

    def test_a_bound_members_deactivations_are_audited_in_its_name_and_verify(self):
        self.world()
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Eve", "--email", "eve@acme.test")
        role, env = self.bound(MEMBER, "member")
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "eve@acme.test", "--yes",
                actor=None, env=env)
        events = self.js("audit", "list", "--client", "Acme Ltd", "--limit", "2")
        self.assertEqual({(e["action"], e["actor"], e["connected_as"]) for e in events},
                         {("user.deactivate", MEMBER, role)})
        self.assertEqual(len({e["batch"] for e in events}), 1)
        # A raw event in its own name, on the chain, is accepted (SPEC §6.3) and still verifies.
        acme = self.ids["Acme Ltd"]
        self.assertEqual(self.sql(self.event_sql(acme, self.ids["Ledger & Co"]), env).returncode, 0)
        chains = {r["chain"]: r["events"] for r in self.js("audit", "verify")}
        self.assertEqual(chains[f"client:{acme}"],
                         int(self.psql(f"SELECT count(*) FROM audit_events WHERE client_id = {acme}")))

    # -- who the session is -----------------------------------------------------------------

    def test_set_role_does_not_change_what_a_session_sees_or_who_acctctl_acts_as(self):
        self.world()
        member_role, env = self.bound(MEMBER, "member")
        admin_role, _ = self.bound(ADMIN, "admin")
        self.psql(f"GRANT {admin_role} TO {member_role}", "postgres")
        for role in (admin_role, "acctctl_operator"):
            p = self.sql(f"SET ROLE {role}; SELECT current_user, count(*) FROM client_users", env)
            self.assertEqual(p.stdout.split(), [f"{role}|3"], p.stderr)
            statement = f"SET ROLE {role}; UPDATE client_users SET name = 'X' WHERE name = 'Cy Cedar'"
            self.touches_nothing(statement, env)
        url = f"{self.db}?options=-crole%3D{admin_role}"  # the role set at login, by the URL
        self.assertEqual(self.sql("SELECT current_user", env, database=url).stdout.strip(), admin_role)
        self.expect(5, "users", "list", "--client", "Birch LLC", actor=None, env=dict(env, ACCTCTL_DB=url))
        self.assertEqual(len(self.js("users", "list", "--status", "all", actor=None,
                                     env=dict(env, ACCTCTL_DB=url))), 3)

    def test_a_deactivated_or_unbound_role_sees_no_row_and_is_refused(self):
        """A bound staff member deactivated (by the superuser), and a member of acctctl_operator
        bound to nobody: no row by SQL, no change, exit 5 from acctctl."""
        self.world()
        _, deactivated = self.bound(MEMBER, "member")
        self.psql(f"UPDATE staff SET status = 'deactivated' WHERE email = '{MEMBER}'")
        _, unbound = self.login("unbound")
        before, acme, ledger = self.state(), self.ids["Acme Ltd"], self.ids["Ledger & Co"]
        for env in (deactivated, unbound):
            self.assertEqual({t: self.count(t, env) for t in STORE}, dict.fromkeys(STORE, 0), env["PGUSER"])
            self.touches_nothing("UPDATE client_users SET name = 'X' WHERE name = 'Ben Baker'", env)
            self.refused(self.sql(self.event_sql(acme, ledger, actor=MEMBER), env), "an event")
            self.expect(5, "users", "list", "--client", "Acme Ltd", actor=MEMBER, env=env)
            self.expect(5, "users", "deactivate", "--client", "Acme Ltd", "ben", "--yes", actor=MEMBER,
                        env=env)
        self.assertEqual(self.state(), before)

    def test_the_owners_functions_tell_an_unbound_role_nothing(self):
        """The SECURITY DEFINER helpers read the whole store: to a role bound to nobody they must
        answer nothing, or refuse to run."""
        self.world()
        _, env = self.login("unbound")
        told = {}
        for probe in ("SELECT count(*) FROM acctctl_chain_heads(ARRAY(SELECT generate_series(1, 50))"
                      "::bigint[], true) WHERE hash IS NOT NULL",
                      "SELECT count(*) FROM generate_series(1, 50) AS i, acctctl_client_out_of_reach(i, '')",
                      "SELECT count(*) FROM acctctl_client_out_of_reach(0, 'oak inc')"):
            p = self.sql(probe, env)
            if p.returncode == 0 and p.stdout.strip() != "0":
                told[probe] = p.stdout.strip()
        self.assertEqual(told, {}, "rows an unbound role learnt from the owner's functions")

    # -- the same through acctctl -----------------------------------------------------------

    def test_a_bound_member_naming_support_cannot_run_supports_commands(self):
        self.world()
        role, env = self.bound(MEMBER, "member")
        before, dump = self.state(), self.ok("export").out
        for args in (("users", "transfer-ownership", "--client", "Acme Ltd", "--to", "ben", "--yes"),
                     ("practices", "add", "Rogue Practice"), ("import", "-"),
                     ("staff", "add", "--support", "--email", "eve@evil.test", "--name", "Eve"),
                     ("staff", "edit", MEMBER, "--role", "admin")):
            r = self.expect(5, *args, "--as", SUPPORT, actor=None, env=env, stdin=dump)
            self.assertIn(role, r.err)
            self.assertIn(MEMBER, r.err)
        self.assertEqual(self.state(), before)

    def test_a_bound_admin_adds_and_binds_staff_of_its_own_practice_only(self):
        """Beyond its practice: exit 5 as on the owner's connection with --as (R1, §6.2: clients
        already say "may not access", not "no such"), and nothing changes."""
        self.world()
        _, admin = self.bound(ADMIN, "admin")
        new_role, new_env = self.login("new")
        self.ok("staff", "add", "--practice", "Ledger & Co", "--email", "nia@ledger.test", "--name",
                "Nia", "--db-role", new_role, actor=None, env=admin)
        self.ok("access", "grant", "nia@ledger.test", "Birch LLC", actor=None, env=admin)
        self.assertEqual([u["name"] for u in self.js("users", "list", actor=None, env=new_env)], ["Cy Cedar"])
        before, (spare, _), differ = self.state(), self.login("spare"), []
        for args in (("staff", "add", "--support", "--email", "s@x.test", "--name", "S"),
                     ("staff", "add", "--practice", "Other Practice", "--email", "o@x.test", "--name", "O"),
                     ("staff", "edit", OTHER_ADMIN, "--db-role", spare),
                     ("staff", "edit", SUPPORT, "--db-role", spare),
                     ("access", "grant", "nia@ledger.test", "Oak Inc")):
            owner, bound = self.run_cli(*args, actor=ADMIN), self.run_cli(*args, actor=None, env=admin)
            if (owner.code, bound.code) != (5, 5):
                differ.append((" ".join(args), owner.code, bound.code, bound.err.strip()))
        statement = ("INSERT INTO staff (email, email_key, name, role, created_at, db_role) VALUES "
                     f"('s@x.test', 's@x.test', 'S', 'support', 'x', '{spare}')")
        self.touches_nothing(statement, admin)
        self.assertEqual(self.state(), before)
        self.assertEqual(differ, [], "(command, exit on the owner's connection with --as, exit bound)")
        # A role bound to staff of another practice, whom the admin may not read: still exit 4
        # (SPEC §4), naming the holder by id only.
        taken, _ = self.bound(OTHER_ADMIN, "other")
        r = self.expect(4, "staff", "edit", MEMBER, "--db-role", taken, actor=None, env=admin)
        self.assertIn(f"is bound to #{self.ids[OTHER_ADMIN]} already", r.err)
        self.assertNotIn(OTHER_ADMIN, r.err)

    def test_a_bound_admin_offboards_its_practices_staff_and_even_itself(self):
        """staff offboard (SPEC §3.3) under row-level security: the grant, the client and the
        staff row move, audited in the admin's name; an admin who is not the last may offboard
        itself (its events are written before its own row changes)."""
        self.world()
        admin_role, admin = self.bound(ADMIN, "admin")
        self.ok("staff", "add", "--practice", "Ledger & Co", "--email", "nia@ledger.test",
                "--name", "Nia")
        self.ok("clients", "add", "Cedar Co", "--practice", "Ledger & Co", "--professional", MEMBER)
        before = self.state()
        self.expect(5, "staff", "offboard", OTHER_ADMIN, "--yes", actor=None, env=admin)
        self.expect(4, "staff", "offboard", ADMIN, "--yes", actor=None, env=admin)  # the last admin
        self.assertEqual(self.state(), before)
        rows = self.js("staff", "offboard", MEMBER, "--transfer-to", "nia@ledger.test", "--yes",
                       actor=None, env=admin)
        self.assertEqual([(r["action"], r["result"]) for r in rows],
                         [("revoke", "revoked"), ("grant", "granted"), ("edit", "updated"),
                          ("offboard", "deactivated")])
        self.assertEqual([g["client"] for g in self.js("access", "list", "nia@ledger.test")],
                         ["Acme Ltd"])
        self.assertEqual(self.js("clients", "show", "Cedar Co")["professional"], "Nia")
        events = self.js("audit", "list", "--limit", "4")
        self.assertEqual({(e["actor"], e["connected_as"]) for e in events}, {(ADMIN, admin_role)})
        self.ok("staff", "add", "--practice", "Ledger & Co", "--role", "admin", "--email",
                "ali@ledger.test", "--name", "Ali")
        _, ali = self.bound("ali@ledger.test", "ali")
        self.ok("staff", "offboard", "ali@ledger.test", "--yes", actor=None, env=ali)
        self.assertIn("ali@ledger.test",
                      [s["email"] for s in self.js("staff", "list", "--status", "deactivated")])
        self.expect(5, "users", "list", "--client", "Acme Ltd", actor=None, env=ali)
        self.ok("audit", "verify")

    def test_a_member_who_adds_a_client_may_grant_itself_that_one_only(self):
        self.world()
        _, env = self.bound(MEMBER, "member")
        before, me = self.state(), self.ids[MEMBER]
        for client in ("Birch LLC", "Oak Inc"):
            grant = f"INSERT INTO access_grants VALUES ({me}, {self.ids[client]}, 'x')"
            self.touches_nothing(grant, env)
            both = ("WITH c AS (INSERT INTO clients (practice_id, name, name_key, created_at) VALUES "
                    f"({self.ids['Ledger & Co']}, 'Decoy', 'decoy', 'x') RETURNING id) " + grant)
            self.touches_nothing(both, env)  # a new client opens no older one
        self.assertEqual(self.state(), before)
        self.assertIn(self.run_cli("clients", "add", "Elsewhere", "--practice", "Other Practice",
                                   actor=None, env=env).code, (3, 5))  # 5: the admin's test
        self.assertEqual(self.state(), before)
        self.ok("clients", "add", "Fresh Co", "--practice", "Ledger & Co", actor=None, env=env)
        self.ok("users", "add", "--client", "Fresh Co", "--name", "Fay", "--email", "fay@fresh.test",
                actor=None, env=env)
        self.assertEqual(sorted(g["client"] for g in self.js("access", "list", actor=None, env=env)),
                         ["Acme Ltd", "Fresh Co"])
        self.assertEqual(self.count("client_users", env), 4)

    # -- speed -----------------------------------------------------------------------------

    def test_a_bound_members_10000_user_batch_over_a_slow_link_takes_seconds(self):
        """test_postgres.py's latency case as a bound role: row-level security and the chain's
        trigger add no round trip per row (SPEC §6.3's cost line; bench/bound_role.py for time)."""
        self.world()
        self.ok("users", "add", "--client", "Acme Ltd", "--csv", "-", "-q", stdin="name,email\n" +
                "".join(f"Bulk {i},bulk{i}@acme.test\n" for i in range(10000)))
        _, env = self.bound(MEMBER, "slow")
        relay = DelayingRelay(int(os.environ.get("PGPORT", "5432")), 0.0025)  # 5 ms a round trip
        try:
            env = dict(env, ACCTCTL_DB=f"postgresql://127.0.0.1:{relay.port}/{self.database}")
            start = time.monotonic()
            r = self.ok("users", "deactivate", "--client", "Acme Ltd", "-", "--yes", "-q", "-o",
                        "tsv", stdin="".join(f"bulk{i}@acme.test\n" for i in range(10000)),
                        actor=None, env=env)
            seconds = time.monotonic() - start
        finally:
            relay.stop()
        self.assertEqual(r.out.count("\tdeactivated\t"), 10000)
        print(f"\n10,000-user deactivation as a bound member over a 5 ms round trip: {seconds:.2f} s")
        self.assertLess(seconds, 20)
