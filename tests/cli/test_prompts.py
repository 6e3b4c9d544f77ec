"""R10 on a real terminal: the summary, the prompts, and what stops them."""
import os
import pty
import signal
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT


class Prompts(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "ben", "--title", "R1")
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "ben", "--title", "R2")
        self.before = self.audit_count()

    def assert_unchanged(self):
        self.assertEqual(self.users()["Ben Baker"]["status"], "active")
        self.assertEqual(self.audit_count(), self.before)

    def test_summary_names_the_user_and_the_consequences(self):
        r = self.run_tty(["users", "deactivate", "--client", "Acme Ltd", "ben"], "n")
        self.assertEqual(r.code, 2, r)
        self.assertIn("Ben Baker (id 2, ben@acme.test)", r.err)
        self.assertIn("will lose login access and the ability to submit documents", r.err)
        self.assertIn("their 2 documents stay", r.err)
        self.assertIn("Deactivate 1 user? [y/N]", r.err)
        self.assertIn("cancelled", r.err)
        self.assert_unchanged()

    def test_yes_deactivates(self):
        r = self.run_tty(["users", "deactivate", "--client", "Acme Ltd", "ben"], "YES")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")

    def test_remove_asks_for_the_word_delete(self):
        r = self.run_tty(["users", "remove", "--client", "Acme Ltd", "ben"], "y")
        self.assertEqual(r.code, 2, r)
        self.assertIn("must be added again as a new user", r.err)
        self.assertIn('Type "delete" to confirm:', r.err)
        self.assert_unchanged()
        r = self.run_tty(["portal", "delete", "--client", "Acme Ltd", "ben"], "delete")
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("Ben Baker", self.users())

    def test_transfer_asks(self):
        r = self.run_tty(["users", "transfer-ownership", "--client", "Acme Ltd", "--to", "ben"], "y")
        self.assertEqual(r.code, 0, r)
        self.assertIn("Ann Able stops being the owner", r.err)
        self.assertTrue(self.users()["Ben Baker"]["owner"])

    def test_end_of_input_cancels(self):
        r = self.run_tty(["users", "deactivate", "--client", "Acme Ltd", "ben"])
        self.assertEqual(r.code, 2, r)
        self.assert_unchanged()

    def test_ctrl_c_at_the_prompt_is_130_and_changes_nothing(self):
        r = self.run_tty(["users", "deactivate", "--client", "Acme Ltd", "ben"], sig=signal.SIGINT)
        self.assertEqual(r.code, 130, r)
        self.assertIn("acctctl: error: interrupted", r.err)
        self.assertNotIn("Traceback", r.err)
        self.assert_unchanged()

    def test_sigterm_at_the_prompt_is_143(self):
        r = self.run_tty(["users", "remove", "--client", "Acme Ltd", "ben"], sig=signal.SIGTERM)
        self.assertEqual(r.code, 143, r)
        self.assert_unchanged()

    def test_a_failing_batch_does_not_ask(self):
        # On a terminal, where a prompt would appear: R10 checks the rules first.
        master, slave = pty.openpty()
        proc = subprocess.Popen([BIN, "users", "deactivate", "--client", "Acme Ltd", "ben",
                                 "ann@acme.test"], stdin=slave, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=dict(self.env, ACCTCTL_ACTOR=SUPPORT))
        os.close(slave)
        try:
            _, err = proc.communicate(timeout=20)  # a prompt would wait here for an answer
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
        self.assertEqual(proc.returncode, 4, err)
        self.assertNotIn(b"[y/N]", err)
        self.assert_unchanged()

    def test_without_a_terminal_yes_is_required(self):
        r = self.expect(2, "users", "deactivate", "--client", "Acme Ltd", "ben")
        self.assertIn("--yes", r.err)
        self.assert_unchanged()

    def test_dry_run_needs_no_confirmation(self):
        rows = self.js("users", "remove", "--client", "Acme Ltd", "ben", "--dry-run")
        self.assertEqual(rows, [{"id": 2, "name": "Ben Baker", "action": "remove",
                                 "result": "removed", "reason": None, "dry_run": True}])
        self.assert_unchanged()
