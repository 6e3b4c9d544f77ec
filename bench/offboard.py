"""Issue 23's offboarding target: a person in 100 client accounts, offboarded in one
transaction, against a one-client `users deactivate` of one user, on the same store.

    python3 bench/offboard.py --bin build/acctctl [--clients 1000] [--users-per-client 1000]
        [--in-clients 100] [--runs 5] [--keep PATH]

One SQLite store of --clients clients of --users-per-client users each (1,000,000 users by
default); Pat Temp (pat@temp.test, a username of their own in each) is a user of the first
--in-clients of them. Alternating, as support: `users offboard pat@temp.test --yes` (then
`users enable` in each client, untimed) and `users deactivate --client 'Client 0' pat-0
--yes` (then enabled again, untimed). Reported: the medians and their ratio; the target is at
most 2. --keep PATH keeps the store there, and uses it again if it exists (to profile).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

from ratios import timed

SUPPORT = "support@vendor.test"


def build_store(run, args, folder):
    run("init", "--support-email", SUPPORT)
    run("practices", "add", "Focus")
    csv_path = os.path.join(folder, "users.csv")
    for c in range(args.clients):
        with open(csv_path, "w", encoding="utf-8") as f:
            f.write("name,email,username\n")  # the first row is the owner: not Pat
            f.writelines(f"User {i},user{i}@c{c}.test,u{i}-c{c}\n"
                         for i in range(args.users_per_client - (c < args.in_clients)))
            if c < args.in_clients:
                f.write(f"Pat Temp,pat@temp.test,pat-{c}\n")
        run("clients", "add", f"Client {c}", "--practice", "Focus")
        run("users", "add", "--client", f"Client {c}", "--csv", csv_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--users-per-client", type=int, default=1000)
    parser.add_argument("--in-clients", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    folder = tempfile.mkdtemp(prefix="acctctl-offboard-")
    db = os.path.abspath(args.keep) if args.keep else os.path.join(folder, "store.db")
    built = args.keep and os.path.exists(db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
    env.update(HOME=folder, ACCTCTL_DB=db, ACCTCTL_ACTOR=SUPPORT)

    def run(*command):
        subprocess.run([binary, *command, "-q"], env=env, check=True, stdout=subprocess.DEVNULL)

    try:
        if not built:
            build_store(run, args, folder)
        offboard = [binary, "users", "offboard", "pat@temp.test", "--yes"]
        deactivate = [binary, "users", "deactivate", "--client", "Client 0", "pat-0", "--yes"]
        offboard_s, deactivate_s = [], []
        for _ in range(args.runs):
            offboard_s.append(timed(offboard, env=env))
            for c in range(args.in_clients):
                run("users", "enable", "--client", f"Client {c}", f"pat-{c}")
            deactivate_s.append(timed(deactivate, env=env))
            run("users", "enable", "--client", "Client 0", "pat-0")
        one, many = statistics.median(deactivate_s), statistics.median(offboard_s)
        users = args.clients * args.users_per_client
        print(f"{'workload':<44} {'seconds':>8}  (store of {users:,} users in {args.clients:,} "
              "clients)")
        print(f"{'users deactivate, one user of one client':<44} {one:>8.3f}")
        print(f"{f'users offboard, a person in {args.in_clients} clients':<44} {many:>8.3f}  "
              f"ratio {many / one:.2f} (target <= 2)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
