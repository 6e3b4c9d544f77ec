"""staff list --status, staff edit and what a staff member's status and database role mean
(SPEC §3, §6.3), on the SQLite store; test_db_roles.py has the PostgreSQL side."""
import json
import sqlite3

from acctctl_case import AcctctlCase, ADMIN, MEMBER, SUPPORT

STAFF_KEYS = ["id", "email", "name", "role", "practice", "created_at", "status", "db_role"]


class StaffTest(AcctctlCase):
    def test_staff_rows_end_with_status_and_db_role(self):
        self.world()
        staff = self.js("staff", "list")
        self.assertTrue(all(list(s) == STAFF_KEYS for s in staff), staff[0])
        self.assertEqual({(s["status"], s["db_role"]) for s in staff}, {("active", None)})
        header = self.ok("staff", "list", "--headers", "-o", "tsv").out.splitlines()[0]
        self.assertEqual(header.split("\t"), STAFF_KEYS)

    def test_edit_changes_name_and_role_and_is_audited(self):
        self.world()
        r = self.js("staff", "edit", MEMBER, "--name", "Bob B.", "--role", "admin", actor=ADMIN)
        self.assertEqual((r["name"], r["role"]), ("Bob B.", "admin"))
        event = self.js("audit", "list", "--limit", "1")[0]
        self.assertEqual((event["action"], event["actor"]), ("staff.edit", ADMIN))
        self.assertEqual(event["detail"], {"name": {"before": "Bob", "after": "Bob B."},
                                           "role": {"before": "member", "after": "admin"}})
        before = self.audit_count()
        self.ok("staff", "edit", MEMBER, "--name", "Bob B.")  # nothing to change: no event
        self.assertEqual(self.audit_count(), before)

    def test_edit_needs_support_or_the_practice_admin(self):
        self.world()
        self.expect(5, "staff", "edit", ADMIN, "--name", "Self Made", actor=MEMBER)
        self.expect(5, "staff", "edit", SUPPORT, "--name", "Not Yours", actor=ADMIN)
        self.expect(2, "staff", "edit", SUPPORT, "--role", "admin")  # support has no practice role
        self.expect(2, "staff", "edit", MEMBER)  # nothing asked
        self.expect(3, "staff", "edit", "nobody@ledger.test", "--name", "X")

    def test_db_role_is_postgresqls_and_refused_on_a_sqlite_store(self):
        self.world()
        r = self.expect(2, "staff", "edit", MEMBER, "--db-role", "bob")
        self.assertIn("SQLite", r.err)
        self.expect(2, "staff", "add", "--practice", "Ledger & Co", "--email", "new@ledger.test",
                    "--name", "New", "--db-role", "new")
        self.expect(2, "staff", "edit", MEMBER, "--db-role", "bob", "--no-db-role")
        self.ok("staff", "edit", MEMBER, "--no-db-role")  # unbound already: unchanged

    def test_a_deactivated_staff_member_may_do_nothing_and_is_listed_apart(self):
        self.world()
        con = sqlite3.connect(self.db)  # staff offboard (SPEC §3.3) is not built yet
        con.execute("UPDATE staff SET status = 'deactivated' WHERE email = ?", (MEMBER,))
        con.commit()
        con.close()
        r = self.expect(5, "users", "list", "--client", "Acme Ltd", actor=MEMBER)
        self.assertIn("deactivated", r.err)
        self.assertNotIn(MEMBER, [s["email"] for s in self.js("staff", "list")])
        self.assertEqual([s["email"] for s in self.js("staff", "list", "--status", "deactivated")],
                         [MEMBER])
        self.assertEqual(len(self.js("staff", "list", "--status", "all")), 3)
        self.expect(2, "staff", "list", "--status", "gone")

    def test_import_refuses_events_whose_actor_is_not_staff_in_the_export(self):
        """Issue 20: an export rewritten to name a ghost actor, even with its chains computed
        again, is refused (exit 2) and nothing changes."""
        from test_directory import rechain
        self.world()
        dump = self.ok("export").json()
        dump["audit"][-1]["actor"] = "ghost@nowhere.test"
        rechain(dump["audit"])
        def stored():  # the export but its own time
            return {k: v for k, v in self.ok("export").json().items() if k != "exported_at"}
        before = stored()
        r = self.expect(2, "import", "-", "--yes", stdin=json.dumps(dump))
        self.assertIn("ghost@nowhere.test", r.err)
        self.assertIn("not staff", r.err)
        self.assertEqual(stored(), before)
