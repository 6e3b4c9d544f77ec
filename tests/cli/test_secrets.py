"""SPEC.md §6.2, issue 21: the password of a store URL is never shown. Each form that leaked
has a case that greps stdout, stderr, the audit trail and acctctl's own /proc/PID/cmdline
(what ps shows every user) for it: a raw ? or / in the password, a bad %-escape, sslpassword=
before password=, a repeated password=, and a libpq keyword/value string."""
import itertools
import json
import os
import subprocess
import threading
import time

from acctctl_case import BIN, SUPPORT, Run
from pg_case import PgCase

_roles = itertools.count(1)
NOTE = "the --db password was visible to other users in ps while acctctl started"
KEYWORD_VALUE = "use a postgresql:// URL"


def full_pipe():
    """A pipe whose buffer is full: the first write to its write end blocks until it is read.
    Returns (read end, write end, how many bytes it holds)."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    held = 0
    for chunk in (b"\0" * 4096, b"\0"):
        try:
            while True:
                held += os.write(write_end, chunk)
        except BlockingIOError:
            pass
    os.set_blocking(write_end, True)
    return read_end, write_end, held


class Secrets(PgCase):
    def setUp(self):
        super().setUp()
        self.role = f"acctctl_secret_{os.getpid()}_{next(_roles)}"
        self.host = os.environ.get("PGHOST", "localhost")
        self.port = os.environ.get("PGPORT", "5432")
        self.ok("init", "--support-email", SUPPORT, actor=None)  # by the URL without a password

    def tearDown(self):
        super().tearDown()  # drops the database, then the role may go
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                        f"DROP ROLE IF EXISTS {self.role}"], capture_output=True)

    def login_with(self, password):
        self.psql(f"CREATE ROLE {self.role} LOGIN SUPERUSER PASSWORD '{password}'", "postgres")

    def netloc(self, port=None):
        return f"{self.host}:{port or self.port}"

    # -- watching the command line -----------------------------------------------------------

    def run_watched(self, *args, env=None):
        """Runs acctctl with stderr on a full pipe, so that its first line there blocks it
        (the note on the --db password, which comes once argv is overwritten); reads its
        /proc/PID/cmdline then, as ps would. Returns (Run, the command line)."""
        read_end, write_end, held = full_pipe()
        proc = subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=write_end, cwd=self.dir,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})))
        os.close(write_end)
        err = bytearray()

        def drain():
            while chunk := os.read(read_end, 65536):
                err.extend(chunk)
        try:
            cmdline = self.cmdline_once_blocked(proc)
        finally:
            reader = threading.Thread(target=drain)
            reader.start()
            out = proc.stdout.read().decode()
            proc.wait(timeout=60)
            reader.join(timeout=60)
            os.close(read_end)
        return Run(proc.returncode, out, bytes(err[held:]).decode()), cmdline

    def cmdline_once_blocked(self, proc, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if proc.poll() is not None:
                self.fail("acctctl ended without writing to stderr: no note on the password")
            with open(f"/proc/{proc.pid}/wchan", encoding="utf-8") as f:
                if "pipe_write" in f.read():
                    with open(f"/proc/{proc.pid}/cmdline", "rb") as cmdline:
                        return cmdline.read().replace(b"\0", b" ").decode()
            time.sleep(0.01)
        self.fail(f"acctctl did not write to stderr within {timeout}s")

    def audit_trail(self):
        return self.ok("audit", "list", "--limit", "0", "-o", "json").out  # the plain URL

    def assert_hidden(self, secrets, *texts):
        for secret in secrets:
            for text in texts:
                self.assertNotIn(secret, text)

    # -- URLs that connect: shown with *** everywhere ---------------------------------------

    def connects_hidden(self, url_for, password, *also_secret):
        """`url_for(dbname, port)`: the form under test. It connects, writes and checks with
        the password masked; its failures (no store, no server, a wrong password) too."""
        secrets = (password, *also_secret)
        self.login_with(password)
        db = self.database
        added, added_cmdline = self.run_watched("--db", url_for(db, None), "practices", "add",
                                                "Ledger & Co")
        self.assertEqual(added.code, 0, added)
        self.assertEqual(added.err.count(NOTE), 1, added.err)
        checked, checked_cmdline = self.run_watched("--db", url_for(db, None), "check")
        self.assertEqual(checked.code, 0, checked)
        self.assert_hidden(secrets, checked.out, checked.err, checked_cmdline)
        self.assertIn(f"postgresql://{self.role}:***@", checked.out)
        for cmdline in (added_cmdline, checked_cmdline):
            self.assertIn("--db postgresql://", cmdline)  # the command line, masked
        by_env = self.ok("users", "list", env={"ACCTCTL_DB": url_for(db, None)})
        self.assertNotIn(NOTE, by_env.err)  # the environment is not in ps
        no_store = self.expect(1, "--db", url_for("postgres", None), "users", "list")
        self.assertIn("no store at postgresql://", no_store.err)
        no_server = self.expect(1, "--db", url_for(db, "1"), "users", "list",
                                env={"ACCTCTL_BUSY_TIMEOUT_MS": "200"})
        self.assertIn("cannot connect to the store at postgresql://", no_server.err)
        self.psql(f"ALTER ROLE {self.role} PASSWORD 'changed-meanwhile'", "postgres")
        refused = self.expect(1, "--db", url_for(db, None), "users", "list")
        self.assertIn("password authentication failed", refused.err)
        self.assert_hidden(secrets, added.out, added.err, added_cmdline, checked.out, checked.err,
                           checked_cmdline, by_env.out, by_env.err, no_store.err, no_server.err,
                           refused.err, self.audit_trail())
        self.assertIn("Ledger & Co", self.audit_trail())

    def test_a_raw_question_mark_in_the_password(self):
        password = "Qv7wKp2?Zx9nLm4"
        self.connects_hidden(lambda db, port: f"postgresql://{self.role}:{password}@"
                                              f"{self.netloc(port)}/{db}", password)

    def test_a_percent_encoded_at_and_slash_in_the_password(self):
        password = "Rt6@Yu3/Io9x"
        self.connects_hidden(lambda db, port: f"postgresql://{self.role}:Rt6%40Yu3%2FIo9x@"
                                              f"{self.netloc(port)}/{db}", password,
                             "Rt6%40Yu3%2FIo9x", "Yu3")

    def test_sslpassword_before_password_in_the_query(self):
        password, ssl = "Ht5rPq8sWm3n", "Ss1Xy7Kk0Lp"
        self.connects_hidden(lambda db, port: f"postgresql://{self.netloc(port)}/{db}?user="
                                              f"{self.role}&sslpassword={ssl}&password={password}",
                             password, ssl)

    def test_a_repeated_password_in_the_query(self):
        password, first = "Jk4mNb7vCx2z", "Fz2WrongFirst9"
        self.connects_hidden(lambda db, port: f"postgresql://{self.netloc(port)}/{db}?user="
                                              f"{self.role}&password={first}&password={password}",
                             password, first)

    # -- values refused with exit 2, shown nowhere ------------------------------------------

    def refused_hidden(self, value, secrets, expected):
        before = sorted(os.listdir(self.dir))
        for command in (("check",), ("init",), ("practices", "add", "Ledger & Co")):
            r, cmdline = self.run_watched("--db", value, *command)
            self.assertEqual(r.code, 2, r)
            self.assertIn(f"acctctl: error: ", r.err)
            self.assertIn(expected, r.err)
            self.assertEqual(r.err.count(NOTE), 1, r.err)
            self.assertIn("--db ", cmdline)
            r_env = self.expect(2, *command, env={"ACCTCTL_DB": value})
            self.assertNotIn(NOTE, r_env.err)
            self.assert_hidden(secrets, r.out, r.err, cmdline, r_env.out, r_env.err)
        equals, cmdline = self.run_watched(f"--db={value}", "check")
        self.assertEqual(equals.code, 2, equals)
        self.assert_hidden(secrets, equals.out, equals.err, cmdline, self.audit_trail())
        self.assertEqual(sorted(os.listdir(self.dir)), before)  # no file named after it
        self.assertNotIn("Ledger & Co", self.audit_trail())

    def test_a_raw_slash_in_the_password(self):
        # libpq reads postgresql://u:Qv7wKp2/Zx9nLm4@h/db as host u, port Qv7wKp2, database
        # Zx9nLm4@h/db: no password to mask, so it is refused.
        password = "Qv7wKp2/Zx9nLm4"
        self.login_with(password)
        self.refused_hidden(f"postgresql://{self.role}:{password}@{self.netloc()}/"
                            f"{self.database}", (password, "Qv7wKp2", "Zx9nLm4"), "%2F")

    def test_a_raw_at_in_the_password(self):
        password = "Wq3eRt5@Yh8uJk"
        self.login_with(password)
        self.refused_hidden(f"postgresql://{self.role}:{password}@{self.netloc()}/"
                            f"{self.database}", (password, "Yh8uJk"), "%40")

    def test_a_bad_percent_escape_in_the_password(self):
        # libpq's own message quotes the password: "invalid percent-encoded token".
        password = "Bq4hJm%zzTn8Vw1"
        self.refused_hidden(f"postgresql://{self.role}:{password}@{self.netloc()}/"
                            f"{self.database}", (password, "Bq4hJm", "Tn8Vw1"),
                            "not one libpq can read")

    def test_a_keyword_value_string(self):
        password = "Kv9pLm2nBx5c"
        self.login_with(password)
        self.refused_hidden(f"host={self.host} port={self.port} dbname={self.database} "
                            f"user={self.role} password={password}", (password,), KEYWORD_VALUE)
        for value in (f"  dbname = {self.database}", f"password={password}"):
            self.assertIn(KEYWORD_VALUE, self.expect(2, "--db", value, "check").err)

    def test_a_sqlite_path_with_an_equals_sign_is_still_a_path(self):
        self.ok("--db", "./a=b.db", "init", "--support-email", SUPPORT, actor=None)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "a=b.db")))

    # -- the command line while the command runs --------------------------------------------

    def test_the_password_is_off_the_command_line_while_a_command_waits_on_the_server(self):
        password = "Mn8bVc4xZa6s"
        self.login_with(password)
        self.ok("practices", "add", "Ledger & Co")
        self.ok("clients", "add", "Acme Ltd", "--practice", "Ledger & Co")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Ann Able",
                "--email", "ann@acme.test")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Ben Baker", "--username", "ben")
        acme = self.psql("SELECT id FROM clients WHERE name = 'Acme Ltd'")
        release = self.hold_lock(f"SELECT 1 FROM clients WHERE id = {acme} FOR UPDATE")
        url = f"postgresql://{self.role}:{password}@{self.netloc()}/{self.database}"
        proc = subprocess.Popen([BIN, "--db", url, "users", "deactivate", "--client", "Acme Ltd",
                                 "ben", "--yes"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT,
                                         ACCTCTL_BUSY_TIMEOUT_MS="60000"))
        try:
            self.wait_for_lock_wait()
            with open(f"/proc/{proc.pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode()
        finally:
            release()
            out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn(f"--db postgresql://{self.role}:***@", cmdline)
        self.assertEqual(err.count(NOTE), 1, err)
        self.assert_hidden((password,), cmdline, out, err, self.audit_trail())

    def wait_for_lock_wait(self, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            waiting = self.psql(f"SELECT count(*) FROM pg_stat_activity WHERE usename = "
                                f"'{self.role}' AND wait_event_type = 'Lock'", "postgres")
            if waiting != "0":
                return
            time.sleep(0.02)
        self.fail(f"acctctl did not wait on the lock within {timeout}s")

    def test_quiet_drops_the_note_not_the_overwrite(self):
        password = "Pl0kMi9nJu8h"
        self.login_with(password)
        url = f"postgresql://{self.role}:{password}@{self.netloc()}/{self.database}"
        r = self.ok("--db", url, "-q", "check")
        self.assertNotIn(NOTE, r.err)
        self.assert_hidden((password,), r.out, r.err)
        self.assertEqual(json.loads(self.ok("--db", url, "check", "-o", "json").out)[0]["detail"],
                         f"postgresql://{self.role}:***@{self.netloc()}/{self.database}")
