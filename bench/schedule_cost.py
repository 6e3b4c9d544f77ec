"""Issue 22's last target: adding scheduled access (the start and end columns, R15, `due`)
must not move the five ratios of bench/run.py by more than 0.05. Wall times on this 2-core
machine move by up to 0.24 between rounds of the same binary, so this measures instructions,
which do not move: each of ratios.py's five workloads, for the binary before and the one
after, and for its baseline, under callgrind.

    bench/schedule_cost.py --before build-before/acctctl --after build-after/acctctl

(build the two from ce8c369 and 8ca0d7c, the commit that added scheduled access.)

For each workload it prints the instructions of each side and the change of the instruction
ratio (after minus before, over the same baseline). The wall-time ratio R moves by at most
R × (the relative change of acctctl's instructions), when the added work costs no more per
instruction than the rest (it adds no fsync or round trip: the same transactions, rows a few
bytes wider): printed as the bound, with R from bench/README.md.
"""
import argparse
import os
import re
import shutil
import subprocess

from ratios import FLAT_USERS, Ratios, copy_store

COLLECTED = re.compile(r"Collected : (\d+)")
# bench/README.md's wall ratios (fourth session), against which the bound is taken.
WALL = {"add": 1.58, "list tsv": 1.24, "list json": 0.99, "list 3": 1.45, "deactivate": 1.40}


def instructions(args, env=None, stdin_path=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                       stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                       text=True, check=False)
    if stdin_path:
        stdin.close()
    found = COLLECTED.search(p.stderr)
    if p.returncode != 0 or not found:
        raise SystemExit(f"{' '.join(args)}: exit {p.returncode}: {p.stderr[-2000:]}")
    return int(found.group(1))


def workloads(side):
    """{work: (acctctl instructions, baseline instructions)} for one binary."""
    side.write_inputs()
    template = side.template()
    work, full, flat = side.path("work.db"), side.path("full.db"), side.path("flat.db")
    big = ["--client", "Big Client Ltd"]
    counts = {}
    copy_store(template, work)
    ours = instructions(side.acctctl(work, "users", "add", *big, "--csv",
                                     side.path("users.csv"), "-q"), side.env)
    copy_store(template, work)
    counts["add"] = (ours, instructions([side.baselines, "add", work, side.path("users.tsv"),
                                         "1"]))
    shutil.copyfile(template, full)
    subprocess.run(side.acctctl(full, "users", "add", *big, "--csv", side.path("users.csv"),
                                "-q"), env=side.env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sqlite3", flat, f"ATTACH '{full}' AS s; CREATE TABLE flat AS "
                    + FLAT_USERS.replace("client_users", "s.client_users")
                    .replace("JOIN clients", "JOIN s.clients")], check=True)
    for output, flag in (("list tsv", ["-separator", "\t"]), ("list json", ["-json"])):
        counts[output] = (
            instructions(side.acctctl(full, "users", "list", *big, "-o", output.split()[1]),
                         side.env),
            instructions(["sqlite3", *flag, flat, "SELECT * FROM flat"]))
    counts["list 3"] = (instructions(side.acctctl(full, "users", "list", "--client", "Small Co"),
                                     side.env),
                        instructions(["sqlite3", full, "select 1"]))
    copy_store(full, work)
    ours = instructions(side.acctctl(work, "users", "deactivate", *big, "-", "--yes", "-q"),
                        side.env, side.path("refs.txt"))
    copy_store(full, work)
    counts["deactivate"] = (ours, instructions([side.baselines, "deactivate", work,
                                                side.path("refs.txt")]))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--deactivations", type=int, default=10000)
    args = parser.parse_args()
    results = {}
    for name in ("before", "after"):
        side = Ratios(os.path.abspath(getattr(args, name)), args.users, args.deactivations, 1)
        try:
            results[name] = workloads(side)
        finally:
            side.cleanup()
    print(f"{'work':11} {'before':>14} {'after':>14} {'baseline':>14} {'Δ ratio (instr)':>16} "
          f"{'bound on Δ R':>13}")
    for work, (before, baseline) in results["before"].items():
        after, baseline_after = results["after"][work]
        change = (after - before) / baseline
        bound = WALL[work] * (after - before) / before
        print(f"{work:11} {before:14,} {after:14,} {baseline:14,} {change:+16.3f} {bound:+13.3f}"
              + ("" if baseline == baseline_after else f"  (baseline after: {baseline_after:,})"))


if __name__ == "__main__":
    main()
