#!/usr/bin/env bash
# slapd-down.sh — stop the slapd that scripts/slapd-up.sh started, identified only by the pid
# file in its state directory, and remove that directory.
#
# Environment: SLAPD_DIR (default /tmp/ldapmock-slapd); KEEP_DIR=1 keeps the directory
# (config, data, slapd.log) for inspection.
set -uo pipefail

SLAPD_DIR=$(realpath -m "${SLAPD_DIR:-/tmp/ldapmock-slapd}")
PID_FILE=$SLAPD_DIR/slapd.pid
log() { echo "[slapd-down] $*" >&2; }

if [[ -s $PID_FILE ]]; then
  pid=$(cat "$PID_FILE")
  # Only signal the pid if it really is a slapd serving this directory (pid files go stale).
  # (A string match, not `tr … | grep -q`: under pipefail a grep that quits early can fail the pipe.)
  if kill -0 "$pid" 2>/dev/null && [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"-F $SLAPD_DIR/slapd.d"* ]]; then
    kill -TERM "$pid"
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid still alive 5s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped slapd pid $pid ($SLAPD_DIR)"
  else
    log "pid file $PID_FILE names no slapd of this directory (already stopped)"
  fi
else
  log "no pid file at $PID_FILE (not running)"
fi

if [[ ${KEEP_DIR:-0} == 1 ]]; then
  rm -f "$PID_FILE"
else
  case $SLAPD_DIR in
    / | /tmp | /usr* | /etc* | /var | /var/lib) log "not removing $SLAPD_DIR" ;;
    *) rm -rf "$SLAPD_DIR" ;;
  esac
fi
exit 0
