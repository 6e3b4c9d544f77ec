"""Issue 26's question for `import` on PostgreSQL: empty the tables with TRUNCATE (which is
not MVCC-safe, so an import holds acctctl_meta exclusively against every other command) or with
DELETE (MVCC-safe, but row by row, through the audit trail's row trigger, leaving dead rows for
VACUUM). Measured on the store it would empty:

    ../shared/tools/pgenv python3 bench/import_emptying.py --bin build/acctctl [--users 200000]

One PostgreSQL store (the server that libpq's environment names) holds one client of --users
users and their audit events. In the same run, alternating, psql empties every table as
remove_every_row does — TRUNCATE, or DELETE in the order of the foreign keys — in one
transaction that is rolled back, so each run starts from the same store. Reported: median
seconds of --runs runs each, and the DELETE/TRUNCATE ratio. The DELETE side runs without R3's
row guard on client_users (see WAYS), so its time is a lower bound.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

SUPPORT = "support@vendor.test"
TABLES = ("audit_events", "documents", "user_permissions", "client_users", "access_grants",
          "clients", "staff", "practices")
IMPORTING = "SET LOCAL acctctl.importing = 'on'; "
WAYS = {
    "TRUNCATE": IMPORTING + f"TRUNCATE {', '.join(TABLES)}",
    # R3's row guard refuses to delete an owner, import or not: an import by DELETE would
    # need it to let the import through. Measured without it, the DELETE figure is a floor.
    "DELETE": IMPORTING + "ALTER TABLE client_users DISABLE TRIGGER "
              "client_users_keep_owners_and_document_owners; " +
              "; ".join(f"DELETE FROM {table}" for table in TABLES),
}


def psql(database, sql):
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
                       capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise SystemExit(f"psql: {p.stderr.strip()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--users", type=int, default=200000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="acctctl-emptying-")
    database = f"acctctl_emptying_{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
    env.update(HOME=folder, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_DB=f"postgresql:///{database}")
    subprocess.run(["createdb", database], check=True)
    try:
        def acctctl(*argv):
            subprocess.run([os.path.abspath(args.bin), *argv], env=env, check=True,
                           stdout=subprocess.DEVNULL)
        acctctl("init", "--support-email", SUPPORT)
        acctctl("practices", "add", "Bench")
        acctctl("clients", "add", "Big", "--practice", "Bench")
        roster = os.path.join(folder, "users.csv")
        with open(roster, "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"User {i},u{i}@big.test\n"
                                             for i in range(args.users)))
        acctctl("users", "add", "--client", "Big", "--csv", roster, "-q")
        psql(database, "VACUUM ANALYZE")
        seconds = {way: [] for way in WAYS}
        for _ in range(args.runs):
            for way, sql in WAYS.items():
                start = time.monotonic()
                psql(database, f"BEGIN; {sql}; ROLLBACK")
                seconds[way].append(time.monotonic() - start)
        medians = {way: statistics.median(times) for way, times in seconds.items()}
        for way, median in medians.items():
            print(f"{way:8} {args.users} users: {median:.3f} s (median of {args.runs})")
        print(f"DELETE/TRUNCATE: {medians['DELETE'] / medians['TRUNCATE']:.1f}")
    finally:
        subprocess.run(["dropdb", "--if-exists", database], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
