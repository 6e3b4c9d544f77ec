#!/bin/sh
# Nightly HR sync: make a client account's users match the roster that HR exports, as a cron
# job can run it. It plans first (--dry-run) and stops, changing nothing, if the plan would
# remove anyone or is refused; otherwise it applies the same roster in one transaction.
#
#   ACCTCTL_ACTOR=admin@ledger.test examples/hr-sync.sh 'Acme Ltd' staff.csv
#   ACCTCTL_ACTOR=admin@ledger.test examples/hr-sync.sh 'Acme Ltd' staff.csv --missing keep
#
# staff.csv is the CSV of `acctctl users add --csv` (name,email,username,role,permissions,
# login). Further arguments go to `acctctl users sync` (e.g. --missing keep|remove).
# Exit status: 0 when applied (or nothing to do), 3 when the dry run shows removals and it
# stops, else acctctl's own status (2 a bad roster, 4 a refusal such as the owner missing,
# 5 no access to the client).
set -eu
acctctl=${ACCTCTL_BIN:-acctctl}
[ $# -ge 2 ] || { echo "usage: $0 CLIENT ROSTER.csv [users sync options]" >&2; exit 2; }
client=$1
roster=$2
shift 2

plan=$(mktemp)
trap 'rm -f "$plan"' EXIT

# The plan as headerless TSV: id, name, action, result, reason (SPEC §4), plus dry_run.
"$acctctl" users sync --client "$client" --csv "$roster" "$@" --dry-run -o tsv > "$plan"
removals=$(awk -F'\t' '$3 == "remove" && $4 == "removed"' "$plan" | wc -l)
if [ "$removals" -ne 0 ]; then
  echo "hr-sync: the roster would remove $removals user(s) from $client; nothing changed:" >&2
  awk -F'\t' '$3 == "remove" && $4 == "removed" { print "  " $2 " (id " $1 ")" }' "$plan" >&2
  exit 3
fi
"$acctctl" users sync --client "$client" --csv "$roster" "$@" --yes -o table
