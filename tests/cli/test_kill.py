"""kill -9 while a long batch writes leaves the store as it was before: never half-changed
(SPEC.md §6). Each kill waits for the rollback journal, so it lands inside the write."""
import os
import signal
import subprocess
import time

from acctctl_case import AcctctlCase, BIN, SUPPORT

ROWS = 30000
# Seconds after the rollback journal appears: the write transaction is under way.
MOMENTS = (0, 0.002, 0.01, 0.02)


class KillNine(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.env["ACCTCTL_ACTOR"] = SUPPORT
        self.csv = os.path.join(self.dir, "big.csv")
        with open(self.csv, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n" for i in range(ROWS)))

    def kill_mid_write(self, extra, *args, stdin_path=None):
        """Starts acctctl and kills it `extra` seconds after its rollback journal appears, that
        is while its write transaction is changing the file. True if the kill landed there."""
        journal = self.db + "-journal"
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        proc = subprocess.Popen([BIN, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=self.env)
        writing = False
        end = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < end:
            if os.path.exists(journal):
                writing = True
                break
            time.sleep(0.0005)
        if writing:
            time.sleep(extra)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if stdin_path:
            stdin.close()
        return writing and proc.returncode == -signal.SIGKILL

    def state(self):
        """(users, deactivated users, newest audit event id) of Birch LLC."""
        client = self.js("clients", "show", "Birch LLC")
        newest = self.js("audit", "list", "--limit", "1")[0]["id"]
        total = client["active_users"] + client["deactivated_users"]
        return total, client["deactivated_users"], newest

    def assert_healthy(self):
        self.assertEqual([c for c in self.js("check") if not c["ok"]], [])

    def test_kill_during_onboarding_is_all_or_nothing(self):
        landed = 0
        for extra in MOMENTS:
            before = self.state()
            landed += self.kill_mid_write(extra, "users", "add", "--client", "Birch LLC",
                                          "--csv", self.csv, "-q")
            self.assertEqual(self.state(), before, f"killed {extra}s into the write")
            self.assert_healthy()
        self.assertGreaterEqual(landed, 3, "too few kills landed while the write was going on")

    def test_kill_during_a_deactivation_batch_is_all_or_nothing(self):
        self.ok("users", "add", "--client", "Birch LLC", "--csv", self.csv, "-q")
        refs_path = os.path.join(self.dir, "refs.txt")
        with open(refs_path, "w", encoding="utf-8") as f:
            f.write("".join(f"u{i}@big.test\n" for i in range(ROWS)))
        landed = 0
        for extra in MOMENTS:
            before = self.state()
            landed += self.kill_mid_write(extra, "users", "deactivate", "--client", "Birch LLC",
                                          "-", "--yes", "-q", stdin_path=refs_path)
            self.assertEqual(self.state(), before, f"killed {extra}s into the write")
            self.assert_healthy()
        self.assertGreaterEqual(landed, 3, "too few kills landed while the write was going on")
