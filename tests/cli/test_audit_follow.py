"""audit follow (SPEC §4.1) under parallel writers and restarts, on both engines: every event
printed once, oldest first, although PostgreSQL's writers commit out of id order."""
import concurrent.futures
import json
import signal
import subprocess
import threading
import time

from acctctl_case import AcctctlCase, BIN, MEMBER, SUPPORT
from pg_case import PgCase

WRITERS = 8
WRITES_PER_WRITER = 12


class Follower:
    """`acctctl audit follow` in the background; a thread collects the events it prints."""

    def __init__(self, case, *args, actor=SUPPORT):
        self.proc = subprocess.Popen([BIN, "audit", "follow", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=dict(case.env, ACCTCTL_ACTOR=actor))
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        case.addCleanup(self.kill)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.decode())

    def events(self):
        """What it printed so far, each line whole (a killed follower may leave half a line)."""
        return [json.loads(line) for line in list(self.lines) if line.endswith("\n")]

    def wait_for(self, ids, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if set(ids) <= {e["id"] for e in self.events()}:
                return True
            time.sleep(0.05)
        return False

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=10)
        self.reader.join(timeout=10)
        return code, self.proc.stderr.read().decode()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()


class FollowTests:
    """The cases of both engines; a subclass says which store."""

    def setUp(self):
        super().setUp()
        self.world()
        for n in range(WRITERS):
            self.ok("clients", "add", f"Writer {n}", "--practice", "Ledger & Co")
        self.env["ACCTCTL_BUSY_TIMEOUT_MS"] = "30000"
        self.env["ACCTCTL_ACTOR"] = SUPPORT  # the writers'

    def last_id(self):
        return self.js("audit", "list", "--limit", "1")[0]["id"]

    def all_ids_after(self, after):
        return sorted(e["id"] for e in self.js("audit", "list", "--limit", "0") if e["id"] > after)

    def write(self, n):
        """One writer: users added to its own client, one command each."""
        for i in range(WRITES_PER_WRITER):
            p = subprocess.run([BIN, "users", "add", "--client", f"Writer {n}", "--name",
                                f"W{n} U{i}", "--email", f"w{n}u{i}@writer.test"],
                               capture_output=True, text=True, env=self.env, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr)

    def test_parallel_writers_and_restarts_print_every_event_exactly_once(self):
        start = self.last_id()
        runs = []  # the events of each follower run, in the order it printed them
        follower = Follower(self, "--after", str(start))
        with concurrent.futures.ThreadPoolExecutor(max_workers=WRITERS) as pool:
            writers = [pool.submit(self.write, n) for n in range(WRITERS)]
            restarts = 0
            while not all(w.done() for w in writers):
                # Running, past its start: a signal before acctctl sets its handlers ends it
                # the default way (-15), which says nothing of resuming (slow under ASan).
                end = time.monotonic() + 10
                while (not follower.events() and time.monotonic() < end
                       and not all(w.done() for w in writers)):
                    time.sleep(0.05)
                if not follower.events():
                    break
                time.sleep(0.1)
                # Stopped as a supervisor would, and every other time killed outright, then
                # resumed after the last id it printed.
                sig = signal.SIGKILL if restarts % 2 == 1 else signal.SIGTERM
                code, err = follower.stop(sig)
                self.assertEqual(code, -9 if sig == signal.SIGKILL else 143, err)
                runs.append(follower.events())
                resume = max([start] + [e["id"] for run in runs for e in run])  # the last printed
                follower = Follower(self, "--after", str(resume))
                restarts += 1
            for w in writers:
                w.result()
        expected = self.all_ids_after(start)
        self.assertEqual(len(expected), WRITERS * WRITES_PER_WRITER)
        earlier = {e["id"] for run in runs for e in run}
        self.assertTrue(follower.wait_for([i for i in expected if i not in earlier]),
                        "the last follower did not catch up")
        code, err = follower.stop(signal.SIGINT)
        self.assertEqual(code, 130, err)
        runs.append(follower.events())
        self.assertGreaterEqual(restarts, 2, "the writers ended before the follower restarted")
        printed = [e["id"] for run in runs for e in run]
        self.assertEqual(printed, expected, "not every event exactly once, oldest first")
        self.assertIn(f"stopped: resume with --after {expected[-1]}", err)

    def test_a_follower_holds_no_lock_against_writers(self):
        follower = Follower(self)
        time.sleep(0.5)  # a few polls
        self.env["ACCTCTL_BUSY_TIMEOUT_MS"] = "1000"
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--role", "viewer")
        self.assertTrue(follower.wait_for([self.last_id()]))

    def test_follow_options_are_checked_before_it_starts(self):
        self.expect(2, "audit", "follow", "-o", "table")
        self.expect(2, "audit", "follow", "-o", "json")
        self.expect(2, "audit", "follow", "--after", "-1")
        self.expect(2, "audit", "follow", "--after", "0x10")
        self.expect(3, "audit", "follow", "--client", "Nobody Inc")
        self.expect(5, "audit", "follow", "--client", "Birch LLC", actor=MEMBER)

    def test_tsv_prints_its_header_once_and_a_row_per_event(self):
        follower = Follower(self, "--after", str(self.last_id()), "-o", "tsv", "--headers",
                            "--client", "Acme Ltd")
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--role", "viewer")
        self.ok("users", "edit", "cy@birch.test", "--client", "Birch LLC", "--role", "viewer")
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--role", "standard")
        end = time.monotonic() + 5
        while len(follower.lines) < 3 and time.monotonic() < end:
            time.sleep(0.05)
        follower.stop()
        header, *rows = [line.rstrip("\n").split("\t") for line in follower.lines]
        self.assertEqual(header[:4], ["id", "at", "actor", "action"])
        self.assertEqual([(r[3], r[5]) for r in rows], [("user.edit", "Acme Ltd")] * 2)


