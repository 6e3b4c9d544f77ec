"""SPEC §4.1's "a new event shows within one second", measured behind parallel writers.

    ../shared/tools/pgenv -o track_commit_timestamp=on python3 bench/follow_latency.py \
        --bin build/acctctl [--writers 8] [--seconds 20]

One PostgreSQL store (TCP loopback) with one client per writer. `audit follow -o jsonl` runs
as support while --writers processes loop for --seconds: a one-user `users edit`, then a
200-user `users add --csv` batch, on the writer's own client, so writers commit out of id
order. Each printed line is stamped as it arrives; each event's commit time is the server's
(pg_xact_commit_timestamp of its row, hence track_commit_timestamp=on). Reported: events,
and the latency from commit to print at the median, the 99th percentile and the worst; the
target is a 99th percentile under 1 s. Every event committed must be printed exactly once.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SUPPORT = "support@vendor.test"


def run(binary, db, env, *args, stdin_path=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    proc = subprocess.run([binary, "--db", db, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, check=False)
    if stdin_path:
        stdin.close()
    if proc.returncode != 0:
        sys.exit(f"acctctl {' '.join(args)}: exit {proc.returncode}: {proc.stderr.decode()}")


def psql_rows(database, sql):
    out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", database,
                          "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="build/acctctl")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    folder = tempfile.mkdtemp(prefix="acctctl-follow-")
    database = f"acctctl_follow_{os.getpid()}"
    port = os.environ.get("PGPORT", "5432")
    db = f"postgresql://127.0.0.1:{port}/{database}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
    env.update(HOME=folder, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="60000")
    subprocess.run(["createdb", database], check=True)
    try:
        if psql_rows(database, "SHOW track_commit_timestamp") != [["on"]]:
            sys.exit("run it with -o track_commit_timestamp=on (pgenv passes -o to the server)")
        run(binary, db, env, "init", "--support-email", SUPPORT)
        run(binary, db, env, "practices", "add", "Bench & Co")
        for w in range(args.writers):
            run(binary, db, env, "clients", "add", f"Writer {w}", "--practice", "Bench & Co")
            run(binary, db, env, "users", "add", "--client", f"Writer {w}", "--name", "Ed Edit",
                "--email", f"ed{w}@bench.test")
        start = int(psql_rows(database, "SELECT max(id) FROM audit_events")[0][0])

        follower = subprocess.Popen([binary, "--db", db, "audit", "follow", "--after", str(start),
                                     "-o", "jsonl"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env)
        arrivals = []  # (id, wall-clock seconds when its line arrived)

        def read():
            for line in follower.stdout:
                arrivals.append((json.loads(line)["id"], time.time()))
        reader = threading.Thread(target=read, daemon=True)
        reader.start()

        def write(w):
            csv_path = os.path.join(folder, f"batch{w}.csv")
            deadline, n = time.monotonic() + args.seconds, 0
            while time.monotonic() < deadline:
                role = "viewer" if n % 2 == 0 else "standard"
                run(binary, db, env, "users", "edit", f"ed{w}@bench.test", "--client",
                    f"Writer {w}", "--role", role)
                with open(csv_path, "w", encoding="utf-8") as f:
                    f.write("name,email\n" + "".join(f"U{n}-{i},w{w}n{n}i{i}@bench.test\n"
                                                     for i in range(200)))
                run(binary, db, env, "users", "add", "--client", f"Writer {w}", "--csv",
                    csv_path)
                n += 1
        writers = [threading.Thread(target=write, args=(w,)) for w in range(args.writers)]
        for t in writers:
            t.start()
        for t in writers:
            t.join()
        committed = {int(i): float(t) for i, t in psql_rows(
            database, "SELECT id, extract(epoch FROM pg_xact_commit_timestamp(xmin)) "
                      f"FROM audit_events WHERE id > {start}")}
        deadline = time.monotonic() + 10
        while len(arrivals) < len(committed) and time.monotonic() < deadline:
            time.sleep(0.05)
        follower.terminate()
        follower.wait(timeout=10)
        printed = [i for i, _ in arrivals]
        if printed != sorted(committed):
            sys.exit(f"follow printed {len(printed)} events, not the {len(committed)} committed, "
                     "each once in id order")
        latencies = sorted(max(0.0, at - committed[i]) for i, at in arrivals)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"{'writers':>8} {'events':>8} {'p50':>9} {'p99':>9} {'max':>9}  (target p99 < 1 s)")
        print(f"{args.writers:>8} {len(latencies):>8} {statistics.median(latencies):>7.3f} s "
              f"{p99:>7.3f} s {latencies[-1]:>7.3f} s")
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", database], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
