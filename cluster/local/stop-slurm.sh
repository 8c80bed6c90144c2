#!/usr/bin/env bash
# Stops the daemons start-slurm.sh started (found by pid files under $ADHERE_SLURM_ROOT, and
# only if the pid still belongs to a process of that name). Cancels the cluster's jobs first
# unless --keep-jobs. --purge deletes the root afterwards (job ids then restart at 1).
# A munged that start-slurm.sh did not start is left running.
set -uo pipefail
ROOT=${ADHERE_SLURM_ROOT:-/tmp/adhere-slurm}
keep=0 purge=0
for arg in "$@"; do
  case "$arg" in
    --keep-jobs) keep=1 ;;
    --purge) purge=1 ;;
    *) echo "stop-slurm: ERROR: unknown argument '$arg' (usage: stop-slurm.sh [--keep-jobs] [--purge])" >&2; exit 2 ;;
  esac
done
export SLURM_CONF=$ROOT/etc/slurm.conf
ours() { local pid; [ -s "$2" ] && pid=$(cat "$2") && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ]; }

if [ "$keep" = 0 ] && ours slurmctld "$ROOT/run/slurmctld.pid"; then
  ids=$(timeout 20 squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
  if [ -n "${ids// /}" ]; then
    # shellcheck disable=SC2086
    timeout 20 scancel $ids && echo "stop-slurm: cancelled $ids"
    for _ in $(seq 40); do [ -z "$(timeout 10 squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.5; done
  fi
fi
status=0
halt() {
  local pid
  [ -e "$2" ] || return 0
  if ! ours "$1" "$2"; then echo "stop-slurm: $1 was not running (removed stale $2)"; rm -f "$2"; return 0; fi
  pid=$(cat "$2"); kill "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; echo "stop-slurm: killed $1 (pid $pid) after 20 s"; else echo "stop-slurm: stopped $1 (pid $pid)"; fi
  rm -f "$2"
}
halt slurmd "$ROOT/run/slurmd.pid" || status=1
halt slurmctld "$ROOT/run/slurmctld.pid" || status=1
halt munged "$ROOT/run/munged.pid" || status=1
if [ "$purge" = 1 ]; then
  case "$ROOT" in /|/tmp|/tmp/|/var|"") echo "stop-slurm: ERROR: refusing to delete '$ROOT'" >&2; exit 1 ;; esac
  if [ -f "$ROOT/etc/slurm.conf" ]; then rm -rf "$ROOT" && echo "stop-slurm: deleted $ROOT"; fi
fi
exit $status
