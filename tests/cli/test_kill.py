"""kill -9 in the middle of a long batch leaves the store as it was before (or, if the commit
had finished, as it is after): never half-changed (SPEC.md §6)."""
import os
import signal
import subprocess
import time

from acctctl_case import AcctctlCase, BIN, SUPPORT

ROWS = 30000
MOMENTS = (0.05, 0.2, 0.4, 0.7, 1.0, 1.5, 2.5)


class KillNine(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.env["ACCTCTL_ACTOR"] = SUPPORT
        self.csv = os.path.join(self.dir, "big.csv")
        with open(self.csv, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n" for i in range(ROWS)))

    def kill_at(self, delay, *args):
        proc = subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=self.env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return proc.returncode == -signal.SIGKILL  # False: it had finished already

    def state(self):
        """(users, deactivated users, newest audit event id) of Birch LLC."""
        client = self.js("clients", "show", "Birch LLC")
        newest = self.js("audit", "list", "--limit", "1")[0]["id"]
        total = client["active_users"] + client["deactivated_users"]
        return total, client["deactivated_users"], newest

    def assert_healthy(self):
        self.assertEqual([c for c in self.js("check") if not c["ok"]], [])

    def test_kill_during_onboarding_is_all_or_nothing(self):
        killed = 0
        for delay in MOMENTS:
            before = self.state()
            killed += self.kill_at(delay, "users", "add", "--client", "Birch LLC", "--csv",
                                   self.csv, "-q")
            after = self.state()
            self.assertIn(after[0], (before[0], before[0] + ROWS), f"killed at {delay}s")
            if after[0] == before[0]:
                self.assertEqual(after, before)
            else:  # the commit finished before the kill: all of it, audited
                self.assertEqual(after[2], before[2] + ROWS)
                break
            self.assert_healthy()
        self.assertGreaterEqual(killed, 3, "too few kills landed mid-command")

    def test_kill_during_a_deactivation_batch_is_all_or_nothing(self):
        self.ok("users", "add", "--client", "Birch LLC", "--csv", self.csv, "-q")
        refs = "".join(f"u{i}@big.test\n" for i in range(ROWS))
        refs_path = os.path.join(self.dir, "refs.txt")
        with open(refs_path, "w", encoding="utf-8") as f:
            f.write(refs)
        for delay in (0.1, 0.3, 0.6, 1.0):
            before = self.state()
            with open(refs_path, "rb") as stdin:
                proc = subprocess.Popen([BIN, "users", "deactivate", "--client", "Birch LLC", "-",
                                         "--yes", "-q"], stdin=stdin, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=self.env)
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            after = self.state()
            self.assertIn(after[1], (0, ROWS), f"killed at {delay}s: half deactivated")
            if after[1] == ROWS:
                break
            self.assertEqual(after, before)
            self.assert_healthy()
