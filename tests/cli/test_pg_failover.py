"""Servers that come and go (issue 26): a connection that fails before anything was sent is
tried again with backoff until the busy timeout — a restart, a failover — and a write that
reaches a read-only server says what to put in the URL, or, on a multi-host URL, waits for the
new primary. Failures name every host tried."""
import os
import socket
import subprocess
import time

from acctctl_case import BIN, SUPPORT
from pg_case import DelayingRelay, PgCase


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServersComeAndGo(PgCase):
    def setUp(self):
        super().setUp()
        self.port = int(os.environ.get("PGPORT", "5432"))

    def start(self, *args, env=None):
        return subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})))

    def read_only(self, on):
        verb = "SET default_transaction_read_only = on" if on else \
            "RESET default_transaction_read_only"
        self.psql(f"ALTER DATABASE {self.database} {verb}", "postgres")

    def test_a_server_that_comes_up_within_the_busy_timeout_is_reached(self):
        self.world()
        port = free_port()
        proc = self.start("users", "list", "--client", "Acme Ltd", env={
            "ACCTCTL_DB": f"postgresql://127.0.0.1:{port}/{self.database}",
            "ACCTCTL_BUSY_TIMEOUT_MS": "20000"})
        time.sleep(0.7)  # refused meanwhile: nothing listens on the port
        self.assertIsNone(proc.poll(), "acctctl gave up on a server that was not up yet")
        relay = DelayingRelay(self.port, 0, port=port)
        self.addCleanup(relay.stop)
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("Ann Able", out)

    def test_a_server_that_stays_down_is_exit_1_naming_every_host(self):
        first, second = free_port(), free_port()
        r = self.expect(1, "users", "list", env={
            "ACCTCTL_DB": f"postgresql://127.0.0.1:{first},127.0.0.1:{second}/{self.database}",
            "ACCTCTL_BUSY_TIMEOUT_MS": "300"})
        lines = r.err.splitlines()
        self.assertEqual(len(lines), 1, r.err)
        self.assertIn(f'port {first} failed: Connection refused; connection to server at '
                      f'"127.0.0.1", port {second} failed: Connection refused', lines[0])
        self.assertRegex(lines[0], r"\(tried again for \d+ ms: ACCTCTL_BUSY_TIMEOUT_MS\)$")

    def silent_server(self):
        """A port whose server completes TCP's handshake and then never says a word, as a
        host that has hung, or one a firewall drops packets for, looks to a client."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # never accepted: the kernel's backlog completes the handshakes
        self.addCleanup(listener.close)
        return listener.getsockname()[1]

    def test_a_host_that_never_answers_is_given_up_after_the_busy_timeout(self):
        """libpq waits for ever on such a host unless a connect_timeout is set: acctctl sets
        one from the busy timeout (the URL's own wins)."""
        silent = self.silent_server()
        start = time.monotonic()
        r = self.expect(1, "users", "list", env={
            "ACCTCTL_DB": f"postgresql://127.0.0.1:{silent}/{self.database}",
            "ACCTCTL_BUSY_TIMEOUT_MS": "2000"})
        self.assertLess(time.monotonic() - start, 8)
        self.assertIn(f"port {silent} failed: timeout expired", r.err)
        start = time.monotonic()
        self.expect(1, "users", "list", env={
            "ACCTCTL_DB": f"postgresql://127.0.0.1:{silent}/{self.database}?connect_timeout=4",
            "ACCTCTL_BUSY_TIMEOUT_MS": "2000"})
        self.assertGreater(time.monotonic() - start, 3.5)

    def test_a_multi_host_url_goes_past_a_host_that_never_answers(self):
        self.world()
        silent = self.silent_server()
        start = time.monotonic()
        r = self.ok("users", "list", "--client", "Acme Ltd", env={
            "ACCTCTL_DB": f"postgresql://127.0.0.1:{silent},127.0.0.1:{self.port}/{self.database}",
            "ACCTCTL_BUSY_TIMEOUT_MS": "2000"})
        self.assertIn("Ann Able", r.out)
        self.assertLess(time.monotonic() - start, 8)

    def test_a_refused_login_is_not_tried_again(self):
        self.world()
        start = time.monotonic()
        r = self.expect(1, "users", "list", env={
            "ACCTCTL_DB": f"postgresql://no_such_role@127.0.0.1:{self.port}/{self.database}",
            "ACCTCTL_BUSY_TIMEOUT_MS": "20000"})
        self.assertLess(time.monotonic() - start, 10)  # not the 20 s of the busy timeout
        self.assertNotIn("tried again", r.err)

    def test_a_write_on_a_read_only_server_says_what_to_put_in_the_url(self):
        self.world()
        self.read_only(True)
        before = self.psql("SELECT count(*) FROM client_users")
        self.assertIn("Ann Able", self.ok("users", "list", "--client", "Acme Ltd").out)
        r = self.expect(1, "users", "add", "--client", "Acme Ltd", "--name", "Zed Zee",
                        "--no-login", env={"ACCTCTL_BUSY_TIMEOUT_MS": "20000"})
        self.assertEqual(r.err.splitlines(), [
            f"acctctl: error: connected to a read-only server at {self.db}: a standby, or a "
            "database that is read-only; writes need the primary: use "
            "target_session_attrs=read-write in the URL; nothing changed"])
        self.assertEqual(self.psql("SELECT count(*) FROM client_users"), before)

    def test_a_multi_host_url_waits_for_the_new_primary(self):
        """Both hosts answer read-only, as mid-failover; a moment later writes are taken
        again. The write reaches it without the user doing anything."""
        self.world()
        hosts = f"127.0.0.1:{self.port},localhost:{self.port}"
        for attrs in ("", "?target_session_attrs=read-write"):
            with self.subTest(url_options=attrs):
                self.read_only(True)
                name = f"Zed {len(attrs)}"
                proc = self.start("users", "add", "--client", "Acme Ltd", "--name", name,
                                  "--no-login", env={
                    "ACCTCTL_DB": f"postgresql://{hosts}/{self.database}{attrs}",
                    "ACCTCTL_BUSY_TIMEOUT_MS": "20000"})
                time.sleep(0.7)
                self.assertIsNone(proc.poll(), "acctctl did not wait for a primary")
                self.read_only(False)
                out, err = proc.communicate(timeout=30)
                self.assertEqual(proc.returncode, 0, err)
                self.assertIn(name, self.users())


if __name__ == "__main__":
    import unittest
    unittest.main()
