"""A store this user may not write or read (SPEC.md §6.1: exit 1, a clear error, nothing
changed) and the default busy timeout."""
import os
import sqlite3
import stat
import subprocess
import threading
import time

from acctctl_case import AcctctlCase, BIN, SUPPORT

NOBODY = 65534


class StoreAccess(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def as_another_user(self, *args):
        """Runs acctctl as a user who does not own the store: root bypasses file modes, so
        as root the command runs as `nobody`."""
        def drop():
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT)
        p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, cwd="/",
                           preexec_fn=drop, timeout=60)
        return p

    def open_folder(self):
        os.chmod(self.dir, 0o755)  # the store's folder may be read by the other user

    def test_a_read_only_store_lists_but_refuses_to_write(self):
        self.open_folder()
        if os.geteuid() != 0:
            os.chmod(self.db, 0o444)
        else:
            os.chmod(self.db, 0o644)  # root's file: read-only to nobody
        before = open(self.db, "rb").read()
        listed = self.as_another_user("users", "list", "--client", "Acme Ltd", "-o", "json")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        for args in (["users", "add", "--client", "Acme Ltd", "--name", "Eve", "--no-login"],
                     ["users", "deactivate", "--client", "Acme Ltd", "ben", "--yes"]):
            p = self.as_another_user(*args)
            self.assertEqual(p.returncode, 1, p)
            self.assertRegex(p.stderr, r"^acctctl: error: store .* is read-only: cannot write to it\n$")
        self.assertEqual(open(self.db, "rb").read(), before)
        self.assertFalse(os.path.exists(self.db + "-journal"))

    def test_an_unreadable_store_is_exit_1_and_never_recreated(self):
        self.open_folder()
        os.chmod(self.db, 0o600 if os.geteuid() == 0 else 0o000)
        size = os.path.getsize(self.db)
        for args in (["users", "list"], ["init", "--support-email", SUPPORT], ["check"]):
            p = self.as_another_user(*args)
            self.assertEqual(p.returncode, 1, p)
            self.assertTrue(p.stderr.startswith("acctctl: error: "), p.stderr)
            # init refuses first a file that is not its user's (SPEC §6.1)
            self.assertRegex(p.stderr, "cannot open store" if args[0] != "init"
                             else "cannot open store|belongs to")
            self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
        self.assertEqual(os.path.getsize(self.db), size)
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode) & 0o077, 0)

    def test_the_default_busy_timeout_waits_about_five_seconds(self):
        holder = sqlite3.connect(self.db, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            r = self.expect(6, "users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
            waited = time.monotonic() - started
            self.assertIn("busy", r.err)
            self.assertGreaterEqual(waited, 4.5)
            self.assertLess(waited, 15)
            # A lock let go within the timeout: the command waits, then succeeds.
            threading.Timer(1.0, lambda: holder.execute("ROLLBACK")).start()
            started = time.monotonic()
            self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
            self.assertGreaterEqual(time.monotonic() - started, 0.9)
        finally:
            if holder.in_transaction:
                holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")
