"""Issue 22's speed targets for scheduled access (R15, SPEC §3.2), on SQLite.

    python3 bench/due.py --bin build/acctctl [--clients 1000] [--users-per-client 1000]
        [--due 10] [--client-users 200000] [--client-due 100000] [--runs 5] [--stores DIR]

1. `due` with --due users of Acme Ltd due (their end set to an hour ago with `users edit
   --end -1h`) on the two stores of the scale check (bench/scale.py: Acme Ltd's 1,000 users
   alone, and with 999 more clients: 1,000,000 users): the big store's median within 2x of
   the small one's.
2. `due` in a store of one client of --client-users users, every other one ending an hour ago
   (the `end` column of `users add --csv`), --client-due in all, against `users deactivate -
   --yes` of the same users, refs on stdin: within 1.5x.
3. `users list --ending-before +30d` (as support, every client; and as the member Mia, who is
   granted Acme Ltd) on the stores of 1, where only those --due users end: within 2x.

`due` and `users deactivate` change the store, so each of their timed runs starts from a copy
of the prepared store, flushed to disk (not timed). The two sides alternate. --stores keeps
the stores of 1 in DIR and reuses them on the next run (building 1,000,000 users takes
minutes).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

from ratios import copy_store, side_by_side, timed
from scale import MEMBER, SUPPORT, Scale


def prepared_scale_stores(scale, folder, due):
    """The scale check's small and big stores, with `due` of Acme Ltd's users ending an hour
    ago (user0 is the owner, who cannot have an end)."""
    stores = []
    for name, other_clients in (("small.db", 0), ("big.db", scale.clients - 1)):
        db = os.path.join(folder, f"due-{name}")
        if not os.path.exists(db):
            built = scale.build(name, other_clients)
            for i in range(1, due + 1):
                scale.run(built, "users", "edit", "--client", "Acme Ltd", f"user{i}@acme.test",
                          "--end", "-1h")
            shutil.move(built, db)
        stores.append(db)
    return stores


def one_client_store(scale, folder, users, due):
    """One client of `users` users; `due` of them (every other one, from the second) end an
    hour ago. Returns the store and the file of their emails, one a line."""
    db = os.path.join(folder, "one-client.db")
    csv_path = os.path.join(folder, "one-client.csv")
    refs_path = os.path.join(folder, "one-client-refs.txt")
    with open(csv_path, "w", encoding="utf-8") as csv, \
            open(refs_path, "w", encoding="utf-8") as refs:
        csv.write("name,email,end\n")
        for i in range(users):
            ends = i % 2 == 1 and i < 2 * due
            csv.write(f"Bench User {i},user{i}@bench.test,{'-1h' if ends else ''}\n")
            if ends:
                refs.write(f"user{i}@bench.test\n")
    if os.path.exists(db):
        os.remove(db)
    scale.run(db, "init", "--support-email", SUPPORT)
    scale.run(db, "practices", "add", "Bench Practice")
    scale.run(db, "clients", "add", "Big Client Ltd", "--practice", "Bench Practice")
    scale.run(db, "users", "add", "--client", "Big Client Ltd", "--csv", csv_path)
    return db, refs_path


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--users-per-client", type=int, default=1000)
    parser.add_argument("--due", type=int, default=10)
    parser.add_argument("--client-users", type=int, default=200000)
    parser.add_argument("--client-due", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stores", help="keep the stores of 1 here, and reuse them")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    scale = Scale(binary, args.clients, args.users_per_client, args.runs)
    stores = args.stores or scale.dir
    os.makedirs(stores, exist_ok=True)
    as_actor = lambda actor, db, *command: lambda: timed([binary, *command], env=dict(
        scale.env, ACCTCTL_DB=db, ACCTCTL_ACTOR=actor))
    work = os.path.join(scale.dir, "work.db")
    rows = []  # (work, baseline label, seconds, baseline seconds, goal)
    try:
        small, big = prepared_scale_stores(scale, stores, args.due)
        big_s, small_s = [], []
        for _ in range(args.runs):  # alternating, each from a fresh copy
            for db, times in ((big, big_s), (small, small_s)):
                copy_store(db, work)
                times.append(as_actor(SUPPORT, work, "due", "-q")())
        users = args.clients * args.users_per_client
        rows.append((f"due, {args.due} due, {users:,} users",
                     f"{args.users_per_client:,} users", statistics.median(big_s),
                     statistics.median(small_s), 2.0))

        ending = ["users", "list", "--ending-before", "+30d"]
        for label, actor in (("support", SUPPORT), ("a member", MEMBER)):
            big_m, small_m = side_by_side(args.runs, as_actor(actor, big, *ending),
                                          as_actor(actor, small, *ending))
            rows.append((f"users list --ending-before +30d ({label}), {users:,} users",
                         f"{args.users_per_client:,} users", big_m, small_m, 2.0))

        db, refs = one_client_store(scale, scale.dir, args.client_users, args.client_due)
        due_m, deactivate_m = side_by_side(
            args.runs, as_actor(SUPPORT, work, "due", "-q"),
            lambda: timed([binary, "users", "deactivate", "--client", "Big Client Ltd", "-",
                           "--yes", "-q"], stdin_path=refs,
                          env=dict(scale.env, ACCTCTL_DB=work, ACCTCTL_ACTOR=SUPPORT)),
            prepare=lambda: copy_store(db, work))
        rows.append((f"due, {args.client_due:,} due in a client of {args.client_users:,}",
                     "users deactivate -", due_m, deactivate_m, 1.5))
    finally:
        scale.cleanup()
    missed = False
    print(f"{'work (median of ' + str(args.runs) + ' runs each)':60} {'seconds':>8}  "
          f"{'against':20} {'seconds':>8} {'ratio':>6}  goal")
    for label, against, seconds, baseline, goal in rows:
        ratio = seconds / baseline
        missed |= ratio > goal
        print(f"{label:60} {seconds:8.3f}  {against:20} {baseline:8.3f} {ratio:6.2f}  <= {goal}"
              f"{'' if ratio <= goal else '  MISSED'}")
    raise SystemExit(1 if missed else 0)


if __name__ == "__main__":
    main()
