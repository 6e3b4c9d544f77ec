"""What the audit chain costs (issue 24's speed lines), side by side in one run.

    python3 bench/chain_cost.py --bin build/acctctl --baseline-bin /tmp/no-chain/build/acctctl \
        [--users 200000] [--refs 100000] [--runs 5]

--baseline-bin is this same commit with bench/no_chain.patch applied: it neither reads the
chains' heads nor stamps and hashes the events (connected_as, batch and hash stay empty), and
is otherwise the same code, schema, SQLite and build type, so what the chain adds is the
difference. Build it with
    git worktree add /tmp/no-chain HEAD && git -C /tmp/no-chain apply bench/no_chain.patch &&
    cmake -S /tmp/no-chain -B /tmp/no-chain/build -G Ninja -DCMAKE_BUILD_TYPE=Release &&
    cmake --build /tmp/no-chain/build --target acctctl
(An older commit is not a fair baseline: the one before the chains, 2caa4ba, also had IN-list
CHECKs that build a temporary B-tree per row and permissions in rows of their own.) The bench
checks that the baseline's events carry no hash and this binary's do.

On a SQLite file, alternating the two binaries: onboarding of --users from CSV (one event per
user) and a deactivation of --refs of them from stdin (one event each). Then, for this binary
only, `audit verify` against `audit list -o jsonl --limit 0` over the same events, with the
peak memory of each (GNU time). Targets: the chain adds at most 10%; verify at most 2x the list.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SUPPORT = "support@vendor.test"


def timed(binary, db, args, env, stdin_path=None):
    # The previous step's writes (a 200,000-user store is 200 MB) are still being written back
    # by the kernel; without this, the next command's fsync waits for them, and the side whose
    # rows are wider pays for its previous step too.
    os.sync()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "maxrss %M", binary, "--db", db, *args],
                          stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                          check=False)
    seconds = time.monotonic() - start
    if stdin_path:
        stdin.close()
    err = proc.stderr.decode()
    if proc.returncode != 0:
        sys.exit(f"{binary} {' '.join(args)}: exit {proc.returncode}: {err}")
    rss = int(re.search(r"maxrss (\d+)", err).group(1))
    return seconds, rss


def fresh_store(binary, folder, env, name):
    db = os.path.join(folder, name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    for step in (["init", "--support-email", SUPPORT, "-q"],
                 ["practices", "add", "Bench Practice", "-q"],
                 ["clients", "add", "Big Client Ltd", "--practice", "Bench Practice", "-q"]):
        timed(binary, db, step, env)
    return db


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--baseline-bin", required=True)
    parser.add_argument("--users", type=int, default=200000)
    parser.add_argument("--refs", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binaries = {"chained": os.path.abspath(args.bin), "before": os.path.abspath(args.baseline_bin)}
    folder = tempfile.mkdtemp(prefix="acctctl-chain-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
    env.update(ACCTCTL_ACTOR=SUPPORT, HOME=folder)
    try:
        users_csv = os.path.join(folder, "users.csv")
        refs = os.path.join(folder, "refs.txt")
        with open(users_csv, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"Bench User {i},user{i}@bench.test\n"
                                             for i in range(args.users)))
        with open(refs, "w", encoding="utf-8") as f:
            f.writelines(f"user{i}@bench.test\n" for i in range(1, 2 * args.refs, 2))
        times = {(b, w): [] for b in binaries for w in ("add", "deactivate")}
        for _ in range(args.runs):
            for label, binary in binaries.items():
                db = fresh_store(binary, folder, env, f"{label}.db")
                add = ["users", "add", "--client", "Big Client Ltd", "--csv", users_csv, "-q"]
                times[(label, "add")].append(timed(binary, db, add, env)[0])
                deactivate = ["users", "deactivate", "--client", "Big Client Ltd", "-", "--yes",
                              "-q"]
                times[(label, "deactivate")].append(timed(binary, db, deactivate, env, refs)[0])
        for label in binaries:
            hashed = subprocess.run(["sqlite3", os.path.join(folder, f"{label}.db"),
                                     "SELECT count(*) FROM audit_events WHERE hash <> ''"],
                                    capture_output=True, text=True, check=True).stdout.strip()
            if (hashed != "0") != (label == "chained"):
                sys.exit(f"--{'bin' if label == 'chained' else 'baseline-bin'}: {hashed} events "
                         "hashed; the baseline must write no chain and --bin must")
        print(f"{'workload':28} {'no chain':>9} {'chained':>9} {'ratio':>7}  (target <= 1.10)")
        for work, label in (("add", f"onboard {args.users}"), ("deactivate", f"deactivate {args.refs}")):
            before = statistics.median(times[("before", work)])
            chained = statistics.median(times[("chained", work)])
            print(f"{label:28} {before:7.2f} s {chained:7.2f} s {chained / before:7.2f}")
        db = os.path.join(folder, "chained.db")
        listing = [timed(binaries["chained"], db, ["audit", "list", "-o", "jsonl", "--limit", "0"],
                         env) for _ in range(args.runs)]
        verify = [timed(binaries["chained"], db, ["audit", "verify"], env) for _ in range(args.runs)]
        events = args.users + args.refs + 3
        list_s, verify_s = (statistics.median(t for t, _ in x) for x in (listing, verify))
        list_kb, verify_kb = (max(m for _, m in x) for x in (listing, verify))
        print(f"{'audit list -o jsonl':28} {list_s:7.2f} s  {list_kb / 1024:6.1f} MiB  ({events} events)")
        print(f"{'audit verify':28} {verify_s:7.2f} s  {verify_kb / 1024:6.1f} MiB  "
              f"ratio {verify_s / list_s:.2f} (target <= 2)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