class SqliteFollow(FollowTests, AcctctlCase):
    pass


class PostgresFollow(FollowTests, PgCase):
    def test_an_event_committed_after_a_later_one_is_neither_lost_nor_repeated(self):
        """Writer A takes its event id, then stays in its transaction for 2 s (a trigger the
        test adds); writer B takes a later id and commits at once. A follower stopped after B
        committed and resumed after what it printed must still print A, and B once."""
        acme = self.js("clients", "show", "Acme Ltd")["id"]
        self.psql(f"""
            CREATE FUNCTION slow_acme() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM new_events WHERE client_id = {acme}) THEN
                PERFORM pg_sleep(2);
              END IF;
              RETURN NULL;
            END $$;
            CREATE TRIGGER slow_acme AFTER INSERT ON audit_events REFERENCING NEW TABLE AS
              new_events FOR EACH STATEMENT EXECUTE FUNCTION slow_acme();""")
        start = self.last_id()
        first = Follower(self, "--after", str(start))
        slow = subprocess.Popen([BIN, "users", "edit", "ben", "--client", "Acme Ltd", "--role",
                                 "viewer"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=self.env)
        time.sleep(0.7)  # A holds its id, sleeping in the trigger
        self.ok("users", "edit", "cy@birch.test", "--client", "Birch LLC", "--role", "viewer")
        self.assertIsNone(slow.poll(), "writer A ended before B: the test proves nothing")
        time.sleep(0.6)  # a follower that printed B now would have done so by this time
        code, err = first.stop()
        self.assertEqual(code, 143, err)
        printed = first.events()
        resume = printed[-1]["id"] if printed else start
        second = Follower(self, "--after", str(resume))
        self.assertEqual(slow.wait(timeout=30), 0, slow.stderr.read())
        slow.stderr.close()
        events = {e["client"]: e["id"] for e in self.js("audit", "list", "--limit", "2")}
        self.assertLess(events["Acme Ltd"], events["Birch LLC"], "A's id is not below B's")
        self.assertTrue(second.wait_for([events["Acme Ltd"], events["Birch LLC"]]),
                        f"an event was lost across the restart: {printed} {second.events()}")
        second.stop()
        ids = [e["id"] for e in printed + second.events()]
        self.assertEqual(ids, sorted(events.values()))
