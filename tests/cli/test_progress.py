"""Progress on stderr for big batches: only on a terminal, never with -q or in a pipe."""
import os
import pty
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT


class Progress(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.csv = os.path.join(self.dir, "users.csv")
        with open(self.csv, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"U {i},u{i}@x.test\n" for i in range(5000)))

    def add_with_stderr_on_a_terminal(self, *extra):
        master, slave = pty.openpty()
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT)
        proc = subprocess.Popen([BIN, "users", "add", "--client", "Birch LLC", "--csv", self.csv,
                                 "-o", "tsv", *extra], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=slave, env=env)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=60)
        os.close(master)
        self.assertEqual(proc.returncode, 0, seen)
        return seen.decode()

    def test_progress_on_a_terminal(self):
        err = self.add_with_stderr_on_a_terminal()
        self.assertIn("/5000 (", err)
        self.assertIn("client Birch LLC: 5000 added", err)

    def test_no_progress_with_quiet(self):
        self.assertNotIn("/5000", self.add_with_stderr_on_a_terminal("-q"))

    def test_no_progress_in_a_pipe(self):
        r = self.ok("users", "add", "--client", "Birch LLC", "--csv", self.csv)
        self.assertNotIn("/5000", r.err)
        self.assertNotIn("\r", r.err)
