"""A primary, its streaming replica, and a switchover in the middle of writes (issue 26): with a
multi-host URL and target_session_attrs=read-write, batches stay all-or-nothing, the commands
after the switch reach the new primary without the user doing anything, and nothing that
acctctl acknowledged (exit 0) is missing from it; what it did not acknowledge, it named.

The two servers are this test's own (initdb, pg_basebackup -R, pg_ctl promote: PostgreSQL's
server binaries, from the postgresql package), on loopback ports, since stopping the shared
test server would stop every other test."""
import concurrent.futures
import os
import subprocess
import time
import unittest

from acctctl_case import BIN, SUPPORT
from pg_cluster import PG_BIN, OwnClusterCase, free_port


class Switchover(OwnClusterCase):
    def setUp(self):
        super().setUp()
        self.primary, self.standby = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        self.ports = free_port(), free_port()
        self.initdb(self.primary, "wal_level = replica\nmax_wal_senders = 4\n")
        self.start(self.primary, self.ports[0])
        self.server(f"{PG_BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(self.ports[0]),
                    "-U", "postgres", "-D", self.standby, "-R", "-X", "stream")
        self.start(self.standby, self.ports[1])
        self.psql(self.ports[0], "CREATE DATABASE accounts", "postgres")
        hosts = ",".join(f"127.0.0.1:{port}" for port in self.ports)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "ACCTCTL_"))}
        self.env.update(HOME=self.dir, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="20000",
                        ACCTCTL_DB=f"postgresql://{hosts}/accounts?user=postgres&"
                                   "target_session_attrs=read-write")

    def acctctl(self, *args):
        p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120,
                           env=self.env, cwd=self.dir)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args):
        code, out, err = self.acctctl(*args)
        self.assertEqual(code, 0, f"acctctl {' '.join(args)}: {err}")
        return out

    def test_a_switchover_mid_writes_loses_nothing_acknowledged(self):
        self.ok("init", "--support-email", SUPPORT)
        self.ok("practices", "add", "Ledger & Co")
        self.ok("clients", "add", "Acme Ltd", "--practice", "Ledger & Co")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Ann", "--email", "a@acme.test")

        def batch(n):
            path = os.path.join(self.dir, f"b{n}.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("name,email\n" + "".join(f"B{n} U{i},b{n}u{i}@acme.test\n"
                                                 for i in range(50)))
            code, _, err = self.acctctl("users", "add", "--client", "Acme Ltd", "--csv", path,
                                        "-q")
            return n, code, err, time.monotonic()

        results, switched = [], None
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            writers = [pool.submit(self.write_until, batch, start) for start in (0, 1000)]
            time.sleep(1.0)
            self.server(f"{PG_BIN}/pg_ctl", "-D", self.primary, "-m", "fast", "-w", "stop")
            time.sleep(0.5)  # the writers meet no primary meanwhile
            self.server(f"{PG_BIN}/pg_ctl", "-D", self.standby, "-w", "promote")
            switched = time.monotonic()
            time.sleep(1.5)
            self.stop_writing = True
            for w in writers:
                results += w.result()
        counts = dict(line.split("|") for line in self.psql(self.ports[1], (
            "SELECT substring(name from '^B[0-9]+'), count(*) FROM client_users "
            "WHERE name LIKE 'B%' GROUP BY 1")).splitlines())
        acknowledged = [n for n, code, _, _ in results if code == 0]
        after = [n for n, code, _, ended in results if code == 0 and ended > switched]
        self.assertTrue(after, f"no write reached the new primary: {results}")
        for n, code, err, _ in results:
            held = int(counts.get(f"B{n}", "0"))
            self.assertIn(held, (0, 50), f"batch {n} is half there")  # all-or-nothing
            if code == 0:
                self.assertEqual(held, 50, f"batch {n} was acknowledged and is lost")
            else:  # only a batch in flight when the primary stopped, never one that started later
                self.assertEqual(code, 1, err)
                self.assertIn("lost the connection", err)
                if held:  # only an outcome acctctl said it could not know may be there
                    self.assertIn("outcome unknown", err)
        print(f"\nswitchover: {len(acknowledged)} batches acknowledged, "
              f"{len(results) - len(acknowledged)} refused, {len(after)} after the promotion")

    stop_writing = False

    def write_until(self, batch, start):
        done = []
        n = start
        while not self.stop_writing:
            done.append(batch(n))
            n += 1
        return done


if __name__ == "__main__":
    unittest.main()
