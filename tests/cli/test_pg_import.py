"""`import` beside everyone else on a shared store (issue 26, item 3): an import empties the
tables and fills them again in one transaction, and TRUNCATE is not MVCC-safe, so a command
whose snapshot was older would see them empty. Every command takes acctctl_meta's share lock
before its snapshot and an import holds it exclusively: readers and writers see the old store
or the new one, never an empty one, and one that waits past the busy timeout says why."""
import concurrent.futures
import os
import subprocess
import time

from acctctl_case import BIN, SUPPORT
from pg_case import PgCase


class ImportBesideOthers(PgCase):
    def run_quietly(self, *args, env=None):
        p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120,
                           env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})))
        return p.returncode, p.stdout, p.stderr

    def big_store(self, users):
        self.world()
        path = os.path.join(self.dir, "users.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n" for i in range(users)))
        self.ok("users", "add", "--client", "Acme Ltd", "--csv", path, "-q")
        dump = os.path.join(self.dir, "store.json")
        with open(dump, "w", encoding="utf-8") as f:
            f.write(self.ok("export").out)
        return dump

    def test_readers_and_writers_see_the_old_store_or_the_new_never_an_empty_one(self):
        """The import brings the very store there is, twice over, while readers list
        Acme Ltd's users and writers add to Birch LLC: every reader sees all of Acme's users,
        every writer succeeds or says it waited (exit 6), and nothing exits 5 "not staff"."""
        dump = self.big_store(10000)
        expected = 10003  # Ann, Ben, Dora and the batch
        # Each import holds its emptied tables a second longer, so that commands start
        # meanwhile (its practices come first after the TRUNCATE).
        self.psql("CREATE FUNCTION held() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$; "
                  "CREATE TRIGGER held AFTER INSERT ON practices FOR EACH STATEMENT "
                  "EXECUTE FUNCTION held()")
        stop = time.monotonic() + 60
        imports_done = []

        def importer():
            for _ in range(2):
                code, _, err = self.run_quietly("import", dump,
                                                env={"ACCTCTL_BUSY_TIMEOUT_MS": "30000"})
                self.assertEqual(code, 0, err)
            imports_done.append(True)

        def reader():
            seen = []
            while not imports_done and time.monotonic() < stop:
                code, out, err = self.run_quietly("users", "list", "--client", "Acme Ltd",
                                                  "--no-headers",
                                                  env={"ACCTCTL_BUSY_TIMEOUT_MS": "30000"})
                seen.append((code, len(out.splitlines()), err.strip()))
            return seen

        def writer():
            results = []
            n = 0
            while not imports_done and time.monotonic() < stop:
                n += 1
                code, _, err = self.run_quietly("users", "add", "--client", "Birch LLC", "--name",
                                                f"W{n}", "--no-login",
                                                env={"ACCTCTL_BUSY_TIMEOUT_MS": "30000"})
                results.append((code, err.strip()))
            return results

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            readers = [pool.submit(reader), pool.submit(reader)]
            writing = pool.submit(writer)
            pool.submit(importer).result()
            seen = [s for r in readers for s in r.result()]
            written = writing.result()
        self.assertTrue(imports_done, "the imports did not finish")
        self.assertGreater(len(seen), 3, "the readers did not overlap the imports")
        for code, rows, err in seen:
            self.assertEqual((code, rows), (0, expected), err)
        for code, err in written:
            self.assertEqual(code, 0, err)
        self.psql("DROP TRIGGER held ON practices")
        self.ok("check")

    def test_two_imports_at_once_both_succeed_one_after_the_other(self):
        """Held up after their transactions began (a session holds the staff table, which an
        import reads to know who runs it), two imports then go on together. Had each taken
        the store's share lock first, as every other command does, each would wait for the
        other to let go of it and the server would end one as a deadlock."""
        dump = self.big_store(10)
        release = self.hold_lock("LOCK TABLE staff IN ACCESS EXCLUSIVE MODE")
        try:
            env = dict(self.env, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="30000")
            imports = [subprocess.Popen([BIN, "import", dump], env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                       for _ in range(2)]
            deadline = time.monotonic() + 30
            while self.psql("SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
                            "(SELECT oid FROM pg_database WHERE datname = current_database())") \
                    != "2":
                if time.monotonic() > deadline:
                    for p in imports:
                        p.kill()
                    self.fail("the imports never both waited: " +
                              "; ".join(p.communicate()[1] for p in imports))
                time.sleep(0.05)
        finally:
            release()
        for p in imports:
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
        self.ok("check")

    def test_a_command_that_waits_past_the_busy_timeout_says_an_import_holds_the_store(self):
        self.world()
        release = self.hold_lock("LOCK TABLE acctctl_meta IN ACCESS EXCLUSIVE MODE")
        try:
            code, out, err = self.run_quietly("users", "list", "--client", "Acme Ltd",
                                              env={"ACCTCTL_BUSY_TIMEOUT_MS": "300"})
        finally:
            release()
        self.assertEqual(code, 6, err)
        self.assertEqual(out, "")
        self.assertEqual(err.splitlines(), [
            "acctctl: error: the store is busy: an import (or `acctctl init` upgrading the "
            "schema) is replacing it, past the busy timeout (ACCTCTL_BUSY_TIMEOUT_MS); nothing "
            "changed: retry when it is done"])


if __name__ == "__main__":
    import unittest
    unittest.main()
