"""SPEC §6.3's cost line: row-level security and the audit chain's server check, measured.

    ../shared/tools/pgenv python3 bench/bound_role.py --bin build/acctctl [--users 200000] [--refs 100000]

One PostgreSQL store (TCP loopback, the server that libpq's environment names) holds one client
of --users users. A login role is bound to a practice member with access to that client. In
the same run, alternating, the owner's connection (administrative: no row-level security, no
trigger check) and the bound member's each list the client's users (`users list -o tsv`) and
deactivate --refs of them from stdin (then `users enable` puts them back, untimed). Reported:
median seconds of --runs runs each, and the bound/owner ratio; the target is at most 1.2.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SUPPORT = "support@vendor.test"
MEMBER = "member@bench.test"
ROLE = f"acctctl_bench_member_{os.getpid()}"


def psql(database, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
                   check=True, capture_output=True)


def timed(binary, db, args, env, stdin_path=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.run([binary, "--db", db, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.monotonic() - start
    if stdin_path:
        stdin.close()
    if proc.returncode != 0:
        sys.exit(f"acctctl {' '.join(args)}: exit {proc.returncode}: {proc.stderr.decode()}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--users", type=int, default=200000)
    parser.add_argument("--refs", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    folder = tempfile.mkdtemp(prefix="acctctl-bound-")
    database = f"acctctl_bound_{os.getpid()}"
    port = os.environ.get("PGPORT", "5432")
    db = f"postgresql://127.0.0.1:{port}/{database}"
    base = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
    base["HOME"] = folder
    owner = dict(base, ACCTCTL_ACTOR=SUPPORT)
    bound = dict(base, PGUSER=ROLE, PGPASSWORD="bench")
    subprocess.run(["createdb", database], check=True)
    try:
        users_csv = os.path.join(folder, "users.csv")
        refs = os.path.join(folder, "refs.txt")
        with open(users_csv, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"Bench User {i},user{i}@bench.test\n"
                                             for i in range(args.users)))
        with open(refs, "w", encoding="utf-8") as f:
            f.writelines(f"user{i}@bench.test\n" for i in range(1, 2 * args.refs, 2))
        setup = [["init", "--support-email", SUPPORT, "-q"],
                 ["practices", "add", "Bench Practice", "-q"],
                 ["staff", "add", "--practice", "Bench Practice", "--email", MEMBER, "--name",
                  "Bench Member", "-q"],
                 ["clients", "add", "Big Client Ltd", "--practice", "Bench Practice", "-q"],
                 ["access", "grant", MEMBER, "Big Client Ltd", "-q"],
                 ["users", "add", "--client", "Big Client Ltd", "--csv", users_csv, "-q"]]
        for step in setup:
            timed(binary, db, step, owner)
        psql(database, f"CREATE ROLE {ROLE} LOGIN PASSWORD 'bench'; "
                       f"GRANT acctctl_operator TO {ROLE}")
        timed(binary, db, ["staff", "edit", MEMBER, "--db-role", ROLE, "-q"], owner)
        psql(database, "VACUUM ANALYZE")
        listing = ["users", "list", "--client", "Big Client Ltd", "-o", "tsv"]
        deactivate = ["users", "deactivate", "--client", "Big Client Ltd", "-", "--yes", "-q"]
        enable = ["users", "enable", "--client", "Big Client Ltd", "-", "-q"]
        times = {(who, work): [] for who in ("owner", "bound") for work in ("list", "deactivate")}
        for _ in range(args.runs):
            for who, env in (("owner", owner), ("bound", bound)):
                times[(who, "list")].append(timed(binary, db, listing, env))
                times[(who, "deactivate")].append(timed(binary, db, deactivate, env, refs))
                timed(binary, db, enable, owner, refs)
        print(f"{'workload':30} {'owner':>9} {'bound member':>13} {'ratio':>7}  (target <= 1.2)")
        for work, label in (("list", f"users list of {args.users}"),
                            ("deactivate", f"deactivate {args.refs}")):
            o = statistics.median(times[("owner", work)])
            b = statistics.median(times[("bound", work)])
            print(f"{label:30} {o:7.2f} s {b:11.2f} s {b / o:7.2f}")
    finally:
        subprocess.run(["dropdb", "--if-exists", database], capture_output=True)
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP ROLE IF EXISTS {ROLE}"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
