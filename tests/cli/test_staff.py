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
        con = sqlite3.connect(self.db)  # by hand: what status means, whatever set it
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


CAROL = "carol@ledger.test"


class StaffOffboardTest(AcctctlCase):
    """staff offboard (SPEC §3.3) beyond the acceptance suite: what moves, what the trail says."""

    def with_carol(self):
        self.world()
        self.ok("staff", "add", "--practice", "Ledger & Co", "--email", CAROL, "--name", "Carol")

    def test_transfer_moves_a_grant_the_successor_holds_already_only_once(self):
        self.with_carol()
        self.ok("access", "grant", MEMBER, "Birch LLC")
        self.ok("access", "grant", CAROL, "Acme Ltd")
        rows = self.js("staff", "offboard", MEMBER, "--transfer-to", CAROL, "--yes", actor=ADMIN)
        self.assertEqual([(r["action"], r["name"], r["result"]) for r in rows],
                         [("revoke", "Acme Ltd", "revoked"), ("grant", "Acme Ltd", "unchanged"),
                          ("revoke", "Birch LLC", "revoked"), ("grant", "Birch LLC", "granted"),
                          ("offboard", "Bob", "deactivated")])
        self.assertIn("has access already", rows[1]["reason"])
        self.assertEqual([g["client"] for g in self.js("access", "list", CAROL)],
                         ["Acme Ltd", "Birch LLC"])
        self.assertEqual(self.js("access", "list", MEMBER), [])
        events = self.js("audit", "list", "--limit", "5")
        self.assertEqual(sorted(e["action"] for e in events[:4]),
                         ["access.grant", "access.revoke", "access.revoke", "staff.offboard"])
        self.assertEqual(events[4]["action"], "access.grant")  # Carol's own, from before

    def test_the_audit_trail_says_what_moved_and_from_whom(self):
        self.with_carol()
        self.ok("clients", "add", "Cedar Co", "--practice", "Ledger & Co", "--professional", MEMBER)
        before = self.audit_count()
        self.ok("staff", "offboard", MEMBER, "--transfer-to", CAROL, "--yes", actor=ADMIN)
        events = self.js("audit", "list", "--limit", str(self.audit_count() - before))
        self.assertEqual(len({e["batch"] for e in events}), 1)
        self.assertEqual({e["actor"] for e in events}, {ADMIN})
        by_action = {e["action"]: e for e in events}
        self.assertEqual(set(by_action), {"access.revoke", "access.grant", "client.edit",
                                          "staff.offboard"})
        bob = [s for s in self.js("staff", "list", "--status", "all") if s["email"] == MEMBER][0]
        carol = [s for s in self.js("staff", "list") if s["email"] == CAROL][0]
        leaver = {"id": bob["id"], "email": MEMBER}
        edit = by_action["client.edit"]
        self.assertEqual(edit["client"], "Cedar Co")
        self.assertEqual(edit["detail"], {
            "professional": {"before": {"id": bob["id"], "email": MEMBER, "name": "Bob"},
                             "after": {"id": carol["id"], "email": CAROL, "name": "Carol"}},
            "offboarding": leaver})
        self.assertEqual(by_action["access.revoke"]["detail"],
                         {"staff": leaver, "offboarding": leaver})
        self.assertEqual(by_action["access.grant"]["detail"],
                         {"staff": {"id": carol["id"], "email": CAROL}, "offboarding": leaver})
        self.assertEqual(by_action["staff.offboard"]["detail"], {
            "status": {"before": "active", "after": "deactivated"},
            "transfer_to": {"id": carol["id"], "email": CAROL},
            "grants_revoked": 1, "grants_moved": 1, "clients_reassigned": 1})
        self.assertIsNone(by_action["staff.offboard"]["client"])
        self.ok("audit", "verify")

    def test_offboarding_again_is_unchanged_and_a_leaver_gets_nothing_new(self):
        self.with_carol()
        self.ok("clients", "add", "Cedar Co", "--practice", "Ledger & Co", "--professional", MEMBER)
        self.ok("staff", "offboard", MEMBER, "--yes")
        before = self.audit_count()
        rows = self.js("staff", "offboard", MEMBER, "--transfer-to", CAROL, "--yes")
        self.assertEqual([(r["action"], r["result"]) for r in rows], [("offboard", "unchanged")])
        self.assertIn("deactivated already", rows[0]["reason"])
        self.assertEqual(self.audit_count(), before)
        self.expect(4, "access", "grant", MEMBER, "Acme Ltd")
        self.expect(4, "clients", "add", "Dune Co", "--practice", "Ledger & Co",
                    "--professional", MEMBER)
        self.expect(4, "staff", "offboard", CAROL, "--transfer-to", MEMBER, "--yes")
        self.expect(3, "staff", "offboard", "nobody@ledger.test", "--yes")

    def test_a_re_run_hands_on_what_a_deactivated_member_still_holds(self):
        """A member deactivated by other means (an import, raw SQL) who still holds a grant:
        offboarding moves it, and the member's own row is unchanged."""
        self.with_carol()
        con = sqlite3.connect(self.db)
        con.execute("UPDATE staff SET status = 'deactivated' WHERE email = ?", (MEMBER,))
        con.commit()
        con.close()
        rows = self.js("staff", "offboard", MEMBER, "--transfer-to", CAROL, "--yes")
        self.assertEqual([(r["action"], r["result"]) for r in rows],
                         [("revoke", "revoked"), ("grant", "granted"), ("offboard", "unchanged")])
        self.assertEqual([g["client"] for g in self.js("access", "list", CAROL)], ["Acme Ltd"])

    def test_dry_run_and_a_declined_prompt_change_nothing(self):
        self.with_carol()
        before = self.ok("export").json()
        before.pop("exported_at")
        rows = self.js("staff", "offboard", MEMBER, "--dry-run")
        self.assertTrue(all(r["dry_run"] for r in rows), rows)
        self.assertEqual([r["result"] for r in rows], ["revoked", "deactivated"])
        r = self.run_tty(["staff", "offboard", MEMBER, "--transfer-to", CAROL], "n")
        self.assertEqual(r.code, 2, r)
        self.assertIn("about to offboard staff bob@ledger.test", r.err)
        self.assertIn("Acme Ltd", r.err)
        self.assertIn("[y/N]", r.err)
        after = self.ok("export").json()
        after.pop("exported_at")
        self.assertEqual(after, before)
        self.expect(5, "staff", "offboard", SUPPORT, "--yes", actor=ADMIN)
