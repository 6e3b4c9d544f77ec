"""Signals (SPEC.md §5): SIGINT/SIGTERM roll back and exit 130/143; SIGPIPE ends quietly."""
import os
import select
import signal
import sqlite3
import subprocess
import time

from acctctl_case import AcctctlCase, BIN, SUPPORT


def users_csv(path, count):
    with open(path, "w", encoding="utf-8") as f:
        f.write("name,email\n")
        for i in range(count):
            f.write(f"User {i},user{i}@big.test\n")


class Signals(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.env["ACCTCTL_ACTOR"] = SUPPORT

    def start(self, *args, stdin=subprocess.DEVNULL):
        return subprocess.Popen([BIN, *args], stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env, cwd=self.dir)

    def wait_until_waiting_for_the_lock(self, proc, timeout=30):
        """Until `proc` sleeps in the busy handler (src/store/sqlite/open.cpp), with the store
        open, still running and having printed nothing. A write command sleeps nowhere else,
        so a sleeping acctctl with the store open is one that is waiting for the lock."""
        store = os.path.realpath(self.db)
        fds, end = f"/proc/{proc.pid}/fd", time.monotonic() + timeout
        while time.monotonic() < end:
            if proc.poll() is not None:
                self.fail(f"acctctl ended (exit {proc.returncode}) without waiting for the "
                          f"lock: {proc.stderr.read()!r}")
            try:
                with open(f"/proc/{proc.pid}/wchan", encoding="ascii") as f:
                    sleeping = "nanosleep" in f.read()
                opened = any(os.path.realpath(os.path.join(fds, fd)) == store
                             for fd in os.listdir(fds))
            except FileNotFoundError:  # it ended between poll() and here
                continue
            if sleeping and opened:
                printed, _, _ = select.select([proc.stdout, proc.stderr], [], [], 0)
                self.assertEqual(printed, [], "acctctl printed something while it waited")
                return
            time.sleep(0.005)
        self.fail(f"acctctl did not wait for the lock within {timeout}s")

    def interrupt_big_add(self, sig):
        path = os.path.join(self.dir, "big.csv")
        users_csv(path, 40000)
        before = self.audit_count()
        proc = self.start("users", "add", "--client", "Birch LLC", "--csv", path, "-q")
        # Signal once the write is under way (its rollback journal exists), not before it.
        journal, end = self.db + "-journal", time.monotonic() + 60
        while not os.path.exists(journal) and proc.poll() is None and time.monotonic() < end:
            time.sleep(0.0005)
        self.assertTrue(os.path.exists(journal), "the write never started or ended too soon")
        self.assertIsNone(proc.poll(), "the batch ended before the signal; make it bigger")
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        self.assertNotIn(b"Traceback", err)
        self.assertIn(b"acctctl: error:", err)
        self.assertEqual(list(self.users("Birch LLC")), ["Cy Cedar"])
        self.assertEqual(self.audit_count(), before)
        self.ok("check", "-q")
        return proc.returncode

    def test_sigint_in_the_middle_of_a_batch_rolls_back(self):
        self.assertEqual(self.interrupt_big_add(signal.SIGINT), 130)

    def test_sigterm_in_the_middle_of_a_batch_rolls_back(self):
        self.assertEqual(self.interrupt_big_add(signal.SIGTERM), 143)

    def test_sigint_while_waiting_for_the_lock(self):
        holder = sqlite3.connect(self.db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            self.env["ACCTCTL_BUSY_TIMEOUT_MS"] = "30000"
            proc = self.start("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
            self.wait_until_waiting_for_the_lock(proc)
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 130, err)
            self.assertLess(time.monotonic() - started, 2, "the signal waited out the timeout")
            self.assertEqual(out, b"")
            self.assertIn(b"interrupted", err)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(self.users()["Ben Baker"]["status"], "active")

    def test_busy_past_the_timeout_is_exit_6(self):
        holder = sqlite3.connect(self.db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            r = self.expect(6, "users", "deactivate", "--client", "Acme Ltd", "ben", "--yes",
                            env={"ACCTCTL_BUSY_TIMEOUT_MS": "200"})
            self.assertIn("busy", r.err)
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    def test_a_closed_pipe_ends_quietly(self):
        path = os.path.join(self.dir, "many.csv")
        users_csv(path, 3000)
        self.ok("users", "add", "--client", "Birch LLC", "--csv", path, "-q")
        for output in ("tsv", "json", "table"):
            proc = self.start("users", "list", "--status", "all", "-o", output)
            proc.stdout.readline()
            proc.stdout.close()  # like `| head -1`
            err = proc.stderr.read()
            proc.wait(timeout=30)
            self.assertIn(proc.returncode, (0, -signal.SIGPIPE), output)
            self.assertEqual(err, b"", output)
