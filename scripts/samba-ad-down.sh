#!/usr/bin/env bash
# samba-ad-down.sh — stop the Samba AD DC that scripts/samba-ad-up.sh started, identified only by
# the pid file in its state directory, and remove that directory.
#
# samba's root process makes itself a process-group leader and stops its whole tree (task
# masters, prefork workers) on SIGTERM. Members of that group still alive 15 s later are killed
# one by one, by pid; nothing else is ever signalled.
#
# Environment: SAMBA_DIR (default /tmp/ldapmock-samba); KEEP_DIR=1 keeps the directory
# (smb.conf, sam.ldb, logs) for inspection.
set -uo pipefail

SAMBA_DIR=$(realpath -m "${SAMBA_DIR:-/tmp/ldapmock-samba}")
PID_FILE=$SAMBA_DIR/run/samba.pid
log() { echo "[samba-ad-down] $*" >&2; }

group_members() { ps -eo pid=,pgid= | awk -v g="$1" '$2 == g { print $1 }'; }

if [[ -s $PID_FILE ]]; then
  pid=$(cat "$PID_FILE")
  # Only signal the pid if it really is a samba serving this directory (pid files go stale).
  # samba rewrites its command line ("samba: root process"), so look at what it runs and which
  # files it holds open instead.
  if kill -0 "$pid" 2>/dev/null && [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */samba ]] &&
    find "/proc/$pid/fd" -lname "$SAMBA_DIR/*" -print -quit 2>/dev/null | grep -q .; then
    pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
    kill -TERM "$pid"
    for _ in $(seq 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if [[ $pgid == "$pid" ]]; then
      for _ in $(seq 50); do
        [[ -z $(group_members "$pgid") ]] && break
        sleep 0.1
      done
      for straggler in $(group_members "$pgid"); do
        kill -KILL "$straggler" 2>/dev/null && log "SIGKILL to straggler pid $straggler"
      done
    fi
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    log "stopped samba pid $pid ($SAMBA_DIR)"
  else
    log "pid file $PID_FILE names no samba of this directory (already stopped)"
  fi
else
  log "no pid file at $PID_FILE (not running)"
fi

if [[ ${KEEP_DIR:-0} == 1 ]]; then
  rm -f "$PID_FILE"
else
  case $SAMBA_DIR in
    / | /tmp | /usr* | /etc* | /var | /var/lib) log "not removing $SAMBA_DIR" ;;
    *) rm -rf "$SAMBA_DIR" ;;
  esac
fi
exit 0
