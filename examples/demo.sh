#!/bin/sh
# Loads the demo store (examples/demo-store.json: three practices, six client accounts, users
# with non-ASCII names, documents, a deactivated user, document owners) into a scratch store
# and runs the main job: the users of a client account, as a practice admin sees them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
acctctl=${ACCTCTL_BIN:-$(cd "$here/.." && pwd)/build/acctctl}
store=${ACCTCTL_DEMO_DB:-${TMPDIR:-/tmp}/acctctl-demo/acctctl.db}

rm -f "$store"
"$acctctl" --db "$store" init --support-email support@vendor.test --support-name "Sam Support" -q
"$acctctl" --db "$store" --as support@vendor.test import "$here/demo-store.json" -q

echo "\$ acctctl users list --client 'Acme Ltd'    (as admin@ledger.test)"
"$acctctl" --db "$store" --as admin@ledger.test users list --client "Acme Ltd" -o table
echo
echo "The demo store is $store. Try, for example:"
echo "  export ACCTCTL_DB=$store ACCTCTL_ACTOR=admin@ledger.test"
echo "  $acctctl clients list"
echo "  $acctctl users deactivate --client 'Acme Ltd' ben --dry-run"
