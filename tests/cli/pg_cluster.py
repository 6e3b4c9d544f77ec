"""A PostgreSQL server of a test's own (initdb, pg_ctl: PostgreSQL's server binaries, from the
postgresql package) on a loopback port, for what the shared test server must not be put
through: stopped, promoted, or made to speak TLS under every other test."""
import os
import shutil
import socket
import subprocess
import tempfile
import unittest

PG_BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnClusterCase(unittest.TestCase):
    def setUp(self):
        self.assertTrue(os.path.exists(f"{PG_BIN}/initdb"), "PostgreSQL 15's server binaries "
                        "are missing: apt-get install postgresql")
        self.dir = tempfile.mkdtemp(prefix="acctctl-cluster-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.as_postgres = []
        if os.getuid() == 0:  # the server refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def server(self, *argv):
        p = subprocess.run([*self.as_postgres, *argv], capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, f"{argv[0]}: {p.stdout}{p.stderr}")

    def initdb(self, data, settings):
        """A new cluster in `data`, trusting loopback logins, with `settings` (lines of
        postgresql.conf) after listening on 127.0.0.1 only."""
        self.server(f"{PG_BIN}/initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C", "-D", data)
        with open(os.path.join(data, "postgresql.auto.conf"), "a", encoding="utf-8") as f:
            f.write("listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                    "fsync = off\n" + settings)

    def start(self, data, port):
        self.server(f"{PG_BIN}/pg_ctl", "-D", data, "-w", "-l", f"{data}.log", "-o",
                    f"-p {port}", "start")
        self.addCleanup(subprocess.run, [*self.as_postgres, f"{PG_BIN}/pg_ctl", "-D", data,
                                         "-m", "immediate", "stop"], capture_output=True)

    def psql(self, port, sql, database="accounts"):
        p = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p", str(port), "-U",
                            "postgres", "-d", database, "-c", sql], capture_output=True,
                           text=True, timeout=60, env=dict(os.environ, PGPASSWORD=""))
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()
