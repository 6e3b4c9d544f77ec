#!/bin/sh
# Offboard leavers: each person in a CSV leaves every client account the actor manages
# (`acctctl users offboard`: all of a person's accounts in one transaction). Without --apply
# it only shows the plan (a dry run); with --apply it deactivates.
#
#   ACCTCTL_ACTOR=admin@ledger.test examples/offboard.sh leavers.csv            # the plan
#   ACCTCTL_ACTOR=admin@ledger.test examples/offboard.sh leavers.csv --apply    # do it
#
# leavers.csv has a header line with an "email" column (other columns are ignored; fields
# with commas inside quotes are not supported here). Emails match case-insensitively.
# Exit status: 0 if every leaver was found and deactivated (or already was), else the first
# non-zero status acctctl returned (4: an account owner, who only support can replace; 3: an
# email that matched nobody).
set -eu
acctctl=${ACCTCTL_BIN:-acctctl}
[ $# -ge 1 ] || { echo "usage: $0 LEAVERS.csv [--apply]" >&2; exit 2; }
leavers=$1
mode=--dry-run
[ "${2:-}" = --apply ] && mode=--yes

emails=$(mktemp)
trap 'rm -f "$emails"' EXIT

# The emails from the column named "email".
tr -d '\r' < "$leavers" | awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) if (tolower($i) == "email") column = i
            if (!column) { print "no email column in the header" > "/dev/stderr"; exit 2 }
            next }
  $column != "" { gsub(/"/, "", $column); print $column }' > "$emails"

status=0
while IFS= read -r email; do
  # --continue: an owner among a person's accounts does not hold up the others.
  "$acctctl" users offboard "$email" "$mode" --continue -o table < /dev/null || {
    code=$?
    [ "$status" -ne 0 ] || status=$code
  }
done < "$emails"
[ "$mode" = --yes ] || echo "offboard: that was the plan; run again with --apply to deactivate" >&2
exit "$status"
