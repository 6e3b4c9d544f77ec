"""A connection lost after COMMIT was sent (SPEC §6.2, issue 26): acctctl reconnects, looks for
its command run's batch and says what the store holds — committed (exit 0, with a warning),
not applied (exit 1), or, when it cannot tell, "outcome unknown" and how to check. Never the
rollback it cannot know. A server's warnings reach stderr.

The COMMITs are held up on the server, so the loss lands while the server is committing:
`synchronous_standby_names` naming a standby that never comes (the primary commits locally,
then waits), or a deferred trigger that sleeps inside COMMIT. Only this test's database waits:
the cluster's default becomes `synchronous_commit = local` while it runs."""
import json
import os
import re
import signal
import socket
import subprocess
import time

from acctctl_case import BIN, SUPPORT
from pg_case import Bouncer, DelayingRelay, PgCase

BATCH = re.compile(r"batch ([0-9a-f-]{36})")
COMMIT = b"Q\x00\x00\x00\x0bCOMMIT\x00"  # the simple-query message libpq sends for COMMIT


class CommitSwallowingRelay(DelayingRelay):
    """Passes everything on until the client has written its audit events, then swallows the
    COMMIT that follows and drops the client's side only: the client has sent COMMIT, and the
    server, whose side stays open, never got it and sits idle in the transaction, its locks
    held."""

    def __init__(self, target_port):
        super().__init__(target_port, 0)
        self.swallowed = False
        self._events_seen = False

    def _pipe(self, source, sink, to_server, answered):
        if not to_server:
            return super()._pipe(source, sink, to_server, answered)
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                self._events_seen = self._events_seen or b"INSERT INTO audit_events" in data
                if self._events_seen and COMMIT in data and not self.swallowed:
                    self.swallowed = True
                    source.shutdown(socket.SHUT_RDWR)
                    return
                sink.sendall(data)
        except OSError:
            pass


