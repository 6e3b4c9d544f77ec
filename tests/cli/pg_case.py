"""End-to-end helpers for the PostgreSQL store: a fresh database per test on the server that
libpq's environment names (pg_virtualenv sets PG*; .ci/test runs ctest under it). No server is
a failure, never a skip."""
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from acctctl_case import AcctctlCase

_databases = itertools.count(1)


class PgCase(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.database = f"acctctl_cli_{os.getpid()}_{next(_databases)}"
        p = subprocess.run(["createdb", self.database], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, "the PostgreSQL tests need a server: run them under "
                                          f"pg_virtualenv (as .ci/test does): {p.stderr}")
        self.db = f"postgresql:///{self.database}"
        self.env["ACCTCTL_DB"] = self.db

    def tearDown(self):
        subprocess.run(["dropdb", "--if-exists", "--force", self.database], capture_output=True)
        super().tearDown()

    def psql(self, sql, database=None):
        p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                            database or self.database, "-c", sql],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()

    def hold_lock(self, sql):
        """A psql session that runs `sql` in an open transaction and holds its locks until
        release() (a rollback) or release(commit=True) is called on what it returns."""
        proc = subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                                 self.database], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        proc.stdin.write(f"BEGIN;\n{sql};\nSELECT 'locked';\n")
        proc.stdin.flush()
        for line in proc.stdout:  # the statement's own rows, then the marker
            if line.strip() == "locked":
                break
        else:
            self.fail(f"psql could not take the lock: {proc.stderr.read()}")

        def release(commit=False):
            proc.stdin.write("COMMIT;\n" if commit else "ROLLBACK;\n")
            proc.stdin.close()
            proc.wait(timeout=30)
        return release


class DelayingRelay:
    """A TCP relay on loopback that holds every chunk `delay` seconds before passing it on,
    each way: a server `2 * delay` of round trip away. Bounded: it serves until stop().
    `requests` counts the round trips: the turns where the client speaks after the server
    has answered. A message that TCP splits into two chunks is still one turn."""

    def __init__(self, target_port, delay, port=0):
        self.target_port, self.delay = target_port, delay
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.stopped = False
        self.requests = 0
        self._turns = threading.Lock()
        self._pipes = []
        self._sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self._sockets += [client, server]
            answered = [True]  # per connection: the server spoke last (or nobody has yet)
            for a, b, to_server in ((client, server, True), (server, client, False)):
                pipe = threading.Thread(target=self._pipe, args=(a, b, to_server, answered),
                                        daemon=True)
                pipe.start()
                self._pipes.append(pipe)

    def _pipe(self, source, sink, to_server, answered):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self._turns:
                    if to_server and answered[0]:
                        self.requests += 1
                    answered[0] = not to_server
                time.sleep(self.delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def refuse(self):
        """Accepts no new connection (a blocked accept() wakes on shutdown, not on close)."""
        self.stopped = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()

    def cut(self):
        """Drops every open connection both ways, as a failed network or pooler does: the
        client sees its connection lost, the server sees nothing until it next writes."""
        for s in self._sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._sockets = []

    def stop(self):
        """Stops accepting and waits for the open connections to drain, so `requests` also
        counts the last chunk of a client that has just exited (its Terminate)."""
        self.refuse()
        for pipe in self._pipes:
            pipe.join(timeout=10)


class Bouncer:
    """PgBouncer 1.18 in transaction pooling on a loopback port, in front of the server that
    libpq's environment names, as tests/behind-pgbouncer starts it for the acceptance suite;
    `pool_size` server connections per database and user; `ignore` the startup parameters it
    lets through and drops. PgBouncer refuses to run as root: it runs as postgres then. stop()
    ends it."""

    def __init__(self, pool_size=20, ignore="extra_float_digits"):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._dir = tempfile.mkdtemp(prefix="acctctl-pgbouncer.")  # for postgres to read
        user = os.environ.get("PGUSER", "postgres")
        with open(os.path.join(self._dir, "users.txt"), "w", encoding="utf-8") as f:
            f.write(f'"{user}" "{os.environ.get("PGPASSWORD", "")}"\n')
        self._pidfile = os.path.join(self._dir, "pgbouncer.pid")
        ini = os.path.join(self._dir, "pgbouncer.ini")
        with open(ini, "w", encoding="utf-8") as f:
            f.write(f"""[databases]
* = host=127.0.0.1 port={os.environ.get("PGPORT", "5432")}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {self._dir}/users.txt
auth_user = {user}
auth_query = SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = $1
pool_mode = transaction
default_pool_size = {pool_size}
server_reset_query =
ignore_startup_parameters = {ignore}
logfile = {self._dir}/pgbouncer.log
pidfile = {self._pidfile}
""")
        run_as = []
        if os.getuid() == 0:
            for name in (self._dir, *(os.path.join(self._dir, f) for f in os.listdir(self._dir))):
                shutil.chown(name, "postgres")
            run_as = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*run_as, "pgbouncer", "-d", ini], check=True)
        end = time.monotonic() + 10
        while subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p", str(self.port),
                              "-d", "postgres", "-c", "SELECT 1"],
                             capture_output=True).returncode != 0:
            if time.monotonic() > end:
                raise RuntimeError(f"PgBouncer did not come up on port {self.port}")
            time.sleep(0.1)

    def url(self, database):
        return f"postgresql://127.0.0.1:{self.port}/{database}"

    def stop(self):
        try:
            with open(self._pidfile, encoding="utf-8") as f:
                os.kill(int(f.read()), 15)
        except (OSError, ValueError):
            pass
        shutil.rmtree(self._dir, ignore_errors=True)
