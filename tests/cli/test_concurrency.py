"""Many acctctl processes at once against one store (SPEC.md §6): every process succeeds
within the busy timeout, no update is lost, and R2, R9 and R14 hold afterwards. The flips of
the same users, where a lost update would show, run on both engines."""
import concurrent.futures
import json
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT
from pg_case import PgCase

WORKERS = 8
ADDS_PER_WORKER = 25
FLIPS_PER_WORKER = 20


class ManyProcesses:
    """What both engines' cases share; a subclass says which store."""

    def setUp(self):
        super().setUp()
        self.world()
        self.ok("clients", "add", "Fresh Co", "--practice", "Ledger & Co")
        self.env["ACCTCTL_ACTOR"] = SUPPORT
        self.env["ACCTCTL_BUSY_TIMEOUT_MS"] = "30000"

    def acctctl(self, *args):
        p = subprocess.run([BIN, *args, "-o", "jsonl"], capture_output=True, text=True,
                           env=self.env, timeout=300)
        rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
        return p.returncode, rows, p.stderr

    def run_parallel(self, job, jobs):
        with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
            return list(pool.map(job, jobs))

    def assert_invariants(self):
        r = self.ok("check", "-o", "json")
        failed = [c for c in r.json() if not c["ok"]]
        self.assertEqual(failed, [])

    def test_workers_flipping_the_same_users(self):
        """No update is lost (SPEC §6): replayed in id order, the serial order of the audit
        trail, every deactivation or enable starts from the status the events before it left,
        and the last one leaves the status `users list` shows. Two writers that both read
        "active" and both deactivated would leave two events that start from "active"."""
        users = self.users()
        flipped = {users[name]["id"]: name for name in ("Ben Baker", "Dora Docs")}
        refs = ["ben", str(users["Dora Docs"]["id"])]
        status = {user_id: users[name]["status"] for user_id, name in flipped.items()}

        def worker(w):
            changes, codes = 0, []
            for i in range(FLIPS_PER_WORKER):
                command = "deactivate" if (w + i) % 2 == 0 else "enable"
                extra = ["--yes"] if command == "deactivate" else []
                code, rows, _ = self.acctctl("users", command, "--client", "Acme Ltd", *refs,
                                             *extra)
                codes.append(code)
                changes += sum(1 for row in rows if row["result"] in ("deactivated", "enabled"))
            return changes, codes

        newest_before = self.js("audit", "list", "--limit", "1")[0]["id"]
        outcomes = self.run_parallel(worker, range(WORKERS))
        self.assertEqual({code for _, codes in outcomes for code in codes}, {0})
        events = sorted((e for e in self.js("audit", "list", "--limit", "0")
                         if e["id"] > newest_before), key=lambda e: e["id"])
        changes = sum(changes for changes, _ in outcomes)
        self.assertEqual(len(events), changes, "audit events and reported changes disagree (R13)")
        after = {"user.deactivate": "deactivated", "user.enable": "active"}
        for event in events:
            user_id = event["user_id"]
            self.assertIn(user_id, flipped, event)
            self.assertIn(event["action"], after, event)
            name, left = flipped[user_id], status[user_id]
            self.assertEqual(event["detail"]["status"],
                             {"before": left, "after": after[event["action"]]},
                             f"event {event['id']} ({event['action']} of {name}) does not start "
                             f"from {left}, where the events before it left {name}: a lost update")
            status[user_id] = after[event["action"]]
        self.assertGreater(len(events), WORKERS, "too few flips to race")
        final = {u["id"]: u["status"] for u in self.users().values() if u["id"] in flipped}
        self.assertEqual(final, status, "users list disagrees with the audit trail's last events")
        self.assert_invariants()


class Concurrency(ManyProcesses, AcctctlCase):
    def test_parallel_adds_into_one_fresh_client(self):
        def worker(w):
            results = []
            for i in range(ADDS_PER_WORKER):
                code, rows, err = self.acctctl("users", "add", "--client", "Fresh Co", "--name",
                                               f"W{w} U{i}", "--email", f"w{w}u{i}@fresh.test")
                results.append((code, rows, err))
            return results

        events_before = len(self.js("audit", "list", "--limit", "0"))
        outcomes = [r for batch in self.run_parallel(worker, range(WORKERS)) for r in batch]
        self.assertEqual([code for code, _, _ in outcomes if code != 0], [],
                         [err for code, _, err in outcomes if code != 0][:3])
        added = sum(1 for _, rows, _ in outcomes for row in rows if row["result"] == "added")
        self.assertEqual(added, WORKERS * ADDS_PER_WORKER)

        users = self.users("Fresh Co")
        self.assertEqual(len(users), WORKERS * ADDS_PER_WORKER)
        owners = [u for u in users.values() if u["owner"]]
        self.assertEqual(len(owners), 1, "the first-user race made more than one owner (R2)")
        events = len(self.js("audit", "list", "--limit", "0"))
        self.assertEqual(events - events_before, added)
        self.assert_invariants()

    def test_two_first_users_at_once_make_one_owner(self):
        for round_ in range(5):
            client = f"Race {round_}"
            self.ok("clients", "add", client, "--practice", "Ledger & Co")
            outcomes = self.run_parallel(
                lambda w: self.acctctl("users", "add", "--client", client, "--name", f"First {w}",
                                       "--email", f"first{w}@race{round_}.test"),
                range(WORKERS))
            self.assertTrue(all(code == 0 for code, _, _ in outcomes))
            owners = [u for u in self.users(client).values() if u["owner"]]
            self.assertEqual(len(owners), 1)

    def test_parallel_alert_assignments_leave_one_recipient(self):
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Eve", "--email", "eve@acme.test")
        people = ["ann@acme.test", "ben", "eve@acme.test"]
        outcomes = self.run_parallel(
            lambda w: [self.acctctl("portal", "alerts", "--client", "Acme Ltd", people[(w + i) % 3])
                       for i in range(10)],
            range(WORKERS))
        self.assertTrue(all(code == 0 for batch in outcomes for code, _, _ in batch))
        flagged = [u for u in self.users().values() if u["alert_recipient"]]
        self.assertEqual(len(flagged), 1)
        self.assert_invariants()


class PostgresConcurrency(ManyProcesses, PgCase):
    """The flips on the PostgreSQL store, where each writer locks the client account's row."""