class LostCommit(PgCase):
    def start(self, *args, env=None):
        return subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})))

    def reload(self, setting, value):
        value_sql = "DEFAULT" if value is None else f"'{value}'"
        self.psql(f"ALTER SYSTEM SET {setting} = {value_sql}", "postgres")
        self.psql("SELECT pg_reload_conf()", "postgres")
        time.sleep(0.3)  # every backend reads the file at its next command

    def wait_for_a_standby_that_never_comes(self):
        """From now on this database's COMMITs wait for a synchronous standby, until release."""
        self.psql(f"ALTER DATABASE {self.database} SET synchronous_commit = on", "postgres")
        self.reload("synchronous_commit", "local")  # every other test's database goes on
        self.reload("synchronous_standby_names", "never_connects")

        def release():
            self.reload("synchronous_standby_names", None)
            self.reload("synchronous_commit", None)
        self.addCleanup(release)
        return release

    def slow_commit(self, seconds):
        """From now on COMMIT runs a deferred trigger that sleeps `seconds` (wait event
        PgSleep): a commit under way on the server, which a terminated backend rolls back."""
        self.psql("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS "
                  f"$$ BEGIN PERFORM pg_sleep({seconds}); RETURN NULL; END $$; "
                  "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON audit_events "
                  "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()")

    def backend_waiting(self, wait_event=None, query="COMMIT", timeout=30):
        """The pid of this database's backend that runs `query` (and waits on `wait_event`)."""
        end = time.monotonic() + timeout
        event = f" AND wait_event = '{wait_event}'" if wait_event else ""
        while time.monotonic() < end:
            pid = self.psql(f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.database}' "
                            f"AND state = 'active' AND query = '{query}'{event}", "postgres")
            if pid:
                return int(pid)
            time.sleep(0.02)
        self.fail(f"no backend ran {query} (waiting on {wait_event}) within {timeout}s")

    def counts(self):
        return self.psql("SELECT (SELECT count(*) FROM client_users) || '/' || "
                         "(SELECT count(*) FROM audit_events)")

    def add_zed(self, env=None):
        return self.start("users", "add", "--client", "Acme Ltd", "--name", "Zed Zee", "--email",
                          "zed@acme.test", "-o", "json", env=env)

    def zed_is_in_the_store(self):
        return self.psql("SELECT count(*) FROM client_users WHERE email = 'zed@acme.test'") == "1"

    # -- the three outcomes ----------------------------------------------------------------

    def test_a_commit_that_landed_before_the_connection_dropped_is_reported_as_done(self):
        """The primary has committed locally and waits for its standby; the backend is then
        terminated. The change stays. acctctl says so: exit 0, its normal output, the
        server's warning and its own."""
        self.world()
        self.wait_for_a_standby_that_never_comes()
        proc = self.add_zed()
        pid = self.backend_waiting("SyncRep")
        self.assertEqual(self.psql(f"SELECT pg_terminate_backend({pid})", "postgres"), "t")
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual([u["name"] for u in json.loads(out)], ["Zed Zee"])
        self.assertIn("might not have been replicated", err)  # the server's warning
        self.assertRegex(err, r"acctctl: warning: lost the connection to the store at "
                              r"postgresql:///\S+ after COMMIT was sent; reconnected: batch "
                              r"[0-9a-f-]{36} is committed")
        self.assertNotIn("rolls", err)
        self.assertNotIn("error", err)
        self.assertTrue(self.zed_is_in_the_store())

    def test_a_commit_the_server_undid_is_reported_as_not_applied(self):
        """A deferred trigger keeps COMMIT busy; the backend is terminated inside it, so the
        transaction rolls back. acctctl reconnects, does not find its batch: exit 1, "not
        applied", and the store is as it was."""
        self.world()
        self.slow_commit(60)
        before = self.counts()
        proc = self.add_zed()
        pid = self.backend_waiting("PgSleep")
        self.assertEqual(self.psql(f"SELECT pg_terminate_backend({pid})", "postgres"), "t")
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertRegex(lines[0], r"^acctctl: error: lost the connection to the store at "
                                   r"postgresql:///\S+ after COMMIT was sent; reconnected: batch "
                                   r"[0-9a-f-]{36} is not in the store: not applied$")
        self.assertEqual(self.counts(), before)

    def test_a_commit_still_waiting_past_the_busy_timeout_is_an_unknown_outcome(self):
        """The network drops (a relay cut) while the primary waits for its standby: the old
        session goes on waiting, so nobody can tell yet. acctctl says "outcome unknown" and
        names the batch to check; once the standby question is settled, the batch is there."""
        self.world()
        release = self.wait_for_a_standby_that_never_comes()
        relay = DelayingRelay(int(os.environ.get("PGPORT", "5432")), 0)
        self.addCleanup(relay.stop)
        url = f"postgresql://127.0.0.1:{relay.port}/{self.database}"
        proc = self.add_zed(env={"ACCTCTL_DB": url, "ACCTCTL_BUSY_TIMEOUT_MS": "1500"})
        self.backend_waiting("SyncRep")
        relay.cut()
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(out, "")
        self.assertIn("after COMMIT was sent; reconnected: the server is still committing it", err)
        self.assertIn("outcome unknown: check `acctctl audit list --batch ", err)
        batch = BATCH.search(err).group(1)
        release()  # the wait ends: the primary's local commit becomes visible
        end = time.monotonic() + 30
        while not self.zed_is_in_the_store():
            self.assertLess(time.monotonic(), end, "the held commit never became visible")
            time.sleep(0.05)
        events = self.js("audit", "list", "--batch", batch)
        self.assertEqual([e["action"] for e in events], ["user.add"])

    def test_a_commit_the_server_never_received_is_not_applied_and_its_session_ended(self):
        """The COMMIT is lost on the way (swallowed by a relay that then drops the connection):
        the old session sits idle in its transaction, holding Acme Ltd's lock. acctctl ends
        it, so that "not applied" is certain, and says so; the next write is not held up."""
        self.world()
        before = self.counts()
        relay = CommitSwallowingRelay(int(os.environ.get("PGPORT", "5432")))
        self.addCleanup(relay.stop)
        url = f"postgresql://127.0.0.1:{relay.port}/{self.database}"
        proc = self.add_zed(env={"ACCTCTL_DB": url, "ACCTCTL_BUSY_TIMEOUT_MS": "5000"})
        out, err = proc.communicate(timeout=60)
        self.assertTrue(relay.swallowed, "the relay never saw the COMMIT")
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(out, "")
        self.assertRegex(err, r"after COMMIT was sent; reconnected: batch [0-9a-f-]{36} is not "
                              r"in the store: not applied")
        self.assertEqual(self.counts(), before)
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Next", "--no-login",
                env={"ACCTCTL_BUSY_TIMEOUT_MS": "1000"})  # the lock was given back

    def test_no_server_within_the_busy_timeout_is_an_unknown_outcome(self):
        """The connection drops during COMMIT and the relay is gone, so no new session can be
        made: exit 1, "outcome unknown", the batch named; nothing claims a rollback."""
        self.world()
        self.slow_commit(3)
        relay = DelayingRelay(int(os.environ.get("PGPORT", "5432")), 0)
        url = f"postgresql://127.0.0.1:{relay.port}/{self.database}"
        proc = self.add_zed(env={"ACCTCTL_DB": url, "ACCTCTL_BUSY_TIMEOUT_MS": "800"})
        self.backend_waiting("PgSleep")
        relay.refuse()  # no new connection from now on
        relay.cut()
        out, err = proc.communicate(timeout=60)
        relay.stop()
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(out, "")
        self.assertRegex(err, r"after COMMIT was sent, and no server told what it holds within "
                              r"the busy timeout \(ACCTCTL_BUSY_TIMEOUT_MS\): outcome unknown: "
                              r"check `acctctl audit list --batch [0-9a-f-]{36}`")
        self.assertNotIn("rolls", err)

    # -- behind a pooler ---------------------------------------------------------------------

    def test_behind_pgbouncer_a_commit_that_landed_and_one_that_did_not_are_told_apart(self):
        """Behind PgBouncer in transaction pooling the server connection dies under the
        pooler, which drops its client: acctctl reconnects through the pooler, to another
        server connection, and finds what the store holds, both ways."""
        self.world()
        bouncer = Bouncer(pool_size=2)
        self.addCleanup(bouncer.stop)
        env = {"ACCTCTL_DB": bouncer.url(self.database), "ACCTCTL_BUSY_TIMEOUT_MS": "10000"}
        release = self.wait_for_a_standby_that_never_comes()
        proc = self.add_zed(env=env)
        pid = self.backend_waiting("SyncRep")
        self.assertEqual(self.psql(f"SELECT pg_terminate_backend({pid})", "postgres"), "t")
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual([u["name"] for u in json.loads(out)], ["Zed Zee"])
        self.assertRegex(err, r"after COMMIT was sent; reconnected: batch [0-9a-f-]{36} is "
                              r"committed")
        release()
        self.slow_commit(60)
        before = self.counts()
        proc = self.start("users", "add", "--client", "Acme Ltd", "--name", "Yan Yu",
                          "--no-login", env=env)
        pid = self.backend_waiting("PgSleep")
        self.assertEqual(self.psql(f"SELECT pg_terminate_backend({pid})", "postgres"), "t")
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, err)
        self.assertRegex(err, r"after COMMIT was sent; reconnected: batch [0-9a-f-]{36} is not "
                              r"in the store: not applied")
        self.assertEqual(self.counts(), before)

    # -- a signal during the wait ----------------------------------------------------------

    def test_sigint_during_a_synchronous_commit_reports_what_the_server_answered(self):
        """SIGINT while the primary waits for its standby cancels the wait, not the commit,
        which is already local: exit 0, the change kept, the server's warning on stderr."""
        self.world()
        self.wait_for_a_standby_that_never_comes()
        proc = self.add_zed()
        self.backend_waiting("SyncRep")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("Zed Zee", out)
        self.assertRegex(err, r"acctctl: warning: the server at postgresql:///\S+ warns: "
                              r"canceling wait for synchronous replication due to user request: "
                              r"The transaction has already committed locally, but might not "
                              r"have been replicated to the standby\.")
        self.assertTrue(self.zed_is_in_the_store())


if __name__ == "__main__":
    import unittest
    unittest.main()
