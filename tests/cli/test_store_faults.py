"""Store faults (SPEC.md §6): each is exit 1 with a clear message, the file untouched."""
import os
import resource
import signal
import sqlite3
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT


def read(path):
    with open(path, "rb") as f:
        return f.read()


class StoreFaults(AcctctlCase):
    def assert_refused(self, *args, mentions):
        before = read(self.db)
        r = self.expect(1, *args)
        self.assertIn(mentions, r.err)
        self.assertNotIn("SELECT", r.err)
        self.assertEqual(read(self.db), before, "the file changed")
        return r

    def test_truncated_store(self):
        self.world()
        data = read(self.db)
        with open(self.db, "wb") as f:
            f.write(data[: len(data) // 2])
        for args in (["users", "list"], ["check"], ["init"]):
            r = self.run_cli(*args)
            self.assertEqual(r.code, 1, r)
            self.assertIn("acctctl: error:", r.err)
        self.assertEqual(len(read(self.db)), len(data) // 2)

    def test_newer_schema(self):
        self.world()
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version = 42")
        con.close()
        self.assert_refused("users", "list", mentions="newer")
        self.assert_refused("init", mentions="newer")

    def test_a_folder_that_cannot_be(self):
        blocker = os.path.join(self.dir, "not-a-folder")
        with open(blocker, "w") as f:
            f.write("x")
        r = self.expect(1, "--db", os.path.join(blocker, "sub", "acctctl.db"), "init",
                        "--support-email", SUPPORT, actor=None)
        self.assertIn("cannot create folder", r.err)
        r = self.expect(1, "--db", self.dir, "users", "list")
        self.assertIn("folder", r.err)

    def test_disk_full_changes_nothing(self):
        self.world()
        path = os.path.join(self.dir, "big.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n" for i in range(20000)))
        users_before = len(self.users("Birch LLC"))
        audit_before = self.audit_count()
        bytes_before = read(self.db)
        limit = os.path.getsize(self.db) + 64 * 1024

        def small_disk():  # files may not grow past `limit`; writes fail instead of killing us
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT)
        p = subprocess.run([BIN, "users", "add", "--client", "Birch LLC", "--csv", path, "-q"],
                           capture_output=True, text=True, env=env, preexec_fn=small_disk)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("acctctl: error:", p.stderr)
        self.assertIn("disk is full", p.stderr)
        self.assertIn("nothing changed", p.stderr)
        # The rollback journal restored every page: the bytes up to the old end are the old
        # bytes, and the header's page count (offset 28) is the old one. SQLite may leave the
        # space a failed write had added past that end; nothing reads it.
        after = read(self.db)
        self.assertEqual(after[:len(bytes_before)], bytes_before)
        self.assertEqual(after[28:32], bytes_before[28:32])
        self.assertEqual(len(self.users("Birch LLC")), users_before)
        self.assertEqual(self.audit_count(), audit_before)
        self.assertEqual([c for c in self.js("check") if not c["ok"]], [])

    def test_check_reports_broken_invariants(self):
        self.world()
        con = sqlite3.connect(self.db)
        con.execute("UPDATE client_users SET is_owner = 0 WHERE name = 'Ann Able'")
        con.commit()
        con.close()
        r = self.expect(1, "check", "-o", "json")
        failed = {c["check"] for c in r.json() if not c["ok"]}
        self.assertEqual(failed, {"R2 one owner per client account"})
        self.assertIn("Acme Ltd has 0 owners", r.err)
        self.assertRegex(r.err, r"store .* fails 1 check: restore it")
        checks = {c["check"]: c for c in r.json()}
        self.assertIn("SQLite", checks["engine"]["detail"])
        self.assertIn("journal mode", checks["engine"]["detail"])

    def test_check_reports_broken_r9_and_r14(self):
        self.world()
        con = sqlite3.connect(self.db)
        # An operator's hand edits that get past the constraints: a deactivated alert
        # recipient (R9), and a username used twice (R14).
        con.execute("PRAGMA ignore_check_constraints = ON")
        con.execute("UPDATE client_users SET is_alert_recipient = 1, status = 'deactivated', "
                    "deactivated_at = 'x' WHERE name = 'Ben Baker'")
        con.execute("DROP INDEX usernames_unique")
        con.execute("UPDATE client_users SET username = 'ben', username_key = 'ben' "
                    "WHERE name = 'Cy Cedar'")
        con.commit()
        con.close()
        r = self.expect(1, "check", "-o", "json")
        failed = {c["check"] for c in r.json() if not c["ok"]}
        self.assertIn("R9 at most one alert recipient", failed)
        self.assertIn("R14 usernames unique in the store", failed)
        self.assertIn("username ben is used 2 times", r.err)
