#!/bin/sh
# Writes the output of every listing, in every format, over the demo store plus one client of
# USERS users (default 200,000), into OUT: run it with the binaries before and after a change
# that must not change output, then `diff -r` the two folders. Times and the scratch folder's
# name are replaced by <time> and <dir>, which differ from run to run.
#   bench/listings.sh BIN OUT [USERS]
set -eu
bin=$(realpath "$1"); out=$2; users=${3:-200000}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"; out=$(realpath "$out")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export ACCTCTL_DB="$work/store.db" ACCTCTL_ACTOR=support@vendor.test HOME="$work" TZ=UTC
unset ACCTCTL_BUSY_TIMEOUT_MS || true
"$bin" init --support-email support@vendor.test --support-name "Sam Support" -q
"$bin" import "$here/examples/demo-store.json" -q
python3 - "$users" > "$work/users.csv" <<'PY'
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\r\n")
w.writerow(["name", "email", "role", "permissions", "login"])
roles = ["admin", "standard", "submitter", "viewer"]
for i in range(int(sys.argv[1])):
    w.writerow([f"Bench User {i}, Ünïcødé 用户", f"user{i}@bench.test", roles[i % 4],
                "export;view-documents" if i % 7 == 0 else "", "no" if i % 20 == 19 else "yes"])
PY
"$bin" clients add "Big Client Ltd" --practice "$("$bin" practices list -o tsv --no-headers | head -1 | cut -f1)" -q
"$bin" users add --client "Big Client Ltd" --csv "$work/users.csv" -q > /dev/null
# Some history for the audit and status listings.
"$bin" users list --client "Big Client Ltd" -o tsv --no-headers | awk 'NR % 50 == 7 {print $1}' |
  "$bin" users deactivate --client "Big Client Ltd" - -y -q > /dev/null
for f in table tsv csv json jsonl; do
  run() { name=$1; shift; "$bin" -o "$f" --headers -w "$@" > "$out/$name.$f" 2>&1 || echo "exit $?" >> "$out/$name.$f"; }
  run users "users" list
  run users-big "users" list --client "Big Client Ltd"
  run users-deactivated users list --status deactivated
  run users-search users list --search "ünïcødé 1234"
  run users-role users list --role viewer --client "Big Client Ltd"
  run clients clients list
  run practices practices list
  run staff staff list
  run access access list
  run audit audit list --limit 100000
  run roles users roles
  run check check
  run show users show user777@bench.test
  for c in $("$bin" clients list -o tsv --no-headers | cut -f1); do
    run "documents-$c" documents list --client "$c"
    run "portal-$c" portal list --client "$c"
  done
done
"$bin" export > "$out/export.json"
sed -i -E -e 's/20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<time>/g' \
  -e "s#$work/#<dir>/#g" "$out"/*
