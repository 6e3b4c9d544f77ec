#!/bin/sh
# Ships the audit trail to syslog as it is written: one RFC 5424 message per event (facility
# auth, tag acctctl-audit, MSGID the event's id, the event's JSON as the message). Restarted, it
# resumes after the last event it shipped, which it keeps in a state file.
#
#   ACCTCTL_ACTOR=support@vendor.test examples/audit-to-syslog.sh [STATE_FILE]
#
# STATE_FILE defaults to $STATE_DIRECTORY/audit-to-syslog.last-id (systemd's StateDirectory=),
# else ./audit-to-syslog.last-id. The first run starts from now; write an id into the file to
# start after it (0: the whole trail). LOGGER_SOCKET sends to that socket instead of /dev/log.
# A systemd unit: ExecStart=/opt/acctctl/examples/audit-to-syslog.sh, Restart=always,
# StateDirectory=acctctl-audit, Environment=ACCTCTL_ACTOR=… ACCTCTL_DB=…
#
# Each event is shipped, then its id saved: stopped, it repeats nothing; killed between the
# two, it ships that one event again when restarted (the MSGID lets the receiver drop the
# repeat). No event is skipped.
set -eu
acctctl=${ACCTCTL_BIN:-acctctl}
state=${1:-${STATE_DIRECTORY:-.}/audit-to-syslog.last-id}
after=$(cat "$state" 2>/dev/null || true)
case $after in
  '' | *[!0-9]*) [ -z "$after" ] || { echo "audit-to-syslog: $state holds no event id" >&2; exit 2; } ;;
esac

ship() {
  if [ -n "${LOGGER_SOCKET:-}" ]; then
    logger --rfc5424 -u "$LOGGER_SOCKET" -p auth.info -t acctctl-audit --msgid "$1" -- "$2"
  else
    logger --rfc5424 -p auth.info -t acctctl-audit --msgid "$1" -- "$2"
  fi
}

# SIGINT and SIGTERM (systemd stops the whole group) end acctctl, which sets its own handlers
# and prints whole lines only; the shell ignores them, so it ships and saves what was printed,
# then ends.
trap '' INT TERM
"$acctctl" audit follow ${after:+--after "$after"} -o jsonl | while IFS= read -r event; do
  id=${event#'{"id":'}
  id=${id%%,*}
  ship "$id" "$event"
  printf '%s\n' "$id" > "$state.partial"
  mv "$state.partial" "$state"
done
