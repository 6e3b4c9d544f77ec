#!/bin/sh
# Nightly report: every deactivated user the actor reaches, as CSV, written atomically so that
# whoever picks it up never reads half a file.
#
#   ACCTCTL_ACTOR=admin@ledger.test examples/deactivated-report.sh [REPORT.csv]
#
# The default file is deactivated-YYYY-MM-DD.csv in the current folder. A crontab line:
#   15 2 * * *  ACCTCTL_ACTOR=admin@ledger.test /opt/acctctl/examples/deactivated-report.sh /srv/reports/deactivated.csv
set -eu
acctctl=${ACCTCTL_BIN:-acctctl}
report=${1:-deactivated-$(date -u +%Y-%m-%d).csv}
partial="$report.partial.$$"
trap 'rm -f "$partial"' EXIT

"$acctctl" users list --status deactivated -o csv --headers > "$partial"
mv "$partial" "$report"
echo "deactivated-report: $(($(wc -l < "$report") - 1)) deactivated users in $report" >&2
