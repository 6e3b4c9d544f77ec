"""kill -9 while a long batch writes leaves the store as it was before: never half-changed
(SPEC.md §6.1). The kills are spread over the whole life of the rollback journal, not only its
first moments: a batch that committed part of its work midway (its users before its events, or
half of its rows) passes a kill that lands early and fails one that lands late."""
import os
import shutil
import signal
import subprocess
import time

from acctctl_case import AcctctlCase, BIN, SUPPORT

# Sized so that the write transaction (the life of the rollback journal) lasts about 1 s.
ADD_ROWS = 30000
DEACTIVATE_ROWS = 60000
# When each kill lands, as a share of the journal's life measured by a first run.
FRACTIONS = (0.1, 0.5, 0.9)
POLL = 0.0005  # waiting for the journal to appear
WATCH = 0.005  # watching it until it goes


class KillNine(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.env["ACCTCTL_ACTOR"] = SUPPORT

    def roster(self, rows):
        path = os.path.join(self.dir, f"big{rows}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n" for i in range(rows)))
        return path

    def start(self, args, stdin_path, db):
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            return subprocess.Popen([BIN, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=dict(self.env, ACCTCTL_DB=db))
        finally:
            if stdin_path:
                stdin.close()

    def wait_for_journal(self, proc, journal):
        """The moment the journal appears (the write transaction's first page), else None."""
        end = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < end:
            if os.path.exists(journal):
                return time.monotonic()
            time.sleep(POLL)
        return None

    def journal_life(self, args, stdin_path, db):
        """Runs the command to its end on `db` and returns how long its rollback journal lived:
        from its first appearance to the last moment it was seen before the process exited."""
        journal = db + "-journal"
        proc = self.start(args, stdin_path, db)
        first = self.wait_for_journal(proc, journal)
        self.assertIsNotNone(first, "the measuring run wrote no rollback journal")
        last = first
        while proc.poll() is None:
            if os.path.exists(journal):
                last = time.monotonic()
            time.sleep(WATCH)  # coarser: a busy watcher would slow the write it measures
        self.assertEqual(proc.wait(), 0, "the measuring run failed")
        return last - first

    def kill_at(self, delay, args, stdin_path):
        """Starts the command on the store and kills it `delay` seconds after its rollback
        journal appears. True if the kill landed inside the write: the process died of the
        SIGKILL and left its journal behind (a hot journal: the commit never finished)."""
        journal = self.db + "-journal"
        proc = self.start(args, stdin_path, self.db)
        appeared = self.wait_for_journal(proc, journal)
        if appeared is not None:
            time.sleep(max(0.0, appeared + delay - time.monotonic()))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return proc.returncode == -signal.SIGKILL and os.path.exists(journal)

    def state(self, db=None):
        """(users, deactivated users, newest audit event id) of Birch LLC."""
        env = {"ACCTCTL_DB": db} if db else None
        client = self.js("clients", "show", "Birch LLC", env=env)
        newest = self.js("audit", "list", "--limit", "1", env=env)[0]["id"]
        total = client["active_users"] + client["deactivated_users"]
        return total, client["deactivated_users"], newest

    def assert_all_or_nothing(self, *args, stdin_path=None):
        """A first run on a copy of the store measures the journal's life and what the whole
        batch leaves; then each kill starts from the same store, at 10%, 50% and 90% of it."""
        self.assertFalse(os.path.exists(self.db + "-journal"))
        pristine = os.path.join(self.dir, "pristine.db")
        shutil.copyfile(self.db, pristine)
        measured = os.path.join(self.dir, "measured.db")
        shutil.copyfile(pristine, measured)
        before = self.state()
        life = self.journal_life(args, stdin_path, measured)
        done = self.state(measured)
        self.assertNotEqual(done, before)
        landed = []
        for fraction in FRACTIONS:
            shutil.copyfile(pristine, self.db)
            hot = self.kill_at(fraction * life, args, stdin_path)
            landed.append(hot)
            where = f"killed at {fraction:.0%} of a {life:.3f}s write (journal left: {hot})"
            state = self.state()  # opening the store rolls a hot journal back
            if hot:
                self.assertEqual(state, before, where)
            else:  # the kill came after the commit: the whole batch, never part of it
                self.assertIn(state, (before, done), where)
            self.assertEqual([c for c in self.js("check") if not c["ok"]], [], where)
        self.assertTrue(any(landed[1:]), f"no kill in the last half of the {life:.3f}s write "
                                         f"landed inside it (landed: {landed})")

    def test_kill_during_onboarding_is_all_or_nothing(self):
        self.assert_all_or_nothing("users", "add", "--client", "Birch LLC", "--csv",
                                   self.roster(ADD_ROWS), "-q")

    def test_kill_during_a_deactivation_batch_is_all_or_nothing(self):
        self.ok("users", "add", "--client", "Birch LLC", "--csv", self.roster(DEACTIVATE_ROWS),
                "-q")
        refs_path = os.path.join(self.dir, "refs.txt")
        with open(refs_path, "w", encoding="utf-8") as f:
            f.write("".join(f"u{i}@big.test\n" for i in range(DEACTIVATE_ROWS)))
        self.assert_all_or_nothing("users", "deactivate", "--client", "Birch LLC", "-", "--yes",
                                   "-q", stdin_path=refs_path)
