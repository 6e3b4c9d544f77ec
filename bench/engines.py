"""The same workloads on both store engines, side by side (issue: a PostgreSQL store).

    pg_virtualenv bench/engines.py --bin build/acctctl [--users 200000] [--refs 100000]

On a SQLite file, then PostgreSQL over its unix socket and over TCP loopback (the server that
libpq's environment names; pg_virtualenv starts a throwaway one): onboarding of --users from
CSV, `users list -o tsv` of that client, and a deactivation of --refs users from stdin.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

SUPPORT = "support@vendor.test"


def run(binary, db, *args, stdin_path=None, env=None, as_user=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    prefix = ["runuser", "-u", as_user, "--"] if as_user else []
    start = time.monotonic()
    proc = subprocess.run([*prefix, binary, "--db", db, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.monotonic() - start
    if stdin_path:
        stdin.close()
    if proc.returncode != 0:
        sys.exit(f"acctctl --db {db} {' '.join(args)}: exit {proc.returncode}: "
                 f"{proc.stderr.decode()}")
    return seconds


def workloads(binary, db, folder, env, as_user):
    def acctctl(*args, stdin_path=None):
        return run(binary, db, *args, stdin_path=stdin_path, env=env, as_user=as_user)
    acctctl("init", "--support-email", SUPPORT, "-q")
    acctctl("practices", "add", "Bench Practice", "-q")
    acctctl("clients", "add", "Big Client Ltd", "--practice", "Bench Practice", "-q")
    add = acctctl("users", "add", "--client", "Big Client Ltd", "--csv",
                  os.path.join(folder, "users.csv"), "-q")
    listing = acctctl("users", "list", "--client", "Big Client Ltd", "-o", "tsv")
    deactivate = acctctl("users", "deactivate", "--client", "Big Client Ltd", "-", "--yes", "-q",
                         stdin_path=os.path.join(folder, "refs.txt"))
    return add, listing, deactivate


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--users", type=int, default=200000)
    parser.add_argument("--refs", type=int, default=100000)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    folder = tempfile.mkdtemp(prefix="acctctl-engines-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
    env.update(ACCTCTL_ACTOR=SUPPORT, HOME=folder)
    databases = []
    try:
        with open(os.path.join(folder, "users.csv"), "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"Bench User {i},user{i}@bench.test\n"
                                             for i in range(args.users)))
        with open(os.path.join(folder, "refs.txt"), "w", encoding="utf-8") as f:
            f.writelines(f"user{i}@bench.test\n" for i in range(1, 2 * args.refs, 2))
        port = os.environ.get("PGPORT", "5432")
        socket_dir = os.environ.get("ACCTCTL_BENCH_SOCKET_DIR", "/var/run/postgresql")
        # The socket authenticates by peer: as root, the socket runs go as the database user.
        os.chmod(folder, 0o755)
        socket_user = os.environ.get("PGUSER", "postgres") if os.geteuid() == 0 else None
        stores = [("SQLite file", os.path.join(folder, "bench.db"), None)]
        for label, url, user in (("PostgreSQL, unix socket", "postgresql:///{}?host=" +
                                  socket_dir + f"&port={port}", socket_user),
                                 ("PostgreSQL, TCP loopback",
                                  f"postgresql://127.0.0.1:{port}/{{}}", None)):
            name = f"acctctl_bench_{os.getpid()}_{len(databases)}"
            subprocess.run(["createdb", name], check=True)
            databases.append(name)
            stores.append((label, url.format(name), user))
        print(f"{'store':28} {'add --csv ' + str(args.users):>18} {'list -o tsv':>12} "
              f"{'deactivate ' + str(args.refs):>18}")
        for label, db, user in stores:
            add, listing, deactivate = workloads(binary, db, folder, env, user)
            print(f"{label:28} {add:16.2f} s {listing:10.2f} s {deactivate:16.2f} s")
    finally:
        for name in databases:
            subprocess.run(["dropdb", "--if-exists", name], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
