#!/bin/sh
# Offboard leavers: deactivate every user whose email is in a CSV, in every client account the
# actor reaches. Without --apply it only shows the plan (a dry run); with --apply it
# deactivates, one batch per client account.
#
#   ACCTCTL_ACTOR=admin@ledger.test examples/offboard.sh leavers.csv            # the plan
#   ACCTCTL_ACTOR=admin@ledger.test examples/offboard.sh leavers.csv --apply    # do it
#
# leavers.csv has a header line with an "email" column (other columns are ignored; fields
# with commas inside quotes are not supported here). Emails match case-insensitively.
# Exit status: 0 if every leaver was found and deactivated (or already was), else the first
# non-zero status acctctl returned (4: an account owner, who only support can replace), or 3
# when an email matched nobody.
set -eu
acctctl=${ACCTCTL_BIN:-acctctl}
[ $# -ge 1 ] || { echo "usage: $0 LEAVERS.csv [--apply]" >&2; exit 2; }
leavers=$1
mode=--dry-run
[ "${2:-}" = --apply ] && mode=--yes

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The emails, lower-cased, from the column named "email".
tr -d '\r' < "$leavers" | awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) if (tolower($i) == "email") column = i
            if (!column) { print "no email column in the header" > "/dev/stderr"; exit 2 }
            next }
  $column != "" { gsub(/"/, "", $column); print tolower($column) }' > "$work/emails"

# Every active user the actor reaches: id, client_id, email (TSV columns 1, 2 and 5).
"$acctctl" users list --status active -o tsv --no-headers > "$work/users"
awk -F'\t' 'NR == FNR { wanted[$1] = 1; next }
            tolower($5) in wanted { print $2 "\t" $1; found[tolower($5)] = 1 }
            END { for (e in wanted) if (!(e in found)) print e > "'"$work/missing"'" }' \
  "$work/emails" "$work/users" > "$work/plan"

status=0
for client in $(cut -f1 "$work/plan" | sort -un); do
  awk -F'\t' -v c="$client" '$1 == c { print $2 }' "$work/plan" |
    "$acctctl" users deactivate --client "$client" - "$mode" --continue -o table || {
      code=$?
      [ "$status" -ne 0 ] || status=$code
    }
done
if [ -s "$work/missing" ]; then
  sed 's/^/offboard: no active user with email /' "$work/missing" >&2
  [ "$status" -ne 0 ] || status=3
fi
[ "$mode" = --yes ] || echo "offboard: that was the plan; run again with --apply to deactivate" >&2
exit "$status"
