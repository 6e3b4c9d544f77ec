#!/bin/sh
# Nightly HR sync: make a client account's users match the roster that HR exports, as a cron
# job can run it, in one transaction. A truncated or wrong export changes nothing: the sync's
# own guards refuse a plan that would deactivate more than 10% of the client's users or remove
# anyone (users sync --max-deactivate, --max-remove).
#
#   ACCTCTL_ACTOR=admin@ledger.test examples/hr-sync.sh 'Acme Ltd' staff.csv
#   ACCTCTL_ACTOR=admin@ledger.test examples/hr-sync.sh 'Acme Ltd' staff.csv --missing keep
#
# staff.csv is the CSV of `acctctl users add --csv` (name,email,username,role,permissions,
# login). Further arguments go to `acctctl users sync` (e.g. --missing keep|remove).
# HR_SYNC_MAX_DEACTIVATE (default 10%) and HR_SYNC_MAX_REMOVE (default 0) set the guards, as N
# users or P%. Exit status: acctctl's (0 applied or nothing to do, 2 a bad roster, 4 over a
# guard or refused, such as the owner missing, 5 no access to the client).
set -eu
acctctl=${ACCTCTL_BIN:-acctctl}
[ $# -ge 2 ] || { echo "usage: $0 CLIENT ROSTER.csv [users sync options]" >&2; exit 2; }
client=$1
roster=$2
shift 2

exec "$acctctl" users sync --client "$client" --csv "$roster" \
  --max-deactivate "${HR_SYNC_MAX_DEACTIVATE:-10%}" --max-remove "${HR_SYNC_MAX_REMOVE:-0}" \
  "$@" --yes -o table
