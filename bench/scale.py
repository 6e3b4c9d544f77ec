"""Interactive commands cost the same whatever the store's size (issue 10's scale check).

Two stores hold the same practice, Focus, with one client, Acme Ltd, of 1,000 users, its
admin Ada, and a member, Mia, who is granted Acme Ltd. The small store holds nothing else (1,000 users).
The big one also holds `clients - 1` other clients of `users_per_client` users each, in other
practices, with their audit events (1,000,000 users across 1,000 clients by default), and Acme
Ltd's rows are the oldest in it. Each command runs as Mia (a grant) or Ada (a practice) on
both stores, alternately, and the ratio of the medians must stay within 2. Called by run.py.
"""
import os
import shutil
import subprocess
import tempfile

from ratios import side_by_side, timed

SUPPORT = "support@vendor.test"
MEMBER = "mia@focus.test"
ADMIN = "ada@focus.test"
GOAL = 2.0


class Scale:
    def __init__(self, binary, clients, users_per_client, runs):
        self.bin, self.clients, self.per_client, self.runs = (binary, clients, users_per_client,
                                                              runs)
        self.dir = tempfile.mkdtemp(prefix="acctctl-scale-")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
        self.env.update(HOME=self.dir)
        self.rows = []  # (command, small store s, big store s, goal)

    def run(self, db, *args, actor=SUPPORT, stdin_path=None):
        env = dict(self.env, ACCTCTL_DB=db, ACCTCTL_ACTOR=actor)
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            subprocess.run([self.bin, *args, "-q"], env=env, stdin=stdin, check=True,
                           stdout=subprocess.DEVNULL)
        finally:
            if stdin_path:
                stdin.close()

    def users_csv(self, prefix):
        path = os.path.join(self.dir, f"{prefix}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\n")
            for i in range(self.per_client):
                f.write(f"{prefix.capitalize()} User {i},user{i}@{prefix}.test\n")
        return path

    def build(self, name, other_clients):
        """A store with Acme Ltd and Mia, then `other_clients` more clients full of users."""
        db = os.path.join(self.dir, name)
        self.run(db, "init", "--support-email", SUPPORT)
        self.run(db, "practices", "add", "Focus")
        self.run(db, "staff", "add", "--practice", "Focus", "--email", MEMBER, "--name", "Mia")
        self.run(db, "staff", "add", "--practice", "Focus", "--role", "admin", "--email", ADMIN,
                 "--name", "Ada")
        self.run(db, "clients", "add", "Acme Ltd", "--practice", "Focus")
        self.run(db, "access", "grant", MEMBER, "Acme Ltd")
        self.run(db, "users", "add", "--client", "Acme Ltd", "--csv", self.users_csv("acme"))
        practices = max(1, other_clients // 100)
        for p in range(practices):
            self.run(db, "practices", "add", f"Practice {p}")
        for c in range(other_clients):
            client = f"Client {c}"
            self.run(db, "clients", "add", client, "--practice", f"Practice {c % practices}")
            self.run(db, "users", "add", "--client", client, "--csv", self.users_csv(f"c{c}"))
        return db

    def measure(self):
        small = self.build("small.db", 0)
        big = self.build("big.db", self.clients - 1)
        acting = lambda actor, db, *args: lambda: timed([self.bin, *args], env=dict(
            self.env, ACCTCTL_DB=db, ACCTCTL_ACTOR=actor))
        as_mia = lambda db, *args: acting(MEMBER, db, *args)
        commands = [
            ("users list --client C --search TEXT", MEMBER,
             ["users", "list", "--client", "Acme Ltd", "--search", "user 99"]),
            ("clients list (a member)", MEMBER, ["clients", "list"]),
            ("clients list (a practice admin)", ADMIN, ["clients", "list"]),
            ("audit list --limit 100 (a member)", MEMBER, ["audit", "list", "--limit", "100"]),
            ("audit list --limit 100 (a practice admin)", ADMIN,
             ["audit", "list", "--limit", "100"]),
            ("users show USER", MEMBER, ["users", "show", "user500@acme.test"]),
        ]
        for label, actor, args in commands:
            big_s, small_s = side_by_side(self.runs, acting(actor, big, *args),
                                          acting(actor, small, *args))
            self.rows.append((label, small_s, big_s, GOAL))
        # One user, deactivated then enabled again, so that every run has work to do.
        enable = lambda db: lambda: self.run(db, "users", "enable", "--client", "Acme Ltd",
                                             "user7@acme.test", actor=MEMBER)
        deactivate = ["users", "deactivate", "--client", "Acme Ltd", "user7@acme.test", "--yes"]
        big_s, small_s = [], []
        for _ in range(self.runs):
            for db, times in ((big, big_s), (small, small_s)):
                times.append(as_mia(db, *deactivate)())
                enable(db)()
        median = lambda values: sorted(values)[len(values) // 2]
        self.rows.append(("users deactivate, one user", median(small_s), median(big_s), GOAL))
        return self.rows

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
